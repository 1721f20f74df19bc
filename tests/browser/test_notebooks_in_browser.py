"""Every notebook in JupyterLab in headless Chromium: runs clean, widgets render, labs respond.

One test per notebook found in notebooks/ (new lessons are picked up as they land). The notebooks
run in the background from the start of the session (notebooks_in_lab.py, started by this
folder's conftest); each test reads what its notebook's run found. A screenshot of each notebook,
after its labs were used, goes to build/screenshots/<notebook>.png.
``COURSE_BROWSER_NOTEBOOKS`` (a glob relative to the repository) runs other notebooks instead.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(ROOT.glob(os.environ.get("COURSE_BROWSER_NOTEBOOKS", "notebooks/*.ipynb")))

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_its_labs_respond_in_jupyterlab(notebook_in_lab, path):
    result = notebook_in_lab(path)
    relative = path.relative_to(ROOT).as_posix()
    assert not result["problems"], f"{relative}:\n" + "\n".join(dict.fromkeys(result["problems"]))
