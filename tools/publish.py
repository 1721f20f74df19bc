"""Publish the executed notebooks: a small static site (``make html``) or reveal.js slides
(``make slides``), both under build/ and both readable without a kernel.

    python tools/publish.py html     # build/html/index.html and one page per notebook
    python tools/publish.py slides   # build/slides/<notebook>.slides.html, reveal.js beside them
    python tools/publish.py vendor   # fetch what the slides load into build/vendor/ (make install)
    python tools/publish.py solutions  # build/soluciones/: the notebooks, solutions unfolded

Exercise solutions are cells tagged ``solucion``, folded in JupyterLab: on the site each one is a
"Ver una solución" block the reader opens with a click; ``solutions`` writes the notebooks with
them unfolded, for an instructor.

Each notebook is executed once into build/executed/ and reused until it, or helpers/, changes.
The slides load nothing from the network: reveal.js (theme "white", whose fonts come with it),
RequireJS, jQuery, MathJax 2 (the version nbconvert's template configures) and the widget
renderer (@jupyter-widgets/html-manager) are fetched once with ``npm pack`` into build/vendor/
(``make install`` does it, ``make clean`` keeps them) and copied beside the slides. Without npm
the slides fall back to the CDNs, and say so.
"""

import argparse
import html
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
EXECUTED = BUILD / "executed"
VENDOR = BUILD / "vendor"
# What nbconvert's reveal template expects (reveal.js 4, MathJax 2 configured by
# base/mathjax.html.j2), the script loaders it uses, and the widget renderer that ipywidgets 8
# asks for (ipywidgets._version.__html_manager_version__ is "^1.0.1").
NPM_PACKAGES = {
    "reveal.js": ("reveal.js@4.0.2", "reveal.js-4.0.2.tgz"),
    "requirejs": ("requirejs@2.3.7", "requirejs-2.3.7.tgz"),
    "jquery": ("jquery@3.7.1", "jquery-3.7.1.tgz"),
    "mathjax": ("mathjax@2.7.7", "mathjax-2.7.7.tgz"),
    "html-manager": (
        "@jupyter-widgets/html-manager@1.0.15",
        "jupyter-widgets-html-manager-1.0.15.tgz",
    ),
}
# The part of MathJax 2 that TeX input with CommonHTML output uses (1.3 MB of its 20 MB).
MATHJAX_FILES = [
    "LICENSE",
    "MathJax.js",
    "config/TeX-AMS_CHTML-full.js",
    "config/Safe.js",
    "extensions/",
    "jax/input/TeX/",
    "jax/element/",
    "jax/output/CommonHTML/",
    "jax/output/PreviewHTML/",
    "fonts/HTML-CSS/TeX/woff/",
    "localization/en/",
    "localization/es/",
]
MATHJAX_SKIP = ["extensions/a11y/"]
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# embed-amd.js bundles the widget models ipywidgets uses and finds its fonts beside itself.
HTML_MANAGER_FILES = ["dist/embed-amd.js", "dist/embed.js.LICENSE.txt", "package.json"]
HTML_MANAGER_FONTS = (".eot", ".svg", ".ttf", ".woff", ".woff2")
# The reveal template imports mermaid unconditionally; a stub module avoids a network request.
MERMAID_STUB = "data:text/javascript,export%20default%20%7Binitialize()%20%7B%7D%7D%3B"
LESSON_LINK = re.compile(r'href="(\d\d_\w+)\.ipynb"')


def notebooks():
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def executed(path):
    """The notebook run top to bottom (cached in build/executed/ while nothing changed)."""
    from nbclient import NotebookClient

    target = EXECUTED / path.name
    sources = [path, *(ROOT / "helpers").rglob("*.py")]
    if target.exists() and target.stat().st_mtime >= max(p.stat().st_mtime for p in sources):
        return nbformat.read(target, as_version=4)
    print(f"ejecutando {path.relative_to(ROOT)}…", flush=True)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    EXECUTED.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return nb


SOLUTION_TAG = "solucion"


def solutions_behind_a_click(nb):
    """A copy of ``nb`` whose solution cells are closed ``<details>`` blocks (for the site)."""
    nb = nbformat.from_dict(nb)
    for i, cell in enumerate(nb.cells):
        if SOLUTION_TAG not in cell.metadata.get("tags", []):
            continue
        output = "".join(_as_html(o) for o in cell.outputs)
        nb.cells[i] = nbformat.v4.new_markdown_cell(
            "<details><summary>Ver una solución</summary>"
            f"<pre><code>{html.escape(cell.source)}</code></pre>{output}</details>"
        )
    return nb


def _as_html(output):
    """An output as the notebook shows it: its own HTML (a checker's «¡Correcto!») or its text."""
    data = output.get("data", {})
    if "text/html" in data:
        return data["text/html"]
    text = output.get("text", "") or data.get("text/plain", "")
    return f"<pre>{html.escape(text)}</pre>" if text else ""


def solutions_unfolded(nb):
    """A copy of ``nb`` whose solution cells show their code and output (for an instructor)."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            cell.metadata.get("jupyter", {}).update(source_hidden=False, outputs_hidden=False)
    return nb


def build_solutions(out=BUILD / "soluciones"):
    """The notebooks with their solutions unfolded; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks():
        target = out / path.name
        nbformat.write(solutions_unfolded(nbformat.read(path, as_version=4)), target)
        written.append(target)
    print(f"cuadernos con las soluciones desplegadas: {out.relative_to(ROOT)}/")
    return written


def build_html(out=BUILD / "html"):
    """One page per notebook and an index of the lessons; returns the index path."""
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    pages = {}
    for path in notebooks():
        body, _ = exporter.from_notebook_node(
            solutions_behind_a_click(executed(path)), resources={"metadata": {"name": path.stem}}
        )
        # Links between lessons point at the pages, not at the notebooks.
        (out / f"{path.stem}.html").write_text(
            LESSON_LINK.sub(r'href="\1.html"', body), encoding="utf-8"
        )
        pages[path.name] = f"{path.stem}.html"
    index = out / "index.html"
    index.write_text(index_page(pages), encoding="utf-8")
    print(f"sitio: {index.relative_to(ROOT)}")
    return index


def index_page(pages):
    """The site's index: the course map of helpers.course.LESSONS, linked to the pages built."""
    from helpers.course import LESSONS

    rows = []
    for number, lesson in enumerate(LESSONS, start=1):
        page = pages.get(lesson.file)
        title = html.escape(lesson.title)
        link = f'<a href="{page}">{title}</a>' if page else f"{title} (en preparación)"
        rows.append(
            f"<tr><td>{number}</td><td>{link}</td><td>{html.escape(lesson.teaches)}</td>"
            f"<td>≈ {lesson.minutes:g} min</td></tr>"
        )
    intro = (
        f'<p>Empieza por el <a href="{pages["00_indice.ipynb"]}">índice del curso</a>.</p>'
        if "00_indice.ipynb" in pages
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tareas de apoyo en proyectos de deep learning — parte 2</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
table {{ border-collapse: collapse; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .5rem; text-align: left; vertical-align: top; }}
</style>
</head>
<body>
<h1>Tareas de apoyo en proyectos de deep learning — parte 2</h1>
<p>Las lecciones ya ejecutadas, para leerlas sin instalar nada. Los laboratorios (los paneles con
el botón «Entrenar») solo funcionan al ejecutar los cuadernos: <code>make lab</code> o Binder.</p>
{intro}
<table>
<tr><th>#</th><th>Lección</th><th>Qué aprenderás</th><th>Duración</th></tr>
{chr(10).join(rows)}
</table>
</body>
</html>
"""


def fetch_vendor():
    """Fetch the npm tarballs the slides use into build/vendor/ (once); returns the names of
    those still missing (npm absent, or no network the first time)."""
    missing = []
    for name, (spec, tarball) in NPM_PACKAGES.items():
        path = VENDOR / tarball
        if not path.exists() and shutil.which("npm"):
            VENDOR.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["npm", "pack", "--silent", spec, "--pack-destination", str(VENDOR)],
                check=False,
                stdout=subprocess.DEVNULL,
            )
        if not path.exists():
            missing.append(name)
    return missing


def vendor_files(out):
    """Copy reveal.js, RequireJS, jQuery, MathJax and the widget renderer into ``out``; returns
    the exporter's URL settings (CDN defaults when they cannot be had)."""
    missing = fetch_vendor()
    if missing:
        print(
            f"Aviso: sin npm (o sin conexión la primera vez) falta {', '.join(missing)} y las "
            "diapositivas cargan reveal.js, MathJax y los widgets desde Internet. / Warning: "
            "slides will load reveal.js, MathJax and the widget renderer from their CDNs.",
            file=sys.stderr,
        )
        return {}
    tarballs = {name: VENDOR / tarball for name, (_, tarball) in NPM_PACKAGES.items()}
    reveal = out / "reveal.js"
    if not reveal.exists():
        _extract(tarballs["reveal.js"], ["dist/", "plugin/"], reveal)
    _extract(tarballs["requirejs"], ["require.js"], out / "vendor")
    _extract(tarballs["jquery"], ["dist/jquery.min.js"], out / "vendor")
    if not (out / "mathjax" / "MathJax.js").exists():
        _extract(tarballs["mathjax"], MATHJAX_FILES, out / "mathjax", skip=MATHJAX_SKIP)
    _extract(
        tarballs["html-manager"],
        HTML_MANAGER_FILES,
        out / "vendor" / "html-manager",
        suffixes=HTML_MANAGER_FONTS,
    )
    return {
        "reveal_url_prefix": "reveal.js",
        "require_js_url": "vendor/require.js",
        "jquery_url": "vendor/dist/jquery.min.js",
        "mermaid_js_url": MERMAID_STUB,
        "mathjax_url": MATHJAX_URL,
        "widget_renderer_url": "vendor/html-manager/dist/embed-amd.js",
    }


def _extract(tarball, prefixes, destination, skip=(), suffixes=()):
    """Extract the members of an npm tarball under ``package/<prefix>`` (and any whose name ends
    with one of ``suffixes``), except those under ``package/<skip>``, into ``destination``."""
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            relative = member.name.removeprefix("package/")
            wanted = any(relative.startswith(p) for p in prefixes) or relative.endswith(suffixes)
            if member.isfile() and wanted and not any(relative.startswith(s) for s in skip):
                target = destination / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source:
                    target.write_bytes(source.read())


_HEADING = re.compile(r"^(#{1,6})\s")
# Slide types an author may set by hand and that tools/store_notebooks.py keeps: leave a cell
# out of the slides ("skip") or make it speaker notes ("notes").
KEPT_SLIDE_TYPES = ("skip", "notes")


def slide_type(cell):
    """The reveal.js slide type of a notebook cell, from the notebook's structure (what
    tools/store_notebooks.py stores in each cell's metadata).

    A markdown ``#`` or ``##`` heading opens a slide, ``###`` a sub-slide (below it); other
    markdown stays on the current slide ("-"); a code cell appears, with its output, on the next
    key press ("fragment"). "skip" and "notes" set by hand are kept.
    """
    current = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
    if current in KEPT_SLIDE_TYPES:
        return current
    if cell.get("cell_type") == "code":
        return "fragment"
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    first_line = next((line.strip() for line in source.splitlines() if line.strip()), "")
    heading = _HEADING.match(first_line)
    if heading and len(heading.group(1)) <= 2:
        return "slide"
    if heading and len(heading.group(1)) == 3:
        return "subslide"
    return "-"


def slides_exporter(out):
    """The reveal.js exporter, with what the slides load copied into ``out``."""
    from nbconvert import SlidesExporter

    out.mkdir(parents=True, exist_ok=True)
    return SlidesExporter(
        reveal_scroll=True, reveal_number="c/t", reveal_theme="white", **vendor_files(out)
    )


def write_slides(nb, name, out, exporter):
    """Write the slides of an executed notebook to ``out/<name>.slides.html``; returns the path."""
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    target = out / f"{name}.slides.html"
    target.write_text(LESSON_LINK.sub(r'href="\1.slides.html"', body), encoding="utf-8")
    return target


# What makes a browser fetch something: the address in these attributes, a CSS url() or
# @import, and a quoted address inside a script (e.g. the widget renderer's, or an import).
_FETCHING_ATTRIBUTES = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
_REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
_REMOTE_IN_CSS = re.compile(r"""(?:url\(\s*|@import\s+)["']?((?:https?:)?//[^"')\s]+)""", re.I)
_REMOTE_IN_SCRIPT = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+)""", re.I)


def remote_references(page):
    """The remote addresses a page of HTML would load (links a reader may follow are not
    loads, and are left out)."""
    from html.parser import HTMLParser

    found = []

    class Finder(HTMLParser):
        inside = None

        def handle_starttag(self, tag, attrs):
            attribute = _FETCHING_ATTRIBUTES.get(tag)
            for name, value in attrs:
                if name == attribute and value and _REMOTE.match(value):
                    found.append(value)
                if name == "style" and value:
                    found.extend(_REMOTE_IN_CSS.findall(value))
            self.inside = tag if tag in ("script", "style") else None

        def handle_endtag(self, tag):
            self.inside = None

        def handle_data(self, data):
            if self.inside == "style":
                found.extend(_REMOTE_IN_CSS.findall(data))
            elif self.inside == "script":
                found.extend(_REMOTE_IN_SCRIPT.findall(data))

    Finder(convert_charrefs=True).feed(page)
    return found


def build_slides(out=BUILD / "slides"):
    """reveal.js slides of every notebook; returns the paths written."""
    exporter = slides_exporter(out)
    written = []
    for path in notebooks():
        target = write_slides(executed(path), path.stem, out, exporter)
        written.append(target)
        remote = remote_references(target.read_text(encoding="utf-8"))
        note = f" (Aviso: carga de Internet {', '.join(remote)})" if remote else ""
        print(f"diapositivas: {target.relative_to(ROOT)}{note}")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["html", "slides", "vendor", "solutions"])
    args = parser.parse_args(argv)
    if args.what == "vendor":
        missing = fetch_vendor()
        if missing:
            # Not an error: `make lab` works without npm; only the slides need these.
            print(
                f"Aviso: no se pudo descargar {', '.join(missing)} (¿falta npm?); "
                "`make slides` los cargará desde Internet. / Warning: could not fetch "
                f"{', '.join(missing)}.",
                file=sys.stderr,
            )
        return 0
    {"html": build_html, "slides": build_slides, "solutions": build_solutions}[args.what]()


if __name__ == "__main__":
    sys.exit(main())
