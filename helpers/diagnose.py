"""Reading the training curves, measured: slope, plateau, best epoch, gap and divergence.

Taught in lesson 1 (``notebooks/01_historia_entrenamiento.ipynb``, "Leer las curvas").
"""

from dataclasses import dataclass

import numpy as np

from helpers.errors import CourseInputError, check_int, check_real
from helpers.formatting import es_general, es_number, es_significant
from helpers.plots import normalize_history

VERDICTS = ("sigue_mejorando", "meseta", "sobreajuste", "incierto")


@dataclass(frozen=True)
class Diagnosis:
    """What the curves of one training run say (see ``diagnose``). Epochs are numbered from 1.

    ``slopes``: Theil–Sen change per epoch of every curve over the ``last`` epochs;
    ``monitored``: the curve the verdict reads (``val_loss``, or ``loss`` without validation);
    ``noise``: its robust epoch-to-epoch jitter; ``plateau_start``: where it settles for good;
    ``best_epoch``: lowest validation loss; ``gap``: final validation minus training loss (and
    training minus validation accuracy); ``divergence_start``: where the validation loss turns
    up for good while the training loss falls; ``verdict``: one of ``VERDICTS``;
    ``settled_above``: the epoch of the monitored loss's minimum when the loss ends above it by
    more than the noise explains without rising for good (else None): not a plateau.
    """

    epochs: int
    last: int
    slopes: dict
    monitored: str
    noise: float
    plateau_start: int | None
    best_epoch: int | None
    gap: dict
    divergence_start: int | None
    verdict: str
    settled_above: int | None = None

    @property
    def reading(self):
        """The diagnosis in one Spanish sentence."""
        name = "validación" if self.monitored == "val_loss" else "entrenamiento"
        slope = es_significant(self.slopes[self.monitored], 4, signed=True)
        if self.verdict == "sobreajuste":
            return (
                f"Sobreajuste: hacia la época {self.divergence_start} la pérdida de validación "
                "deja de bajar y desde ahí sube de forma sostenida mientras la de entrenamiento "
                f"sigue bajando; la época de menor pérdida de validación ({self.best_epoch}) es "
                "un buen punto para parar."
            )
        if self.verdict == "sigue_mejorando":
            text = (
                f"Sigue mejorando: en las últimas {self.last} épocas la pérdida de {name} aún "
                f"baja ({slope} por época), así que podría entrenar más épocas"
            )
        elif self.verdict == "meseta":
            text = (
                f"Meseta: desde la época {self.plateau_start} la pérdida de {name} apenas "
                "cambia; el modelo prácticamente ha convergido y más épocas la mejorarían muy poco"
            )
        elif self.settled_above is not None:
            text = (
                f"Incierto: la pérdida de {name} termina por encima de su mínimo (época "
                f"{self.settled_above}) en más de lo que explica el ruido, sin subir de forma "
                "sostenida; el entrenamiento parece inestable (prueba una tasa de aprendizaje "
                "menor)"
            )
        elif self.slopes[self.monitored] > 0 and name == "validación" and self.slopes["loss"] < 0:
            text = (
                f"Incierto: la pérdida de {name} sube en las últimas {self.last} épocas "
                f"({slope} por época) mientras la de entrenamiento baja, aún poco para hablar "
                "de sobreajuste (entrena más épocas para verlo)"
            )
        elif self.slopes[self.monitored] > 0:
            text = (
                f"Incierto: la pérdida de {name} sube en las últimas {self.last} épocas "
                f"({slope} por época) sin que la de entrenamiento baje; el entrenamiento "
                "parece inestable (prueba una tasa de aprendizaje menor)"
            )
        else:
            text = (
                f"Incierto: la pérdida de {name} ni baja con claridad ni se estabiliza "
                f"({slope} por época en las últimas {self.last}); prueba más épocas"
            )
        if self.monitored == "loss":
            return text + " (sin datos de validación no se puede ver el sobreajuste)."
        return text + "."

    def marks(self):
        """``{label: epoch}`` for ``plot_history(marks=...)``: best epoch, plateau, divergence."""
        out = {}
        diverges = self.divergence_start is not None
        near = diverges and abs(self.divergence_start - self.best_epoch) <= 2
        if self.best_epoch is not None:
            then = ", después diverge" if near else ""
            out[f"mínimo val. (época {self.best_epoch}){then}"] = self.best_epoch
        if self.plateau_start is not None:
            out[f"meseta (época {self.plateau_start})"] = self.plateau_start
        if diverges and not near:
            out[f"divergencia (época {self.divergence_start})"] = self.divergence_start
        return out

    def __str__(self):
        return self.reading

    def _repr_markdown_(self):
        slopes = ", ".join(
            f"`{k}` {es_significant(v, 4, signed=True)}" for k, v in self.slopes.items()
        )
        gap = ", ".join(f"{k} {es_number(v, 3, signed=True)}" for k, v in self.gap.items())
        gap = gap or "sin validación"

        def epoch(e):
            return "—" if e is None else f"época {e}"

        return (
            f"**{self.reading}**\n\n"
            f"- Pendiente por época en las últimas {self.last} épocas: {slopes}\n"
            f"- Comienzo de la meseta: {epoch(self.plateau_start)}\n"
            f"- Época de menor pérdida de validación: {epoch(self.best_epoch)}\n"
            f"- Brecha final (validación peor que entrenamiento si es positiva): {gap}\n"
            f"- Comienzo de la divergencia: {epoch(self.divergence_start)}"
        )


def smooth(values, window):
    """A centred rolling median then mean of ``values`` (``window`` epochs, odd); same length."""
    import pandas as pd

    series = pd.Series(np.asarray(values, dtype=float))
    median = series.rolling(window, center=True, min_periods=1).median()
    return median.rolling(window, center=True, min_periods=1).mean().to_numpy()


def robust_slope(values):
    """Theil–Sen slope of ``values`` against their index: ``(slope, low, high)`` per step (95 %)."""
    from scipy.stats import theilslopes

    if len(values) < 2:
        return 0.0, 0.0, 0.0
    result = theilslopes(np.asarray(values, dtype=float), alpha=0.95)
    return float(result.slope), float(result.low_slope), float(result.high_slope)


def _losses(history):
    """The curves of ``history`` as ``{key: float array}``, checked to hold ``loss``."""
    curves = normalize_history(history)
    curves.pop("learning_rate", None)
    if "loss" not in curves:
        raise CourseInputError(
            "history", sorted(curves), "el historial necesita la clave 'loss' (pérdida por época)"
        )
    return curves


def _divergence_start(val_loss, train_loss, val_smooth, tol, noise, min_length):
    """Index where the validation loss starts rising for good while training loss falls, or None.

    The rise starts where the smoothed curve bottoms out, but never before the lowest validation
    loss itself (smoothing can move the bottom an epoch or two early). It must last
    ``min_length`` epochs, with a Theil–Sen slope above 0 at 95 % and an end above the bottom by
    more than ``tol`` of it and twice the ``noise``, while the training loss's slope stays below 0
    at 95 %.
    """
    turn = max(int(np.argmin(val_smooth)), int(np.argmin(val_loss)))
    if len(val_smooth) - turn < min_length:
        return None
    _, val_low, _ = robust_slope(val_loss[turn:])
    train_slope, _, train_high = robust_slope(train_loss[turn:])
    lowest = float(val_smooth[turn])
    rising = val_low > 0 and val_smooth[-1] - lowest > max(tol * abs(lowest), 2 * noise)
    return turn if rising and train_slope < 0 and train_high <= 0 else None


def diagnose(history, last=None, *, tol=0.05, window=None):
    """Measure what the curves of ``history`` say; returns a :class:`Diagnosis`.

    ``history``: the ``History`` that ``fit()`` returns, its ``.history`` dict or a DataFrame,
    with ``loss`` and at least 3 epochs. ``last``: how many final epochs the slopes read (default
    a fifth of the epochs, at least 3). ``tol``: what counts as "barely changes", relative to the
    loss's level. ``window``: epochs of the rolling median and mean that tame the noise (default
    about a tenth of the epochs, odd, 1 to 7). Changes within the band ``max(tol · final level,
    2 · noise)`` of the smoothed monitored loss are not trends.

    The verdict: ``"sobreajuste"`` if the validation loss diverges (see ``_divergence_start``);
    else ``"sigue_mejorando"`` if the monitored loss fell by more than the band over the last
    ``last`` epochs; else ``"meseta"`` if it stays within the band of its final value for at
    least ``last`` epochs and ends within the band of its lowest value; else ``"incierto"``.
    Without ``val_`` keys only the training loss is read, and ``best_epoch``,
    ``divergence_start`` and ``gap`` stay empty.
    """
    curves = _losses(history)
    n = len(curves["loss"])
    for key, values in curves.items():
        if len(values) != n:
            raise CourseInputError(
                "history", key, f"todas las curvas deben tener {n} épocas, como 'loss'"
            )
        if not np.isfinite(values).all():
            raise CourseInputError(
                "history",
                key,
                "la curva tiene NaN o infinitos: el entrenamiento se desbordó "
                "(prueba una tasa de aprendizaje menor)",
            )
    if n < 3:
        raise CourseInputError(
            "history", f"{n} épocas", "hacen falta al menos 3 épocas para leer una tendencia"
        )
    last = max(3, n // 5) if last is None else check_int("last", last, minimum=3, maximum=n)
    tol = check_real("tol", tol, low=0, high=1, low_open=True, high_open=True)
    if window is None:
        window = min(7, max(1, n // 10))
        window += 1 - window % 2  # odd, so the rolling window is centred
    else:
        window = check_int("window", window, minimum=1, maximum=n)

    slopes = {k: robust_slope(v[-last:])[0] for k, v in curves.items()}
    monitored = "val_loss" if "val_loss" in curves else "loss"
    curve = curves[monitored]
    curve_smooth = smooth(curve, window)
    # A robust standard deviation of the curve around its smoothed self.
    noise = 1.4826 * float(np.median(np.abs(curve - curve_smooth)))
    band = max(tol * abs(float(curve_smooth[-1])), 2 * noise)
    outside = np.flatnonzero(np.abs(curve_smooth - curve_smooth[-1]) > band)
    plateau = int(outside[-1]) + 2 if len(outside) else 1  # from 1, like every epoch here
    plateau = plateau if n + 1 - plateau >= last else None
    best = divergence = None
    gap = {}
    if monitored == "val_loss":
        best = int(np.argmin(curve)) + 1
        divergence = _divergence_start(curve, curves["loss"], curve_smooth, tol, noise, last)
        divergence = None if divergence is None else divergence + 1
        gap["loss"] = float(curve[-1] - curves["loss"][-1])
        if "accuracy" in curves and "val_accuracy" in curves:
            gap["accuracy"] = float(curves["accuracy"][-1] - curves["val_accuracy"][-1])
    # Not a plateau, though it stays within the band of its end: a curve that ends above its
    # own minimum by more than the band, or that still rises at 95 % over the last epochs.
    above = curve_smooth[-1] - curve_smooth.min() > band
    rising = robust_slope(curve[-last:])[1] > 0
    if divergence is not None:
        verdict, plateau = "sobreajuste", None  # a loss that rises slowly is not a plateau
    elif -slopes[monitored] * (last - 1) > band:
        verdict = "sigue_mejorando"
    elif plateau is not None and not above and not rising:
        verdict = "meseta"
    else:
        verdict, plateau = "incierto", None
    above = int(np.argmin(curve)) + 1 if verdict == "incierto" and above else None
    return Diagnosis(
        n, last, slopes, monitored, noise, plateau, best, gap, divergence, verdict, above
    )


# A training loss this many times its lowest value so far (and above where it started) has
# diverged. A run whose loss overshoots to OVERSHOOT_FACTOR times that of a uniform guess and
# ends no better than COLLAPSE_MARGIN of it has collapsed: the overshoot wiped out what it learned.
DIVERGENCE_FACTOR = 100
OVERSHOOT_FACTOR = 3
COLLAPSE_MARGIN = 0.9


@dataclass(frozen=True)
class Divergence:
    """Where a run diverged (see ``find_divergence``): ``epoch`` (from 1) and ``value`` of the
    training loss, ``lowest`` before it; for a collapsed run, also its ``final`` loss and the
    ``baseline`` of a uniform guess."""

    epoch: int
    value: float
    lowest: float
    final: float | None = None
    baseline: float | None = None

    def describe(self):
        """What the training loss did, in Spanish (no cause): "se disparó en la época 4: …"."""
        if not np.isfinite(self.value):
            return f"se desbordó (NaN o infinito) en la época {self.epoch}"
        if self.final is not None:
            ended = "" if self.final == self.value else f" y terminó en {es_general(self.final)}"
            return (
                f"saltó a {es_general(self.value)} en la época {self.epoch} "
                f"({es_general(self.value / self.baseline)} veces la de predecir al azar, "
                f"{es_general(self.baseline)}){ended}: no mejor que predecir al azar"
            )
        return (
            f"se disparó en la época {self.epoch}: llegó a {es_general(self.value)}, "
            f"{es_general(self.value / self.lowest)} veces la más baja hasta entonces "
            f"({es_general(self.lowest)})"
        )

    def reading(self, cause="una tasa de aprendizaje demasiado alta"):
        """The Spanish sentence the labs show, with the likely ``cause``."""
        return (
            f"El entrenamiento divergió: en vez de bajar, la pérdida de entrenamiento "
            f"{self.describe()}. Causa probable: {cause}."
        )

    def __str__(self):
        return self.reading()


def find_divergence(history, *, baseline=None, ended=True, factor=DIVERGENCE_FACTOR):
    """How the training loss of ``history`` diverged, as a ``Divergence``, or ``None``.

    It diverged if it became NaN or infinite, or rose to ``factor`` times its lowest value so far
    and above where it started. ``baseline``: the loss of a uniform guess (``log(n_classes)``),
    which the first epoch is then judged against; with it, a run that ``ended`` also diverged if
    it collapsed (see ``OVERSHOOT_FACTOR``). ``ended=False`` (while training) leaves that test
    out: such a run may still recover.
    """
    loss = _losses(history)["loss"]
    factor = check_real("factor", factor, low=1, low_open=True)
    start = None if baseline is None else check_real("baseline", baseline, low=0, low_open=True)
    lowest = start
    for epoch, value in enumerate(loss, start=1):
        if not np.isfinite(value):
            return Divergence(epoch, float(value), float(lowest if lowest else np.nan))
        if lowest is not None and value >= factor * lowest and value > (start or loss[0]):
            return Divergence(epoch, float(value), float(lowest))
        lowest = value if lowest is None else min(lowest, value)
    if ended and start is not None and len(loss):
        peak = int(np.argmax(loss))
        if loss[peak] >= OVERSHOOT_FACTOR * start and loss[-1] >= COLLAPSE_MARGIN * start:
            before = float(loss[:peak].min()) if peak else float("nan")
            return Divergence(peak + 1, float(loss[peak]), before, float(loss[-1]), start)
    return None
