import pytest
from lab_checks import check_extremes, set_values

from helpers.csv_dataset import load_csv
from helpers.data import load_breast_cancer, split_and_standardize
from helpers.dropout_lab import dropout_lab, lab_nets
from helpers.errors import CourseInputError

DEFAULTS = {
    "tasa_visible": 0.2,
    "tasa_oculta": 0.5,
    "max_norm_activa": False,
    "max_norm": 3.0,
    "tasa_aprendizaje": 0.1,
    "momento": 0.9,
}


@pytest.fixture(scope="module")
def small_split():
    data = load_breast_cancer()
    return split_and_standardize(data.X[:120], data.y[:120], val_fraction=0.3, seed=0)


def test_lab_nets_differ_only_in_dropout():
    nets = lab_nets(DEFAULTS)
    base, dropout = nets["base"], nets["con dropout"]
    assert base.dropout_input == 0 and base.dropout_hidden == 0
    assert (dropout.dropout_input, dropout.dropout_hidden) == (0.2, 0.5)
    assert base.max_norm is None and dropout.max_norm is None  # max-norm is off by default
    assert base.learning_rate == dropout.learning_rate == 0.1
    assert base.momentum == dropout.momentum == 0.9
    with_norm = lab_nets(DEFAULTS | {"max_norm_activa": True, "max_norm": 4.0})
    assert with_norm["base"].max_norm == with_norm["con dropout"].max_norm == 4.0
    assert with_norm["base"].dropout_input == with_norm["base"].dropout_hidden == 0


@pytest.mark.parametrize(
    "name, value",
    [
        ("tasa_visible", 1.0),
        ("tasa_oculta", -0.1),
        ("max_norm", 0.0),
        ("tasa_aprendizaje", 0.0),
        ("momento", 1.0),
        ("max_norm_activa", "sí"),
    ],
)
def test_lab_nets_bad_values(name, value):
    with pytest.raises(CourseInputError) as info:
        lab_nets(DEFAULTS | {name: value})
    assert info.value.param == name


def test_entrenar_trains_both_networks_side_by_side(small_split, capsys):
    panel = dropout_lab(small_split, epochs=2)
    assert panel.values() == pytest.approx(DEFAULTS)
    panel.controls["tasa_oculta"].value = 0.3
    panel.click()
    assert panel.outcome == "ok", panel.status.value
    result = panel.result
    assert set(result["histories"]) == {"base", "con dropout"}
    for history in result["histories"].values():
        assert len(history["val_accuracy"]) == 2 and "no_dropout_accuracy" in history
    final = result["final"]
    assert list(final.index) == ["base", "con dropout"]
    for net, history in result["histories"].items():
        row = final.loc[net]
        assert row["pérdida de validación"] == history["val_loss"][-1]
        assert row["brecha de pérdida (validación − entrenamiento)"] == pytest.approx(
            history["val_loss"][-1] - history["no_dropout_loss"][-1]
        )
        assert row["brecha de exactitud (entrenamiento − validación)"] == pytest.approx(
            history["no_dropout_accuracy"][-1] - history["val_accuracy"][-1]
        )
    shown = capsys.readouterr().out  # outside a kernel the panel's output goes to stdout
    assert "pérdida de validación" in shown and "brecha de pérdida" in shown
    assert f"{final.loc['base', 'pérdida de validación']:.3f}".replace(".", ",") in shown
    assert not panel.button.disabled
    panel.click()  # the same values, the same seed: the same curves
    assert panel.result["histories"] == result["histories"]


def test_the_status_names_max_norm_only_when_it_is_on(small_split):
    panel = dropout_lab(small_split, epochs=2)
    values = panel.values()
    off = panel.describe(values)
    assert "Max-norm en las dos redes = no" in off and "Valor max-norm" not in off
    on = panel.describe({**values, "max_norm_activa": True})
    assert "Max-norm en las dos redes = sí" in on and "Valor max-norm = 3" in on
    assert "Tasa de aprendizaje = 0,1" in on  # a decimal comma


def test_lab_extremes_give_a_result_or_a_spanish_message(small_split):
    panel = dropout_lab(small_split, epochs=1)
    assert check_extremes(panel) == []


def test_lab_bad_arguments():
    with pytest.raises(CourseInputError, match="Dataset") as info:
        dropout_lab("datos")
    assert info.value.param == "data"
    with pytest.raises(CourseInputError) as info:
        dropout_lab(epochs=0)
    assert info.value.param == "epochs"


def test_a_spanish_excel_csv_loads_and_trains_in_the_lab(spanish_excel_csv):
    data = load_csv(spanish_excel_csv())
    panel = dropout_lab(data, epochs=2)  # the Dataset itself: the lab splits it 70/30
    assert "bebidas" in panel.widget.children[0].value
    panel.click()
    assert panel.outcome == "ok", panel.status.value
    assert len(panel.result["histories"]["base"]["val_loss"]) == 2


def test_a_run_that_blows_up_is_reported_as_diverged_with_its_cause(small_split):
    panel = dropout_lab(small_split, epochs=3)
    set_values(panel, {"tasa_aprendizaje": 1.0, "momento": 0.99})
    panel.click()
    assert panel.outcome == "diverged", panel.status.value
    status = panel.status.value
    assert "divergió" in status and "red «base»" in status and "Listo" not in status
    assert "tasa de aprendizaje o un momento demasiado altos" in status
    assert "base" in panel.result["diverged"]
    set_values(panel, {"tasa_aprendizaje": 0.01, "momento": 0.5})
    panel.click()
    assert panel.outcome == "ok" and panel.result["diverged"] == {}
