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


def plot_schedule_comparison(
    histories, metric="loss", *, batch_rates=None, title=None, figsize=(11, 3.8)
):
    """Two panels: each run's rate (log scale) and its ``metric`` (training solid, validation
    dashed); returns the ``Figure``.

    ``histories``: ``{name: History or its dict}``. A run's rate is drawn from
    ``batch_rates[name]`` when given (a ``LearningRateRecorder`` or its per-update rates: a smooth
    line through every update, for schedules that change the rate within an epoch), otherwise
    from its history's ``learning_rate`` key, one flat step per epoch.
    """
    import matplotlib.pyplot as plt

    _check_mapping("histories", histories, "History")
    batch_rates = {} if batch_rates is None else batch_rates
    if not isinstance(batch_rates, Mapping):
        why = "debe ser None o un dict {nombre: LearningRateRecorder o tasas por actualización}"
        raise CourseInputError("batch_rates", batch_rates, why)
    runs = {str(n): normalize_history(h, f"histories[{n!r}]") for n, h in histories.items()}
    per_update = {}
    for name, recorded in batch_rates.items():
        if str(name) not in runs:
            why = f"no hay un historial con ese nombre; los nombres son {list(runs)}"
            raise CourseInputError("batch_rates", name, why)
        param = f"batch_rates[{name!r}]"
        rates = check_rates(param, getattr(recorded, "batch_rates", recorded))
        epochs = len(runs[str(name)].get(metric, ()))
        if epochs and rates.size % epochs:
            why = (
                f"debe tener el mismo número de actualizaciones en cada una de las {epochs} épocas"
            )
            raise CourseInputError(param, f"{rates.size} tasas", why)
        per_update[str(name)] = rates
    for name, h in runs.items():
        needed = (metric,) if name in per_update else ("learning_rate", metric)
        for key in needed:
            if key not in h:
                why = (
                    f"su historial no tiene «{key}»; entrena con LearningRateRecorder y esa métrica"
                )
                raise CourseInputError("histories", name, why)
    fig, (rate_ax, metric_ax) = plt.subplots(1, 2, figsize=figsize)
    for i, (name, h) in enumerate(runs.items()):
        epochs = np.arange(1, len(h[metric]) + 1)
        if name in per_update:  # the updates of epoch k sit between k - 0.5 and k + 0.5
            rates = per_update[name]
            steps = rates.size // epochs.size
            rate_ax.plot(0.5 + (np.arange(rates.size) + 0.5) / steps, rates, f"C{i}", label=name)
        else:
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
