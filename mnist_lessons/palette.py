"""The course's one palette, named by role: every figure in every lesson takes its colours here.

Each role has one colour everywhere, so that a student who has learned "blue is training, orange
is validation" in lesson 01 can read lesson 05's plots without a legend hunt::

    from mnist_lessons.palette import TRAINING, VALIDATION
    ax.plot(epochs, train_accuracy, "o-", color=TRAINING, label="training")
    ax.plot(epochs, val_accuracy, "s--", color=VALIDATION, label="validation")

Every colour is readable on the white figure background: a contrast of at least 3:1, what WCAG 2.2
asks of lines and shapes (success criterion 1.4.11), and at least 4.5:1 for the colours exercise
feedback writes text in (1.4.3). The roles that share a figure (``FIGURE_ROLES``) stay at least
CIEDE2000 20 apart in normal vision and under simulated protan, deutan and tritan colour vision
(Brettel 1997 and Machado 2009, full severity; tests/test_palette.py measures it). They started
from Okabe and Ito's colours, darkened where those were too pale on white.

Figures never rely on colour alone: lines that carry roles differ in marker and line style too
(``SPLIT_STYLES``, ``run_style``), bars in hatching, answers in their text.
"""

from __future__ import annotations

BLUE = "#0072B2"
ORANGE = "#C36900"
WINE = "#780F2D"
GREEN = "#007A55"
VERMILION = "#C0470A"
PURPLE = "#A0467D"
GOLD = "#B07D00"
GREY = "#8A8A8A"
DARK_GREY = "#56606B"
CHARCOAL = "#555555"

BACKGROUND = "#FFFFFF"
"""The figure background every colour is measured against (matplotlib's default)."""

# Roles. Data splits:
TRAINING = BLUE
"""Anything measured on the training set (curves, bars)."""
VALIDATION = ORANGE
"""Anything measured on the validation set, the one every choice is made on."""
TEST = WINE
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
LIGHT = GREY
"""Faint structure: a network's connections (faint by their thin lines, not by a colour too pale to see)."""
BULB_ON = GOLD
"""The perceptron's lit bulb (drawn with rays, and its state written beneath)."""
BULB_OFF = CHARCOAL
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
NOTE = DARK_GREY
"""A side remark in feedback."""

SPLIT_STYLES = {
    "training": (TRAINING, "o", "-"),
    "validation": (VALIDATION, "s", "--"),
    "test": (TEST, "^", ":"),
}
"""(colour, marker, line style) of each data split's curves: told apart without colour too."""

RUN_STYLES = (
    (BLUE, "o", "-"),
    (ORANGE, "s", "--"),
    (WINE, "^", ":"),
    (PURPLE, "D", "-."),
    (GREEN, "v", (0, (5, 1, 1, 1, 1, 1))),
    (DARK_GREY, "P", (0, (1, 3))),
)
"""(colour, marker, line style) for the i-th of several runs compared in one figure: the first
three are the data splits' colours, and no two runs share a marker or a line style."""

FIGURE_ROLES = {
    "data splits": ("TRAINING", "VALIDATION", "TEST"),
    "answers": ("RIGHT", "WRONG", "NEUTRAL"),
    "forward and backward": ("FORWARD", "BACKWARD", "NEUTRAL"),
    "highlight": ("FORWARD", "HIGHLIGHT", "NEUTRAL"),
    "network": ("FORWARD", "LIGHT"),
    "bulb": ("BULB_ON", "BULB_OFF"),
    "three runs": ("BLUE", "ORANGE", "WINE"),
}
"""The roles drawn together in one figure, by the package or a lesson: each group's colours stay
distinguishable under every colour vision tests/test_palette.py simulates."""

TEXT_ROLES = ("CORRECT", "INCORRECT", "NOT_ATTEMPTED", "ADVICE", "SOLUTION", "NOTE")
"""The roles exercise feedback writes its headline text in: at least 4.5:1 on the background."""


def run_style(i: int) -> tuple[str, str, str | tuple]:
    """The i-th run's (colour, marker, line style), cycling: runs differ by more than colour."""
    return RUN_STYLES[i % len(RUN_STYLES)]
