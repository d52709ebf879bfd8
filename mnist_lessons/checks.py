"""Checks behind the numbers a lesson's prose states.

Each prints one deterministic line (never a raw float) for nbval to compare, and raises
:class:`CheckFailed` when the figure no longer matches the text, saying which figure, what it is
now (rounded), what the text expects, and what to do next.
"""

from __future__ import annotations

import math
import re

_recorded: dict[str, float] = {}

NEXT_STEPS = """\
Why, and what to do next:
- Did you change a cell above (a seed, the number of epochs, the data, the model)? Then this is your \
experiment's result, not an error: the text below describes the lesson's run, not yours. Read on with your \
own numbers in mind, or undo your change to get the lesson's run back.
- Changed nothing? Run the whole notebook from the top: Kernel > Restart Kernel and Run All Cells. Cells run \
out of order, run twice, or left over from an earlier run change the numbers.
- Still failing after a fresh run? A library update (Keras, JAX, TensorFlow, NumPy) can move a figure. Tell \
your instructor, or open an issue on the course's repository and paste this message."""


class CheckFailed(AssertionError):
    """A figure the lesson's text states (``what``, ``expected``) no longer holds: this run ``found``
    something else. An ``AssertionError``, as nbval and pytest expect."""

    def __init__(self, what: str, found: str, expected: str, detail: str = ""):
        self.what, self.found, self.expected = what, found, expected
        lines = [f"Check failed: {what} {found}: the lesson's text expects {expected}."]
        if " nan" in found:
            detail = detail or ("nan means 'not a number': the computation broke down, for example a training "
                                "run whose loss blew up to infinity.")
        if detail:
            lines.append(detail)
        lines += ["", NEXT_STEPS]
        super().__init__("\n".join(lines))


def recorded() -> dict[str, float]:
    """Every value checked so far in this process, by its ``what`` (the benchmark reads them)."""
    return dict(_recorded)


def _record(what: str, value: float) -> None:
    _recorded[what] = float(value)


def _decimals(bound: float) -> int:
    """How many decimals ``bound`` is written with: 0.975 -> 3, 100 -> 0, 1e-06 -> 6."""
    text = repr(float(bound)) if not isinstance(bound, int) else str(bound)
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        return max(0, len(mantissa.partition(".")[2].rstrip("0")) - int(exponent))
    return len(text.partition(".")[2].rstrip("0"))


def _fixed(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` decimals, never "-0.00": a value that rounds to zero has no sign."""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def shown(value: float, *bounds: float) -> str:
    """``value`` rounded for a message: one decimal more than the most precise of ``bounds``, more where
    needed to tell it from one; three significant digits when tiny or huge; nan and inf as they are."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e7):
        return f"{value:.3g}"
    decimals = max((_decimals(b) for b in bounds), default=2) + 1
    while decimals < 8 and any(_fixed(value, decimals) == _fixed(float(b), decimals) for b in bounds):
        decimals += 1
    return _fixed(value, decimals)


def check_at_least(what: str, value: float, minimum: float) -> None:
    """Print ``"<what> is at least <minimum>: yes"``; raise :class:`CheckFailed` if ``value < minimum``."""
    _record(what, value)
    if not value >= minimum:
        raise CheckFailed(what, f"is {shown(value, minimum)}, below {minimum}", f"at least {minimum}")
    print(f"{what} is at least {minimum}: yes")


def check_at_most(what: str, value: float, maximum: float) -> None:
    """Print ``"<what> is at most <maximum>: yes"``; raise :class:`CheckFailed` if ``value > maximum``."""
    _record(what, value)
    if not value <= maximum:
        raise CheckFailed(what, f"is {shown(value, maximum)}, above {maximum}", f"at most {maximum}")
    print(f"{what} is at most {maximum}: yes")


def check_between(what: str, value: float, low: float, high: float) -> None:
    """Print ``"<what> is between <low> and <high>: yes"``; raise :class:`CheckFailed` if outside ``[low, high]``."""
    _record(what, value)
    if not low <= value <= high:
        raise CheckFailed(what, f"is {shown(value, low, high)}, outside {low}..{high}", f"between {low} and {high}")
    print(f"{what} is between {low} and {high}: yes")


def check_rounded(what: str, value: float, expected: str) -> None:
    """Print ``"<what>: <expected>"`` if ``value`` rounds to ``expected`` (written as the prose writes it,
    ``"91.08"``, never ``"-0.00"``); else raise :class:`CheckFailed`."""
    _record(what, value)
    decimals = len(expected.partition(".")[2])
    rounded = _fixed(float(value), decimals)
    if rounded != expected:
        raise CheckFailed(what, f"rounds to {rounded}", expected)
    print(f"{what}: {expected}")


def error_summary(error: BaseException) -> str:
    """An error message's sentence saying what is wrong, without colour codes or Keras's wrapping."""
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
    """Check that ``action()`` raises ``error`` mentioning every string in ``mentions`` (shapes, say);
    print one line saying so (with ``show=True``, also its ``error_summary()``) and return it.
    :class:`CheckFailed` if it succeeds or a mention is missing; another error passes through."""
    said = " and ".join(repr(m) for m in mentions)
    expected = f"a {error.__name__}" + (f" that mentions {said}" if mentions else "")
    try:
        action()
    except error as exc:
        missing = [m for m in mentions if m not in str(exc)]
        if missing:
            raise CheckFailed(what, f"raises a {type(exc).__name__} that no longer mentions "
                              + " and ".join(repr(m) for m in missing), expected,
                              detail=f"Its message now reads: {error_summary(exc)[:500]}") from exc
        print(f"{what}: raises {error.__name__}" + (f", mentioning {said}" if mentions else "") + ": yes")
        if show:
            print(error_summary(exc))
        return exc
    raise CheckFailed(what, "ran without an error", expected,
                      detail="The text below explains an error that this run did not raise.")
