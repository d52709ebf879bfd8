"""Turning a model's outputs into answers, in one place for the whole course.

``to_answers`` is the one rule every helper that counts right answers goes through. The rest reads
a classifier's probabilities: the two most likely classes, and answering "I am not sure" (``UNSURE``)
when they are too close.
"""

from __future__ import annotations

import numpy as np

UNSURE = -1  # predict_or_unsure's answer when the top two probabilities are too close


def to_answers(outputs, threshold: float = 0.5) -> np.ndarray:
    """The int64 ``(n,)`` answers of ``model.predict`` outputs: for ``(n,)`` or ``(n, 1)``, 1 above
    ``threshold`` else 0 (as Keras's accuracy); for ``(n, k)``, the ``argmax`` class. ValueError otherwise."""
    outputs = np.asarray(outputs)
    if outputs.ndim == 2 and outputs.shape[1] == 1:
        outputs = outputs[:, 0]
    if outputs.ndim == 1:
        return (outputs > threshold).astype(np.int64)
    if outputs.ndim == 2:
        return outputs.argmax(axis=1).astype(np.int64)
    raise ValueError(
        f"to_answers expects one row of outputs per example, shape (n,), (n, 1) or (n, k); received shape "
        f"{outputs.shape}. For images, pass model.predict(images), not the images themselves."
    )


def top_two(probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(best, second, margin)`` of ``(n, k)`` probabilities, k >= 2: the int64 ``(n,)`` most likely
    and runner-up classes, and the float ``(n,)`` difference of their probabilities."""
    probabilities = _as_probabilities(probabilities)
    order = np.argsort(probabilities, axis=1, kind="stable")
    best, second = order[:, -1], order[:, -2]
    rows = np.arange(len(probabilities))
    margin = probabilities[rows, best] - probabilities[rows, second]
    return best.astype(np.int64), second.astype(np.int64), margin


def margin(probabilities: np.ndarray) -> np.ndarray:
    """The highest probability minus the second highest, per example: float ``(n,)`` in 0..1."""
    return top_two(probabilities)[2]


def predict_or_unsure(probabilities: np.ndarray, min_margin: float) -> np.ndarray:
    """The int64 ``(n,)`` most likely class of ``(n, k)`` probabilities, or ``UNSURE`` (-1) where the
    top two are closer than ``min_margin`` (0..1; 0 always answers)."""
    if not 0.0 <= min_margin <= 1.0:
        raise ValueError(f"min_margin is a difference of probabilities, between 0 and 1; received {min_margin}.")
    best, _, gap = top_two(probabilities)
    return np.where(gap >= min_margin, best, UNSURE).astype(np.int64)


def confident_accuracy(probabilities: np.ndarray, labels: np.ndarray, min_margin: float) -> tuple[float, float]:
    """``(answered, accuracy)`` of ``predict_or_unsure`` on ``(n, k)`` probabilities against ``(n,)``
    integer labels: the fraction answered, and of those right (``nan`` when none is)."""
    labels = np.asarray(labels)
    answers = predict_or_unsure(probabilities, min_margin)
    if labels.shape != answers.shape:
        raise ValueError(
            f"confident_accuracy: {answers.shape[0]} rows of probabilities but labels of shape {labels.shape}; "
            "pass one integer label per row (not one-hot targets)."
        )
    answered = answers != UNSURE
    accuracy = float(np.mean(answers[answered] == labels[answered])) if answered.any() else float("nan")
    return float(np.mean(answered)), accuracy


def _as_probabilities(probabilities) -> np.ndarray:
    probabilities = np.asarray(probabilities, dtype=np.float64)
    if probabilities.ndim != 2 or probabilities.shape[1] < 2:
        raise ValueError(
            "expected class probabilities of shape (n, k) with k >= 2, one row per example "
            f"(what model.predict returns); received shape {probabilities.shape}. "
            "For a single example, pass probs[None] or model.predict(image[None])."
        )
    return probabilities
