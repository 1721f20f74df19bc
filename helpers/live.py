"""Live training curves: a Keras callback that redraws the history plot in place while it trains."""

import time

import keras

from helpers.errors import check_real
from helpers.plots import plot_history


class LivePlot(keras.callbacks.Callback):
    """Redraw ``plot_history`` in one output that updates, at most every ``every_seconds``.

    One display is created at the start of training and replaced in place (no flood of
    figures); the last epoch is always drawn. ``runs`` adds finished histories to compare with,
    ``{name: history}``; ``name`` labels this run among them. Other ``plot_history`` keyword
    arguments (``metrics``, ``learning_rate``, …) pass through.
    """

    def __init__(self, *, name="", runs=None, every_seconds=0.5, **plot_kwargs):
        super().__init__()
        self.name = name
        self.runs = dict(runs or {})
        self.every_seconds = check_real("every_seconds", every_seconds, low=0)
        self.plot_kwargs = plot_kwargs
        self.history = {}
        self.redraws = 0
        self._handle = None
        self._last = 0.0

    def on_train_begin(self, logs=None):
        from IPython.display import display

        self.history = {}
        self.redraws = 0
        self._last = 0.0
        self._handle = display(display_id=True)

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        if time.perf_counter() - self._last >= self.every_seconds:
            self._draw()

    def on_train_end(self, logs=None):
        self._draw()

    def figure(self):
        """The current plot as a new matplotlib figure."""
        histories = (
            self.history if not self.runs else {**self.runs, self.name or "actual": self.history}
        )
        return plot_history(histories, **self.plot_kwargs)

    def _draw(self):
        import matplotlib.pyplot as plt

        if not self.history:
            return
        fig = self.figure()
        if self._handle is not None:
            self._handle.update(fig)
        plt.close(fig)  # the display keeps the image; pyplot should not show it again
        self.redraws += 1
        self._last = time.perf_counter()
