import numpy as np
import pytest

from helpers.data import (
    as_split,
    check_class_sizes,
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_noisy_classification,
    make_tf_dataset,
    split_and_standardize,
)
from helpers.errors import CourseInputError


@pytest.mark.parametrize(
    "loader, shape, n_classes",
    [
        (load_breast_cancer, (569, 30), 2),
        (load_wine, (178, 13), 3),
        (load_iris, (150, 4), 3),
        (load_digits, (1797, 64), 10),
    ],
)
def test_bundled_loaders(loader, shape, n_classes):
    data = loader()
    assert data.X.shape == shape and data.X.dtype == np.float32
    assert data.y.dtype == np.int64 and set(np.unique(data.y)) == set(range(n_classes))
    assert len(data.feature_names) == shape[1] and data.n_classes == n_classes
    card = data.card
    for word in ("Fuente", "Filas", "Columnas", "Clases", "Licencia", str(shape[0])):
        assert word in card
    assert "- Fuente" in data._repr_markdown_()


def test_breast_cancer_class_counts_in_card():
    assert "maligno (212), benigno (357)" in load_breast_cancer().card


def test_noisy_classification_is_repeatable_and_checked():
    a, b = make_noisy_classification(seed=3), make_noisy_classification(seed=3)
    assert np.array_equal(a.X, b.X) and a.X.shape == (600, 40)
    assert "make_classification" in a.card
    with pytest.raises(CourseInputError, match="«flip»"):
        make_noisy_classification(flip=0.7)
    with pytest.raises(CourseInputError, match="«n_informative»"):
        make_noisy_classification(n_features=5, n_informative=9)


# --- classes too small to split ------------------------------------------------------------------


def test_check_class_sizes_names_the_smallest_class_and_the_minimum():
    y = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    assert check_class_sizes(y, 2) is not None
    with pytest.raises(CourseInputError) as info:
        check_class_sizes(y, 3, class_names=["a", "b", "c"], param="n_splits", why="3 pliegues")
    assert info.value.param == "n_splits"
    assert "«b» con solo 2 filas" in str(info.value) and "al menos 3 filas (3 pliegues)" in str(
        info.value
    )


def test_as_split_takes_a_dataset_or_a_split():
    data = load_iris()
    split = as_split(data, val_fraction=0.2, seed=0)
    assert len(split.y_val) == 30 and as_split(split) is split
    with pytest.raises(CourseInputError, match="Dataset") as info:
        as_split([[1, 2]], param="datos")
    assert info.value.param == "datos"


# --- split_and_standardize ---------------------------------------------------------------------


def test_split_is_stratified_and_scaler_fitted_on_training_only():
    data = load_breast_cancer()
    split = split_and_standardize(data.X, data.y, val_fraction=0.2, seed=0)
    assert len(split.y_val) == 114 and len(split.y_train) == 455
    assert abs(split.y_train.mean() - split.y_val.mean()) < 0.02  # stratified
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(split.X_train.std(axis=0), 1, atol=1e-3)
    # The validation part uses the training statistics, so it is not exactly standardised.
    assert np.abs(split.X_val.mean(axis=0)).max() > 1e-3


@pytest.mark.parametrize("fraction", [0, 1, -0.2, 1.5, "0.2"])
def test_split_fraction_outside_open_interval(fraction):
    data = load_iris()
    with pytest.raises(CourseInputError, match=r"«val_fraction».*\(0, 1\)"):
        split_and_standardize(data.X, data.y, val_fraction=fraction)


def test_split_bad_features_and_labels():
    X = np.ones((10, 2))
    y = np.array([0, 1] * 5)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(CourseInputError, match="NaN"):
        split_and_standardize(X_nan, y)
    with pytest.raises(CourseInputError, match="«y»"):
        split_and_standardize(X, y[:-1])
    with pytest.raises(CourseInputError, match="dos clases"):
        split_and_standardize(X, np.zeros(10, dtype=int))
    with pytest.raises(CourseInputError, match="«y»"):
        split_and_standardize(X, np.array(["a", "b"] * 5))
    with pytest.raises(CourseInputError, match="«X»"):
        split_and_standardize(np.ones(10), y)
    with pytest.raises(CourseInputError, match="«X»"):
        split_and_standardize([["a", "b"]] * 10, y)
    with pytest.raises(CourseInputError, match="sin un ejemplo de cada clase"):
        split_and_standardize(X, y, val_fraction=0.1)


def test_tf_dataset_batches_all_rows_and_reshuffles():
    X = np.arange(20, dtype="float32").reshape(10, 2)
    y = np.array([0, 1] * 5)
    ds = make_tf_dataset(X, y, batch_size=4, seed=1)
    first = np.concatenate([xb[:, 0] for xb, _ in ds.as_numpy_iterator()])
    second = np.concatenate([xb[:, 0] for xb, _ in ds.as_numpy_iterator()])
    assert sorted(first) == sorted(X[:, 0]) and [len(b[0]) for b in ds] == [4, 4, 2]
    assert not np.array_equal(first, second)  # a new order every epoch
    fixed = make_tf_dataset(X, y, batch_size=4, shuffle=False)
    assert np.concatenate([xb[:, 0] for xb, _ in fixed]).tolist() == X[:, 0].tolist()
    with pytest.raises(CourseInputError, match="«batch_size»"):
        make_tf_dataset(X, y, batch_size=0)
