"""The Fashion-MNIST student challenge (lesson 05): its two targets.

The starter model scores far below 50%. The student improves it in two stages, graded on
validation data by lesson 05's exercises ``q1`` and ``q2`` (``mnist_lessons.exercises.lesson05``),
which take their thresholds and hints from here.
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
