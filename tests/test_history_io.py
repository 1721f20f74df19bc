import json
import math

import numpy as np
import pandas as pd
import pytest
from support import HIST, FakeHistory

from helpers.errors import CourseInputError
from helpers.history_io import load_history, save_history
from helpers.plots import plot_history


@pytest.fixture(params=[".json", ".csv"])
def suffix(request):
    return request.param


def test_round_trip_keeps_every_metric_and_value(tmp_path, suffix):
    path = save_history(FakeHistory(HIST), tmp_path / f"base{suffix}")
    assert path == tmp_path / f"base{suffix}" and path.exists()
    assert load_history(path) == HIST


def test_numpy_values_and_a_dataframe_are_saved(tmp_path, suffix):
    history = {
        "loss": np.array([0.9, 0.5], dtype=np.float32),
        "accuracy": [np.float64(0.25), np.float32(0.75)],
        "learning_rate": np.array([0.1, 0.05]),
    }
    loaded = load_history(save_history(history, tmp_path / f"np{suffix}"))
    assert loaded["loss"] == pytest.approx([0.9, 0.5])
    assert loaded["accuracy"] == [0.25, 0.75]
    assert all(type(v) is float for values in loaded.values() for v in values)
    table = pd.DataFrame(HIST)
    assert load_history(save_history(table, tmp_path / f"df{suffix}")) == HIST


def test_a_diverged_run_keeps_its_nan(tmp_path, suffix):
    loaded = load_history(save_history({"loss": [1.0, float("nan")]}, tmp_path / f"d{suffix}"))
    assert loaded["loss"][0] == 1.0 and math.isnan(loaded["loss"][1])


def test_keras2_names_are_saved_with_todays_names(tmp_path):
    old = {"acc": [0.1, 0.2], "val_acc": [0.1, 0.3], "lr": [0.1, 0.05]}
    loaded = load_history(save_history(old, tmp_path / "viejo.json"))
    assert set(loaded) == {"accuracy", "val_accuracy", "learning_rate"}


def test_json_is_readable_one_metric_per_line(tmp_path):
    text = save_history(HIST, tmp_path / "base.json").read_text(encoding="utf-8")
    assert json.loads(text) == HIST
    assert text.splitlines()[1] == '  "accuracy": [0.5, 0.7, 0.8],'


def test_csv_is_what_csvlogger_writes(tmp_path):
    table = pd.read_csv(save_history(HIST, tmp_path / "base.csv"))
    assert list(table.columns) == ["epoch", *HIST]
    assert table["epoch"].tolist() == [0, 1, 2]


def test_missing_folders_are_created(tmp_path):
    path = save_history(HIST, str(tmp_path / "ejecuciones" / "hoy" / "base.json"))
    assert load_history(str(path)) == HIST


def test_a_keras_history_and_csvlogger_files_load_alike(tmp_path):
    import keras

    from helpers import seed_everything

    seed_everything(0)
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    logger = keras.callbacks.CSVLogger(str(tmp_path / "keras.csv"))
    history = model.fit(
        x, y, epochs=3, batch_size=8, validation_split=0.25, verbose=0, callbacks=[logger]
    )
    saved = load_history(save_history(history, tmp_path / "base.json"))
    assert set(saved) == set(history.history)
    for key, values in history.history.items():
        assert saved[key] == pytest.approx(values)
    logged = load_history(tmp_path / "keras.csv")
    assert set(logged) == set(history.history)
    assert logged["val_loss"] == pytest.approx(history.history["val_loss"], rel=1e-5)


def test_loaded_runs_plot_alone_and_together(tmp_path):
    save_history(HIST, tmp_path / "base.json")
    other = {key: [v + 0.05 for v in values] for key, values in HIST.items()}
    save_history(other, tmp_path / "dropout.csv")
    one = plot_history(load_history(tmp_path / "base.json"), metrics="loss")
    assert {line.get_label() for line in one.axes[0].get_lines()} == {
        "entrenamiento",
        "validación",
    }
    runs = {"base": load_history(tmp_path / "base.json")}
    runs["dropout"] = load_history(tmp_path / "dropout.csv")
    both = plot_history(runs, metrics=("accuracy", "loss"))
    labels = {line.get_label() for line in both.axes[1].get_lines()}
    assert labels == {
        "base · entrenamiento",
        "base · validación",
        "dropout · entrenamiento",
        "dropout · validación",
    }


def test_a_missing_file_says_which_and_what_is_valid(tmp_path):
    path = tmp_path / "no_existe.json"
    with pytest.raises(CourseInputError, match="«path»") as error:
        load_history(path)
    message = str(error.value)
    assert str(path) in message and "no existe" in message
    assert ".json o .csv" in message and "save_history" in message


def test_a_folder_is_not_a_history(tmp_path):
    (tmp_path / "carpeta.json").mkdir()
    with pytest.raises(CourseInputError, match="es una carpeta"):
        load_history(tmp_path / "carpeta.json")


@pytest.mark.parametrize("bad", ["base.txt", "base", 3, None, True, ["base.json"]])
def test_path_must_be_a_json_or_csv_path(tmp_path, bad):
    with pytest.raises(CourseInputError, match="«path»"):
        save_history(HIST, bad)
    with pytest.raises(CourseInputError, match="«path»"):
        load_history(bad)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("roto.json", '{"loss": [1, 2', "JSON mal formado en la línea 1"),
        ("lista.json", "[1, 2, 3]", "se esperaba un objeto"),
        ("vacio.json", "{}", "se esperaba un objeto"),
        ("texto.json", '{"loss": ["alta", "baja"]}', "«loss» tiene valores que no son números"),
        ("escalar.json", '{"loss": 0.5}', "«loss» no es una lista"),
        ("vacio.csv", "", "el archivo está vacío"),
        ("cabecera.csv", "epoch,loss\n", "no tiene ninguna época"),
        ("solo_epoca.csv", "epoch\n0\n1\n", "no tiene ninguna época"),
        ("texto.csv", "epoch,loss\n0,alta\n1,baja\n", "la columna «loss»"),
        ("filas.csv", "loss\n1\n2,3,4\n", "las filas no tienen"),
    ],
)
def test_a_malformed_file_gets_a_spanish_error(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CourseInputError, match="«path»") as error:
        load_history(path)
    message = str(error.value)
    assert "no es un historial válido" in message and reason in message and name in message


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_a_binary_file_is_not_a_history(tmp_path, suffix):
    path = tmp_path / f"imagen{suffix}"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00")
    with pytest.raises(CourseInputError, match="no es un historial válido"):
        load_history(path)


def test_bad_histories_are_refused_before_writing(tmp_path):
    with pytest.raises(CourseInputError, match="«history»"):
        save_history([0.5, 0.4], tmp_path / "lista.json")
    with pytest.raises(CourseInputError, match="«history»"):
        save_history({}, tmp_path / "vacio.json")
    with pytest.raises(CourseInputError, match="mismo número de épocas"):
        save_history({"loss": [1, 2], "val_loss": [1]}, tmp_path / "desigual.csv")
    assert not list(tmp_path.iterdir())
    uneven = load_history(save_history({"loss": [1, 2], "val_loss": [1]}, tmp_path / "d.json"))
    assert uneven == {"loss": [1.0, 2.0], "val_loss": [1.0]}
