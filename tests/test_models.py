import keras
import numpy as np
import pytest

from helpers.errors import CourseInputError
from helpers.models import build_mlp
from helpers.optimizers import make_sgd


def layer_kinds(model):
    return [type(layer).__name__ for layer in model.layers]


def test_baseline_has_no_dropout_and_binary_head():
    model = build_mlp(8, (12, 6), 2)
    assert layer_kinds(model) == ["Dense", "Dense", "Dense"]
    assert model.layers[-1].units == 1 and model.layers[-1].activation.__name__ == "sigmoid"
    assert model.loss == "binary_crossentropy"
    assert model.input_shape == (None, 8)


def test_visible_dropout_sits_right_after_the_input():
    model = build_mlp(60, (60, 30), 2, dropout_input=0.2)
    assert layer_kinds(model) == ["Dropout", "Dense", "Dense", "Dense"]
    assert model.layers[0].rate == 0.2


def test_hidden_dropout_after_every_hidden_layer_before_the_output():
    model = build_mlp(60, (60, 30), 3, dropout_hidden=[0.2, 0.5])
    assert layer_kinds(model) == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert [model.layers[i].rate for i in (1, 3)] == [0.2, 0.5]
    assert model.layers[-1].units == 3 and model.loss == "sparse_categorical_crossentropy"


def test_max_norm_is_set_on_hidden_layers_only():
    model = build_mlp(4, (5, 5), 2, max_norm=3)
    hidden = [layer for layer in model.layers if layer.name.startswith("oculta")]
    for layer in hidden:
        assert isinstance(layer.kernel_constraint, keras.constraints.MaxNorm)
        assert layer.kernel_constraint.max_value == 3
    assert model.layers[-1].kernel_constraint is None
    assert build_mlp(4, (5,), 2).layers[0].kernel_constraint is None


def test_max_norm_binds_after_a_training_step():
    model = build_mlp(4, (5,), 2, max_norm=0.1, optimizer=make_sgd(1.0))
    X = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    model.fit(X, (X[:, 0] > 0).astype("int64"), epochs=2, verbose=0)
    norms = np.linalg.norm(model.layers[0].kernel.numpy(), axis=0)
    assert norms.max() <= 0.1 + 1e-5


def test_optimizer_and_integer_hidden():
    model = build_mlp(3, 4, 2, optimizer=make_sgd(0.1, 0.9))
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert float(model.optimizer.momentum) == pytest.approx(0.9)


@pytest.mark.parametrize(
    "kwargs, param",
    [
        ({"n_inputs": 0}, "n_inputs"),
        ({"hidden": ()}, "hidden"),
        ({"hidden": (4, 0)}, "hidden"),
        ({"hidden": "16"}, "hidden"),
        ({"n_classes": 1}, "n_classes"),
        ({"dropout_input": 1.0}, "dropout_input"),
        ({"dropout_input": -0.1}, "dropout_input"),
        ({"dropout_hidden": 1.2}, "dropout_hidden"),
        ({"dropout_hidden": [0.2, 0.2, 0.2]}, "dropout_hidden"),
        ({"max_norm": 0}, "max_norm"),
        ({"max_norm": "3"}, "max_norm"),
        ({"activation": "relux"}, "activation"),
        ({"optimizer": "no-such"}, "optimizer"),
        ({"optimizer": 3}, "optimizer"),
    ],
)
def test_bad_arguments(kwargs, param):
    args = {"n_inputs": 4, "hidden": (4, 4), "n_classes": 2} | kwargs
    with pytest.raises(CourseInputError) as info:
        build_mlp(**args)
    assert info.value.param == param
