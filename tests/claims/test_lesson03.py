"""Lesson 3's claims, re-run on the configurations of ``helpers.dropout_experiments``."""

from helpers.compare import paired_comparison
from helpers.dropout_demo import make_no_dropout_metrics, unit_weight_norms
from helpers.dropout_experiments import (
    HIGH_LR_EPOCHS,
    HIGH_LR_NETS,
    LESSON3_CONFIGS,
    LESSON3_EPOCHS,
    OVERFIT_CURVE_EPOCHS,
    OVERFIT_CURVE_NETS,
    cv_plan,
    fit_runs,
    lesson_split,
    overfitting_data,
    run_cv,
)

import pytest

pytestmark = pytest.mark.claims


@pytest.fixture(scope="module")
def scores():
    return run_cv(
        LESSON3_CONFIGS, overfitting_data(), cv_plan(False, epochs=LESSON3_EPOCHS), progress=False
    )


def test_without_dropout_it_overfits_and_dropout_shrinks_the_gap():
    split = lesson_split(overfitting_data())
    runs = fit_runs(
        OVERFIT_CURVE_NETS,
        split,
        epochs=OVERFIT_CURVE_EPOCHS,
        callbacks=lambda name: [make_no_dropout_metrics(split.X_train, split.y_train)],
    )
    h = {name: history.history for name, (_, history) in runs.items()}
    plain, dropout = h["sin dropout"], h["dropout ocultas 0,5"]
    assert plain["no_dropout_accuracy"][-1] == 1.0
    assert plain["val_loss"][-1] > 2 * min(plain["val_loss"])  # clear over-fitting

    def gap(run):
        return run["no_dropout_accuracy"][-1] - run["val_accuracy"][-1]

    assert gap(dropout) < gap(plain)
    assert dropout["val_loss"][-1] < plain["val_loss"][-1]


def test_hidden_dropout_is_within_the_noise_of_the_baseline(scores):
    assert not paired_comparison(scores, "base", "ocultas 0,2").exceeds_noise


def test_rates_up_to_half_are_within_noise_and_0_8_under_learns(scores):
    for other in ("ocultas 0", "ocultas 0,5"):
        assert not paired_comparison(scores, "ocultas 0,2", other).exceeds_noise
    for metric in ("val_accuracy", "train_accuracy"):
        cmp = paired_comparison(scores, "ocultas 0,2", "ocultas 0,8", metric=metric)
        assert cmp.exceeds_noise and cmp.mean_difference < 0


def test_a_larger_network_is_within_noise(scores):
    assert not paired_comparison(scores, "ocultas 0,2", "grande, ocultas 0,2").exceeds_noise


def test_dropout_on_every_layer_is_within_noise(scores):
    assert not paired_comparison(scores, "ocultas 0,2", "todas las capas 0,2").exceeds_noise


def test_high_learning_rate_grows_weights_and_max_norm_4_caps_them():
    split = lesson_split(overfitting_data())
    runs = fit_runs(HIGH_LR_NETS, split, epochs=HIGH_LR_EPOCHS)
    (free, free_hist), (capped, capped_hist) = (
        runs["tasa 0,1 · momento 0,99 · sin max-norm"],
        runs["tasa 0,1 · momento 0,99 · max-norm 4"],
    )
    assert unit_weight_norms(free)["norma"].max() > 2 * 4
    assert unit_weight_norms(capped)["norma"].max() <= 4 + 1e-4
    assert capped_hist.history["val_accuracy"][-1] > free_hist.history["val_accuracy"][-1]
