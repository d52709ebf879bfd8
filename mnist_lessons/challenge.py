"""The Fashion-MNIST student challenge (lesson 04): its targets, and the check that reports them.

The starter model scores far below 50%. The student improves it in two stages::

    accuracy = model.evaluate(x_test_ready, y_test, verbose=0)[1]
    check_targets(accuracy)
    # target 80% (normalise the pixels and use softmax): met
    # target 87% (add a hidden layer): not yet. Hint: ...

The lines printed depend only on which targets are met, never on the exact accuracy, so a
notebook's stored output stays valid on another machine.
"""

from __future__ import annotations

TARGETS: dict[float, tuple[str, str]] = {
    0.80: (
        "normalise the pixels and use softmax",
        "scale the pixels to 0..1 with scale_pixels, and give the output layer activation='softmax'.",
    ),
    0.87: (
        "add a hidden layer",
        "put a Dense(128, activation='relu') layer between Flatten and the output, and train for more epochs.",
    ),
}
"""Each target accuracy (a fraction) with what reaching it takes and the hint shown until it is met."""


def check_targets(accuracy: float, targets: dict[float, tuple[str, str]] | None = None) -> list[bool]:
    """Print one line per target saying whether ``accuracy`` reaches it (with a hint if not).

    Args:
        accuracy: the model's test accuracy as a fraction 0..1 (what ``model.evaluate`` reports).
        targets: ``{fraction: (what it takes, hint)}``; default ``TARGETS``.

    Returns:
        One bool per target, lowest target first: ``True`` where it is met.

    Raises:
        ValueError: ``accuracy`` is not a fraction between 0 and 1 (a percentage such as 85.0, say).
    """
    targets = TARGETS if targets is None else targets
    accuracy = float(accuracy)
    if not 0.0 <= accuracy <= 1.0:
        raise ValueError(
            f"check_targets expects the accuracy as a fraction between 0 and 1 (like 0.85); received {accuracy}. "
            "Pass model.evaluate(...)[1], not a percentage."
        )
    met = []
    for target in sorted(targets):
        what, hint = targets[target]
        reached = accuracy >= target
        status = "met" if reached else f"not yet. Hint: {hint}"
        print(f"target {100 * target:.0f}% ({what}): {status}")
        met.append(reached)
    return met
