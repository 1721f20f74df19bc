"""The claims' re-runs with other seeds (tests/claims/conftest.py): the seed the browser tests run
in JupyterLab is read from that run, not run again, unless that run ended without its snapshot."""

import pickle
import sys
import time

import pytest
from claims.conftest import SeedReruns
from notebook_runs import BROWSER_SEED, NOTEBOOKS_IN_LAB


class FakeConfig:
    def __init__(self, run):
        self.stash = pytest.Stash()
        self.stash[NOTEBOOKS_IN_LAB] = run


class FakeRunInLab:
    """Stands for tests/browser/conftest.NotebooksInLab: runs ``covered``, gives ``snapshot``."""

    def __init__(self, covered, snapshot):
        self.covered, self._snapshot = covered, snapshot

    def covers(self, name):
        return name == self.covered

    def snapshot(self, name):
        return self._snapshot


def write_snapshot(path, **variables):
    """A snapshot file as notebook_runs.snapshot_namespace writes one."""
    path.write_bytes(pickle.dumps({k: pickle.dumps(v) for k, v in variables.items()}))
    return path


def test_the_browser_seed_is_read_from_the_run_in_jupyterlab(tmp_path, monkeypatch):
    snapshot = write_snapshot(tmp_path / "lab.pkl", SEMILLA=BROWSER_SEED)
    config = FakeConfig(FakeRunInLab("leccion", snapshot))
    reruns = SeedReruns(tmp_path, [("leccion", BROWSER_SEED)], config)
    started = []
    monkeypatch.setattr(reruns, "_command", lambda *key: started.append(key) or ([], None))
    reruns.start(1)
    try:
        assert reruns.get("leccion", BROWSER_SEED) == {"SEMILLA": BROWSER_SEED}
        deadline = time.monotonic() + 10
        while reruns.workers and time.monotonic() < deadline:  # the worker empties the line
            time.sleep(0.05)
        assert reruns.workers == 0 and started == [] and not reruns.done
        assert reruns.from_lab == 1
    finally:
        reruns.close()


def test_without_a_snapshot_from_jupyterlab_the_seed_is_re_run_here(tmp_path, monkeypatch):
    config = FakeConfig(FakeRunInLab("leccion", None))
    reruns = SeedReruns(tmp_path, [("leccion", BROWSER_SEED), ("otra", 2)], config)

    def command(name, seed):  # a "re-run" that only writes its snapshot
        snapshot = tmp_path / f"{name}.seed{seed}.pkl"
        code = (
            "import pickle, sys; "
            f"open(sys.argv[1], 'wb').write(pickle.dumps({{'SEMILLA': pickle.dumps({seed})}}))"
        )
        return [sys.executable, "-c", code, str(snapshot)], snapshot

    monkeypatch.setattr(reruns, "_command", command)
    reruns.start(1)
    try:
        assert reruns.get("otra", 2) == {"SEMILLA": 2}  # not covered: re-run as always
        assert reruns.get("leccion", BROWSER_SEED) == {"SEMILLA": BROWSER_SEED}
        assert reruns.from_lab == 0 and ("leccion", BROWSER_SEED) in reruns.done
    finally:
        reruns.close()
