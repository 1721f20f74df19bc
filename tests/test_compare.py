import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers.compare import (
    Comparison,
    compare,
    compare_pairs,
    corrected_t_test,
    holm,
    paired_comparison,
    plot_comparisons,
    plot_fold_scores,
    summarize_scores,
)
from helpers.errors import CourseInputError
from helpers.formatting import decimal_comma, es_number, es_significant


def scores_from(per_config, metric="val_accuracy", n_splits=None, n_rows=100):
    """A cross_validate-like DataFrame from ``{config: [score per fold]}``.

    With ``n_splits``, the scores are read as repeats of a ``n_splits``-fold split.
    """
    rows = []
    for name, values in per_config.items():
        k = n_splits or len(values)
        for index, value in enumerate(values):
            repeat, fold = divmod(index, k)
            rows.append(
                {
                    "config": name,
                    "repeat": repeat + 1,
                    "fold": fold + 1,
                    metric: value,
                    "n_train": n_rows - n_rows // k,
                    "n_val": n_rows // k,
                    "seconds": 0.1,
                }
            )
    return pd.DataFrame(rows)


def test_summary_has_hand_computed_statistics_in_config_order_and_spanish_columns():
    scores = scores_from({"sin": [0.8, 0.9, 1.0], "con": [0.5, 0.7, 0.6]})
    summary = summarize_scores(scores)
    assert list(summary.index) == ["sin", "con"]
    assert list(summary.columns) == ["media", "desv. típica", "mín.", "máx.", "resultados"]
    assert summary.loc["sin", "media"] == pytest.approx(0.9)
    assert summary.loc["sin", "desv. típica"] == pytest.approx(0.1)  # sample sd of 0.8, 0.9, 1
    assert summary.loc["con", "mín."] == pytest.approx(0.5)
    assert summary.loc["con", "máx."] == pytest.approx(0.7)
    assert summary.loc["con", "resultados"] == 3


def test_corrected_t_test_by_hand():
    d = np.array([0.02, 0.04, 0.00, 0.06])
    mean, se, t, p, df = corrected_t_test(d, test_to_train=1 / 3)
    expected_se = np.sqrt((1 / 4 + 1 / 3) * d.var(ddof=1))
    assert mean == pytest.approx(0.03)
    assert se == pytest.approx(expected_se)
    assert t == pytest.approx(0.03 / expected_se)
    assert p == pytest.approx(2 * stats.t.sf(0.03 / expected_se, 3))
    assert df == 3


def test_known_answer_scikit_learn_model_comparison_example():
    """scikit-learn's example "Statistical comparison of models using grid search" prints, for
    the rbf against the linear SVC on 10 × 10-fold repeated CV: corrected t = 0.750, one-sided
    p = 0.227 (uncorrected: t = 2.611, p = 0.005). Same data, same folds, same numbers here."""
    from sklearn.datasets import make_moons
    from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score
    from sklearn.svm import SVC

    X, y = make_moons(noise=0.352, random_state=1, n_samples=100)
    cv = RepeatedStratifiedKFold(n_splits=10, n_repeats=10, random_state=0)
    per_config = {
        kernel: cross_val_score(SVC(kernel=kernel, random_state=0), X, y, cv=cv, scoring="roc_auc")
        for kernel in ("linear", "rbf")
    }
    scores = scores_from(
        {k: list(v) for k, v in per_config.items()}, "val_auc", n_splits=10, n_rows=100
    )
    result = paired_comparison(scores, "linear", "rbf", "val_auc")
    _, se, t, _, _ = corrected_t_test(per_config["rbf"] - per_config["linear"], 10 / 90)
    assert round(t, 3) == 0.750
    assert round(result.p_value / 2, 3) == 0.227  # the example's p is one-sided
    assert result.n_folds == 10 and result.n_repeats == 10
    naive = stats.ttest_rel(per_config["rbf"], per_config["linear"])
    assert round(naive.statistic, 3) == 2.611 and round(naive.pvalue / 2, 3) == 0.005
    assert not result.exceeds_noise and result.verdict == "sin evidencia"


def _correlated_fold_differences(rng, n_folds, n_repeats, rho, sd=0.03):
    """Per-fold differences of a configuration against itself under other seeds: no true
    difference, folds of one repeat correlated by ``rho`` (they share training rows)."""
    cov = sd**2 * ((1 - rho) * np.eye(n_folds) + rho * np.ones((n_folds, n_folds)))
    return np.concatenate(
        [rng.multivariate_normal(np.zeros(n_folds), cov) for _ in range(n_repeats)]
    )


@pytest.mark.parametrize("n_folds, n_repeats", [(5, 1), (5, 3), (10, 2)])
def test_simulated_null_comparisons_are_beyond_the_noise_near_the_nominal_rate(n_folds, n_repeats):
    rng = np.random.default_rng(0)
    rho = 1 / n_folds  # Nadeau & Bengio's model of the correlation between k-fold results
    n_sims = 400
    corrected = naive = 0
    for _ in range(n_sims):
        d = _correlated_fold_differences(rng, n_folds, n_repeats, rho)
        corrected += corrected_t_test(d, 1 / (n_folds - 1))[3] < 0.05
        naive += stats.ttest_1samp(d, 0).pvalue < 0.05
    assert corrected / n_sims <= 0.10
    if n_repeats > 1:  # with repeats the naive test is clearly too optimistic
        assert naive / n_sims > corrected / n_sims


def test_holm_against_hand_computed_values():
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])
    np.testing.assert_allclose(holm([0.5]), [0.5])
    np.testing.assert_allclose(holm([0.02, 0.8]), [0.04, 0.8])


def test_consistent_gain_is_beyond_the_noise_with_interval_and_wins():
    base = [0.80, 0.82, 0.78, 0.81, 0.79, 0.80, 0.83, 0.77, 0.80, 0.81]
    gains = [0.05, 0.06, 0.04, 0.05, 0.06, 0.05, 0.04, 0.06, 0.05, 0.05]
    scores = scores_from({"base": base, "dropout": np.add(base, gains).tolist()}, n_splits=5)
    cmp = paired_comparison(scores, "base", "dropout", "val_accuracy")
    assert cmp.mean_difference == pytest.approx(0.051)
    assert cmp.ci_low > 0 and cmp.ci_low < cmp.mean_difference < cmp.ci_high
    assert cmp.n_folds == 5 and cmp.n_repeats == 2 and cmp.wins == 10
    assert cmp.exceeds_noise and cmp.other_is_better and cmp.verdict == "mejor"
    text = cmp.sentence
    assert "+5,1 puntos" in text and "IC 95 %" in text and "5 pliegues × 2 repeticiones" in text
    assert "más allá del ruido" in text and "es mejor que «base»" in text


def test_lower_loss_is_better_and_higher_loss_is_worse():
    base = [0.60, 0.55, 0.65, 0.58, 0.62]
    lower = scores_from({"base": base, "drop": np.subtract(base, 0.1).tolist()}, "val_loss")
    cmp = paired_comparison(lower, "base", "drop", metric="val_loss")
    assert cmp.exceeds_noise and cmp.other_is_better and cmp.wins == 5
    higher = scores_from({"a": base, "b": np.add(base, [0.2, 0.3, 0.25, 0.2, 0.3]).tolist()})
    cmp = paired_comparison(higher.rename(columns={"val_accuracy": "val_loss"}), "a", "b")
    assert cmp.exceeds_noise and not cmp.other_is_better and cmp.verdict == "peor"
    assert cmp.wins == 0 and "«b» es peor" in cmp.sentence


def test_noisy_difference_is_no_evidence_and_never_says_it_does_not_matter():
    base = [0.80, 0.90, 0.70, 0.85, 0.75]
    other = [0.84, 0.86, 0.76, 0.83, 0.79]
    cmp = paired_comparison(scores_from({"a": base, "b": other}), "a", "b", "val_accuracy")
    assert not cmp.exceeds_noise and cmp.verdict == "sin evidencia"
    assert cmp.ci_low < 0 < cmp.ci_high
    assert "no hay evidencia de diferencia con este presupuesto (5 pliegues)" in cmp.sentence
    assert "no importa" not in cmp.sentence


def test_tight_interval_inside_the_margin_is_negligible():
    base = np.linspace(0.80, 0.90, 10)
    other = base + np.tile([0.001, -0.001], 5)
    cmp = paired_comparison(scores_from({"a": base, "b": other}), "a", "b", "val_accuracy")
    assert cmp.verdict == "despreciable" and "despreciable" in cmp.sentence
    assert "±1,0 puntos" in cmp.sentence


def test_identical_runs_say_so_and_tiny_differences_are_not_printed_as_zero():
    same = paired_comparison(
        scores_from({"a": [0.7, 0.8], "b": [0.7, 0.8]}), "a", "b", "val_accuracy"
    )
    assert same.p_value == 1.0 and not same.exceeds_noise
    assert "exactamente los mismos resultados" in same.sentence
    shifted = paired_comparison(
        scores_from({"a": [0.7, 0.8], "b": [0.75, 0.85]}), "a", "b", "val_accuracy"
    )
    assert shifted.p_value == 0.0 and shifted.exceeds_noise
    tiny = paired_comparison(
        scores_from({"a": [0.5, 0.6, 0.7], "b": [0.5001, 0.6002, 0.7]}, "val_loss"),
        "a",
        "b",
        "val_loss",
    )
    assert "media +0,000," not in tiny.sentence and "media +0,0001," in tiny.sentence


def test_a_family_is_holm_adjusted_and_looked_up_by_name():
    base = [0.60, 0.55, 0.65, 0.58, 0.62]
    scores = scores_from(
        {
            "base": base,
            "clear": np.subtract(base, [0.10, 0.12, 0.09, 0.11, 0.10]).tolist(),
            "noise": np.add(base, [0.02, -0.03, 0.01, -0.01, 0.02]).tolist(),
        },
        "val_loss",
    )
    family = compare(scores, "base", metric="val_loss")
    assert [c.other for c in family] == ["clear", "noise"]
    np.testing.assert_allclose([c.p_adjusted for c in family], holm([c.p_value for c in family]))
    assert family["clear"].verdict == "mejor" and family["noise"].verdict == "sin evidencia"
    assert "ajustado por Holm, 2 comparaciones" in family["clear"].sentence
    noise = family["noise"]
    unadjusted = "< 0,001" if noise.p_value < 0.001 else f"= {noise.p_value:.3f}".replace(".", ",")
    assert f"sin ajustar, p {unadjusted})" in noise.sentence  # both p-values are shown
    table = family.table()
    assert list(table["veredicto"]) == ["mejor", "sin evidencia"]
    assert "- «clear» frente a «base»" in family._repr_markdown_()
    with pytest.raises(CourseInputError, match="las comparaciones son"):
        family["otra"]


def test_plot_comparisons_draws_each_interval_against_zero():
    scores = scores_from({"a": [0.6, 0.5, 0.7], "b": [0.5, 0.45, 0.6], "c": [0.6, 0.52, 0.69]})
    family = compare(scores.rename(columns={"val_accuracy": "val_loss"}), "a", metric="val_loss")
    fig = plot_comparisons(family)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["c\nfrente a a", "b\nfrente a a"]
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.get_lines())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    for text in ax.texts:  # the verdict labels are not cut off at the right edge
        assert text.get_window_extent(renderer).x1 <= inside.x1
    with pytest.raises(CourseInputError, match="compare"):
        plot_comparisons([0.1])


def _overlaps(boxes):
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_fold_score_plot_tick_labels_do_not_overlap_with_many_long_names():
    names = [
        "base",
        "ocultas 0",
        "ocultas 0,2",
        "ocultas 0,5",
        "ocultas 0,8",
        "grande, ocultas 0,2",
        "todas las capas 0,2",
    ]
    rng = np.random.default_rng(0)
    scores = scores_from({n: list(0.8 + 0.05 * rng.random(5)) for n in names})
    fig = plot_fold_scores(scores)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].get_xticklabels()]
    assert len(boxes) == 7 and not _overlaps(boxes)


def test_fold_plot_has_one_line_per_fold_and_the_mean():
    scores = scores_from({"a": [0.8, 0.9, 0.85], "b": [0.82, 0.88, 0.9]})
    fig = plot_fold_scores(scores)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Exactitud de validación (%)"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    assert "media ± desv. típica" in [t.get_text() for t in ax.get_legend().get_texts()]
    fig = plot_fold_scores(scores_from({"a": [0.3, 0.4], "b": [0.2, 0.5]}, "val_loss"), "val_loss")
    assert fig.axes[0].get_ylabel() == "Pérdida de validación"


def test_spanish_number_formatting():
    assert es_number(-0.5, 2) == "-0,50"
    assert es_number(0.25, 1, signed=True) == "+0,2"
    assert es_significant(0.0004, 3) == "0,0004"
    assert es_significant(0.0, 3) == "0,000"
    decimal_comma(2)
    try:
        assert "0,50" in pd.DataFrame({"x": [0.5]}).to_string()
        assert "0,50" in pd.DataFrame({"x": [0.5]})._repr_html_()
    finally:
        pd.reset_option("display.float_format")


@pytest.mark.parametrize("func", [summarize_scores, plot_fold_scores])
def test_unknown_metric_lists_the_valid_ones(func):
    scores = scores_from({"a": [0.8, 0.9]})
    with pytest.raises(CourseInputError, match="'val_accuracy'") as err:
        func(scores, "val_acc")
    assert "metric" in str(err.value) and "seconds" not in str(err.value)


@pytest.mark.parametrize(
    "kwargs, param, text",
    [
        ({"baseline": "z", "other": "b"}, "baseline", "'a', 'b'"),
        ({"baseline": "a", "other": "z"}, "others", "'a', 'b'"),
        ({"baseline": "a", "other": "a"}, "others", "distinta"),
        ({"baseline": "a", "other": "b", "alpha": 1.5}, "alpha", "1.5"),
        ({"baseline": "a", "other": "b", "margin": -1}, "margin", "-1"),
        ({"baseline": "a", "other": ["b"]}, "other", "nombre"),
    ],
)
def test_paired_comparison_bad_arguments(kwargs, param, text):
    args = {"metric": "val_accuracy", **kwargs}
    with pytest.raises(CourseInputError, match=text) as err:
        paired_comparison(scores_from({"a": [0.8, 0.9], "b": [0.7, 0.6]}), **args)
    assert param in str(err.value)


def test_bad_scores():
    with pytest.raises(CourseInputError, match="cross_validate"):
        summarize_scores([0.8, 0.9])
    with pytest.raises(CourseInputError, match="faltan"):
        summarize_scores(pd.DataFrame({"val_accuracy": [0.8]}))
    with pytest.raises(CourseInputError, match="vacío"):
        summarize_scores(pd.DataFrame(columns=["config", "fold", "val_accuracy"]))
    uneven = scores_from({"a": [0.8, 0.9, 0.7], "b": [0.7, 0.6]})
    with pytest.raises(CourseInputError, match="mismos pliegues"):
        paired_comparison(uneven, "a", "b", "val_accuracy")
    with pytest.raises(CourseInputError, match="al menos 2"):
        paired_comparison(scores_from({"a": [0.8], "b": [0.7]}), "a", "b", "val_accuracy")
    with pytest.raises(CourseInputError, match="lista de nombres"):
        compare(scores_from({"a": [0.8, 0.9], "b": [0.7, 0.6]}), "a", [], "val_accuracy")


def test_comparison_is_a_plain_record():
    cmp = paired_comparison(
        scores_from({"a": [0.8, 0.9, 0.7], "b": [0.7, 0.6, 0.65]}), "a", "b", "val_accuracy"
    )
    assert isinstance(cmp, Comparison) and str(cmp) == cmp.sentence.replace("**", "")


def test_an_interval_clear_of_zero_that_the_family_adjustment_holds_back_is_said_so():
    base = [0.60, 0.55, 0.65, 0.58, 0.62]
    shifts = {f"c{i}": [-0.02, -0.08, -0.03, -0.07, -0.05] for i in range(4)}
    scores = scores_from(
        {"base": base, **{k: np.add(base, v).tolist() for k, v in shifts.items()}}, "val_loss"
    )
    family = compare(scores, "base", metric="val_loss")
    c = family["c0"]
    assert c.ci_high < 0 and c.p_value < 0.05 <= c.p_adjusted
    assert c.verdict == "sin evidencia"
    assert "no cruza el cero" in c.sentence and "4 comparaciones a la vez" in c.sentence
    assert "admite tanto una mejora" not in c.sentence


def test_compare_pairs_adjusts_pairs_with_different_baselines_as_one_family():
    rng = np.random.default_rng(0)
    rows = []
    for fold in range(1, 6):
        base = rng.normal(0.6, 0.05)
        for config, shift in (("a", 0.0), ("b", -0.3), ("c", 0.01), ("d", -0.29)):
            value = base + shift + rng.normal(0, 0.01)
            rows.append({"config": config, "fold": fold, "val_loss": value})
    scores = pd.DataFrame(rows)
    pairs = [("a", "b"), ("a", "c"), ("c", "d")]
    family = compare_pairs(scores, pairs)
    assert [(c.baseline, c.other) for c in family] == pairs
    single = [paired_comparison(scores, *pair) for pair in pairs]
    assert [c.p_value for c in family] == [c.p_value for c in single]
    assert all(c.family_size == 3 for c in family)
    np.testing.assert_allclose([c.p_adjusted for c in family], holm([c.p_value for c in single]))
    assert family["b"].other_is_better and family["d"].other_is_better
    assert "Holm, 3 comparaciones" in family["b"].sentence
    with pytest.raises(CourseInputError) as info:
        compare_pairs(scores, [("a", "b", "c")])
    assert info.value.param == "pairs"


def test_fold_plot_legend_names_repeat_and_fold_when_the_split_was_repeated():
    scores = scores_from({"a": [0.8, 0.9, 0.85, 0.82], "b": [0.82, 0.88, 0.9, 0.8]}, n_splits=2)
    legend = plot_fold_scores(scores).axes[0].get_legend()
    assert legend.get_title().get_text() == "Repetición·pliegue"
    assert "1·2" in [t.get_text() for t in legend.get_texts()]
