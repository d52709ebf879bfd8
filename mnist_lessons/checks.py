"""Checks behind the numbers a lesson's prose states.

When the text says "about 91%", a cell computes the figure and checks it with one of these.
Each prints one deterministic line (never the raw float, which differs slightly between
machines), so nbval can compare it, and raises ``AssertionError`` when the figure no longer
matches the text: a library update that changes a result then fails CI instead of
silently contradicting the lesson.
"""

from __future__ import annotations

_recorded: dict[str, float] = {}


def recorded() -> dict[str, float]:
    """Every value checked so far in this process, by its ``what`` (the benchmark reads the
    accuracies a lesson reached from here after running the notebook)."""
    return dict(_recorded)


def _record(what: str, value: float) -> None:
    _recorded[what] = float(value)


def check_at_least(what: str, value: float, minimum: float) -> None:
    """Print ``"<what> is at least <minimum>: yes"``; raise if ``value < minimum``."""
    _record(what, value)
    if not value >= minimum:
        raise AssertionError(f"{what} is {value!r}, below {minimum}: the lesson's text expects at least {minimum}.")
    print(f"{what} is at least {minimum}: yes")


def check_at_most(what: str, value: float, maximum: float) -> None:
    """Print ``"<what> is at most <maximum>: yes"``; raise if ``value > maximum``."""
    _record(what, value)
    if not value <= maximum:
        raise AssertionError(f"{what} is {value!r}, above {maximum}: the lesson's text expects at most {maximum}.")
    print(f"{what} is at most {maximum}: yes")


def check_between(what: str, value: float, low: float, high: float) -> None:
    """Print ``"<what> is between <low> and <high>: yes"``; raise if outside ``[low, high]``."""
    _record(what, value)
    if not low <= value <= high:
        raise AssertionError(f"{what} is {value!r}, outside {low}..{high}, the range the lesson's text states.")
    print(f"{what} is between {low} and {high}: yes")


def check_rounded(what: str, value: float, expected: str) -> None:
    """Print ``"<what>: <expected>"`` if ``value`` rounds to ``expected``; else raise.

    ``expected`` is written as the prose writes it, e.g. ``"0.9108"`` or ``"91.08"``; the
    value is rounded to as many decimals as ``expected`` has.
    """
    _record(what, value)
    decimals = len(expected.partition(".")[2])
    shown = f"{value:.{decimals}f}"
    if shown != expected:
        raise AssertionError(f"{what} rounds to {shown}, but the lesson's text says {expected}.")
    print(f"{what}: {expected}")
