import math

import pytest

from helpers.errors import CourseInputError, check_choice, check_int, check_real


def test_message_names_parameter_value_and_what_is_valid():
    err = CourseInputError("epochs", -3, "debe ser un número entero mayor o igual que 1")
    assert (
        str(err)
        == "Parámetro «epochs»: se recibió -3; debe ser un número entero mayor o igual que 1."
    )
    assert isinstance(err, ValueError)


@pytest.mark.parametrize("value", [0, -1, 2.5, "3", True, None])
def test_check_int_rejects(value):
    with pytest.raises(CourseInputError, match="«n»"):
        check_int("n", value, minimum=1)


def test_check_int_accepts_and_range_text():
    assert check_int("n", 3, minimum=1, maximum=3) == 3
    with pytest.raises(CourseInputError, match="entre 1 y 3"):
        check_int("n", 4, minimum=1, maximum=3)


@pytest.mark.parametrize("value", [1.0, -0.1, math.nan, math.inf, "0.2", None, False])
def test_check_real_half_open(value):
    with pytest.raises(CourseInputError, match=r"\[0, 1\)"):
        check_real("rate", value, low=0, high=1, high_open=True)


def test_check_real_accepts_ends_as_asked():
    assert check_real("rate", 0, low=0, high=1, high_open=True) == 0.0
    assert check_real("lr", 1e-9, low=0, low_open=True) == 1e-9
    with pytest.raises(CourseInputError, match="mayor que 0"):
        check_real("lr", 0, low=0, low_open=True)


def test_check_choice_lists_valid_values():
    assert check_choice("k", "a", ("a", "b")) == "a"
    with pytest.raises(CourseInputError, match="'a', 'b'"):
        check_choice("k", "c", ("a", "b"))


def test_the_message_shows_what_was_received_or_its_kind():
    assert "se recibió 'history'" in str(CourseInputError("history", "history", "x"))
    assert "se recibió None" in str(CourseInputError("history", None, "x"))
    assert "se recibió un objeto object" in str(CourseInputError("model", object(), "x"))
    assert "se recibió un objeto list" in str(CourseInputError("X", list(range(100)), "x"))
    long_path = "/tmp/" + "carpeta/" * 10 + "datos.csv"
    assert repr(long_path) in str(CourseInputError("path", long_path, "x"))
