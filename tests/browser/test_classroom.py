"""The classroom set-up in JupyterLab: Spanish menus, the memory meter, and RISE's live slideshow
(an instructor runs a cell while presenting)."""

import hashlib
import re
from pathlib import Path

import pytest
from lab_driver import SPANISH_MENUS, Notebook
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
INDEX = "notebooks/00_indice.ipynb"
SCREENSHOTS = ROOT / "build" / "screenshots"
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")

pytestmark = pytest.mark.browser


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_jupyterlab_is_in_spanish_and_shows_the_memory_meter(chromium, jupyter_lab, page):
    notebook = Notebook(page, jupyter_lab, INDEX)
    try:
        notebook.open()
        assert notebook.language().startswith("es"), notebook.language()
        menus = notebook.menu_bar()
        assert set(SPANISH_MENUS) <= set(menus), f"menús: {menus}"
        assert "File" not in menus and "Edit" not in menus and "Help" not in menus
        # (Running every cell through the Spanish menu, as a student does, is what
        # test_notebooks_in_browser.py does to each notebook, this one included.)
        # jupyter-resource-usage: the kernel's memory in the status bar ("Mem: 312.5 MB", or
        # "Mem: 312.5 / 2048.00 MB" where the server knows its limit, as on Binder).
        page.wait_for_function(
            "() => /Mem: [0-9.]+/.test(document.querySelector('#jp-main-statusbar').innerText)",
            timeout=30000,
        )
        assert re.search(r"Mem: [0-9.]+( / [0-9.]+)? [KMG]?B", notebook.status_bar())
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "jupyterlab_en_espanol.png"))
        notebook.shutdown()


def test_rise_slideshow_runs_a_cell_while_presenting(chromium, jupyter_lab, page):
    """RISE's toolbar button shows the notebook as slides beside it; a click on a code cell and
    Ctrl+Enter run it there. Nothing is loaded from the network, and the file is not saved."""
    path = ROOT / INDEX
    stored = digest(path)
    notebook = Notebook(page, jupyter_lab, INDEX)
    notebook.open()
    remote = []
    page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(LOCAL) else None)
    try:
        # RISE starts at the selected cell: the course map's code cell, a fragment of the second
        # slide (slide metadata written by tools/store_notebooks.py).
        index = next(c["index"] for c in notebook.cells() if c["type"] == "code")
        notebook.select_cell(index)
        page.locator("[data-jp-item-name='RISE-button']").first.click()
        page.wait_for_function(
            "() => [...document.querySelectorAll('iframe')].some(f => f.src.includes('/rise/'))",
            timeout=60000,
        )
        slides = page.frame_locator("iframe[src*='/rise/']")
        slides.locator(".reveal .slides section").first.wait_for(timeout=120000)
        code = slides.locator(".jp-CodeCell").filter(has_text="course_map_markdown").first
        page.wait_for_timeout(1500)  # reveal.js moves to the selected cell's slide
        if not code.is_visible():  # the fragment not shown yet
            slides.locator(".reveal").first.focus()
            page.keyboard.press("ArrowRight")
            code.wait_for(state="visible", timeout=10000)
        assert code.is_visible(), "la celda del mapa del curso no apareció en la presentación"
        code.locator(".jp-InputArea-prompt").click()
        page.keyboard.press("Control+Enter")  # run in place: the slide stays
        expect(code.locator(".jp-InputPrompt")).to_have_text("[1]:", timeout=60000)
        output = code.locator(".jp-OutputArea-output").first.inner_text()
        assert "Historia del entrenamiento" in output, output
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "rise_presentacion.png"))
        notebook.shutdown()
    assert not remote, f"la presentación cargó de Internet: {remote}"
    assert digest(path) == stored, f"{INDEX} changed on disk during the slideshow"
