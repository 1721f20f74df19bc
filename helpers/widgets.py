"""The frame every lab shares: controls, an "Entrenar" button, a status line and an output area."""

import html
import time

from helpers.errors import CourseInputError


class TrainingPanel:
    """An ipywidgets lab around a training function.

    ``controls`` maps a parameter name to a widget; ``train(values)`` receives ``{name: value}``,
    draws into the panel's output area (it runs inside ``with panel.output``) and returns a result
    kept in ``panel.result``. The button is disabled while training; a ``CourseInputError`` is
    shown in Spanish inside the panel, a kernel interrupt leaves the panel ready for another run.
    ``preview(values)``, if given, runs on every control change (keep it cheap).
    """

    def __init__(self, controls, train, *, title="", preview=None, button_text="Entrenar"):
        import ipywidgets as w

        self.controls = dict(controls)
        self._train = train
        self._preview = preview
        self.result = None
        self.runs = 0
        self.busy = False
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
            self._on_change()

    def values(self):
        """The controls' current values, ``{name: value}``."""
        return {name: control.value for name, control in self.controls.items()}

    def show_error(self, message):
        self.status.value = f'<span style="color:#b00020">⚠ {html.escape(str(message))}</span>'

    def _on_change(self, _change=None):
        from IPython.display import clear_output

        with self.preview_output:
            clear_output(wait=True)
            try:
                self._preview(self.values())
            except CourseInputError as err:
                self.show_error(err)

    def _on_click(self, _button=None):
        if self.busy:  # a click that arrives while training changes nothing
            return
        self.busy = True
        self.button.disabled = True
        self.status.value = "Entrenando…"
        start = time.perf_counter()
        try:
            from IPython.display import clear_output

            with self.output:
                clear_output(wait=True)
                self.result = self._train(self.values())
            self.runs += 1
            self.status.value = f"Listo en {time.perf_counter() - start:.1f} s."
        except CourseInputError as err:
            self.show_error(err)
        except KeyboardInterrupt:
            self.status.value = (
                "Entrenamiento interrumpido: puedes cambiar los valores y volver a entrenar."
            )
        finally:
            self.busy = False
            self.button.disabled = False

    def click(self):
        """Press "Entrenar" from code (what the tests do)."""
        self.button.click()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
