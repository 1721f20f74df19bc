import numpy as np
import pytest

from helpers import seed_everything
from helpers.data import load_iris
from helpers.errors import CourseInputError
from helpers.models import build_mlp
from helpers.training import cross_validate, evaluate, train


def test_train_returns_history_with_validation_keys(tiny_split):
    seed_everything(0)
    model = build_mlp(30, (8,), 2)
    history = train(
        model, tiny_split.X_train, tiny_split.y_train, tiny_split.X_val, tiny_split.y_val, epochs=3
    )
    assert set(history.history) == {"accuracy", "loss", "val_accuracy", "val_loss"}
    assert len(history.history["loss"]) == 3
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_train_without_validation_has_no_val_keys(tiny_split):
    history = train(build_mlp(30, (4,), 2), tiny_split.X_train, tiny_split.y_train, epochs=1)
    assert set(history.history) == {"accuracy", "loss"}


def test_same_seed_same_numbers(tiny_split):
    def run():
        seed_everything(7)
        model = build_mlp(30, (8,), 2, dropout_hidden=0.3)
        return train(
            model,
            tiny_split.X_train,
            tiny_split.y_train,
            tiny_split.X_val,
            tiny_split.y_val,
            epochs=3,
            seed=7,
        ).history["val_loss"]

    assert run() == run()


def test_evaluate_matches_keras(tiny_split):
    model = build_mlp(30, (4,), 2)
    scores = evaluate(model, tiny_split.X_val, tiny_split.y_val)
    loss, acc = model.evaluate(tiny_split.X_val, tiny_split.y_val, verbose=0)
    assert scores["loss"] == pytest.approx(loss, rel=1e-5)
    assert scores["accuracy"] == pytest.approx(acc)


@pytest.mark.parametrize(
    "kwargs, param",
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": -1}, "batch_size"),
        ({"callbacks": "x"}, "callbacks"),
    ],
)
def test_train_bad_arguments(tiny_split, kwargs, param):
    with pytest.raises(CourseInputError) as info:
        train(build_mlp(30, (4,), 2), tiny_split.X_train, tiny_split.y_train, **kwargs)
    assert info.value.param == param


def test_train_needs_both_validation_parts(tiny_split):
    with pytest.raises(CourseInputError, match="ambos"):
        train(build_mlp(30, (4,), 2), tiny_split.X_train, tiny_split.y_train, tiny_split.X_val)


def test_cross_validate_same_folds_for_every_config():
    data = load_iris()
    configs = {
        "a": lambda n, k: build_mlp(n, (8,), k),
        "b": lambda n, k: build_mlp(n, (8,), k, dropout_hidden=0.2),
    }
    calls = []
    scores = cross_validate(
        configs,
        data.X,
        data.y,
        n_splits=3,
        epochs=2,
        progress=False,
        callbacks=lambda name: calls.append(name) or [],
    )
    assert list(scores.columns) == [
        "config",
        "repeat",
        "fold",
        "val_accuracy",
        "val_loss",
        "train_accuracy",
        "train_loss",
        "n_train",
        "n_val",
        "seconds",
    ]
    assert (scores["n_train"] + scores["n_val"] == len(data.y)).all()
    assert scores.groupby("config")["fold"].apply(list).to_dict() == {
        "a": [1, 2, 3],
        "b": [1, 2, 3],
    }
    assert calls == ["a"] * 3 + ["b"] * 3
    assert scores["val_accuracy"].between(0, 1).all()
    again = cross_validate(configs, data.X, data.y, n_splits=3, epochs=2, progress=False)
    np.testing.assert_allclose(again["val_loss"], scores["val_loss"], rtol=1e-6)


def test_cross_validate_repeats_the_split_with_new_shuffles():
    data = load_iris()
    configs = {"a": lambda n, k: build_mlp(n, (4,), k)}
    once = cross_validate(configs, data.X, data.y, n_splits=3, epochs=1, progress=False)
    twice = cross_validate(
        configs, data.X, data.y, n_splits=3, n_repeats=2, epochs=1, progress=False
    )
    assert list(zip(twice["repeat"], twice["fold"], strict=True)) == [
        (r, f) for r in (1, 2) for f in (1, 2, 3)
    ]
    # The first repeat is the plain k-fold split, so one repeat gives the same numbers.
    np.testing.assert_allclose(twice["val_loss"][:3], once["val_loss"], rtol=1e-6)
    assert not np.allclose(twice["val_loss"][3:], once["val_loss"])


def test_cross_validate_bad_arguments():
    data = load_iris()
    with pytest.raises(CourseInputError, match="«configs»"):
        cross_validate({}, data.X, data.y)
    with pytest.raises(CourseInputError, match="«n_splits»"):
        cross_validate({"a": lambda n, k: build_mlp(n, 4, k)}, data.X, data.y, n_splits=1)
    with pytest.raises(CourseInputError, match="«n_splits»"):
        cross_validate({"a": lambda n, k: build_mlp(n, 4, k)}, data.X, data.y, n_splits=51)


def test_train_refuses_labels_a_sigmoid_output_cannot_learn(tiny_split):
    # Labels {1, 2} (no 0) for one sigmoid unit: Keras would train on nonsense targets.
    with pytest.raises(CourseInputError) as info:
        train(build_mlp(30, (4,), 2), tiny_split.X_train, tiny_split.y_train + 1, epochs=1)
    message = str(info.value)
    assert info.value.param == "y_train"
    assert "{1, 2}" in message and "0 o 1" in message and "sigmoide" in message


def test_train_refuses_labels_beyond_the_softmax_units(tiny_split):
    with pytest.raises(CourseInputError) as info:
        train(build_mlp(30, (4,), 3), tiny_split.X_train, tiny_split.y_train * 3, epochs=1)
    assert info.value.param == "y_train"
    assert "{0, 3}" in str(info.value) and "de 0 a 2" in str(info.value)
    y_val = tiny_split.y_val.copy()
    y_val[0] = 3
    with pytest.raises(CourseInputError, match="«y_val»"):
        train(
            build_mlp(30, (4,), 3),
            tiny_split.X_train,
            tiny_split.y_train,
            tiny_split.X_val,
            y_val,
            epochs=1,
        )


def keras_model_with_softmax_output(n_inputs, units):
    import keras

    model = keras.Sequential(
        [keras.Input((n_inputs,)), keras.layers.Dense(units, activation="softmax")]
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_train_accepts_labels_that_fit_the_output(tiny_split):
    # Two softmax units for a binary problem are fine too (labels 0 and 1).
    model = build_mlp(30, (4,), 2)
    softmax = keras_model_with_softmax_output(30, 2)
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=1)
    train(softmax, tiny_split.X_train, tiny_split.y_train, epochs=1)


def test_train_says_how_many_columns_the_network_expects(tiny_split):
    with pytest.raises(CourseInputError) as info:
        train(build_mlp(5, (4,), 2), tiny_split.X_train[:, :3], tiny_split.y_train, epochs=1)
    assert info.value.param == "X_train"
    assert "3 columnas" in str(info.value) and "espera 5 columnas" in str(info.value)
    with pytest.raises(CourseInputError, match="«X_val»"):
        train(
            build_mlp(30, (4,), 2),
            tiny_split.X_train,
            tiny_split.y_train,
            tiny_split.X_val[:, :5],
            tiny_split.y_val,
            epochs=1,
        )


def test_train_needs_a_compiled_keras_model(tiny_split):
    import keras

    with pytest.raises(CourseInputError, match="«model»"):
        train("red", tiny_split.X_train, tiny_split.y_train)
    model = keras.Sequential([keras.Input((30,)), keras.layers.Dense(1, activation="sigmoid")])
    with pytest.raises(CourseInputError, match="compile"):
        train(model, tiny_split.X_train, tiny_split.y_train)


def test_cross_validate_refuses_labels_with_gaps():
    data = load_iris()
    with pytest.raises(CourseInputError) as info:
        cross_validate({"a": lambda n, k: build_mlp(n, 4, k)}, data.X, data.y + 1, epochs=1)
    assert info.value.param == "y" and "{1, 2, 3}" in str(info.value)
    assert "ninguna 0" in str(info.value)


def test_cross_validate_names_the_configuration_whose_network_does_not_fit():
    data = load_iris()
    wrong_inputs = {"bien": lambda n, k: build_mlp(n, 4, k), "mal": lambda n, k: build_mlp(5, 4, k)}
    with pytest.raises(CourseInputError) as info:
        cross_validate(wrong_inputs, data.X, data.y, n_splits=2, epochs=1, progress=False)
    assert info.value.param == "configs" and info.value.value == "mal"
    assert "5 entradas" in str(info.value) and "4 columnas" in str(info.value)
    wrong_outputs = {"binaria": lambda n, k: build_mlp(n, 4, 2)}
    with pytest.raises(CourseInputError) as info:
        cross_validate(wrong_outputs, data.X, data.y, n_splits=2, epochs=1, progress=False)
    assert info.value.value == "binaria" and "n_classes" in str(info.value)


def test_cross_validate_names_a_class_with_one_row():
    data = load_iris()
    y = data.y.copy()
    y[0] = 3  # a typo: a fourth class with a single row
    with pytest.raises(CourseInputError, match="«3» con solo 1 fila"):
        cross_validate({"a": lambda n, k: build_mlp(n, (4,), k)}, data.X, y, n_splits=2, epochs=1)
