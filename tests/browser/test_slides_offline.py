"""`make slides` output in Chromium with the network closed to it: formulas typeset by the
vendored MathJax, widgets drawn by the vendored renderer, and no request leaves the machine."""

from pathlib import Path

import nbformat
import pytest
from support import load_publish_tool, vendored_or_skip

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def slides(tmp_path_factory):
    """Slides of a small notebook run in a real kernel: a formula, a widget, a link."""
    from nbclient import NotebookClient

    publish = load_publish_tool()
    vendored_or_skip(publish)
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    )
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Diapositivas sin red\n\nLa tasa: $\\eta_t = \\dfrac{\\eta_0}{1 + d\\,t}$\n\n"
            "$$\\eta_{\\text{escalón}} = \\eta_0 \\cdot 0{,}5^{\\lfloor (1+e)/10 \\rfloor}$$\n\n"
            "[scikit-learn](https://scikit-learn.org)",
            metadata={"slideshow": {"slide_type": "slide"}},
        ),
        nbformat.v4.new_code_cell(
            "import ipywidgets as widgets\n\n"
            "widgets.VBox([widgets.IntSlider(3, description='épocas'), "
            "widgets.Button(description='Entrenar')])",
            metadata={"slideshow": {"slide_type": "slide"}},
        ),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    out = tmp_path_factory.mktemp("slides")
    return publish.write_slides(nb, "prueba", out, publish.slides_exporter(out))


def test_slides_work_with_no_network(chromium, page, slides):
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page.goto(slides.as_uri())
    page.wait_for_selector(".MathJax_CHTML", timeout=30000)
    page.wait_for_selector(".jupyter-widgets .widget-slider", timeout=30000)
    page.wait_for_timeout(1000)  # fonts and late loads
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "diapositivas_formula.png"))
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SCREENSHOTS / "diapositivas_widget.png"))

    remote = [url for url in requests if not url.startswith(("file:", "data:", "blob:"))]
    assert not remote, f"las diapositivas cargaron de Internet: {remote}"
    assert not failed, f"archivos que no se pudieron cargar: {failed}"
    assert page.locator(".MathJax_CHTML").count() >= 2  # inline and display formulas
    assert page.locator(".jupyter-widgets button", has_text="Entrenar").count() == 1
    assert "épocas" in page.locator(".jupyter-widgets .widget-slider").first.inner_text()
