"""The dropout lab: a baseline and a dropout network trained side by side, with live curves."""

from helpers.errors import CourseInputError, check_int, check_real

LAB_EPOCHS = 15
# What the lab tells a student whose run diverged: both knobs of SGD can cause it.
DIVERGENCE_CAUSE = (
    "una tasa de aprendizaje o un momento demasiado altos (con momento 0,99 cada paso pesa "
    "como cien); baja la tasa o el momento"
)


def lab_nets(values):
    """``{"base": Net, "con dropout": Net}`` from the lab's control values.

    The base network is the same network with the same optimizer, without dropout or max-norm,
    so the only difference is what the controls about dropout change.
    """
    from helpers.dropout_experiments import Net

    visible = check_real("tasa_visible", values["tasa_visible"], low=0, high=1, high_open=True)
    hidden = check_real("tasa_oculta", values["tasa_oculta"], low=0, high=1, high_open=True)
    if not isinstance(values["max_norm_activa"], bool):
        raise CourseInputError("max_norm_activa", values["max_norm_activa"], "True o False")
    norm = check_real("max_norm", values["max_norm"], low=0, low_open=True)
    lr = check_real("tasa_aprendizaje", values["tasa_aprendizaje"], low=0, low_open=True)
    momentum = check_real("momento", values["momento"], low=0, high=1, high_open=True)
    base = Net(learning_rate=lr, momentum=momentum)
    dropout = Net(
        dropout_input=visible,
        dropout_hidden=hidden,
        max_norm=norm if values["max_norm_activa"] else None,
        learning_rate=lr,
        momentum=momentum,
    )
    return {"base": base, "con dropout": dropout}


def train_side_by_side(values, split, epochs=LAB_EPOCHS, every_seconds=1.0):
    """Train the base network, then the dropout one, redrawing both curves live.

    Returns ``{"histories": {name: dict}, "final": DataFrame, "diverged": {name: Divergence}}``
    with the last epoch's training (re-evaluated without dropout) and validation accuracy of each
    network. A network whose loss blows up stops there; when a network diverged
    (``helpers.diagnose.find_divergence``), ``TrainingDiverged`` is raised with that result, for
    the panel to report.
    """
    import math

    import pandas as pd
    from IPython.display import clear_output

    from helpers.diagnose import find_divergence
    from helpers.dropout_demo import make_no_dropout_metrics
    from helpers.dropout_experiments import fit_runs
    from helpers.live import LivePlot, StopWhenDiverged
    from helpers.widgets import TrainingDiverged

    nets = lab_nets(values)
    epochs = check_int("epochs", epochs, minimum=1, maximum=500)
    n_classes = int(max(split.y_train.max(), split.y_val.max())) + 1
    histories, diverged = {}, {}
    for name, net in nets.items():
        clear_output(wait=True)
        live = LivePlot(name=name, runs=dict(histories), every_seconds=every_seconds)
        stop = StopWhenDiverged(baseline=math.log(n_classes))  # the loss of a uniform guess
        runs = fit_runs(
            {name: net},
            split,
            epochs=epochs,
            callbacks=lambda _n, live=live, stop=stop: [
                make_no_dropout_metrics(split.X_train, split.y_train),
                live,
                stop,
            ],
        )
        histories[name] = runs[name][1].history
        divergence = find_divergence(histories[name], baseline=math.log(n_classes))
        if divergence is not None:
            diverged[name] = divergence
    final = pd.DataFrame(
        {
            name: {
                "exactitud de entrenamiento (sin dropout)": h["no_dropout_accuracy"][-1],
                "exactitud de validación": h["val_accuracy"][-1],
            }
            for name, h in histories.items()
        }
    ).T
    final["brecha"] = final.iloc[:, 0] - final.iloc[:, 1]
    print(final.round(3).to_string())
    result = {"histories": histories, "final": final, "diverged": diverged}
    if diverged:
        runs = "; la de la red ".join(f"«{n}» {d.describe()}" for n, d in diverged.items())
        message = (
            f"El entrenamiento divergió: en vez de bajar, la pérdida de entrenamiento de la red "
            f"{runs}. Causa probable: {DIVERGENCE_CAUSE}."
        )
        print(message)
        raise TrainingDiverged(message, result=result)
    return result


def dropout_lab(data=None, epochs=LAB_EPOCHS):
    """The lab panel (``helpers.widgets.TrainingPanel``): dropout rates, max-norm, learning rate
    and momentum; "Entrenar" trains the base and the dropout network side by side.

    ``data``: a ``Dataset`` (e.g. ``load_csv("mis_datos.csv")``), split here 70 % training and
    30 % validation with the lessons' seed, or a ``Split`` used as it is; by default the lessons'
    over-fitting problem.
    """
    import ipywidgets as w

    from helpers.data import Dataset, as_split
    from helpers.dropout_experiments import SEED, overfitting_data
    from helpers.widgets import TrainingPanel

    name = data.name if isinstance(data, Dataset) else None
    split = as_split(overfitting_data() if data is None else data, val_fraction=0.3, seed=SEED)
    epochs = check_int("epochs", epochs, minimum=1, maximum=500)
    style = {"description_width": "150px"}
    slider = dict(continuous_update=False, style=style)
    controls = {
        "tasa_visible": w.FloatSlider(
            value=0.2, min=0, max=0.9, step=0.05, description="Dropout entrada", **slider
        ),
        "tasa_oculta": w.FloatSlider(
            value=0.5, min=0, max=0.9, step=0.05, description="Dropout ocultas", **slider
        ),
        "max_norm_activa": w.Checkbox(value=True, description="Usar max-norm", style=style),
        "max_norm": w.FloatSlider(
            value=3, min=0.5, max=6, step=0.5, description="Valor max-norm", **slider
        ),
        "tasa_aprendizaje": w.FloatLogSlider(
            value=0.1, base=10, min=-3, max=0, step=0.25, description="Tasa aprendizaje", **slider
        ),
        "momento": w.FloatSlider(
            value=0.9, min=0, max=0.99, step=0.01, description="Momento", **slider
        ),
    }
    return TrainingPanel(
        controls,
        lambda values: train_side_by_side(values, split, epochs=epochs),
        title="Laboratorio: red base frente a red con dropout (mismos datos, misma semilla)"
        + (f" · {name}" if name else ""),
    )
