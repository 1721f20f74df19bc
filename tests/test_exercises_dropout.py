from helpers.compare import paired_comparison
from helpers.dropout_experiments import Net
from helpers.exercises.dropout import (
    check_best_rate,
    check_hidden_model,
    check_noise_verdict,
    check_scaling,
    check_training_scale,
    check_unit_norms,
    check_visible_model,
)

import keras
import pandas as pd


def dense(units, norm=None, activation="relu"):
    constraint = keras.constraints.MaxNorm(norm) if norm else None
    return keras.layers.Dense(units, activation=activation, kernel_constraint=constraint)


def seq(*layers):
    return keras.Sequential([keras.Input(shape=(40,)), *layers])


def test_unanswered_exercises_say_so_without_error():
    for feedback in (
        check_visible_model(None),
        check_scaling(None, None),
        check_noise_verdict(None, None),
        check_hidden_model(None),
        check_best_rate(None, None),
        check_training_scale(0.5, None),
    ):
        assert not feedback.ok and "None" in str(feedback)


def test_visible_model():
    good = seq(keras.layers.Dropout(0.2), dense(60, 3), dense(30, 3), dense(1, None, "sigmoid"))
    assert check_visible_model(good).ok
    no_norm = seq(keras.layers.Dropout(0.2), dense(60), dense(1, None, "sigmoid"))
    assert "MaxNorm(3)" in str(check_visible_model(no_norm))
    wrong_rate = seq(keras.layers.Dropout(0.5), dense(60, 3), dense(1, None, "sigmoid"))
    assert not check_visible_model(wrong_rate).ok
    no_dropout = seq(dense(60, 3), dense(1, None, "sigmoid"))
    assert "primera capa" in str(check_visible_model(no_dropout))
    assert not check_visible_model("red").ok


def test_scaling():
    assert check_scaling(0.25, 1 / 0.75).ok
    assert not check_scaling(0.25, 0.75).ok
    assert not check_scaling(0.75, 1 / 0.75).ok


def test_unit_norms():
    model = Net(hidden=(5,)).build(4, 2)
    kernel = model.get_layer("oculta_1").kernel.numpy()
    import numpy as np

    assert check_unit_norms(np.linalg.norm(kernel, axis=0), model).ok
    assert "por entrada" in str(check_unit_norms(np.linalg.norm(kernel, axis=1), model))
    assert not check_unit_norms(np.ones(5), model).ok
    assert not check_unit_norms(None, model).ok


def test_noise_verdict():
    rows = [
        {"config": c, "fold": f, "val_accuracy": v}
        for c, vals in {"a": [0.8, 0.9, 0.7], "b": [0.81, 0.88, 0.72]}.items()
        for f, v in enumerate(vals, start=1)
    ]
    cmp = paired_comparison(pd.DataFrame(rows), "a", "b")
    assert check_noise_verdict(False, cmp).ok
    assert not check_noise_verdict(True, cmp).ok
    assert "True o False" in str(check_noise_verdict("no", cmp))


def test_hidden_model():
    good = seq(dense(60), keras.layers.Dropout(0.3), dense(30), keras.layers.Dropout(0.3))
    good.add(dense(1, None, "sigmoid"))
    assert check_hidden_model(good).ok
    missing_last = seq(dense(60), keras.layers.Dropout(0.3), dense(30), dense(1, None, "sigmoid"))
    assert "falta un Dropout" in str(check_hidden_model(missing_last))
    with_input = seq(keras.layers.Dropout(0.2), dense(60), keras.layers.Dropout(0.3))
    with_input.add(dense(30))
    with_input.add(keras.layers.Dropout(0.3))
    with_input.add(dense(1, None, "sigmoid"))
    assert "entrada" in str(check_hidden_model(with_input))


def test_best_rate():
    summary = pd.DataFrame({"mean": [0.7, 0.75, 0.5]}, index=["a", "b", "c"])
    assert check_best_rate("b", summary).ok
    assert not check_best_rate("a", summary).ok
    assert "'a', 'b', 'c'" in str(check_best_rate("z", summary))


def test_training_scale():
    assert check_training_scale(0.5, 2).ok
    assert "inferencia" in str(check_training_scale(0.5, 0.5))
    assert not check_training_scale(0.5, 3).ok
    assert not check_training_scale(0.5, "dos").ok
