"""``make bench``: notebooks' time and memory, labs' click latency, imports and the same-work ratio.

    python -m benchmarks.run [--repeats N] [--only notebooks|labs|import|same-work] [--render]

Each section is kept in ``benchmarks/results.json``, so ``--only`` refreshes one section and
RESULTS.md still shows the others (each with its own date and machine load).
"""

import argparse
import importlib
import inspect
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

import psutil

from benchmarks import report
from benchmarks.lab_probe import MARKER

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"
RESULTS_JSON, RESULTS_MD, NOTES_MD = HERE / "results.json", HERE / "RESULTS.md", HERE / "notes.md"
# Runs per section: the default full run takes about 10–15 min on a quiet 2-core machine.
REPEATS = {"notebooks": 3, "labs": 5, "import": 7, "same-work": 3}
_STARTED = time.perf_counter()


def log(message):
    print(f"[{time.perf_counter() - _STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


def machine():
    cpu = platform.processor() or platform.machine()
    if Path("/proc/cpuinfo").exists():
        names = re.findall(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = names[0].strip() if names else cpu
    return {
        "cpu": cpu,
        "logical_cores": psutil.cpu_count(logical=True),
        "physical_cores": psutil.cpu_count(logical=False),
        "memory": psutil.virtual_memory().total,
        "os": f"{platform.system()} {platform.release()}",
    }


def _version(*distributions):
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def versions():
    found = {"Python": platform.python_version()}
    found["TensorFlow"] = _version("tensorflow-cpu", "tensorflow")
    return found | {k: _version(k.lower()) for k in ("Keras", "NumPy", "nbclient", "ipykernel")}


def peak_rss(pid, stop, out, interval=0.05):
    """Sample the resident memory of ``pid`` and its children until ``stop`` is set; the peak in
    bytes goes to ``out["peak_rss"]``. Run in a thread."""
    process, peak = psutil.Process(pid), 0
    while True:
        total = 0
        try:
            for member in [process, *process.children(recursive=True)]:
                total += member.memory_info().rss
        except psutil.Error:
            pass  # a member ended between listing and reading: count what was read
        peak = max(peak, total)
        if stop.wait(interval):
            out["peak_rss"] = peak
            return


def run_notebook(path, timeout=600):
    """One notebook top to bottom in a fresh kernel: ``{"seconds", "kernel_start", "peak_rss",
    "slowest": [(seconds, cell, first line)], "error"}``; kernel start-up is timed apart."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})  # fmt: skip
    result, stop, start = {"error": None}, threading.Event(), time.perf_counter()
    with client.setup_kernel():
        result["kernel_start"] = time.perf_counter() - start
        sampler = threading.Thread(target=peak_rss, args=(client.km.provisioner.pid, stop, result))
        sampler.start()
        start = time.perf_counter()
        try:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        except CellExecutionError as err:
            last = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip().splitlines()[-1]
            result["error"] = f"cell {index}: {last[:300]}"
        finally:
            result["seconds"] = time.perf_counter() - start
            stop.set()
            sampler.join()
    cells = []
    for index, cell in enumerate(nb.cells):
        timing = cell.get("metadata", {}).get("execution", {})
        begin, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if cell.cell_type == "code" and begin and end:
            seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(begin)).total_seconds()
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            cells.append((seconds, index, first[:80]))
    result["slowest"] = sorted(cells, reverse=True)[:5]
    return result


def bench_notebooks(repeats, deadline):
    paths = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    rows = {p.name: {"seconds": [], "peak_rss": [], "kernel_start": []} for p in paths}
    section, round_seconds = {"totals": []}, 0.0
    for run in range(repeats):  # notebooks interleaved, so slow drifts spread over all of them
        if run and time.perf_counter() + round_seconds > deadline:
            log(f"stopping after {run} run(s) to stay within the time budget")
            section |= {"repeats": run, "budget_stop": True}
            break
        round_start = time.perf_counter()
        for path in paths:
            log(f"notebook {path.name} (run {run + 1}/{repeats})")
            result, row = run_notebook(path), rows[path.name]
            for key in ("seconds", "peak_rss", "kernel_start"):
                row[key].append(result[key])
            row["error"] = row.get("error") or result["error"]
            if result["seconds"] >= max(row["seconds"]):
                row["slowest"] = result["slowest"]  # cells of the slowest run
        round_seconds = time.perf_counter() - round_start
        section["totals"].append(sum(row["seconds"][-1] for row in rows.values()))
    return section | {"notebooks": rows}


def lab_factories():
    """``[(module, function)]``: the ``*_lab`` functions of ``helpers/*_lab.py``, helpers/labs."""
    found = []
    for path in sorted([*ROOT.glob("helpers/*_lab.py"), *ROOT.glob("helpers/labs/*.py")]):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for attr, obj in vars(importlib.import_module(name)).items():
            if attr.endswith("_lab") and inspect.isfunction(obj) and obj.__module__ == name:
                found.append((name, attr))
    return found


def measure_lab(module_name, factory, repeats, timeout=600):
    """Run ``benchmarks.lab_probe.measure`` in a fresh kernel; returns its dict of timings."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT))
    texts = []

    def keep(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            texts.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            texts.append(MARKER + json.dumps({"error": msg["content"]["evalue"][:300]}))

    try:
        code = f"from benchmarks.lab_probe import measure\n_ = measure({module_name!r}, "
        kc.execute_interactive(f"{code}{factory!r}, {repeats})", timeout=timeout, output_hook=keep)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    lines = [line for line in "".join(texts).splitlines() if line.startswith(MARKER)]
    return json.loads(lines[-1][len(MARKER) :]) if lines else {"error": "the probe said nothing"}


def bench_labs(repeats, deadline=None):
    labs = {}
    for module_name, factory in lab_factories():
        key = f"{module_name.removeprefix('helpers.')}.{factory}"
        log(f"lab {key}")
        labs[key] = measure_lab(module_name, factory, repeats)
        labs[key]["target"] = 3.0 if "dropout" in key else 2.0  # two networks side by side
    return {"labs": labs}


def time_in_fresh_interpreter(statement, setup="pass"):
    code = f"{setup}; import time; s = time.perf_counter(); {statement}; "
    code += "print(time.perf_counter() - s)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    return float(out.stdout.split()[-1])


def bench_imports(repeats, deadline=None):
    log("imports")
    return {
        "helpers": [time_in_fresh_interpreter("import helpers") for _ in range(repeats)],
        "tensorflow": [
            time_in_fresh_interpreter("import tensorflow", setup="import helpers")
            for _ in range(max(1, repeats // 2))
        ],
    }


def bench_same_work(repeats, deadline=None):
    from benchmarks import same_work

    log("same work: helpers' path vs plain fit")
    command = [sys.executable, "-m", "benchmarks.same_work", "--repeats", str(repeats)]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    lines = [line for line in out.stdout.splitlines() if line.startswith(MARKER)]
    if out.returncode or not lines:
        raise RuntimeError(f"benchmarks.same_work failed:\n{out.stderr[-3000:]}")
    return json.loads(lines[-1][len(MARKER) :]) | {"config": same_work.CONFIG}


# Notebooks last: their repeats stop at the time budget.
SECTIONS = {
    "import": bench_imports,
    "same-work": bench_same_work,
    "labs": bench_labs,
    "notebooks": bench_notebooks,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, help="runs per figure (default: per section)")
    parser.add_argument("--only", choices=SECTIONS, help="measure one section only")
    parser.add_argument("--budget-minutes", type=float, default=15,
                        help="notebook runs stop repeating past this (default 15)")  # fmt: skip
    parser.add_argument("--render", action="store_true", help="only rewrite RESULTS.md")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    results = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    notes = NOTES_MD.read_text(encoding="utf-8") if NOTES_MD.exists() else ""
    deadline = time.perf_counter() + 60 * args.budget_minutes
    for name in [] if args.render else [args.only] if args.only else SECTIONS:
        repeats = args.repeats or REPEATS[name]
        section = {
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "repeats": repeats,
            "load_before": [round(x, 2) for x in os.getloadavg()],
        }
        section |= SECTIONS[name](repeats, deadline)
        section["load_after"] = [round(x, 2) for x in os.getloadavg()]
        results.setdefault("sections", {})[name.replace("-", "_")] = section
        results |= {"machine": machine(), "versions": versions()}
        if not args.only and name == "notebooks":
            results["duration"] = time.perf_counter() - _STARTED
        RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    RESULTS_MD.write_text(report.render(results, notes), encoding="utf-8")
    log(f"done in {(time.perf_counter() - _STARTED) / 60:.1f} min; see {RESULTS_MD}")


if __name__ == "__main__":
    main()
