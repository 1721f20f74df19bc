"""Fixtures of the claims tests: the namespace of a notebook's own run, and re-runs with other
seeds."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from notebook_runs import SNAPSHOT_DIR, load_snapshot, run_notebook

# Re-runs with another seed stop before the lab: the labs and exercises claim nothing.
RERUN_STOP_TAG = "laboratorio"
# The re-runs go two at a time, each in its own process: the course's small networks keep about
# one core busy each, so two at once take about the time of one on this 2-core machine.
PARALLEL_RERUNS = 2


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
    (up to its lab). The first call starts every re-run that this session's tests ask for
    (``seed_run`` tests parametrized by ``seed`` in a module with ``NOTEBOOK``), two at a time."""
    directory = request.config.stash[SNAPSHOT_DIR]
    wanted = []
    for item in request.session.items:
        if "seed_run" in getattr(item, "fixturenames", ()) and hasattr(item, "callspec"):
            key = (item.module.NOTEBOOK, item.callspec.params["seed"])
            if key not in wanted:
                wanted.append(key)
    pool = ThreadPoolExecutor(max_workers=PARALLEL_RERUNS)
    futures = {}

    def start(name, seed):
        snapshot = directory / f"{name}.seed{seed}.pkl"
        command = [sys.executable, str(Path(__file__).parents[1] / "notebook_runs.py")]
        command += [name, str(snapshot), str(seed), RERUN_STOP_TAG]
        futures[name, seed] = pool.submit(
            lambda: (subprocess.run(command, check=True, capture_output=True), snapshot)[1]
        )

    def get(name, seed):
        if not futures:
            for key in wanted:
                start(*key)
        if (name, seed) not in futures:
            start(name, seed)
        try:
            return load_snapshot(futures[name, seed].result())
        except subprocess.CalledProcessError as error:
            raise AssertionError(
                f"{name} with SEMILLA = {seed} failed:\n{error.stderr.decode()[-3000:]}"
            ) from None

    yield get
    pool.shutdown(cancel_futures=True)
