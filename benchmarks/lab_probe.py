"""Runs inside a kernel: builds one lab panel, clicks "Entrenar" and changes a control, timing both.

``benchmarks.labs`` starts a fresh kernel per lab and calls ``measure`` there, so the imports are
warm (as for a student who already ran the notebook) but each lab is isolated from the others.
"""

import cProfile
import importlib
import io
import json
import pstats
import re
import time

MARKER = "BENCH_JSON "


def _alternate_value(control):
    """Another valid value for ``control`` (a nudge for numbers, the next option for choices)."""
    value = control.value
    if isinstance(value, bool):
        return not value
    if hasattr(control, "min") and hasattr(control, "max") and isinstance(value, int | float):
        step = getattr(control, "step", None) or (control.max - control.min) / 10
        return value + step if value + step <= control.max else value - step
    options = getattr(control, "options", None)
    if options and len(options) > 1:
        labels = [o[1] if isinstance(o, tuple) else o for o in options]
        return labels[(labels.index(value) + 1) % len(labels)] if value in labels else labels[0]
    return None


def pick_preview_control(panel):
    """``(name, alternate value)`` of the first control that can change cheaply, or ``None``."""
    for prefer_numbers in (True, False):
        for name, control in panel.controls.items():
            if prefer_numbers != (hasattr(control, "min") and not isinstance(control.value, bool)):
                continue
            other = _alternate_value(control)
            if other is not None and other != control.value:
                return name, other
    return None


def profile_top(function, top=20):
    """Run ``function`` under cProfile; the ``top`` entries by cumulative time, as text."""
    profiler = cProfile.Profile()
    profiler.enable()
    function()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(lines[start:])


def _panel_error(panel):
    """The panel's complaint after a click, or ``None`` when it trained normally."""
    outcome = getattr(panel, "outcome", None)
    status = re.sub(r"<[^>]+>", "", panel.status.value)
    if outcome is not None:
        return None if outcome == "ok" else f"{outcome}: {status}"[:300]
    return status if "⚠" in status or "interrumpido" in status else None


def measure(module_name, factory_name, repeats=5, profile=True):
    """Timings of one lab, in seconds, as a JSON-ready dict (also printed after ``MARKER``)."""
    from helpers.widgets import TrainingPanel

    start = time.perf_counter()
    module = importlib.import_module(module_name)
    panel = getattr(module, factory_name)()
    result = {"build": time.perf_counter() - start, "error": None}
    if not isinstance(panel, TrainingPanel):
        result["error"] = f"{factory_name}() returned {type(panel).__name__}, not a TrainingPanel"
        print(MARKER + json.dumps(result))
        return result
    start = time.perf_counter()
    panel.click()  # warm-up: traces the Keras functions, fills caches
    result["first_click"] = time.perf_counter() - start
    result["error"] = _panel_error(panel)
    clicks = []
    for _ in range(repeats):
        start = time.perf_counter()
        panel.click()
        clicks.append(time.perf_counter() - start)
        result["error"] = result["error"] or _panel_error(panel)
    result["clicks"] = clicks
    if profile:
        result["click_profile"] = profile_top(panel.click)
    if panel._preview is not None:
        choice = pick_preview_control(panel)
        if choice is not None:
            name, other = choice
            control = panel.controls[name]
            values = [other, control.value]
            previews = []
            for i in range(repeats * 2):
                start = time.perf_counter()
                control.value = values[i % 2]  # the panel's observer redraws the preview
                previews.append(time.perf_counter() - start)
            result["preview_control"] = name
            result["previews"] = previews
            if profile:
                result["preview_profile"] = profile_top(lambda: setattr(control, "value", other))
    print(MARKER + json.dumps(result))
    return result
