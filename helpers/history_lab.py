"""Lesson 1's lab: an MLP with Adam trained from the panel's values, with live curves and the
diagnosis. The lesson's own runs are written in its notebook."""

from helpers.errors import CourseInputError, check_int, check_real

# The lab's starting values: a quick run that already shows a plateau.
LAB_DEFAULTS = {
    "epochs": 20,
    "batch_size": 64,
    "hidden": 16,
    "val_fraction": 0.25,
    "learning_rate": 1e-2,
}
# What the lab tells a student whose run diverged: Adam's only knob here is the rate.
DIVERGENCE_CAUSE = "una tasa de aprendizaje demasiado alta; prueba con una diez veces menor"


def lab_config(values):
    """The lab's ``{name: value}``, each value checked (Spanish errors name the control)."""
    return {
        "epochs": check_int("Épocas", values["epochs"], minimum=3, maximum=200),
        "batch_size": check_int("Tamaño de lote", values["batch_size"], minimum=1, maximum=512),
        "hidden": check_int("Neuronas ocultas", values["hidden"], minimum=1, maximum=512),
        "val_fraction": check_real(
            "Fracción de validación", values["val_fraction"], low=0.05, high=0.5
        ),
        "learning_rate": check_real(
            "Tasa de aprendizaje", values["learning_rate"], low=0, high=1, low_open=True
        ),
    }


def train_lab_run(values, data, *, every_seconds=1.0):
    """Train the lab's configuration on ``data`` with live curves, then show the diagnosis.

    Returns ``{"config", "history", "diagnosis", "live"}`` (``live``: the ``LivePlot``). A run
    whose loss blows up stops there and raises ``TrainingDiverged`` with that result.
    """
    import keras
    from IPython.display import display

    from helpers.data import split_and_standardize
    from helpers.diagnose import diagnose
    from helpers.live import LivePlot
    from helpers.models import build_mlp
    from helpers.seeds import seed_everything
    from helpers.widgets import TrainingDiverged, train_watched

    config = lab_config(values)
    split = split_and_standardize(
        data.X, data.y, val_fraction=config["val_fraction"], class_names=data.class_names
    )
    seed_everything(0)
    n_classes = int(split.y_train.max()) + 1
    adam = keras.optimizers.Adam(learning_rate=config["learning_rate"])
    model = build_mlp(split.X_train.shape[1], config["hidden"], n_classes, optimizer=adam)
    live = LivePlot(every_seconds=every_seconds, diagnosis=True, max_draw_share=0.25)
    history, divergence = train_watched(
        model, split, epochs=config["epochs"], batch_size=config["batch_size"], callbacks=[live]
    )
    result = {"config": config, "history": history.history, "diagnosis": None, "live": live}
    if divergence is not None:
        message = divergence.reading(DIVERGENCE_CAUSE)
        print(message)
        raise TrainingDiverged(message, result=result)
    if live.diagnosis_error is not None:
        raise live.diagnosis_error
    result["diagnosis"] = live.diagnosis or diagnose(history)
    display(result["diagnosis"])
    return result


def history_lab(data=None, *, every_seconds=1.0):
    """The lesson's lab: a ``TrainingPanel`` with epochs, batch size, hidden units, validation
    fraction and learning rate; "Entrenar" shows live curves and the diagnosis sentence.

    ``data``: a ``helpers.data.Dataset`` (default: breast cancer), e.g.
    ``history_lab(data.load_iris())`` or ``history_lab(csv_dataset.load_csv("mis_datos.csv"))``;
    the lab splits it with the student's fraction.
    """
    import ipywidgets as w

    from helpers.data import Dataset, Split, load_breast_cancer
    from helpers.widgets import TrainingPanel, control

    if data is not None and not isinstance(data, Dataset):
        valid = (
            "debe ser None (los tumores de mama) o un Dataset, como el que devuelve "
            "data.load_breast_cancer()"
        )
        if isinstance(data, Split):
            valid = (
                "este laboratorio separa los datos con su control «Fracción de validación»: "
                "pásale el Dataset sin separar (en la lección 1, history_lab(datos))"
            )
        raise CourseInputError("data", data, valid)
    every_seconds = check_real("every_seconds", every_seconds, low=0)
    data = load_breast_cancer() if data is None else data
    d = LAB_DEFAULTS
    controls = {
        "epochs": control(w.IntText, "Épocas", d["epochs"]),
        "batch_size": control(
            w.Dropdown, "Tamaño de lote", d["batch_size"], options=[16, 32, 64, 128]
        ),
        "hidden": control(w.IntText, "Neuronas ocultas", d["hidden"]),
        "val_fraction": control(
            w.FloatText, "Fracción de validación", d["val_fraction"], step=0.05
        ),
        "learning_rate": control(
            w.FloatText, "Tasa de aprendizaje", d["learning_rate"], step=0.001
        ),
    }
    return TrainingPanel(
        controls,
        lambda values: train_lab_run(values, data, every_seconds=every_seconds),
        title=f"Laboratorio: lee la historia del entrenamiento ({data.name})",
    )
