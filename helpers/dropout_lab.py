"""The dropout lab: a baseline and a dropout network trained side by side, with live curves."""

from helpers.errors import CourseInputError, check_int, check_real

LAB_EPOCHS = 15


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

    Returns ``{"histories": {name: dict}, "final": DataFrame}`` with the last epoch's training
    (re-evaluated without dropout) and validation accuracy of each network.
    """
    from helpers.dropout_demo import make_no_dropout_metrics
    from helpers.dropout_experiments import fit_runs
    from helpers.live import LivePlot

    import pandas as pd
    from IPython.display import clear_output

    nets = lab_nets(values)
    epochs = check_int("epochs", epochs, minimum=1, maximum=500)
    histories = {}
    for name, net in nets.items():
        clear_output(wait=True)
        live = LivePlot(name=name, runs=dict(histories), every_seconds=every_seconds)
        runs = fit_runs(
            {name: net},
            split,
            epochs=epochs,
            callbacks=lambda _n, live=live: [
                make_no_dropout_metrics(split.X_train, split.y_train),
                live,
            ],
        )
        histories[name] = runs[name][1].history
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
    return {"histories": histories, "final": final}


def dropout_lab(split=None, epochs=LAB_EPOCHS):
    """The lab panel (``helpers.widgets.TrainingPanel``): dropout rates, max-norm, learning rate
    and momentum; "Entrenar" trains the base and the dropout network side by side.

    ``split`` defaults to the lessons' over-fitting problem (70 % training, 30 % validation).
    """
    from helpers.data import Split, split_and_standardize
    from helpers.widgets import TrainingPanel

    import ipywidgets as w

    if split is None:
        from helpers.dropout_experiments import SEED, overfitting_data

        data = overfitting_data()
        split = split_and_standardize(data.X, data.y, val_fraction=0.3, seed=SEED)
    elif not isinstance(split, Split):
        raise CourseInputError("split", type(split).__name__, "usa split_and_standardize(...)")
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
        title="Laboratorio: red base frente a red con dropout (mismos datos, misma semilla)",
    )
