"""Training curves: one panel per metric, one colour per run, training solid, validation dashed."""

from collections.abc import Mapping

import numpy as np

from helpers.errors import CourseInputError, check_real

# Old saved histories (Keras 2) used other key names.
_KERAS2_KEYS = {"acc": "accuracy", "val_acc": "val_accuracy", "lr": "learning_rate"}
METRIC_LABELS = {"accuracy": "Exactitud", "loss": "Pérdida", "learning_rate": "Tasa de aprendizaje"}


def normalize_history(history, param="history"):
    """The per-epoch metrics of a ``History``, its dict or a DataFrame, as ``{key: float array}``,
    with Keras 2 names (``acc``, ``val_acc``, ``lr``) renamed as today's."""
    raw = getattr(history, "history", history)
    if hasattr(raw, "columns"):  # a pandas DataFrame
        raw = raw.to_dict("list")
    if not isinstance(raw, Mapping):
        why = "debe ser el History que devuelve fit(), su .history o un DataFrame"
        raise CourseInputError(param, history, why)
    if all(len(v) == 0 for v in raw.values()):
        why = "está vacío, sin ninguna época: entrena al menos una"
        raise CourseInputError(param, raw, why)
    out = {}
    for key, values in raw.items():
        try:
            out[_KERAS2_KEYS.get(key, key)] = np.asarray(values, dtype=float).ravel()
        except (TypeError, ValueError):
            why = "cada métrica debe ser una lista de números por época"
            raise CourseInputError(param, key, why) from None
    return out


def _runs(history):
    """``{run name: metrics}``: several named runs, or one run named ``""``."""
    raw = getattr(history, "history", history)
    values = list(raw.values()) if isinstance(raw, Mapping) else []
    if values and all(hasattr(v, "history") or isinstance(v, Mapping) for v in values):
        return {str(name): normalize_history(h, f"history[{name!r}]") for name, h in raw.items()}
    return {"": normalize_history(history)}


def metric_label(metric):
    """The Spanish name of a metric for titles and axes."""
    return METRIC_LABELS.get(metric, metric)


def _check(runs, metrics, learning_rate, marks):
    if not metrics:
        why = "indica al menos una métrica, p. ej. ('accuracy', 'loss')"
        raise CourseInputError("metrics", metrics, why)
    for name, h in runs.items():
        for m in (m for m in metrics if m not in h):
            who = f" en la ejecución «{name}»" if name else ""
            available = sorted(k for k in h if not k.startswith("val_"))
            why = f"no está en el historial{who}; las métricas disponibles son {available}"
            raise CourseInputError("metrics", m, why)
        if learning_rate and "learning_rate" not in h:
            why = "el historial no registró la tasa: usa LearningRateScheduler o "
            why += "helpers.lr_recorder.LearningRateRecorder al entrenar"
            raise CourseInputError("learning_rate", True, why)
    if not isinstance(marks, Mapping):
        raise CourseInputError("marks", marks, "debe ser un dict {etiqueta: época}")
    for label, epoch in marks.items():
        check_real(f"marks[{label!r}]", epoch, low=1)


def plot_history(
    history, metrics=("accuracy", "loss"), *, learning_rate=False, marks=None, title=None,
    figsize=None,
):  # fmt: skip
    """Plot training (solid) and validation (dashed) curves against the epoch, numbered from 1.

    ``history``: a ``History``, its ``.history`` dict, a DataFrame, or a dict ``{name: history}``
    to compare runs (one colour each). ``metrics``: one panel per metric. ``learning_rate=True``
    adds the recorded learning rate on a second axis. ``marks``: ``{label: epoch}`` vertical lines
    (e.g. the best epoch). Returns the matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    runs = _runs(history)
    metrics = (metrics,) if isinstance(metrics, str) else tuple(metrics)
    marks = {} if marks is None else marks
    _check(runs, metrics, learning_rate, marks)
    legend_width = 2.6 if len(runs) > 1 else 0  # the runs' legend goes beside the panels
    figsize = figsize or (5.2 * len(metrics) + legend_width, 3.6)
    fig, axes = plt.subplots(1, len(metrics), figsize=figsize, squeeze=False)
    for ax, metric in zip(axes[0], metrics, strict=True):
        if learning_rate:
            rate_ax = ax.twinx()
            rate_ax.set_ylabel(metric_label("learning_rate"))
        for i, (name, h) in enumerate(runs.items()):
            color = f"C{i}"
            epochs = np.arange(1, len(h[metric]) + 1)
            prefix = f"{name} · " if name else ""
            ax.plot(epochs, h[metric], "-", color=color, label=f"{prefix}entrenamiento")
            if f"val_{metric}" in h:
                ax.plot(epochs, h[f"val_{metric}"], "--", color=color, label=f"{prefix}validación")
            if learning_rate:
                label = f"{prefix}tasa de aprendizaje"
                rate_ax.plot(epochs, h["learning_rate"], ":", color=color, alpha=0.7, label=label)
        for row, (label, epoch) in enumerate(marks.items()):
            ax.axvline(epoch, color="0.35", linestyle="-.", linewidth=1)
            # above the plotting area, so a label never covers a curve; one row per mark
            ax.annotate(
                str(label), xy=(epoch, 1), xycoords=("data", "axes fraction"),
                xytext=(3, 3 + 11 * row), textcoords="offset points", va="bottom",
                fontsize="small", color="0.25",
            )  # fmt: skip
        ax.set_title(metric_label(metric), pad=6 + 11 * len(marks))
        ax.set(xlabel="Época", ylabel=metric_label(metric))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
        ax.grid(alpha=0.3)
        if len(runs) == 1:
            ax.legend(fontsize="small")
    if len(runs) > 1:  # one legend, beside the last panel, where it covers no curve
        axes[0][-1].legend(fontsize="small", loc="center left", bbox_to_anchor=(1.02, 0.5))
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
