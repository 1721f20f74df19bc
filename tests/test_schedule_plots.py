import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.errors import CourseInputError
from helpers.schedule_plots import (
    plot_recorded_vs_formula,
    plot_schedule_comparison,
    plot_schedules,
)


def test_plot_schedules_one_line_per_schedule_epochs_from_one():
    fig = plot_schedules({"a": [0.1, 0.05, 0.05], "b": np.array([0.2, 0.1, 0.1])}, title="T")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    assert ax.get_lines()[0].get_xdata().tolist() == [1, 2, 3]
    assert ax.get_xlabel() == "Época" and ax.get_ylabel() == "Tasa de aprendizaje"
    assert ax.get_title() == "T"


def test_plot_schedules_reuses_an_axis():
    fig, ax = plt.subplots()
    assert plot_schedules({"a": [0.1, 0.01]}, ax=ax) is fig
    assert ax.get_lines()[0].get_label() == "a" and ax.get_ylim()[0] == 0


def test_recorded_vs_formula_per_epoch_and_per_update():
    recorded = [0.1, 0.1, 0.05, 0.05]
    fig = plot_recorded_vs_formula(recorded, [0.1, 0.05], steps_per_epoch=2)
    formula, dots = fig.axes[0].get_lines()
    assert formula.get_xdata().tolist() == [1, 2]
    assert dots.get_xdata() == pytest.approx([0.75, 1.25, 1.75, 2.25])
    fig = plot_recorded_vs_formula(recorded, recorded, steps_per_epoch=2)
    assert len(fig.axes[0].get_lines()) == 2


def test_comparison_has_rate_and_metric_panels():
    h = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "learning_rate": [0.1, 0.05]}
    fig = plot_schedule_comparison({"x": h, "y": h})
    rate_ax, loss_ax = fig.axes
    assert rate_ax.get_yscale() == "log" and len(rate_ax.get_lines()) == 2
    assert len(loss_ax.get_lines()) == 4
    assert loss_ax.get_title() == "Pérdida (discontinua: validación)"


def test_comparison_title_mentions_validation_only_when_it_is_drawn():
    h = {"loss": [1.0, 0.5], "learning_rate": [0.1, 0.05]}  # cross-validation folds: no val_
    _, loss_ax = plot_schedule_comparison({"x": h}).axes
    assert len(loss_ax.get_lines()) == 1 and loss_ax.get_title() == "Pérdida"


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda: plot_schedules([0.1, 0.2]), "schedules"),
        (lambda: plot_schedules({}), "schedules"),
        (lambda: plot_schedules({"a": [0.1, -1]}), "schedules['a']"),
        (lambda: plot_recorded_vs_formula([0.1] * 4, [0.1] * 3, steps_per_epoch=2), "formula"),
        (
            lambda: plot_recorded_vs_formula([0.1] * 4, [0.1] * 2, steps_per_epoch=0),
            "steps_per_epoch",
        ),
        (lambda: plot_recorded_vs_formula([], [0.1], steps_per_epoch=1), "recorded"),
        (lambda: plot_schedule_comparison({"x": {"loss": [1.0]}}), "histories"),
        (lambda: plot_schedule_comparison("x"), "histories"),
    ],
)
def test_bad_input(call, param):
    with pytest.raises(CourseInputError) as info:
        call()
    assert info.value.param == param
