"""The benchmark harness's pure pieces: statistics, discovery, the RSS sampler and the report.

No timing is asserted here: the benchmark itself (``make bench``) is the record.
"""

import subprocess
import sys
import textwrap
import types

import pytest

from benchmarks import discovery, report
from benchmarks.lab_probe import _alternate_value, pick_preview_control
from benchmarks.memory import RssSampler
from benchmarks.stats import (
    Summary,
    agree_within_noise,
    format_mean_sd,
    format_mib,
    format_summary,
    mean_sd,
    meets,
    summarize,
    verdict,
)


def test_summarize_median_min_max():
    assert summarize([3, 1, 2]) == Summary(2.0, 1.0, 3.0, 3)
    assert summarize([4, 1, 2, 3]).median == 2.5
    with pytest.raises(ValueError):
        summarize([])


def test_format_summary_and_sizes():
    assert format_summary(summarize([1.234, 1.1, 1.4])) == "1.23 s (1.10–1.40, n=3)"
    assert format_summary(summarize([0.5]), "s", 1) == "0.5 s (n=1)"
    assert format_summary(summarize([512.4, 600]), "MB", 0) == "556 MB (512–600, n=2)"
    assert format_summary(None) == "—"
    assert format_mib(3 * 2**20) == "3 MiB"


def test_mean_sd_by_hand():
    mean, sd = mean_sd([1, 2, 3, 4])
    assert mean == 2.5 and sd == pytest.approx((5 / 3) ** 0.5)
    assert mean_sd([7]) == (7.0, 0.0)
    assert format_mean_sd([0.9, 1.0, 1.1]) == "1.000 ± 0.100"


def test_targets_and_verdicts():
    assert meets(29.9, 30) and not meets(30.1, 30)
    assert meets(3.2, 3, at_least=True) and not meets(2.9, 3, at_least=True)
    assert meets(None, 3) is None
    assert verdict(True) == "met" and "NOT" in verdict(False)


def test_agreement_within_noise():
    # means 1.0 and 1.1; standard error of the difference sqrt(0.01/3 + 0.01/3) ≈ 0.0816
    agrees, difference, tolerance = agree_within_noise([0.9, 1.0, 1.1], [1.0, 1.1, 1.2])
    assert agrees and difference == pytest.approx(-0.1)
    assert tolerance == pytest.approx(2 * (2 * 0.01 / 3) ** 0.5)
    assert not agree_within_noise([0.9, 0.91, 0.92], [0.5, 0.51, 0.52])[0]
    # identical deterministic runs: only the resolution floor is left
    assert agree_within_noise([0.96, 0.96], [0.95, 0.95], floor=0.02)[0]
    assert not agree_within_noise([0.96, 0.96], [0.95, 0.95])[0]


def test_find_notebooks_in_course_order(tmp_path):
    for name in ["02_b.ipynb", "00_indice.ipynb", "01_a.ipynb", "borrador.ipynb", "01_a.py"]:
        (tmp_path / name).write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "01_a-checkpoint.ipynb").write_text("{}")
    found = [p.name for p in discovery.find_notebooks(tmp_path)]
    assert found == ["00_indice.ipynb", "01_a.ipynb", "02_b.ipynb"]


def test_find_lab_modules(tmp_path):
    for name in ["history_lab.py", "dropout_lab.py", "plots.py", "lab_utils.py"]:
        (tmp_path / name).write_text("")
    assert discovery.find_lab_modules(tmp_path) == ["helpers.dropout_lab", "helpers.history_lab"]


def _fake_lab_module():
    module = types.ModuleType("helpers.fake_lab")
    source = textwrap.dedent(
        """
        from helpers.widgets import TrainingPanel

        def make_history_lab(epochs=20):
            return "panel"

        def schedule_panel():
            return "panel"

        def build(values) -> "TrainingPanel":  # needs an argument: not a factory
            return "panel"

        def anything() -> "TrainingPanel":
            return "panel"

        def lab_defaults() -> dict:  # annotated to return something else
            return {}

        def train_step():  # neither annotated nor named like a lab
            return None

        def _private_lab():
            return "panel"
        """
    )
    exec(compile(source, "fake_lab.py", "exec"), module.__dict__)
    return module


def test_find_lab_factories_by_signature_name_and_annotation():
    module = _fake_lab_module()
    assert discovery.find_lab_factories(module) == [
        "anything",
        "make_history_lab",
        "schedule_panel",
    ]


def test_lab_targets():
    assert discovery.lab_target_seconds("helpers.dropout_lab", "make_panel") == 3.0
    assert discovery.lab_target_seconds("helpers.labs", "dropout_side_by_side") == 3.0
    assert discovery.lab_target_seconds("helpers.history_lab", "make_panel") == 2.0


def test_preview_control_choice():
    import ipywidgets as w

    from helpers.widgets import TrainingPanel

    controls = {
        "schedule": w.Dropdown(options=["tiempo", "escalones"], value="tiempo"),
        "momentum": w.Checkbox(value=True),
        "lr0": w.FloatSlider(value=0.1, min=0.01, max=0.1, step=0.01),
    }
    panel = TrainingPanel(controls, train=lambda values: None)
    name, other = pick_preview_control(panel)
    assert name == "lr0" and other == pytest.approx(0.09)  # numbers first; at max, step down
    assert _alternate_value(controls["schedule"]) == "escalones"
    assert _alternate_value(controls["momentum"]) is False
    assert _alternate_value(w.Dropdown(options=[("a", 1), ("b", 2)], value=2)) == 1


def test_rss_sampler_sees_a_child_allocating_memory():
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'x = bytearray(150 * 2**20); import time; time.sleep(1.5)'])\n"
        "time.sleep(1.5); child.wait()\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code])
    try:
        with RssSampler(parent.pid, interval=0.02) as sampler:
            parent.wait(timeout=30)
    finally:
        parent.kill()
    assert sampler.samples >= 2
    assert sampler.peak >= 150 * 2**20  # the child's 150 MiB counts towards the parent's tree


def test_rss_sampler_survives_the_process_ending():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    sampler = RssSampler(process.pid, interval=0.01).start()
    process.wait(timeout=30)
    assert sampler.stop() >= 0  # no exception once the process is gone


def _fake_results(notebook_seconds, ratio):
    stamp = {"date": "2025-01-01T00:00:00", "repeats": 3, "quick": False}
    stamp |= {"load_before": [0.1, 0.1, 0.1], "load_after": [0.2, 0.1, 0.1]}
    runs = [{"seconds": 1.0, "val_accuracy": 0.96, "val_loss": 0.1} for _ in range(3)]
    plain = [{**r, "seconds": ratio} for r in runs]
    return {
        "machine": {
            "cpu": "CPU",
            "logical_cores": 2,
            "physical_cores": 2,
            "memory": 2**34,
            "os": "Linux",
            "load": [0, 0, 0],
        },
        "versions": {"Python": "3.11", "TensorFlow": "2.21.0"},
        "sections": {
            "notebooks": stamp
            | {
                "notebooks": {
                    "01_a.ipynb": {
                        "seconds": notebook_seconds,
                        "peak_rss": [6e8, 6.1e8, 6.2e8],
                        "maxrss": [6e8] * 3,
                        "kernel_start": [1.0] * 3,
                        "slowest": [[25.0, 7, "cross_validate(configs, X, y)"]],
                    }
                },
                "totals": [6 * s for s in notebook_seconds],  # as if six such notebooks
                "missing": ["06_x.ipynb"],
            },
            "same_work": stamp
            | {
                "config": {"dataset": "d", "hidden": [16], "optimizer": "adam", "batch_size": 32},
                "one_network": {
                    "epochs": 50,
                    "n_train": 455,
                    "n_val": 114,
                    "helpers": runs,
                    "plain": plain,
                },
                "profile": "ncalls tottime  fit",
            },
        },
    }


def test_report_meets_targets_without_profiles():
    text = report.render(_fake_results([10.0, 11.0, 12.0], ratio=4.0))
    assert "11.00 s (10.00–12.00, n=3)" in text and "66.00 s (60.00–72.00, n=3)" in text
    assert "NOT met" not in text and "slowest cells" not in text
    assert "4.0× (4.0–4.0, n=3)" in text and "| agree |" in text
    assert "06_x.ipynb" in text and "Labs and preview" in text  # missing pieces are named


def test_suggested_minutes_round_up_to_the_half_minute():
    assert report.suggested_minutes([12.0, 20.0], [1.0, 1.0]) == 0.5
    assert report.suggested_minutes([29.5, 10.0], [0.6, 0.5]) == 1.0  # 30.1 s
    assert report.suggested_minutes([61.0], [1.0]) == 1.5


def test_report_says_when_a_target_is_missed_and_shows_the_profile():
    text = report.render(_fake_results([40.0, 41.0, 42.0], ratio=2.0))
    assert text.count("**NOT met**") == 3  # the notebook, the whole collection, the ratio
    assert "cross_validate(configs, X, y)" in text  # where the notebook's time goes
    assert "ncalls tottime  fit" in text  # the training path's profile
