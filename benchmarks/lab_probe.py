"""Runs inside a kernel (started by ``benchmarks.run``): build one lab panel, time "Entrenar" and a
preview redraw. Imports are warm, as for a student who ran the notebook; each lab is isolated."""

import importlib
import json
import re
import time

MARKER = "BENCH_JSON "


def _timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _other_value(control):
    """Another valid value for a numeric control (one step away), or ``None``."""
    low, high, value = getattr(control, "min", None), getattr(control, "max", None), control.value
    if low is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    step = getattr(control, "step", None) or (high - low) / 10
    return value + step if value + step <= high else value - step


def _panel_error(panel):
    """The panel's complaint after a click, or ``None`` when it trained normally."""
    outcome = getattr(panel, "outcome", None)
    status = re.sub(r"<[^>]+>", "", panel.status.value)
    if outcome is not None:
        return None if outcome == "ok" else f"{outcome}: {status}"[:300]
    return status if "⚠" in status or "interrumpido" in status else None


def measure(module_name, factory_name, repeats=5):
    """Timings of one lab in seconds, as a dict, also printed after ``MARKER``."""
    panel = getattr(importlib.import_module(module_name), factory_name)()
    result = {"first_click": _timed(panel.click)}  # traces the Keras functions, fills caches
    error = _panel_error(panel)
    result["clicks"] = [_timed(panel.click) for _ in range(repeats)]
    result["error"] = error or _panel_error(panel)
    if getattr(panel, "_preview", None) is not None:
        for name, control in panel.controls.items():
            other = _other_value(control)
            if other is not None:
                values = [other, control.value]  # the panel's observer redraws the preview
                result["previews"] = [
                    _timed(lambda v=values[i % 2], c=control: setattr(c, "value", v))
                    for i in range(2 * repeats)
                ]
                result["preview_control"] = name
                break
    print(MARKER + json.dumps(result))
    return result
