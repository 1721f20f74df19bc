"""Lesson 1's lab: one training run (an MLP with Adam) from the panel's values, live curves and
the diagnosis. The lesson's own runs are written in its notebook."""

from dataclasses import dataclass

from helpers.errors import CourseInputError, check_int, check_real


@dataclass(frozen=True)
class RunConfig:
    """One run of the lab: an MLP with Adam (by default on the breast-cancer data)."""

    hidden: tuple
    learning_rate: float
    epochs: int
    batch_size: int
    val_fraction: float = 0.25
    seed: int = 0


# The lab's starting values: a quick run that already shows a plateau.
LAB_DEFAULTS = {
    "epochs": 20,
    "batch_size": 64,
    "hidden": 16,
    "val_fraction": 0.25,
    "learning_rate": 1e-2,
}


@dataclass
class RunResult:
    """What ``run_config`` returns: the trained ``model``, its ``history``, the data ``split``."""

    model: object
    history: object
    split: object


def prepare(config, data=None):
    """The stratified, standardised split of ``data`` (default: breast cancer) for ``config``."""
    from helpers.data import load_breast_cancer, split_and_standardize

    data = load_breast_cancer() if data is None else data
    return split_and_standardize(
        data.X,
        data.y,
        val_fraction=config.val_fraction,
        seed=config.seed,
        class_names=data.class_names,
    )


def build_model(config, n_inputs, n_classes=2):
    """A compiled MLP with ``config.hidden`` units and Adam at ``config.learning_rate``."""
    import keras

    from helpers.models import build_mlp

    return build_mlp(
        n_inputs,
        config.hidden,
        n_classes,
        optimizer=keras.optimizers.Adam(learning_rate=config.learning_rate),
    )


def run_config(config, data=None, *, callbacks=None, validation=True):
    """Train ``config`` from its seed, exactly as the notebook's cells do; returns a RunResult.

    ``callbacks`` (e.g. ``EarlyStopping``, ``LivePlot``) are passed to ``model.fit``.
    ``validation=False`` trains without validation data (no ``val_`` keys in the history).
    """
    from helpers.data import make_tf_dataset
    from helpers.seeds import seed_everything

    if not isinstance(config, RunConfig):
        raise CourseInputError(
            "config",
            config,
            "debe ser una configuración RunConfig, p. ej. lab_config(LAB_DEFAULTS)",
        )
    split = prepare(config, data)
    seed_everything(config.seed)
    model = build_model(config, split.X_train.shape[1], int(split.y_train.max()) + 1)
    train_data = make_tf_dataset(
        split.X_train, split.y_train, batch_size=config.batch_size, seed=config.seed
    )
    val_data = make_tf_dataset(split.X_val, split.y_val, batch_size=1024, shuffle=False)
    history = model.fit(
        train_data,
        validation_data=val_data if validation else None,
        epochs=config.epochs,
        callbacks=list(callbacks or []),
        verbose=0,  # no progress bar: the curves say more
        shuffle=False,  # the pipeline already reshuffles every epoch
    )
    return RunResult(model=model, history=history, split=split)


def lab_config(values):
    """A ``RunConfig`` from the lab's ``{name: value}``, each value checked (Spanish errors)."""
    return RunConfig(
        hidden=(check_int("Neuronas ocultas", values["hidden"], minimum=1, maximum=512),),
        learning_rate=check_real(
            "Tasa de aprendizaje", values["learning_rate"], low=0, high=1, low_open=True
        ),
        epochs=check_int("Épocas", values["epochs"], minimum=3, maximum=200),
        batch_size=check_int("Tamaño de lote", values["batch_size"], minimum=1, maximum=512),
        val_fraction=check_real(
            "Fracción de validación", values["val_fraction"], low=0.05, high=0.5
        ),
    )


# What the lab tells a student whose run diverged: Adam's only knob here is the rate.
DIVERGENCE_CAUSE = "una tasa de aprendizaje demasiado alta; prueba con una diez veces menor"


def train_lab_run(values, data=None, *, every_seconds=1.0):
    """Train the lab's configuration with live curves, then print the diagnosis.

    Returns ``{"config", "history", "diagnosis", "live"}`` (``live``: the ``LivePlot``). A run
    whose loss blows up stops there and raises ``TrainingDiverged`` (with that result, and
    ``"diagnosis"`` ``None``), which the panel reports.
    """
    import math

    from IPython.display import display

    from helpers.data import load_breast_cancer
    from helpers.diagnose import diagnose, find_divergence
    from helpers.live import LivePlot, StopWhenDiverged
    from helpers.widgets import TrainingDiverged

    config = lab_config(values)
    data = load_breast_cancer() if data is None else data
    live = LivePlot(every_seconds=every_seconds, diagnosis=True, max_draw_share=0.25)
    stop = StopWhenDiverged(baseline=math.log(data.n_classes))  # the loss of a uniform guess
    result = run_config(config, data, callbacks=[live, stop])
    outcome = {"config": config, "history": result.history.history, "diagnosis": None, "live": live}
    divergence = find_divergence(result.history, baseline=math.log(data.n_classes))
    if divergence is not None:
        message = divergence.reading(DIVERGENCE_CAUSE)
        print(message)
        raise TrainingDiverged(message, result=outcome)
    if live.diagnosis_error is not None:
        raise live.diagnosis_error
    outcome["diagnosis"] = live.diagnosis or diagnose(result.history)
    display(outcome["diagnosis"])
    return outcome


def history_lab(data=None, *, every_seconds=1.0):
    """The lesson's lab: a ``TrainingPanel`` with epochs, batch size, hidden units, validation
    fraction and learning rate; "Entrenar" shows live curves and the diagnosis sentence.

    ``data``: a ``helpers.data.Dataset`` (default: breast cancer), e.g. your CSV:
    ``history_lab(load_csv("mis_datos.csv"))``. The lab splits it itself, with the fraction the
    student chooses, so it takes no ``Split``.
    """
    import ipywidgets as w

    from helpers.data import Dataset, Split, load_breast_cancer
    from helpers.widgets import TrainingPanel

    if isinstance(data, Split):
        raise CourseInputError(
            "data",
            "Split",
            "este laboratorio separa los datos con su control «Fracción de validación»: pásale "
            "el Dataset sin separar (p. ej. load_csv('mis_datos.csv'))",
        )
    if data is not None and not isinstance(data, Dataset):
        raise CourseInputError(
            "data",
            type(data).__name__,
            "debe ser None o un Dataset de helpers.data (p. ej. load_csv('mis_datos.csv'))",
        )
    every_seconds = check_real("every_seconds", every_seconds, low=0)
    data = load_breast_cancer() if data is None else data
    style = {"description_width": "150px"}
    d = LAB_DEFAULTS
    controls = {
        "epochs": w.IntText(value=d["epochs"], description="Épocas", style=style),
        "batch_size": w.Dropdown(
            options=[16, 32, 64, 128],
            value=d["batch_size"],
            description="Tamaño de lote",
            style=style,
        ),
        "hidden": w.IntText(value=d["hidden"], description="Neuronas ocultas", style=style),
        "val_fraction": w.FloatText(
            value=d["val_fraction"], step=0.05, description="Fracción de validación", style=style
        ),
        "learning_rate": w.FloatText(
            value=d["learning_rate"], step=0.001, description="Tasa de aprendizaje", style=style
        ),
    }
    return TrainingPanel(
        controls,
        lambda values: train_lab_run(values, data, every_seconds=every_seconds),
        title=f"Laboratorio: lee la historia del entrenamiento ({data.name})",
    )
