"""Lesson 03's exercises: test a suspect yourself, read weights as contributions, size the noise.

- ``q1``: predict, then run: at a rate of 0.01, does cross-entropy still rescue the sigmoid on raw
  pixels? One knob, four runs;
  (lesson 02's ``q5`` before lesson 02 was split: progress files follow it, see ``store.RENUMBERED``);
- ``q2``: what each pixel contributes to telling fives apart, ``contributions``;
- ``q3``: how many validation pictures a finer verdict would need (the standard error);
- ``questionnaire``.
"""

from __future__ import annotations

import math

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, as_array, as_number, call, close, expect_shape, fmt

INTRO = """
## Your turn: exercises

Exercise 1 puts cross-entropy's rescue to one more test: you predict, then run. Exercise 2 has you
compute the contributions of step "What did it learn?" yourself, for any model; exercise 3 asks
how many pictures a sharper verdict would need. Fill in each code cell (replace every `...`), run
it, then its check; `q1.hint()` (then `hint(2)`, `hint(3)`) and `q1.solution()` help when asked.
"""

# ---------------------------------------------------------------------------------------------
# q1: does cross-entropy rescue raw pixels? Predict, then run.

RESCUE_CHOICES = {
    "A": "yes: every run beats always answering \"not five\"",
    "B": "partly: some runs fall to the baseline or below it",
    "C": "no: every run falls to the baseline or below it",
}
FAIL_MARGIN = 0.0005
"""A run at most this much above the validation baseline (5 pictures in 10,000) counts as failed."""


def _validation_baseline() -> float:
    from mnist_lessons.data import is_five, load_mnist

    (_, digits_train), _ = load_mnist()
    y_val = is_five(digits_train[50_000:])
    return float(max(np.mean(y_val == 0), np.mean(y_val == 1)))


def rescue_verdict(accuracy, baseline: float) -> str:
    """The letter of ``RESCUE_CHOICES`` that validation accuracies ``accuracy`` (one per run) support,
    given the validation ``baseline`` accuracy: ``"C"`` every run at most ``baseline + FAIL_MARGIN``,
    ``"B"`` some, ``"A"`` none."""
    accuracy = np.ravel(np.asarray(accuracy, dtype=np.float64))
    failed = int(np.sum(accuracy <= baseline + FAIL_MARGIN))
    if failed == accuracy.size:
        return "C"
    return "B" if failed else "A"


_WHY = {
    "A": "At ten times the step, cross-entropy still keeps every run above the baseline. Compare your mean and "
         "spread with the lesson's cross-entropy runs at 0.001 before you call the higher rate better: on raw "
         "pixels one step moves a weighted sum by tens.",
    "B": "Some runs failed: at ten times the step, the weighted sums of raw pixels swing so far that even "
         "cross-entropy's push cannot keep every run on course. Scaling the pixels is the reliable fix.",
    "C": "Every run failed: with raw pixels and big steps, no loss rescues the perceptron. Scaling the pixels "
         "is the fix.",
}


def _letter(value, name: str, letters) -> str:
    if not isinstance(value, str) or value.strip().upper() not in letters:
        raise Incorrect(f"`{name}` should be one letter, {', '.join(sorted(letters))}, as a string; "
                        f"it is {value!r}.")
    return value.strip().upper()


def _grade_rescue(predicted_rescue, raw_cross_entropy_accuracy, cross_entropy_rescues) -> str:
    prediction = _letter(predicted_rescue, "predicted_rescue", RESCUE_CHOICES)
    accuracy = np.ravel(as_array(raw_cross_entropy_accuracy, "raw_cross_entropy_accuracy")).astype(np.float64)
    if accuracy.size < 3:
        raise Incorrect(f"`raw_cross_entropy_accuracy` holds {accuracy.size} number(s); a claim needs at least "
                        "three runs. `experiment(...)` trains four; `validation_accuracy(name)` returns their "
                        "accuracies.")
    if np.any(accuracy > 1) and np.all(accuracy <= 100):
        raise Incorrect(f"`raw_cross_entropy_accuracy` is {fmt(accuracy)}: percentages. Give fractions between 0 "
                        "and 1, as `validation_accuracy(name)` returns them.")
    if np.any(accuracy < 0) or np.any(accuracy > 1):
        raise Incorrect(f"`raw_cross_entropy_accuracy` is {fmt(accuracy)}; accuracies are fractions between 0 "
                        "and 1.")
    if np.any(np.abs(accuracy - 0.9108) < 1e-9):
        raise Incorrect("one of your accuracies is exactly 0.9108, the *test* set's baseline. Decisions are made "
                        "on validation data: score the models on `x_val` (the test set is for the lesson's verdict "
                        "only).")
    letter = _letter(cross_entropy_rescues, "cross_entropy_rescues", RESCUE_CHOICES)
    baseline = _validation_baseline()
    expected = rescue_verdict(accuracy, baseline)
    failed = int(np.sum(accuracy <= baseline + FAIL_MARGIN))
    seen = (f"your {accuracy.size} runs scored {', '.join(f'{a:.2%}' for a in accuracy)} (mean "
            f"{accuracy.mean():.2%}, spread {np.ptp(accuracy):.2%}); the validation baseline is {baseline:.2%}, "
            f"and {failed} of your runs sit at it or below it")
    if letter != expected:
        raise Incorrect(f"{letter} ({RESCUE_CHOICES[letter]}) is not what your evidence shows: {seen}. Count the "
                        "runs at or below the baseline, run by run.")
    compared = ("Your prediction matched the run." if prediction == expected else
                f"You predicted {prediction} ({RESCUE_CHOICES[prediction]}); the run says {expected}. Which part "
                "of your reasoning did the evidence overturn?")
    return f"{letter}: {seen}. {compared} {_WHY[letter]}"


q1 = Exercise(
    "03", 1, "Predict, then run: at a rate of 0.01, does cross-entropy rescue raw pixels?",
    statement="""
At the default rate of 0.001, cross-entropy rescued the sigmoid on raw pixels. The rate 0.01 helped
on scaled pixels: does the rescue survive it on raw pixels, where one step moves a sum by tens?
**First predict** (`predicted_rescue`, a letter below), then run one knob: the lesson's "sigmoid,
cross-entropy, pixels 0..255" experiment (the control) with `learning_rate=0.01` (four runs, five
epochs: as long as one experiment of the lesson). Set `raw_cross_entropy_accuracy` (per run,
`validation_accuracy(name)`) and `cross_entropy_rescues` from the evidence (a run at or below the
baseline's 90.85% has failed):

- **A**: yes: every run beats always answering "not five"
- **B**: partly: some runs fall to the baseline or below it
- **C**: no: every run falls to the baseline or below it
""",
    starter="""
predicted_rescue = ...   # your prediction, "A" to "C", written BEFORE you train

# One knob: the lesson's cross-entropy run on raw pixels, with a rate of 0.01.
...

raw_cross_entropy_accuracy = ...   # its validation accuracy, one per run
cross_entropy_rescues = ...        # "A", "B" or "C", from the evidence
""",
    reads=["predicted_rescue", "raw_cross_entropy_accuracy", "cross_entropy_rescues"],
    grader=_grade_rescue,
    hints=[
        "Predict from the lesson: how far does one step move a weighted sum of raw pixels, and what did the "
        "rate 0.01 do on scaled pixels? Then find the cell that ran cross-entropy on pixels 0..255.",
        "Change one argument of that experiment, the learning rate, and give it a new name; then count its "
        "runs at or below the baseline.",
        "Skeleton: `experiment(\"...\", x_train, x_val, activation=..., loss=..., learning_rate=...)`, then "
        "`validation_accuracy(...)`; a run has failed when it is at most `baseline.accuracy + 0.0005`.",
    ],
    solution="""
predicted_rescue = "B"   # for example: bigger steps on raw pixels, so some runs may swing out

experiment("sigmoid, cross-entropy, pixels 0..255, rate 0.01", x_train, x_val, activation="sigmoid",
           loss=keras.losses.binary_crossentropy, learning_rate=0.01)
raw_cross_entropy_accuracy = validation_accuracy("sigmoid, cross-entropy, pixels 0..255, rate 0.01")
failed = np.sum(raw_cross_entropy_accuracy <= baseline.accuracy + 0.0005)   # runs at or below the baseline

# The letter follows from the evidence, whatever was predicted.
if failed == len(raw_cross_entropy_accuracy):
    cross_entropy_rescues = "C"
elif failed:
    cross_entropy_rescues = "B"
else:
    cross_entropy_rescues = "A"
""",
)


# ---------------------------------------------------------------------------------------------
# q2: contributions


def _reference_contributions(weights, pixels, targets):
    pixels = np.asarray(pixels, dtype=np.float64).reshape(len(pixels), -1)
    targets = np.ravel(targets)
    gap = pixels[targets == 1].mean(axis=0) - pixels[targets == 0].mean(axis=0)
    return np.ravel(weights) * gap


def _grade_contributions(contributions) -> str:
    rng = np.random.default_rng(3)
    pixels = rng.random((300, 4, 4)).astype(np.float32)
    targets = (rng.random(300) < 0.2).astype(np.float32)
    pixels[targets == 1, 0, 0] += 0.5                       # pixel 0 is brighter in the "fives"
    weights = rng.normal(size=(16, 1)).astype(np.float32)   # as Keras stores one unit's weights
    result = np.ravel(as_array(call(contributions, weights.copy(), pixels.copy(), targets.copy(),
                                    name="contributions"), "the result of contributions"))
    expected = _reference_contributions(weights, pixels, targets)
    flat = pixels.reshape(300, -1)
    if result.size != expected.size:
        expect_shape(result, (16,), "the result of contributions",
                     "One number per pixel: flatten the pictures to (n, pixels) before averaging over the pictures.")
    if close(result, expected, 1e-4):
        sums = flat @ np.ravel(weights)
        gap_of_sums = sums[targets == 1].mean() - sums[targets == 0].mean()
        return (f"one number per pixel, weight x (mean in fives - mean in the others). On the check's 16-pixel "
                f"pictures they add up to {result.sum():.4f}, and the gap between the mean weighted sums is "
                f"{gap_of_sums:.4f}: the same number, so the contributions split that gap among the pixels. A big "
                "weight on a pixel whose mean hardly differs contributes little.")
    if close(result, -expected, 1e-4):
        advice = "the sign is turned round: the gap is the fives' mean minus the other pictures' mean."
    elif close(result, np.ravel(weights) * flat[targets == 1].mean(axis=0), 1e-4):
        advice = ("that is weight x mean pixel *of the fives*; what tells fives apart is how the fives differ from "
                  "the other pictures: subtract the others' mean.")
    elif close(result, np.abs(np.ravel(weights)) * np.abs(expected / np.ravel(weights)), 1e-4) or close(
            result, np.abs(expected), 1e-4):
        advice = "keep the signs: a negative contribution pushes the fives' sums down, away from \"five\"."
    elif close(result, np.ravel(weights), 1e-4) or close(result, np.abs(np.ravel(weights)), 1e-4):
        advice = "those are the weights themselves; multiply each by its pixel's gap in mean value."
    else:
        advice = "average each pixel over the fives and over the others, subtract, and multiply by the weight."
    raise Incorrect(f"on the check's small pictures (300 of 4 x 4 pixels) the contributions are "
                    f"{fmt(expected)}; your function returned {fmt(result)}. Hint: {advice}")


q2 = Exercise(
    "03", 2, "Contributions, for any perceptron",
    statement="""
Write `contributions(weights, pixels, targets)`: for a perceptron with `weights` (shape `(p,)` or
`(p, 1)`, as Keras stores them), pictures `pixels` of shape `(n, rows, columns)` and 0/1 `targets`
of shape `(n,)`, return one number per pixel, shape `(p,)`: the weight times the gap between the
pixel's mean value in the fives (target 1) and in the other pictures. Then use it on the final
perceptron (`final_weights`) and scaled training pictures: which pixel contributes most?
""",
    starter="""
def contributions(weights, pixels, targets):
    \"\"\"Each pixel's weight times (its mean value in the fives minus in the others): float (p,).\"\"\"
    return ...
""",
    reads=["contributions"],
    grader=_grade_contributions,
    hints=[
        "Three steps: flatten the pictures to one row each, average every pixel over the fives and over the "
        "others, multiply the difference by the weights.",
        "`pixels.reshape(len(pixels), -1)` gives `(n, p)`; `targets == 1` picks the fives' rows; `.mean(axis=0)` "
        "averages over pictures, one value per pixel. Flatten the weights with `np.ravel`.",
        "Skeleton: `flat = pixels.reshape(len(pixels), -1)`, `gap = flat[...].mean(axis=0) - flat[...].mean(axis=0)`, "
        "then `return np.ravel(weights) * ...`.",
    ],
    solution="""
def contributions(weights, pixels, targets):
    \"\"\"Each pixel's weight times (its mean value in the fives minus in the others): float (p,).\"\"\"
    flat = pixels.reshape(len(pixels), -1)                                  # (n, p)
    gap = flat[targets == 1].mean(axis=0) - flat[targets == 0].mean(axis=0)   # (p,)
    return np.ravel(weights) * gap

top = np.argmax(contributions(final_weights, x_train_scaled, y_train))
print("pixel contributing most towards 'five': row", top // 28, "column", top % 28)
""",
)


# ---------------------------------------------------------------------------------------------
# q3: how many pictures for a sharper verdict?

TARGET_ERROR = 0.0005
ACCURACY = 0.978


def _grade_pictures(pictures_needed) -> str:
    value = as_number(pictures_needed, "pictures_needed")
    expected = ACCURACY * (1 - ACCURACY) / TARGET_ERROR**2
    if abs(value - expected) <= 0.01 * expected or value == math.ceil(expected):
        return (f"about {math.ceil(expected):,} pictures: the standard error shrinks with the square root of n, so a "
                f"standard error three times smaller than the lesson's needs nine times as many pictures. MNIST's "
                "whole training set would hardly do: that is why a 0.1-point difference between two recipes is "
                "usually beyond what a validation set can tell.")
    if abs(value - ACCURACY * (1 - ACCURACY) / (100 * TARGET_ERROR) ** 2) <= 0.01 * value:
        advice = "you used the error in percent (0.05); use it as a fraction, 0.0005."
    elif abs(value - ACCURACY * (1 - ACCURACY) / TARGET_ERROR) <= 0.01 * value:
        advice = "the standard error is a square root: square it before solving for n."
    elif abs(value - math.sqrt(ACCURACY * (1 - ACCURACY)) / TARGET_ERROR) <= 0.01 * value:
        advice = "square both sides of SE = sqrt(p(1-p)/n) before solving for n."
    else:
        advice = "solve SE = sqrt(p(1 - p) / n) for n: square both sides, then n = p(1 - p) / SE²."
    raise Incorrect(f"`pictures_needed` is {fmt(value)}; for p = {ACCURACY} and a standard error of "
                    f"{TARGET_ERROR} it is about {expected:,.0f}. Hint: {advice}")


q3 = Exercise(
    "03", 3, "How many pictures for a sharper verdict?",
    statement=f"""
How many validation pictures would you need for a standard error of {TARGET_ERROR} (a third of the
lesson's), at an accuracy of {ACCURACY}? Compute `pictures_needed` from the formula, not by trying
numbers.
""",
    starter="""
pictures_needed = ...   # validation pictures for a standard error of 0.0005 at an accuracy of 0.978
""",
    reads=["pictures_needed"],
    grader=_grade_pictures,
    hints=[
        "The standard error is sqrt(p (1 - p) / n). You know p and the standard error you want; n is unknown.",
        "Square both sides: SE² = p (1 - p) / n. Now solve for n.",
        "Skeleton: `p, se = 0.978, 0.0005`, then `pictures_needed = p * (1 - p) / ...`.",
    ],
    solution="""
p, se = 0.978, 0.0005
pictures_needed = p * (1 - p) / se**2      # from se = sqrt(p (1 - p) / n)
print(f"{pictures_needed:,.0f} pictures")
""",
)

questionnaire = Questionnaire(
    "03",
    [
        ("Why does each experiment change one knob and keep a control?",
         "With two changes at once you cannot tell which did what; the control is the same experiment without "
         "the change, so the difference between them is the change's effect."),
        ("What is a saturated sigmoid, and why can squared error not correct a saturated mistake?",
         "With huge weighted sums the sigmoid sits on its flat ends, outputting (nearly) 0 or 1, where a small "
         "turn of a knob changes nothing. With squared error the push on the sum is multiplied by the sigmoid's "
         "slope, about 0 there; cross-entropy's push is target minus output, largest exactly there."),
        ("Scaling the pixels changes both the starting sums and the effect of one step. How did the lesson tell "
         "them apart, and what did it find?",
         "Two controls on raw pixels: the starting weights divided by 255 alone, and the learning rate divided "
         "by 255 alone. Neither alone was enough: a small step could not undo the huge start in five epochs, and "
         "a small start was thrown about by big steps. Scaling fixes both at once."),
        ("When did cross-entropy help this perceptron, and when not?",
         "On raw pixels the sigmoid saturated, and squared error gets almost no push from a saturated mistake: "
         "cross-entropy, which pushes hardest there, rescued it (higher mean, far smaller spread). Once the "
         "pixels were scaled the mistakes were no longer saturated, and at this five-epoch budget cross-entropy "
         "was slightly worse than squared error."),
        ("A cosine schedule from 0.01 beat a constant 0.001. Why was a constant 0.01 needed to read that?",
         "The schedule changes two things: a higher start and the decay. The constant 0.01 has the first without "
         "the second. Against it, the decay added nothing measurable: the gain was the higher rate."),
        ("Two recipes differ by 0.1 points of validation accuracy on the same 10,000 pictures. What can you "
         "conclude?",
         "Count the pictures where they disagree: the difference's standard error is about sqrt(n01 + n10) / n. "
         "With about 100 disagreements that is 0.1 points: one standard error, no verdict. A claim also needs "
         "the gain to hold over independent seeds, larger than their spread."),
        ("Why is a big weight on a rarely lit pixel not an important pixel?",
         "A weight acts only when its pixel is lit. Its contribution to telling fives apart is the weight times "
         "the gap in that pixel's mean value between fives and the rest: tiny for a pixel that is almost never "
         "lit, however big the weight."),
        ("Why is the test set opened only once, at the end?",
         "Every choice made by looking at a score tunes the model to that data. Choices are made on validation "
         "data, so that the test score stays an honest estimate for new pictures."),
    ],
    further_research=[
        "The learning-rate range test (Leslie Smith, 2015): how to find a sensible learning rate in one short run.",
        "Saliency and attribution: \"gradient times input\" is the contribution of this lesson for deeper networks.",
    ],
)
