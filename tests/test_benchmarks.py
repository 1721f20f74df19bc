"""The benchmark harness's arithmetic and report: what RESULTS.md says against each target.

No timing is asserted here: the benchmark itself (``make bench``) is the record.
"""

import subprocess
import sys
import threading

import pytest

from benchmarks import report, run


def test_summary_and_agreement_by_hand():
    assert report.summary([1.234, 1.1, 1.4]) == "1.23 s (1.10–1.40, n=3)"
    assert report.summary([0.5], "s", 1) == "0.5 s (n=1)"
    assert report.summary([4, 1, 2, 3], "×", 1) == "2.5× (1.0–4.0, n=4)"
    # means 1.0 and 1.1; standard error of the difference sqrt(0.01/3 + 0.01/3) ≈ 0.0816
    agrees, difference, tolerance = report.agree_within_noise([0.9, 1.0, 1.1], [1.0, 1.1, 1.2])
    assert agrees and difference == pytest.approx(-0.1)
    assert tolerance == pytest.approx(2 * (2 * 0.01 / 3) ** 0.5)
    assert not report.agree_within_noise([0.9, 0.91, 0.92], [0.5, 0.51, 0.52])[0]
    # identical deterministic runs: only the resolution floor is left
    assert report.agree_within_noise([0.96, 0.96], [0.95, 0.95], floor=0.02)[0]
    assert not report.agree_within_noise([0.96, 0.96], [0.95, 0.95])[0]


def test_suggested_minutes_round_up_to_the_half_minute():
    assert report.suggested_minutes([12.0, 20.0], [1.0, 1.0]) == 0.5
    assert report.suggested_minutes([29.5, 10.0], [0.6, 0.5]) == 1.0  # 30.1 s
    assert report.suggested_minutes([61.0], [1.0]) == 1.5


def test_the_labs_are_found():
    found = [f"{module}.{name}" for module, name in run.lab_factories()]
    assert len(found) >= 3 and all(not name.startswith("_") for name in found)
    assert [name for name in found if "dropout" in name]  # its target is 3 s, the others' 2 s


def test_peak_memory_counts_a_child_process():
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'x = bytearray(150 * 2**20); import time; time.sleep(1.5)'])\n"
        "time.sleep(1.5); child.wait()\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code])
    out, stop = {}, threading.Event()
    sampler = threading.Thread(target=run.peak_rss, args=(parent.pid, stop, out, 0.02))
    sampler.start()
    try:
        parent.wait(timeout=30)
    finally:
        stop.set()
        sampler.join()
        parent.kill()
    assert out["peak_rss"] >= 150 * 2**20  # the child's 150 MiB counts towards the parent's


def _fake_results(notebook_seconds, ratio):
    stamp = {"date": "2025-01-01T00:00:00", "repeats": 3}
    stamp |= {"load_before": [0.1, 0.1, 0.1], "load_after": [0.2, 0.1, 0.1]}
    runs = [{"seconds": 1.0, "val_accuracy": 0.96, "val_loss": 0.1} for _ in range(3)]
    notebook = {
        "seconds": notebook_seconds,
        "peak_rss": [6e8, 6.1e8, 6.2e8],
        "kernel_start": [1.0] * 3,
        "slowest": [[25.0, 7, "cross_validate(configs, X, y)"]],
    }
    lab = {"clicks": [1.0, 1.2, 1.1], "first_click": 3.0, "target": 2.0}
    lab |= {"previews": [0.05, 0.07], "preview_control": "lr0"}
    return {
        "machine": {"cpu": "CPU", "logical_cores": 2, "physical_cores": 2, "memory": 2**34,
                    "os": "Linux"},
        "versions": {"Python": "3.11", "TensorFlow": "2.21.0"},
        "sections": {
            "notebooks": stamp | {"notebooks": {"01_a.ipynb": notebook},
                                  "totals": [6 * s for s in notebook_seconds]},
            "labs": stamp | {"labs": {"schedule_lab.schedule_lab": lab}},
            "same_work": stamp | {
                "config": {"dataset": "d", "hidden": [16], "optimizer": "adam", "batch_size": 32},
                "one_network": {"epochs": 50, "n_train": 455, "n_val": 114, "helpers": runs,
                                "plain": [{**r, "seconds": ratio} for r in runs]},
            },
        },
    }  # fmt: skip


def test_report_meets_targets():
    text = report.render(_fake_results([10.0, 11.0, 12.0], ratio=4.0))
    assert "11.00 s (10.00–12.00, n=3)" in text and "66.00 s (60.00–72.00, n=3)" in text
    assert "| 610 MB (600–620, n=3) | met |" in text
    assert "| 1.10 s (1.00–1.20, n=3) | ≤ 2 s | met | 3.00 s |" in text
    assert "| `lr0` | 0.060 s (0.050–0.070, n=2) | ≤ 0.3 s | met |" in text
    assert "4.0× (4.0–4.0, n=3)" in text and "| agree |" in text
    assert "NOT met" not in text and "slowest cells" not in text
    assert "## Imports\n\nNot measured yet" in text  # a section never measured says so


def test_report_says_when_a_target_is_missed_and_where_the_time_goes():
    text = report.render(_fake_results([40.0, 41.0, 42.0], ratio=2.0))
    assert text.count("**NOT met**") == 3  # the notebook, the whole collection, the ratio
    assert "cross_validate(configs, X, y)" in text  # the notebook's slowest cell


def test_stored_results_render_without_measuring(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "RESULTS_MD", tmp_path / "RESULTS.md")
    run.main(["--render"])
    assert (tmp_path / "RESULTS.md").read_text(encoding="utf-8").startswith("# Benchmarks")


def test_the_command_line_lists_the_sections():
    out = subprocess.run([sys.executable, "-m", "benchmarks.run", "--help"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert all(name in out for name in ("notebooks", "labs", "import", "same-work"))
