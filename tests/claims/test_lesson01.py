"""Lesson 1's claims: each of the three runs shows its reading, and EarlyStopping helps.

The configurations come from ``helpers.history_lab.RUNS``, the same the notebook trains.
"""

from helpers.diagnose import diagnose
from helpers.history_lab import EARLY_STOPPING_PATIENCE, RUNS, run_config
from helpers.training import evaluate

import keras
import numpy as np
import pytest

pytestmark = pytest.mark.claims


@pytest.fixture(scope="module")
def runs():
    return {name: run_config(config) for name, config in RUNS.items()}


def curves(result):
    return {k: np.asarray(v) for k, v in result.history.history.items()}


def test_first_run_could_train_longer_and_is_not_overfitted(runs):
    """(a) Both accuracies still rise and both losses still fall at the end; similar skill."""
    h = curves(runs["sigue_mejorando"])
    d = diagnose(runs["sigue_mejorando"].history)
    assert d.verdict == "sigue_mejorando"
    back = -d.last  # the start of the window the diagnosis looks at
    for key in ("loss", "val_loss"):
        assert h[key][-1] < 0.95 * h[key][back]
    for key in ("accuracy", "val_accuracy"):
        assert h[key][-1] > h[key][back]
    assert d.slopes["accuracy"] > 0 and d.slopes["val_accuracy"] > 0
    # comparable skill on both sets (H9): a small final gap
    assert abs(d.gap["accuracy"]) < 0.05 and abs(d.gap["loss"]) < 0.1


def test_second_run_reaches_a_plateau(runs):
    """(b) From the plateau on, the validation loss stays within a few percent of its end."""
    h = curves(runs["meseta"])
    d = diagnose(runs["meseta"].history)
    assert d.verdict == "meseta" and d.divergence_start is None
    assert d.plateau_start <= RUNS["meseta"].epochs // 2
    tail = h["val_loss"][d.plateau_start - 1 :]
    assert tail.max() - tail.min() < 0.1 * tail[-1]
    # before the plateau, the validation loss had fallen a lot
    assert h["val_loss"][0] > 2 * tail[-1]
    # ... while the training loss keeps falling slowly after it
    assert h["loss"][-1] < 0.8 * h["loss"][d.plateau_start - 1]


def test_third_run_overfits(runs):
    """(c) The validation loss turns up while the training loss keeps falling."""
    h = curves(runs["sobreajuste"])
    d = diagnose(runs["sobreajuste"].history)
    assert d.verdict == "sobreajuste"
    best = d.best_epoch
    assert best <= 10
    assert h["val_loss"][-1] > 1.5 * h["val_loss"][best - 1]
    assert h["loss"][-1] < 0.1 * h["loss"][best - 1]
    assert h["accuracy"][-1] == 1.0  # the training set is learnt by heart
    # validation accuracy barely moves after the best epoch: two cases of 143 at most
    n_val = len(runs["sobreajuste"].split.y_val)
    assert np.ptp(h["val_accuracy"][best - 1 :]) <= 2 / n_val + 1e-9
    assert d.gap["loss"] > 0.1


def test_early_stopping_stops_early_and_restores_the_best_weights(runs):
    """EarlyStopping on (c): stops well before the end; the restored weights beat the last
    epoch's loss, and their accuracy is within two validation cases of it."""
    stop = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=EARLY_STOPPING_PATIENCE, restore_best_weights=True
    )
    result = run_config(RUNS["sobreajuste"], callbacks=[stop])
    h = curves(result)
    full = curves(runs["sobreajuste"])
    stopped_at = len(h["loss"])
    best = int(np.argmin(h["val_loss"])) + 1
    assert stopped_at == best + EARLY_STOPPING_PATIENCE < RUNS["sobreajuste"].epochs
    np.testing.assert_allclose(h["val_loss"], full["val_loss"][:stopped_at], rtol=1e-5)
    restored = evaluate(result.model, result.split.X_val, result.split.y_val)
    assert restored["loss"] == pytest.approx(h["val_loss"].min(), rel=1e-4)
    assert restored["loss"] < 0.7 * full["val_loss"][-1]
    n_val = len(result.split.y_val)
    assert abs(restored["accuracy"] - full["val_accuracy"][-1]) <= 2 / n_val + 1e-9
