from helpers.errors import CourseInputError
from helpers.schedule_lab import planned_rates, schedule_callbacks, schedule_lab
from helpers.schedules import step_decay

import time

import pytest


@pytest.fixture(scope="module")
def panel():
    return schedule_lab(epochs=4)


def values(**changes):
    base = {
        "schedule": "escalones",
        "lr0": 0.1,
        "momentum": 0.8,
        "decay": 0.05,
        "drop": 0.5,
        "epochs_drop": 2,
        "rate": 0.9,
        "epochs": 6,
    }
    return {**base, **changes}


def test_initial_schedule_is_selectable():
    assert schedule_lab(schedule="tiempo").controls["schedule"].value == "tiempo"


def test_planned_rates_follow_the_formulas():
    assert planned_rates(values()) == pytest.approx([step_decay(e, 0.1, 0.5, 2) for e in range(6)])
    assert planned_rates(values(schedule="meseta")) == pytest.approx([0.1] * 6)


def test_preview_updates_on_every_change_without_training(panel):
    before = panel._preview.draws
    start = time.perf_counter()
    panel.controls["schedule"].value = "tiempo"
    panel.controls["drop"].value = 0.25
    assert panel._preview.draws == before + 2
    assert panel.result is None  # nothing trained
    lines = panel._preview.ax.get_lines()
    assert len(lines) == 1 and lines[0].get_label() == "Basada en el tiempo"
    assert time.perf_counter() - start < 5  # generous: the benchmark measures the real figure
    panel.controls["lr0"].value = 0.5
    assert panel._preview.ax.get_ylim()[1] >= 0.5 and lines[0].get_ydata()[0] == pytest.approx(0.5)
    panel.controls["lr0"].value = 0.1


def test_train_records_the_chosen_schedule(panel):
    panel.controls["schedule"].value = "escalones"
    panel.controls["epochs_drop"].value = 2
    panel.controls["drop"].value = 0.5
    panel.controls["epochs"].value = 4
    panel.click()
    assert panel.status.value.startswith("Listo"), panel.status.value
    rates = panel.result.history["learning_rate"]
    assert rates == pytest.approx([step_decay(e, 0.1, 0.5, 2) for e in range(4)])
    assert len(panel.result.history["val_loss"]) == 4


def test_plateau_schedule_trains(panel):
    panel.controls["schedule"].value = "meseta"
    panel.controls["epochs"].value = 2
    panel.click()
    assert panel.result.history["learning_rate"][0] == pytest.approx(0.1)


def test_callbacks_of_each_schedule():
    import keras

    (plateau,) = schedule_callbacks(values(schedule="meseta"))
    assert isinstance(plateau, keras.callbacks.ReduceLROnPlateau)
    (scheduler,) = schedule_callbacks(values(schedule="coseno"))
    assert scheduler.schedule(0) == pytest.approx(0.1)


def test_bad_schedule_values_raise_spanish_errors():
    with pytest.raises(CourseInputError) as info:
        schedule_callbacks(values(drop=0))
    assert info.value.param == "drop"


@pytest.mark.parametrize(
    "kwargs, param",
    [
        ({"dataset": "iris"}, "dataset"),
        ({"epochs": 0}, "epochs"),
        ({"epochs": 500}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"seed": -1}, "seed"),
        ({"schedule": "lineal"}, "schedule"),
    ],
)
def test_bad_lab_arguments(kwargs, param):
    with pytest.raises(CourseInputError) as info:
        schedule_lab(**kwargs)
    assert info.value.param == param


def test_every_control_at_both_ends_trains_or_explains(panel):
    """Each control at its minimum and maximum: a result or a Spanish message, never a crash."""
    assert len(panel.extreme_values()) >= 2 * 3  # at least three bounded controls
    assert panel.check_extremes() == []
