"""The building blocks of an exercise's check: how a grader says "not yet" or "wrong", and how
it reads a student's answer without being fooled or crashing.

A grader is a function that receives the student's variables (by name) and either returns the
message for a correct answer or raises:

- ``NotAttempted(message)``: the starter is untouched (a ``...`` left in place, a function that
  still returns ``...`` or raises ``NotImplementedError``);
- ``Incorrect(message)``: a wrong answer, with a message that teaches: what was expected, what
  was received, and what to look at next.

Messages are Markdown (backticks around code). The helpers below raise these for the common
cases so that every exercise words them the same way.
"""

from __future__ import annotations

import math

import numpy as np


class NotAttempted(Exception):
    """The student has not started this exercise yet (the starter is untouched)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Incorrect(Exception):
    """The student's answer is wrong; ``message`` says how, and what to look at next."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_blank(value) -> bool:
    """True for the starters' placeholders: ``...`` (Ellipsis) and ``None``."""
    return value is Ellipsis or value is None


def call(function, *args, name: str, **kwargs):
    """Call the student's ``function`` and return its result, turning what can go wrong into
    feedback: not a function, ``NotImplementedError`` or a ``...`` result (not attempted),
    an exception (incorrect, with the error), ``None`` (incorrect: a missing ``return``)."""
    if not callable(function):
        raise Incorrect(f"`{name}` should be a function (defined with `def {name}(...):`); it is a "
                        f"{type(function).__name__}. Run the exercise's code cell again to define it.")
    try:
        result = function(*args, **kwargs)
    except NotImplementedError as error:
        raise NotAttempted(f"`{name}` still raises `NotImplementedError`: write its body, run the cell, "
                           "then check again.") from error
    except Exception as error:  # the student's code failed: show the error as feedback
        detail = f"{type(error).__name__}: {error}"
        advice = "Read the error message: it names the line and the operation that failed."
        if "ellipsis" in str(error).lower():
            advice = "One of the `...` placeholders is still in your code: replace every `...` with code."
        raise Incorrect(f"calling `{name}` raised an error: `{_one_line(detail)}`. {advice}") from error
    if result is Ellipsis:
        raise NotAttempted(f"`{name}` still returns `...`: replace the `...` in its body with your code, "
                           "run the cell, then check again.")
    if result is None:
        raise Incorrect(f"`{name}` returned `None`. Did you forget the `return` statement at the end?")
    return result


def as_array(value, name: str) -> np.ndarray:
    """``value`` as a NumPy array of numbers, or ``Incorrect`` saying what it is instead."""
    if isinstance(value, (str, bytes, dict, set)):
        raise Incorrect(f"`{name}` should be an array of numbers; it is a {type(value).__name__}.")
    try:
        array = np.asarray(value)
    except Exception as error:  # ragged lists and the like
        raise Incorrect(f"`{name}` could not be read as an array of numbers ({error}).") from error
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise Incorrect(f"`{name}` should hold numbers; it holds {array.dtype} values.")
    return array


def as_number(value, name: str) -> float:
    """``value`` as one float (a Python or NumPy number, or an array holding exactly one)."""
    if isinstance(value, (bool, str, bytes)):
        raise Incorrect(f"`{name}` should be a number (e.g. 0.95); it is a {type(value).__name__}.")
    array = as_array(value, name)
    if array.size != 1:
        raise Incorrect(f"`{name}` should be a single number; it is an array of shape {array.shape}.")
    number = float(array.reshape(()))
    if math.isnan(number):
        raise Incorrect(f"`{name}` is `nan` (not a number): somewhere a 0 was divided by 0, or a `nan` "
                        "crept into the data.")
    return number


def expect_shape(array: np.ndarray, shape: tuple, name: str, advice: str = "") -> None:
    """``Incorrect`` unless ``array.shape == shape``; ``None`` in ``shape`` matches any size."""
    if len(array.shape) == len(shape) and all(e is None or e == a for a, e in zip(array.shape, shape, strict=True)):
        return
    expected = "(" + ", ".join("any" if e is None else str(e) for e in shape) + ("," if len(shape) == 1 else "") + ")"
    raise Incorrect(f"`{name}` has shape {array.shape}; expected {expected}. {advice}".rstrip())


def fmt(value, digits: int = 4) -> str:
    """A number or array for a message: at most ``digits`` significant digits, short arrays in full."""
    array = np.asarray(value)
    if array.ndim == 0:
        number = array.item()
        if isinstance(number, (bool, np.bool_)):
            return str(number)
        if isinstance(number, (int, np.integer)):
            return str(number)
        return f"{number:.{digits}g}"
    with np.printoptions(precision=digits, suppress=True, threshold=12, edgeitems=3):
        return np.array2string(array, separator=", ", max_line_width=100_000)


def close(a, b, tolerance: float = 1e-6) -> bool:
    """True when two numbers or arrays of the same shape agree within ``tolerance`` (relative
    to their size, with an absolute floor of ``tolerance``)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tolerance, atol=tolerance))


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
