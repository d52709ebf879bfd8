"""The Fashion-MNIST student challenge (lesson 05): its target.

The starter model scores far below 50%. The student fixes it, graded on validation data by
lesson 05's exercise ``q1`` (``mnist_lessons.exercises.lesson05``), which takes its threshold
and hint from here; exercise ``q2`` then measures what each of the two fixes does alone.
"""

from __future__ import annotations

TARGETS: dict[float, tuple[str, str]] = {
    0.80: (
        "normalise the pixels and use softmax",
        "scale the pixels to 0..1 with scale_pixels, and give the output layer activation='softmax'.",
    ),
}
"""Each target accuracy (a fraction) with what reaching it takes and the hint shown until it is met."""
