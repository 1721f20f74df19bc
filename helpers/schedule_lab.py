"""The schedules lab (lessons 4-6): choose a schedule and its parameters, preview the rate at
once, then train."""

import html
import io

import numpy as np

from helpers.errors import check_choice, check_int, check_real
from helpers.schedules import SCHEDULES, rates_per_epoch

# The dropdown's (label, name) pairs: one per schedule of helpers.schedules.SCHEDULES.
SCHEDULE_OPTIONS = tuple((label, name) for name, label in SCHEDULES.items())
PLATEAU_PATIENCE = 3
# The range of each real-valued control (its slider's ends): a starting value must lie inside.
CONTROL_RANGES = {
    "lr0": (0.001, 1.0),
    "momentum": (0.0, 0.99),
    "decay": (1e-4, 1.0),
    "drop": (0.05, 1.0),
    "rate": (0.5, 1.0),
}
# The controls every schedule reads, and those only some read (the others read none more).
COMMON_PARAMETERS = ("schedule", "lr0", "momentum", "epochs")
SCHEDULE_PARAMETERS = {
    "tiempo": ("decay",),
    "escalones": ("drop", "epochs_drop"),
    "exponencial": ("rate",),
}
# One line per schedule, shown above the preview (epochs counted from 0, as Keras does).
SCHEDULE_HELP = {
    "constante": "Constante: la misma tasa en todas las épocas.",
    "tiempo": (
        "Basada en el tiempo (lección 4): tasa = tasa inicial / (1 + decay · época); baja "
        "deprisa al principio y cada vez más despacio."
    ),
    "escalones": (
        "Por escalones (lección 5): tasa = tasa inicial · drop^⌊(1 + época) / epochs_drop⌋; "
        "se multiplica por drop cada epochs_drop épocas."
    ),
    "exponencial": (
        "Exponencial: tasa = tasa inicial · factor^época; cada época baja el mismo porcentaje."
    ),
    "coseno": (
        "Coseno: tasa = tasa inicial · ½ · (1 + cos(π · época / épocas)); sigue medio coseno: "
        "baja despacio al principio, deprisa a mitad del entrenamiento y otra vez despacio al "
        "final, casi hasta 0. Solo usa la tasa inicial y el número de épocas."
    ),
    "meseta": (
        "Según el rendimiento (ReduceLROnPlateau): parte de la tasa inicial y la divide entre 2 "
        f"cada vez que la pérdida de validación pasa {PLATEAU_PATIENCE} épocas sin mejorar; "
        "por eso no se puede dibujar antes de entrenar."
    ),
}
# What the lab tells a student whose run diverged.
DIVERGENCE_CAUSE = (
    "una tasa inicial o un momento demasiado altos; baja la tasa inicial o el momento"
)


def planned_rates(values):
    """The rate of each epoch that the lab's ``values`` plan; ReduceLROnPlateau ("meseta")
    decides while training, so its plan is the constant ``lr0``."""
    names = ("decay", "drop", "epochs_drop", "rate", "lr0")
    schedule = "constante" if values["schedule"] == "meseta" else values["schedule"]
    return rates_per_epoch(schedule, values["epochs"], **{n: values[n] for n in names})


def relevant_values(values):
    """The part of the lab's ``values`` that the chosen schedule uses (what the status names)."""
    used = (*COMMON_PARAMETERS, *SCHEDULE_PARAMETERS.get(values["schedule"], ()))
    return {name: value for name, value in values.items() if name in used}


def schedule_callbacks(values):
    """The Keras callbacks applying the lab's schedule (``LearningRateScheduler`` or plateau)."""
    import keras

    if values["schedule"] == "meseta":
        # monitors val_loss, as the help says
        return [keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=PLATEAU_PATIENCE)]
    rates = planned_rates(values)
    return [keras.callbacks.LearningRateScheduler(lambda epoch: float(rates[epoch]))]


class _Preview:
    """Redraws the planned rate into one reused figure: no Keras, no new figure, one PNG render."""

    def __init__(self):
        import matplotlib.pyplot as plt

        self.figure, self.ax = plt.subplots(figsize=(6, 2.6))
        plt.close(self.figure)  # shown through display(), never by pyplot
        self.line, self.draws, self.help = None, 0, ""  # help: the explanation shown last

    def __call__(self, values):
        from IPython.display import HTML, Image, display

        from helpers.schedule_plots import plot_schedules

        rates, label = planned_rates(values), SCHEDULES[values["schedule"]]
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
        self.help = SCHEDULE_HELP[values["schedule"]]
        display(HTML(f"<small>{html.escape(self.help)}</small>"))
        display(Image(data=png.getvalue()))
        self.draws += 1


def _controls(epochs, schedule, start):
    import ipywidgets as w

    from helpers.widgets import control

    def wide(kind, description, value, **kwargs):
        return control(kind, description, value, layout=w.Layout(width="350px"), **kwargs)

    return {
        "schedule": wide(w.Dropdown, "Planificación", schedule, options=SCHEDULE_OPTIONS),
        "lr0": wide(w.FloatLogSlider, "Tasa inicial", start["lr0"], min=-3, max=0, step=0.1),
        "momentum": wide(w.FloatSlider, "Momento", start["momentum"], min=0, max=0.99, step=0.01),
        "decay": wide(w.FloatLogSlider, "decay (tiempo)", start["decay"], min=-4, max=0, step=0.1),
        "drop": wide(w.FloatSlider, "drop (escalones)", start["drop"], min=0.05, max=1, step=0.05),
        "epochs_drop": wide(
            w.IntSlider, "epochs_drop (escalones)", start["epochs_drop"], min=1, max=50
        ),
        "rate": wide(
            w.FloatSlider, "factor (exponencial)", start["rate"], min=0.5, max=1, step=0.01
        ),
        "epochs": wide(w.IntSlider, "Épocas", epochs, min=1, max=100),
    }


def schedule_lab(
    data=None,
    *,
    schedule="escalones",
    epochs=15,
    batch_size=32,
    seed=0,
    lr0=0.1,
    momentum=0.8,
    decay=0.05,
    drop=0.5,
    epochs_drop=5,
    rate=0.9,
):
    """A ``TrainingPanel``: schedule controls (only the chosen schedule's active), a live rate
    preview, and "Entrenar", which trains 16 hidden units with SGD and draws the curves with the
    rate (``panel.result``: the ``History``). ``data``: a ``Dataset`` (default: breast cancer),
    split 80/20 here, or a ``Split``; ``schedule``: the one selected first; ``lr0``, ``momentum``,
    ``decay``, ``drop``, ``epochs_drop`` and ``rate``: the controls' starting values (a lesson
    starts the lab where its own experiment stands)."""
    from helpers.data import Dataset, as_split, load_breast_cancer
    from helpers.widgets import TrainingPanel

    name = data.name if isinstance(data, Dataset) else None
    schedule = check_choice("schedule", schedule, list(SCHEDULES))
    epochs = check_int("epochs", epochs, minimum=1, maximum=100)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    seed = check_int("seed", seed, minimum=0)
    given = {"lr0": lr0, "momentum": momentum, "decay": decay, "drop": drop, "rate": rate}
    start = {
        n: check_real(n, v, low=min(CONTROL_RANGES[n]), high=max(CONTROL_RANGES[n]))
        for n, v in given.items()
    }
    start["epochs_drop"] = check_int("epochs_drop", epochs_drop, minimum=1, maximum=50)
    split = as_split(load_breast_cancer() if data is None else data, val_fraction=0.2, seed=seed)
    n_classes = int(max(split.y_train.max(), split.y_val.max())) + 1

    def train_once(values):
        from helpers.lr_recorder import LearningRateRecorder
        from helpers.models import build_mlp
        from helpers.optimizers import make_sgd
        from helpers.plots import plot_history
        from helpers.seeds import seed_everything
        from helpers.widgets import TrainingDiverged, train_watched

        callbacks = schedule_callbacks(values)  # checks the parameters before building anything
        seed_everything(seed)
        sgd = make_sgd(values["lr0"], values["momentum"])
        model = build_mlp(split.X_train.shape[1], (16,), n_classes, optimizer=sgd, name="red")
        history, divergence = train_watched(
            model, split, epochs=values["epochs"], batch_size=batch_size, seed=seed,
            callbacks=[*callbacks, LearningRateRecorder()],
        )  # fmt: skip
        title = SCHEDULES[values["schedule"]]  # the panel shows the figure left open
        plot_history(history, learning_rate=True, title=title, figsize=(10, 3.4))
        if divergence is not None:
            raise TrainingDiverged(divergence.reading(DIVERGENCE_CAUSE), result=history)
        return history

    controls = _controls(epochs, schedule, start)

    def enable_used_controls(_change=None):  # grey out the sliders the schedule does not read
        used = SCHEDULE_PARAMETERS.get(controls["schedule"].value, ())
        for param in ("decay", "drop", "epochs_drop", "rate"):
            controls[param].disabled = param not in used

    enable_used_controls()
    controls["schedule"].observe(enable_used_controls, names="value")
    title = "Laboratorio: planifica la tasa de aprendizaje" + (f" ({name})" if name else "")
    return TrainingPanel(
        controls, train_once, title=title, preview=_Preview(), relevant=relevant_values
    )
