"""Every notebook in JupyterLab in headless Chromium, run as a student runs it, in a process of
its own: ``python notebooks_in_lab.py OUT_DIR NOTEBOOK… [--seed N] [--panel-checks NAME]``.

For each notebook (a path relative to the repository) it opens JupyterLab's page, runs every cell
through the Spanish menu, waits for the widgets, uses every lab (changes a control and trains), and
writes ``OUT_DIR/<notebook>.json``: ``{"problems": [...], "snapshot": …, "seconds": …}`` (no
problems: all well), plus a screenshot in build/screenshots/. The browser tests start it when the
session starts, so it overlaps the unit and nbval tests (tests/browser/conftest.py), and assert on
what it wrote (test_notebooks_in_browser.py).

With ``--seed N`` each notebook runs with ``SEMILLA = N`` (a cell added after its ``parameters``
cell, in JupyterLab's copy only), and once every cell has run, before the labs, its variables are
saved to ``OUT_DIR/<notebook>.seedN.pkl``: the claims tests read that as the notebook's re-run
with that seed (tests/claims/conftest.py), so no notebook runs one more time for it.

Every lab is a ``TrainingPanel`` (helpers/widgets.py), so what the panel alone decides (a double
click trains once; a kernel interrupt leaves the lab usable) is checked once, on the first lab of
the ``--panel-checks`` notebook; the other labs are changed and trained. When that notebook is not
among those run, the first lab of every notebook gets those checks.
"""

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, when run as a script

from lab_driver import Notebook  # noqa: E402
from lab_server import ROOT, VIEWPORT, launch_chromium, running_jupyter_lab  # noqa: E402
from notebook_runs import exit_with_parent, snapshot_code  # noqa: E402

SCREENSHOTS = ROOT / "build" / "screenshots"
SESSION_ERROR = "_session.json"  # written when the server or the browser could not start


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_notebook(
    page, lab, relative, *, panel_checks, needs_a_lab=False, seed=None, snapshot=None
):
    """Run ``relative`` in JupyterLab and use its labs; returns the problems found (Spanish).
    ``panel_checks``: the first lab also gets the double-click and interrupt checks;
    ``needs_a_lab``: a notebook without a lab is a problem; ``seed``: run with ``SEMILLA = seed``
    and, if it has a ``parameters`` cell, save its variables to ``snapshot`` before the labs."""
    path = ROOT / relative
    stored = digest(path)
    notebook = Notebook(page, lab, relative)
    problems = []
    try:
        kernel = notebook.open()
        if kernel != "python3":
            problems.append(f"núcleo {kernel!r} en lugar de python3")
        seeded = seed is not None and notebook.add_parameters(
            f"SEMILLA = {seed}  # otra semilla: la añaden las pruebas del navegador"
        )
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
        if seeded and not problems:
            status = notebook.execute(snapshot_code(snapshot))
            if status != "ok":
                problems.append(f"no se pudieron guardar las variables: {status}")
        labs = notebook.labs()
        if needs_a_lab and not labs:
            problems.append("no hay laboratorio para comprobar el doble clic y la interrupción")
        for index, lab_panel in enumerate(labs):
            name = f"laboratorio {index + 1}"
            problems += check_lab(
                notebook, lab_panel, name, panel_checks=panel_checks and index == 0
            )
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
    if digest(path) != stored:
        problems.append(f"{relative} cambió en el disco mientras JupyterLab lo tenía abierto")
    return problems


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


def _write(out_dir, name, result):
    """Write ``name`` whole or not at all: the tests wait for it to appear."""
    partial = out_dir / f".{name}"
    partial.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    partial.rename(out_dir / name)


def check_notebooks(browser, lab, notebooks, out_dir, *, panel_checks_notebook=None, seed=None):
    """``check_notebook`` on each of ``notebooks`` in a fresh browser context; each result is
    written to ``out_dir`` as soon as it is known."""
    stems = {Path(n).stem for n in notebooks}
    for relative in notebooks:
        stem = Path(relative).stem
        required = stem == panel_checks_notebook
        snapshot = out_dir / f"{stem}.seed{seed}.pkl"
        began = time.monotonic()
        context = browser.new_context(viewport=VIEWPORT)
        try:
            problems = check_notebook(
                context.new_page(),
                lab,
                relative,
                panel_checks=required or panel_checks_notebook not in stems,
                needs_a_lab=required,
                seed=seed,
                snapshot=snapshot,
            )
        except Exception:
            problems = [f"la prueba falló:\n{traceback.format_exc()}"]
        finally:
            context.close()
        result = {
            "problems": problems,
            "snapshot": str(snapshot) if snapshot.exists() else None,
            "seconds": time.monotonic() - began,
        }
        _write(out_dir, f"{stem}.json", result)


def main(argv=None):
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--panel-checks", dest="panel_checks_notebook")
    args = parser.parse_args(argv)
    exit_with_parent()
    try:
        with tempfile.TemporaryDirectory() as home, running_jupyter_lab(home) as lab:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                check_notebooks(
                    browser,
                    lab,
                    args.notebooks,
                    args.out_dir,
                    panel_checks_notebook=args.panel_checks_notebook,
                    seed=args.seed,
                )
                browser.close()
    except Exception:
        _write(args.out_dir, SESSION_ERROR, {"error": traceback.format_exc()})
        raise


if __name__ == "__main__":
    main()
