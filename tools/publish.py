"""Publish the executed notebooks: a small static site (``make html``) or reveal.js slides
(``make slides``), both under build/ and both readable without a kernel.

    python tools/publish.py html     # build/html/index.html and one page per notebook
    python tools/publish.py slides   # build/slides/<notebook>.slides.html, reveal.js beside them

Each notebook is executed once into build/executed/ and reused until it, or helpers/, changes.
The slides use a local copy of reveal.js (theme "white", whose fonts come with it), RequireJS
and jQuery, fetched once with ``npm pack`` into build/vendor/ and kept, so they work in a
classroom without network; without npm they fall back to the CDN, and say so. Formulas are
typeset by MathJax from its CDN (offline they show as TeX).
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
# What nbconvert's reveal template expects (reveal.js 4), and the script loaders it uses.
NPM_PACKAGES = {
    "reveal.js": ("reveal.js@4.0.2", "reveal.js-4.0.2.tgz"),
    "requirejs": ("requirejs@2.3.7", "requirejs-2.3.7.tgz"),
    "jquery": ("jquery@3.7.1", "jquery-3.7.1.tgz"),
}
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


def build_html(out=BUILD / "html"):
    """One page per notebook and an index of the lessons; returns the index path."""
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    pages = {}
    for path in notebooks():
        body, _ = exporter.from_notebook_node(
            executed(path), resources={"metadata": {"name": path.stem}}
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


def vendor_files(out):
    """Copy reveal.js, RequireJS and jQuery into ``out``; returns the exporter's URL settings
    (CDN defaults when they cannot be had)."""
    tarballs = {}
    for name, (spec, tarball) in NPM_PACKAGES.items():
        path = VENDOR / tarball
        if not path.exists() and shutil.which("npm"):
            VENDOR.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["npm", "pack", "--silent", spec, "--pack-destination", str(VENDOR)],
                check=False,
                stdout=subprocess.DEVNULL,
            )
        if path.exists():
            tarballs[name] = path
    if len(tarballs) < len(NPM_PACKAGES):
        print(
            "Aviso: sin npm (o sin conexión la primera vez) las diapositivas cargan reveal.js "
            "desde Internet. / Warning: slides will load reveal.js from its CDN.",
            file=sys.stderr,
        )
        return {}
    reveal = out / "reveal.js"
    if not reveal.exists():
        _extract(tarballs["reveal.js"], ["dist/", "plugin/"], reveal)
    _extract(tarballs["requirejs"], ["require.js"], out / "vendor")
    _extract(tarballs["jquery"], ["dist/jquery.min.js"], out / "vendor")
    return {
        "reveal_url_prefix": "reveal.js",
        "require_js_url": "vendor/require.js",
        "jquery_url": "vendor/dist/jquery.min.js",
        "mermaid_js_url": MERMAID_STUB,
    }


def _extract(tarball, prefixes, destination):
    """Extract the members of an npm tarball under ``package/<prefix>`` into ``destination``."""
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            relative = member.name.removeprefix("package/")
            if member.isfile() and any(relative.startswith(p) for p in prefixes):
                target = destination / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source:
                    target.write_bytes(source.read())


def build_slides(out=BUILD / "slides"):
    """reveal.js slides of every notebook; returns the paths written."""
    from nbconvert import SlidesExporter

    out.mkdir(parents=True, exist_ok=True)
    exporter = SlidesExporter(
        reveal_scroll=True, reveal_number="c/t", reveal_theme="white", **vendor_files(out)
    )
    written = []
    for path in notebooks():
        body, _ = exporter.from_notebook_node(
            executed(path), resources={"metadata": {"name": path.stem}}
        )
        target = out / f"{path.stem}.slides.html"
        target.write_text(LESSON_LINK.sub(r'href="\1.slides.html"', body), encoding="utf-8")
        written.append(target)
        print(f"diapositivas: {target.relative_to(ROOT)}")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["html", "slides"])
    args = parser.parse_args(argv)
    build_html() if args.what == "html" else build_slides()


if __name__ == "__main__":
    sys.exit(main())
