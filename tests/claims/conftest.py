"""Fixtures of the claims tests: the namespace of a notebook's own run, and re-runs with other
seeds.

The re-runs with other seeds are the slowest part of the claims layer (a dozen notebook runs), so
they start in the background as soon as the test session starts, when its tests ask for any, and
overlap the unit, nbval and browser tests that run before the claims tests (the root conftest
sorts those last). They go one at a time and at a low CPU priority while the rest of the session
runs (its own process keeps the other core busy, and its timings stay as they were), two at a
time once a claims test waits for one. Whatever is still running when the session ends, however
it ends (Ctrl-C too), is killed with its kernel.

The browser tests run every notebook once more anyway, in JupyterLab, with ``SEMILLA =
BROWSER_SEED``, and save its variables (tests/browser/notebooks_in_lab.py): that run is this
seed's re-run of the notebook, so only the other seeds run here. (If the browser run is not made,
or fails before its snapshot, the re-run is made here after all.)
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from notebook_runs import (
    BACKGROUND_ENV,
    BROWSER_SEED,
    NOTEBOOKS_IN_LAB,
    SNAPSHOT_DIR,
    kill_tree,
    load_snapshot,
    run_notebook,
)

# Re-runs with another seed stop before the lab: the labs and exercises claim nothing.
RERUN_STOP_TAG = "laboratorio"
# Once the claims tests wait for them, the re-runs go two at a time: the course's small networks
# keep about one core busy each, so two at once take about the time of one on a 2-core machine.
PARALLEL_RERUNS = 2
# While other tests run, re-runs only use the CPU those leave (nice 10: about a tenth of a busy
# core, an idle core in full); those started once the claims tests wait run at normal priority.
BACKGROUND_NICENESS = 10
RERUNS = pytest.StashKey["SeedReruns"]()
NOTEBOOK_RUNS = Path(__file__).resolve().parents[1] / "notebook_runs.py"


def wanted_reruns(items):
    """``[(notebook, seed), ...]`` that ``items`` ask for, in their order: the ``seed_run`` tests
    parametrized by ``seed`` in a module with ``NOTEBOOK``."""
    wanted = []
    for item in items:
        if "seed_run" in getattr(item, "fixturenames", ()) and hasattr(item, "callspec"):
            key = (item.module.NOTEBOOK, item.callspec.params["seed"])
            if key not in wanted:
                wanted.append(key)
    return wanted


class SeedReruns:
    """Notebook re-runs with other seeds, each in a process of its own (``notebook_runs.py``),
    run by worker threads in the order asked; ``get`` waits for one and loads its snapshot."""

    def __init__(self, directory, wanted, config):
        self.directory = directory
        self.config = config
        # The re-runs the browser tests make (their seed) wait at the end of the line: when a
        # worker reaches one, the browser run has started (a later hook) and it is skipped.
        self.pending = sorted(wanted, key=lambda key: key[1] == BROWSER_SEED)
        self.not_in_lab = set()  # keys whose run in JupyterLab failed before its snapshot
        self.from_lab = 0  # re-runs read from the browser tests' runs
        self.running = {}  # key → Popen
        self.done = {}  # key → (snapshot or None, error text or None, seconds)
        self.workers = 0
        self.niceness = BACKGROUND_NICENESS  # 0 once the claims tests wait for re-runs
        self.waited = 0.0  # seconds the claims tests spent waiting for re-runs
        self.closed = False
        self.lock = threading.Condition()

    def start(self, workers=1):
        """Make sure ``workers`` re-runs can go at once (more workers are never taken back)."""
        with self.lock:
            while self.workers < workers and not self.closed:
                self.workers += 1
                threading.Thread(target=self._work, daemon=True, name="seed-rerun").start()

    def _in_lab(self, name, seed):
        """The browser tests' run in JupyterLab when it is this re-run, else None."""
        run = self.config.stash.get(NOTEBOOKS_IN_LAB, None)
        if seed != BROWSER_SEED or run is None or (name, seed) in self.not_in_lab:
            return None
        return run if run.covers(name) else None

    def _command(self, name, seed):
        snapshot = self.directory / f"{name}.seed{seed}.pkl"
        command = [sys.executable, str(NOTEBOOK_RUNS), name, str(snapshot), str(seed)]
        return command + [RERUN_STOP_TAG], snapshot

    def _work(self):
        while True:
            with self.lock:
                if self.closed or not self.pending:
                    self.workers -= 1
                    return
                key = self.pending.pop(0)
                if self._in_lab(*key) is not None:
                    continue
                command, snapshot = self._command(*key)
                began = time.monotonic()
                # A session of its own: a Ctrl-C reaches pytest only, which then kills the tree.
                process = subprocess.Popen(
                    command,
                    env={**os.environ, **BACKGROUND_ENV},
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                )
                # Before its kernel starts (seconds later), which inherits it.
                os.setpriority(os.PRIO_PROCESS, process.pid, self.niceness)
                self.running[key] = process
            _, stderr = process.communicate()
            with self.lock:
                del self.running[key]
                if self.closed:  # killed by close()
                    return
                if process.returncode == 0:
                    result = (snapshot, None)
                else:
                    text = stderr.decode(errors="replace")[-3000:]
                    result = (None, f"exit status {process.returncode}:\n{text}")
                self.done[key] = (*result, time.monotonic() - began)
                self.lock.notify_all()

    def get(self, name, seed):
        key = (name, seed)
        began = time.monotonic()
        run = self._in_lab(name, seed)
        if run is not None:
            try:
                snapshot = run.snapshot(name)  # waits for the browser run of that notebook
            except AssertionError:  # that run ended without it (its test says why)
                snapshot = None
            with self.lock:
                self.waited += time.monotonic() - began
                if snapshot is not None:
                    self.from_lab += 1
                    return load_snapshot(snapshot)
                self.not_in_lab.add(key)  # failed in JupyterLab: it is re-run here after all
        with self.lock:
            if key not in self.done and key not in self.running:
                if key in self.pending:
                    self.pending.remove(key)
                self.pending.insert(0, key)  # asked for now: next in line
            self.niceness = 0
        self.start(PARALLEL_RERUNS)
        with self.lock:
            while key not in self.done:
                if self.closed:
                    raise RuntimeError("the re-runs were stopped: the session is ending")
                self.lock.wait(timeout=1)
            self.waited += time.monotonic() - began
            snapshot, error, _ = self.done[key]
        if error is not None:
            raise AssertionError(f"{name} with SEMILLA = {seed} failed, {error}")
        return load_snapshot(snapshot)

    def close(self):
        """Stop: nothing more starts, and running re-runs are killed with their kernels."""
        with self.lock:
            self.closed = True
            self.pending.clear()
            processes = list(self.running.values())
        for process in processes:
            kill_tree(process.pid)

    def summary(self):
        seconds = sum(s for *_, s in self.done.values())
        failed = sum(error is not None for _, error, _ in self.done.values())
        return (
            f"re-runs with other seeds: {len(self.done)} done ({failed} failed), "
            f"{seconds:.0f} s of run time, {self.from_lab} read from the runs in JupyterLab; "
            f"the claims tests waited {self.waited:.0f} s for them"
        )


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    """Start the re-runs this session's tests will ask for, before its first test."""
    if session.config.option.collectonly or session.testsfailed:
        return None
    wanted = wanted_reruns(session.items)
    if wanted:
        reruns = SeedReruns(session.config.stash[SNAPSHOT_DIR], wanted, session.config)
        session.config.stash[RERUNS] = reruns
        reruns.start(1)
    return None


def pytest_sessionfinish(session):
    reruns = session.config.stash.get(RERUNS, None)
    if reruns is not None:
        reruns.close()


def pytest_terminal_summary(terminalreporter, config):
    reruns = config.stash.get(RERUNS, None)
    if reruns is not None and (reruns.done or reruns.from_lab):
        terminalreporter.write_line(reruns.summary())


@pytest.fixture(scope="session")
def notebook_run(request):
    """``notebook_run(name)`` → the variables of ``notebooks/<name>.ipynb`` after its run.

    The run is the notebook's nbval run when ``make test`` made one (see the root conftest);
    otherwise the notebook is executed here, once per session.
    """
    directory = request.config.stash[SNAPSHOT_DIR]
    cache = {}

    def get(name):
        if name not in cache:
            snapshot = directory / f"{name}.pkl"
            if snapshot.exists():
                cache[name] = load_snapshot(snapshot)
            else:
                cache[name] = run_notebook(name, directory / f"{name}.alone.pkl")
        return cache[name]

    return get


@pytest.fixture(scope="session")
def seed_run(request):
    """``seed_run(name, seed)`` → the variables of the notebook re-run with ``SEMILLA = seed``
    (up to its lab), from the background re-runs or the browser tests' run in JupyterLab (see
    the module's docstring)."""
    config = request.config
    if RERUNS not in config.stash:  # e.g. a seed_run test that is not parametrized by seed
        config.stash[RERUNS] = SeedReruns(config.stash[SNAPSHOT_DIR], [], config)
    return config.stash[RERUNS].get
