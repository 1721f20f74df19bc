"""``make bench``: measure notebooks, labs, preview, imports and the same work into RESULTS.md.

    python -m benchmarks.run [--repeats N] [--quick]
                             [--only notebooks|labs|preview|import|same-work]

Results of each section are kept in ``benchmarks/results.json``, so ``--only`` refreshes one
section and RESULTS.md still shows the others (each with its own date and machine load).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from benchmarks import discovery, report, system

HERE = Path(__file__).resolve().parent
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "RESULTS.md"
NOTES_MD = HERE / "notes.md"
SECTIONS = ("import", "same-work", "labs", "preview", "notebooks")


_STARTED = time.perf_counter()


def log(message):
    print(f"[{time.perf_counter() - _STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


def _stamp(repeats, quick):
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "repeats": repeats,
        "quick": quick,
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }


def bench_notebooks(repeats, quick, deadline=None):
    from benchmarks.notebooks import run_notebook
    from helpers.course import LESSONS

    section = _stamp(repeats, quick)
    paths = discovery.find_notebooks()
    rows = {
        p.name: {"seconds": [], "peak_rss": [], "maxrss": [], "kernel_start": []} for p in paths
    }
    totals, round_seconds = [], 0.0
    for run in range(repeats):  # notebooks interleaved, so slow drifts spread over all of them
        round_start = time.perf_counter()
        if run and deadline and round_start + round_seconds > deadline:
            log(f"stopping after {run} run(s) to stay within the time budget")
            section["repeats"] = run
            section["budget_stop"] = True
            break
        total = 0.0
        for path in paths:
            log(f"notebook {path.name} (run {run + 1}/{repeats})")
            result = run_notebook(path)
            row = rows[path.name]
            for key in ("seconds", "peak_rss", "maxrss", "kernel_start"):
                row[key].append(result[key])
            row["error"] = row.get("error") or result["error"]
            if result["seconds"] >= max(row["seconds"]):
                row["slowest"] = result["slowest"]  # cells of the slowest run
            total += result["seconds"]
        totals.append(total)
        round_seconds = time.perf_counter() - round_start
    section["notebooks"] = rows
    section["totals"] = totals
    section["missing"] = [lesson.file for lesson in LESSONS if lesson.file not in rows]
    return section


def bench_labs(repeats, quick):
    from benchmarks.labs import list_factories, measure_lab

    section = _stamp(repeats, quick)
    labs = {}
    for module_name, factory in list_factories(discovery.find_lab_modules()):
        key = f"{module_name.removeprefix('helpers.')}.{factory}"
        log(f"lab {key}")
        result = measure_lab(module_name, factory, repeats=repeats)
        result["target"] = discovery.lab_target_seconds(module_name, factory)
        labs[key] = result
    section["labs"] = labs
    return section


def bench_imports(repeats, quick):
    from benchmarks.imports import measure_imports

    section = _stamp(repeats, quick)
    log("imports")
    section.update(measure_imports(repeats=repeats, tf_repeats=max(1, repeats // 2)))
    return section


def bench_same_work(repeats, quick):
    from benchmarks import same_work

    section = _stamp(repeats, quick)
    args = ["--repeats", str(repeats), "--profile"]
    if quick:
        args += ["--epochs", "10", "--folds", "3", "--cv-epochs", "10"]
    log("same work: helpers' path vs plain fit " + " ".join(args))
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.same_work", *args],
        cwd=discovery.ROOT,
        capture_output=True,
        text=True,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("BENCH_JSON ")]
    if out.returncode or not lines:
        raise RuntimeError(f"benchmarks.same_work failed:\n{out.stderr[-3000:]}")
    section.update(json.loads(lines[-1].removeprefix("BENCH_JSON ")))
    section["config"] = {
        "dataset": same_work.DATASET,
        "hidden": same_work.HIDDEN,
        "optimizer": same_work.OPTIMIZER,
        "batch_size": same_work.BATCH_SIZE,
    }
    return section


# Runs per section: the default full run takes about 10–15 min on a quiet 2-core machine.
DEFAULT_REPEATS = {"notebooks": 3, "labs": 5, "import": 7, "same_work": 3}
QUICK_REPEATS = {"notebooks": 1, "labs": 2, "import": 3, "same_work": 2}


def _notes():
    return NOTES_MD.read_text(encoding="utf-8") if NOTES_MD.exists() else ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, help="runs per figure (default: per section)")
    parser.add_argument("--only", choices=SECTIONS, help="measure one section only")
    parser.add_argument("--quick", action="store_true", help="smoke run: fewer, shorter runs")
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=15,
        help="notebook runs stop repeating when the next one would end past this (default 15)",
    )
    parser.add_argument(
        "--render", action="store_true", help="only rewrite RESULTS.md from results.json"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

    if args.render:
        results = json.loads(RESULTS_JSON.read_text())
        RESULTS_MD.write_text(report.render(results, _notes()), encoding="utf-8")
        return
    wanted = [args.only] if args.only else list(SECTIONS)
    if "preview" in wanted and "labs" in wanted:
        wanted.remove("preview")  # the lab probe measures the preview too
    stored = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    sections = stored.get("sections", {})
    started = time.perf_counter()
    runners = {
        "notebooks": ("notebooks", bench_notebooks),
        "labs": ("labs", bench_labs),
        "preview": ("labs", bench_labs),
        "import": ("import", bench_imports),
        "same-work": ("same_work", bench_same_work),
    }
    for name in sorted(wanted, key=lambda n: n == "notebooks"):  # notebooks last: budgeted
        key, runner = runners[name]
        repeats = args.repeats or (QUICK_REPEATS if args.quick else DEFAULT_REPEATS)[key]
        if key == "notebooks":
            deadline = started + 60 * args.budget_minutes
            section = runner(repeats, args.quick, deadline=deadline)
        else:
            section = runner(repeats, args.quick)
        section["load_after"] = [round(x, 2) for x in os.getloadavg()]
        sections[key] = section
        results = {
            "machine": system.machine(),
            "versions": system.versions(),
            "sections": sections,
            "duration": stored.get("duration"),
        }
        if not args.only and name == "notebooks" and not args.quick:
            results["duration"] = time.perf_counter() - started
        RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        RESULTS_MD.write_text(report.render(results, _notes()), encoding="utf-8")
    log(f"done in {(time.perf_counter() - started) / 60:.1f} min; see {RESULTS_MD}")


if __name__ == "__main__":
    main()
