"""Data for the lessons: bundled datasets, splits and tf.data pipelines.

Nothing here downloads: every loader reads files installed with a package or generates data; a
student's own CSV is read by ``helpers.csv_dataset.load_csv``.
"""

from dataclasses import dataclass, field

import numpy as np

from helpers.errors import CourseInputError, check_int, check_real


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
        raise CourseInputError("X", X, "debe ser una matriz de números") from None
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
        raise CourseInputError(param, data, valid)
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
