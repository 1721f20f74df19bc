"""Fixtures of the browser tests: JupyterLab and Chromium for the tests that drive them here, and
the background run of every notebook in JupyterLab (notebooks_in_lab.py) for the notebook tests.

That run is the slowest part of the browser layer (every notebook runs again, as a student runs
it), so it starts in a process of its own as soon as the test session starts, and overlaps the
unit and nbval tests; the notebook tests, sorted after those (root conftest), read what it wrote.
Whatever is still running when the session ends, however it ends, is killed with its kernels.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from lab_server import CHROMIUM, VIEWPORT, ServerError, launch_chromium, running_jupyter_lab
from notebook_runs import BACKGROUND_ENV, BROWSER_SEED, NOTEBOOKS_IN_LAB, kill_tree
from notebooks_in_lab import SESSION_ERROR

# Only the test modules here are tests: nbval (make test passes --nbval-lax) collects nothing.
collect_ignore_glob = ["*.ipynb"]
SCRIPT = Path(__file__).with_name("notebooks_in_lab.py")
# The notebook whose first lab also gets the double-click and kernel-interrupt checks.
PANEL_CHECKS_NOTEBOOK = "01_historia_entrenamiento"
INSTALL_HINT = (
    "Falta Chromium (/usr/bin/chromium): instálalo con `sudo apt-get install chromium` para "
    "ejecutar las pruebas del navegador. / Chromium is missing: install it with "
    "`sudo apt-get install chromium` to run the browser tests."
)


def _unavailable(reason):
    """Skip where the browser is missing, but fail in CI, which always installs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run here)", pytrace=False)
    pytest.skip(reason)


def _missing_browser():
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return INSTALL_HINT
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Falta el paquete playwright: ejecuta `make install`. / playwright missing."
    return None


class NotebooksInLab:
    """notebooks_in_lab.py on ``notebooks`` (paths relative to the repository) with
    ``SEMILLA = BROWSER_SEED``, in a process of its own writing into ``directory``; ``get`` waits
    for one notebook's result, ``snapshot`` for the variables its run ended with."""

    def __init__(self, directory, notebooks):
        self.directory, self.notebooks = Path(directory), list(notebooks)
        self.stderr = self.directory / "stderr.txt"
        self.began = time.monotonic()
        with self.stderr.open("wb") as sink:
            # A session of its own: a Ctrl-C reaches pytest only, which then kills the tree.
            self.process = subprocess.Popen(
                [sys.executable, str(SCRIPT), str(directory), *self.notebooks]
                + [f"--seed={BROWSER_SEED}", f"--panel-checks={PANEL_CHECKS_NOTEBOOK}"],
                env={**os.environ, **BACKGROUND_ENV},  # JupyterLab passes it to the kernels
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=sink,
                start_new_session=True,
            )

    def _read(self, name):
        path = self.directory / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def get(self, notebook, timeout=900):
        """The result of ``notebook``: ``{"problems": [...], "seconds": …}``."""
        name = f"{Path(notebook).stem}.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = self._read(name)
            if result is not None:
                return result
            failed = self._read(SESSION_ERROR)
            if failed is not None:
                raise AssertionError(f"JupyterLab or Chromium did not start:\n{failed['error']}")
            if self.process.poll() is not None:
                result = self._read(name)
                if result is not None:
                    return result
                tail = self.stderr.read_text(errors="replace")[-3000:]
                raise AssertionError(
                    f"notebooks_in_lab.py ended (exit status {self.process.returncode}) without "
                    f"a result for {notebook}:\n{tail}"
                )
            time.sleep(0.5)
        raise AssertionError(f"no result for {notebook} after {timeout} s")

    def covers(self, name):
        """True when the notebook called ``name`` (no folder, no extension) is among those run."""
        return any(Path(n).stem == name for n in self.notebooks)

    def snapshot(self, name):
        """The path of the variables ``name`` ended with, or None if its run failed before."""
        notebook = next(n for n in self.notebooks if Path(n).stem == name)
        snapshot = self.get(notebook)["snapshot"]
        return Path(snapshot) if snapshot else None

    def close(self):
        """Kill the run, its server, kernels and browser, if still going; remove its folder."""
        kill_tree(self.process.pid)
        shutil.rmtree(self.directory, ignore_errors=True)


def wanted_notebooks(items):
    """The notebooks the ``notebook_in_lab`` tests among ``items`` ask for, in their order."""
    wanted = []
    for item in items:
        if "notebook_in_lab" in getattr(item, "fixturenames", ()) and hasattr(item, "callspec"):
            path = item.callspec.params["path"]
            if path not in wanted:
                wanted.append(path)
    return wanted


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    """Start the background run of the notebooks this session's tests check, before any test."""
    config = session.config
    if config.option.collectonly or session.testsfailed or _missing_browser():
        return None
    wanted = wanted_notebooks(session.items)
    if wanted:
        directory = Path(tempfile.mkdtemp(prefix="notebooks-in-lab-"))
        root = Path(__file__).resolve().parents[2]
        relative = [Path(p).resolve().relative_to(root).as_posix() for p in wanted]
        config.stash[NOTEBOOKS_IN_LAB] = NotebooksInLab(directory, relative)
    return None


def pytest_sessionfinish(session):
    run = session.config.stash.get(NOTEBOOKS_IN_LAB, None)
    if run is not None:
        run.close()


@pytest.fixture(scope="session")
def notebook_in_lab(request):
    """``notebook_in_lab(path)`` → what the background run found in that notebook."""
    missing = _missing_browser()
    if missing:
        _unavailable(missing)
    config = request.config
    if NOTEBOOKS_IN_LAB not in config.stash:
        pytest.fail("the background run of the notebooks did not start", pytrace=False)
    root = Path(__file__).resolve().parents[2]
    return lambda path: config.stash[NOTEBOOKS_IN_LAB].get(
        Path(path).resolve().relative_to(root).as_posix()
    )


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory):
    """A JupyterLab server over the repository; stopped, kernels included, after the session."""
    try:
        with running_jupyter_lab(tmp_path_factory.mktemp("jupyterlab")) as lab:
            yield lab
    except ServerError as err:
        pytest.fail(str(err), pytrace=False)


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium driven by Playwright."""
    missing = _missing_browser()
    if missing:
        _unavailable(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
