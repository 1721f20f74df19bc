"""Small pieces that several test modules share: a sample history and the publish tool."""

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# A three-epoch history with every key plot_history draws.
HIST = {
    "accuracy": [0.5, 0.7, 0.8],
    "val_accuracy": [0.5, 0.6, 0.65],
    "loss": [0.9, 0.6, 0.4],
    "val_loss": [0.9, 0.7, 0.8],
}


class FakeHistory:
    """Stands for a Keras ``History``: only its ``history`` dict."""

    def __init__(self, history):
        self.history = history


def load_publish_tool():
    """tools/publish.py as a module (it is a script, not part of a package)."""
    spec = importlib.util.spec_from_file_location("publish", ROOT / "tools" / "publish.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vendored_or_skip(publish):
    """The npm tarballs that `make install` fetches; tests never download them."""
    missing = [
        name
        for name, (_, tarball) in publish.NPM_PACKAGES.items()
        if not (publish.VENDOR / tarball).exists()
    ]
    if missing:
        reason = f"faltan {missing} en build/vendor/: ejecuta `make install` (necesita npm)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: make install fetches them)", pytrace=False)
        pytest.skip(reason)
