"""Summaries of repeated measurements: median with min–max, mean ± sd, and target checks."""

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """Median, minimum and maximum of ``n`` samples (in the samples' unit)."""

    median: float
    low: float
    high: float
    n: int


def summarize(samples):
    """``Summary`` of a non-empty sequence of numbers."""
    values = [float(v) for v in samples]
    if not values:
        raise ValueError("summarize needs at least one sample")
    return Summary(statistics.median(values), min(values), max(values), len(values))


def format_summary(summary, unit="s", digits=2):
    """``"1.23 s (1.10–1.40, n=3)"``; a single sample is shown without a range."""
    if summary is None:
        return "—"
    unit = unit if unit == "×" else f" {unit}"
    if summary.n == 1:
        return f"{summary.median:.{digits}f}{unit} (n=1)"
    return (
        f"{summary.median:.{digits}f}{unit} "
        f"({summary.low:.{digits}f}–{summary.high:.{digits}f}, n={summary.n})"
    )


def format_mib(n_bytes):
    """Bytes as ``"612 MiB"``."""
    return f"{n_bytes / 2**20:.0f} MiB"


def mean_sd(values):
    """``(mean, sample standard deviation)``; the deviation is 0 for a single value."""
    values = [float(v) for v in values]
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return statistics.fmean(values), sd


def format_mean_sd(values, digits=3):
    """``"0.965 ± 0.012"``."""
    mean, sd = mean_sd(values)
    return f"{mean:.{digits}f} ± {sd:.{digits}f}"


def meets(value, target, *, at_least=False):
    """Whether ``value`` meets ``target`` (at most the target, or at least it with ``at_least``)."""
    if value is None:
        return None
    return value >= target if at_least else value <= target


def verdict(ok):
    """The results table's word for a target check."""
    return {True: "met", False: "**NOT met**", None: "not measured"}[ok]


def agree_within_noise(a, b, *, floor=0.0):
    """Whether two groups of results agree: their means differ by at most twice the standard error
    of the difference (or by ``floor``, the measurement's resolution, whichever is larger).

    Returns ``(agrees, difference, tolerance)``.
    """
    mean_a, sd_a = mean_sd(a)
    mean_b, sd_b = mean_sd(b)
    tolerance = max(2 * (sd_a**2 / len(a) + sd_b**2 / len(b)) ** 0.5, floor)
    difference = mean_a - mean_b
    return abs(difference) <= tolerance, difference, tolerance
