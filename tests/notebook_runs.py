"""The claims tests' view of a notebook's own run: the namespace its kernel ended with.

Under ``make test`` nbval executes every notebook once; when the last cell has run, the root
conftest asks that kernel for a snapshot of its variables (``SNAPSHOT_SOURCE``), so the claims
tests read the very objects the notebook printed. A claims test run on its own executes the
notebook itself with nbclient and takes the same snapshot. ``run_notebook`` also re-runs a
notebook with other values in its ``parameters`` cell (another seed), stopping before a tag.
"""

import inspect
import pickle
from pathlib import Path

import pytest

# Where the root conftest keeps the snapshots of this session's nbval runs.
SNAPSHOT_DIR = pytest.StashKey[Path]()
# The environment of the notebook runs that go in the background of a test session (re-runs with
# other seeds, the notebooks in JupyterLab): one TensorFlow thread each, so that they share the
# cores with the session instead of fighting over them. The course's small networks gain nothing
# from a second thread, and their numbers are the same (checked on lessons 3 and 5).
BACKGROUND_ENV = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}
# The browser tests run every notebook in JupyterLab with this seed (tests/browser/conftest.py)
# and save its variables: the claims tests read that as the notebook's re-run with this seed.
BROWSER_SEED = 1
NOTEBOOKS_IN_LAB = pytest.StashKey["NotebooksInLab"]()
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def snapshot_namespace(path):
    """Runs inside the notebook's kernel: pickle its user variables to ``path``.

    Keras histories become ``SimpleNamespace(history, epoch, params)``; Keras models and layers
    become ``SimpleNamespace(name, weights={variable path: array})``; whatever still cannot be
    pickled (figures, widgets, modules, functions) is left out.
    """
    import io
    import pickle
    import sys
    import types

    import numpy as np

    keras = sys.modules.get("keras")

    class _Pickler(pickle.Pickler):
        def reducer_override(self, obj):
            if keras is not None:
                if isinstance(obj, keras.callbacks.History):
                    state = {
                        "history": {k: list(map(float, v)) for k, v in obj.history.items()},
                        "epoch": list(obj.epoch),
                        "params": dict(obj.params or {}),
                    }
                    return types.SimpleNamespace, (), state
                if isinstance(obj, keras.layers.Layer):
                    weights = {v.path: np.asarray(v) for v in obj.weights}
                    return types.SimpleNamespace, (), {"name": obj.name, "weights": weights}
                if isinstance(obj, keras.optimizers.Optimizer | keras.callbacks.Callback):
                    return types.SimpleNamespace, (), {"kind": type(obj).__name__}
            return NotImplemented

    user = sys.modules["__main__"].__dict__
    hidden = {"In", "Out", "exit", "quit", "get_ipython"}
    kept = {}
    for name, value in list(user.items()):
        if name.startswith("_") or name in hidden:
            continue
        if isinstance(value, types.ModuleType | types.FunctionType | type):
            continue
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        except Exception:
            continue
        kept[name] = buffer.getvalue()
    with open(path, "wb") as file:
        pickle.dump(kept, file)


SNAPSHOT_SOURCE = inspect.getsource(snapshot_namespace)


def snapshot_code(path):
    """Python source that takes the snapshot into ``path`` and leaves no name behind."""
    return f"{SNAPSHOT_SOURCE}\nsnapshot_namespace({str(path)!r})\ndel snapshot_namespace\n"


def load_snapshot(path):
    """``{name: value}`` from a snapshot file (values that fail to unpickle are left out)."""
    with open(path, "rb") as file:
        raw = pickle.load(file)
    namespace = {}
    for name, blob in raw.items():
        try:
            namespace[name] = pickle.loads(blob)
        except Exception:
            continue
    return namespace


def run_notebook(
    name, snapshot_path, *, parameters=None, stop_before_tag=None, timeout=600, directory=NOTEBOOKS
):
    """Execute ``<directory>/<name>.ipynb`` in a fresh kernel and snapshot its namespace.

    ``parameters``: ``{variable: value}`` assigned right after the cell tagged ``parameters``.
    ``stop_before_tag``: execute only the cells before the first one with that tag.
    Returns the namespace (see ``load_snapshot``).
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(directory) / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    if stop_before_tag is not None:
        tagged = [i for i, c in enumerate(cells) if stop_before_tag in c.metadata.get("tags", [])]
        if not tagged:
            raise ValueError(f"{name}: no cell is tagged {stop_before_tag!r}")
        cells = cells[: tagged[0]]
    if parameters:
        where = [i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])]
        if not where:
            raise ValueError(f"{name}: no cell is tagged 'parameters'")
        assignments = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
        cells = (
            cells[: where[0] + 1] + [nbformat.v4.new_code_cell(assignments)] + cells[where[0] + 1 :]
        )
    cells = cells + [nbformat.v4.new_code_cell(snapshot_code(snapshot_path))]
    nb.cells = cells
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(directory)}}
    )
    client.execute()
    return load_snapshot(snapshot_path)


def kill_all(processes):
    """Kill ``processes`` (``psutil.Process`` objects) and wait for them; gone ones are skipped."""
    import psutil

    for process in processes:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(processes, timeout=10)


def kill_tree(pid):
    """Kill process ``pid`` and every process below it. Kernels run in sessions of their own, so
    killing a process group would miss them."""
    import psutil

    try:
        root = psutil.Process(pid)
        kill_all([root, *root.children(recursive=True)])
    except psutil.NoSuchProcess:
        pass


def exit_with_parent(interval=1.0):
    """End this process, and its kernel, once the process that started it is gone (a test
    session killed outright leaves no re-run behind)."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(interval)
        import psutil

        kill_all(psutil.Process().children(recursive=True))
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


def main(argv=None):
    """``python notebook_runs.py NAME SNAPSHOT SEED TAG``: one re-run in its own process."""
    import sys

    name, snapshot, seed, tag = argv or sys.argv[1:]
    exit_with_parent()
    run_notebook(name, snapshot, parameters={"SEMILLA": int(seed)}, stop_before_tag=tag)


if __name__ == "__main__":
    main()
