"""The experiments of lessons 4-6, configured once: the notebooks and their claims tests share them.

The notebooks still write the ``model.fit`` / callback code for the student to read; only the
numbers (data, network, rates, epochs, folds) and the cross-validation set-ups come from here.
"""

from helpers.data import load_breast_cancer, split_and_standardize
from helpers.errors import CourseInputError, check_choice
from helpers.models import build_mlp
from helpers.optimizers import make_sgd
from helpers.schedules import (
    per_batch_time_decay,
    step_decay_scheduler,
    steps_per_epoch,
    time_based_scheduler,
)

SEED = 0
HIDDEN = (16,)
# Lesson 4: the course's SGD(learning_rate=0.1, momentum=0.8, decay=0.002) over 50 epochs.
LR0, MOMENTUM, DECAY, EPOCHS = 0.1, 0.8, 0.002, 50
BATCH_SIZE = 51  # 455 training rows -> 9 updates per epoch, as in the course's original example
# Lesson 5: 0.1 halved every 10 epochs.
DROP, EPOCHS_DROP, STEP_EPOCHS, STEP_BATCH_SIZE = 0.5, 10, 30, 32
# Cross-validation of lessons 4-6 (ESCALA_COMPLETA=True in a notebook uses FULL_SCALE).
EVALUATION = {"n_splits": 3, "epochs": 20, "batch_size": 32, "seed": SEED}
FULL_SCALE = {"n_splits": 5, "epochs": 50, "batch_size": 32, "seed": SEED}
# Lesson 6 drops every 5 epochs so that 20 epochs see several drops.
COMPARISON_EPOCHS_DROP = 5
# Lesson 6 compares seven set-ups, so it trains fewer epochs to stay within the time budget.
COMPARISON = {"n_splits": 3, "epochs": 15, "batch_size": 32, "seed": SEED}
# min_delta=0.01: on this easy problem smaller gains would count as progress and it would never act.
PLATEAU = {"monitor": "loss", "factor": 0.5, "patience": 2, "min_delta": 0.01}


def lesson_data():
    """The lessons' data: breast cancer, and its standardised 80/20 split (``Dataset, Split``)."""
    data = load_breast_cancer()
    return data, split_and_standardize(data.X, data.y, val_fraction=0.2, seed=SEED)


def build_network(optimizer, n_inputs=30, n_classes=2):
    """The lessons' network: one hidden layer of 16 ReLU units, compiled with ``optimizer``."""
    return build_mlp(n_inputs, HIDDEN, n_classes, optimizer=optimizer, name="red")


SCHEDULES = (
    "constante",
    "tiempo",
    "tiempo por época",
    "escalones",
    "escalones cada 5",
    "exponencial",
    "meseta",
    "coseno",
)


def schedule_setup(name, *, epochs, n_rows, batch_size, lr0=LR0, momentum=MOMENTUM):
    """``(build, make_callbacks)`` of an SGD network trained with the schedule ``name``.

    ``"constante"``; ``"tiempo"``: ``InverseTimeDecay`` per update with ``DECAY`` (what Keras 2's
    ``decay=`` did); ``"tiempo por época"``: ``LearningRateScheduler``, ``decay = lr0 / epochs``;
    ``"escalones"``: halved every ``EPOCHS_DROP`` epochs; ``"escalones cada 5"``: every 5;
    ``"exponencial"``: ``ExponentialDecay`` ×0.8 per epoch; ``"meseta"``: ``ReduceLROnPlateau``
    (``PLATEAU``); ``"coseno"``: ``CosineDecay`` to 0 at the last update. ``n_rows``: training rows
    (to turn epochs into updates).
    """
    import keras

    check_choice("name", name, SCHEDULES)
    spe = steps_per_epoch(n_rows, batch_size)
    schedules = keras.optimizers.schedules
    rates = {
        "tiempo": lambda: per_batch_time_decay(lr0, DECAY),
        "exponencial": lambda: schedules.ExponentialDecay(lr0, decay_steps=spe, decay_rate=0.8),
        "coseno": lambda: schedules.CosineDecay(lr0, decay_steps=spe * epochs),
    }
    callbacks = {
        "tiempo por época": lambda: [time_based_scheduler(lr0, lr0 / epochs)],
        "escalones": lambda: [step_decay_scheduler(lr0, DROP, EPOCHS_DROP)],
        "escalones cada 5": lambda: [step_decay_scheduler(lr0, DROP, COMPARISON_EPOCHS_DROP)],
        "meseta": lambda: [keras.callbacks.ReduceLROnPlateau(**PLATEAU, verbose=0)],
    }
    rate = rates.get(name, lr0)

    def build(n_inputs, n_classes):
        optimizer = make_sgd(rate() if callable(rate) else rate, momentum)
        return build_network(optimizer, n_inputs, n_classes)

    return build, callbacks.get(name, list)


def fold_rows(n_rows, n_splits):
    """Training rows in one fold of ``n_splits``-fold cross-validation (the smallest fold)."""
    return n_rows - -(-n_rows // n_splits)


def cross_validation_inputs(setups, *, extra_callbacks=None):
    """``(configs, callbacks)`` for ``cross_validate`` from ``{label: (build, make_callbacks)}``.

    ``extra_callbacks``: a function ``label -> list`` added to every run (e.g. a recorder).
    """
    if not isinstance(setups, dict) or not setups:
        raise CourseInputError(
            "setups", setups, "debe ser un dict no vacío {nombre: schedule_setup(...)}"
        )
    if extra_callbacks is not None and not callable(extra_callbacks):
        raise CourseInputError(
            "extra_callbacks", extra_callbacks, "debe ser None o una función nombre -> lista"
        )
    configs = {label: build for label, (build, _) in setups.items()}

    def callbacks(label):
        extra = extra_callbacks(label) if extra_callbacks else []
        return [*setups[label][1](), *extra]

    return configs, callbacks


class FirstFoldHistories:
    """``extra_callbacks`` for ``cross_validation_inputs`` keeping each label's first-fold history.

    Each run gets a ``LearningRateRecorder`` and a ``keras.callbacks.History``; ``histories``
    maps a label to the ``History`` of its first fold (with ``learning_rate`` per epoch).
    """

    def __init__(self):
        self.histories = {}

    def __call__(self, label):
        from helpers.lr_recorder import LearningRateRecorder

        import keras

        history = keras.callbacks.History()
        self.histories.setdefault(label, history)
        return [LearningRateRecorder(), history]
