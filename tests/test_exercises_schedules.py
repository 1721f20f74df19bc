import math

import keras
import numpy as np
import pytest

from helpers.exercises import schedules as ex
from helpers.schedules import step_decay


def ok(feedback):
    return feedback.ok and str(feedback) == "¡Correcto!"


def hint(feedback, text):
    return not feedback.ok and text in str(feedback)


def test_unanswered_exercises_say_so_without_error():
    for feedback in (
        ex.check_suggested_decay(None),
        ex.check_old_keras_last_rate(None),
        ex.check_per_batch_optimizer(None),
        ex.check_described_schedule(None),
        ex.check_first_drop(None),
        ex.check_step_scheduler(None),
        ex.check_plateau_callback(None),
        ex.check_halving_exponential(None),
    ):
        assert hint(feedback, "None")


def reveals_nothing(feedback, *answers):
    return not any(answer in str(feedback) for answer in answers)


@pytest.mark.parametrize("answer", [0.002, 2e-3, np.float64(0.002), np.float32(0.002), 0.05 / 25])
def test_suggested_decay_in_any_valid_form(answer):
    assert ok(ex.check_suggested_decay(answer))


@pytest.mark.parametrize(
    "answer, words",
    [
        (500.0, "invertido"),
        (0.01, "épocas"),
        (0.05, "épocas"),
        ("0.002", "sin comillas"),
        ((0, 2), "con punto"),
        (float("nan"), "finito"),
        (True, "True"),
    ],
)
def test_suggested_decay_wrong_answers(answer, words):
    feedback = ex.check_suggested_decay(answer)
    assert hint(feedback, words) and reveals_nothing(feedback, "0.002", "/ épocas", "0,002")


LAST_RATE = 0.05 / (1 + 0.01 * 119)


@pytest.mark.parametrize(
    "answer", [LAST_RATE, 0.0228, 0.02283, 0.022831, np.float32(LAST_RATE), np.float64(0.0228)]
)
def test_old_keras_last_rate_accepts_rounded_answers(answer):
    assert ok(ex.check_old_keras_last_rate(answer))


@pytest.mark.parametrize(
    "answer, words",
    [
        (0.023, "más decimales"),
        (0.0229, "redondeo"),
        (0.05 / (1 + 0.01 * 120), "desde 0"),
        (0.0227, "desde 0"),
        (0.05 / (1 + 0.01 * 9), "lote"),
        (0.0459, "lote"),
        (0.05 / (1 + 0.01 * 10), "lote"),
        (0.05, "tasa inicial"),
        (0.01, "actualizaciones"),
        ("0.0228", "sin comillas"),
    ],
)
def test_old_keras_last_rate_wrong_answers(answer, words):
    feedback = ex.check_old_keras_last_rate(answer)
    assert hint(feedback, words) and reveals_nothing(feedback, "0.0228", "119", "0,0228")


def test_per_batch_optimizer():
    schedules = keras.optimizers.schedules
    schedule = schedules.InverseTimeDecay(0.05, decay_steps=1, decay_rate=0.01)
    assert ok(ex.check_per_batch_optimizer(keras.optimizers.SGD(schedule, momentum=0.9)))
    # The same rates written another way: 12 steps per "decay step", 12 times the decay rate.
    same = schedules.InverseTimeDecay(0.05, decay_steps=12, decay_rate=0.12)
    assert ok(ex.check_per_batch_optimizer(keras.optimizers.SGD(same, momentum=0.9)))
    assert hint(ex.check_per_batch_optimizer(keras.optimizers.SGD(0.05, momentum=0.9)), "decay=")
    per_epoch = schedules.InverseTimeDecay(0.05, 9, 0.01, staircase=True)
    assert hint(ex.check_per_batch_optimizer(keras.optimizers.SGD(per_epoch, 0.9)), "cada actual")
    other_start = schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.01)
    assert hint(ex.check_per_batch_optimizer(keras.optimizers.SGD(other_start, 0.9)), "inicial")
    feedback = ex.check_per_batch_optimizer(keras.optimizers.SGD(schedule, 0.5))
    assert hint(feedback, "momento") and reveals_nothing(feedback, "0.9")
    assert hint(ex.check_per_batch_optimizer("sgd"), "SGD")


def test_per_batch_optimizer_leaves_the_update_count_as_it_was():
    # The checker reads the rate at several updates through the public `iterations` counter.
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.05, decay_steps=1, decay_rate=0.01)
    optimizer = keras.optimizers.SGD(schedule, momentum=0.9)
    optimizer.iterations.assign(37)
    assert ok(ex.check_per_batch_optimizer(optimizer))
    assert int(optimizer.iterations.numpy()) == 37


def described(epoch):
    return 0.2 * 0.5 ** (epoch // 5)


def described_with_ifs(epoch):
    if epoch < 5:
        return 0.2
    if epoch < 10:
        return 0.1
    if epoch < 15:
        return 0.05
    return 0.025  # stops decaying: only caught if enough epochs are checked


@pytest.mark.parametrize(
    "function",
    [
        described,
        lambda epoch, lr: 0.2 * 0.5 ** (epoch // 5),  # LearningRateScheduler's signature
        lambda e: 0.2 * 0.5 ** math.floor(e / 5),
        lambda e: np.float32(0.2 * 0.5 ** (e // 5)),
    ],
)
def test_described_schedule_in_any_valid_form(function):
    assert ok(ex.check_described_schedule(function))


@pytest.mark.parametrize(
    "function, words",
    [
        (lambda e: 0.2 * 0.5 ** ((1 + e) // 5), "fórmula del curso"),
        (lambda e: 0.2 * 0.5 ** (max(e - 1, 0) // 5), "más tarde"),
        (described_with_ifs, "deja de bajar"),
        (lambda e: 0.2 * 0.1 ** (e // 5), "factor"),
        (lambda e: 0.2 * 0.5 ** (e // 10), "escalón"),
        (lambda e: 0.1 * 0.5 ** (e // 5), "época 0"),
        (lambda e: 0.2, "no baja nunca"),
        (lambda e: 1 / 0, "ZeroDivisionError"),
        (lambda e: None, "falta `return`"),
        (lambda epoch, lr: lr * 0.5 ** (epoch // 5), "ya bajó en los escalones anteriores"),
        (3, "función"),
    ],
)
def test_described_schedule_wrong_answers(function, words):
    feedback = ex.check_described_schedule(function)
    assert hint(feedback, words) and reveals_nothing(feedback, "e // 5", "floor(epoch / 5")


@pytest.mark.parametrize("answer", [8, np.int64(8), 8.0])
def test_first_drop_in_any_valid_form(answer):
    assert ok(ex.check_first_drop(answer))


@pytest.mark.parametrize(
    "answer, words",
    [
        (9, "descripción"),
        (7, "desde 1"),
        (16, "dos veces"),
        (3, "fórmula del curso"),
        (8.5, "entero"),
        ("8", "sin comillas"),
        ((8,), "coma"),
    ],
)
def test_first_drop_wrong_answers(answer, words):
    feedback = ex.check_first_drop(answer)
    assert hint(feedback, words) and reveals_nothing(feedback, "8")


def course_formula(epoch):
    return 0.08 * 0.5 ** ((1 + epoch) // 3)


def halve_at_the_end_of_each_step(epoch, lr):
    return lr * 0.5 if (epoch + 1) % 3 == 0 else lr


@pytest.mark.parametrize(
    "callback",
    [
        keras.callbacks.LearningRateScheduler(lambda epoch: step_decay(epoch, 0.08, 0.5, 3)),
        keras.callbacks.LearningRateScheduler(course_formula),
        keras.callbacks.LearningRateScheduler(lambda epoch, lr: course_formula(epoch)),
        # Multiplies the current rate (the optimizer starts at 0.08): the same rates.
        keras.callbacks.LearningRateScheduler(halve_at_the_end_of_each_step),
    ],
)
def test_step_scheduler_in_any_valid_form(callback):
    assert ok(ex.check_step_scheduler(callback))


@pytest.mark.parametrize(
    "function, words",
    [
        (lambda e: 0.08 * 0.5 ** (e // 3), "más tarde"),  # the lesson's own off-by-one
        (lambda e: 0.08 * 0.5 ** ((2 + e) // 3), "antes"),
        (lambda e: 0.08 * 0.5 ** ((1 + e) // 4), "escalón"),
        (lambda e: 0.08 * 0.25 ** ((1 + e) // 3), "factor"),
        (lambda e: 0.08 * 0.5 ** min((1 + e) // 3, 4), "deja de bajar"),
        (lambda e: 0.1 * 0.5 ** ((1 + e) // 3), "época 0"),
        (lambda e: 0.1 * 0.5 ** ((1 + e) // 3), "es 0,1:"),  # the course's decimal comma
        (lambda epoch, lr: None, "falta `return`"),
        (lambda epoch, lr: lr * 0.5 ** ((1 + epoch) // 3), "calcula la tasa a partir de `lr`"),
    ],
)
def test_step_scheduler_wrong_answers(function, words):
    feedback = ex.check_step_scheduler(keras.callbacks.LearningRateScheduler(function))
    assert hint(feedback, words)
    assert reveals_nothing(feedback, "(1 + epoch) // 3", "floor((1 + epoch)")
    assert "revisa lr0, drop y epochs_drop" not in str(feedback)


def test_step_scheduler_not_a_scheduler():
    assert hint(ex.check_step_scheduler(lambda e: 0.1), "LearningRateScheduler")


def test_plateau_callback():
    plateau = keras.callbacks.ReduceLROnPlateau
    assert ok(ex.check_plateau_callback(plateau(monitor="val_loss", factor=0.2, patience=4)))
    assert ok(ex.check_plateau_callback(plateau("val_loss", 0.2, np.int64(4), mode="min")))
    feedback = ex.check_plateau_callback(plateau(monitor="loss", factor=0.5, patience=1))
    assert hint(feedback, "validación") and "factor" in str(feedback)
    assert "paciencia" in str(feedback)
    assert reveals_nothing(feedback, "val_loss", "0.2", "4")
    feedback = ex.check_plateau_callback(plateau("val_loss", 0.2, 4, mode="max"))
    assert hint(feedback, "mode")
    assert hint(ex.check_plateau_callback(3), "ReduceLROnPlateau")


@pytest.mark.parametrize(
    "schedule",
    [
        keras.optimizers.schedules.ExponentialDecay(0.1, 120, 0.5),
        keras.optimizers.schedules.ExponentialDecay(0.1, 120, 0.5, staircase=True),
        keras.optimizers.schedules.ExponentialDecay(0.1, 1, 0.5 ** (1 / 120)),
    ],
)
def test_halving_exponential_in_any_valid_form(schedule):
    assert ok(ex.check_halving_exponential(schedule))


@pytest.mark.parametrize(
    "schedule, words",
    [
        (keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5), "actualizaciones, no épocas"),
        (keras.optimizers.schedules.ExponentialDecay(0.05, 120, 0.5), "partida"),
        (keras.optimizers.schedules.ExponentialDecay(0.1, 120, 0.25), "decay_rate"),
        (keras.optimizers.schedules.ExponentialDecay(0.1, 12, 0.5), "decay_steps"),
        (keras.optimizers.schedules.InverseTimeDecay(0.1, 120, 1.0), "pide un keras"),
        (0.1, "schedules"),
    ],
)
def test_halving_exponential_wrong_answers(schedule, words):
    feedback = ex.check_halving_exponential(schedule)
    assert hint(feedback, words) and reveals_nothing(feedback, "120")


@pytest.mark.parametrize("value", [float("nan"), True])
def test_non_numbers_are_hinted(value):
    assert not ex.check_suggested_decay(value).ok
