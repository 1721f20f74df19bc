"""The frame every lab shares: controls, an "Entrenar" button, a status line and an output area."""

import html
import logging
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager

from helpers import _kernel
from helpers.errors import CourseInputError
from helpers.formatting import es_general

# A click reaching the kernel this soon after a run ended was queued during the run (the kernel
# handles widget messages one at a time): a person needs longer to see the button back and press.
QUEUED_CLICK_SECONDS = 0.3


def control(kind, description, value, **kwargs):
    """A lab's control: ``kind`` (an ipywidgets class) with the labs' label width; a slider
    reports its value when released, not while it moves."""
    if kind.__name__.endswith("Slider"):
        kwargs["continuous_update"] = False
    if kind.__name__ == "Checkbox" and "layout" not in kwargs:
        import ipywidgets as w

        kwargs["layout"] = w.Layout(width="auto")  # its label sits right of the box: room for it
    style = {"description_width": "150px"}
    return kind(value=value, description=description, style=style, **kwargs)


def train_watched(model, split, *, callbacks=(), **kwargs):
    """Train ``model`` on ``split`` (``helpers.training.train``), stopped by ``StopWhenDiverged``
    if its loss blows up; returns the ``History`` and where it diverged (``None`` if it did not)."""
    import math

    from helpers.diagnose import find_divergence
    from helpers.live import StopWhenDiverged
    from helpers.training import train

    n_classes = int(max(split.y_train.max(), split.y_val.max())) + 1
    baseline = math.log(n_classes)  # the loss of a uniform guess
    history = train(
        model, split.X_train, split.y_train, split.X_val, split.y_val,
        callbacks=[*callbacks, StopWhenDiverged(baseline)], **kwargs,
    )  # fmt: skip
    return history, find_divergence(history, baseline=baseline)


class TrainingDiverged(Exception):
    """Raised by a lab's training function when the loss blew up: the panel keeps ``result`` and
    shows ``message`` (Spanish, with the likely cause) instead of "Listo"."""

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result


class TrainingPanel:
    """An ipywidgets lab around ``train(values)``, ``values`` being ``{name: value}`` of the
    ``controls`` (``{name: widget}``) when "Entrenar" is pressed. ``train`` draws into the output
    area and its result is kept in ``panel.result``. ``preview(values)`` (optional, cheap) runs on
    every change; ``relevant(values)`` (optional) gives the values the result depends on, the only
    ones the status names and the only ones whose change counts as "the controls changed".

    The button is disabled while training and a click queued meanwhile is ignored (clicks from
    code always run). The status line shows a ``CourseInputError`` in Spanish, ``TrainingDiverged``
    as a warning that keeps the curves, a kernel interrupt (■) keeping the last complete result,
    and any other exception with its traceback (``panel.error``). Figures a run leaves open are
    shown once and closed; in-place display updates work inside the output area.
    """

    def __init__(self, controls, train, *, title="", preview=None, relevant=None):
        import ipywidgets as w

        self.controls = dict(controls)
        self._train, self._preview = train, preview
        self._relevant = relevant or (lambda values: values)
        self.result, self.runs, self.busy = None, 0, False
        self.last_values = None  # the values the result shown was trained with
        # "ok", "diverged", "input_error", "interrupted", "failed" or "ignored"
        self.outcome = None
        self.error = None  # the last unexpected exception raised by ``train`` or ``preview``
        self.ignored_clicks, self._finished_at = 0, float("-inf")
        self._status_text, self._status_is_error = "", False
        self._status_before_preview_error = None  # restored once the preview works again
        self.button = w.Button(description="Entrenar", button_style="primary", icon="play")
        self.button.on_click(self._on_click)
        self.status = w.HTML(value="")
        self.output = w.Output()
        self.preview_output = w.Output()
        grid = w.GridBox(
            list(self.controls.values()), layout=w.Layout(grid_template_columns="repeat(2, 360px)")
        )
        children = [w.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        children += [grid, self.preview_output] if preview is not None else [grid]
        self.widget = w.VBox([*children, w.HBox([self.button, self.status]), self.output])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        if preview is not None:
            self._run_preview()

    def values(self):
        """The controls' current values, ``{name: value}``."""
        return {name: control.value for name, control in self.controls.items()}

    def describe(self, values):
        """The relevant ``values`` with the controls' labels, e.g. "Épocas = 5"."""
        parts = []
        for name, value in self._relevant(dict(values)).items():
            label = (getattr(self.controls.get(name), "description", "") or name).rstrip(": ")
            if isinstance(value, bool):
                shown = "sí" if value else "no"
            else:
                shown = es_general(value, 4) if isinstance(value, float) else value
            parts.append(f"{label} = {shown}")
        return ", ".join(parts)

    def show_error(self, message):
        self._set_status(
            f'<span style="color:#b00020">⚠ {html.escape(str(message))}</span>', error=True
        )

    def click(self):
        """Press "Entrenar" from code (what the tests do)."""
        self.button.click()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # -- status line ------------------------------------------------------------------------------

    def _set_status(self, text, error=False):
        self._status_text, self._status_is_error = text, error
        self._refresh_status()

    def _refresh_status(self):
        notes = []
        if self.last_values is not None and not (self.busy or self._status_is_error):
            if self._relevant(self.values()) != self._relevant(dict(self.last_values)):
                notes.append(
                    "Los controles cambiaron desde este resultado: pulsa «Entrenar» para usar "
                    "los valores nuevos."
                )
        if self.ignored_clicks:
            clicks = self.ignored_clicks
            notes.append(f"Se ignoró {clicks} clic(s) pulsado(s) durante el entrenamiento.")
        notes = "".join(f"<br><small>{html.escape(n)}</small>" for n in notes)
        self.status.value = self._status_text + notes

    # -- events ---------------------------------------------------------------------------------

    def _on_change(self, _change=None):
        if self._preview is not None:
            self._run_preview()
        self._refresh_status()

    def _run_preview(self):
        from IPython.display import clear_output

        with self.preview_output:
            clear_output(wait=True)
            try:
                self._preview(self.values())
            except CourseInputError as err:
                self._show_preview_error(err)
            except Exception as err:  # a bug in the lab: say so in the panel, not in a log
                self.error = err
                traceback.print_exc()
                self._show_preview_error(f"La vista previa falló ({type(err).__name__}: {err}).")
            else:  # fixed: the status goes back to what it said before the preview's error
                saved, self._status_before_preview_error = self._status_before_preview_error, None
                if saved is not None:
                    self._set_status(*saved)

    def _show_preview_error(self, message):
        if self._status_before_preview_error is None:
            self._status_before_preview_error = (self._status_text, self._status_is_error)
        self.show_error(message)

    def _on_click(self, _button=None):
        queued = (
            _kernel.handling_browser_event()
            and time.monotonic() - self._finished_at < QUEUED_CLICK_SECONDS
        )
        if self.busy or queued:
            self.ignored_clicks += 1
            self.outcome = "ignored"
            self._refresh_status()
            return
        self.ignored_clicks, self.error, self._status_before_preview_error = 0, None, None
        values = self.values()  # read once: the whole run uses these
        shown = html.escape(self.describe(values))
        self.busy = self.button.disabled = True
        try:
            self._set_status(
                f"Entrenando con {shown}… (si cambias un control ahora, cuenta para el próximo "
                "entrenamiento)"
            )
            start = time.perf_counter()
            self.outcome, detail = self._run(values)
            if self.outcome in ("ok", "diverged"):
                self.result = detail if self.outcome == "ok" else detail.result
                self.runs += 1
                self.last_values = values
            elif self.outcome == "interrupted":
                self.last_values = None
            self._show_outcome(detail, shown, time.perf_counter() - start)
        except KeyboardInterrupt:  # an interrupt that arrives outside the training itself
            self.outcome = "interrupted"
            self._set_status("Entrenamiento interrumpido. Puedes volver a entrenar.")
        finally:
            self.busy = self.button.disabled = False
            self._finished_at = time.monotonic()
            self._refresh_status()

    def _show_outcome(self, detail, shown, seconds):
        """The status line after a run: ``detail`` is the result or the exception ``_run`` gave."""
        if self.outcome == "failed":
            detail = (
                f"El entrenamiento falló ({type(detail).__name__}: {detail}). "
                "El detalle está debajo; avisa a quien mantiene el curso."
            )
        if self.outcome in ("input_error", "failed"):
            return self.show_error(detail)
        texts = {
            "ok": f"Listo en {seconds:.1f} s · ejecución {self.runs} · {shown}.",
            "diverged": f'<span style="color:#b35900">⚠ Ejecución {self.runs} · {shown}. '
            f"{html.escape(str(detail))}</span>",
            "interrupted": "Entrenamiento interrumpido: la gráfica muestra solo lo que llegó a "
            "entrenarse. Puedes cambiar los valores y volver a entrenar.",
        }
        self._set_status(texts[self.outcome])

    def _run(self, values):
        """Train inside the output area; returns ``(outcome, result or exception)``."""
        from IPython.display import clear_output, display

        before = _open_figures()
        # Exceptions are caught inside the ``with``: in a kernel, Output.__exit__ would print
        # them as a traceback and swallow them, so the panel would never hear of them.
        with self.output, _kernel.UpdatableDisplays(), _guarded_run() as interrupted:
            try:
                clear_output(wait=True)
                outcome, detail = "ok", self._train(dict(values))
            except TrainingDiverged as err:
                outcome, detail = "diverged", err
            except CourseInputError as err:
                outcome, detail = "input_error", err
            except KeyboardInterrupt:
                outcome, detail = "interrupted", None
            except Exception as err:
                if interrupted:  # the interrupt surfaced from C code as another exception
                    outcome, detail = "interrupted", None
                else:
                    outcome, detail, self.error = "failed", err, err
                    traceback.print_exc()
            pyplot = sys.modules.get("matplotlib.pyplot")
            for number in sorted(_open_figures() - before):  # the figures the run left open
                if outcome in ("ok", "diverged"):
                    display(pyplot.figure(number))  # shown once, then closed
                pyplot.close(number)
        return outcome, detail


def _open_figures():
    pyplot = sys.modules.get("matplotlib.pyplot")
    return set(pyplot.get_fignums()) if pyplot is not None else set()


@contextmanager
def _guarded_run():
    """While a lab trains: note a kernel interrupt (SIGINT), since one that lands inside compiled
    code (e.g. TensorFlow's) can surface as another exception; and drop TensorFlow's warning that
    calls "triggered tf.function retracing" (a lab builds a new model per click on purpose)."""
    interrupted = []

    def on_interrupt(signum, frame):
        interrupted.append(True)
        raise KeyboardInterrupt

    def keep(record):
        return "triggered tf.function retracing" not in record.getMessage()

    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main else None
    if previous is not None:  # None: a handler set from C, which could not be restored
        signal.signal(signal.SIGINT, on_interrupt)
    logging.getLogger("tensorflow").addFilter(keep)
    try:
        yield interrupted
    finally:
        logging.getLogger("tensorflow").removeFilter(keep)
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
