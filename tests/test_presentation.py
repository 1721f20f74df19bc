from helpers.errors import CourseInputError
from helpers.presentation import PRESENTATION_RC, presentation_style, slide_type

import json
from pathlib import Path

import matplotlib as mpl
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(autouse=True)
def _style_off():
    yield
    presentation_style(on=False)


def test_presentation_style_is_one_call_and_reversible():
    before = {key: mpl.rcParams[key] for key in PRESENTATION_RC}
    assert presentation_style() is True
    assert mpl.rcParams["font.size"] == 15 and mpl.rcParams["lines.linewidth"] == 3.0
    assert mpl.rcParams["font.size"] > before["font.size"]
    presentation_style(on=True)  # twice: still restores the values from before the first call
    assert presentation_style(on=False) is False
    assert {key: mpl.rcParams[key] for key in PRESENTATION_RC} == before
    presentation_style(on=False)  # already off: nothing changes
    assert {key: mpl.rcParams[key] for key in PRESENTATION_RC} == before


def test_figures_drawn_afterwards_take_the_style():
    from helpers.plots import plot_history

    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}
    normal = plot_history(history, metrics=("loss",)).axes[0]
    presentation_style(on=True)
    big = plot_history(history, metrics=("loss",)).axes[0]
    assert big.lines[0].get_linewidth() > normal.lines[0].get_linewidth()
    assert big.xaxis.label.get_fontsize() > normal.xaxis.label.get_fontsize()


@pytest.mark.parametrize("bad", ["sí", 1, None])
def test_presentation_style_rejects_anything_but_a_bool(bad):
    with pytest.raises(CourseInputError, match="«on»"):
        presentation_style(on=bad)


def md(source, **metadata):
    return {"cell_type": "markdown", "source": source, "metadata": metadata}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (md("# Título\n\ntexto"), "slide"),
        (md("\n## Sección"), "slide"),
        (md(["### Apartado\n", "más"]), "subslide"),
        (md("#### Detalle"), "-"),
        (md("Texto que sigue con un #hashtag"), "-"),
        (md("#sin espacio no es un título"), "-"),
        ({"cell_type": "code", "source": "# comentario", "metadata": {}}, "fragment"),
        (md("## Sección", slideshow={"slide_type": "skip"}), "skip"),
        (md("nota", slideshow={"slide_type": "notes"}), "notes"),
        (md("## Sección", slideshow={"slide_type": "fragment"}), "slide"),
    ],
)
def test_slide_type_follows_the_cell_structure(cell, expected):
    assert slide_type(cell) == expected


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_its_slide_metadata(path):
    """tools/store_notebooks.py writes it; run it again on a notebook that fails here."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for i, cell in enumerate(cells):
        stored = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert stored == slide_type(cell), (
            f"{path.name}, celda {i}: slide_type {stored!r}, se esperaba {slide_type(cell)!r}; "
            f"guarda el cuaderno con tools/store_notebooks.py"
        )
    assert cells[0]["metadata"]["slideshow"]["slide_type"] == "slide", (
        "la 1.ª celda abre diapositiva"
    )


def load_publish_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("publish", ROOT / "tools" / "publish.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_site_index_lists_every_lesson_of_the_course_map():
    from helpers.course import LESSONS

    publish = load_publish_tool()
    first = LESSONS[0]
    page = publish.index_page({"00_indice.ipynb": "00_indice.html", first.file: "primera.html"})
    assert '<a href="00_indice.html">' in page and f'<a href="primera.html">{first.title}' in page
    for lesson in LESSONS[1:]:
        assert f"{lesson.title} (en preparación)" in page
    assert publish.LESSON_LINK.sub(r'href="\1.html"', 'href="01_historia.ipynb"') == (
        'href="01_historia.html"'
    )


def test_make_html_and_slides_are_documented():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "tools/publish.py html" in makefile and "tools/publish.py slides" in makefile
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make html" in readme and "make slides" in readme
