"""Honest comparisons of cross-validation scores: summaries, paired differences, per-fold plots.

Taught in lessons 2–3 (dropout) and 4–6 (learning-rate schedules); the input is the DataFrame
returned by ``helpers.training.cross_validate``.
"""

from helpers.errors import CourseInputError, check_real

from dataclasses import dataclass

import numpy as np

ALPHA = 0.05  # significance level of the paired test

_METRIC_NAMES = {
    "val_accuracy": "exactitud de validación",
    "train_accuracy": "exactitud de entrenamiento",
    "val_loss": "pérdida de validación",
    "train_loss": "pérdida de entrenamiento",
}


def _metric_name(metric):
    return _METRIC_NAMES.get(metric, metric)


def _is_accuracy(metric):
    return "accuracy" in metric


def _higher_is_better(metric):
    return "loss" not in metric


def _check_scores(scores, metric):
    """Validate the scores DataFrame and the metric; return the config names in order."""
    import pandas as pd

    if not isinstance(scores, pd.DataFrame):
        raise CourseInputError(
            "scores",
            type(scores).__name__,
            "debe ser el DataFrame que devuelve helpers.training.cross_validate",
        )
    missing = [c for c in ("config", "fold") if c not in scores.columns]
    if missing:
        raise CourseInputError(
            "scores",
            f"columnas {list(scores.columns)}",
            f"le faltan las columnas {missing}; usa el DataFrame de cross_validate",
        )
    if scores.empty:
        raise CourseInputError("scores", "un DataFrame vacío", "hace falta al menos un pliegue")
    valid = [
        c
        for c in scores.columns
        if c not in ("config", "fold") and pd.api.types.is_numeric_dtype(scores[c])
    ]
    if metric not in valid:
        listed = ", ".join(repr(c) for c in valid)
        raise CourseInputError("metric", metric, f"las métricas válidas son {listed}")
    return list(pd.unique(scores["config"]))


def _check_config(param, name, configs):
    if name not in configs:
        listed = ", ".join(repr(c) for c in configs)
        raise CourseInputError(param, name, f"las configuraciones válidas son {listed}")
    return name


def summarize_scores(scores, metric="val_accuracy"):
    """One row per configuration, in order of appearance: mean, std, min, max and n (folds).

    ``std`` is the sample standard deviation across folds (ddof=1), in the metric's own units
    (a fraction for accuracies). ``n`` is the number of folds.
    """
    configs = _check_scores(scores, metric)
    summary = scores.groupby("config", sort=False)[metric].agg(
        ["mean", "std", "min", "max", "count"]
    )
    summary = summary.rename(columns={"count": "n"}).reindex(configs)
    summary.index.name = "config"
    return summary


@dataclass(frozen=True)
class PairedComparison:
    """``other`` minus ``baseline``, fold by fold, on the same folds.

    - ``mean_difference``: mean of the per-fold differences (metric units; a fraction for
      accuracies). Positive means ``other`` scored higher.
    - ``std_difference``: sample standard deviation of the per-fold differences: the fold-to-fold
      noise of the comparison itself.
    - ``p_value``: two-sided paired t-test (``scipy.stats.ttest_rel``).
    - ``exceeds_noise``: the difference is larger than the noise, meaning BOTH
      ``|mean_difference| > std_difference`` (a typical fold moves by less than the mean gap)
      AND ``p_value < 0.05``.
    - ``wins``: folds where ``other`` did better (higher accuracy, lower loss).
    """

    baseline: str
    other: str
    metric: str
    mean_difference: float
    std_difference: float
    n_folds: int
    p_value: float
    exceeds_noise: bool
    wins: int

    @property
    def other_is_better(self):
        """True when ``other`` beats ``baseline`` by more than the noise."""
        sign = 1 if _higher_is_better(self.metric) else -1
        return self.exceeds_noise and sign * self.mean_difference > 0

    @property
    def sentence(self):
        """One honest Spanish sentence with the difference, the noise and the verdict."""
        scale, unit = (100, " puntos") if _is_accuracy(self.metric) else (1, "")
        decimals = 1 if _is_accuracy(self.metric) else 3
        diff = _es(scale * self.mean_difference, decimals, signed=True)
        noise = _es(scale * self.std_difference, decimals)
        p = _es(self.p_value, 3 if self.p_value >= 0.001 else 4)
        what = f"la diferencia media de {_metric_name(self.metric)} ({diff}{unit})"
        head = f"«{self.other}» frente a «{self.baseline}», en {self.n_folds} pliegues: "
        tail = f"gana en {self.wins} de {self.n_folds} pliegues"
        if self.exceeds_noise:
            verdict = "mejor" if self.other_is_better else "peor"
            return (
                f"{head}{what} supera la variación entre pliegues (±{noise}{unit}; p = {p}) y "
                f"{tail}: con estos datos «{self.other}» es {verdict} que «{self.baseline}»."
            )
        if abs(self.mean_difference) <= self.std_difference:
            why = f"es menor que la variación entre pliegues (±{noise}{unit})"
        else:
            why = (
                f"es mayor que la variación entre pliegues (±{noise}{unit}), pero la prueba "
                f"pareada no la distingue del azar (p = {p})"
            )
        return (
            f"{head}{what} {why}: con estos datos no se puede decir que «{self.other}» sea "
            f"mejor ni peor que «{self.baseline}»."
        )

    def __str__(self):
        return self.sentence

    def _repr_markdown_(self):
        return self.sentence


def _es(value, decimals, signed=False):
    """A number written the Spanish way: decimal comma, optional explicit sign."""
    text = f"{value:+.{decimals}f}" if signed else f"{value:.{decimals}f}"
    return text.replace(".", ",")


def paired_comparison(scores, baseline, other, metric="val_accuracy", alpha=ALPHA):
    """Compare ``other`` with ``baseline`` fold by fold; returns a ``PairedComparison``.

    Both configurations must have been scored on the same folds (as ``cross_validate`` does).
    Why a paired t-test: the folds are shared, so the per-fold differences remove what is easy or
    hard about each fold. A sign test or Wilcoxon's signed-rank test cannot give p < 0.0625 with
    five folds, so with the course's few folds they could never see any difference; the t-test
    can, and because folds share training rows its p-value is optimistic, which is why
    ``exceeds_noise`` also asks the mean difference to be larger than its fold-to-fold spread.
    """
    from scipy import stats

    configs = _check_scores(scores, metric)
    _check_config("baseline", baseline, configs)
    _check_config("other", other, configs)
    if baseline == other:
        raise CourseInputError("other", other, "debe ser una configuración distinta de «baseline»")
    alpha = check_real("alpha", alpha, low=0, high=1, low_open=True, high_open=True)
    table = scores[scores["config"].isin([baseline, other])].pivot_table(
        index="fold", columns="config", values=metric, aggfunc="first"
    )
    if table.isna().any().any():
        raise CourseInputError(
            "scores",
            "pliegues distintos",
            f"«{baseline}» y «{other}» deben evaluarse en los mismos pliegues",
        )
    n = len(table)
    if n < 2:
        raise CourseInputError("scores", f"{n} pliegue", "hacen falta al menos 2 pliegues")
    diffs = (table[other] - table[baseline]).to_numpy(dtype=float)
    mean, sd = float(diffs.mean()), float(diffs.std(ddof=1))
    if np.allclose(diffs, diffs[0], rtol=0, atol=1e-12):
        # Constant differences: the t statistic is undefined; no spread means no noise.
        p_value = 1.0 if abs(mean) < 1e-12 else 0.0
        sd = 0.0
    else:
        p_value = float(stats.ttest_rel(table[other], table[baseline]).pvalue)
    better = diffs > 0 if _higher_is_better(metric) else diffs < 0
    return PairedComparison(
        baseline=baseline,
        other=other,
        metric=metric,
        mean_difference=mean,
        std_difference=sd,
        n_folds=n,
        p_value=p_value,
        exceeds_noise=bool(abs(mean) > sd and p_value < alpha),
        wins=int(better.sum()),
    )


def plot_fold_scores(scores, metric="val_accuracy", *, title=None, figsize=(6.4, 4.0)):
    """Per-fold scores of each configuration, one line per fold joining its points, plus mean ± sd.

    Accuracies are drawn in percent. Returns the matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    configs = _check_scores(scores, metric)
    scale = 100 if _is_accuracy(metric) else 1
    label = _metric_name(metric).capitalize() + (" (%)" if scale == 100 else "")
    data = scores[["config", "fold", metric]].copy()
    data["posición"] = data["config"].map({c: i for i, c in enumerate(configs)})
    data["valor"] = data[metric] * scale
    data["pliegue"] = data["fold"].astype(str)
    fig, ax = plt.subplots(figsize=figsize)
    sns.lineplot(
        data=data,
        x="posición",
        y="valor",
        hue="pliegue",
        units="pliegue",
        estimator=None,
        marker="o",
        alpha=0.6,
        palette="husl",
        ax=ax,
    )
    summary = summarize_scores(scores, metric)
    offset = 0.12
    ax.errorbar(
        np.arange(len(configs)) + offset,
        summary["mean"] * scale,
        yerr=summary["std"].fillna(0) * scale,
        fmt="D",
        color="black",
        capsize=5,
        label="media ± desv. típica",
    )
    ax.set_xticks(range(len(configs)), configs)
    ax.set_xlim(-0.4, len(configs) - 0.6 + offset)
    ax.set_xlabel("Configuración")
    ax.set_ylabel(label)
    ax.set_title(title or "Puntuación en cada pliegue (cada línea une un mismo pliegue)")
    ax.grid(alpha=0.3)
    ax.legend(title="Pliegue", fontsize="small", title_fontsize="small", loc="best")
    fig.tight_layout()
    return fig
