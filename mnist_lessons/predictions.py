"""Turning a model's outputs into answers, in one place for the whole course.

``to_answers`` is the one rule: a yes/no model (one output unit) answers 1 where its output is
above a threshold; a classifier with one output per class answers the most probable class.
Every helper that counts right answers (``debug.binary_scores``, ``debug.overfit_tiny_subset``,
``plots.show_prediction``) goes through it.

The rest reads a classifier's probabilities: the two most likely classes, and answering "I am
not sure". A softmax output gives, for every image, one probability per class (a row adding up to 1).
The prediction is the most probable class. When the two highest probabilities are close,
the model is torn between two answers; instead of guessing, it can say so::

    probs = model.predict(x_test)                            # (n, 10), rows sum to 1
    answers = predict_or_unsure(probs, min_margin=0.2)       # class, or UNSURE (-1)
    answered, accuracy = confident_accuracy(probs, y_test, min_margin=0.2)
"""

from __future__ import annotations

import numpy as np

UNSURE = -1
"""The answer ``predict_or_unsure`` gives when the top two probabilities are too close."""


def to_answers(outputs, threshold: float = 0.5) -> np.ndarray:
    """The answers a model's outputs stand for: int64 ``(n,)``.

    Args:
        outputs: what ``model.predict`` returns. ``(n,)`` or ``(n, 1)`` for a yes/no model: the
            answer is 1 where the output is above ``threshold``, else 0 (the rule Keras's
            ``"accuracy"`` metric uses for one output unit). ``(n, k)`` with k >= 2 for a
            classifier: the answer is the class with the highest output (``argmax``).
        threshold: the dividing line between "no" and "yes"; only used for one output unit.

    Returns:
        int64 ``(n,)``: 0 or 1 for a yes/no model, a class index 0..k-1 for a classifier.

    Raises:
        ValueError: the outputs are not one row per example.
    """
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
    """The most likely class, the runner-up, and how far apart their probabilities are.

    Args:
        probabilities: ``(n, k)`` array, one row of k >= 2 class probabilities per example
            (what ``model.predict`` returns for a softmax output).

    Returns:
        ``(best, second, margin)``: ``best`` and ``second`` are int64 ``(n,)`` class indices,
        ``margin`` is float ``(n,)``: the best probability minus the second best (0 = a tie,
        1 = completely sure).

    Raises:
        ValueError: ``probabilities`` is not a 2-D array with at least two columns.
    """
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
    """The most likely class, or ``UNSURE`` (-1) where the top two are closer than ``min_margin``.

    Args:
        probabilities: ``(n, k)`` class probabilities.
        min_margin: how far ahead (in probability, 0..1) the best class must be for the
            model to answer; 0 always answers.

    Returns:
        int64 ``(n,)``: a class index 0..k-1, or ``UNSURE``.
    """
    if not 0.0 <= min_margin <= 1.0:
        raise ValueError(f"min_margin is a difference of probabilities, between 0 and 1; received {min_margin}.")
    best, _, gap = top_two(probabilities)
    return np.where(gap >= min_margin, best, UNSURE).astype(np.int64)


def confident_accuracy(probabilities: np.ndarray, labels: np.ndarray, min_margin: float) -> tuple[float, float]:
    """How often the model dares to answer, and how accurate those answers are.

    Args:
        probabilities: ``(n, k)`` class probabilities.
        labels: ``(n,)`` integer true classes.
        min_margin: as in ``predict_or_unsure``.

    Returns:
        ``(answered, accuracy)``: the fraction of examples answered (not ``UNSURE``), and the
        fraction of those answers that are right (``nan`` when nothing is answered).
    """
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
