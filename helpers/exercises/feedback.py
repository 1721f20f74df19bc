"""The verdict of a self-check, printed in Spanish and kept for tests, and how answers are read.

Students type answers in many valid forms (``np.int64(8)``, ``1.33`` for 4/3, ``np.True_``); the
readers here accept them and turn the usual slips (``1,33`` is a tuple in Python, ``"0.25"`` a
text) into a hint instead of an error.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """``ok`` and the hints for what is still wrong; ``unanswered``: the answer is a placeholder."""

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
    """A ``Feedback`` from a list of hints (``None`` entries skipped): correct when empty."""
    problems = tuple(p for p in problems if p)
    return Feedback(ok=not problems, hints=problems)


def is_unanswered(answer):
    """True while the answer cell still holds its placeholder (``None`` or ``...``)."""
    return answer is None or answer is Ellipsis


def unanswered(*names):
    """The reminder for an answer still left as ``None``; ``names``: the variables to fill in."""
    where = "sustituye el None por tu respuesta"
    if names:
        listed = " y ".join(f"«{n}»" for n in names)
        verb = "vale" if len(names) == 1 else "valen"
        where = f"escribe tu respuesta en {listed} (ahora {verb} None)"
    hint = f"Todavía no has respondido: {where} y ejecuta la celda."
    return Feedback(ok=False, hints=(hint,), unanswered=True)


def unreadable(answer, hint, *names):
    """The reminder to fill in ``names`` while ``answer`` is a placeholder, else ``hint``.

    For an answer of the wrong kind: ``hint`` says what a valid one looks like.
    """
    if is_unanswered(answer):
        return unanswered(*names)
    return report([hint])


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


def read_number(answer):
    """``(value, None)`` if ``answer`` is one finite real number, else ``(None, Spanish hint)``.

    Accepts Python and NumPy numbers, 0-d or one-element arrays and tensors, ``Fraction`` and
    ``Decimal``; a tuple of numbers (``1,33``) or a number in quotes gets the hint for that slip.
    """
    if isinstance(answer, str):
        try:
            float(answer.strip().replace(",", "."))
            return None, "escribe el número sin comillas: entre comillas es un texto"
        except ValueError:
            return None, "escribe un número"
    if isinstance(answer, tuple) and answer:
        if all(isinstance(a, Real) and not isinstance(a, bool) for a in answer):
            return None, DECIMAL_COMMA if len(answer) > 1 else TRAILING_COMMA
    if isinstance(answer, list | tuple | set | dict):
        return None, "escribe un solo número, no una colección de valores"
    try:
        array = np.asarray(answer)
        if array.dtype.kind == "b":
            return None, "escribe un número, no True ni False"
        value = float(array.reshape(()))
    except Exception:  # anything NumPy cannot read as one real number
        return None, "escribe un número"
    if not math.isfinite(value):
        return None, "escribe un número finito (no NaN ni infinito)"
    return value, None


def read_integer(answer):
    """``(int, None)`` for a whole number (``np.int64(8)``, ``8.0``), else ``(None, hint)``."""
    value, hint = read_number(answer)
    if hint:
        return None, hint
    if not value.is_integer():
        return None, "escribe un número entero"
    return int(value), None


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
    # The shortest text that reads back as the answer (a float32 keeps its own digits).
    array = np.asarray(answer)
    typed = array.reshape(())[()] if array.dtype.kind == "f" else value
    digits = Decimal(np.format_float_positional(typed, unique=True, trim="-")).as_tuple()
    unit = 10.0**digits.exponent
    significant = len("".join(map(str, digits.digits)).lstrip("0"))
    gap = abs(value - expected)
    if significant >= sig:
        truncated = value * expected > 0 and 0 <= abs(expected) - abs(value) < unit * (1 + 1e-9)
        if gap <= 0.5 * unit * (1 + 1e-9) or truncated:
            return "ok"
        return "near" if gap <= 1.5 * unit else None
    return "short" if gap < 0.5 * unit * (1 - 1e-9) else None


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
    return {"short": SHORT.format(sig=sig), "near": NEAR}.get(verdict, otherwise)


def number_feedback(answer, name, expected, *, wrong=(), otherwise):
    """The ``Feedback`` for a numeric answer in the variable ``name`` (see ``number_hint``)."""
    if is_unanswered(answer):
        return unanswered(name)
    return report([number_hint(answer, expected, wrong=wrong, otherwise=otherwise)])


def epoch_feedback(
    answer, name, right, *, wrong=(), otherwise, prefix="debe ser un número entero de época: {}"
):
    """The ``Feedback`` for an answer that is one epoch number held in the variable ``name``.

    ``wrong``: ``(epoch, hint)`` for known slips, the first that matches wins; ``otherwise``: the
    hint for any other epoch, or a function of it; ``prefix`` formats the hint for a non-integer.
    """
    got, hint = read_integer(answer)
    if hint:
        return unreadable(answer, prefix.format(hint), name)
    if got == right:
        return report([])
    slip = next((h for epoch, h in wrong if epoch == got), None)
    return report([slip or (otherwise(got) if callable(otherwise) else otherwise)])


def read_bool(answer):
    """``(bool, None)`` for ``True``/``False`` (also NumPy's), else ``(None, Spanish hint)``."""
    if isinstance(answer, bool | np.bool_):
        return bool(answer), None
    if isinstance(answer, str) and answer.strip().lower() in ("true", "false", "sí", "si", "no"):
        return None, "escribe True o False sin comillas: entre comillas es un texto"
    return None, "responde True o False"
