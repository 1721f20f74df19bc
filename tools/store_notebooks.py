"""Store notebooks the way the repository keeps them: no outputs, no execution counts, except the
cells marked ``# NBVAL_CHECK_OUTPUT``, whose outputs nbval compares; slide metadata for
``make slides`` assigned from the cell structure (``slide_type`` in tools/publish.py).

    python tools/store_notebooks.py notebooks/01_historia_entrenamiento.ipynb   # strip
    python tools/store_notebooks.py --execute notebooks/*.ipynb   # run, keep checked outputs
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from publish import slide_type  # tools/publish.py, beside this script

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def store(path, execute):
    nb = nbformat.read(path, as_version=4)
    if execute:
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(Path(path).parent)}},
        ).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        checked = "NBVAL_CHECK_OUTPUT" in cell.source
        if not checked:
            cell.outputs = []
            cell.execution_count = None
        elif execute:
            # nbval compares stored outputs only for cells with an execution count; stderr
            # (warnings, progress bars) is not part of what it should compare.
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
        cell.metadata.pop("execution", None)
    for cell in nb.cells:
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell)}
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", action="store_true", help="run before storing")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        store(path, args.execute)
        print(f"stored {path}")


if __name__ == "__main__":
    sys.exit(main())
