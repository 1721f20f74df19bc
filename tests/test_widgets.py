import inspect

import ipywidgets as w
from lab_checks import check_extremes, extreme_values

from helpers import _kernel
from helpers.errors import CourseInputError
from helpers.exercises import report
from helpers.widgets import TrainingDiverged, TrainingPanel


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


# -- robustness: what students do to a lab ---------------------------------------------------------


def test_values_are_read_at_click_time_and_the_status_names_them():
    seen = {}

    def train(values):
        seen["status"] = panel.status.value
        panel.controls["epochs"].value = 30  # the student moves the slider during training
        seen["values"] = values
        return values["epochs"]

    panel = make_panel(train)
    panel.controls["epochs"].value = 7
    panel.click()
    assert seen["values"] == {"epochs": 7} and panel.result == 7
    assert "Épocas = 7" in seen["status"] and "próximo entrenamiento" in seen["status"]
    assert panel.describe({"epochs": 0.05}) == "Épocas = 0,05"  # a decimal comma, as in Spanish
    assert panel.last_values == {"epochs": 7}
    assert "ejecución 1 · Épocas = 7" in panel.status.value
    assert "Los controles cambiaron" in panel.status.value
    panel.controls["epochs"].value = 7  # back to the values of the result shown: no warning
    assert "Los controles cambiaron" not in panel.status.value


def test_a_click_queued_in_the_browser_during_a_run_is_ignored(monkeypatch):
    calls = []
    panel = make_panel(lambda values: calls.append(values) or len(calls))
    monkeypatch.setattr(_kernel, "handling_browser_event", lambda: True)
    panel.click()
    panel.click()  # delivered by the kernel right after the first run ended
    assert len(calls) == 1 and panel.runs == 1 and panel.outcome == "ignored"
    assert "Se ignoró 1 clic" in panel.status.value and not panel.button.disabled
    panel._finished_at -= 1  # a second later, a real click
    panel.click()
    assert len(calls) == 2 and panel.runs == 2 and "Se ignoró" not in panel.status.value


def test_clicks_from_code_are_never_taken_for_queued_ones():
    panel = make_panel(lambda values: 1)
    panel.click()
    panel.button.click()
    assert panel.runs == 2


def test_unexpected_exceptions_are_shown_in_the_panel():
    def train(values):
        raise ZeroDivisionError("división entre cero")

    panel = make_panel(train)
    panel.click()
    assert panel.outcome == "failed" and isinstance(panel.error, ZeroDivisionError)
    assert "El entrenamiento falló (ZeroDivisionError" in panel.status.value
    assert not panel.busy and not panel.button.disabled and panel.runs == 0


def test_errors_still_reach_the_panel_when_a_kernel_prints_them(monkeypatch):
    """In a kernel, Output.__exit__ prints and swallows exceptions; the panel must see them."""
    import ipywidgets.widgets.widget_output as widget_output

    class FakeShell:
        def showtraceback(self, *args, **kwargs):
            raise AssertionError("the traceback reached the output area instead of the panel")

    monkeypatch.setattr(widget_output, "get_ipython", lambda: FakeShell())
    errors = iter([CourseInputError("epochs", 5, "debe ser par"), KeyboardInterrupt()])

    def train(values):
        raise next(errors)

    panel = make_panel(train)
    panel.click()
    assert "debe ser par" in panel.status.value and panel.outcome == "input_error"
    panel.click()
    assert "interrumpido" in panel.status.value and panel.outcome == "interrupted"
    assert panel.runs == 0


def test_interrupt_keeps_the_last_complete_result_and_the_panel_usable():
    plan = iter(["ok", "interrupt", "ok2"])

    def train(values):
        step = next(plan)
        if step == "interrupt":
            import matplotlib.pyplot as plt

            plt.figure()  # half-drawn plot
            raise KeyboardInterrupt
        return step

    import matplotlib.pyplot as plt

    panel = make_panel(train)
    panel.click()
    panel.click()
    assert panel.result == "ok" and panel.runs == 1 and panel.outcome == "interrupted"
    assert "solo lo que llegó a entrenarse" in panel.status.value
    assert "Los controles cambiaron" not in panel.status.value
    assert plt.get_fignums() == []  # nothing left to pop up under a later cell
    panel.click()
    assert panel.result == "ok2" and panel.runs == 2 and not panel.button.disabled


def test_figures_a_run_leaves_open_are_closed():
    import matplotlib.pyplot as plt

    kept = plt.figure()  # opened before the run: not the panel's business

    def train(values):
        plt.figure()
        plt.plot([1, 2, 3])
        return "ok"

    panel = make_panel(train)
    panel.click()
    assert plt.get_fignums() == [kept.number]


def test_preview_errors_are_shown_in_the_panel():
    def preview(values):
        if values["epochs"] > 10:
            raise CourseInputError("epochs", values["epochs"], "como mucho 10 en la vista previa")
        if values["epochs"] == 3:
            raise ValueError("fallo")

    panel = make_panel(lambda v: None, preview=preview)
    panel.controls["epochs"].value = 11
    assert "como mucho 10" in panel.status.value
    panel.controls["epochs"].value = 3
    assert "La vista previa falló (ValueError" in panel.status.value
    assert isinstance(panel.error, ValueError)


def test_extreme_values_cover_both_ends_of_every_control():
    controls = {
        "epochs": w.IntSlider(value=5, min=1, max=50, description="Épocas"),
        "lr": w.FloatLogSlider(value=0.01, base=10, min=-4, max=-1, description="Tasa"),
        "optimizer": w.Dropdown(options=[("SGD", "sgd"), ("Adam", "adam"), ("RMS", "rms")]),
        "dropout": w.Checkbox(value=False),
        "name": w.Text(value="modelo"),
    }
    panel = TrainingPanel(controls, lambda values: values)
    settings = extreme_values(panel)
    current = panel.values()
    changed = [{k: v for k, v in s.items() if v != current[k]} for s in settings]
    assert {"epochs": 1} in changed and {"epochs": 50} in changed
    assert any(abs(c.get("lr", 0) - 1e-4) < 1e-12 for c in changed)
    assert any(abs(c.get("lr", 0) - 0.1) < 1e-12 for c in changed)
    assert {"optimizer": "rms"} in changed and {"dropout": True} in changed
    assert {} in changed  # "sgd" and False are the current values
    assert not any("name" in c for c in changed)
    assert len(settings) == 7


def test_check_extremes_accepts_results_and_spanish_messages_only():
    def train(values):
        if values["epochs"] == 50:
            raise CourseInputError("epochs", 50, "como mucho 40 en este laboratorio")
        return values["epochs"]

    panel = make_panel(train)
    panel.controls["epochs"].value = 9
    assert check_extremes(panel) == []
    assert panel.values() == {"epochs": 9}  # restored

    def broken(values):
        return 1 / (values["epochs"] - 1)

    panel = make_panel(broken)
    problems = check_extremes(panel)
    assert len(problems) == 1 and "Épocas = 1" in problems[0] and "ZeroDivisionError" in problems[0]


def test_display_updates_inside_the_panel_replace_their_own_output_area(monkeypatch):
    """JupyterLab ignores display updates inside an Output widget: the panel redirects them."""
    import types

    passed = []

    class Publisher:
        def publish(self, data, metadata=None, **kwargs):
            passed.append(data)

    shell = types.SimpleNamespace(display_pub=Publisher())
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    with _kernel.UpdatableDisplays() as displays:
        publish = shell.display_pub.publish
        publish({"text/plain": "época 1"}, transient={"display_id": "curvas"})
        publish({"text/plain": "época 2"}, transient={"display_id": "curvas"}, update=True)
        publish({"text/plain": "otra cosa"})
    (area,) = displays._areas.values()
    assert [o["data"]["text/plain"] for o in area.outputs] == ["época 2"]
    assert passed == [{"text/plain": "otra cosa"}]
    assert "publish" not in vars(shell.display_pub)  # the real publisher is back


def test_an_interrupt_that_surfaces_as_another_exception_still_counts_as_an_interrupt():
    """Seen in JupyterLab: ■ during TensorFlow training raised a SystemError."""
    import signal

    def train(values):
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            raise SystemError("bad argument to internal function") from None

    handler_before = signal.getsignal(signal.SIGINT)
    panel = make_panel(train)
    panel.click()
    assert panel.outcome == "interrupted" and panel.error is None
    assert "interrumpido" in panel.status.value and "falló" not in panel.status.value
    assert signal.getsignal(signal.SIGINT) is handler_before


# -- what the status says after errors, divergence and irrelevant changes --------------------------


def test_after_an_input_error_the_status_does_not_also_ask_to_press_entrenar():
    def train(values):
        if values["epochs"] > 20:
            raise CourseInputError("epochs", values["epochs"], "como mucho 20")
        return values["epochs"]

    panel = make_panel(train)
    panel.click()  # a result, trained with 5 epochs
    panel.controls["epochs"].value = 30
    assert "Los controles cambiaron" in panel.status.value  # true: the result is for 5
    panel.click()
    assert panel.outcome == "input_error" and "como mucho 20" in panel.status.value
    assert "Los controles cambiaron" not in panel.status.value  # they just pressed it
    panel.controls["epochs"].value = 31  # fixing the value: still only the error
    assert "Los controles cambiaron" not in panel.status.value
    panel.controls["epochs"].value = 8
    panel.click()
    assert panel.outcome == "ok" and panel.status.value.startswith("Listo")


def test_a_diverged_run_is_reported_with_its_cause_and_keeps_its_result():
    import matplotlib.pyplot as plt

    def train(values):
        plt.figure()  # the curves of the run that blew up
        raise TrainingDiverged("El entrenamiento divergió: baja la tasa.", result={"loss": [1e27]})

    panel = make_panel(train)
    panel.click()
    assert panel.outcome == "diverged" and panel.result == {"loss": [1e27]} and panel.runs == 1
    assert "divergió: baja la tasa" in panel.status.value and "Listo" not in panel.status.value
    assert "Épocas = 5" in panel.status.value
    assert plt.get_fignums() == []  # shown once in the panel, then closed
    assert check_extremes(panel) == []  # a diverged run is an answer, not a crash
    panel.controls["epochs"].value = 6
    assert "Los controles cambiaron" in panel.status.value


def test_relevant_values_decide_what_the_status_names_and_what_counts_as_a_change():
    controls = {
        "kind": w.Dropdown(options=["a", "b"], value="a", description="Tipo"),
        "x": w.IntSlider(value=1, min=0, max=9, description="x (solo b)"),
        "epochs": w.IntSlider(value=5, min=1, max=9, description="Épocas"),
    }

    def relevant(values):
        return {k: v for k, v in values.items() if k != "x" or values["kind"] == "b"}

    panel = TrainingPanel(controls, lambda values: 1, relevant=relevant)
    panel.click()
    assert "Tipo = a" in panel.status.value and "x (solo b)" not in panel.status.value
    panel.controls["x"].value = 4  # "a" does not use x: the result still holds
    assert "Los controles cambiaron" not in panel.status.value
    panel.controls["kind"].value = "b"
    assert "Los controles cambiaron" in panel.status.value
    panel.click()
    assert "x (solo b) = 4" in panel.status.value


def test_a_fixed_preview_error_leaves_the_status_it_replaced():
    def preview(values):
        if values["epochs"] > 10:
            raise CourseInputError("epochs", values["epochs"], "como mucho 10 en la vista previa")

    panel = make_panel(lambda v: "ok", preview=preview)
    panel.click()
    before = panel.status.value
    panel.controls["epochs"].value = 11
    assert "como mucho 10" in panel.status.value
    panel.controls["epochs"].value = 12  # still wrong
    panel.controls["epochs"].value = 5  # fixed, and back to the values of the result
    assert panel.status.value == before


def test_tensorflow_retracing_warnings_are_silenced_during_a_run_only(caplog):
    import logging

    tf_logger = logging.getLogger("tensorflow")
    retracing = (
        "5 out of the last 5 calls to <function f> triggered tf.function retracing. Tracing is "
        "expensive"
    )

    def train(values):
        tf_logger.warning(retracing)
        tf_logger.warning("otro aviso")
        return 1

    panel = make_panel(train)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        panel.click()
        messages = [r.getMessage() for r in caplog.records]
        assert messages == ["otro aviso"]
        tf_logger.warning(retracing)  # outside a lab run: TensorFlow speaks as usual
        assert caplog.records[-1].getMessage() == retracing


# -- the ipykernel internals the panel relies on (helpers/_kernel.py) ------------------------------


def test_browser_events_are_told_from_the_kernel_message_being_handled(monkeypatch):
    import types

    message = {"header": {"msg_type": "comm_msg"}}
    kernel = types.SimpleNamespace(get_parent=lambda: message)
    monkeypatch.setattr("IPython.get_ipython", lambda: types.SimpleNamespace(kernel=kernel))
    assert _kernel.handling_browser_event()
    message["header"]["msg_type"] = "execute_request"  # a cell calling panel.click()
    assert not _kernel.handling_browser_event()
    monkeypatch.setattr("IPython.get_ipython", lambda: None)  # no kernel at all
    assert not _kernel.handling_browser_event()


def test_the_installed_ipykernel_still_has_what_the_adapter_uses():
    from ipykernel.ipkernel import IPythonKernel
    from ipykernel.zmqshell import ZMQDisplayPublisher, ZMQInteractiveShell

    assert "channel" in inspect.signature(IPythonKernel.get_parent).parameters
    assert {"data", "metadata", "transient", "update"} <= set(
        inspect.signature(ZMQDisplayPublisher.publish).parameters
    )
    assert ZMQInteractiveShell.display_pub_class.default_value is ZMQDisplayPublisher
