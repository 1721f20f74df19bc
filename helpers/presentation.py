"""Presenting the course in class: a plot style readable from the back row."""

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
