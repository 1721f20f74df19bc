"""Learning-rate schedules of lessons 4-6: formulas per epoch and the Keras objects applying them.

Epochs are Keras' 0-based index (the first epoch is ``epoch=0``); rates are plain floats.
"""

import math
from numbers import Real

import numpy as np

from helpers.errors import CourseInputError, check_choice, check_int, check_real

# The schedules the lab and the comparison notebook know, by their Spanish names.
SCHEDULE_NAMES = ("constante", "tiempo", "escalones", "exponencial", "coseno")


def _check_lr0(lr0, param="lr0"):
    return check_real(param, lr0, low=0, low_open=True)


def _check_decay(decay):
    return check_real("decay", decay, low=0)


def _check_drop(drop):
    return check_real("drop", drop, low=0, high=1, low_open=True)


def _check_epochs_drop(epochs_drop):
    return check_int("epochs_drop", epochs_drop, minimum=1)


def _check_epoch(epoch):
    return check_int("epoch", epoch, minimum=0)


def time_based_decay(epoch, lr0=0.1, decay=0.002):
    """The rate of epoch ``epoch`` (0-based): ``lr0 / (1 + decay · epoch)`` (lesson 4)."""
    return _time_based(_check_epoch(epoch), _check_lr0(lr0), _check_decay(decay))


def _time_based(t, lr0, decay):
    return lr0 / (1.0 + decay * t)


def suggested_decay(lr0, epochs):
    """The course's rule of thumb for the time-based decay: ``lr0 / epochs``."""
    return _check_lr0(lr0) / check_int("epochs", epochs, minimum=1)


def step_decay(epoch, lr0=0.1, drop=0.5, epochs_drop=10):
    """The course's step formula: ``lr0 · drop ** floor((1 + epoch) / epochs_drop)``.

    With Keras' 0-based ``epoch`` the first drop happens after ``epochs_drop - 1`` epochs
    (with 10: epochs 1-9 at ``lr0``, epoch 10 already at ``lr0 · drop``).
    """
    return _step(
        _check_epoch(epoch) + 1, _check_lr0(lr0), _check_drop(drop), _check_epochs_drop(epochs_drop)
    )


def step_decay_as_described(epoch, lr0=0.1, drop=0.5, epochs_drop=10):
    """The variant that matches the course's words: ``lr0 · drop ** floor(epoch / epochs_drop)``.

    The first ``epochs_drop`` epochs run at ``lr0``, the next ``epochs_drop`` at ``lr0 · drop``, …
    """
    return _step(
        _check_epoch(epoch), _check_lr0(lr0), _check_drop(drop), _check_epochs_drop(epochs_drop)
    )


def _step(count, lr0, drop, epochs_drop):
    return lr0 * drop ** math.floor(count / epochs_drop)


def steps_per_epoch(n_rows, batch_size):
    """How many weight updates (batches) one epoch makes: ``ceil(n_rows / batch_size)``."""
    n_rows = check_int("n_rows", n_rows, minimum=1)
    return math.ceil(n_rows / check_int("batch_size", batch_size, minimum=1))


def old_keras_decay_rates(lr0, decay, steps_per_epoch, epochs):
    """The rate of every update under Keras 2's ``SGD(decay=…)``: ``lr0 / (1 + decay · t)``.

    ``t`` counts updates (batches) from 0, not epochs. Returns an array of
    ``steps_per_epoch · epochs`` rates.
    """
    lr0, decay = _check_lr0(lr0), _check_decay(decay)
    steps = check_int("steps_per_epoch", steps_per_epoch, minimum=1)
    epochs = check_int("epochs", epochs, minimum=1)
    return lr0 / (1.0 + decay * np.arange(steps * epochs))


def rates_per_epoch(schedule, epochs, *, lr0=0.1, decay=0.002, drop=0.5, epochs_drop=10, rate=0.9):
    """The planned rate of each epoch (array of ``epochs`` floats) for a schedule by name.

    ``schedule``: ``"constante"``, ``"tiempo"`` (``decay``), ``"escalones"`` (the course's formula,
    ``drop`` every ``epochs_drop``), ``"exponencial"`` (``lr0 · rate ** epoch``) or ``"coseno"``
    (from ``lr0`` down to 0 over ``epochs``). Cheap: no Keras, for previews.
    """
    schedule = check_choice("schedule", schedule, SCHEDULE_NAMES)
    epochs = check_int("epochs", epochs, minimum=1)
    lr0 = _check_lr0(lr0)
    t = np.arange(epochs)
    if schedule == "constante":
        return np.full(epochs, lr0)
    if schedule == "tiempo":
        return _time_based(t, lr0, _check_decay(decay))
    if schedule == "escalones":
        drop, epochs_drop = _check_drop(drop), _check_epochs_drop(epochs_drop)
        return lr0 * drop ** np.floor((1 + t) / epochs_drop)
    if schedule == "exponencial":
        return lr0 * check_real("rate", rate, low=0, high=1, low_open=True) ** t
    return lr0 * 0.5 * (1 + np.cos(np.pi * t / epochs))


def time_based_scheduler(lr0=0.1, decay=0.002):
    """A ``keras.callbacks.LearningRateScheduler`` applying ``time_based_decay`` once per epoch."""
    import keras

    lr0, decay = _check_lr0(lr0), _check_decay(decay)
    return keras.callbacks.LearningRateScheduler(lambda epoch: _time_based(epoch, lr0, decay))


def step_decay_scheduler(lr0=0.1, drop=0.5, epochs_drop=10, *, as_described=False):
    """A ``LearningRateScheduler`` applying ``step_decay`` (or ``step_decay_as_described``)."""
    import keras

    lr0, drop, epochs_drop = _check_lr0(lr0), _check_drop(drop), _check_epochs_drop(epochs_drop)
    if not isinstance(as_described, bool):
        raise CourseInputError("as_described", as_described, "debe ser True o False")
    offset = 0 if as_described else 1
    return keras.callbacks.LearningRateScheduler(
        lambda epoch: _step(epoch + offset, lr0, drop, epochs_drop)
    )


def per_batch_time_decay(lr0=0.1, decay=0.002):
    """``InverseTimeDecay`` that lowers the rate after every update, as Keras 2's ``decay`` did.

    Give it to the optimizer: ``make_sgd(learning_rate=per_batch_time_decay(0.1, 0.002))``.
    """
    import keras

    return keras.optimizers.schedules.InverseTimeDecay(
        _check_lr0(lr0), decay_steps=1, decay_rate=_check_decay(decay)
    )


def per_epoch_time_decay(lr0=0.1, decay=0.002, *, steps_per_epoch):
    """``InverseTimeDecay`` following ``time_based_decay`` epoch by epoch (``staircase=True``)."""
    import keras

    return keras.optimizers.schedules.InverseTimeDecay(
        _check_lr0(lr0),
        decay_steps=check_int("steps_per_epoch", steps_per_epoch, minimum=1),
        decay_rate=_check_decay(decay),
        staircase=True,
    )


def check_rates(param, rates):
    """``rates`` as a 1-D float array of positive finite numbers (for plots and comparisons)."""
    if isinstance(rates, Real):
        rates = [rates]
    try:
        values = np.asarray(rates, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise CourseInputError(param, rates, "debe ser una lista de tasas (números)") from None
    if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise CourseInputError(
            param, rates, "debe ser una lista no vacía de tasas finitas mayores que 0"
        )
    return values


def epochs_to_target(history, target, metric="loss"):
    """The first epoch (counted from 1) whose ``metric`` is at or below ``target``, or ``None``.

    ``history``: a Keras ``History``, its ``history`` dict, or a list of values per epoch. Used
    to measure the time a schedule takes to reach a given training loss (lessons 4-6).
    """
    values = history
    if hasattr(values, "history"):
        values = values.history
    if isinstance(values, dict):
        if metric not in values:
            raise CourseInputError("metric", metric, f"el historial tiene {sorted(values)}")
        values = values[metric]
    target = check_real("target", target)
    try:
        values = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise CourseInputError("history", history, "debe ser un History o una lista") from None
    reached = np.flatnonzero(values <= target)
    return int(reached[0]) + 1 if reached.size else None
