"""Import times in fresh interpreters: ``import helpers``, then the first TensorFlow import."""

import subprocess
import sys

from benchmarks.discovery import ROOT

_TIMED = (
    "import time as _t; _s = _t.perf_counter(); {statement}; "
    "print('SECONDS', _t.perf_counter() - _s)"
)


def time_import(statement, repeats=5, setup=""):
    """Seconds ``statement`` takes in each of ``repeats`` fresh interpreters (after ``setup``)."""
    seconds = []
    for _ in range(repeats):
        code = (setup + "; " if setup else "") + _TIMED.format(statement=statement)
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        seconds.append(float(out.split("SECONDS")[-1]))
    return seconds


def import_profile(module, top=12):
    """The ``top`` slowest imports under ``python -X importtime`` (cumulative), as text."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    rows = []
    for line in err.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    rows.sort(reverse=True)
    return "\n".join(f"{us / 1e6:8.3f} s  {name.strip()}" for us, name in rows[:top])


def measure_imports(repeats=5, tf_repeats=3):
    """``{"helpers": [s…], "tensorflow": [s…], "helpers_profile": text}``.

    TensorFlow is timed after ``import helpers`` (which sets TensorFlow's log level), as in a
    notebook's import cell; ``import keras`` then costs nothing more.
    """
    return {
        "helpers": time_import("import helpers", repeats),
        "tensorflow": time_import("import tensorflow", tf_repeats, setup="import helpers"),
        "helpers_profile": import_profile("helpers"),
    }
