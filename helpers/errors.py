"""The one error type the helpers raise for bad input, with Spanish messages, and its checks."""

import math
from numbers import Integral, Real


class CourseInputError(ValueError):
    """A bad argument: the Spanish message names the parameter, the value and what is valid."""

    def __init__(self, param, value, valid):
        self.param, self.value, self.valid = param, value, valid
        super().__init__(f"Parámetro «{param}»: se recibió {value!r}; {valid}.")


def check_int(param, value, *, minimum=None, maximum=None):
    """Return ``value`` if it is an integer within [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise CourseInputError(param, value, _int_range_text(minimum, maximum))
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise CourseInputError(param, value, _int_range_text(minimum, maximum))
    return int(value)


def _int_range_text(minimum, maximum):
    if minimum is not None and maximum is not None:
        return f"debe ser un número entero entre {minimum} y {maximum}"
    if minimum is not None:
        return f"debe ser un número entero mayor o igual que {minimum}"
    if maximum is not None:
        return f"debe ser un número entero menor o igual que {maximum}"
    return "debe ser un número entero"


def check_real(param, value, *, low=None, high=None, low_open=False, high_open=False):
    """Return ``value`` as a float if it is a finite number in the interval given.

    ``low_open``/``high_open`` exclude the ends:
    ``check_real("p", x, low=0, high=1, high_open=True)`` accepts [0, 1).
    """
    valid = _interval_text(low, high, low_open, high_open)
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise CourseInputError(param, value, valid)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        raise CourseInputError(param, value, valid)
    return float(value)


def _interval_text(low, high, low_open, high_open):
    if low is not None and high is not None:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        return f"debe ser un número en el intervalo {left}{low}, {high}{right}"
    if low is not None:
        return f"debe ser un número {'mayor que' if low_open else 'mayor o igual que'} {low}"
    if high is not None:
        return f"debe ser un número {'menor que' if high_open else 'menor o igual que'} {high}"
    return "debe ser un número finito"


def check_choice(param, value, choices):
    """Return ``value`` if it is one of ``choices``."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise CourseInputError(param, value, f"los valores válidos son {listed}")
    return value
