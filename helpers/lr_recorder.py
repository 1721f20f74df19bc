"""A Keras callback recording the learning rate the optimizer really used, per batch and epoch."""

import keras

from helpers.errors import CourseInputError


def current_learning_rate(optimizer):
    """The rate ``optimizer`` will use for its next update, as a float.

    Works for a fixed rate, a rate set by a callback and a schedule object (evaluated at the
    optimizer's current update count).
    """
    if not hasattr(optimizer, "learning_rate"):
        raise CourseInputError(
            "optimizer", type(optimizer).__name__, "debe ser un optimizador de Keras (p. ej. SGD)"
        )
    return float(optimizer.learning_rate)


class LearningRateRecorder(keras.callbacks.Callback):
    """Record the rate of every update (``batch_rates``) and of every epoch (``epoch_rates``).

    The rate is read from the optimizer just before each batch, so it is the one that update used,
    whatever set it: a schedule object, ``LearningRateScheduler`` or ``ReduceLROnPlateau``. The
    epoch's rate is the one its last update used; it is also written to the epoch's logs as
    ``learning_rate``, so ``history.history["learning_rate"]`` and
    ``plot_history(history, learning_rate=True)`` show it.
    """

    def __init__(self):
        super().__init__()
        self.batch_rates = []
        self.epoch_rates = []
        self.steps_per_epoch = None

    def on_train_begin(self, logs=None):
        self.batch_rates, self.epoch_rates = [], []
        self.steps_per_epoch = None
        self._batches_this_epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._batches_this_epoch = 0

    def on_train_batch_begin(self, batch, logs=None):
        self.batch_rates.append(current_learning_rate(self.model.optimizer))
        self._batches_this_epoch += 1

    def on_epoch_end(self, epoch, logs=None):
        if self.steps_per_epoch is None:
            self.steps_per_epoch = self._batches_this_epoch
        rate = self.batch_rates[-1] if self.batch_rates else None
        if rate is None:
            return
        self.epoch_rates.append(rate)
        if logs is not None:
            logs["learning_rate"] = rate
