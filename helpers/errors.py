"""The one error type the helpers raise for bad input, with Spanish messages, and its checks."""

import math
from numbers import Integral, Real


class CourseInputError(ValueError):
    """A bad argument: the Spanish message names the parameter, the value and what is valid."""

    def __init__(self, param, value, valid):
        self.param, self.value, self.valid = param, value, valid
        super().__init__(f"Parámetro «{param}»: se recibió {_shown(value)}; {valid}.")


def _shown(value):
    """``value`` as a student typed it (a text always: it may be a path), or its kind when its
    repr is long or an address."""
    text = repr(value)
    if isinstance(value, str) or (len(text) <= 60 and " at 0x" not in text):
        return text
    return f"un objeto {type(value).__name__}"


def check_int(param, value, *, minimum=None, maximum=None):
    """Return ``value`` if it is an integer within [minimum, maximum]."""
    integer = isinstance(value, Integral) and not isinstance(value, bool)
    if integer and (minimum is None or value >= minimum) and (maximum is None or value <= maximum):
        return int(value)
    valid = "debe ser un número entero"
    if minimum is not None and maximum is not None:
        valid += f" entre {minimum} y {maximum}"
    elif minimum is not None:
        valid += f" mayor o igual que {minimum}"
    elif maximum is not None:
        valid += f" menor o igual que {maximum}"
    raise CourseInputError(param, value, valid)


def check_real(param, value, *, low=None, high=None, low_open=False, high_open=False):
    """Return ``value`` as a float if it is a finite number in the interval given;
    ``low_open``/``high_open`` exclude the ends (``low=0, high=1, high_open=True``: [0, 1))."""
    if isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value):
        above = low is None or (value > low if low_open else value >= low)
        if above and (high is None or (value < high if high_open else value <= high)):
            return float(value)
    if low is not None and high is not None:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        valid = f"en el intervalo {left}{low}, {high}{right}"
    elif low is not None:
        valid = f"{'mayor que' if low_open else 'mayor o igual que'} {low}"
    elif high is not None:
        valid = f"{'menor que' if high_open else 'menor o igual que'} {high}"
    else:
        valid = "finito"
    raise CourseInputError(param, value, f"debe ser un número {valid}")


def check_choice(param, value, choices):
    """Return ``value`` if it is one of ``choices``."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise CourseInputError(param, value, f"los valores válidos son {listed}")
    return value
