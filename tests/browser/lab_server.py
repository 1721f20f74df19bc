"""A JupyterLab server and Debian's Chromium for the browser tests, usable from the fixtures
(tests/browser/conftest.py) and from the background run of the notebooks (notebooks_in_lab.py).

The server runs on 127.0.0.1 with a token over the repository, with the course's settings and
nothing from the user's own Jupyter set-up; Chromium is driven through the PyPI ``playwright``
package (no browser download).
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from notebook_runs import kill_all

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a
# closed network refuses, many connections at a time.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
# What the tests need from JupyterLab beyond the course's own settings: every cell rendered (so
# every widget is checked and the screenshot shows the whole notebook) and no autosave (running
# the notebooks must not write their outputs into the repository).
TEST_USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


class ServerError(RuntimeError):
    """JupyterLab did not start; the message ends with its log."""


@dataclass
class Lab:
    url: str
    token: str
    log: Path

    def log_tail(self, lines=40):
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _jupyter():
    venv = ROOT / ".venv" / "bin" / "jupyter"
    return venv if venv.exists() else Path(sys.prefix) / "bin" / "jupyter"


def _app_settings(folder):
    """JupyterLab's application settings with the repository's overrides in force (what
    ``make install`` copies into .venv), whether or not that copy is current."""
    folder.mkdir()
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    if installed.is_dir():
        shutil.copytree(installed, folder, dirs_exist_ok=True)
    shutil.copy(ROOT / "config" / "jupyterlab-overrides.json", folder / "overrides.json")
    return folder


def _user_settings(folder):
    for name, settings in TEST_USER_SETTINGS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings), encoding="utf-8")
    return folder


@contextmanager
def running_jupyter_lab(home):
    """A JupyterLab server over the repository, its files under the empty folder ``home``;
    yields a ``Lab`` and stops the server, kernels included, afterwards."""
    home = Path(home)
    port, token = _free_port(), secrets.token_hex(24)
    env = {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        # Nothing from the user's own Jupyter set-up: config, runtime files, workspaces.
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    command = [
        str(_jupyter()),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        "--expose-app-in-browser",
        f"--LabApp.app_settings_dir={_app_settings(home / 'app-settings')}",
        f"--LabApp.user_settings_dir={_user_settings(home / 'user-settings')}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = home / "jupyterlab.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    lab = Lab(url=f"http://127.0.0.1:{port}", token=token, log=log)
    try:
        _wait_until_up(process, lab)
        yield lab
    finally:
        _stop(process, lab)


def _wait_until_up(process, lab, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"jupyter lab exited ({process.returncode}):\n{lab.log_tail()}")
        try:
            request = urllib.request.Request(
                f"{lab.url}/api/status", headers={"Authorization": f"token {lab.token}"}
            )
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise ServerError(f"jupyter lab did not answer within {timeout} s:\n{lab.log_tail()}")


def _stop(process, lab):
    """Ask the server to shut down (it stops its kernels); kill whatever is left."""
    import psutil

    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if process.poll() is None:
        try:
            request = urllib.request.Request(
                f"{lab.url}/api/shutdown",
                method="POST",
                headers={"Authorization": f"token {lab.token}"},
            )
            urllib.request.urlopen(request, timeout=5).close()
            process.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    kill_all(children)  # kernels live in process groups of their own


def launch_chromium(playwright):
    """Headless Debian Chromium, from a started ``sync_playwright()``."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
