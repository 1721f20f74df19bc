"""While a model trains: live curves redrawn in place, and a stop when the loss blows up."""

import time

import keras

from helpers.errors import CourseInputError, check_real
from helpers.plots import plot_history

_clock = time.perf_counter  # one place to read the time (the tests replace it)


class LivePlot(keras.callbacks.Callback):
    """Redraw ``plot_history`` in one display updated in place, at most every ``every_seconds``
    (the last epoch is always drawn).

    ``runs``: finished histories to compare with, ``{name: history}``; ``name`` labels this run
    among them. ``diagnosis=True`` reads the curves when training ends (``.diagnosis``) and marks
    the best epoch, plateau or divergence. ``max_draw_share`` (e.g. 0.25) caps the time spent
    redrawing at that share of the training time so far, and makes even the first drawing wait
    ``every_seconds``, so a short run is not slowed down by its own plot. Other ``plot_history``
    keyword arguments (``metrics``, ``learning_rate``, ``marks``, …) pass through.
    """

    def __init__(
        self, *, name="", runs=None, every_seconds=0.5, diagnosis=False, max_draw_share=None,
        **plot_kwargs,
    ):  # fmt: skip
        super().__init__()
        self.name, self.runs, self.plot_kwargs = name, dict(runs or {}), plot_kwargs
        self.every_seconds = check_real("every_seconds", every_seconds, low=0)
        if max_draw_share is not None:
            max_draw_share = check_real(
                "max_draw_share", max_draw_share, low=0, high=1, low_open=True
            )
        self.max_draw_share = max_draw_share
        if not isinstance(diagnosis, bool):
            raise CourseInputError("diagnosis", diagnosis, "debe ser True o False")
        self.diagnose = diagnosis
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        from IPython.display import DisplayHandle

        self.history, self.redraws, self.draw_seconds = {}, 0, 0.0
        self.diagnosis = self.diagnosis_error = None  # the error diagnose() raised, if any
        self._start = _clock()
        # With a cap, even the first drawing waits ``every_seconds``.
        self._last = 0.0 if self.max_draw_share is None else self._start
        self._handle, self._shown = DisplayHandle(), False

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        now = _clock()
        within_budget = (
            self.max_draw_share is None
            or self.redraws == 0
            or self.draw_seconds <= self.max_draw_share * (now - self._start)
        )
        if now - self._last >= self.every_seconds and within_budget:
            self._draw()

    def on_train_end(self, logs=None):
        if self.diagnose and len(self.history.get("loss", ())) >= 3:
            from helpers.diagnose import diagnose

            try:
                self.diagnosis = diagnose(self.history)
            except CourseInputError as err:  # e.g. a loss that overflowed: keep the curves
                self.diagnosis_error = err
        self._draw()

    def figure(self):
        """The current plot as a new matplotlib figure (with the diagnosis marks, once known)."""
        histories = (
            {**self.runs, self.name or "actual": self.history} if self.runs else self.history
        )
        kwargs = dict(self.plot_kwargs)
        if self.diagnosis is not None:
            kwargs["marks"] = {**(kwargs.get("marks") or {}), **self.diagnosis.marks()}
        return plot_history(histories, **kwargs)

    def _draw(self):
        import matplotlib.pyplot as plt

        if not self.history:
            return
        start = _clock()
        fig = self.figure()
        # shown once, then updated in place (an update of a display never shown shows nothing)
        (self._handle.update if self._shown else self._handle.display)(fig)
        self._shown = True
        plt.close(fig)  # the display keeps the image; pyplot should not show it again
        self.redraws += 1
        self._last = _clock()
        self.draw_seconds += self._last - start


class StopWhenDiverged(keras.callbacks.Callback):
    """Stop training after the first epoch whose loss diverged (NaN, infinite, or orders of
    magnitude above its lowest: ``helpers.diagnose.find_divergence`` with ``ended=False``);
    ``.divergence`` keeps where, or ``None``. ``baseline``: the loss before training, e.g.
    ``math.log(n_classes)``. A run that only overshoots goes on: it may still recover."""

    def __init__(self, baseline=None):
        super().__init__()
        self.baseline = (
            None if baseline is None else check_real("baseline", baseline, low=0, low_open=True)
        )
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        self.divergence, self._losses = None, []

    def on_epoch_end(self, epoch, logs=None):
        from helpers.diagnose import find_divergence

        if not logs or "loss" not in logs:
            return
        self._losses.append(float(logs["loss"]))
        self.divergence = find_divergence(
            {"loss": self._losses}, baseline=self.baseline, ended=False
        )
        if self.divergence is not None:
            self.model.stop_training = True
