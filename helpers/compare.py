"""Comparisons of cross-validation scores that allow for overlapping folds, with intervals.

Taught in lesson 2 ("Cómo comparamos dos redes") and used in lessons 3–6; the input is the
DataFrame returned by ``helpers.training.cross_validate``.
"""

from dataclasses import dataclass, replace

import numpy as np

from helpers.errors import CourseInputError, check_real
from helpers.formatting import es_number, es_significant

ALPHA = 0.05  # significance level, after the Holm adjustment of a family of comparisons

_METRIC_NAMES = {
    "val_accuracy": "exactitud de validación",
    "train_accuracy": "exactitud de entrenamiento",
    "val_loss": "pérdida de validación",
    "train_loss": "pérdida de entrenamiento",
}
# Differences smaller than this are of no practical importance for a course exercise: one point
# of accuracy; 0.02 of cross-entropy (about 2 % in the predicted probability of the right class).
DEFAULT_MARGINS = {"accuracy": 0.01, "loss": 0.02}

SUMMARY_COLUMNS = {
    "mean": "media",
    "std": "desv. típica",
    "min": "mín.",
    "max": "máx.",
    "count": "resultados",
}
_BOOKKEEPING = ["config", "fold", "repeat", "n_train", "n_val", "seconds"]


def _metric_name(metric):
    return _METRIC_NAMES.get(metric, metric)


def _is_accuracy(metric):
    return "accuracy" in metric


def _scale(metric):
    """Accuracies are shown in points (percent), other metrics in their own units."""
    return 100 if _is_accuracy(metric) else 1


def _sign(metric):
    """+1 when a higher value is better (accuracies), -1 when a lower one is (losses)."""
    return -1 if "loss" in metric else 1


def _p(p):
    """A p-value as the sentences write it: "< 0,001" or "= 0,058"."""
    return "< 0,001" if p < 0.001 else f"= {es_number(p, 3)}"


def _check_scores(scores, metric):
    """Validate the scores DataFrame and the metric; return the config names in order."""
    import pandas as pd

    if not isinstance(scores, pd.DataFrame):
        why = "debe ser el DataFrame que devuelve helpers.training.cross_validate"
        raise CourseInputError("scores", scores, why)
    missing = [c for c in ("config", "fold") if c not in scores.columns]
    if missing:
        why = f"le faltan las columnas {missing}; usa el DataFrame de cross_validate"
        raise CourseInputError("scores", f"columnas {list(scores.columns)}", why)
    if scores.empty:
        raise CourseInputError("scores", "un DataFrame vacío", "hace falta al menos un pliegue")
    valid = list(scores.drop(columns=_BOOKKEEPING, errors="ignore").select_dtypes("number"))
    if metric not in valid:
        listed = ", ".join(repr(c) for c in valid)
        raise CourseInputError("metric", metric, f"las métricas válidas son {listed}")
    return list(pd.unique(scores["config"]))


def _check_config(param, name, configs):
    if name not in configs:
        listed = ", ".join(repr(c) for c in configs)
        raise CourseInputError(param, name, f"las configuraciones válidas son {listed}")


def summarize_scores(scores, metric="val_accuracy"):
    """One row per configuration, in order of appearance, with Spanish column names: ``media``,
    ``desv. típica`` (sample, ddof=1, across folds), ``mín.``, ``máx.`` and ``resultados``
    (folds × repeats). In the metric's own units (a fraction for accuracies)."""
    _check_scores(scores, metric)
    summary = scores.groupby("config", sort=False)[metric].agg(list(SUMMARY_COLUMNS))
    return summary.rename(columns=SUMMARY_COLUMNS).rename_axis("configuración")


@dataclass(frozen=True)
class Comparison:
    """``other`` minus ``baseline`` on the same folds, with the corrected resampled t-test.

    - ``mean_difference`` and its 95 % interval ``ci_low``–``ci_high``, in the metric's units
      (a fraction for accuracies). Positive means ``other`` scored higher.
    - ``n_folds`` × ``n_repeats`` results; ``wins``: results where ``other`` did better.
    - ``p_value``: two-sided, corrected for overlapping folds (see ``compare``);
      ``p_adjusted``: the same after Holm's adjustment for the ``family_size`` comparisons
      made together (equal to ``p_value`` for a single comparison).
    - ``margin``: differences within ±margin are of no practical importance.
    - ``verdict``: ``"mejor"``/``"peor"`` (beyond the noise), ``"despreciable"`` (the whole
      interval within ±margin) or ``"sin evidencia"`` (neither: no evidence at this budget).
    """

    baseline: str
    other: str
    metric: str
    mean_difference: float
    ci_low: float
    ci_high: float
    n_folds: int
    n_repeats: int
    p_value: float
    p_adjusted: float
    family_size: int
    wins: int
    margin: float
    alpha: float = ALPHA

    @property
    def n_results(self):
        return self.n_folds * self.n_repeats

    @property
    def exceeds_noise(self):
        """True when the difference is beyond the noise (adjusted p below ``alpha``)."""
        return self.p_adjusted < self.alpha

    @property
    def other_is_better(self):
        """True when ``other`` beats ``baseline`` beyond the noise."""
        return self.exceeds_noise and _sign(self.metric) * self.mean_difference > 0

    @property
    def negligible(self):
        """True when the whole 95 % interval lies within ±``margin``."""
        return -self.margin < self.ci_low and self.ci_high < self.margin

    @property
    def verdict(self):
        if self.exceeds_noise:
            return "mejor" if self.other_is_better else "peor"
        return "despreciable" if self.negligible else "sin evidencia"

    @property
    def budget(self):
        """The budget in words, e.g. "5 pliegues × 2 repeticiones"."""
        repeats = f" × {self.n_repeats} repeticiones" if self.n_repeats > 1 else ""
        return f"{self.n_folds} pliegues{repeats}"

    def _fmt(self, value, signed=False):
        decimals = 1 if _is_accuracy(self.metric) else 3
        return es_significant(_scale(self.metric) * value, decimals, signed=signed)

    @property
    def unit(self):
        return " puntos" if _is_accuracy(self.metric) else ""

    @property
    def sentence(self):
        """One Spanish sentence: the difference, its interval, the test and the verdict."""
        metric = _metric_name(self.metric)
        head = f"«{self.other}» frente a «{self.baseline}» ({metric}, {self.budget}): "
        if self.mean_difference == self.ci_low == self.ci_high == 0:
            return head + "las dos configuraciones dan exactamente los mismos resultados."
        p_text = f"p {_p(self.p_adjusted)}"
        if self.family_size > 1:
            p_text += (
                f" (ajustado por Holm, {self.family_size} comparaciones; sin ajustar, "
                f"p {_p(self.p_value)})"
            )
        numbers = (
            f"diferencia media {self._fmt(self.mean_difference, signed=True)}{self.unit}, "
            f"IC 95 % [{self._fmt(self.ci_low, signed=True)}; "
            f"{self._fmt(self.ci_high, signed=True)}], {p_text}; "
            f"mejora en {self.wins} de {self.n_results} pliegues"
        )
        if self.exceeds_noise:
            verdict = (
                f"**más allá del ruido: «{self.other}» es {self.verdict} que «{self.baseline}»**"
            )
        elif self.negligible:
            verdict = (
                f"**diferencia despreciable**: todo el intervalo cae dentro de "
                f"±{self._fmt(self.margin)}{self.unit}"
            )
        elif self.ci_low > 0 or self.ci_high < 0:
            # The plain interval excludes zero, but the adjustment for the family does not let
            # this comparison through: say both, without calling it a difference.
            verdict = (
                f"**no hay evidencia suficiente con este presupuesto ({self.budget})**: el "
                f"intervalo, calculado para esta comparación sola, no cruza el cero, pero al "
                f"hacer {self.family_size} comparaciones a la vez la diferencia no supera el "
                f"ruido (Holm)"
            )
        else:
            verdict = (
                f"**no hay evidencia de diferencia con este presupuesto ({self.budget})**: "
                f"el intervalo admite tanto una mejora como un empeoramiento"
            )
        return f"{head}{numbers} → {verdict}."

    def __str__(self):
        return self.sentence.replace("**", "")

    def _repr_markdown_(self):
        return self.sentence


class Comparisons(list):
    """Several ``Comparison`` objects made together (one family, Holm-adjusted).

    Shown in a notebook as one bullet per comparison; ``table()`` gives the numbers.
    """

    def table(self):
        """A DataFrame, one row per comparison, with Spanish column names (metric units)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "frente a": c.baseline,
                    "configuración": c.other,
                    "métrica": c.metric,
                    "diferencia": c.mean_difference,
                    "IC 95 % inf.": c.ci_low,
                    "IC 95 % sup.": c.ci_high,
                    "p": c.p_value,
                    "p ajustado": c.p_adjusted,
                    "mejora en": f"{c.wins} de {c.n_results}",
                    "veredicto": c.verdict,
                }
                for c in self
            ]
        )

    def __getitem__(self, key):
        if isinstance(key, str):
            for comparison in self:
                if comparison.other == key:
                    return comparison
            listed = ", ".join(repr(c.other) for c in self)
            raise CourseInputError("nombre", key, f"las comparaciones son {listed}")
        return super().__getitem__(key)

    def __str__(self):
        return "\n".join(f"· {c}" for c in self)

    def _repr_markdown_(self):
        return "\n".join(f"- {c.sentence}" for c in self)


def holm(p_values):
    """Holm's step-down adjustment of a family of p-values (same order as given)."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    # The k-th smallest p is multiplied by (m - k); the running maximum keeps the order.
    steps = np.maximum.accumulate((len(p) - np.arange(len(p))) * p[order])
    adjusted = np.empty(len(p))
    adjusted[order] = np.minimum(1.0, steps)
    return adjusted


def corrected_t_test(differences, test_to_train):
    """Nadeau–Bengio corrected resampled t-test of paired differences from (repeated) k-fold.

    ``differences``: one value per fold (all repeats together); ``test_to_train``: rows held out
    over rows trained on, per fold. Returns ``(mean, standard_error, t, p_two_sided, df)``.
    The usual variance of the mean, s²/J, assumes the J results independent; the folds share
    most of their training rows, so it is inflated to (1/J + n_test/n_train)·s².
    """
    from scipy import stats

    d = np.asarray(differences, dtype=float)
    n = len(d)
    mean = float(d.mean())
    # Rounding noise in constant differences (0.75 - 0.7 vs 0.85 - 0.8) is no variance at all.
    variance = 0.0 if np.ptp(d) <= 1e-12 else float(d.var(ddof=1))
    se = float(np.sqrt((1 / n + test_to_train) * variance))
    df = n - 1
    if se == 0:
        return mean, 0.0, (0.0 if mean == 0 else np.copysign(np.inf, mean)), float(mean == 0), df
    t = mean / se
    return mean, se, t, float(2 * stats.t.sf(abs(t), df)), df


def _compare_one(scores, baseline, other, metric, margin, alpha):
    """``other`` against ``baseline`` alone: a ``Comparison`` with its unadjusted p-value."""
    from scipy import stats

    configs = _check_scores(scores, metric)
    _check_config("baseline", baseline, configs)
    _check_config("others", other, configs)
    if other == baseline:
        why = "debe ser una configuración distinta de «baseline»"
        raise CourseInputError("others", other, why)
    alpha = check_real("alpha", alpha, low=0, high=1, low_open=True, high_open=True)
    if margin is None:
        margin = DEFAULT_MARGINS["accuracy" if _is_accuracy(metric) else "loss"]
    margin = check_real("margin", margin, low=0, low_open=True)

    keys = [key for key in ("repeat", "fold") if key in scores.columns]
    table = scores.pivot_table(index=keys, columns="config", values=metric, aggfunc="first")
    pair = table[[baseline, other]]
    if pair.isna().any().any():
        why = f"«{baseline}» y «{other}» deben evaluarse en los mismos pliegues"
        raise CourseInputError("scores", "pliegues distintos", why)
    if len(pair) < 2:
        raise CourseInputError("scores", f"{len(pair)} pliegue", "hacen falta al menos 2")
    diffs = (pair[other] - pair[baseline]).to_numpy(dtype=float)
    n_folds = int(scores["fold"].nunique())
    if {"n_train", "n_val"} <= set(scores.columns):
        ratio = float((scores["n_val"] / scores["n_train"]).mean())
    else:
        ratio = 1 / max(n_folds - 1, 1)
    mean, se, _, p_value, df = corrected_t_test(diffs, ratio)
    half_width = float(stats.t.ppf(1 - alpha / 2, df) * se)
    return Comparison(
        baseline=baseline,
        other=other,
        metric=metric,
        mean_difference=mean,
        ci_low=mean - half_width,
        ci_high=mean + half_width,
        n_folds=n_folds,
        n_repeats=int(scores["repeat"].nunique()) if "repeat" in scores.columns else 1,
        p_value=p_value,
        p_adjusted=p_value,
        family_size=1,
        wins=int((_sign(metric) * diffs > 0).sum()),
        margin=margin,
        alpha=alpha,
    )


def _family(comparisons):
    """The comparisons as one family: their p-values Holm-adjusted together."""
    adjusted = holm([c.p_value for c in comparisons])
    return Comparisons(
        replace(c, p_adjusted=float(p), family_size=len(comparisons))
        for c, p in zip(comparisons, adjusted, strict=True)
    )


def compare(scores, baseline, others=None, metric="val_loss", *, margin=None, alpha=ALPHA):
    """Compare each of ``others`` (default: every other configuration) with ``baseline``.

    Returns ``Comparisons`` (a list of ``Comparison``), Holm-adjusted as one family.

    Why this test: the per-fold differences remove what is easy or hard about each fold, but
    k-fold results are not independent (any two training sets share most rows), so an ordinary
    paired t-test is too optimistic (Dietterich 1998). The corrected resampled t-test (Nadeau &
    Bengio 2003; Bouckaert & Frank 2004 for repeated k-fold) widens the variance by the
    held-out/training ratio and keeps close to its nominal level; it needs no extra library and
    gives an interval in the metric's units, which a Bayesian correlated t-test (Benavoli et al.
    2017) would give too with a prior to explain. Repeating the k-fold split (``n_repeats`` in
    ``cross_validate``) is what adds power; more folds alone barely do.
    """
    configs = _check_scores(scores, metric)
    if others is None:
        others = [c for c in configs if c != baseline]
    elif isinstance(others, str):
        others = [others]
    if not isinstance(others, list | tuple) or not others:
        raise CourseInputError("others", others, "debe ser un nombre o una lista de nombres")
    return _family([_compare_one(scores, baseline, o, metric, margin, alpha) for o in others])


def paired_comparison(scores, baseline, other, metric="val_loss", *, margin=None, alpha=ALPHA):
    """One comparison of ``other`` with ``baseline`` (a family of one); see ``compare``."""
    if not isinstance(other, str):
        raise CourseInputError("other", other, "debe ser el nombre de una configuración")
    return _compare_one(scores, baseline, other, metric, margin, alpha)


def compare_pairs(scores, pairs, metric="val_loss", *, margin=None, alpha=ALPHA):
    """``Comparisons`` for several ``(baseline, other)`` pairs, Holm-adjusted as one family.

    ``compare`` adjusts a family that shares one baseline; a factorial design (does dropout help
    with each optimizer? does the optimizer matter?) compares pairs with different baselines.
    """
    if (
        not isinstance(pairs, list | tuple)
        or not pairs
        or not all(isinstance(p, tuple) and len(p) == 2 for p in pairs)
    ):
        raise CourseInputError("pairs", pairs, "debe ser una lista de parejas (base, otra)")
    return _family([_compare_one(scores, *pair, metric, margin, alpha) for pair in pairs])


_VERDICT_COLORS = {
    "mejor": "#2e7d32",
    "peor": "#c62828",
    "despreciable": "#546e7a",
    "sin evidencia": "#9e9e9e",
}


def plot_comparisons(comparisons, *, title=None, figsize=None):
    """Each comparison's mean difference with its 95 % interval, against zero and ±margin.

    An interval that crosses zero is no evidence of a difference; one inside the shaded band is a
    negligible difference. Accuracies in points. Returns the matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt

    if isinstance(comparisons, Comparison):
        comparisons = [comparisons]
    if not comparisons or not all(isinstance(c, Comparison) for c in comparisons):
        why = "debe ser el resultado de compare() o paired_comparison()"
        raise CourseInputError("comparisons", comparisons, why)
    metric = comparisons[0].metric
    scale = _scale(metric)
    margin = comparisons[0].margin * scale
    rows = list(reversed(comparisons))  # the first comparison on top
    fig, ax = plt.subplots(figsize=figsize or (6.4, 1.2 + 0.55 * len(rows)))
    band = f"±{es_significant(margin, 2)}: despreciable"
    ax.axvspan(-margin, margin, color="#eceff1", label=band)
    ax.axvline(0, color="black", lw=1)
    for row, c in enumerate(rows):
        color = _VERDICT_COLORS[c.verdict]
        ax.plot([c.ci_low * scale, c.ci_high * scale], [row, row], color=color, lw=3)
        ax.plot(c.mean_difference * scale, row, "o", color=color, ms=8)
        ax.annotate(
            c.verdict, (c.ci_high * scale, row), xytext=(6, 0), textcoords="offset points",
            va="center", fontsize="small", color=color,
        )  # fmt: skip
    ax.set_yticks(range(len(rows)), [f"{c.other}\nfrente a {c.baseline}" for c in rows])
    unit = " (puntos)" if scale == 100 else ""
    ax.set_xlabel(f"Diferencia de {_metric_name(metric)}{unit}, IC 95 %")
    ax.set_ylim(-0.7, len(rows) - 0.3)
    low = min([c.ci_low * scale for c in rows] + [-margin])
    high = max([c.ci_high * scale for c in rows] + [margin])
    span = high - low
    ax.set_xlim(low - 0.05 * span, high + 0.35 * span)  # room for the verdicts on the right
    ax.set_title(title or "Diferencia con su intervalo: ¿cruza el cero?")
    ax.legend(loc="lower right", fontsize="small")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def _wrap(label, width=14):
    import textwrap

    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def plot_fold_scores(scores, metric="val_accuracy", *, title=None, figsize=None):
    """Per-fold scores of each configuration, one line per fold joining its points, plus mean ± sd.

    Accuracies are drawn in percent; long configuration names are wrapped (and tilted when there
    are many) so that they never overlap. Returns the matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    configs = _check_scores(scores, metric)
    repeated = "repeat" in scores.columns and scores["repeat"].nunique() > 1
    keys = ["repeat", "fold"] if repeated else ["fold"]
    # One row per run (a fold, or a repeat·fold), one column per configuration.
    runs = scores.pivot_table(index=keys, columns="config", values=metric, aggfunc="first")
    runs = runs[configs] * _scale(metric)
    labels = ["·".join(map(str, key)) if repeated else str(key) for key in runs.index]
    show_runs = len(runs) <= 10  # beyond that, a legend of runs only gets in the way
    positions = np.arange(len(configs))
    fig, ax = plt.subplots(figsize=figsize or (max(6.4, 1.1 * len(configs) + 1.5), 4.4))
    ax.set_prop_cycle(color=sns.color_palette("husl", len(runs)))
    ax.plot(positions, runs.T, "o-", alpha=0.5, label=labels if show_runs else None)
    offset = 0.12
    ax.errorbar(
        positions + offset,
        runs.mean(),
        yerr=runs.std().fillna(0),
        fmt="D",
        color="black",
        capsize=5,
        label="media ± desv. típica",
    )
    many = len(configs) > 4
    ax.set_xticks(positions, [_wrap(c, 12 if many else 16) for c in configs])
    if many:  # smaller and tilted, so that long names never overlap
        ax.tick_params(axis="x", labelsize="small", labelrotation=25)
        plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
    ax.set_xlim(-0.5, len(configs) - 0.5 + offset)
    ax.set_xlabel("Configuración")
    ax.set_ylabel(_metric_name(metric).capitalize() + (" (%)" if _is_accuracy(metric) else ""))
    ax.set_title(title or "Puntuación en cada pliegue (cada línea une un mismo pliegue)")
    ax.grid(alpha=0.3)
    ax.legend(
        title=("Repetición·pliegue" if repeated else "Pliegue") if show_runs else None,
        fontsize="small",
        title_fontsize="small",
        loc="center left",
        bbox_to_anchor=(1.01, 0.5),
    )
    fig.tight_layout()
    return fig
