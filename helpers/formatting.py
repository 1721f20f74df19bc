"""Numbers as a Spanish reader writes them: decimal comma in sentences and in tables."""


def es_number(value, decimals=3, *, signed=False):
    """``value`` with ``decimals`` decimals and a decimal comma, e.g. ``es_number(-0.5, 2)`` →
    ``"-0,50"``; ``signed=True`` always shows the sign."""
    text = f"{value:+.{decimals}f}" if signed else f"{value:.{decimals}f}"
    return text.replace(".", ",")


def es_significant(value, decimals=3, *, signed=False, max_decimals=6):
    """Like ``es_number``, with more decimals when ``value`` is not zero but would print as zero
    (``0.0004`` with 3 decimals → ``"0,0004"``)."""
    while decimals < max_decimals and value != 0 and round(abs(value), decimals) == 0:
        decimals += 1
    return es_number(value, decimals, signed=signed)


def es_general(value, digits=3):
    """``value`` with ``digits`` significant figures and a decimal comma, in the shortest form:
    ``es_general(0.01)`` → ``"0,01"``, ``es_general(12345.6)`` → ``"1,23e+04"``."""
    return f"{value:.{digits}g}".replace(".", ",")


def decimal_comma(decimals=3):
    """Make pandas show floats with ``decimals`` decimals and a decimal comma in this kernel.

    Only the display changes: the numbers in the tables, and the code, stay as they are.
    """
    import pandas as pd

    pd.set_option("display.float_format", lambda v: es_number(v, decimals))
