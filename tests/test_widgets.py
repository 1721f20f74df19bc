import ipywidgets as w

from helpers.errors import CourseInputError
from helpers.exercises import report
from helpers.widgets import TrainingPanel


def make_panel(train, preview=None):
    controls = {"epochs": w.IntSlider(value=5, min=1, max=50, description="Épocas")}
    return TrainingPanel(controls, train, title="Laboratorio", preview=preview)


def test_click_trains_with_current_values_and_reenables_the_button():
    seen = []

    def train(values):
        seen.append((values, panel.button.disabled, panel.busy))
        return values["epochs"] * 2

    panel = make_panel(train)
    panel.controls["epochs"].value = 7
    panel.click()
    assert seen == [({"epochs": 7}, True, True)]
    assert panel.result == 14 and panel.runs == 1
    assert not panel.button.disabled and not panel.busy
    assert panel.status.value.startswith("Listo en")
    assert panel.button.description == "Entrenar"


def test_errors_are_shown_in_spanish_inside_the_panel():
    def train(values):
        raise CourseInputError("epochs", values["epochs"], "debe ser mayor que 10")

    panel = make_panel(train)
    panel.click()
    assert "«epochs»" in panel.status.value and "debe ser mayor que 10" in panel.status.value
    assert panel.result is None and not panel.button.disabled


def test_interrupt_leaves_the_panel_usable():
    calls = []

    def train(values):
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return "ok"

    panel = make_panel(train)
    panel.click()
    assert "interrumpido" in panel.status.value and not panel.busy
    panel.click()
    assert panel.result == "ok"


def test_click_while_busy_is_ignored():
    calls = []
    panel = make_panel(lambda values: calls.append(1))
    panel.busy = True
    panel.click()
    assert calls == []


def test_preview_runs_on_every_change():
    previews = []
    panel = make_panel(lambda v: None, preview=lambda v: previews.append(v["epochs"]))
    panel.controls["epochs"].value = 9
    assert previews == [5, 9]


def test_feedback_says_correct_or_gives_hints():
    assert str(report([])) == "¡Correcto!" and report([]).ok
    fb = report(["revisa la época", None])
    assert not fb.ok and "revisa la época" in str(fb) and "Todavía no" in fb._repr_html_()
