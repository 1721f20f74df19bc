"""Lesson 5's claims: the one-epoch offset, the ignored SGD rate, recorded steps, evaluation."""

from helpers import seed_everything
from helpers.compare import paired_comparison
from helpers.lr_recorder import LearningRateRecorder
from helpers.optimizers import make_sgd
from helpers.schedule_experiments import (
    DROP,
    EPOCHS_DROP,
    EVALUATION,
    LR0,
    MOMENTUM,
    STEP_BATCH_SIZE,
    STEP_EPOCHS,
    build_network,
    cross_validation_inputs,
    fold_rows,
    lesson_data,
    schedule_setup,
)
from helpers.schedules import step_decay, step_decay_as_described
from helpers.training import cross_validate, train

import itertools

import keras
import numpy as np
import pytest

pytestmark = pytest.mark.claims


def first_lower_epoch(formula):
    """Counting from 1, the first epoch below 0.1 for the course's example."""
    return next(t + 1 for t in range(100) if formula(t, 0.1, 0.5, 10) < 0.1)


def test_the_course_formula_drops_one_epoch_early():
    assert first_lower_epoch(step_decay) == 10  # 9 epochs at 0.1
    assert first_lower_epoch(step_decay_as_described) == 11  # 10 epochs at 0.1, as described
    # After the first step, both keep blocks of 10 epochs.
    rates = [step_decay(t, 0.1, 0.5, 10) for t in range(40)]
    assert [len(list(g)) for _, g in itertools.groupby(rates)] == [9, 10, 10, 10, 1]


def test_scheduler_ignores_the_sgd_rate_and_history_has_the_steps():
    _, split = lesson_data()
    assert (LR0, DROP, EPOCHS_DROP, STEP_EPOCHS) == (0.1, 0.5, 10, 30)
    seed_everything(0)
    recorder = LearningRateRecorder()
    model = build_network(make_sgd(learning_rate=0.5, momentum=MOMENTUM))
    history = train(
        model,
        split.X_train,
        split.y_train,
        split.X_val,
        split.y_val,
        epochs=STEP_EPOCHS,
        batch_size=STEP_BATCH_SIZE,
        callbacks=[
            keras.callbacks.LearningRateScheduler(
                lambda epoch: step_decay(epoch, LR0, DROP, EPOCHS_DROP)
            ),
            recorder,
        ],
    )
    rates = np.array(history.history["learning_rate"])
    expected = [step_decay(t, LR0, DROP, EPOCHS_DROP) for t in range(STEP_EPOCHS)]
    assert recorder.batch_rates[0] == pytest.approx(0.1)
    assert np.abs(rates - expected).max() < 1e-6
    assert [len(list(g)) for _, g in itertools.groupby(rates.round(6))] == [9, 10, 10, 1]
    assert np.unique(rates.round(6))[::-1].tolist() == [0.1, 0.05, 0.025, 0.0125]


def test_neither_schedule_beats_the_constant_rate_beyond_noise():
    data, _ = lesson_data()
    setups = {
        name: schedule_setup(
            name,
            epochs=EVALUATION["epochs"],
            n_rows=fold_rows(len(data.y), EVALUATION["n_splits"]),
            batch_size=EVALUATION["batch_size"],
        )
        for name in ("constante", "tiempo", "escalones")
    }
    configs, callbacks = cross_validation_inputs(setups)
    scores = cross_validate(
        configs, data.X, data.y, callbacks=callbacks, progress=False, **EVALUATION
    )
    for other in ("tiempo", "escalones"):
        for metric in ("val_accuracy", "val_loss"):
            assert not paired_comparison(scores, "constante", other, metric).exceeds_noise
