"""Save a run's training history to a file and load it back, to compare runs across sessions."""

import json
import os
from pathlib import Path

from helpers.errors import CourseInputError
from helpers.plots import normalize_history

_VALID_FILE = (
    "debe ser un archivo .json o .csv guardado con save_history(history, ruta) "
    "(o con keras.callbacks.CSVLogger)"
)


def save_history(history, path):
    """Write the per-epoch metrics of a run to ``path`` and return it as a ``Path``.

    ``history``: the ``History`` that ``fit()`` returns, its ``.history`` dict or a DataFrame.
    ``.json``: one list per metric, one metric per line; ``.csv``: one row per epoch and an
    ``epoch`` column from 0, as Keras' ``CSVLogger`` writes. Missing folders are created and an
    existing file is replaced. Taught in lesson 1.
    """
    path = _check_path(path)
    metrics = {  # CSVLogger's "epoch", read back as a column, is not a metric
        key: values.tolist() for key, values in normalize_history(history).items() if key != "epoch"
    }
    if not metrics:
        raise CourseInputError("history", history, "no tiene ninguna métrica por época")
    as_csv = path.suffix.lower() == ".csv"
    if as_csv and len({len(values) for values in metrics.values()}) > 1:
        raise CourseInputError(
            "history",
            {key: len(values) for key, values in metrics.items()},
            "para guardarlo en .csv todas las métricas deben tener el mismo número de "
            "épocas; guárdalo en .json",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if as_csv:
        import pandas as pd

        pd.DataFrame(metrics).rename_axis("epoch").to_csv(path)
    else:  # NaN (a run that diverged) is written as NaN, which Python's json reads back
        lines = [f"  {json.dumps(key)}: {json.dumps(values)}" for key, values in metrics.items()]
        path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return path


def load_history(path):
    """The metrics saved in ``path`` as ``{metric: [value per epoch]}``, which ``plot_history``
    draws like a ``History`` (several runs: ``{"name": load_history(...), ...}``). Reads what
    ``save_history`` writes and the CSV files of Keras' ``CSVLogger``."""
    path = _check_path(path)
    if not path.is_file():
        what = "es una carpeta" if path.is_dir() else "no existe ese archivo"
        raise CourseInputError("path", str(path), f"{what}; {_VALID_FILE}")
    return _read_csv(path) if path.suffix.lower() == ".csv" else _read_json(path)


def _not_a_history(path, problem):
    valid = f"no es un historial válido ({problem}); {_VALID_FILE}"
    return CourseInputError("path", str(path), valid)


def _check_path(path):
    if not isinstance(path, str | os.PathLike):
        raise CourseInputError("path", path, "debe ser una ruta (texto), p. ej. 'base.json'")
    path = Path(path)
    if path.suffix.lower() not in (".json", ".csv"):
        valid = "debe terminar en .json o .csv, p. ej. 'ejecuciones/base.json'"
        raise CourseInputError("path", str(path), valid)
    return path


def _read_json(path):
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _not_a_history(path, "no es texto") from None
    except json.JSONDecodeError as error:
        raise _not_a_history(path, f"JSON mal formado en la línea {error.lineno}") from None
    if not isinstance(raw, dict) or not raw:
        raise _not_a_history(path, "se esperaba un objeto {métrica: [valores por época]}")
    for key, values in raw.items():
        if not isinstance(values, list) or not values:
            raise _not_a_history(path, f"«{key}» no es una lista de valores por época")
        if any(isinstance(v, bool) or not isinstance(v, int | float) for v in values):
            raise _not_a_history(path, f"«{key}» tiene valores que no son números")
    return {key: [float(v) for v in values] for key, values in raw.items()}


def _read_csv(path):
    import pandas as pd

    try:
        table = pd.read_csv(path).drop(columns="epoch", errors="ignore")
    except UnicodeDecodeError:
        raise _not_a_history(path, "no es texto") from None
    except pd.errors.EmptyDataError:
        raise _not_a_history(path, "el archivo está vacío") from None
    except pd.errors.ParserError:
        raise _not_a_history(path, "las filas no tienen todas las mismas columnas") from None
    if table.empty:
        raise _not_a_history(path, "no tiene ninguna época con métricas")
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            raise _not_a_history(path, f"la columna «{column}» tiene valores que no son números")
    return {str(column): table[column].astype(float).tolist() for column in table.columns}
