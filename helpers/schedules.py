"""Learning-rate schedules of lessons 4-6: their names, their formulas per epoch, and helpers to
read a run. Epochs are Keras' 0-based index (the first epoch is ``epoch=0``)."""

import math
from numbers import Real

import numpy as np

from helpers.errors import CourseInputError, check_choice, check_int, check_real

# The course's schedules: name (what code passes) → Spanish label (what a student reads).
# "meseta" (ReduceLROnPlateau) lowers the rate while training, so no formula plans it ahead.
SCHEDULES = {
    "constante": "Constante",
    "tiempo": "Basada en el tiempo",
    "escalones": "Por escalones",
    "exponencial": "Exponencial",
    "coseno": "Coseno",
    "meseta": "Según el rendimiento (ReduceLROnPlateau)",
}
PLANNED_SCHEDULES = tuple(name for name in SCHEDULES if name != "meseta")


def _lr0(lr0):
    return check_real("lr0", lr0, low=0, low_open=True)


def time_based_decay(epoch, lr0=0.1, decay=0.002):
    """The rate of epoch ``epoch`` (0-based): ``lr0 / (1 + decay · epoch)`` (lesson 4)."""
    epoch = check_int("epoch", epoch, minimum=0)
    return _lr0(lr0) / (1.0 + check_real("decay", decay, low=0) * epoch)


def suggested_decay(lr0, epochs):
    """The course's rule of thumb for the time-based decay: ``lr0 / epochs``."""
    return _lr0(lr0) / check_int("epochs", epochs, minimum=1)


def step_decay(epoch, lr0=0.1, drop=0.5, epochs_drop=10):
    """The course's step formula: ``lr0 · drop ** floor((1 + epoch) / epochs_drop)``.

    With Keras' 0-based ``epoch`` the first drop comes after ``epochs_drop - 1`` epochs.
    """
    epoch = check_int("epoch", epoch, minimum=0)
    return step_decay_as_described(epoch + 1, lr0, drop, epochs_drop)


def step_decay_as_described(epoch, lr0=0.1, drop=0.5, epochs_drop=10):
    """What the course's words describe: ``lr0 · drop ** floor(epoch / epochs_drop)``, the first
    ``epochs_drop`` epochs at ``lr0``."""
    epoch = check_int("epoch", epoch, minimum=0)
    lr0, drop = _lr0(lr0), check_real("drop", drop, low=0, high=1, low_open=True)
    return lr0 * drop ** math.floor(epoch / check_int("epochs_drop", epochs_drop, minimum=1))


def steps_per_epoch(n_rows, batch_size):
    """How many weight updates (batches) one epoch makes: ``ceil(n_rows / batch_size)``."""
    n_rows = check_int("n_rows", n_rows, minimum=1)
    return math.ceil(n_rows / check_int("batch_size", batch_size, minimum=1))


def old_keras_decay_rates(lr0, decay, steps_per_epoch, epochs):
    """The rate of every update under Keras 2's ``SGD(decay=…)``: ``lr0 / (1 + decay · t)``, with
    ``t`` counting updates from 0; an array of ``steps_per_epoch · epochs`` rates."""
    lr0, decay = _lr0(lr0), check_real("decay", decay, low=0)
    steps = check_int("steps_per_epoch", steps_per_epoch, minimum=1)
    return lr0 / (1.0 + decay * np.arange(steps * check_int("epochs", epochs, minimum=1)))


def rates_per_epoch(schedule, epochs, *, lr0=0.1, decay=0.002, drop=0.5, epochs_drop=10, rate=0.9):
    """The planned rate of each epoch (``epochs`` floats) of a schedule of ``PLANNED_SCHEDULES``:
    ``"tiempo"`` uses ``decay``, ``"escalones"`` (the course's formula) ``drop`` and
    ``epochs_drop``, ``"exponencial"`` ``rate``; ``"coseno"`` goes from ``lr0`` to 0."""
    schedule = check_choice("schedule", schedule, PLANNED_SCHEDULES)
    epochs = check_int("epochs", epochs, minimum=1)
    if schedule == "tiempo":
        return np.array([time_based_decay(epoch, lr0, decay) for epoch in range(epochs)])
    if schedule == "escalones":
        return np.array([step_decay(epoch, lr0, drop, epochs_drop) for epoch in range(epochs)])
    t, lr0 = np.arange(epochs), _lr0(lr0)
    if schedule == "exponencial":
        return lr0 * check_real("rate", rate, low=0, high=1, low_open=True) ** t
    if schedule == "coseno":
        return lr0 * 0.5 * (1 + np.cos(np.pi * t / epochs))
    return np.full(epochs, lr0)


def check_rates(param, rates):
    """``rates`` as a 1-D float array of positive finite numbers (for plots and comparisons)."""
    try:
        values = np.asarray([rates] if isinstance(rates, Real) else rates, dtype=float).ravel()
    except (TypeError, ValueError):
        raise CourseInputError(param, rates, "debe ser una lista de tasas (números)") from None
    if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values <= 0):
        why = "debe ser una lista no vacía de tasas finitas mayores que 0"
        raise CourseInputError(param, rates, why)
    return values


def epochs_to_target(history, target, metric="loss"):
    """The first epoch (counted from 1) whose ``metric`` is at or below ``target``, or ``None``.

    ``history``: a Keras ``History``, its ``history`` dict, or a list of values per epoch.
    """
    values = getattr(history, "history", history)
    if isinstance(values, dict):
        if metric not in values:
            raise CourseInputError("metric", metric, f"el historial tiene {sorted(values)}")
        values = values[metric]
    target = check_real("target", target)
    try:
        values = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise CourseInputError("history", history, "debe ser un History o una lista") from None
    reached = np.flatnonzero(values <= target)
    return int(reached[0]) + 1 if reached.size else None
