"""The dropout lab (lessons 2-3): a baseline and a dropout network trained side by side from the
same seed, with live curves."""

from dataclasses import asdict, dataclass

from helpers.errors import CourseInputError, check_int, check_real

SEED = 0
LAB_EPOCHS = 15
# What the lab tells a student whose run diverged: both knobs of SGD can cause it.
DIVERGENCE_CAUSE = (
    "una tasa de aprendizaje o un momento demasiado altos (con momento 0,99 cada paso pesa "
    "como cien); baja la tasa o el momento"
)


@dataclass(frozen=True)
class Net:
    """A network of the lab: sizes, dropout, max-norm and the SGD settings that train it."""

    hidden: tuple = (60, 30)
    dropout_input: float = 0.0
    dropout_hidden: float | tuple = 0.0
    max_norm: float | None = None
    learning_rate: float = 0.01
    momentum: float = 0.8

    def build(self, n_inputs, n_classes, name="mlp"):
        """The compiled Keras model (``helpers.models.build_mlp`` with ``make_sgd``)."""
        from helpers.models import build_mlp
        from helpers.optimizers import make_sgd

        layers = asdict(self)
        sgd = make_sgd(layers.pop("learning_rate"), layers.pop("momentum"))
        return build_mlp(n_inputs, n_classes=n_classes, optimizer=sgd, name=name, **layers)


def lab_nets(values):
    """``{"base": Net, "con dropout": Net}`` from the lab's control values: the same network,
    optimizer and max-norm (when it is on, both have it), the base one without dropout, so that
    dropout is the only change."""
    visible = check_real("tasa_visible", values["tasa_visible"], low=0, high=1, high_open=True)
    hidden = check_real("tasa_oculta", values["tasa_oculta"], low=0, high=1, high_open=True)
    if not isinstance(values["max_norm_activa"], bool):
        raise CourseInputError("max_norm_activa", values["max_norm_activa"], "True o False")
    norm = check_real("max_norm", values["max_norm"], low=0, low_open=True)
    lr = check_real("tasa_aprendizaje", values["tasa_aprendizaje"], low=0, low_open=True)
    shared = {
        "max_norm": norm if values["max_norm_activa"] else None,
        "learning_rate": lr,
        "momentum": check_real("momento", values["momento"], low=0, high=1, high_open=True),
    }
    return {
        "base": Net(**shared),
        "con dropout": Net(dropout_input=visible, dropout_hidden=hidden, **shared),
    }


def train_side_by_side(values, split, epochs=LAB_EPOCHS, every_seconds=1.0):
    """Train the base network, then the dropout one, with live curves; returns ``{"histories",
    "final" (one row a network: last losses and accuracies, training re-evaluated without dropout,
    validation, and their gaps), "diverged"}``.
    A loss that blows up stops its run, and ``TrainingDiverged`` is raised with that result."""
    import pandas as pd
    from IPython.display import clear_output

    from helpers.dropout_demo import make_no_dropout_metrics
    from helpers.live import LivePlot
    from helpers.seeds import seed_everything
    from helpers.widgets import TrainingDiverged, train_watched

    nets = lab_nets(values)
    n_classes = int(max(split.y_train.max(), split.y_val.max())) + 1
    histories, diverged = {}, {}
    for name, net in nets.items():
        clear_output(wait=True)
        seed_everything(SEED)
        model = net.build(split.X_train.shape[1], n_classes)
        callbacks = [
            make_no_dropout_metrics(split.X_train, split.y_train),
            LivePlot(name=name, runs=dict(histories), every_seconds=every_seconds),
        ]
        history, divergence = train_watched(
            model, split, epochs=epochs, seed=SEED, callbacks=callbacks
        )
        histories[name] = history.history
        if divergence is not None:
            diverged[name] = divergence
    final = pd.DataFrame(
        {
            name: {
                "pérdida de entrenamiento (sin dropout)": h["no_dropout_loss"][-1],
                "pérdida de validación": h["val_loss"][-1],
                "brecha de pérdida (validación − entrenamiento)": (
                    h["val_loss"][-1] - h["no_dropout_loss"][-1]
                ),
                "exactitud de entrenamiento (sin dropout)": h["no_dropout_accuracy"][-1],
                "exactitud de validación": h["val_accuracy"][-1],
                "brecha de exactitud (entrenamiento − validación)": (
                    h["no_dropout_accuracy"][-1] - h["val_accuracy"][-1]
                ),
            }
            for name, h in histories.items()
        }
    ).T
    # One column a network: six rows fit the panel better than six columns.
    print(f"Última época (decide la pérdida de validación):\n{_table_text(final.T)}")
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


def _table_text(table):
    """``table`` as text with three decimals and a decimal comma."""
    from helpers.formatting import es_number

    return table.to_string(float_format=lambda v: es_number(v, 3))


def relevant_values(values):
    """The values a run depends on: the max-norm value only when max-norm is on."""
    if not values.get("max_norm_activa", True):
        values = {k: v for k, v in values.items() if k != "max_norm"}
    return values


def dropout_lab(data=None, epochs=LAB_EPOCHS):
    """The lab panel: dropout rates, max-norm, learning rate and momentum; "Entrenar" trains the
    base and the dropout network side by side. ``data``: a ``Dataset`` (split 70/30 here), a
    ``Split``, or by default a noisy problem that over-fits."""
    import ipywidgets as w

    from helpers.data import Dataset, as_split, make_noisy_classification
    from helpers.widgets import TrainingPanel, control

    name = data.name if isinstance(data, Dataset) else None
    if data is None:  # over-fitting at hand: 40 columns, 8 informative, 10 % of labels redrawn
        data = make_noisy_classification(300, n_features=40, n_informative=8, flip=0.1, seed=SEED)
    split = as_split(data, val_fraction=0.3, seed=SEED)
    epochs = check_int("epochs", epochs, minimum=1, maximum=500)

    controls = {
        "tasa_visible": control(w.FloatSlider, "Dropout entrada", 0.2, min=0, max=0.9, step=0.05),
        "tasa_oculta": control(w.FloatSlider, "Dropout ocultas", 0.5, min=0, max=0.9, step=0.05),
        # Off by default: with max-norm on, both networks have it (dropout stays the only change).
        "max_norm_activa": control(w.Checkbox, "Max-norm en las dos redes", False),
        "max_norm": control(w.FloatSlider, "Valor max-norm", 3, min=0.5, max=6, step=0.5),
        "tasa_aprendizaje": control(
            w.FloatLogSlider, "Tasa de aprendizaje", 0.1, min=-3, max=0, step=0.25
        ),
        "momento": control(w.FloatSlider, "Momento", 0.9, min=0, max=0.99, step=0.01),
    }
    return TrainingPanel(
        controls,
        lambda values: train_side_by_side(values, split, epochs=epochs),
        relevant=relevant_values,
        title="Laboratorio: red base frente a red con dropout (mismos datos, misma semilla)"
        + (f" · {name}" if name else ""),
    )
