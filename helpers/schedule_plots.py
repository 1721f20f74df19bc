"""Pictures of learning-rate schedules: rate against epoch, recorded rates against their formula."""

from collections.abc import Mapping

import numpy as np

from helpers.errors import CourseInputError, check_int
from helpers.plots import metric_label, normalize_history
from helpers.schedules import check_rates

RATE_LABEL = metric_label("learning_rate")


def _check_mapping(param, value, what):
    if not isinstance(value, Mapping) or not value:
        raise CourseInputError(param, value, f"debe ser un dict no vacío {{nombre: {what}}}")


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize) if ax is None else (ax.figure, ax)


def _finish(fig, ax, title):
    ax.set(xlabel="Época", ylabel=RATE_LABEL)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_schedules(schedules, *, title=None, ax=None, figsize=(6.5, 3.6)):
    """Rate (y) against epoch (x, numbered from 1), one line per schedule; returns the ``Figure``.

    ``schedules``: ``{name: rate of each epoch}``, each drawn as a flat step over its epoch.
    ``ax``: draw into an existing matplotlib axis (the lab reuses one).
    """
    _check_mapping("schedules", schedules, "tasas por época")
    series = {str(name): check_rates(f"schedules[{name!r}]", r) for name, r in schedules.items()}
    fig, ax = _axes(ax, figsize)
    for name, rates in series.items():
        ax.plot(np.arange(1, rates.size + 1), rates, drawstyle="steps-mid", label=name)
    ax.set_ylim(bottom=0)
    return _finish(fig, ax, title)


def plot_recorded_vs_formula(
    recorded, formula, *, steps_per_epoch, title=None, ax=None, figsize=(6.5, 3.6)
):
    """The rate each update really used (dots) over the formula (line); returns the ``Figure``.

    ``recorded``: a ``LearningRateRecorder`` or its ``batch_rates``. ``formula``: the expected
    rates, one per update or one per epoch. The x axis is in epochs from 1: the updates of epoch
    ``k`` sit between ``k - 0.5`` and ``k + 0.5``.
    """
    steps = check_int("steps_per_epoch", steps_per_epoch, minimum=1)
    recorded = check_rates("recorded", getattr(recorded, "batch_rates", recorded))
    formula = check_rates("formula", formula)
    if formula.size not in (recorded.size, recorded.size / steps):
        per_epoch = f"{recorded.size / steps:g}"
        why = f"debe tener una tasa por actualización ({recorded.size}) o por época ({per_epoch})"
        raise CourseInputError("formula", f"{formula.size} valores", why)
    fig, ax = _axes(ax, figsize)
    update_x = 0.5 + (np.arange(recorded.size) + 0.5) / steps
    if formula.size == recorded.size:
        ax.plot(update_x, formula, color="0.2", label="fórmula")
    else:
        epochs = np.arange(1, formula.size + 1)
        ax.plot(epochs, formula, color="0.2", drawstyle="steps-mid", label="fórmula")
    ax.plot(update_x, recorded, ".", markersize=3, color="C1", label="leída al entrenar")
    return _finish(fig, ax, title)


def plot_schedule_comparison(histories, metric="loss", *, title=None, figsize=(11, 3.8)):
    """Two panels: each run's rate per epoch (log scale) and its ``metric`` (training solid,
    validation dashed). ``histories``: ``{name: History or its dict}`` recorded with the rate
    (``learning_rate`` key). Returns the ``Figure``."""
    import matplotlib.pyplot as plt

    _check_mapping("histories", histories, "History")
    runs = {str(n): normalize_history(h, f"histories[{n!r}]") for n, h in histories.items()}
    for name, h in runs.items():
        for key in ("learning_rate", metric):
            if key not in h:
                why = (
                    f"su historial no tiene «{key}»; entrena con LearningRateRecorder y esa métrica"
                )
                raise CourseInputError("histories", name, why)
    fig, (rate_ax, metric_ax) = plt.subplots(1, 2, figsize=figsize)
    for i, (name, h) in enumerate(runs.items()):
        epochs = np.arange(1, len(h[metric]) + 1)
        rate_ax.plot(epochs, h["learning_rate"], f"C{i}", drawstyle="steps-mid", label=name)
        metric_ax.plot(epochs, h[metric], f"C{i}", label=f"{name} · entrenamiento")
        if f"val_{metric}" in h:
            metric_ax.plot(epochs, h[f"val_{metric}"], f"C{i}", linestyle="--")
    rate_ax.set(yscale="log", title=RATE_LABEL)
    name = metric_label(metric)
    dashed = any(f"val_{metric}" in h for h in runs.values())
    metric_title = f"{name} (discontinua: validación)" if dashed else name
    metric_ax.set(title=metric_title, xlabel="Época", ylabel=name)
    metric_ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    return _finish(fig, rate_ax, title=None)  # the legend of runs goes with the rates
