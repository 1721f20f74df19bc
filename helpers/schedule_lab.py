"""The schedules lab: choose a schedule and its parameters, preview the rate at once, then train."""

from helpers.errors import CourseInputError, check_choice, check_int
from helpers.schedules import rates_per_epoch

SCHEDULE_OPTIONS = (
    ("Constante", "constante"),
    ("Basada en el tiempo", "tiempo"),
    ("Por escalones", "escalones"),
    ("Exponencial", "exponencial"),
    ("Coseno", "coseno"),
    ("Según el rendimiento (ReduceLROnPlateau)", "meseta"),
)
PLATEAU_PATIENCE = 3


def planned_rates(values):
    """The rate of each epoch that ``values`` (the lab's controls) plan; ``"meseta"`` starts flat.

    ReduceLROnPlateau decides while training, so before training its plan is the constant ``lr0``.
    """
    schedule = "constante" if values["schedule"] == "meseta" else values["schedule"]
    return rates_per_epoch(
        schedule,
        values["epochs"],
        lr0=values["lr0"],
        decay=values["decay"],
        drop=values["drop"],
        epochs_drop=values["epochs_drop"],
        rate=values["rate"],
    )


def _label(schedule):
    return dict((v, k) for k, v in SCHEDULE_OPTIONS)[schedule]


def _controls(epochs, schedule):
    import ipywidgets as w

    style = {"description_width": "150px"}
    layout = w.Layout(width="350px")

    def slider(kind, description, **kwargs):
        return kind(
            description=description, continuous_update=False, style=style, layout=layout, **kwargs
        )

    return {
        "schedule": w.Dropdown(
            options=SCHEDULE_OPTIONS,
            value=schedule,
            description="Planificación",
            style=style,
            layout=layout,
        ),
        "lr0": slider(w.FloatLogSlider, "Tasa inicial", value=0.1, min=-3, max=0, step=0.1),
        "momentum": slider(w.FloatSlider, "Momento", value=0.8, min=0, max=0.99, step=0.01),
        "decay": slider(w.FloatLogSlider, "decay (tiempo)", value=0.05, min=-4, max=0, step=0.1),
        "drop": slider(w.FloatSlider, "drop (escalones)", value=0.5, min=0.05, max=1, step=0.05),
        "epochs_drop": slider(w.IntSlider, "epochs_drop (escalones)", value=5, min=1, max=50),
        "rate": slider(w.FloatSlider, "factor (exponencial)", value=0.9, min=0.5, max=1, step=0.01),
        "epochs": slider(w.IntSlider, "Épocas", value=epochs, min=1, max=100),
    }


class _Preview:
    """Redraws the planned rate into one reused figure: no Keras, no new figure, one PNG render."""

    def __init__(self):
        import matplotlib.pyplot as plt

        self.figure, self.ax = plt.subplots(figsize=(6, 2.6))
        plt.close(self.figure)  # shown through display(), never by pyplot
        self.line = None
        self.draws = 0

    def __call__(self, values):
        from helpers.schedule_plots import plot_schedules

        import io

        import numpy as np
        from IPython.display import Image, display

        rates, label = planned_rates(values), _label(values["schedule"])
        title = "Plan de la tasa (antes de entrenar)"
        if values["schedule"] == "meseta":
            title += ": la bajará ReduceLROnPlateau al estancarse"
        if self.line is None:
            plot_schedules({label: rates}, ax=self.ax, title=title)
            self.line = self.ax.get_lines()[0]
        else:  # update the one line in place: much cheaper than drawing a new plot
            self.line.set_data(np.arange(1, rates.size + 1), rates)
            self.line.set_label(label)
            self.ax.set_title(title)
            self.ax.legend(fontsize="small")
            self.ax.set_xlim(0.5, rates.size + 0.5)
            self.ax.set_ylim(0, 1.05 * rates.max())
        png = io.BytesIO()
        self.figure.savefig(png, format="png")
        display(Image(data=png.getvalue()))
        self.draws += 1


def schedule_callbacks(values):
    """The Keras callbacks applying the lab's schedule (``LearningRateScheduler`` or plateau)."""
    import keras

    if values["schedule"] == "meseta":
        return [
            keras.callbacks.ReduceLROnPlateau(
                monitor="val_loss", factor=0.5, patience=PLATEAU_PATIENCE, verbose=0
            )
        ]
    rates = planned_rates(values)
    return [keras.callbacks.LearningRateScheduler(lambda epoch: float(rates[epoch]))]


def schedule_lab(dataset=None, *, schedule="escalones", epochs=15, batch_size=32, seed=0):
    """A ``TrainingPanel``: schedule controls, a live rate preview and an "Entrenar" button.

    "Entrenar" trains the lessons' network (SGD with the chosen momentum) and draws loss and
    accuracy with the rate on a second axis; ``panel.result`` is the ``History``. ``dataset``:
    a ``helpers.data.Dataset`` (default: breast cancer); ``schedule``: the one selected first.
    """
    from helpers.data import Dataset, load_breast_cancer, split_and_standardize
    from helpers.widgets import TrainingPanel

    if dataset is None:
        dataset = load_breast_cancer()
    if not isinstance(dataset, Dataset):
        raise CourseInputError(
            "dataset", type(dataset).__name__, "debe ser un Dataset de helpers.data (o None)"
        )
    schedule = check_choice("schedule", schedule, [v for _, v in SCHEDULE_OPTIONS])
    epochs = check_int("epochs", epochs, minimum=1, maximum=100)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    seed = check_int("seed", seed, minimum=0)
    split = split_and_standardize(dataset.X, dataset.y, val_fraction=0.2, seed=seed)

    def train_once(values):
        from helpers.lr_recorder import LearningRateRecorder
        from helpers.optimizers import make_sgd
        from helpers.plots import plot_history
        from helpers.schedule_experiments import build_network
        from helpers.seeds import seed_everything
        from helpers.training import train

        import matplotlib.pyplot as plt
        from IPython.display import display

        callbacks = schedule_callbacks(values)  # checks the parameters before building anything
        seed_everything(seed)
        model = build_network(
            make_sgd(values["lr0"], values["momentum"]), dataset.X.shape[1], dataset.n_classes
        )
        history = train(
            model,
            split.X_train,
            split.y_train,
            split.X_val,
            split.y_val,
            epochs=values["epochs"],
            batch_size=batch_size,
            callbacks=[*callbacks, LearningRateRecorder()],
            seed=seed,
        )
        fig = plot_history(
            history, learning_rate=True, title=f"{_label(values['schedule'])}", figsize=(10, 3.4)
        )
        display(fig)
        plt.close(fig)
        return history

    panel = TrainingPanel(
        _controls(epochs, schedule),
        train_once,
        title="Laboratorio: planifica la tasa de aprendizaje",
        preview=_Preview(),
    )
    return panel
