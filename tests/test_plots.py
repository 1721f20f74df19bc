import numpy as np
import pandas as pd
import pytest
from support import HIST, FakeHistory

from helpers.errors import CourseInputError
from helpers.plots import normalize_history, plot_history


def lines(ax):
    return {line.get_label(): line for line in ax.get_lines()}


def test_one_run_two_panels_spanish_labels_epochs_from_one():
    fig = plot_history(FakeHistory(HIST))
    acc, loss = fig.axes
    assert acc.get_title() == "Exactitud" and loss.get_title() == "Pérdida"
    assert acc.get_xlabel() == "Época"
    found = lines(acc)
    assert set(found) == {"entrenamiento", "validación"}
    assert found["entrenamiento"].get_xdata().tolist() == [1, 2, 3]
    assert found["entrenamiento"].get_linestyle() == "-"
    assert found["validación"].get_linestyle() == "--"
    assert found["validación"].get_ydata().tolist() == HIST["val_accuracy"]


def test_epoch_ticks_are_whole_numbers():
    history = {"loss": np.linspace(1, 0.1, 20), "val_loss": np.linspace(1.1, 0.2, 20)}
    (ax,) = plot_history(history, metrics="loss").axes
    ticks = [t for t in ax.get_xticks() if 1 <= t <= 20]
    assert len(ticks) >= 3 and all(float(t).is_integer() for t in ticks)


def test_several_runs_one_colour_each():
    other = {k: [v + 0.01 for v in vals] for k, vals in HIST.items()}
    fig = plot_history({"base": HIST, "dropout": FakeHistory(other)}, metrics="loss")
    (ax,) = fig.axes
    found = lines(ax)
    assert set(found) == {
        "base · entrenamiento",
        "base · validación",
        "dropout · entrenamiento",
        "dropout · validación",
    }
    assert found["base · entrenamiento"].get_color() == found["base · validación"].get_color()
    assert found["base · entrenamiento"].get_color() != found["dropout · entrenamiento"].get_color()


def test_keras2_names_are_understood():
    old = {"acc": [0.1, 0.2], "val_acc": [0.1, 0.3], "loss": [1, 0.5], "lr": [0.1, 0.05]}
    assert set(normalize_history(old)) == {"accuracy", "val_accuracy", "loss", "learning_rate"}
    fig = plot_history(old, metrics=("accuracy",), learning_rate=True)
    assert fig.axes[1].get_ylabel() == "Tasa de aprendizaje"
    assert fig.axes[1].get_lines()[0].get_ydata().tolist() == [0.1, 0.05]


def test_dataframe_and_marks():
    fig = plot_history(pd.DataFrame(HIST), marks={"mejor época": 2})
    ax = fig.axes[0]
    vertical = [line for line in ax.get_lines() if np.all(np.asarray(line.get_xdata()) == 2)]
    assert vertical and "mejor época" in [t.get_text() for t in ax.texts]


def test_unknown_metric_lists_the_keys():
    with pytest.raises(CourseInputError, match=r"'accuracy', 'loss'") as info:
        plot_history(HIST, metrics=("precision",))
    assert info.value.param == "metrics"


@pytest.mark.parametrize("bad", [{}, {"loss": []}, FakeHistory({})])
def test_empty_history(bad):
    with pytest.raises(CourseInputError, match="vacío"):
        plot_history(bad)


def test_wrong_types_and_missing_learning_rate():
    with pytest.raises(CourseInputError, match="History"):
        plot_history([1, 2, 3])
    with pytest.raises(CourseInputError, match="LearningRateScheduler"):
        plot_history(HIST, learning_rate=True)
    with pytest.raises(CourseInputError, match="«marks»"):
        plot_history(HIST, marks=[3])
    with pytest.raises(CourseInputError, match="al menos una"):
        plot_history(HIST, metrics=())


def test_near_marks_get_their_own_row_of_text():
    fig = plot_history(HIST, metrics="loss", marks={"a": 2, "b": 2.2})
    offsets = [t.xyann[1] for t in fig.axes[0].texts]
    assert len(set(offsets)) == 2


def test_mark_labels_sit_above_the_curves_and_below_the_title():
    fig = plot_history(HIST, metrics="loss", marks={"a": 2, "b": 2.2}, title="t")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    top = ax.get_window_extent(renderer).y1
    title = ax.title.get_window_extent(renderer)
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        assert box.y0 >= top - 1  # outside the plotting area: no curve underneath
        assert not box.overlaps(title)


@pytest.mark.parametrize("epoch", [0, -1, "3", None, True])
def test_marks_need_an_epoch_from_one(epoch):
    with pytest.raises(CourseInputError, match="mayor o igual que 1"):
        plot_history(HIST, marks={"parada": epoch})


def test_several_runs_share_one_legend_beside_the_panels():
    other = {k: [v + 0.01 for v in vals] for k, vals in HIST.items()}
    fig = plot_history({"base": HIST, "dropout": other})
    acc, loss = fig.axes
    assert acc.get_legend() is None and loss.get_legend() is not None
    fig.canvas.draw()
    legend_box = loss.get_legend().get_window_extent()
    assert legend_box.x0 > loss.get_window_extent().x1  # outside the panel: it covers no curve
    single = plot_history(HIST)
    assert all(ax.get_legend() is not None for ax in single.axes)
