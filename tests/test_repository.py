"""Repository checks: notebooks stored clean, coverage tags, README badges, pins in agreement."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers.course import LESSONS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
COVERAGE = ROOT / "tests" / "data" / "COVERAGE.md"
SHARED_COVERAGE = ROOT.parent / "shared" / "seed" / "COVERAGE.md"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Which notebooks teach each group of course points (COVERAGE.md).
SECTIONS = {
    "H": ["01_historia_entrenamiento.ipynb"],
    "D": ["02_dropout_capa_visible.ipynb", "03_dropout_capas_ocultas.ipynb"],
    "L": [
        "04_tasa_aprendizaje_basada_en_tiempo.ipynb",
        "05_tasa_aprendizaje_por_escalones.ipynb",
        "06_comparar_planificaciones.ipynb",
    ],
}
DOWNLOADS = re.compile(
    r"keras\.datasets|tensorflow_datasets|tfds\.|urlopen|requests\.get|get_file\(|fetch_openml|"
    r"seaborn\.load_dataset|sns\.load_dataset"
)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def cell_source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def test_there_are_notebooks():
    assert (ROOT / "notebooks" / "00_indice.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    for i, cell in enumerate(load(path)["cells"]):
        if cell["cell_type"] != "code" or "NBVAL_CHECK_OUTPUT" in cell_source(cell):
            continue
        assert not cell.get("outputs"), f"{path.name}, celda {i}: tiene salidas guardadas"
        assert cell.get("execution_count") is None, f"{path.name}, celda {i}: execution_count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_python3_kernelspec_and_no_path_hacks(path):
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["metadata"]["kernelspec"]["language"] == "python"
    for i, cell in enumerate(nb["cells"]):
        src = cell_source(cell)
        if cell["cell_type"] == "code":
            assert "sys.path" not in src, f"{path.name}, celda {i}: edita sys.path"
            assert not DOWNLOADS.search(src), f"{path.name}, celda {i}: descarga datos"


def test_helpers_never_download():
    for py in (ROOT / "helpers").rglob("*.py"):
        assert not DOWNLOADS.search(py.read_text(encoding="utf-8")), py


def test_coverage_checklist_copy_is_current():
    if not SHARED_COVERAGE.exists():
        pytest.skip("../shared/seed/COVERAGE.md is not beside this clone")
    assert COVERAGE.read_text(encoding="utf-8") == SHARED_COVERAGE.read_text(encoding="utf-8")


def coverage_ids():
    return re.findall(r"^- ([HDL]\d+) ", COVERAGE.read_text(encoding="utf-8"), re.M)


def tags_in(names):
    found = set()
    for name in names:
        path = ROOT / "notebooks" / name
        for cell in load(path)["cells"] if path.exists() else []:
            found |= {
                t[len("curso-") :]
                for t in cell.get("metadata", {}).get("tags", [])
                if t.startswith("curso-")
            }
    return found


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_course_point_is_tagged(section):
    """Each point of COVERAGE.md is tagged `curso-<ID>` on a cell of its lesson's notebooks."""
    names = SECTIONS[section]
    wanted = [i for i in coverage_ids() if i.startswith(section)]
    assert wanted
    missing_files = [n for n in names if not (ROOT / "notebooks" / n).exists()]
    uncovered = [i for i in wanted if i not in tags_in(names)]
    if missing_files:
        pytest.skip(f"lessons not written yet: {missing_files}; points not covered: {uncovered}")
    assert not uncovered, f"course points with no tagged cell: {uncovered}"


def test_every_notebook_is_a_lesson_of_the_course_map():
    files = {lesson.file for lesson in LESSONS} | {"00_indice.ipynb"}
    assert {p.name for p in NOTEBOOKS} <= files


def test_readme_lists_every_notebook_with_its_binder_badge():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    slug = PYPROJECT["project"]["urls"]["Repository"].removeprefix("https://github.com/")
    for path in NOTEBOOKS:
        badge = f"https://mybinder.org/v2/gh/{slug}/HEAD?urlpath=lab/tree/notebooks/{path.name}"
        assert badge in readme, f"README.md: falta la insignia de Binder de {path.name}"
    for found in re.findall(
        r"https://mybinder\.org/v2/gh/([^/]+/[^/]+)/HEAD\?urlpath=lab/tree/"
        r"notebooks/([\w.]+)",
        readme,
    ):
        assert found[0] == slug, f"insignia con otro repositorio: {found[0]}"
        assert (ROOT / "notebooks" / found[1]).exists(), (
            f"insignia de un cuaderno que no existe: {found[1]}"
        )


def pins_from_pyproject(test_tools=True):
    project = PYPROJECT["project"]
    tools = project["optional-dependencies"]["test"] if test_tools else []
    return sorted(project["dependencies"] + tools)


def pip_lines(yml):
    text = (ROOT / yml).read_text(encoding="utf-8")
    assert re.search(r"^\s+- python=3\.11$", text, re.M)
    assert "conda-forge" in text
    return sorted(re.findall(r"^\s{6}- (.+)$", text, re.M))


def test_environment_pins_agree_with_pyproject():
    """environment.yml (conda users, maintainers): everything, test tools included."""
    assert pip_lines("environment.yml") == pins_from_pyproject()


def test_binder_installs_what_a_student_needs_not_the_test_tools():
    """binder/environment.yml: pyproject.toml's dependencies, same pins, no [test] extra."""
    assert pip_lines("binder/environment.yml") == pins_from_pyproject(test_tools=False)
    tools = {
        re.split(r"[=;<> ]", r)[0] for r in PYPROJECT["project"]["optional-dependencies"]["test"]
    }
    assert {"pytest", "nbval", "ruff", "playwright", "psutil"} <= tools
    binder = {re.split(r"[=;<> ]", r)[0] for r in pip_lines("binder/environment.yml")}
    assert not binder & tools, f"Binder instala herramientas de prueba: {binder & tools}"


def test_jupyterlab_is_spanish_and_shows_memory_everywhere():
    """The Spanish language pack and the memory meter are dependencies (so Binder has them too)
    and the overrides that make lab and Binder install select Spanish."""
    names = {re.split(r"[=;<> ]", r)[0] for r in PYPROJECT["project"]["dependencies"]}
    assert {"jupyterlab-language-pack-es-ES", "jupyter-resource-usage"} <= names
    overrides = load(ROOT / "config" / "jupyterlab-overrides.json")
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "es_ES"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    for text in (makefile, post_build):
        assert "jupyterlab-overrides.json" in text
        assert "labextension disable --level=sys_prefix @jupyterlab/mathjax3-extension" in text


def test_every_enabled_lab_extension_supports_this_jupyterlab():
    """`jupyter labextension list` marks with X an extension built for another JupyterLab."""
    jupyter = Path(sys.prefix) / "bin" / "jupyter"
    if not jupyter.exists():
        pytest.skip("jupyter is not installed beside this Python")
    listing = subprocess.run(
        [str(jupyter), "labextension", "list"], capture_output=True, text=True, check=True
    )
    lines = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr).splitlines()
    enabled = [line.strip() for line in lines if " enabled " in line]
    assert any(line.startswith("@jupyter-server/resource-usage ") for line in enabled)
    assert any(line.startswith("jupyterlab-rise ") for line in enabled)
    incompatible = [line for line in enabled if " OK" not in line]
    assert not incompatible, (
        f"extensiones que no admiten esta versión de JupyterLab: {incompatible}"
    )


def test_every_dependency_is_pinned_exactly():
    for requirement in pins_from_pyproject():
        assert re.match(r"^[\w-]+==[\w.]+(;.*)?$", requirement), requirement
    assert "tensorflow-cpu==2.21.0; sys_platform == 'linux' and platform_machine == 'x86_64'" in (
        pins_from_pyproject()
    )


def test_binder_files():
    post = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8").splitlines()
    assert post[0].startswith("#!") and post[1] == "set -e"
    assert "pip install --no-deps -e ." in post
    start = (ROOT / "binder" / "start").read_text(encoding="utf-8").strip().splitlines()
    assert start[-1] == 'exec "$@"'
    assert any("TF_NUM_INTRAOP_THREADS" in line for line in start)


def test_makefile_targets_and_ci():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("lab:", "test:", "html:", "bench:"):
        assert target in makefile
    assert "--ip=127.0.0.1" in makefile and "00_indice.ipynb" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make test" in readme
