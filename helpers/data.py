"""Data for the lessons: bundled datasets, a student's CSV, splits and tf.data pipelines.

Nothing here downloads: every loader reads files installed with a package or generates data.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from helpers.errors import CourseInputError, check_choice, check_int, check_real


@dataclass(frozen=True)
class Dataset:
    """Features ``X`` (float32), integer labels ``y`` and what a dataset card says about them."""

    name: str
    X: np.ndarray
    y: np.ndarray
    feature_names: list = field(repr=False)
    class_names: list
    source: str = field(repr=False)
    licence: str = field(repr=False)

    @property
    def n_classes(self):
        return len(self.class_names)

    @property
    def card(self):
        """A short Spanish dataset card: source, rows, columns, classes and licence."""
        counts = np.bincount(self.y, minlength=self.n_classes)
        classes = ", ".join(f"{n} ({c})" for n, c in zip(self.class_names, counts, strict=True))
        return (
            f"Conjunto: {self.name}\nFuente: {self.source}\n"
            f"Filas: {self.X.shape[0]} · Columnas: {self.X.shape[1]} numéricas\n"
            f"Clases: {classes}\nLicencia: {self.licence}"
        )

    def _repr_markdown_(self):
        return "\n".join(f"- {line}" for line in self.card.splitlines())


def _bundled(loader, name, class_names):
    """One of the UCI datasets that scikit-learn installs with itself."""
    from sklearn import datasets

    bunch = getattr(datasets, loader)()
    X, y = bunch.data.astype("float32"), bunch.target.astype("int64")
    source = f"scikit-learn, sklearn.datasets.{loader} (incluido en el paquete)"
    licence = "CC BY 4.0 (UCI Machine Learning Repository); copia distribuida con scikit-learn"
    features = [str(f) for f in bunch.feature_names]
    return Dataset(name, X, y, features, class_names, source, f"{licence} (BSD-3)")


def load_breast_cancer():
    """Breast Cancer Wisconsin (diagnostic): 569 tumours, 30 measurements, malignant or benign."""
    name = "Cáncer de mama de Wisconsin (diagnóstico)"
    return _bundled("load_breast_cancer", name, ["maligno", "benigno"])


def load_wine():
    """Wine: 178 wines, 13 chemical measurements, three cultivars."""
    return _bundled("load_wine", "Vinos de Italia", [f"cultivar {i}" for i in range(3)])


def load_iris():
    """Iris: 150 flowers, 4 measurements, three species."""
    return _bundled("load_iris", "Iris", ["setosa", "versicolor", "virginica"])


def load_digits():
    """Handwritten digits: 1,797 images of 8×8 pixels (64 columns), ten classes."""
    return _bundled("load_digits", "Dígitos manuscritos (8×8)", [str(d) for d in range(10)])


def make_noisy_classification(n_samples=600, n_features=40, n_informative=8, flip=0.05, seed=0):
    """A generated binary problem with many useless columns and some flipped labels: easy to
    over-fit, for when a network must learn noise to fit its training set."""
    from sklearn.datasets import make_classification

    params = {
        "n_samples": check_int("n_samples", n_samples, minimum=20),
        "n_features": check_int("n_features", n_features, minimum=2),
        "n_informative": check_int("n_informative", n_informative, minimum=1, maximum=n_features),
        "flip_y": check_real("flip", flip, low=0, high=0.5, high_open=True),
        "random_state": check_int("seed", seed, minimum=0),
    }
    X, y = make_classification(n_redundant=0, class_sep=1.0, **params)
    name, features = "Clasificación sintética con ruido", [f"x{i}" for i in range(n_features)]
    listed = ", ".join(f"{key}={value}" for key, value in params.items())
    source = f"generado con sklearn.datasets.make_classification ({listed})"
    X, y, licence = X.astype("float32"), y.astype("int64"), "datos sintéticos, sin restricciones"
    return Dataset(name, X, y, features, ["clase 0", "clase 1"], source, licence)


# --- a student's CSV ------------------------------------------------------------------------------
# Python's csv splits the file into text cells; what is checked here is what a student's
# spreadsheet gets wrong, each with a Spanish message that says what to do.

# Cells that mean "no value": empty, NaN markers, and the #N/A error Excel writes in Spanish.
_MISSING = ("", "nan", "na", "n/a", "null", "#n/d", "#n/a")
# The separators a CSV may use; ';' and tab win a tie with ',', which then marks decimals ("3,5").
_SEPARATORS = (";", "\t", ",")
# "3,5", "-0,69", "1.234,5", "2,5E-03": a number with a decimal comma (and "." for thousands).
_DECIMAL_COMMA = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d+(?:[eE][+-]?\d+)?"
# "1,234" or "12,345,678": in a comma-separated file, as likely thousands as a decimal comma.
_THOUSANDS_COMMA = r"[+-]?[1-9]\d{0,2}(?:,\d{3})+"
# Excel reads, and some programs write, the separator on a first line of its own: "sep=;".
_SEPARATOR_LINE = re.compile(r"sep=(.)[ \t]*(?:\r\n|\n|\r|$)")
_SAVE_AS_UTF8 = (
    "guárdalo como CSV UTF-8 (en Excel, «Archivo › Guardar como» y el tipo «CSV UTF-8 (delimitado "
    "por comas)»; en LibreOffice, «Guardar como» CSV con el juego de caracteres «Unicode (UTF-8)»)"
)


def _bad_file(path, text):
    return CourseInputError("path", str(path), text)


def _fill_or_drop(line):
    return f"en la línea {line} del archivo; completa o elimina esa fila"


def _named(separator):
    return "tabulador" if separator == "\t" else repr(separator)


def _read_text(path):
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # zip (.xlsx, .ods) or old .xls
        raise _bad_file(
            path,
            f"es un libro de hoja de cálculo (.xlsx, .xls u .ods), no un CSV: {_SAVE_AS_UTF8}",
        )
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # Excel's "Texto Unicode"
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1252"):  # cp1252: Excel's "CSV"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise _bad_file(path, f"no se pudo leer como texto (ni UTF-8 ni Windows-1252): {_SAVE_AS_UTF8}")


def _guess_separator(text):
    """csv's sniffer, as ``pd.read_csv(sep=None)`` uses it but on 100 lines, not one, and with ';'
    and tab before ',' ("1,5;2,0" splits at ';'). When rows disagree, the candidate the first line
    has most of: the row check then names the odd line."""
    import csv

    sniffer = csv.Sniffer()
    sniffer.preferred = list(_SEPARATORS)
    lines = [line for line in text.splitlines() if line.strip()][:100]
    try:
        return sniffer.sniff("\n".join(lines), delimiters="".join(_SEPARATORS)).delimiter
    except csv.Error:
        return max(_SEPARATORS, key=lines[0].count) if lines else ","


def _rows(path, text, separator, first_line):
    """The rows of ``text`` that have a value, as a table of text cells indexed by the file's line
    (``text`` starts on ``first_line``); a Spanish error names the first row whose number of fields
    differs from the first row's."""
    import csv
    import io

    import pandas as pd

    reader = csv.reader(io.StringIO(text), delimiter=separator, skipinitialspace=True)
    rows = {}
    for row in reader:
        if any(cell.strip() for cell in row):
            rows[reader.line_num + first_line - 1] = row
    lines, named = list(rows), _named(separator)
    for line in lines[1:]:
        n, n_first = len(rows[line]), len(rows[lines[0]])
        if n != n_first:
            hint = f"(¿falta o sobra un separador, o hay un texto con {named} sin comillas?)"
            if separator == "," and n > n_first:
                hint += (
                    "; si los decimales llevan coma (3,5), guarda el archivo con ';' como "
                    "separador o escribe los decimales con punto (3.5)"
                )
            raise _bad_file(
                path,
                f"las filas no tienen las mismas columnas: separando por {named}, la línea "
                f"{lines[0]} tiene {n_first} campos y la línea {line} tiene {n}; revisa esa "
                f"línea {hint}",
            )
    return pd.DataFrame.from_dict(rows, orient="index")


def _numbers(cells, separator):
    """The numbers a column of text cells writes (NaN where a cell is none): Python's notation or
    a decimal comma ("3,5", "1.234,5"), unless the separator is ',' and it may be thousands."""
    import pandas as pd

    values = pd.to_numeric(cells, errors="coerce")  # "", "nan", "#N/D"…: NaN
    comma = cells.str.fullmatch(_DECIMAL_COMMA)
    if separator == ",":
        comma &= ~cells.str.fullmatch(_THOUSANDS_COMMA)
    values[comma] = pd.to_numeric(cells[comma].str.replace(".", "").str.replace(",", "."))
    return values.astype(float)


def _not_a_number_hint(cell, separator):
    """Why a cell may not read as a number, when the reason is a common one."""
    if separator == "," and re.fullmatch(_THOUSANDS_COMMA, cell):
        return (
            f"; ¿{cell} lleva coma decimal o separador de miles? Escríbelo con punto decimal "
            f"({cell.replace(',', '.')}) o sin separador de miles ({cell.replace(',', '')}), o "
            "guarda el archivo con ';' como separador"
        )
    other = next((s for s in (";", "\t") if s != separator and s in cell), None)
    return f" (¿el separador del archivo es {_named(other)}?)" if other else ""


def _where_it_looked(path):
    """The folder a relative ``path`` was looked up in, and a hint for the notebooks' folder."""
    text = f"no existe ese archivo; se buscó en la carpeta {path.absolute().parent}"
    if not path.is_absolute():
        text += (
            " (los cuadernos se ejecutan en notebooks/: pon el archivo ahí, o escribe "
            f"'../{path.as_posix()}' si está en la carpeta del repositorio)"
        )
        if (Path.cwd().parent / path).is_file():
            text += f"; hay un archivo '../{path.as_posix()}': usa esa ruta"
    return text


def _cells(path):
    """The file's non-empty rows and columns as stripped text, indexed by line, and its
    separator; every problem found is a ``CourseInputError`` that says what to do."""
    if not isinstance(path, str | Path):
        raise CourseInputError("path", path, "debe ser la ruta de un archivo CSV (texto o Path)")
    path = Path(path)
    if path.is_dir():
        raise _bad_file(path, "es una carpeta; indica el archivo CSV")
    if not path.is_file():
        raise _bad_file(path, _where_it_looked(path))
    text, first_line = _read_text(path), 1  # first_line: the file's line where ``text`` starts
    declared = _SEPARATOR_LINE.match(text)
    if declared:  # Excel's "sep=;" line names the separator and is not a row
        separator, text, first_line = declared.group(1), text[declared.end() :], 2
    else:
        separator = _guess_separator(text)
    raw = _rows(path, text, separator, first_line).map(str.strip)
    raw = raw.loc[:, (raw != "").any(axis=0)]  # Excel's empty columns
    if raw.empty:
        raise _bad_file(path, "el archivo está vacío; necesita filas de datos")
    return path, raw.set_axis(range(raw.shape[1]), axis=1), separator


def load_csv(path, target=-1, header="auto", name=None):
    """A ``Dataset`` from a CSV of numeric feature columns and one target column.

    ``target``: the target column's index (negative counts from the end) or header name.
    ``header``: ``True``, ``False`` or ``"auto"`` (words above numbers make a header). Labels of
    any kind become 0, 1, … in sorted order; ``class_names`` keeps them. What a spreadsheet saves
    is read as it is: separator ``,``, ``;`` or tab, decimal comma ("3,5") unless the separator is
    ',', UTF-8 (BOM or not), UTF-16 or Windows-1252; empty rows and columns are dropped. A relative
    ``path`` starts at the kernel's folder (a lesson's: ``notebooks/``).
    """
    header = check_choice("header", header, (True, False, "auto"))
    path, raw, separator = _cells(path)
    numbers = raw.apply(_numbers, separator=separator)
    if header == "auto":  # a word above a column of numbers, or a first row of words only
        words = numbers.iloc[0].isna() & ~raw.iloc[0].str.lower().isin(_MISSING)
        header = bool(
            words.all() or (len(raw) > 1 and (words & numbers.iloc[1:].notna().all()).any())
        )
    columns = [f"columna {i}" for i in raw.columns]
    if header:
        columns = [c or f"columna {i}" for i, c in enumerate(raw.iloc[0])]
        raw, numbers = raw.iloc[1:], numbers.iloc[1:]
    if raw.empty:
        raise _bad_file(path, "el archivo solo tiene la cabecera, sin filas de datos")
    if raw.shape[1] < 2:
        raise _bad_file(
            path,
            "hace falta al menos una columna de entrada y una columna "
            "objetivo, y ningún separador (',', ';' o tabulador) divide las filas en columnas",
        )
    target_index = _target_index(target, columns)
    features = [i for i in raw.columns if i != target_index]
    for i in features:
        if numbers[i].isna().any():
            line = numbers[i].isna().idxmax()
            cell, column = raw.at[line, i], f"la columna «{columns[i]}»"
            if cell.lower() in _MISSING:
                raise _bad_file(path, f"{column} tiene un valor vacío o NaN {_fill_or_drop(line)}")
            hint = _not_a_number_hint(cell, separator)
            valid = f"las columnas de entrada deben ser números{hint}"
            raise _bad_file(path, f"{column} no es numérica (línea {line}: {cell!r}); {valid}")
    X = numbers[features].to_numpy(dtype="float32")
    if not np.isfinite(X).all():
        raise _bad_file(path, "hay valores infinitos en las columnas de entrada")
    labels, column = raw[target_index], f"la columna objetivo «{columns[target_index]}»"
    missing = labels.str.lower().isin(_MISSING)
    if missing.any():
        valid = f"{column} tiene una celda vacía o NaN {_fill_or_drop(missing.idxmax())}"
        raise CourseInputError("target", target, valid)
    if numbers[target_index].notna().all():
        labels = numbers[target_index]
    values, y = np.unique(labels.to_numpy(), return_inverse=True)
    names = [  # 1.0 -> "1"
        str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in values.tolist()
    ]
    if len(names) < 2:
        valid = f"{column} tiene una sola clase ({names[0]}); hacen falta al menos dos"
        raise CourseInputError("target", target, valid)
    features, source = [columns[i] for i in features], f"archivo CSV propio: {path.name}"
    licence = "la del archivo (datos del usuario)"
    return Dataset(name or path.stem, X, y.astype("int64"), features, names, source, licence)


def _target_index(target, columns):
    n = len(columns)
    if isinstance(target, str):
        if target not in columns:
            listed = ", ".join(repr(c) for c in columns)
            raise CourseInputError("target", target, f"las columnas del archivo son {listed}")
        return columns.index(target)
    if isinstance(target, bool) or not isinstance(target, int):
        valid = "debe ser el índice (entero) o el nombre de una columna"
        raise CourseInputError("target", target, valid)
    if not -n <= target < n:
        valid = f"el archivo tiene {n} columnas: usa un índice de {-n} a {n - 1}"
        raise CourseInputError("target", target, valid)
    return target % n


# --- splits and pipelines -----------------------------------------------------------------------


def _fold(label):
    """A label without case, accents or repeated spaces: "Té " and "te" fold alike."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def check_class_sizes(y, minimum, *, class_names=None, param="y", why=""):
    """Return ``y`` if every class has at least ``minimum`` rows; else a Spanish error naming the
    smallest class, its row count and how many are needed (``why`` says what for)."""
    y = np.asarray(y)
    values, counts = np.unique(y, return_counts=True)
    if counts.min() >= minimum:
        return y
    i = int(np.argmin(counts))
    names = [str(v) for v in values] if class_names is None else list(class_names)
    label = names[i] if class_names is None else names[int(values[i])]
    rows = "1 fila" if counts[i] == 1 else f"{counts[i]} filas"
    text = f"cada clase necesita al menos {minimum} filas" + (f" ({why})" if why else "")
    twins = [n for n in names if n != label and _fold(n) == _fold(label)]
    if twins:
        text += f"; ¿«{label}» es una errata de «{twins[0]}»? Corrige la etiqueta o elimina la fila"
    else:
        text += f"; añade filas de la clase «{label}» o elimínalas"
    raise CourseInputError(param, f"la clase «{label}» con solo {rows}", text)


@dataclass(frozen=True)
class Split:
    """Training and validation parts, standardised by a scaler fitted on the training part only."""

    X_train: np.ndarray
    X_val: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray
    scaler: object = field(repr=False)


def check_features_and_labels(X, y):
    """Return ``X`` as a finite float32 matrix and ``y`` as int64 labels of the same length."""
    try:
        X = np.asarray(X, dtype="float32")
    except (TypeError, ValueError):
        raise CourseInputError("X", type(X).__name__, "debe ser una matriz de números") from None
    if X.ndim != 2 or 0 in X.shape:
        valid = "debe ser una matriz (filas × columnas) no vacía"
        raise CourseInputError("X", f"forma {X.shape}", valid)
    if not np.isfinite(X).all():
        rows = np.unique(np.nonzero(~np.isfinite(X))[0])
        value = f"{len(rows)} filas con NaN o infinito (la primera, {rows[0]})"
        raise CourseInputError("X", value, "no admite NaN ni infinitos")
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(X):
        valid = f"debe ser un vector de {len(X)} etiquetas, una por fila de X"
        raise CourseInputError("y", f"forma {y.shape}", valid)
    if not np.issubdtype(y.dtype, np.integer) or (y < 0).any():
        valid = "deben ser etiquetas enteras 0, 1, … (usa load_csv para codificarlas)"
        raise CourseInputError("y", f"tipo {y.dtype}", valid)
    if len(np.unique(y)) < 2:
        raise CourseInputError("y", f"una sola clase ({y[0]})", "hacen falta al menos dos clases")
    return X, y.astype("int64")


def split_and_standardize(X, y, val_fraction=0.2, seed=0, *, class_names=None):
    """Stratified split into training and validation, standardised with the training statistics
    only, so nothing about the validation rows leaks into training. ``class_names`` (e.g.
    ``Dataset.class_names``) lets an error name a class by its label."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = check_features_and_labels(X, y)
    val_fraction = check_real(
        "val_fraction", val_fraction, low=0, high=1, low_open=True, high_open=True
    )
    seed = check_int("seed", seed, minimum=0)
    if class_names is not None and len(class_names) <= y.max():
        valid = f"debe tener un nombre por clase ({y.max() + 1})"
        raise CourseInputError("class_names", class_names, valid)
    why = "una para entrenar y otra para validar"
    check_class_sizes(y, 2, class_names=class_names, why=why)
    n_val, n_classes = int(np.ceil(val_fraction * len(y))), len(np.unique(y))
    if n_val < n_classes or len(y) - n_val < n_classes:
        valid = (
            f"con {len(y)} filas y {n_classes} clases deja una parte sin un ejemplo de cada clase"
        )
        raise CourseInputError("val_fraction", val_fraction, valid)
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=val_fraction, stratify=y, random_state=seed
    )
    scaler = StandardScaler().fit(X_train)
    X_train, X_val = (scaler.transform(part).astype("float32") for part in (X_train, X_val))
    return Split(X_train, X_val, y_train, y_val, scaler)


def as_split(data, val_fraction=0.2, seed=0, *, param="data"):
    """A ``Split`` from what a lab receives: a ``Dataset`` (split and standardised here, stratified,
    with ``val_fraction`` and ``seed``) or a ``Split`` (used as it is)."""
    if isinstance(data, Split):
        return data
    if not isinstance(data, Dataset):
        valid = (
            "debe ser un Dataset (p. ej. load_csv('mis_datos.csv') o load_iris()) o un Split "
            "(split_and_standardize)"
        )
        raise CourseInputError(param, type(data).__name__, valid)
    return split_and_standardize(data.X, data.y, val_fraction, seed, class_names=data.class_names)


def make_tf_dataset(X, y, batch_size=32, shuffle=True, seed=0):
    """A cached, batched ``tf.data.Dataset``, shuffled anew each epoch when ``shuffle`` is true
    (Keras iterates it much faster than arrays with ``validation_split``)."""
    import tensorflow as tf

    X, y = check_features_and_labels(X, y)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    seed = check_int("seed", seed, minimum=0)
    ds = tf.data.Dataset.from_tensor_slices((X, y)).cache()
    if shuffle:
        ds = ds.shuffle(len(y), seed=seed, reshuffle_each_iteration=True)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)
