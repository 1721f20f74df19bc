"""Every exercise solution, run by the notebook itself, passes its own checker; solution cells
are folded in JupyterLab and never overwrite the student's answer."""

import nbformat
import pytest
from notebook_runs import NOTEBOOKS

pytestmark = pytest.mark.claims


def solution_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if "solucion" in c.metadata.get("tags", [])]


WITH_SOLUTIONS = sorted(p.stem for p in NOTEBOOKS.glob("[0-9]*.ipynb") if solution_cells(p))


@pytest.mark.parametrize("name", WITH_SOLUTIONS)
def test_every_solution_passes_its_checker(notebook_run, name):
    cells = solution_cells(NOTEBOOKS / f"{name}.ipynb")
    run = notebook_run(name)
    checks = {k: v for k, v in run.items() if k.startswith("comprobacion_solucion_")}
    assert len(checks) == len(cells)
    failing = {k: str(v) for k, v in checks.items() if not v.ok}
    assert not failing


@pytest.mark.parametrize("name", WITH_SOLUTIONS)
def test_solution_cells_are_folded_and_use_their_own_names(name):
    for cell in solution_cells(NOTEBOOKS / f"{name}.ipynb"):
        assert cell.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
        assert cell.source.startswith("# Solución del ejercicio")
        # top-level assignments only (a comment may well say " = ")
        code = [line.split("#")[0] for line in cell.source.splitlines()]
        top = [line for line in code if " = " in line and not line.startswith((" ", "\t"))]
        assigned = [line.split("=")[0].strip() for line in top]
        assert all(n.startswith(("solucion_", "comprobacion_solucion_")) for n in assigned)
