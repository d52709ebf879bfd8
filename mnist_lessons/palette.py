"""The course's one palette, named by role: every figure in every lesson takes its colours here.

The colours are Okabe and Ito's, told apart by readers with any common colour-blindness. Each
role has one colour everywhere, so that a student who has learned "blue is training, orange is
validation" in lesson 01 can read lesson 05's plots without a legend hunt::

    from mnist_lessons.palette import TRAINING, VALIDATION
    ax.plot(epochs, train_accuracy, "o-", color=TRAINING, label="training")
    ax.plot(epochs, val_accuracy, "s--", color=VALIDATION, label="validation")

Figures should not rely on colour alone: pair it with a marker, a line style, a hatch or a label.
"""

from __future__ import annotations

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
SKY_BLUE = "#56B4E9"
YELLOW = "#F0E442"
GREY = "#999999"
DARK_GREY = "#56606B"
LIGHT_GREY = "#BBBBBB"

# Roles. Data splits:
TRAINING = BLUE
"""Anything measured on the training set (curves, bars)."""
VALIDATION = ORANGE
"""Anything measured on the validation set, the one every choice is made on."""
TEST = GREEN
"""The test set: opened once per lesson, for the verdict."""

# Answers:
RIGHT = BLUE
"""A right answer (always paired with text such as "true 3", never colour alone)."""
WRONG = ORANGE
"""A wrong answer."""

# Explanations:
FORWARD = BLUE
"""The forward pass: inputs to prediction."""
BACKWARD = VERMILION
"""The backward pass: derivatives from the error back to the weights."""
HIGHLIGHT = VERMILION
"""The one thing a figure asks you to look at."""
NEUTRAL = GREY
"""Context: a reference line, a loss curve behind the steps taken on it."""
LIGHT = LIGHT_GREY
"""Faint structure: a network's connections."""
BULB_ON = YELLOW
"""The perceptron's lit bulb."""
BULB_OFF = "#555555"
"""The perceptron's dark bulb."""

# Exercise feedback (mnist_lessons.exercises), as headline colours:
CORRECT = GREEN
"""An exercise answered correctly."""
INCORRECT = VERMILION
"""An exercise answered incorrectly: what is wrong, and what to try."""
NOT_ATTEMPTED = DARK_GREY
"""A blank starter (dark enough to read as text)."""
ADVICE = BLUE
"""Neutral guidance: an exercise's statement, a hint, the questionnaire, progress."""
SOLUTION = PURPLE
"""A solution or an answer given away on request."""
NOTE = ORANGE
"""A side remark in feedback."""

RUN_STYLES = (
    (BLUE, "o", "-"),
    (ORANGE, "s", "--"),
    (GREEN, "^", ":"),
    (PURPLE, "D", "-."),
    (SKY_BLUE, "v", "-"),
    (VERMILION, "P", "--"),
)
"""(colour, marker, line style) for the i-th of several runs compared in one figure."""


def run_style(i: int) -> tuple[str, str, str]:
    """The i-th run's (colour, marker, line style), cycling: runs differ by more than colour."""
    return RUN_STYLES[i % len(RUN_STYLES)]
