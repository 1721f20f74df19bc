"""One notebook top to bottom in a fresh kernel (nbclient): time, kernel peak memory, slow cells."""

import re
import time
from datetime import datetime
from pathlib import Path

from benchmarks.memory import RssSampler

# Run after the last cell: the kernel's own high-water mark, a cross-check of the sampler.
_MAXRSS_CODE = "import resource as _r; print(_r.getrusage(_r.RUSAGE_SELF).ru_maxrss)"


def _cell_seconds(cell):
    """Seconds between the kernel starting and finishing a cell (nbclient's timing metadata)."""
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not start or not end:
        return None
    parse = datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def slowest_cells(nb, top=5):
    """``[(seconds, index, first code line)]`` of the slowest code cells, slowest first."""
    rows = []
    for index, cell in enumerate(nb.cells):
        seconds = _cell_seconds(cell) if cell.cell_type == "code" else None
        if seconds is not None:
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            rows.append((seconds, index, first[:80]))
    return sorted(rows, reverse=True)[:top]


def run_notebook(path, timeout=600):
    """Execute ``path`` in a fresh ``python3`` kernel started in the notebook's folder.

    Returns ``{"seconds": cells' wall time, "kernel_start": seconds, "peak_rss": bytes (sampled,
    kernel and children), "maxrss": bytes (kernel's own high-water mark), "slowest": [...],
    "error": None or text}``. Kernel start-up is timed apart; the import cell (TensorFlow) counts.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=True,
    )
    result = {"error": None}
    start = time.perf_counter()
    with client.setup_kernel():
        result["kernel_start"] = time.perf_counter() - start
        sampler = RssSampler(client.km.provisioner.pid).start()
        start = time.perf_counter()
        try:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        except CellExecutionError as err:
            last = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip().splitlines()[-1]
            result["error"] = f"cell {index}: {last[:300]}"
        finally:
            result["seconds"] = time.perf_counter() - start
            result["peak_rss"] = sampler.stop()
        printed = []

        def keep(msg):
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])

        client.kc.execute_interactive(_MAXRSS_CODE, timeout=60, output_hook=keep)
        text = "".join(printed).strip()
        result["maxrss"] = int(text) * 1024 if text.isdigit() else None  # Linux reports KiB
    result["slowest"] = slowest_cells(nb)
    return result
