"""The course's one palette, named by role: every figure in every lesson takes its colours here.

Each role has one colour everywhere. Every colour has at least 3:1 contrast on white (WCAG 2.2,
1.4.11; 4.5:1 for feedback text, 1.4.3), and the roles drawn together (``FIGURE_ROLES``) stay
CIEDE2000 20 apart under simulated colour-blindness (tests/test_palette.py). Colour is never the
only cue: ``SPLIT_STYLES`` and ``run_style`` add a marker and a line style.
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

BACKGROUND = "#FFFFFF"  # The figure background every colour is measured against (matplotlib's default).

# Roles. Data splits:
TRAINING = BLUE  # Anything measured on the training set (curves, bars).
VALIDATION = ORANGE  # Anything measured on the validation set, the one every choice is made on.
TEST = WINE  # The test set: opened once per lesson, for the verdict.

# Answers:
RIGHT = BLUE  # A right answer (always paired with text such as "true 3", never colour alone).
WRONG = ORANGE  # A wrong answer.

# Explanations:
FORWARD = BLUE  # The forward pass: inputs to prediction.
BACKWARD = VERMILION  # The backward pass: derivatives from the error back to the weights.
HIGHLIGHT = VERMILION  # The one thing a figure asks you to look at.
NEUTRAL = GREY  # Context: a reference line, a loss curve behind the steps taken on it.
LIGHT = GREY  # Faint structure: a network's connections (faint by their thin lines, not by a colour too pale to see).
BULB_ON = GOLD  # The perceptron's lit bulb (drawn with rays, and its state written beneath).
BULB_OFF = CHARCOAL  # The perceptron's dark bulb.

# Exercise feedback (mnist_lessons.exercises), as headline colours:
CORRECT = GREEN  # An exercise answered correctly.
INCORRECT = VERMILION  # An exercise answered incorrectly: what is wrong, and what to try.
NOT_ATTEMPTED = DARK_GREY  # A blank starter (dark enough to read as text).
ADVICE = BLUE  # Neutral guidance: an exercise's statement, a hint, the questionnaire, progress.
SOLUTION = PURPLE  # A solution or an answer given away on request.
NOTE = DARK_GREY  # A side remark in feedback.

SPLIT_STYLES = {
    "training": (TRAINING, "o", "-"),
    "validation": (VALIDATION, "s", "--"),
    "test": (TEST, "^", ":"),
}  # (colour, marker, line style) of each data split's curves

# (colour, marker, line style) of the i-th run compared in a figure: no two share a marker or line style
RUN_STYLES = (
    (BLUE, "o", "-"),
    (ORANGE, "s", "--"),
    (WINE, "^", ":"),
    (PURPLE, "D", "-."),
    (GREEN, "v", (0, (5, 1, 1, 1, 1, 1))),
    (DARK_GREY, "P", (0, (1, 3))),
)

# The roles drawn together in one figure, by the package or a lesson (tests/test_palette.py).
FIGURE_ROLES = {
    "data splits": ("TRAINING", "VALIDATION", "TEST"),
    "answers": ("RIGHT", "WRONG", "NEUTRAL"),
    "forward and backward": ("FORWARD", "BACKWARD", "NEUTRAL"),
    "highlight": ("FORWARD", "HIGHLIGHT", "NEUTRAL"),
    "network": ("FORWARD", "LIGHT"),
    "bulb": ("BULB_ON", "BULB_OFF"),
    "three runs": ("BLUE", "ORANGE", "WINE"),
}

TEXT_ROLES = ("CORRECT", "INCORRECT", "NOT_ATTEMPTED", "ADVICE", "SOLUTION", "NOTE")  # feedback text: 4.5:1


def run_style(i: int) -> tuple[str, str, str | tuple]:
    """The i-th run's (colour, marker, line style), cycling: runs differ by more than colour."""
    return RUN_STYLES[i % len(RUN_STYLES)]
