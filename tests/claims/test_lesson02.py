"""Lesson 2's claims, re-run on the configurations of ``helpers.dropout_experiments``."""

from helpers.compare import paired_comparison
from helpers.data import load_breast_cancer
from helpers.dropout_demo import make_no_dropout_metrics, unit_weight_norms
from helpers.dropout_experiments import (
    CURVE_DEMO_EPOCHS,
    CURVE_DEMO_NET,
    LESSON2_CONFIGS,
    LESSON2_EPOCHS,
    NORM_DEMO_EPOCHS,
    NORM_DEMO_NETS,
    SEED,
    cv_plan,
    fit_runs,
    lesson_split,
    overfitting_data,
    run_cv,
)

import keras
import numpy as np
import pytest

pytestmark = pytest.mark.claims


def test_dropout_layer_zeroes_units_scales_the_rest_and_does_nothing_at_evaluation():
    layer = keras.layers.Dropout(0.2, seed=SEED)
    x = np.ones((1, 10), dtype="float32")
    first, second = (np.asarray(layer(x, training=True)) for _ in range(2))
    assert not np.array_equal(first, second)
    for out in (first, second):
        assert set(np.round(out.ravel(), 5)) <= {0.0, 1.25}
    assert np.array_equal(np.asarray(layer(x, training=False)), x)


def test_a_dropout_model_gives_different_outputs_only_in_training():
    data = overfitting_data()
    model = LESSON2_CONFIGS["dropout visible"].build(data.X.shape[1], 2)
    row = data.X[:1]
    assert float(model(row, training=True)[0, 0]) != float(model(row, training=True)[0, 0])
    assert float(model(row, training=False)[0, 0]) == float(model(row, training=False)[0, 0])


def test_the_training_curve_of_fit_is_measured_with_dropout():
    """The loss fit records is clearly above the re-evaluated one, the accuracy below or equal."""
    split = lesson_split(load_breast_cancer())
    _, history = fit_runs(
        {"d": CURVE_DEMO_NET},
        split,
        epochs=CURVE_DEMO_EPOCHS,
        callbacks=lambda name: [make_no_dropout_metrics(split.X_train, split.y_train)],
    )["d"]
    h = history.history
    assert h["loss"][-1] > 1.5 * h["no_dropout_loss"][-1]
    assert h["accuracy"][-1] <= h["no_dropout_accuracy"][-1]


def test_visible_dropout_is_within_the_noise_of_the_baseline():
    scores = run_cv(LESSON2_CONFIGS, overfitting_data(), cv_plan(False, epochs=LESSON2_EPOCHS))
    assert not paired_comparison(scores, "base", "dropout visible").exceeds_noise


def test_max_norm_3_does_not_bind_at_learning_rate_0_1():
    split = lesson_split(overfitting_data())
    runs = fit_runs(NORM_DEMO_NETS, split, epochs=NORM_DEMO_EPOCHS, validation=False)
    free, capped = (runs[name][0] for name in ("sin max-norm", "max-norm 3"))
    assert unit_weight_norms(free)["norma"].max() < 3
    for a, b in zip(free.get_weights(), capped.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-4)  # MaxNorm rescales by norm/(norm+ε)
