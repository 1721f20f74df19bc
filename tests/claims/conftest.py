"""Fixtures of the claims tests: the namespace of a notebook's own run, and re-runs."""

import pytest
from notebook_runs import SNAPSHOT_DIR, load_snapshot, run_notebook


@pytest.fixture(scope="session")
def notebook_run(request):
    """``notebook_run(name)`` → the variables of ``notebooks/<name>.ipynb`` after its run.

    The run is the notebook's nbval run when ``make test`` made one (see the root conftest);
    otherwise the notebook is executed here, once per session.
    """
    directory = request.config.stash[SNAPSHOT_DIR]
    cache = {}

    def get(name, *, parameters=None, stop_before_tag=None):
        key = (name, tuple(sorted((parameters or {}).items())), stop_before_tag)
        if key not in cache:
            snapshot = directory / f"{name}.pkl"
            if parameters or stop_before_tag or not snapshot.exists():
                variant = "-".join(f"{k}{v}" for k, v in (parameters or {}).items())
                snapshot = directory / f"{name}.{variant or 'full'}.{stop_before_tag}.pkl"
                cache[key] = run_notebook(
                    name, snapshot, parameters=parameters, stop_before_tag=stop_before_tag
                )
            else:
                cache[key] = load_snapshot(snapshot)
        return cache[key]

    return get
