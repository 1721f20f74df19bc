import matplotlib as mpl
import pytest

from helpers.errors import CourseInputError
from helpers.presentation import PRESENTATION_RC, presentation_style


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
