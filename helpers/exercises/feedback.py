"""The verdict of a self-check, printed in Spanish and kept for tests, and how answers are read.

Students type answers in many valid forms (``np.int64(8)``, ``1.33`` for 4/3, ``np.True_``); the
readers here accept them and turn the usual slips (``1,33`` is a tuple in Python, ``"0.25"`` a
text) into a hint instead of an error.
"""

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from numbers import Integral, Real


@dataclass(frozen=True)
class Feedback:
    """``ok`` and the hints for what is still wrong (empty when ``ok``).

    ``unanswered`` marks the reminder given while the answer is still the placeholder.
    """

    ok: bool
    hints: tuple = ()
    unanswered: bool = False

    def __str__(self):
        if self.ok:
            return "¡Correcto!"
        if self.unanswered:
            return "\n".join(self.hints)
        return "Todavía no:\n" + "\n".join(f"  · {h}" for h in self.hints)

    def _repr_html_(self):
        color = "#1b5e20" if self.ok else "#b00020"
        body = str(self).replace("\n", "<br>")
        return f'<div style="color:{color}; font-weight:500">{body}</div>'


def report(problems):
    """A ``Feedback`` from a list of hints: correct when the list is empty."""
    problems = tuple(p for p in problems if p)
    return Feedback(ok=not problems, hints=problems)


def is_unanswered(answer):
    """True while the answer cell still holds its placeholder (``None`` or ``...``)."""
    return answer is None or answer is Ellipsis


def unanswered(*names):
    """The reminder for an answer still left as ``None``; ``names``: the variables to fill in."""
    if names:
        listed = " y ".join(f"«{n}»" for n in names)
        verb = "vale" if len(names) == 1 else "valen"
        where = f"escribe tu respuesta en {listed} (ahora {verb} None)"
    else:
        where = "sustituye el None por tu respuesta"
    return Feedback(
        ok=False,
        hints=(f"Todavía no has respondido: {where} y ejecuta la celda.",),
        unanswered=True,
    )


# Reading numbers --------------------------------------------------------------------------------

DECIMAL_COMMA = (
    "en Python los decimales se escriben con punto (0.5, no 0,5): con una coma, Python crea "
    "una tupla de dos números"
)
TRAILING_COMMA = "sobra una coma al final: con ella Python crea una tupla en lugar de un número"
SHORT = (
    "con tan pocas cifras no se puede comprobar: usa más decimales "
    "(al menos {sig} cifras significativas) o deja que Python haga la cuenta"
)
NEAR = (
    "casi: solo falla el redondeo de la última cifra; usa más decimales o deja que Python "
    "haga la cuenta"
)


def _is_plain_number(x):
    return isinstance(x, Real) and not isinstance(x, bool)


def _text_number(text):
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def read_number(answer):
    """``(value, None)`` if ``answer`` is one finite real number, else ``(None, Spanish hint)``.

    Accepts Python and NumPy numbers, 0-d or one-element arrays and tensors, ``Fraction`` and
    ``Decimal``; a tuple of numbers (``1,33``) or a number in quotes gets the hint for that slip.
    """
    import numpy as np

    if isinstance(answer, bool | np.bool_):
        return None, "escribe un número, no True ni False"
    if isinstance(answer, str):
        if _text_number(answer) is not None:
            return None, "escribe el número sin comillas: entre comillas es un texto"
        return None, "escribe un número"
    if isinstance(answer, tuple) and answer and all(_is_plain_number(a) for a in answer):
        return None, DECIMAL_COMMA if len(answer) > 1 else TRAILING_COMMA
    if isinstance(answer, list | tuple | set | dict):
        return None, "escribe un solo número, no una colección de valores"
    if _is_plain_number(answer):
        value = float(answer)
    else:
        try:
            array = np.asarray(answer)
        except Exception:  # anything NumPy cannot read is not a number
            array = None
        if array is not None and array.size == 1 and array.dtype.kind in "iuf":
            value = float(array.reshape(()))
        elif array is not None and array.dtype.kind == "b":
            return None, "escribe un número, no True ni False"
        elif hasattr(answer, "__float__") and array is not None and array.ndim == 0:
            value = float(answer)  # e.g. decimal.Decimal
        else:
            return None, "escribe un número"
    if not math.isfinite(value):
        return None, "escribe un número finito (no NaN ni infinito)"
    return value, None


def read_integer(answer):
    """``(int, None)`` for a whole number (``np.int64(8)``, ``8.0``), else ``(None, hint)``."""
    if isinstance(answer, Integral) and not isinstance(answer, bool):
        return int(answer), None
    value, hint = read_number(answer)
    if hint:
        return None, hint
    if not value.is_integer():
        return None, "escribe un número entero"
    return int(value), None


def _shortest_text(answer):
    """The shortest decimal text that reads back as ``answer`` (what the student typed)."""
    import numpy as np

    if isinstance(answer, Integral):
        return str(int(answer))
    array = np.asarray(answer)
    if array.dtype.kind == "f" and array.size == 1:
        return np.format_float_positional(array.reshape(())[()], unique=True, trim="-")
    return np.format_float_positional(float(answer), unique=True, trim="-")


def match_number(answer, expected, sig=3):
    """How a numeric ``answer`` matches ``expected``, reading its digits as the student typed them.

    ``"ok"``: equal, or rounded (or truncated) to at least ``sig`` significant figures.
    ``"short"``: a correct rounding to fewer figures (e.g. 1.3 for 4/3 with ``sig=3``).
    ``"near"``: at least ``sig`` figures, off by about one in the last digit (1.34 for 4/3).
    ``None``: anything else. ``answer`` must already have passed ``read_number``.
    """
    value, _ = read_number(answer)
    expected = float(expected)
    if math.isclose(value, expected, rel_tol=1e-6, abs_tol=1e-12):
        return "ok"
    try:
        digits = Decimal(_shortest_text(answer)).as_tuple()
    except (InvalidOperation, ValueError):
        return None
    unit = 10.0**digits.exponent
    significant = len("".join(map(str, digits.digits)).lstrip("0"))
    gap = abs(value - expected)
    same_sign = value * expected > 0
    if significant >= sig:
        truncated = same_sign and 0 <= abs(expected) - abs(value) < unit * (1 + 1e-9)
        if gap <= 0.5 * unit * (1 + 1e-9) or truncated:
            return "ok"
        if gap <= 1.5 * unit:
            return "near"
        return None
    if gap < 0.5 * unit * (1 - 1e-9):
        return "short"
    return None


def number_hint(answer, expected, *, wrong=(), otherwise, sig=3):
    """``None`` if ``answer`` is ``expected`` to ``sig`` significant figures, else a hint.

    ``wrong`` lists ``(value, hint)`` for plausible mistakes, checked after the right answer and
    before the rounding hints; ``otherwise`` is the hint for any other number.
    """
    _, hint = read_number(answer)
    if hint:
        return hint
    verdict = match_number(answer, expected, sig)
    if verdict == "ok":
        return None
    for mistake, mistake_hint in wrong:
        if match_number(answer, mistake, sig) == "ok":
            return mistake_hint
    if verdict == "short":
        return SHORT.format(sig=sig)
    if verdict == "near":
        return NEAR
    return otherwise


def read_bool(answer):
    """``(bool, None)`` for ``True``/``False`` (also NumPy's), else ``(None, Spanish hint)``."""
    import numpy as np

    if isinstance(answer, bool | np.bool_):
        return bool(answer), None
    if isinstance(answer, str) and answer.strip().lower() in ("true", "false", "sí", "si", "no"):
        return None, "escribe True o False sin comillas: entre comillas es un texto"
    return None, "responde True o False"
