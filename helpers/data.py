"""Data for the lessons: datasets shipped with scikit-learn, CSV files, splits, tf.data pipelines.

Nothing here downloads: every loader reads files installed with a package or generates data.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from helpers.errors import CourseInputError, check_int, check_real

_UCI_LICENCE = (
    "CC BY 4.0 (UCI Machine Learning Repository); copia distribuida con scikit-learn (BSD-3)"
)


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
            f"Conjunto: {self.name}\n"
            f"Fuente: {self.source}\n"
            f"Filas: {self.X.shape[0]} · Columnas: {self.X.shape[1]} numéricas\n"
            f"Clases: {classes}\n"
            f"Licencia: {self.licence}"
        )

    def _repr_markdown_(self):
        return "\n".join(f"- {line}" for line in self.card.splitlines())


def _from_sklearn(bunch, name, class_names, source):
    return Dataset(
        name=name,
        X=np.asarray(bunch.data, dtype="float32"),
        y=np.asarray(bunch.target, dtype="int64"),
        feature_names=[str(f) for f in bunch.feature_names],
        class_names=class_names,
        source=source,
        licence=_UCI_LICENCE,
    )


def load_breast_cancer():
    """Breast Cancer Wisconsin (diagnostic): 569 tumours, 30 measurements, malignant or benign."""
    from sklearn import datasets

    return _from_sklearn(
        datasets.load_breast_cancer(),
        "Cáncer de mama de Wisconsin (diagnóstico)",
        ["maligno", "benigno"],
        "scikit-learn, sklearn.datasets.load_breast_cancer (incluido en el paquete)",
    )


def load_wine():
    """Wine: 178 wines, 13 chemical measurements, three cultivars."""
    from sklearn import datasets

    return _from_sklearn(
        datasets.load_wine(),
        "Vinos de Italia",
        ["cultivar 0", "cultivar 1", "cultivar 2"],
        "scikit-learn, sklearn.datasets.load_wine (incluido en el paquete)",
    )


def load_iris():
    """Iris: 150 flowers, 4 measurements, three species."""
    from sklearn import datasets

    return _from_sklearn(
        datasets.load_iris(),
        "Iris",
        ["setosa", "versicolor", "virginica"],
        "scikit-learn, sklearn.datasets.load_iris (incluido en el paquete)",
    )


def load_digits():
    """Handwritten digits: 1,797 images of 8×8 pixels (64 columns), ten classes."""
    from sklearn import datasets

    return _from_sklearn(
        datasets.load_digits(),
        "Dígitos manuscritos (8×8)",
        [str(d) for d in range(10)],
        "scikit-learn, sklearn.datasets.load_digits (incluido en el paquete)",
    )


def make_noisy_classification(n_samples=600, n_features=40, n_informative=8, flip=0.05, seed=0):
    """A generated binary problem with many useless columns and some flipped labels.

    Easy to over-fit: the lessons use it when a network must learn noise to fit the training set.
    """
    from sklearn.datasets import make_classification

    n_samples = check_int("n_samples", n_samples, minimum=20)
    n_features = check_int("n_features", n_features, minimum=2)
    n_informative = check_int("n_informative", n_informative, minimum=1, maximum=n_features)
    flip = check_real("flip", flip, low=0, high=0.5, high_open=True)
    seed = check_int("seed", seed, minimum=0)
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=n_informative,
        n_redundant=0,
        flip_y=flip,
        class_sep=1.0,
        random_state=seed,
    )
    return Dataset(
        name="Clasificación sintética con ruido",
        X=X.astype("float32"),
        y=y.astype("int64"),
        feature_names=[f"x{i}" for i in range(n_features)],
        class_names=["clase 0", "clase 1"],
        source=(
            f"generado con sklearn.datasets.make_classification (n_samples={n_samples}, "
            f"n_features={n_features}, n_informative={n_informative}, flip_y={flip}, "
            f"random_state={seed})"
        ),
        licence="datos sintéticos, sin restricciones",
    )


# Cells that mean "no value": empty, NaN markers, and the #N/A error Excel writes in Spanish.
_MISSING = ("", "nan", "na", "n/a", "null", "#n/d", "#n/a")
# Separators a CSV can use, in order of preference when several split every row alike: a file
# that separates with tabs or semicolons keeps the comma for decimals ("3,5").
_SEPARATORS = ("\t", ";", ",")
# "3,5", "-0,69", "1.234,5", "2,5E-03": a number with a decimal comma (and "." for thousands).
_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d+(?:[eE][+-]?\d+)?")
# "1,234" or "12,345,678": in a comma-separated file, as likely thousands as a decimal comma.
_THOUSANDS_COMMA = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+")
# Excel reads, and some programs write, the separator on a first line of its own: "sep=;".
_SEPARATOR_LINE = re.compile(r"sep=(.)[ \t]*(?:\r\n|\n|\r|$)")
_SAVE_AS_UTF8 = (
    "en Excel, «Archivo › Guardar como» y el tipo «CSV UTF-8 (delimitado por comas)»; "
    "en LibreOffice, «Guardar como» CSV con el juego de caracteres «Unicode (UTF-8)»"
)
# At least one row of each class for training and one for validation.
MIN_ROWS_PER_CLASS = 2


def _separator_name(separator):
    return "tabulador" if separator == "\t" else repr(separator)


def _to_number(text, separator=","):
    """The number a CSV cell writes, or None. Besides Python's notation, a decimal comma is read
    ("3,5", "1.234,5") unless the separator is a comma and the cell could be thousands ("1,234")."""
    if text.lower() in _MISSING:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if _DECIMAL_COMMA.fullmatch(text) and not (
        separator == "," and _THOUSANDS_COMMA.fullmatch(text)
    ):
        return float(text.replace(".", "").replace(",", "."))
    return None


def _is_number(text, separator=","):
    return _to_number(text, separator) is not None


def _read_text(path):
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    import codecs

    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # zip (.xlsx, .ods) or old .xls
        raise CourseInputError(
            "path",
            str(path),
            f"es un libro de hoja de cálculo (.xlsx, .xls u .ods), no un CSV: guárdalo como CSV "
            f"({_SAVE_AS_UTF8})",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Texto Unicode"
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")  # cp1252: what Excel writes for "CSV" on Windows
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise CourseInputError(
        "path",
        str(path),
        f"no se pudo leer como texto (no es UTF-8 ni Windows-1252): guárdalo como CSV UTF-8 "
        f"({_SAVE_AS_UTF8})",
    )


def _guess_separator(text):
    """``(separator, rows)``: the separator that splits the most rows into the same number (2 or
    more) of fields, and those rows as ``[(line number, field count)]``.

    pandas' own sniffing (``sep=None``) reads one line and prefers ',' in a tie, so it splits
    "1,5;2,0;0" at the commas; here ``;`` and tab win a tie, and every line has its say.
    """
    import csv

    declared = _SEPARATOR_LINE.match(text)
    if declared:  # Excel's own hint, "sep=;" on the first line (the caller drops that line)
        separator = declared.group(1)
        reader = csv.reader(text.splitlines()[1:], delimiter=separator, skipinitialspace=True)
        rows = [(reader.line_num + 1, len(row)) for row in reader if any(c.strip() for c in row)]
        return separator, rows
    lines = text.splitlines()
    best = None
    for separator in _SEPARATORS:
        reader = csv.reader(lines, delimiter=separator, skipinitialspace=True)
        rows = [(reader.line_num, len(row)) for row in reader if any(c.strip() for c in row)]
        counts = [n for _, n in rows]
        if not counts:
            return ",", []
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) / len(counts) if mode >= 2 else 0
        if best is None or score > best[0]:
            best = (score, separator, rows)
    score, separator, rows = best
    return (separator, rows) if score > 0 else (",", [])


def _check_row_lengths(path, separator, rows):
    """Every row has as many fields as the first; else a Spanish error naming the line."""
    if not rows:
        return
    first_line, expected = rows[0]
    for line, n in rows[1:]:
        if n != expected:
            hint = (
                "revisa esa línea (¿falta o sobra un separador, o hay un texto con "
                f"{_separator_name(separator)} sin comillas?)"
            )
            if separator == "," and n > expected:
                hint += (
                    "; si los decimales llevan coma (3,5), guarda el archivo con ';' como "
                    "separador o escribe los decimales con punto (3.5)"
                )
            raise CourseInputError(
                "path",
                str(path),
                f"las filas no tienen las mismas columnas: separando por "
                f"{_separator_name(separator)}, la línea {first_line} tiene {expected} campos y "
                f"la línea {line} tiene {n}; {hint}",
            )


def _not_a_number_hint(cell, separator):
    """Why a cell may not read as a number, when the reason is a common one."""
    if separator == "," and _THOUSANDS_COMMA.fullmatch(cell):
        return (
            f"; ¿{cell} lleva coma decimal o separador de miles? Escríbelo con punto decimal "
            f"({cell.replace(',', '.')}) o sin separador de miles ({cell.replace(',', '')}), o "
            "guarda el archivo con ';' como separador"
        )
    for other in _SEPARATORS:
        if other != separator and other != "," and other in cell:
            return f" (¿el separador del archivo es {_separator_name(other)}?)"
    return ""


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
    label = names[int(values[i])] if class_names is not None else names[i]
    count = int(counts[i])
    rows = "1 fila" if count == 1 else f"{count} filas"
    text = f"cada clase necesita al menos {minimum} filas"
    text += f" ({why})" if why else ""
    twins = [n for n in names if n != label and _fold(n) == _fold(label)]
    if twins:
        text += f"; ¿«{label}» es una errata de «{twins[0]}»? Corrige la etiqueta o elimina la fila"
    else:
        text += f"; añade filas de la clase «{label}» o elimínalas"
    raise CourseInputError(param, f"la clase «{label}» con solo {rows}", text)


def _where_it_looked(path):
    """The folder a relative ``path`` was looked up in, and a hint for the notebooks' folder."""
    here = Path.cwd()
    text = f"no existe ese archivo; se buscó en la carpeta {path.absolute().parent}"
    if not path.is_absolute():
        text += (
            " (los cuadernos se ejecutan en notebooks/: pon el archivo ahí, o escribe "
            f"'../{path.as_posix()}' si está en la carpeta del repositorio)"
        )
        if (here.parent / path).is_file():
            text += f"; hay un archivo '../{path.as_posix()}': usa esa ruta"
    return text


def load_csv(path, target=-1, header="auto", name=None):
    """Read a CSV of numeric feature columns and one target column into a ``Dataset``.

    ``target`` is the target column's index (negative counts from the end) or, when the file has a
    header row, its name. ``header`` is ``True``, ``False`` or ``"auto"`` (a first row with words
    above numbers is taken as a header). Class labels of any kind are encoded as 0, 1, …
    in sorted order; ``class_names`` keeps the originals.

    What a spreadsheet saves is read as it is: separator ``,``, ``;`` or tab (detected), decimal
    comma ("3,5", also quoted) when the separator is not a comma, text in UTF-8 (with or without
    BOM), UTF-16 or Windows-1252; empty rows and columns are dropped. A relative ``path`` is looked
    up from the kernel's working folder (a notebook's own folder, ``notebooks/``).
    """
    import io

    import pandas as pd

    if not isinstance(path, str | Path):
        raise CourseInputError("path", path, "debe ser la ruta de un archivo CSV (texto o Path)")
    path = Path(path)
    if path.is_dir():
        raise CourseInputError("path", str(path), "es una carpeta; indica el archivo CSV")
    if not path.is_file():
        raise CourseInputError("path", str(path), _where_it_looked(path))
    if header not in (True, False, "auto"):
        raise CourseInputError("header", header, "los valores válidos son True, False o 'auto'")
    text = _read_text(path)
    separator, rows = _guess_separator(text)
    _check_row_lengths(path, separator, rows)
    declared = _SEPARATOR_LINE.match(text)
    first_line = 2 if declared else 1  # the messages name lines of the file
    text = text[declared.end() :] if declared else text
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            header=None,
            dtype=str,
            skipinitialspace=True,
            keep_default_na=False,
            skip_blank_lines=False,  # keeps row i on line i + 1, for the messages
        )
    except pd.errors.EmptyDataError:
        raw = pd.DataFrame()
    except pd.errors.ParserError:
        raise CourseInputError(
            "path",
            str(path),
            f"no se pudo leer como CSV separado por {_separator_name(separator)}: revisa las "
            "comillas (cada texto entre comillas debe cerrarlas)",
        ) from None
    if not raw.empty:
        raw = raw.fillna("").map(str.strip)
        raw.index = raw.index + first_line  # the line of each row in the file
        raw = raw.loc[(raw != "").any(axis=1), (raw != "").any(axis=0)]  # Excel's empty rows
        raw.columns = range(raw.shape[1])
    if raw.empty:
        raise CourseInputError("path", str(path), "el archivo está vacío; necesita filas de datos")

    is_number = lambda cell: _is_number(cell, separator)  # noqa: E731
    has_header = _detect_header(raw, is_number) if header == "auto" else header
    if has_header:
        columns = [c if c else f"columna {i}" for i, c in enumerate(raw.iloc[0])]
        raw = raw.iloc[1:]
    else:
        columns = [f"columna {i}" for i in range(raw.shape[1])]
    if raw.empty:
        raise CourseInputError(
            "path", str(path), "el archivo solo tiene la cabecera, sin filas de datos"
        )
    if raw.shape[1] < 2:
        raise CourseInputError(
            "path",
            str(path),
            "hace falta al menos una columna de entrada y una columna objetivo, y ningún "
            "separador (',', ';' o tabulador) divide las filas en columnas",
        )

    target_index = _target_index(target, columns)
    feature_idx = [i for i in range(len(columns)) if i != target_index]
    X = np.empty((len(raw), len(feature_idx)), dtype="float32")
    for j, i in enumerate(feature_idx):
        for row, (line, cell) in enumerate(raw.iloc[:, i].items()):
            value = _to_number(cell, separator)
            if value is None and cell.lower() in _MISSING:
                raise CourseInputError(
                    "path",
                    str(path),
                    f"la columna «{columns[i]}» tiene un valor vacío o NaN en la línea {line} "
                    f"del archivo; completa o elimina esa fila",
                )
            if value is None:
                raise CourseInputError(
                    "path",
                    str(path),
                    f"la columna «{columns[i]}» no es numérica (línea {line}: {cell!r}); las "
                    f"columnas de entrada deben ser números{_not_a_number_hint(cell, separator)}",
                )
            X[row, j] = value
    if not np.isfinite(X).all():
        raise CourseInputError(
            "path", str(path), "hay valores infinitos en las columnas de entrada"
        )

    for line, label in raw.iloc[:, target_index].items():
        if label.lower() in _MISSING:
            raise CourseInputError(
                "target",
                target,
                f"la columna objetivo «{columns[target_index]}» tiene una celda vacía o NaN en la "
                f"línea {line} del archivo; completa o elimina esa fila",
            )
    labels = raw.iloc[:, target_index].to_numpy()
    if all(is_number(lab) for lab in labels):
        labels = np.array([_to_number(lab, separator) for lab in labels])
    class_values, y = np.unique(labels, return_inverse=True)
    class_names = [
        str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
        for v in class_values.tolist()
    ]
    if len(class_names) < 2:
        raise CourseInputError(
            "target",
            target,
            f"la columna objetivo «{columns[target_index]}» tiene una sola clase "
            f"({class_names[0]}); hacen falta al menos dos",
        )
    return Dataset(
        name=name or path.stem,
        X=X,
        y=y.astype("int64"),
        feature_names=[columns[i] for i in feature_idx],
        class_names=class_names,
        source=f"archivo CSV propio: {path.name}",
        licence="la del archivo (datos del usuario)",
    )


def _is_word(text, is_number=_is_number):
    """A cell that names something: not a number, not empty, not a missing-value marker."""
    return not is_number(text) and text.lower() not in _MISSING


def _detect_header(raw, is_number=_is_number):
    """A first row with a word above a column of numbers, or of words only, is a header."""
    if len(raw) >= 2:
        for i in range(raw.shape[1]):
            if _is_word(raw.iloc[0, i], is_number) and all(is_number(c) for c in raw.iloc[1:, i]):
                return True
    return all(_is_word(c, is_number) for c in raw.iloc[0])


def _target_index(target, columns):
    n = len(columns)
    if isinstance(target, str):
        if target not in columns:
            listed = ", ".join(repr(c) for c in columns)
            raise CourseInputError("target", target, f"las columnas del archivo son {listed}")
        return columns.index(target)
    if isinstance(target, bool) or not isinstance(target, int):
        raise CourseInputError(
            "target", target, "debe ser el índice (entero) o el nombre de una columna"
        )
    if not -n <= target < n:
        raise CourseInputError(
            "target", target, f"el archivo tiene {n} columnas: usa un índice de {-n} a {n - 1}"
        )
    return target % n


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
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise CourseInputError(
            "X", f"forma {X.shape}", "debe ser una matriz (filas × columnas) no vacía"
        )
    if not np.isfinite(X).all():
        rows = np.unique(np.nonzero(~np.isfinite(X))[0])
        raise CourseInputError(
            "X",
            f"{len(rows)} filas con NaN o infinito (la primera, {rows[0]})",
            "no admite NaN ni infinitos",
        )
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(X):
        raise CourseInputError(
            "y", f"forma {y.shape}", f"debe ser un vector de {len(X)} etiquetas, una por fila de X"
        )
    if not np.issubdtype(y.dtype, np.integer) or (y < 0).any():
        raise CourseInputError(
            "y",
            f"tipo {y.dtype}",
            "deben ser etiquetas enteras 0, 1, … (usa load_csv para codificarlas)",
        )
    if len(np.unique(y)) < 2:
        raise CourseInputError("y", f"una sola clase ({y[0]})", "hacen falta al menos dos clases")
    return X, y.astype("int64")


def split_and_standardize(X, y, val_fraction=0.2, seed=0, *, class_names=None):
    """Stratified split into training and validation, then standardise with the training statistics.

    The scaler is fitted on the training part only, so nothing about the validation rows leaks
    into training. ``class_names`` (e.g. ``Dataset.class_names``) lets an error name a class by
    its label.
    """
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = check_features_and_labels(X, y)
    val_fraction = check_real(
        "val_fraction", val_fraction, low=0, high=1, low_open=True, high_open=True
    )
    seed = check_int("seed", seed, minimum=0)
    if class_names is not None and len(class_names) <= int(y.max()):
        raise CourseInputError(
            "class_names", class_names, f"debe tener un nombre por clase ({int(y.max()) + 1})"
        )
    check_class_sizes(
        y,
        MIN_ROWS_PER_CLASS,
        class_names=class_names,
        why="una para entrenar y otra para validar",
    )
    n_val = int(np.ceil(val_fraction * len(y)))
    n_classes = len(np.unique(y))
    if n_val < n_classes or len(y) - n_val < n_classes:
        raise CourseInputError(
            "val_fraction",
            val_fraction,
            f"con {len(y)} filas y {n_classes} clases deja una parte sin un ejemplo de cada clase",
        )
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=val_fraction, stratify=y, random_state=seed
    )
    scaler = StandardScaler().fit(X_train)
    return Split(
        X_train=scaler.transform(X_train).astype("float32"),
        X_val=scaler.transform(X_val).astype("float32"),
        y_train=y_train,
        y_val=y_val,
        scaler=scaler,
    )


def as_split(data, val_fraction=0.2, seed=0, *, param="data"):
    """A ``Split`` from what a lab receives: a ``Dataset`` (split and standardised here, stratified,
    with ``val_fraction`` and ``seed``) or a ``Split`` (used as it is)."""
    if isinstance(data, Split):
        return data
    if not isinstance(data, Dataset):
        raise CourseInputError(
            param,
            type(data).__name__,
            "debe ser un Dataset (p. ej. load_csv('mis_datos.csv') o load_iris()) o un Split "
            "(split_and_standardize)",
        )
    return split_and_standardize(data.X, data.y, val_fraction, seed, class_names=data.class_names)


def make_tf_dataset(X, y, batch_size=32, shuffle=True, seed=0):
    """A cached, batched ``tf.data.Dataset``; shuffled anew each epoch when ``shuffle`` is true.

    Keras iterates a cached pipeline much faster than NumPy arrays with ``validation_split``,
    which it re-slices and re-wraps every epoch.
    """
    import tensorflow as tf

    X, y = check_features_and_labels(X, y)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    seed = check_int("seed", seed, minimum=0)
    ds = tf.data.Dataset.from_tensor_slices((X, y)).cache()
    if shuffle:
        ds = ds.shuffle(len(y), seed=seed, reshuffle_each_iteration=True)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)
