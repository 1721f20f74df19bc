from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from helpers.exercises.feedback import (
    DECIMAL_COMMA,
    Feedback,
    match_number,
    number_hint,
    read_bool,
    read_integer,
    read_number,
    report,
    unanswered,
)


def test_report_and_feedback_text():
    assert str(report([])) == "¡Correcto!"
    text = str(report(["a", None, "b"]))
    assert text == "Todavía no:\n  · a\n  · b"
    assert "<br>" in Feedback(False, ("a", "b"))._repr_html_()


def test_unanswered_says_todavia_no_once():
    for feedback in (unanswered(), unanswered("x"), unanswered("x", "y")):
        text = str(feedback)
        assert not feedback.ok and text.count("Todavía no") == 1 and "None" in text
    assert "«x» y «y» (ahora valen None)" in str(unanswered("x", "y"))


@pytest.mark.parametrize(
    "answer",
    [0.25, np.float64(0.25), np.float32(0.25), np.array(0.25), np.array([0.25]), Fraction(1, 4)],
)
def test_numbers_in_any_valid_form_are_read(answer):
    assert read_number(answer) == (0.25, None)


def test_decimal_is_read():
    assert read_number(Decimal("0.25")) == (0.25, None)


@pytest.mark.parametrize(
    "answer, words",
    [
        ((1, 33), "con punto"),
        ((0, 25), "con punto"),
        ((2,), "sobra una coma"),
        ("0.25", "sin comillas"),
        ("0,25", "sin comillas"),
        ("un cuarto", "escribe un número"),
        (True, "no True"),
        (np.True_, "no True"),
        (float("nan"), "finito"),
        ([0.25], "un solo número"),
        (object(), "escribe un número"),
    ],
)
def test_slips_get_a_hint_not_an_error(answer, words):
    value, hint = read_number(answer)
    assert value is None and words in hint


def test_decimal_comma_hint_explains_the_tuple():
    assert "tupla" in DECIMAL_COMMA and "punto" in DECIMAL_COMMA


@pytest.mark.parametrize("answer", [8, np.int64(8), np.int32(8), 8.0, np.float64(8.0)])
def test_integers_in_any_valid_form(answer):
    assert read_integer(answer) == (8, None)


def test_non_integers_get_a_hint():
    assert "entero" in read_integer(8.5)[1]
    assert "sin comillas" in read_integer("8")[1]


@pytest.mark.parametrize(
    "answer, verdict",
    [
        (4 / 3, "ok"),
        (1.33, "ok"),
        (1.333, "ok"),
        (np.float32(1.33), "ok"),
        (np.float32(4 / 3), "ok"),
        (1.3, "short"),
        (1.34, "near"),
        (1.4, None),
        (1.25, None),
        (0.75, None),
    ],
)
def test_match_number_reads_the_digits_typed(answer, verdict):
    assert match_number(answer, 4 / 3) == verdict


def test_match_number_tells_close_candidates_apart():
    right, off_by_one = 0.05 / (1 + 0.01 * 119), 0.05 / (1 + 0.01 * 120)
    assert match_number(0.0228, right) == "ok"  # rounded
    assert match_number(0.0227, right) == "near"
    assert match_number(0.0227, off_by_one) == "ok"
    assert match_number(0.023, right) == "short"  # too few digits to tell them apart
    assert match_number(0.0229, right) == "near"
    assert match_number(0.045872, 0.0458716) == "ok"
    assert match_number(0.0458, 0.0458716) == "ok"  # truncated


def test_number_hint_order():
    wrong = [(0.75, "la que se conserva")]
    assert number_hint(0.25, 0.25, wrong=wrong, otherwise="otra") is None
    assert number_hint(0.75, 0.25, wrong=wrong, otherwise="otra") == "la que se conserva"
    assert number_hint(0.5, 0.25, wrong=wrong, otherwise="otra") == "otra"
    assert "más decimales" in number_hint(1.3, 4 / 3, otherwise="otra")
    assert "redondeo" in number_hint(1.34, 4 / 3, otherwise="otra")
    assert "punto" in number_hint((1, 33), 4 / 3, otherwise="otra")


def test_read_bool():
    assert read_bool(True) == (True, None)
    assert read_bool(np.False_) == (False, None)
    assert "sin comillas" in read_bool("True")[1]
    assert "True o False" in read_bool(1)[1]
