"""tools/publish.py: the slide metadata of the notebooks, the site, the slides and the solutions."""

import json
import re
from pathlib import Path

import nbformat
import pytest
from support import load_publish_tool, vendored_or_skip

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
slide_type = load_publish_tool().slide_type


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


def tiny_notebook(with_widget_state=True):
    """An executed-looking notebook: a formula, a plot-free code cell, a widget's output."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Prueba\n\nLa tasa: $\\eta_t = \\frac{\\eta_0}{1 + d\\,t}$, [datos](https://scikit-learn.org)"
        ),
        nbformat.v4.new_code_cell(
            "slider",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/plain": "IntSlider(value=3)",
                        "application/vnd.jupyter.widget-view+json": {
                            "model_id": "m1",
                            "version_major": 2,
                            "version_minor": 0,
                        },
                    },
                )
            ],
        ),
    ]
    if with_widget_state:
        nb.metadata["widgets"] = {
            "application/vnd.jupyter.widget-state+json": {
                "state": {},
                "version_major": 2,
                "version_minor": 0,
            }
        }
    return nb


def test_remote_references_finds_what_a_browser_would_load():
    publish = load_publish_tool()
    page = """<html><head>
    <script src="https://cdnjs.example/require.js"></script>
    <link rel="stylesheet" href="//fonts.example/a.css">
    <style>@import url('https://fonts.example/b.css');
    .x { background: url(http://img.example/c.png) }</style>
    <script>var src = 'https://unpkg.example/embed-amd.js'; // docs: https://github.com/x/y
    import mermaid from "https://cdn.example/mermaid.mjs";</script>
    <script src="vendor/require.js"></script>
    <link rel="stylesheet" href="reveal.js/dist/reveal.css">
    </head><body><a href="https://scikit-learn.org">datos</a> https://texto.example
    <img src="data:image/png;base64,AAAA"><img src="https://img.example/d.png"></body></html>"""
    assert publish.remote_references(page) == [
        "https://cdnjs.example/require.js",
        "//fonts.example/a.css",
        "https://fonts.example/b.css",
        "http://img.example/c.png",
        "https://unpkg.example/embed-amd.js",
        "https://cdn.example/mermaid.mjs",
        "https://img.example/d.png",
    ]


def test_nbconvert_defaults_would_load_from_cdns():
    """Without the vendored copies the slides load from CDNs: the check must see it."""
    from nbconvert import SlidesExporter

    publish = load_publish_tool()
    body, _ = SlidesExporter().from_notebook_node(tiny_notebook())
    remote = " ".join(publish.remote_references(body))
    for cdn_file in ("reveal.css", "MathJax", "require", "jquery", "mermaid", "html-manager"):
        assert cdn_file.lower() in remote.lower(), cdn_file


def test_generated_slides_reference_no_remote_url(tmp_path):
    """`make slides`: MathJax, the widget renderer, reveal.js and the loaders sit beside the
    slides, and every file the page loads is there."""
    publish = load_publish_tool()
    vendored_or_skip(publish)
    target = publish.write_slides(
        tiny_notebook(), "prueba", tmp_path, publish.slides_exporter(tmp_path)
    )
    page = target.read_text(encoding="utf-8")
    assert publish.remote_references(page) == []
    assert "https://scikit-learn.org" in page  # a link to follow is not a load
    local = re.findall(r"<(?:script|link)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", page)
    local += re.findall(r"widgetRendererSrc = '([^']+)'", page)
    assert any("MathJax.js" in ref for ref in local)
    assert any("embed-amd.js" in ref for ref in local)
    for ref in local:
        assert (tmp_path / ref.split("?")[0]).is_file(), ref
    assert (tmp_path / "mathjax" / "fonts" / "HTML-CSS" / "TeX" / "woff").is_dir()


def test_no_lesson_slides_load_anything_remote(tmp_path):
    """The lessons as stored (their prose, images and template; outputs come from local code)."""
    import nbformat

    publish = load_publish_tool()
    vendored_or_skip(publish)
    exporter = publish.slides_exporter(tmp_path)
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        page = publish.write_slides(nb, path.stem, tmp_path, exporter).read_text(encoding="utf-8")
        assert publish.remote_references(page) == [], path.name


def _notebook_with_a_solution():
    solution = nbformat.v4.new_code_cell("# Solución del ejercicio 1\nsolucion_1 = 1 < 2")
    solution.metadata.update(
        tags=["solucion"], jupyter={"source_hidden": True, "outputs_hidden": True}
    )
    # what a checker shows: a Feedback's HTML (its plain text is the dataclass's repr)
    shown = {"text/html": "<div>¡Correcto!</div>", "text/plain": "Feedback(ok=True, hints=())"}
    solution.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1 < 2\n"),
        nbformat.v4.new_output("execute_result", data=shown, execution_count=1),
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), solution])


def test_the_site_shows_a_solution_behind_a_click_and_the_instructor_set_unfolds_it():
    publish = load_publish_tool()
    nb = _notebook_with_a_solution()
    site = publish.solutions_behind_a_click(nb)
    block = site.cells[1]
    assert block.cell_type == "markdown"
    assert block.source.startswith("<details><summary>Ver una solución</summary>")
    assert "solucion_1 = 1 &lt; 2" in block.source and "<pre>1 &lt; 2\n</pre>" in block.source
    assert "<div>¡Correcto!</div>" in block.source and "Feedback(" not in block.source
    unfolded = publish.solutions_unfolded(nb)
    assert unfolded.cells[1].metadata["jupyter"] == {
        "source_hidden": False,
        "outputs_hidden": False,
    }
    assert nb.cells[1].metadata["jupyter"]["source_hidden"] is True  # the original is untouched
    assert "tools/publish.py solutions" in (ROOT / "Makefile").read_text()
