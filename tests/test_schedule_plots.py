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


def test_comparison_draws_per_update_rates_where_given():
    """A schedule that changes the rate within an epoch is drawn through every update: its
    first epoch starts at the initial rate, not at the rate of the epoch's last update."""
    smooth = {"loss": [1.0, 0.5], "learning_rate": [0.08, 0.06]}  # the last update's rate
    steps = {"loss": [1.0, 0.6], "learning_rate": [0.1, 0.05]}
    updates = [0.1, 0.09, 0.08, 0.07, 0.065, 0.06]  # 3 updates per epoch
    fig = plot_schedule_comparison(
        {"suave": smooth, "escalones": steps}, batch_rates={"suave": updates}
    )
    smooth_line, steps_line = fig.axes[0].get_lines()
    assert smooth_line.get_ydata() == pytest.approx(updates)
    assert smooth_line.get_xdata() == pytest.approx(0.5 + (np.arange(6) + 0.5) / 3)
    assert steps_line.get_xdata().tolist() == [1, 2] and steps_line.get_drawstyle() == "steps-mid"
    no_key = {"loss": [1.0, 0.5]}  # a per-update record makes the history's key unnecessary
    plot_schedule_comparison({"x": no_key}, batch_rates={"x": updates})


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
        (
            lambda: plot_schedule_comparison({"x": {"loss": [1.0]}}, batch_rates=[0.1]),
            "batch_rates",
        ),
        (
            lambda: plot_schedule_comparison({"x": {"loss": [1.0]}}, batch_rates={"y": [0.1]}),
            "batch_rates",
        ),
        (
            lambda: plot_schedule_comparison({"x": {"loss": [1, 2]}}, batch_rates={"x": [0.1] * 3}),
            "batch_rates['x']",
        ),
    ],
)
def test_bad_input(call, param):
    with pytest.raises(CourseInputError) as info:
        call()
    assert info.value.param == param
