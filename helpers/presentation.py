"""Presenting the course in class: a plot style readable from the back row, and slide metadata."""

import re

from helpers.errors import CourseInputError

# Larger text and thicker lines, for a projector. Only rcParams: every figure drawn afterwards
# takes them, whoever draws it.
PRESENTATION_RC = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.labelsize": 16,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "legend.title_fontsize": 14,
    "lines.linewidth": 3.0,
    "lines.markersize": 9.0,
    "axes.linewidth": 1.5,
    "grid.linewidth": 1.2,
}

_saved_rc = None  # the values before presentation_style(True), to restore them


def presentation_style(on=True):
    """Switch plots to the presentation style (``on=True``) or back (``on=False``).

    Returns ``True`` when the presentation style is in force afterwards. Only figures drawn
    after the call change; calling it twice with the same value changes nothing more.
    """
    global _saved_rc
    import matplotlib as mpl

    if not isinstance(on, bool):
        raise CourseInputError("on", on, "debe ser True (estilo de presentación) o False")
    if on and _saved_rc is None:
        _saved_rc = {key: mpl.rcParams[key] for key in PRESENTATION_RC}
        mpl.rcParams.update(PRESENTATION_RC)
    elif not on and _saved_rc is not None:
        mpl.rcParams.update(_saved_rc)
        _saved_rc = None
    return _saved_rc is not None


# -- slides ---------------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s")
# Slide types an author may set by hand and that tools/store_notebooks.py keeps: leave a cell
# out of the slides ("skip") or make it speaker notes ("notes").
KEPT_SLIDE_TYPES = ("skip", "notes")


def slide_type(cell):
    """The reveal.js slide type of a notebook cell, from the notebook's structure.

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
