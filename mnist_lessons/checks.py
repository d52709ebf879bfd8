"""Checks behind the numbers a lesson's prose states.

When the text says "about 91%", a cell computes the figure and checks it with one of these.
Each prints one deterministic line (never the raw float, which differs slightly between
machines), so nbval can compare it, and raises ``AssertionError`` when the figure no longer
matches the text: a library update that changes a result then fails CI instead of
silently contradicting the lesson.
"""

from __future__ import annotations

import re

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


def error_summary(error: BaseException) -> str:
    """The sentence of an error message that says what is wrong, without terminal colour codes
    and without Keras's "Exception encountered when calling ..." and "Arguments received ..."
    wrapping."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0].startswith("Exception encountered when calling"):
        lines = lines[1:]
    kept = []
    for line in lines:
        if line.startswith("Arguments received by"):
            break
        kept.append(line)
    return " ".join(kept)


def check_raises(what: str, action, error: type[BaseException], mentions: tuple[str, ...] = (), *,
                 show: bool = False) -> BaseException:
    """Run ``action()``, a step that is meant to fail, and check that it raises ``error`` with a
    message that mentions every string in ``mentions`` (shapes, say, which every backend names
    the same way, unlike the wording around them).

    Prints ``"<what>: raises ValueError, mentioning '(None, 784)' and '(128, 28, 28)': yes"``
    and returns the exception; with ``show=True`` also prints ``error_summary()`` of it (only
    where that sentence is the same on every backend). Raises ``AssertionError``
    when ``action()`` succeeds, raises something else, or the message lacks a mention.
    """
    try:
        action()
    except error as exc:
        message = str(exc)
        missing = [m for m in mentions if m not in message]
        if missing:
            raise AssertionError(f"{what}: the {type(exc).__name__} no longer mentions {missing}; the lesson's text "
                                 f"quotes them. The message now reads: {message[:500]}") from exc
        said = " and ".join(repr(m) for m in mentions)
        print(f"{what}: raises {error.__name__}" + (f", mentioning {said}" if mentions else "") + ": yes")
        if show:
            print(error_summary(exc))
        return exc
    raise AssertionError(f"{what}: expected a {error.__name__}, but it ran without one. The lesson's text says it "
                         "fails: a library update may have changed this behaviour.")
