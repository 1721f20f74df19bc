"""The claims harness itself: what a snapshot keeps of a notebook's run, parameters, stopping."""

import nbformat
import pytest
from notebook_runs import run_notebook


@pytest.fixture(scope="module")
def tiny_notebook(tmp_path_factory):
    directory = tmp_path_factory.mktemp("nb")
    cells = [
        nbformat.v4.new_code_cell("SEMILLA = 0"),
        nbformat.v4.new_code_cell(
            "import keras, numpy as np\n"
            "keras.utils.set_random_seed(SEMILLA)\n"
            "red = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])\n"
            "red.compile(optimizer='sgd', loss='mse')\n"
            "historia = red.fit(np.ones((4, 2)), np.ones(4), epochs=2, verbose=0)\n"
            "doble = SEMILLA * 2\n"
            "funcion = lambda x: x\n"
            "generador = (i for i in range(3))\n"
        ),
        nbformat.v4.new_code_cell("despues = True"),
    ]
    cells[0].metadata["tags"] = ["parameters"]
    cells[2].metadata["tags"] = ["laboratorio"]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), directory / "mini.ipynb")
    return directory


def test_snapshot_of_a_run_with_other_parameters_stopped_before_a_tag(tiny_notebook, tmp_path):
    ns = run_notebook(
        "mini",
        tmp_path / "b.pkl",
        parameters={"SEMILLA": 3},
        stop_before_tag="laboratorio",
        directory=tiny_notebook,
    )
    assert ns["SEMILLA"] == 3 and ns["doble"] == 6 and "despues" not in ns
    assert list(ns["historia"].history) == ["loss"] and ns["historia"].epoch == [0, 1]
    assert len(ns["historia"].history["loss"]) == 2
    assert ns["red"].name and all(w.shape for w in ns["red"].weights.values())
    assert "funcion" not in ns and "generador" not in ns and "keras" not in ns


def test_a_missing_tag_is_reported(tiny_notebook, tmp_path):
    with pytest.raises(ValueError, match="no cell is tagged 'ejercicios'"):
        run_notebook(
            "mini", tmp_path / "c.pkl", stop_before_tag="ejercicios", directory=tiny_notebook
        )
