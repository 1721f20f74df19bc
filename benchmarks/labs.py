"""Each lab's "Entrenar" and preview, timed inside a fresh kernel (see ``benchmarks.lab_probe``)."""

import json

from benchmarks.discovery import ROOT
from benchmarks.lab_probe import MARKER


def list_factories(module_names):
    """``[(module, factory)]`` for every panel factory found in ``module_names``.

    Importing a lab module imports ipywidgets but not TensorFlow, so this is cheap.
    """
    import importlib

    from benchmarks.discovery import find_lab_factories

    found = []
    for module_name in module_names:
        module = importlib.import_module(module_name)
        found += [(module_name, name) for name in find_lab_factories(module)]
    return found


def measure_lab(module_name, factory_name, repeats=5, timeout=600):
    """Start a kernel in the repository root, run the probe there; returns its dict of timings."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT))
    texts = []
    try:
        code = (
            "from benchmarks.lab_probe import measure\n"
            f"_ = measure({module_name!r}, {factory_name!r}, repeats={repeats})"
        )

        def keep(msg):
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                texts.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                texts.append(MARKER + json.dumps({"error": msg["content"]["evalue"][:300]}))

        kc.execute_interactive(code, timeout=timeout, output_hook=keep)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    lines = [line for line in "".join(texts).splitlines() if line.startswith(MARKER)]
    if not lines:
        return {"error": "the probe printed no result"}
    return json.loads(lines[-1][len(MARKER) :])
