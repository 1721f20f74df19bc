from helpers.compare import paired_comparison, plot_fold_scores, summarize_scores
from helpers.errors import CourseInputError

import numpy as np
import pandas as pd
import pytest
from scipy import stats


def scores_from(per_config, metric="val_accuracy"):
    """A cross_validate-like DataFrame from ``{config: [score per fold]}``."""
    rows = [
        {"config": name, "fold": fold, metric: value, "seconds": 0.1}
        for name, values in per_config.items()
        for fold, value in enumerate(values, start=1)
    ]
    return pd.DataFrame(rows)


def test_summary_has_hand_computed_statistics_in_config_order():
    scores = scores_from({"sin": [0.8, 0.9, 1.0], "con": [0.5, 0.7, 0.6]})
    summary = summarize_scores(scores)
    assert list(summary.index) == ["sin", "con"]
    assert list(summary.columns) == ["mean", "std", "min", "max", "n"]
    assert summary.loc["sin", "mean"] == pytest.approx(0.9)
    assert summary.loc["sin", "std"] == pytest.approx(0.1)  # sample sd of 0.8, 0.9, 1.0
    assert summary.loc["con", "min"] == pytest.approx(0.5)
    assert summary.loc["con", "max"] == pytest.approx(0.7)
    assert summary.loc["con", "n"] == 3


def test_consistent_gain_exceeds_the_noise():
    base = [0.80, 0.82, 0.78, 0.81, 0.79]
    gains = [0.05, 0.06, 0.04, 0.05, 0.06]
    scores = scores_from({"base": base, "dropout": np.add(base, gains).tolist()})
    cmp = paired_comparison(scores, "base", "dropout")
    assert cmp.mean_difference == pytest.approx(0.052)
    assert cmp.std_difference == pytest.approx(np.std(gains, ddof=1))
    assert cmp.n_folds == 5 and cmp.wins == 5
    expected_p = stats.ttest_rel(np.add(base, gains), base).pvalue
    assert cmp.p_value == pytest.approx(expected_p)
    assert cmp.exceeds_noise and cmp.other_is_better
    assert "supera la variación entre pliegues" in cmp.sentence
    assert "«dropout» es mejor que «base»" in cmp.sentence
    assert "+5,2 puntos" in cmp.sentence


def test_small_difference_within_noise_is_not_a_win():
    base = [0.80, 0.85, 0.78, 0.90, 0.82]
    other = [0.83, 0.82, 0.80, 0.88, 0.86]  # differences +3, -3, +2, -2, +4 points
    cmp = paired_comparison(scores_from({"a": base, "b": other}), "a", "b")
    assert cmp.mean_difference == pytest.approx(0.008)
    assert abs(cmp.mean_difference) < cmp.std_difference
    assert not cmp.exceeds_noise and not cmp.other_is_better
    assert "es menor que la variación entre pliegues" in cmp.sentence
    assert "no se puede decir que «b» sea mejor" in cmp.sentence
    assert "+0,8 puntos" in cmp.sentence and str(cmp) == cmp.sentence


def test_large_but_unsignificant_difference_says_why():
    # Mean gap (3.3 points) above the spread of the differences (2.1), but 3 folds are too few.
    cmp = paired_comparison(scores_from({"a": [0.8, 0.8, 0.8], "b": [0.81, 0.85, 0.84]}), "a", "b")
    assert abs(cmp.mean_difference) > cmp.std_difference and cmp.p_value >= 0.05
    assert not cmp.exceeds_noise
    assert "no la distingue del azar" in cmp.sentence


def test_consistent_loss_reduction_is_better():
    base = [0.50, 0.55, 0.52, 0.49, 0.51]
    other = [0.40, 0.44, 0.43, 0.40, 0.41]
    scores = scores_from({"base": base, "drop": other}, metric="val_loss")
    cmp = paired_comparison(scores, "base", "drop", metric="val_loss")
    assert cmp.mean_difference < 0 and cmp.wins == 5
    assert cmp.exceeds_noise and cmp.other_is_better
    assert "pérdida de validación" in cmp.sentence and "es mejor" in cmp.sentence


def test_consistent_loss_increase_is_worse():
    scores = scores_from({"a": [0.1, 0.2, 0.3, 0.2], "b": [0.6, 0.71, 0.8, 0.69]}, "val_loss")
    cmp = paired_comparison(scores, "a", "b", metric="val_loss")
    assert cmp.exceeds_noise and not cmp.other_is_better and cmp.wins == 0
    assert "«b» es peor que «a»" in cmp.sentence


def test_identical_and_constant_differences():
    same = paired_comparison(scores_from({"a": [0.7, 0.8], "b": [0.7, 0.8]}), "a", "b")
    assert same.p_value == 1.0 and same.std_difference == 0 and not same.exceeds_noise
    shifted = paired_comparison(scores_from({"a": [0.7, 0.8], "b": [0.75, 0.85]}), "a", "b")
    assert shifted.p_value == 0.0 and shifted.exceeds_noise


def test_plot_has_one_line_per_fold_and_mean_with_error_bars():
    scores = scores_from({"a": [0.8, 0.9, 0.85], "b": [0.82, 0.88, 0.9], "c": [0.7, 0.75, 0.8]})
    fig = plot_fold_scores(scores)
    ax = fig.axes[0]
    fold_lines = [
        line for line in ax.get_lines() if list(line.get_xdata()) == [0, 1, 2]
    ]  # the means sit slightly to the right of each configuration
    assert len(fold_lines) == 3  # one per fold, joining the three configurations
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert ax.get_xlabel() == "Configuración" and "(%)" in ax.get_ylabel()
    assert "media ± desv. típica" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert max(max(line.get_ydata()) for line in fold_lines) == pytest.approx(90)


def test_plot_of_a_loss_is_not_in_percent():
    fig = plot_fold_scores(scores_from({"a": [0.3, 0.4], "b": [0.2, 0.5]}, "val_loss"), "val_loss")
    assert fig.axes[0].get_ylabel() == "Pérdida de validación"


@pytest.mark.parametrize("func", [summarize_scores, plot_fold_scores])
def test_unknown_metric_lists_the_valid_ones(func):
    with pytest.raises(CourseInputError) as info:
        func(scores_from({"a": [0.8, 0.9]}), metric="exactitud")
    assert info.value.param == "metric"
    assert "'val_accuracy'" in str(info.value) and "'seconds'" in str(info.value)


@pytest.mark.parametrize(
    "kwargs, param, text",
    [
        ({"baseline": "z"}, "baseline", "'a', 'b'"),
        ({"other": "zz"}, "other", "'a', 'b'"),
        ({"other": "a"}, "other", "distinta"),
        ({"metric": "acc"}, "metric", "'val_accuracy'"),
        ({"alpha": 1.5}, "alpha", "(0, 1)"),
    ],
)
def test_paired_comparison_bad_arguments(kwargs, param, text):
    args = {"baseline": "a", "other": "b"} | kwargs
    with pytest.raises(CourseInputError) as info:
        paired_comparison(scores_from({"a": [0.8, 0.9], "b": [0.7, 0.6]}), **args)
    assert info.value.param == param and text in str(info.value)


def test_bad_scores_tables():
    with pytest.raises(CourseInputError, match="cross_validate"):
        summarize_scores([0.8, 0.9])
    with pytest.raises(CourseInputError, match="faltan"):
        summarize_scores(pd.DataFrame({"val_accuracy": [0.8]}))
    with pytest.raises(CourseInputError, match="vacío"):
        summarize_scores(pd.DataFrame(columns=["config", "fold", "val_accuracy"]))
    uneven = pd.concat([scores_from({"a": [0.8, 0.9, 0.7]}), scores_from({"b": [0.7, 0.6]})])
    with pytest.raises(CourseInputError, match="mismos pliegues"):
        paired_comparison(uneven, "a", "b")
    with pytest.raises(CourseInputError, match="al menos 2"):
        paired_comparison(scores_from({"a": [0.8], "b": [0.7]}), "a", "b")
