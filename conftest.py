"""Loaded by pytest for every test path, notebooks included.

Besides the environment of the kernels, it lets the claims tests (tests/claims/) read what each
notebook's own nbval run ended with: after a notebook's last cell, the kernel saves a snapshot of
its variables (tests/notebook_runs.py), and the claims tests run after every notebook. (Their
re-runs with other seeds do not wait for that: they start in the background with the session,
see tests/claims/conftest.py; so do the notebooks' runs in JupyterLab, tests/browser/conftest.py.)
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# The kernels nbval starts inherit this environment: no TensorFlow banners in the notebooks
# (the course's kernel spec sets the same; nbval's current-env kernel inherits this process's).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

sys.path.insert(0, str(Path(__file__).parent / "tests"))

from notebook_runs import SNAPSHOT_DIR, snapshot_code  # noqa: E402


def pytest_configure(config):
    config.stash[SNAPSHOT_DIR] = Path(tempfile.mkdtemp(prefix="notebook-snapshots-"))


def pytest_unconfigure(config):
    shutil.rmtree(config.stash.get(SNAPSHOT_DIR, ""), ignore_errors=True)


def pytest_collection_modifyitems(session, config, items):
    """The tests that read what runs in the background go last, so that it is done by then: the
    notebooks run in JupyterLab (tests/browser/conftest.py), then the claims, which also need the
    snapshots of the notebooks' nbval runs."""

    def order(item):
        if item.get_closest_marker("claims") is not None:
            return 2
        return int("notebook_in_lab" in getattr(item, "fixturenames", ()))

    items.sort(key=order)


def _is_last_notebook_cell(item):
    parent = getattr(item, "parent", None)
    if type(item).__name__ != "IPyNbCell" or getattr(parent, "kernel", None) is None:
        return False
    n_code_cells = sum(cell.cell_type == "code" for cell in parent.nb.cells)
    return item.cell_num == n_code_cells - 1


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    if _is_last_notebook_cell(item):
        kernel = item.parent.kernel
        target = item.config.stash[SNAPSHOT_DIR] / f"{Path(str(item.parent.fspath)).stem}.pkl"
        msg_id = kernel.execute_cell_input(snapshot_code(target))
        while True:
            reply = kernel.get_message(stream="shell", timeout=300)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
    return result
