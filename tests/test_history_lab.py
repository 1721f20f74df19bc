import pytest
from lab_checks import check_extremes, set_values

from helpers.csv_dataset import load_csv
from helpers.data import as_split, load_iris
from helpers.diagnose import Diagnosis
from helpers.errors import CourseInputError
from helpers.history_lab import LAB_DEFAULTS, history_lab, lab_config


@pytest.mark.parametrize(
    ("name", "value", "label"),
    [
        ("epochs", 2, "Épocas"),
        ("epochs", 500, "Épocas"),
        ("hidden", 0, "Neuronas ocultas"),
        ("learning_rate", 0.0, "Tasa de aprendizaje"),
        ("learning_rate", 2.0, "Tasa de aprendizaje"),
        ("val_fraction", 0.9, "Fracción de validación"),
        ("val_fraction", 0.0, "Fracción de validación"),
    ],
)
def test_lab_config_rejects_bad_values_in_spanish(name, value, label):
    with pytest.raises(CourseInputError, match=f"«{label}»"):
        lab_config({**LAB_DEFAULTS, name: value})


def test_lab_default_trains_draws_and_reads_the_curves(capsys):
    panel = history_lab(every_seconds=60)
    assert panel.button.description == "Entrenar"
    assert set(panel.controls) == {
        "epochs",
        "batch_size",
        "hidden",
        "val_fraction",
        "learning_rate",
    }
    states = []
    original = panel._train

    def spy(values):
        states.append((panel.button.disabled, panel.busy))
        return original(values)

    panel._train = spy
    panel.click()
    assert states == [(True, True)]  # the button is disabled while training
    assert panel.outcome == "ok" and not panel.button.disabled
    result = panel.result
    assert isinstance(result["diagnosis"], Diagnosis)
    assert len(result["history"]["loss"]) == LAB_DEFAULTS["epochs"]
    assert result["config"]["hidden"] == LAB_DEFAULTS["hidden"]
    live = result["live"]
    assert live.redraws == 1  # a run shorter than 60 s: drawn once, with the diagnosis marked
    marked = {t.get_text() for t in live.figure().axes[1].texts}
    assert marked == set(result["diagnosis"].marks())
    # outside a kernel, what the lab displays goes to stdout
    assert result["diagnosis"].reading in capsys.readouterr().out


def test_lab_shows_spanish_errors_inside_the_panel():
    panel = history_lab(every_seconds=60)
    set_values(panel, {"epochs": 0})
    panel.click()
    assert panel.outcome == "input_error" and "«Épocas»" in panel.status.value
    assert panel.result is None and not panel.button.disabled
    set_values(panel, {"epochs": 3, "val_fraction": 0.6})
    panel.click()
    assert "«Fracción de validación»" in panel.status.value


def test_lab_changes_reach_the_training():
    panel = history_lab(every_seconds=60)
    set_values(panel, {"epochs": 4, "hidden": 3, "batch_size": 128, "learning_rate": 0.05})
    panel.click()
    config = panel.result["config"]
    assert (config["epochs"], config["hidden"], config["batch_size"]) == (4, 3, 128)
    assert config["learning_rate"] == pytest.approx(0.05)
    first = panel.result["history"]
    panel.click()  # the same values train the same curves
    assert panel.result["history"] == first


def test_lab_with_own_data_and_bad_arguments():
    panel = history_lab(load_iris(), every_seconds=60)
    assert "Iris" in panel.widget.children[0].value
    set_values(panel, {"epochs": 3})
    panel.click()  # three classes
    assert panel.outcome == "ok" and len(panel.result["history"]["val_loss"]) == 3
    with pytest.raises(CourseInputError, match="«data»") as info:
        history_lab(data=[[1, 2], [3, 4]])
    assert "load_breast_cancer()" in str(info.value)  # what lesson 1 passes, not load_csv
    with pytest.raises(CourseInputError, match="Fracción de validación") as info:
        history_lab(as_split(load_iris()))  # the lab splits the data itself
    assert info.value.param == "data" and "history_lab(datos)" in str(info.value)
    assert "load_csv" not in str(info.value)
    with pytest.raises(CourseInputError, match="«every_seconds»"):
        history_lab(every_seconds=-1)


def test_lab_extremes_give_a_result_or_a_spanish_message():
    panel = history_lab(every_seconds=60)
    set_values(panel, {"epochs": 3})
    assert check_extremes(panel) == []


def test_a_spanish_excel_csv_loads_and_trains_in_the_lab(spanish_excel_csv):
    data = load_csv(spanish_excel_csv())
    panel = history_lab(data, every_seconds=60)
    assert "bebidas" in panel.widget.children[0].value
    set_values(panel, {"epochs": 3})
    panel.click()
    assert panel.outcome == "ok", panel.status.value
    assert len(panel.result["history"]["val_loss"]) == 3


def test_a_class_with_one_row_is_named_in_the_panel(spanish_excel_csv):
    data = load_csv(spanish_excel_csv(extra="0,1;0,2;0,3;Té\r\n"))
    panel = history_lab(data, every_seconds=60)
    set_values(panel, {"epochs": 3})
    panel.click()
    assert panel.outcome == "input_error"
    assert "«Té»" in panel.status.value and "1 fila" in panel.status.value
    assert "errata de «té»" in panel.status.value and "Los controles cambiaron" not in (
        panel.status.value
    )


def test_a_run_that_blows_up_is_reported_as_diverged(monkeypatch):
    from helpers.optimizers import make_sgd

    # the lab's Adam replaced by a rate and momentum far too high
    monkeypatch.setattr("keras.optimizers.Adam", lambda learning_rate: make_sgd(1.0, 0.99))
    panel = history_lab(every_seconds=60)
    set_values(panel, {"epochs": 30, "batch_size": 16})
    panel.click()
    assert panel.outcome == "diverged", panel.status.value
    assert "divergió" in panel.status.value and "tasa de aprendizaje" in panel.status.value
    assert "Listo" not in panel.status.value
    history = panel.result["history"]["loss"]
    assert len(history) < 30 and panel.result["diagnosis"] is None  # stopped where it blew up
