"""Data for the lessons: datasets shipped with scikit-learn, CSV files, splits, tf.data pipelines.

Nothing here downloads: every loader reads files installed with a package or generates data.
"""

from helpers.errors import CourseInputError, check_int, check_real

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

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


def _is_number(text):
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def load_csv(path, target=-1, header="auto", name=None):
    """Read a CSV of numeric feature columns and one target column into a ``Dataset``.

    ``target`` is the target column's index (negative counts from the end) or, when the file has a
    header row, its name. ``header`` is ``True``, ``False`` or ``"auto"`` (a first row with words
    above numbers is taken as a header). Class labels of any kind are encoded as 0, 1, …
    in sorted order; ``class_names`` keeps the originals.
    """
    import pandas as pd

    if not isinstance(path, str | Path):
        raise CourseInputError("path", path, "debe ser la ruta de un archivo CSV (texto o Path)")
    path = Path(path)
    if not path.is_file():
        raise CourseInputError("path", str(path), "no existe ese archivo; revisa la ruta")
    if header not in (True, False, "auto"):
        raise CourseInputError("header", header, "los valores válidos son True, False o 'auto'")
    try:
        raw = pd.read_csv(
            path, header=None, dtype=str, skipinitialspace=True, keep_default_na=False
        )
    except pd.errors.EmptyDataError:
        raw = pd.DataFrame()
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise CourseInputError(
            "path", str(path), f"no se pudo leer como CSV ({type(err).__name__})"
        ) from None
    raw = raw.map(str.strip) if not raw.empty else raw
    if raw.empty:
        raise CourseInputError("path", str(path), "el archivo está vacío; necesita filas de datos")

    has_header = _detect_header(raw) if header == "auto" else header
    if has_header:
        columns = [c if c else f"columna {i}" for i, c in enumerate(raw.iloc[0])]
        raw = raw.iloc[1:].reset_index(drop=True)
    else:
        columns = [f"columna {i}" for i in range(raw.shape[1])]
    if raw.empty:
        raise CourseInputError(
            "path", str(path), "el archivo solo tiene la cabecera, sin filas de datos"
        )
    if raw.shape[1] < 2:
        raise CourseInputError(
            "path", str(path), "hace falta al menos una columna de entrada y una columna objetivo"
        )

    target_index = _target_index(target, columns)
    feature_idx = [i for i in range(len(columns)) if i != target_index]
    X = np.empty((len(raw), len(feature_idx)), dtype="float32")
    for j, i in enumerate(feature_idx):
        for row, cell in enumerate(raw.iloc[:, i]):
            if cell == "" or cell.lower() in ("nan", "na", "null"):
                raise CourseInputError(
                    "path",
                    str(path),
                    f"la columna «{columns[i]}» tiene un valor vacío o NaN en la fila de datos "
                    f"{row + 1}; completa o elimina esa fila",
                )
            if not _is_number(cell):
                raise CourseInputError(
                    "path",
                    str(path),
                    f"la columna «{columns[i]}» no es numérica (fila de datos {row + 1}: "
                    f"{cell!r}); las columnas de entrada deben ser números",
                )
            X[row, j] = float(cell)
    if not np.isfinite(X).all():
        raise CourseInputError(
            "path", str(path), "hay valores infinitos en las columnas de entrada"
        )

    labels = raw.iloc[:, target_index].to_numpy()
    if any(lab == "" for lab in labels):
        raise CourseInputError(
            "target", target, f"la columna objetivo «{columns[target_index]}» tiene celdas vacías"
        )
    if all(_is_number(lab) for lab in labels):
        labels = np.array([float(lab) for lab in labels])
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


def _is_word(text):
    """A cell that names something: not a number, not empty, not a missing-value marker."""
    return not _is_number(text) and text.lower() not in ("", "nan", "na", "null")


def _detect_header(raw):
    """A first row with a word above a column of numbers, or of words only, is a header."""
    if len(raw) >= 2:
        for i in range(raw.shape[1]):
            if _is_word(raw.iloc[0, i]) and all(_is_number(c) for c in raw.iloc[1:, i]):
                return True
    return all(_is_word(c) for c in raw.iloc[0])


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


def split_and_standardize(X, y, val_fraction=0.2, seed=0):
    """Stratified split into training and validation, then standardise with the training statistics.

    The scaler is fitted on the training part only, so nothing about the validation rows leaks
    into training.
    """
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = check_features_and_labels(X, y)
    val_fraction = check_real(
        "val_fraction", val_fraction, low=0, high=1, low_open=True, high_open=True
    )
    seed = check_int("seed", seed, minimum=0)
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
