"""A Keras callback recording the learning rate the optimizer really used, per batch and epoch."""

import keras


class LearningRateRecorder(keras.callbacks.Callback):
    """Record the rate of every update (``batch_rates``) and of every epoch (``epoch_rates``).

    The rate is read from the optimizer just before each batch, whatever set it (a schedule
    object, ``LearningRateScheduler``, ``ReduceLROnPlateau``). An epoch's rate is the one its last
    update used; it goes into the epoch's logs as ``learning_rate``, so the ``History`` and
    ``plot_history(history, learning_rate=True)`` show it.
    """

    def __init__(self):
        super().__init__()
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        self.batch_rates, self.epoch_rates = [], []
        self.steps_per_epoch = None

    def on_train_batch_begin(self, batch, logs=None):
        # a schedule object is evaluated at the optimizer's current update count
        self.batch_rates.append(float(self.model.optimizer.learning_rate))

    def on_epoch_end(self, epoch, logs=None):
        self.steps_per_epoch = self.steps_per_epoch or len(self.batch_rates)  # the first epoch's
        if self.batch_rates:
            self.epoch_rates.append(self.batch_rates[-1])
            if logs is not None:
                logs["learning_rate"] = self.batch_rates[-1]
