"""Lesson 03's exercises: test a suspect yourself, read weights as contributions, size the noise.

- ``q1``: predict, then run: at a rate of 0.01, does cross-entropy still rescue the sigmoid on raw
  pixels? (lesson 02's ``q5`` before lesson 02 was split, see ``store.RENUMBERED``);
- ``q2``: what each pixel contributes to telling fives apart, ``contributions``;
- ``q3``: how many validation pictures a sharper verdict needs (the paired standard error);
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
ROUNDING = 0.00005
"""Half a picture in 10,000: an accuracy rounded to 4 decimals at the baseline counts as at it."""


def _validation_baseline() -> float:
    from mnist_lessons.data import is_five, load_mnist

    y_val = is_five(load_mnist()[0][1][50_000:])       # the lesson's validation targets
    return float(max(np.mean(y_val == 0), np.mean(y_val == 1)))


_WHY = {
    "A": "Compare your mean and spread with the cross-entropy runs at 0.001 before calling 0.01 better.",
    "B": "At ten times the step, cross-entropy alone no longer keeps every raw-pixel run above the baseline.",
    "C": "At ten times the step, no run on raw pixels beat the baseline: the lesson's fix was scaling.",
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
        raise Incorrect(f"`raw_cross_entropy_accuracy` holds {accuracy.size} number(s); a claim needs at "
                        "least three runs: `validation_accuracy(name)` returns all four.")
    if np.any(accuracy < 0) or np.any(accuracy > 1):
        raise Incorrect(f"`raw_cross_entropy_accuracy` is {fmt(accuracy)}: give fractions between 0 and 1 "
                        "(not percentages), as `validation_accuracy(name)` returns them.")
    if np.any(np.abs(accuracy - 0.9108) < 1e-9):
        raise Incorrect("one of your accuracies is exactly 0.9108, the *test* set's baseline: score the "
                        "models on `x_val`; the test set is for the lesson's verdict only.")
    letter = _letter(cross_entropy_rescues, "cross_entropy_rescues", RESCUE_CHOICES)
    baseline = _validation_baseline()
    failed = int(np.sum(accuracy <= baseline + ROUNDING))        # runs at or below the baseline
    expected = "C" if failed == accuracy.size else "B" if failed else "A"
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
        "`validation_accuracy(...)`; a run has failed when it is `<= baseline.accuracy`.",
    ],
    solution="""
predicted_rescue = "B"   # for example: bigger steps on raw pixels, so some runs may swing out

name = "sigmoid, cross-entropy, pixels 0..255, rate 0.01"
experiment(name, x_train, x_val, activation="sigmoid",
           loss=keras.losses.binary_crossentropy, learning_rate=0.01)
raw_cross_entropy_accuracy = validation_accuracy(name)
failed = np.sum(raw_cross_entropy_accuracy <= baseline.accuracy)   # at or below the baseline
# the letter follows from the evidence, whatever was predicted
cross_entropy_rescues = "C" if failed == len(raw_cross_entropy_accuracy) else "B" if failed else "A"
""",
)


# ---------------------------------------------------------------------------------------------
# q2: contributions


def _grade_contributions(contributions) -> str:
    rng = np.random.default_rng(3)
    pixels = rng.random((300, 4, 4)).astype(np.float32)
    targets = (rng.random(300) < 0.2).astype(np.float32)
    pixels[targets == 1, 0, 0] += 0.5                       # pixel 0 is brighter in the "fives"
    weights = rng.normal(size=(16, 1)).astype(np.float32)   # as Keras stores one unit's weights
    result = np.ravel(as_array(call(contributions, weights.copy(), pixels.copy(), targets.copy(),
                                    name="contributions"), "the result of contributions"))
    flat, weights = pixels.reshape(300, -1).astype(np.float64), np.ravel(weights)
    expected = weights * (flat[targets == 1].mean(axis=0) - flat[targets == 0].mean(axis=0))
    if result.size == 16 * 16:
        raise Incorrect("you returned 16 x 16 numbers for 16 pixels: `(p, 1)` weights times a `(p,)` gap "
                        "broadcast to `(p, p)`. Flatten the weights first: `np.ravel(weights)`.")
    if result.size != expected.size:
        expect_shape(result, (16,), "the result of contributions",
                     "One number per pixel: flatten the pictures to (n, pixels), then average over pictures.")
    if close(result, expected, 1e-4):
        sums = flat @ weights
        gap_of_sums = sums[targets == 1].mean() - sums[targets == 0].mean()
        return (f"on the check's 16-pixel pictures they add up to {result.sum():.4f}, the gap between the "
                f"mean weighted sums ({gap_of_sums:.4f}): the contributions split that gap among the pixels.")
    mistakes = [
        (-expected, "the sign is turned round: the gap is the fives' mean minus the other pictures' mean."),
        (weights * flat[targets == 1].mean(axis=0), "that is weight x mean pixel *of the fives*; what tells "
         "fives apart is how they differ from the other pictures: subtract the others' mean."),
        (np.abs(expected), "keep the signs: a negative contribution pushes the fives' sums down."),
        (weights, "those are the weights themselves; multiply each by its pixel's gap in mean value."),
        (np.abs(weights), "those are the weights' sizes; multiply each by its pixel's gap in mean value."),
    ]
    advice = next((text for wrong, text in mistakes if close(result, wrong, 1e-4)),
                  "average each pixel over the fives and over the others, subtract, multiply by the weight.")
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
    \"\"\"Weight x (mean pixel value in the fives - in the others): float (p,).\"\"\"
    return ...
""",
    reads=["contributions"],
    grader=_grade_contributions,
    hints=[
        "Three steps: flatten the pictures to one row each, average every pixel over the fives and over the "
        "others, multiply the difference by the weights.",
        "`pixels.reshape(len(pixels), -1)` gives `(n, p)`; `flat[targets == 1]` the fives' rows; "
        "`.mean(axis=0)` one mean per pixel.",
        "Skeleton: `gap = flat[...].mean(axis=0) - flat[...].mean(axis=0)`, then "
        "`return np.ravel(weights) * ...`.",
    ],
    solution="""
def contributions(weights, pixels, targets):
    \"\"\"Weight x (mean pixel value in the fives - in the others): float (p,).\"\"\"
    flat = pixels.reshape(len(pixels), -1)                                    # (n, p)
    gap = flat[targets == 1].mean(axis=0) - flat[targets == 0].mean(axis=0)   # (p,)
    return np.ravel(weights) * gap

top = np.argmax(contributions(final_weights, x_train_scaled, y_train))
print("pixel contributing most towards 'five': row", top // 28, "column", top % 28)
""",
)


# ---------------------------------------------------------------------------------------------
# q3: how many pictures for a sharper verdict? The paired standard error of the lesson

DISAGREE = 0.012
TARGET_ERROR = 0.0005


def _grade_pictures(pictures_needed) -> str:
    value = as_number(pictures_needed, "pictures_needed")
    expected = DISAGREE / TARGET_ERROR**2
    if abs(value - expected) <= 0.01 * expected:
        return (f"about {expected:,.0f} pictures, nearly five validation sets: the standard error "
                "shrinks with the square root of the pictures, so halving it takes four times as many.")
    mistakes = {
        100 * DISAGREE / TARGET_ERROR**2: "you used the disagreements in percent (1.2); use the share, 0.012.",
        DISAGREE / (100 * TARGET_ERROR) ** 2: "you used the standard error in points; use it as a share, 0.0005.",
        DISAGREE / TARGET_ERROR: "the standard error is a square root: square it before solving for n.",
        math.sqrt(DISAGREE) / TARGET_ERROR: "square both sides of SE = sqrt(d / n) before solving for n.",
        (DISAGREE / TARGET_ERROR) ** 2: "the disagreements grow with n too: n01 + n10 = d x n.",
    }
    advice = next((text for wrong, text in mistakes.items() if abs(value - wrong) <= 0.01 * wrong),
                  "write n01 + n10 = d x n in SE = sqrt(n01 + n10) / n, then solve for n.")
    raise Incorrect(f"`pictures_needed` is {fmt(value)}; it should be about {expected:,.0f}. Hint: {advice}")


q3 = Exercise(
    "03", 3, "How many pictures for a sharper verdict?",
    statement=f"""
Two recipes scored on the same validation pictures disagree (one right, the other wrong) on a
share d = {DISAGREE} of them. How many pictures would you need for the standard error of their
difference to be {TARGET_ERROR}? Compute `pictures_needed` from the lesson's formula, not by
trying numbers.
""",
    starter="""
pictures_needed = ...   # for a standard error of 0.0005 at d = 0.012
""",
    reads=["pictures_needed"],
    grader=_grade_pictures,
    hints=[
        "The lesson's standard error of a difference is sqrt(n01 + n10) / n, and the disagreements grow "
        "with the pictures: n01 + n10 = d x n.",
        "So SE = sqrt(d x n) / n = sqrt(d / n). Square both sides and solve for n.",
        "Skeleton: `d, se = 0.012, 0.0005`, then `pictures_needed = ...` from `se**2 = d / n`.",
    ],
    solution="""
d, se = 0.012, 0.0005
pictures_needed = d / se**2      # from se = sqrt(d n) / n = sqrt(d / n)
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
         "turn of a knob changes nothing. Squared error's push on the sum is multiplied by the sigmoid's slope: "
         "it fades beyond about -5..5. Cross-entropy's stays near 1 out to about -16..16 (on JAX, Keras's clip "
         "makes it 0 beyond that)."),
        ("Scaling the pixels changes both the starting sums and the effect of one step. How did the lesson tell "
         "them apart, and what did it find?",
         "Two controls on raw pixels: the starting weights divided by 255 alone, and the learning rate divided "
         "by 255 alone. Neither alone was enough: a small step could not undo the huge start in five epochs, and "
         "a small start was thrown about by big steps. Scaling fixes both at once."),
        ("When did cross-entropy help this perceptron, and when not?",
         "On raw pixels, where squared error stops pushing mistakes beyond about -5..5 and cross-entropy "
         "pushes them out to about -16..16, it rescued the sigmoid (higher mean, far smaller spread), though "
         "most of its own mistakes still sat beyond that band. On scaled pixels the mistakes were no longer "
         "saturated, and at five epochs it was slightly worse than squared error."),
        ("A cosine schedule from 0.01 beat a constant 0.001. Why was a constant 0.01 needed to read that?",
         "The schedule changes two things: a higher start and the decay. The constant 0.01 has the first without "
         "the second. Against it, the decay added nothing measurable: the gain was the higher rate."),
        ("Two recipes differ by 0.1 points of validation accuracy on the same 10,000 pictures. What can you "
         "conclude?",
         "Count the pictures where they disagree: the difference's standard error is about sqrt(n01 + n10) / n. "
         "With 100 disagreements that is 0.1 points: one standard error, no verdict. A claim also needs the "
         "gain to hold over independent seeds."),
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
