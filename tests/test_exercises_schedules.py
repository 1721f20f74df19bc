from helpers.exercises import schedules as ex
from helpers.schedules import step_decay_scheduler

import keras
import pandas as pd
import pytest


def ok(feedback):
    return feedback.ok and str(feedback) == "¡Correcto!"


def hint(feedback, text):
    return not feedback.ok and text in str(feedback)


def test_unanswered_exercises_say_so_without_error():
    scores = pd.DataFrame({"config": ["a", "b"], "fold": [1, 1], "val_loss": [0.1, 0.2]})
    for feedback in (
        ex.check_suggested_decay(None),
        ex.check_old_keras_last_rate(None),
        ex.check_per_batch_optimizer(None),
        ex.check_described_schedule(None),
        ex.check_first_drop(None),
        ex.check_step_scheduler(None),
        ex.check_plateau_callback(None),
        ex.check_halving_exponential(None),
        ex.check_noise_verdict(None, scores, "a", "b"),
    ):
        assert hint(feedback, "None")


def test_suggested_decay():
    assert ok(ex.check_suggested_decay(0.002))
    assert hint(ex.check_suggested_decay(500.0), "invertido")
    assert hint(ex.check_suggested_decay(0.01), "regla")
    assert hint(ex.check_suggested_decay("0.002"), "número")


def test_old_keras_last_rate():
    assert ok(ex.check_old_keras_last_rate(0.05 / (1 + 0.01 * 119)))
    assert hint(ex.check_old_keras_last_rate(0.05 / (1 + 0.01 * 120)), "desde 0")
    assert hint(ex.check_old_keras_last_rate(0.05 / (1 + 0.01 * 9)), "lote")
    assert hint(ex.check_old_keras_last_rate(0.05), "actualizaciones")


def test_per_batch_optimizer():
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.05, decay_steps=1, decay_rate=0.01)
    assert ok(ex.check_per_batch_optimizer(keras.optimizers.SGD(schedule, momentum=0.9)))
    assert hint(ex.check_per_batch_optimizer(keras.optimizers.SGD(0.05, momentum=0.9)), "decay=")
    per_epoch = keras.optimizers.schedules.InverseTimeDecay(0.05, 9, 0.01, staircase=True)
    assert hint(ex.check_per_batch_optimizer(keras.optimizers.SGD(per_epoch, 0.9)), "cada actual")
    assert hint(ex.check_per_batch_optimizer(keras.optimizers.SGD(schedule, 0.5)), "momento")
    assert hint(ex.check_per_batch_optimizer("sgd"), "SGD")


def test_described_schedule():
    assert ok(ex.check_described_schedule(lambda e: 0.2 * 0.5 ** (e // 5)))
    assert hint(ex.check_described_schedule(lambda e: 0.2 * 0.5 ** ((1 + e) // 5)), "fórmula del")
    assert hint(ex.check_described_schedule(lambda e: 0.2), "época 5")
    assert hint(ex.check_described_schedule(lambda e: 1 / 0), "ZeroDivisionError")
    assert hint(ex.check_described_schedule(3), "función")


def test_first_drop():
    assert ok(ex.check_first_drop(8))
    assert hint(ex.check_first_drop(9), "descripción")
    assert hint(ex.check_first_drop(7), "desde 1")
    assert hint(ex.check_first_drop(3), "floor")
    assert hint(ex.check_first_drop(8.0), "entero")


def test_step_scheduler():
    assert ok(ex.check_step_scheduler(step_decay_scheduler(0.08, 0.5, 3)))
    assert ok(
        ex.check_step_scheduler(
            keras.callbacks.LearningRateScheduler(
                lambda epoch, lr: 0.08 * 0.5 ** ((1 + epoch) // 3)
            )
        )
    )
    assert hint(ex.check_step_scheduler(step_decay_scheduler(0.08, 0.5, 4)), "época 2")
    assert hint(ex.check_step_scheduler(lambda e: 0.1), "LearningRateScheduler")


def test_plateau_callback():
    good = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=4)
    assert ok(ex.check_plateau_callback(good))
    bad = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1)
    feedback = ex.check_plateau_callback(bad)
    assert (
        hint(feedback, "validación") and "factor" in str(feedback) and "paciencia" in str(feedback)
    )
    assert hint(ex.check_plateau_callback(3), "ReduceLROnPlateau")


def test_halving_exponential():
    schedules = keras.optimizers.schedules
    assert ok(ex.check_halving_exponential(schedules.ExponentialDecay(0.1, 120, 0.5)))
    assert hint(
        ex.check_halving_exponential(schedules.ExponentialDecay(0.1, 10, 0.5)), "decay_steps"
    )
    assert hint(ex.check_halving_exponential(0.1), "schedules")


def test_noise_verdict():
    clear = pd.DataFrame(
        {
            "config": ["a"] * 3 + ["b"] * 3,
            "fold": [1, 2, 3] * 2,
            "val_loss": [0.30, 0.31, 0.29, 0.10, 0.12, 0.11],
        }
    )
    assert ok(ex.check_noise_verdict(True, clear, "a", "b"))
    assert hint(ex.check_noise_verdict(False, clear, "a", "b"), "variación")
    assert hint(ex.check_noise_verdict("sí", clear, "a", "b"), "True")


@pytest.mark.parametrize("value", [float("nan"), True])
def test_non_numbers_are_hinted(value):
    assert not ex.check_suggested_decay(value).ok
