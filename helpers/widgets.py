"""The frame every lab shares: controls, an "Entrenar" button, a status line and an output area."""

import html
import signal
import sys
import threading
import time
import traceback

from helpers.errors import CourseInputError

# A click that reaches the kernel this soon after a run ended was queued while the run was going
# on (the kernel handles widget messages one at a time): a person needs longer than this to see
# the button enabled again and press it.
QUEUED_CLICK_SECONDS = 0.3


class TrainingDiverged(Exception):
    """Raised by a lab's training function when the run diverged (its loss blew up): the panel
    keeps ``result`` and shows ``message`` (Spanish, with the likely cause) instead of "Listo"."""

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result


class TrainingPanel:
    """An ipywidgets lab around a training function.

    ``controls`` maps a parameter name to a widget; ``train(values)`` receives ``{name: value}``,
    draws into the panel's output area (it runs inside ``with panel.output``) and returns a result
    kept in ``panel.result``. ``preview(values)``, if given, runs on every control change (keep it
    cheap). ``relevant(values)``, if given, returns the part of ``values`` the result depends on
    (e.g. only the chosen schedule's parameters): the status names only those, and only a change
    to them counts as "the controls changed".

    What a student can do to a lab, and what the panel does:

    - **Clicking twice quickly**: the button is disabled while training; a click that was already
      on its way (the kernel queues it and delivers it when the run ends) is ignored, and the
      status says so. Clicks from code (``panel.click()``, ``panel.button.click()``) always run.
    - **Moving a control during training**: the run uses the values read when "Entrenar" was
      pressed; the status names them, and says when the controls no longer match the result shown.
    - **Bad values**: a ``CourseInputError`` is shown in Spanish in the status line (and nothing
      else: no note that the controls changed, the student has just pressed the button); any other
      exception (a bug in the lab) too, with its traceback in the output area (``panel.error``).
    - **Values that make training diverge** (a learning rate too high): the lab raises
      ``TrainingDiverged``; the status says so and why, instead of "Listo", and the curves stay.
    - **Interrupting the kernel** (■): the status says the run was interrupted and that the plot
      shows only what was trained; ``panel.result`` keeps the last complete run's result.
      (JupyterLab 4.4+ runs widget callbacks in a kernel subshell by default, which ■ cannot
      interrupt; the course's config/jupyterlab-overrides.json turns that off.)

    Figures a run leaves open are shown once in the output area and closed (as the inline backend
    does at the end of a cell), so none turns up later under an unrelated cell. Displays updated
    in place (``display(..., display_id=True)`` and ``handle.update(...)``, as live plots do)
    work inside the output area too, which JupyterLab alone does not do. TensorFlow's English
    warning about "tf.function retracing", which a new model per click triggers sooner or later,
    is dropped during a run.
    """

    def __init__(
        self, controls, train, *, title="", preview=None, relevant=None, button_text="Entrenar"
    ):
        import ipywidgets as w

        self.controls = dict(controls)
        self._train = train
        self._preview = preview
        self._relevant = relevant or (lambda values: values)
        self.result = None
        self.runs = 0
        self.busy = False
        self.last_values = None  # the values the result shown was trained with
        # "ok", "diverged", "input_error", "interrupted", "failed" or "ignored"
        self.outcome = None
        self.error = None  # the last unexpected exception raised by ``train`` or ``preview``
        self.ignored_clicks = 0
        self._finished_at = float("-inf")
        self._status_text = ""
        self._status_is_error = False
        self._status_before_preview_error = None  # restored once the preview works again
        self.button = w.Button(description=button_text, button_style="primary", icon="play")
        self.status = w.HTML(value="")
        self.output = w.Output()
        self.preview_output = w.Output()
        self.button.on_click(self._on_click)
        children = []
        if title:
            children.append(w.HTML(f"<b>{html.escape(title)}</b>"))
        children.append(
            w.GridBox(
                list(self.controls.values()),
                layout=w.Layout(grid_template_columns="repeat(2, 360px)"),
            )
        )
        if preview is not None:
            children.append(self.preview_output)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        children += [w.HBox([self.button, self.status]), self.output]
        self.widget = w.VBox(children)
        if preview is not None:
            self._run_preview()

    def values(self):
        """The controls' current values, ``{name: value}``."""
        return {name: control.value for name, control in self.controls.items()}

    def describe(self, values):
        """The relevant ``values`` as the student reads them: the controls' labels, e.g.
        "Épocas = 5"."""
        parts = []
        for name, value in self._relevant(dict(values)).items():
            control = self.controls.get(name)
            label = (getattr(control, "description", "") or name).rstrip(": ")
            shown = f"{value:.4g}" if isinstance(value, float) else str(value)
            parts.append(f"{label} = {shown}")
        return ", ".join(parts)

    def show_error(self, message):
        self._set_status(
            f'<span style="color:#b00020">⚠ {html.escape(str(message))}</span>', error=True
        )

    def click(self):
        """Press "Entrenar" from code (what the tests do)."""
        self.button.click()

    # -- status line ------------------------------------------------------------------------------

    def _set_status(self, text, *, error=False):
        self._status_text = text
        self._status_is_error = error
        self._refresh_status()

    def _controls_changed(self):
        """True when the relevant values differ from those of the result shown."""
        if self.last_values is None:
            return False
        return self._relevant(self.values()) != self._relevant(dict(self.last_values))

    def _refresh_status(self):
        notes = []
        if not self.busy and not self._status_is_error and self._controls_changed():
            notes.append(
                "Los controles cambiaron desde este resultado: pulsa «Entrenar» para usar los "
                "valores nuevos."
            )
        if self.ignored_clicks:
            notes.append(
                f"Se ignoró {self.ignored_clicks} clic(s) pulsado(s) durante el entrenamiento."
            )
        note_html = "".join(f"<br><small>{html.escape(n)}</small>" for n in notes)
        self.status.value = self._status_text + note_html

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
                if self._status_before_preview_error is not None:
                    text, error = self._status_before_preview_error
                    self._status_before_preview_error = None
                    self._set_status(text, error=error)

    def _show_preview_error(self, message):
        if self._status_before_preview_error is None:
            self._status_before_preview_error = (self._status_text, self._status_is_error)
        self.show_error(message)

    def _click_came_from_browser(self):
        """True when the click being handled is a widget message from the browser."""
        try:
            from IPython import get_ipython

            kernel = getattr(get_ipython(), "kernel", None)
            parent = kernel.get_parent() if kernel is not None else {}
        except Exception:
            return False
        return (parent or {}).get("header", {}).get("msg_type") == "comm_msg"

    def _on_click(self, _button=None):
        queued = (
            self._click_came_from_browser()
            and time.monotonic() - self._finished_at < QUEUED_CLICK_SECONDS
        )
        if self.busy or queued:
            self.ignored_clicks += 1
            self.outcome = "ignored"
            self._refresh_status()
            return
        self.ignored_clicks = 0
        self.error = None
        self._status_before_preview_error = None  # the run's status replaces it
        values = self.values()  # read once: the whole run uses these
        self.busy = True
        self.button.disabled = True
        try:
            self._set_status(
                f"Entrenando con {html.escape(self.describe(values))}… "
                "(si cambias un control ahora, cuenta para el próximo entrenamiento)"
            )
            start = time.perf_counter()
            outcome, detail = self._run(values)
            self.outcome = outcome
            if outcome == "ok":
                self.result = detail
                self.runs += 1
                self.last_values = values
                self._set_status(
                    f"Listo en {time.perf_counter() - start:.1f} s · ejecución {self.runs} · "
                    f"{html.escape(self.describe(values))}."
                )
            elif outcome == "diverged":
                self.result = detail.result
                self.runs += 1
                self.last_values = values
                self._set_status(
                    f'<span style="color:#b35900">⚠ Ejecución {self.runs} · '
                    f"{html.escape(self.describe(values))}. {html.escape(str(detail))}</span>"
                )
            elif outcome == "input_error":
                self.show_error(detail)
            elif outcome == "interrupted":
                self.last_values = None
                self._set_status(
                    "Entrenamiento interrumpido: la gráfica muestra solo lo que llegó a "
                    "entrenarse. Puedes cambiar los valores y volver a entrenar."
                )
            else:
                self.show_error(
                    f"El entrenamiento falló ({type(detail).__name__}: {detail}). "
                    "El detalle está debajo; avisa a quien mantiene el curso."
                )
        except KeyboardInterrupt:  # an interrupt that arrives outside the training itself
            self.outcome = "interrupted"
            self._set_status("Entrenamiento interrumpido. Puedes volver a entrenar.")
        finally:
            self.busy = False
            self.button.disabled = False
            self._finished_at = time.monotonic()
            self._refresh_status()

    def _run(self, values):
        """Train inside the output area; returns ``(outcome, result or exception)``."""
        from IPython.display import clear_output

        figures_before = _open_figures()
        # Exceptions are caught inside the ``with``: in a kernel, Output.__exit__ would print
        # them as a traceback and swallow them, so the panel would never hear of them.
        with self.output, _UpdatableDisplays(), _QuietRetracing(), _InterruptWatch() as interrupt:
            try:
                clear_output(wait=True)
                try:
                    result = self._train(dict(values))
                except TrainingDiverged as err:
                    _show_figures(_open_figures() - figures_before)
                    return "diverged", err
                except CourseInputError as err:
                    return "input_error", err
                except KeyboardInterrupt:
                    return "interrupted", None
                except Exception as err:
                    if interrupt.requested:  # it surfaced from C code as another exception
                        return "interrupted", None
                    self.error = err
                    traceback.print_exc()
                    return "failed", err
                _show_figures(_open_figures() - figures_before)
                return "ok", result
            finally:
                _close_figures(_open_figures() - figures_before)

    # -- test support -----------------------------------------------------------------------------

    def extreme_values(self):
        """One setting per end of every bounded control: a list of ``{name: value}`` with that
        control at its minimum or maximum (first or last option, False or True) and the others at
        their current values."""
        settings = []
        for name, control in self.controls.items():
            for end in _ends(control):
                setting = self.values()
                setting[name] = end
                if setting not in settings:
                    settings.append(setting)
        return settings

    def check_extremes(self):
        """Train at every setting of ``extreme_values()``; returns a list of problems (empty when
        each run gave a result, a Spanish message or a diverged run reported as such, never an
        exception or a silent nothing).
        The controls get their values back afterwards. For the labs' tests:
        ``assert panel.check_extremes() == []``."""
        original = self.values()
        problems = []
        try:
            for setting in self.extreme_values():
                self.set_values(setting)
                self.click()
                if self.outcome not in ("ok", "diverged", "input_error"):
                    detail = f": {self.error!r}" if self.error is not None else ""
                    problems.append(f"{self.describe(setting)} → {self.outcome}{detail}")
        finally:
            self.set_values(original)
        return problems

    def set_values(self, values):
        """Set controls from ``{name: value}`` (what a student does by hand)."""
        for name, value in values.items():
            self.controls[name].value = value

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _ends(control):
    """The two extreme values a control accepts (empty when it has none, e.g. free text)."""
    options = getattr(control, "_options_values", None)
    if options:
        return [options[0], options[-1]]
    if isinstance(getattr(control, "value", None), bool):
        return [False, True]
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if low is None or high is None:
        return []
    if isinstance(control.value, tuple):  # range sliders
        return [(low, low), (high, high)]
    base = getattr(control, "base", None)  # FloatLogSlider: min and max are exponents
    if base is not None:
        return [base**low, base**high]
    return [low, high]


class _InterruptWatch:
    """Notes a kernel interrupt (SIGINT) during a run. One that lands inside compiled code (e.g.
    TensorFlow's) can surface as another exception, such as ``SystemError: ... bad argument to
    internal function``, instead of ``KeyboardInterrupt``."""

    def __enter__(self):
        self.requested = False
        self._previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.getsignal(signal.SIGINT)
            if previous is not None:  # None: a handler set from C, which could not be restored
                self._previous = previous
                signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def _on_interrupt(self, signum, frame):
        self.requested = True
        raise KeyboardInterrupt

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
        return False


class _QuietRetracing:
    """While active, TensorFlow's warning that "N out of the last M calls ... triggered
    tf.function retracing" is dropped. A lab builds a new model on every click on purpose, and
    TensorFlow counts the traces of all Keras models together; its English advice (define the
    function outside the loop) does not apply. Every other TensorFlow message still shows."""

    def __enter__(self):
        import logging

        self._logger = logging.getLogger("tensorflow")
        self._logger.addFilter(self._keep)
        return self

    def __exit__(self, *exc):
        self._logger.removeFilter(self._keep)
        return False

    @staticmethod
    def _keep(record):
        return "triggered tf.function retracing" not in record.getMessage()


class _UpdatableDisplays:
    """While active, every display with a display id gets an Output widget of its own, whose
    content an update replaces: inside an Output widget JupyterLab ignores display updates.

    Content is set through the widget's ``outputs`` (no ``with``: Output.__exit__ would swallow
    a KeyboardInterrupt raised while drawing).
    """

    def __init__(self):
        from IPython import get_ipython

        shell = get_ipython()
        self._publisher = getattr(shell, "display_pub", None)
        self._areas = {}

    def __enter__(self):
        if self._publisher is not None:
            self._shadowed = vars(self._publisher).get("publish")  # usually None: a method
            self._original = self._publisher.publish
            self._publisher.publish = self._publish
        return self

    def __exit__(self, *exc):
        if self._publisher is not None:
            if self._shadowed is None:
                del self._publisher.publish
            else:
                self._publisher.publish = self._shadowed
        return False

    def _publish(self, data, metadata=None, **kwargs):
        display_id = (kwargs.get("transient") or {}).get("display_id")
        if display_id is None:
            return self._original(data, metadata, **kwargs)
        area = self._areas.get(display_id)
        if area is None:
            import ipywidgets
            from IPython.display import display

            area = self._areas[display_id] = ipywidgets.Output()
            display(area)  # no display id: goes straight to the real publisher
        area.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata or {}},)


def _open_figures():
    pyplot = sys.modules.get("matplotlib.pyplot")
    return set(pyplot.get_fignums()) if pyplot is not None else set()


def _show_figures(numbers):
    if not numbers:
        return
    import matplotlib.pyplot as plt
    from IPython.display import display

    for number in sorted(numbers):
        display(plt.figure(number))


def _close_figures(numbers):
    if not numbers:
        return
    import matplotlib.pyplot as plt

    for number in numbers:
        plt.close(number)
