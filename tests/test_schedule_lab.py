import logging
import time

import pytest
from lab_checks import check_extremes, extreme_values, set_values

from helpers.csv_dataset import load_csv
from helpers.data import as_split, load_iris, make_noisy_classification
from helpers.errors import CourseInputError
from helpers.schedule_lab import (
    SCHEDULE_HELP,
    SCHEDULE_OPTIONS,
    SCHEDULE_PARAMETERS,
    planned_rates,
    relevant_values,
    schedule_callbacks,
    schedule_lab,
)
from helpers.schedules import SCHEDULES, step_decay


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


def test_the_lab_starts_where_the_lesson_stands():
    """A lesson passes its data and its own settings: the controls start there, and the first
    click trains on those data with them."""
    data = make_noisy_classification(n_samples=300, n_features=5, n_informative=3, seed=0)
    start = {"lr0": 1.0, "momentum": 0.9, "drop": 0.2, "epochs_drop": 4, "rate": 0.75}
    lab = schedule_lab(data, schedule="escalones", epochs=5, batch_size=64, decay=1.0, **start)
    assert {name: lab.controls[name].value for name in start} == pytest.approx(start)
    assert lab.controls["decay"].value == pytest.approx(1.0)
    assert lab._preview.ax.get_lines()[0].get_ydata() == pytest.approx([1, 1, 1, 0.2, 0.2])
    lab.click()
    assert lab.outcome == "ok", lab.status.value
    assert lab.result.history["learning_rate"] == pytest.approx([1, 1, 1, 0.2, 0.2])
    assert lab.result.model.input_shape[-1] == 5  # the lesson's data, not the default ones


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
        ({"data": "iris"}, "data"),
        ({"epochs": 0}, "epochs"),
        ({"epochs": 500}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"seed": -1}, "seed"),
        ({"schedule": "lineal"}, "schedule"),
        ({"lr0": 2.0}, "lr0"),
        ({"lr0": 0}, "lr0"),
        ({"momentum": 1.0}, "momentum"),
        ({"decay": "0,1"}, "decay"),
        ({"drop": 0}, "drop"),
        ({"epochs_drop": 0}, "epochs_drop"),
        ({"epochs_drop": 2.5}, "epochs_drop"),
        ({"rate": 0.1}, "rate"),
    ],
)
def test_bad_lab_arguments(kwargs, param):
    with pytest.raises(CourseInputError) as info:
        schedule_lab(**kwargs)
    assert info.value.param == param


def test_every_control_at_both_ends_trains_or_explains(panel):
    """Each control at its minimum and maximum: a result or a Spanish message, never a crash."""
    assert len(extreme_values(panel)) >= 2 * 3  # at least three bounded controls
    assert check_extremes(panel) == []


def test_the_status_names_only_the_parameters_of_the_chosen_schedule(panel):
    set_values(panel, {"schedule": "escalones", "epochs": 2})
    panel.click()
    status = panel.status.value
    assert "drop (escalones)" in status and "epochs_drop (escalones)" in status
    assert "decay" not in status and "factor" not in status and "Momento" in status
    panel.controls["decay"].value = 0.5  # not used by the step schedule: the result still holds
    assert "Los controles cambiaron" not in panel.status.value
    set_values(panel, {"schedule": "coseno"})
    assert "Los controles cambiaron" in panel.status.value
    panel.click()
    assert not any(word in panel.status.value for word in ("decay", "drop", "factor"))
    assert relevant_values(values(schedule="tiempo")).keys() == {
        "schedule",
        "lr0",
        "momentum",
        "epochs",
        "decay",
    }
    set_values(panel, {"schedule": "escalones", "decay": 0.05})


def test_only_the_sliders_of_the_chosen_schedule_are_active():
    lab = schedule_lab(schedule="exponencial", epochs=4)
    disabled = {name for name, control in lab.controls.items() if control.disabled}
    assert disabled == {"decay", "drop", "epochs_drop"}
    lab.controls["schedule"].value = "escalones"
    disabled = {name for name, control in lab.controls.items() if control.disabled}
    assert disabled == {"decay", "rate"}


def test_every_schedule_offered_is_explained_where_it_is_offered(panel):
    assert [name for _, name in SCHEDULE_OPTIONS] == list(SCHEDULES)  # one vocabulary
    assert set(SCHEDULE_HELP) == set(SCHEDULES) >= set(SCHEDULE_PARAMETERS)
    panel.controls["schedule"].value = "coseno"
    assert panel._preview.help.startswith("Coseno") and "cos(π" in panel._preview.help
    assert "despacio al principio" in panel._preview.help
    panel.controls["schedule"].value = "escalones"
    assert panel._preview.help.startswith("Por escalones")


def test_a_run_that_blows_up_is_reported_as_diverged(panel):
    set_values(panel, {"schedule": "constante", "lr0": 1.0, "momentum": 0.9, "epochs": 6})
    panel.click()
    assert panel.outcome == "diverged", panel.status.value
    assert "divergió" in panel.status.value and "momento demasiado altos" in panel.status.value
    assert len(panel.result.history["loss"]) < 6  # stopped where it blew up
    set_values(panel, {"schedule": "escalones", "lr0": 0.1, "momentum": 0.8, "epochs": 4})


def test_no_tensorflow_retracing_warning_after_several_clicks(panel, caplog):
    set_values(panel, {"epochs": 1})
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for momentum in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
            panel.controls["momentum"].value = momentum
            panel.click()
            assert panel.outcome == "ok", panel.status.value
    assert not [r for r in caplog.records if "retracing" in r.getMessage()]
    set_values(panel, {"epochs": 4, "momentum": 0.8})


def test_a_spanish_excel_csv_loads_and_trains_in_the_lab(spanish_excel_csv):
    lab = schedule_lab(load_csv(spanish_excel_csv()), epochs=2)
    assert "bebidas" in lab.widget.children[0].value
    lab.click()
    assert lab.outcome == "ok", lab.status.value
    assert len(lab.result.history["val_loss"]) == 2


def test_a_split_and_other_class_counts_are_accepted():
    lab = schedule_lab(as_split(load_iris(), val_fraction=0.3), epochs=2)
    lab.click()
    assert lab.outcome == "ok", lab.status.value
    dense = [layer for layer in lab.result.model.layers if type(layer).__name__ == "Dense"]
    assert [layer.units for layer in dense] == [16, 3]  # the lab's network: 16 hidden units
