"""The course's kernel keeps TensorFlow's C++ start-up banners out of the notebooks by itself."""

import json
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def test_the_course_kernel_spec_sets_the_quiet_environment():
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert Path(spec.resource_dir).is_relative_to(sys.prefix), "make install writes it in .venv"
    assert spec.env == QUIET
    assert json.loads((Path(spec.resource_dir) / "kernel.json").read_text())["env"] == QUIET


def test_a_notebook_on_the_course_kernel_shows_no_tensorflow_banner(monkeypatch):
    for name in QUIET:  # whatever started Jupyter did not set them
        monkeypatch.delenv(name, raising=False)
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import tensorflow as tf\nprint(float(tf.constant(2.0) * 2))")
        ]
    )
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    assert [o.get("text") for o in outputs if o.get("name") == "stdout"] == ["4.0\n"]
    stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
    assert stderr == "", stderr
