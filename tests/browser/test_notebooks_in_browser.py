"""Every notebook in JupyterLab in headless Chromium: runs clean, widgets render, labs respond.

One test per notebook found in notebooks/ (new lessons are picked up as they land). A screenshot
of each notebook, after its labs were used, goes to build/screenshots/<notebook>.png.
``COURSE_BROWSER_NOTEBOOKS`` (a glob relative to the repository) runs other notebooks instead.

Every lab is a ``TrainingPanel`` (helpers/widgets.py), so what the panel alone decides (a double
click trains once; a kernel interrupt leaves the lab usable) is checked once, on the first lab of
``PANEL_CHECKS_NOTEBOOK``; the other labs are changed and trained. When that notebook is not among
those run (``COURSE_BROWSER_NOTEBOOKS``), the first lab of every notebook gets those checks.
"""

import hashlib
import os
import re
from pathlib import Path

import pytest
from lab_driver import Notebook

ROOT = Path(__file__).resolve().parents[2]

NOTEBOOKS = sorted(ROOT.glob(os.environ.get("COURSE_BROWSER_NOTEBOOKS", "notebooks/*.ipynb")))
SCREENSHOTS = ROOT / "build" / "screenshots"
PANEL_CHECKS_NOTEBOOK = "01_historia_entrenamiento"

pytestmark = pytest.mark.browser


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_its_labs_respond_in_jupyterlab(chromium, jupyter_lab, page, path):
    relative = path.relative_to(ROOT).as_posix()
    stored = digest(path)
    notebook = Notebook(page, jupyter_lab, relative)
    problems = []
    try:
        kernel = notebook.open()
        if kernel != "python3":
            problems.append(f"núcleo {kernel!r} en lugar de python3")
        notebook.run_all()
        for cell in notebook.wait_widgets_rendered():
            if cell["type"] == "code" and cell["count"] is None:
                problems.append(f"celda {cell['index']}: no se ejecutó")
            problems += [f"celda {cell['index']}: error {e}" for e in cell["errors"]]
            if cell["rendered"] < cell["widgets"]:
                problems.append(
                    f"celda {cell['index']}: {cell['widgets'] - cell['rendered']} de "
                    f"{cell['widgets']} widgets no se mostraron como widgets"
                )
        problems += notebook.rendered()
        panel_checks = path.stem == PANEL_CHECKS_NOTEBOOK or PANEL_CHECKS_NOTEBOOK not in {
            p.stem for p in NOTEBOOKS
        }
        labs = notebook.labs()
        if path.stem == PANEL_CHECKS_NOTEBOOK and not labs:
            problems.append("no hay laboratorio para comprobar el doble clic y la interrupción")
        for index, lab in enumerate(labs):
            name = f"laboratorio {index + 1}"
            problems += check_lab(notebook, lab, name, panel_checks=panel_checks and index == 0)
        problems += notebook.rendered()  # after the labs ran: their outputs too
        problems += [f"diálogo: {text}" for text in notebook.dialogs()]
        problems += [
            f"aviso de noticias (config/jupyterlab-overrides.json no se aplicó): {text}"
            for text in notebook.notifications()
            if re.search(r"news|noticias", text, re.I)
        ]
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            notebook.screenshot(SCREENSHOTS / f"{path.stem}.png")
        finally:
            notebook.shutdown()
    assert digest(path) == stored, f"{relative} changed on disk while JupyterLab had it open"
    assert not problems, f"{relative}:\n" + "\n".join(dict.fromkeys(problems))


def check_lab(notebook, lab, name, panel_checks):
    """Change a control, train, and check that plot and status changed; with ``panel_checks``
    also a double click and a kernel interrupt during training. Returns the problems found."""
    problems = []
    images_before, status_before = lab.images(), lab.status_text()
    changed = lab.change_a_control()
    if changed is None:
        problems.append(f"{name}: no encontré un control que cambiar")
    status = lab.train()
    images = lab.images()
    if not images:
        problems.append(f"{name}: tras «Entrenar» no hay gráfica ({status})")
    elif images == images_before:
        problems.append(f"{name}: la gráfica no cambió tras cambiar {changed} y entrenar")
    if status == status_before:
        problems.append(f"{name}: el estado no cambió: {status}")
    if "⚠" in status or "Traceback" in lab.output_text():
        problems.append(f"{name}: error al entrenar: {status}")
    if not panel_checks:
        return problems
    if lab.run_number() is None:
        problems.append(f"{name}: el estado no muestra el número de ejecución: {status}")
        return problems

    # Two quick clicks: one run; the click queued during it is ignored.
    runs = lab.run_number()
    lab.watch_status()
    lab.button.dblclick()
    lab.wait_finished()
    notebook.page.wait_for_timeout(1000)  # a queued second click would be handled by now
    notebook.wait_idle()
    if lab.run_number() != runs + 1:
        problems.append(
            f"{name}: doble clic → ejecución {lab.run_number()}, se esperaba {runs + 1}"
        )

    # A kernel interrupt during training leaves the lab usable.
    lab.watch_status()
    lab.button.click()
    notebook.page.wait_for_timeout(300)
    notebook.interrupt_kernel()
    lab.wait_finished()
    after_interrupt = lab.status_text()
    if not re.search(r"interrumpido|Listo", after_interrupt):
        problems.append(f"{name}: tras interrumpir el núcleo: {after_interrupt}")
    status = lab.train()
    if not status.startswith("Listo") or not lab.images():
        problems.append(f"{name}: tras una interrupción no vuelve a entrenar: {status}")
    return problems
