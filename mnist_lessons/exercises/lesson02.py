"""Lesson 02's exercises: debug a model you have not seen before, and build the evidence tools yourself.

- ``q1``: diagnose a colleague's broken perceptron (``make_mystery_model``) with the checklist;
- ``q2``: fix it, proved by the tiny-subset test;
- ``q3``: the majority baseline, ``majority_accuracy``;
- ``q4``: precision and recall at any threshold, ``precision_and_recall``;
- ``q5``: does cross-entropy rescue raw pixels? One knob, four seeds, a verdict from the evidence;
- ``questionnaire``.
"""

from __future__ import annotations

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, NotAttempted, as_array, as_number, call, close, fmt

INTRO = """
## Your turn: exercises

Debugging is learned by debugging. Exercises 1 and 2 hand you a colleague's perceptron that
trains without a single error and learns nothing: find out why with the checklist above, then fix
it. Exercises 3 and 4 have you write two of the evidence tools yourself. Exercise 5 puts the classic
story to one more test of your own. Fill in each code cell
(replace every `...`), run it, then run its check; `q1.hint()` and `q1.solution()` help when
asked.
"""

MYSTERY_LEARNING_RATE = 1e-6


def make_mystery_model():
    """A colleague's perceptron for five-vs-not-five, built and compiled, for scaled pixels (0..1).

    It trains without any error message, and learns (almost) nothing: exercise 1 asks why.
    Input ``(None, 28, 28)`` float pixels 0..1; output ``(None, 1)``, the probability of "five".
    """
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(name="flatten"),
            keras.layers.Dense(1, activation="sigmoid", name="output"),
        ],
        name="colleagues_perceptron",
    )
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=MYSTERY_LEARNING_RATE),
                  metrics=["accuracy"])
    return model


# ---------------------------------------------------------------------------------------------
# q1: the diagnosis

_CHOICES = {
    "A": ("it needs more epochs; nothing is broken",
          "more epochs help only a model whose loss is clearly falling. Run the tiny-subset test: how much does the "
          "loss move in 100 passes, compared with step 7's healthy model? At that pace, how many passes would it "
          "need?"),
    "B": ("the pixels are not scaled to 0..1",
          "the model is fed `x_train_scaled`, and a sigmoid swamped by big pixel values answers exactly 0 or 1 "
          "(step 5). Print `output_range` of its outputs: is that what you see?"),
    "C": ("nothing keeps its outputs between 0 and 1",
          "print `output_range` of its outputs, or `mystery.summary()`: the output layer has a sigmoid, and every "
          "output lies between 0 and 1."),
    "D": ("the loss does not suit a yes/no answer",
          "look at `mystery.loss`: binary cross-entropy, the standard loss for a yes/no probability. Step 8 "
          "found it trains about as well as squared error on scaled pixels, not a model that learns nothing."),
    "E": ("its steps are far too small: the learning rate", ""),
}


def _grade_diagnosis(mystery_diagnosis) -> str:
    if not isinstance(mystery_diagnosis, str) or mystery_diagnosis.strip().upper() not in _CHOICES:
        raise Incorrect(f"`mystery_diagnosis` should be one letter, \"A\" to \"E\", as a string; it is "
                        f"{mystery_diagnosis!r}.")
    letter = mystery_diagnosis.strip().upper()
    what, why_not = _CHOICES[letter]
    if why_not:
        raise Incorrect(f"{letter} ({what}) does not fit the evidence: {why_not}")
    return (f"E. The evidence: over 100 passes on 20 pictures the loss hardly moves (less than 1%); the outputs sit "
            "in the sloped middle of the sigmoid, neither saturated nor outside 0..1; and after training the weights "
            "are almost exactly the starting ones. The model does take steps, just tiny ones: "
            f"`mystery.optimizer.learning_rate` is {MYSTERY_LEARNING_RATE:g}, a thousand times smaller than Adam's "
            "default 0.001 (one wrong digit, `1e-6` for `1e-3`, is enough). Exercise 2: fix it.")


q1 = Exercise(
    "02", 1, "Diagnose the mystery model",
    statement="""
A colleague's perceptron for five-vs-not-five trains without a single error message, yet learns
(almost) nothing. `make_mystery_model()` builds it, compiled and ready for scaled pixels. Gather
evidence with the debugging checklist: train it a little and watch the loss, run the tiny-subset
test, look at its raw outputs with `output_range`, compare its weights before and after training,
look inside (`mystery.summary()`, `mystery.loss`, `mystery.optimizer`). Then set
`mystery_diagnosis` to the letter of the cause:

- **A**: it needs more epochs; nothing is broken
- **B**: the pixels are not scaled to 0..1
- **C**: nothing keeps its outputs between 0 and 1
- **D**: the loss does not suit a yes/no answer
- **E**: its steps are far too small: the learning rate
""",
    starter="""
from mnist_lessons.exercises.lesson02 import make_mystery_model

mystery = make_mystery_model()
# Gather your evidence here (add cells as you like), for example:
# mystery_tiny = overfit_tiny_subset(make_mystery_model(), x_train_scaled, y_train)
# print(mystery_tiny)

mystery_diagnosis = ...   # "A", "B", "C", "D" or "E"
""",
    reads=["mystery_diagnosis"],
    grader=_grade_diagnosis,
    hints=[
        "Start with step 2, the tiny-subset test: a healthy perceptron learns 20 pictures within 100 passes. "
        "Compare the loss of the first and the last passes. Then look at the raw outputs (step 3).",
        "The outputs are in range and not saturated, and the loss is the right one. Save the weights "
        "(`w = mystery.get_weights()[0].copy()`), train, and compare: how far did the knobs move? What decides "
        "the size of a step?",
    ],
    solution="""
mystery = make_mystery_model()
weights_before = mystery.get_weights()[0].copy()
mystery_tiny = overfit_tiny_subset(mystery, x_train_scaled, y_train)
print(mystery_tiny)                                            # the loss hardly moves in 100 passes
print(output_range(mystery_tiny.outputs))                      # in 0..1, not at the edges: not saturated
print("largest weight change:", np.abs(mystery.get_weights()[0] - weights_before).max())   # tiny steps
print("loss:", mystery.loss, " learning rate:", float(mystery.optimizer.learning_rate))

mystery_diagnosis = "E"
""",
)


# ---------------------------------------------------------------------------------------------
# q2: the fix


def _grade_fix(make_fixed_model) -> str:
    import keras

    from mnist_lessons.data import is_five, load_mnist, scale_pixels
    from mnist_lessons.debug import output_range, overfit_tiny_subset

    model = call(make_fixed_model, name="make_fixed_model")
    if not isinstance(model, keras.Model):
        raise Incorrect(f"`make_fixed_model()` should return a Keras model; it returned a {type(model).__name__}.")
    if getattr(model, "optimizer", None) is None:
        raise Incorrect("the model is not compiled: call `model.compile(...)` inside `make_fixed_model`, "
                        "before returning the model.")
    try:
        input_shape, output_shape = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError) as error:
        raise Incorrect("the model has no input shape: start it with `keras.Input(shape=(28, 28))`.") from error
    if input_shape != (None, 28, 28) or output_shape != (None, 1):
        raise Incorrect(f"the model takes {input_shape} and gives {output_shape}; the perceptron takes pictures, "
                        "(None, 28, 28), and gives one output, (None, 1), like the mystery model.")
    (x_train, digits_train), _ = load_mnist()
    x_tiny, y_tiny = scale_pixels(x_train[:20]), is_five(digits_train[:20])
    result = overfit_tiny_subset(model, x_tiny, y_tiny, n=20, passes=200, record_every=10)
    report = output_range(result.outputs)
    rate = model.optimizer.learning_rate
    learning_rate = float(keras.ops.convert_to_numpy(getattr(rate, "value", rate)))
    if result.fits:
        return (f"after 200 passes your model gets all 20 pictures right, and its loss fell from "
                f"{result.loss[0]:.3g} to {result.loss[-1]:.3g}: it learns. The fix was one number, the learning "
                "rate; the evidence (a loss that barely moves, knobs that barely turn) pointed to it before you "
                "read the code.")
    advice = "compare its loss with the mystery model's, and look at what is left of the mystery in your code."
    if report.below or report.above:
        advice = (f"its outputs go outside 0..1 (from {report.minimum:.3g} to {report.maximum:.3g}): keep the "
                  "sigmoid on the output.")
    elif learning_rate <= 10 * MYSTERY_LEARNING_RATE:
        advice = f"its learning rate is still {learning_rate:g}: that is the mystery's problem, not yet fixed."
    raise Incorrect(f"after 200 passes on the first 20 training pictures your model gets {int(result.right[-1])} "
                    f"of 20 right (loss {result.loss[0]:.3g} at the start, {result.loss[-1]:.3g} at the end); a "
                    f"healthy perceptron learns all 20. Hint: {advice}")


q2 = Exercise(
    "02", 2, "Fix the mystery model",
    statement="""
Now fix it. Write `make_fixed_model()`, which builds and compiles the colleague's perceptron with
the cause of the trouble removed (change only that), and returns it. The check runs the
tiny-subset test on a fresh model from your function: a healthy perceptron learns the first 20
training pictures by heart within 200 passes.
""",
    starter="""
def make_fixed_model():
    \"\"\"The colleague's perceptron with its problem fixed: built, compiled, ready for scaled pixels.\"\"\"
    return ...   # build and compile the model here, then return it
""",
    reads=["make_fixed_model"],
    grader=_grade_fix,
    hints=[
        "Rebuild the mystery model (`mystery.summary()` shows its layers; `mystery.loss` its loss) and change the "
        "one setting your diagnosis found.",
        "`keras.Input(shape=(28, 28))`, `Flatten()`, `Dense(1, activation=\"sigmoid\")`, compiled with "
        "`loss=\"binary_crossentropy\"` and `keras.optimizers.Adam(learning_rate=0.001)`.",
    ],
    solution="""
def make_fixed_model():
    \"\"\"The colleague's perceptron with its problem fixed: built, compiled, ready for scaled pixels.\"\"\"
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(1, activation="sigmoid"),
        ],
        name="fixed_perceptron",
    )
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=0.001),
                  metrics=["accuracy"])                   # the fix: Adam's usual 0.001 instead of 1e-6
    return model

print(overfit_tiny_subset(make_fixed_model(), x_train_scaled, y_train, passes=200, record_every=10))
""",
)


# ---------------------------------------------------------------------------------------------
# q3: the majority baseline


def _grade_majority(majority_accuracy) -> str:
    from mnist_lessons.data import is_five, load_mnist

    (_, digits_train), (_, digits_test) = load_mnist()
    cases = [
        ("the five-vs-not-five test targets, `is_five(y_test)`", is_five(digits_test)),
        ("targets where most answers are 1: `[1, 1, 1, 0]`", np.array([1.0, 1.0, 1.0, 0.0])),
        ("the ten-digit training labels (the most common digit is 1)", digits_train.copy()),
        ("a tie: `[0, 1, 0, 1]`", np.array([0.0, 1.0, 0.0, 1.0])),
    ]
    for case, targets in cases:
        value = as_number(call(majority_accuracy, targets.copy(), name="majority_accuracy"),
                          "the result of majority_accuracy")
        counts = np.unique(targets, return_counts=True)[1]
        expected = counts.max() / len(targets)
        if close(value, expected, 1e-9):
            continue
        if close(value, counts.max()):
            advice = "that is how many targets are the most common one; divide by the number of targets."
        elif close(value, 100 * expected):
            advice = "that is a percentage; return a fraction between 0 and 1."
        elif close(value, np.mean(targets == 0)):
            advice = ("that is the share of 0s. The most common answer is not always 0: count every answer "
                      "(`np.unique(targets, return_counts=True)`) and take the largest count.")
        elif close(value, np.unique(targets)[np.argmax(counts)]):
            advice = "that is the most common target itself; return how often always answering it would be right."
        else:
            advice = "count how often each answer occurs; the baseline is right exactly as often as the commonest."
        raise Incorrect(f"for {case} the baseline is {expected:g}; your function returned {fmt(value)}. "
                        f"Hint: {advice}")
    return ("your baseline works for yes/no targets whichever answer is common, and for ten classes: 0.9108 for "
            "\"not five\" on the test set, 0.1124 for \"always 1\" on the ten training digits. Any model must "
            "beat it to have learned something.")


q3 = Exercise(
    "02", 3, "Write the baseline yourself",
    statement="""
Write `majority_accuracy(targets)`: the accuracy (a fraction, 0 to 1) of a "model" that always
gives the most common target. It must work for any targets: 0/1 targets where 0 is common,
0/1 targets where 1 is common, and the ten digit labels. (The lesson used
`mnist_lessons.debug.majority_baseline`; now you build it.)
""",
    starter="""
def majority_accuracy(targets):
    \"\"\"The accuracy of always answering the most common target, as a fraction 0..1.\"\"\"
    return ...
""",
    reads=["majority_accuracy"],
    grader=_grade_majority,
    hints=[
        "Count how often each distinct target occurs; the commonest one is the lazy model's answer, and it is "
        "right exactly that often.",
        "`values, counts = np.unique(targets, return_counts=True)`, then `counts.max() / len(targets)`.",
    ],
    solution="""
def majority_accuracy(targets):
    \"\"\"The accuracy of always answering the most common target, as a fraction 0..1.\"\"\"
    values, counts = np.unique(targets, return_counts=True)   # every distinct answer, and how often it occurs
    return counts.max() / len(targets)

print(majority_accuracy(y_val), majority_accuracy(digits_train))
""",
)


# ---------------------------------------------------------------------------------------------
# q4: precision and recall


def _reference_precision_recall(targets, outputs, threshold):
    from mnist_lessons.debug import binary_scores

    scores = binary_scores(targets, outputs, threshold)
    return scores.precision, scores.recall


def _grade_precision_recall(precision_and_recall) -> str:
    rng = np.random.default_rng(2)
    targets = (rng.random(400) < 0.15).astype(np.float32)
    outputs = np.clip(0.55 * targets + rng.normal(0.25, 0.2, size=400), 0, 1).astype(np.float32)
    outputs[np.isin(np.round(outputs, 6), (0.3, 0.5, 0.7))] += 1e-3   # no output exactly at a threshold
    cases = [
        ("outputs of shape (400,), threshold 0.5", outputs, 0.5),
        ("threshold 0.3", outputs, 0.3),
        ("threshold 0.7", outputs, 0.7),
        ("outputs of shape (400, 1), as `model.predict` returns them, threshold 0.5", outputs[:, None], 0.5),
    ]
    for case, outs, threshold in cases:
        result = call(precision_and_recall, targets.copy(), outs.copy(), threshold, name="precision_and_recall")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect(f"`precision_and_recall` should return two numbers, `precision, recall`; it returned "
                            f"{type(result).__name__} {fmt(result) if np.ndim(result) else result!r}.")
        if any(value is Ellipsis for value in result):
            raise NotAttempted("`precision_and_recall` still returns `...`: fill in `answers`, `precision` and "
                               "`recall`, run the cell, then check again.")
        precision = as_number(result[0], "the precision returned")
        recall = as_number(result[1], "the recall returned")
        expected = _reference_precision_recall(targets, outs, threshold)
        if close((precision, recall), expected, 1e-6):
            continue
        if close((recall, precision), expected, 1e-6):
            advice = ("you swapped them. Precision divides by the pictures the model *called* five; recall by the "
                      "pictures that *are* fives.")
        elif outs.ndim == 2:
            advice = ("right for outputs of shape (400,), wrong for (400, 1): comparing a (400, 1) array with a "
                      "(400,) array broadcasts to (400, 400). Flatten the outputs first: `np.ravel(outputs)`.")
        elif threshold != 0.5 and close((precision, recall), _reference_precision_recall(targets, outs, 0.5)):
            advice = "these are the values at 0.5: use the `threshold` argument, not a fixed 0.5."
        else:
            advice = ("the model says \"five\" where `outputs > threshold`; precision = right fives among those, "
                      "recall = right fives among all the fives.")
        raise Incorrect(f"for {case} precision and recall are {expected[0]:.4f} and {expected[1]:.4f}; your "
                        f"function returned {precision:.4f} and {recall:.4f}. Hint: {advice}")
    low, high = _reference_precision_recall(targets, outputs, 0.3), _reference_precision_recall(targets, outputs, 0.7)
    return (f"on the check's test outputs, a threshold of 0.3 gives precision {low[0]:.2f} and recall {low[1]:.2f}; "
            f"0.7 gives {high[0]:.2f} and {high[1]:.2f}. A lower threshold finds more fives (recall up) at the price "
            "of more false alarms (precision down); a higher one the reverse. Which you want depends on what a "
            "miss costs compared with a false alarm.")


q4 = Exercise(
    "02", 4, "Precision and recall at any threshold",
    statement="""
Write `precision_and_recall(targets, outputs, threshold=0.5)`, returning the two numbers
`precision, recall` for a yes/no model whose output above `threshold` means "five". `outputs` may
have shape `(n,)` or `(n, 1)` (what `model.predict` returns). Then try it on the final perceptron's
*validation* outputs, `final_model.predict(x_val_scaled, verbose=0)`, with thresholds 0.3, 0.5
and 0.7: what do you trade for what?
""",
    starter="""
def precision_and_recall(targets, outputs, threshold=0.5):
    \"\"\"Precision and recall of a yes/no model whose outputs above `threshold` mean "five".\"\"\"
    answers = ...     # True where the model says "five"
    precision = ...   # of the pictures it called "five", the fraction that are fives
    recall = ...      # of the real fives, the fraction it found
    return precision, recall
""",
    reads=["precision_and_recall"],
    grader=_grade_precision_recall,
    hints=[
        "Make two True/False arrays of the same shape: what the model says (`outputs > threshold`) and what is "
        "true (`targets == 1`). Watch the shapes: `model.predict` gives (n, 1).",
        "`answers = np.ravel(outputs) > threshold`, `fives = np.ravel(targets) == 1`; precision is "
        "`np.sum(answers & fives) / np.sum(answers)`, recall `np.sum(answers & fives) / np.sum(fives)`.",
    ],
    solution="""
def precision_and_recall(targets, outputs, threshold=0.5):
    \"\"\"Precision and recall of a yes/no model whose outputs above `threshold` mean "five".\"\"\"
    answers = np.ravel(outputs) > threshold    # (n,): True where the model says "five"
    fives = np.ravel(targets) == 1             # (n,): True where it is a five
    precision = np.sum(answers & fives) / np.sum(answers)
    recall = np.sum(answers & fives) / np.sum(fives)
    return precision, recall

validation_outputs = final_model.predict(x_val_scaled, verbose=0)
for threshold in (0.3, 0.5, 0.7):
    precision, recall = precision_and_recall(y_val, validation_outputs, threshold)
    print(f"threshold {threshold}: precision {precision:.1%}, recall {recall:.1%}")
""",
)


# ---------------------------------------------------------------------------------------------
# q5: does cross-entropy rescue raw pixels?

RESCUE_CHOICES = {
    "A": "yes: no seed collapses, and every seed does about as well as on scaled pixels",
    "B": "partly: no seed collapses, but the seeds fall short of scaled pixels",
    "C": "no: some seeds still collapse to always answering \"not five\"",
    "D": "it is worse than useless: every seed collapses",
}
COLLAPSE_MARGIN = 0.0005
"""A run within this much of the validation baseline (5 pictures in 10,000) counts as collapsed."""
SCALED_PIXELS_ACCURACY = 0.97
"""Every seed of the lesson's sigmoid on scaled pixels scores at least this on validation (step 7)."""


def _validation_baseline() -> float:
    from mnist_lessons.data import is_five, load_mnist

    (_, digits_train), _ = load_mnist()
    y_val = is_five(digits_train[50_000:])
    return float(max(np.mean(y_val == 0), np.mean(y_val == 1)))


def rescue_verdict(accuracy, baseline: float) -> str:
    """The letter of ``RESCUE_CHOICES`` that validation accuracies ``accuracy`` (one per seed) support,
    given the validation ``baseline`` accuracy: ``"D"`` all collapsed, ``"C"`` some, ``"A"`` none and all at
    least ``SCALED_PIXELS_ACCURACY``, else ``"B"``."""
    accuracy = np.ravel(np.asarray(accuracy, dtype=np.float64))
    collapsed = int(np.sum(accuracy <= baseline + COLLAPSE_MARGIN))
    if collapsed == accuracy.size:
        return "D"
    if collapsed:
        return "C"
    return "A" if accuracy.min() >= SCALED_PIXELS_ACCURACY else "B"


_WHY = {
    "A": "On your runs cross-entropy rescued the raw pixels completely. Before you conclude that scaling was not "
         "needed, compare the mean and spread with step 8's \"pixels 0..1, sigmoid, cross-entropy\" line: one "
         "knob, the scale, and the same seeds.",
    "B": "Cross-entropy got a push through where squared error could not (step 8): no seed collapsed. Yet the seeds "
         "fall short of scaled pixels, because one Adam step still moves a weighted sum of raw pixels by tens. "
         "Scaling stays the reliable fix. (On the TensorFlow backend this is what happens: Keras computes the "
         "cross-entropy from the weighted sum behind the sigmoid, so the push never vanishes.)",
    "C": "Cross-entropy pushes hardest on a saturated mistake in theory (step 8), yet on raw pixels some seeds "
         "still collapse: the weighted sums run into the hundreds. (On the JAX backend, Keras computes the "
         "cross-entropy from the sigmoid's output clipped at 0.0000001, so beyond a sum of about -16 the push "
         "vanishes, as with squared error.) Scaling the pixels is the reliable fix; the classic story credits "
         "the wrong change.",
    "D": "Every seed collapsed: on raw pixels even cross-entropy cannot get a signal through. Scaling the pixels "
         "is the fix.",
}


def _grade_rescue(raw_cross_entropy_accuracy, cross_entropy_rescues) -> str:
    accuracy = np.ravel(as_array(raw_cross_entropy_accuracy, "raw_cross_entropy_accuracy")).astype(np.float64)
    if accuracy.size < 3:
        raise Incorrect(f"`raw_cross_entropy_accuracy` holds {accuracy.size} number(s); a claim needs at least three "
                        "seeds. Use `experiment(...)`, which trains one model per seed in `SEEDS`, then "
                        "`validation_accuracy(name)`.")
    if np.any(accuracy > 1) and np.all(accuracy <= 100):
        raise Incorrect(f"`raw_cross_entropy_accuracy` is {fmt(accuracy)}: percentages. Give fractions between 0 "
                        "and 1, as `validation_accuracy(name)` returns them.")
    if np.any(accuracy < 0) or np.any(accuracy > 1):
        raise Incorrect(f"`raw_cross_entropy_accuracy` is {fmt(accuracy)}; accuracies are fractions between 0 and 1.")
    if np.any(np.abs(accuracy - 0.9108) < 1e-9):
        raise Incorrect("one of your accuracies is exactly 0.9108, the *test* set's baseline. Decisions are made on "
                        "validation data: score the models on `x_val` (the test set is for the lesson's verdict only).")
    if not isinstance(cross_entropy_rescues, str) or cross_entropy_rescues.strip().upper() not in RESCUE_CHOICES:
        raise Incorrect(f"`cross_entropy_rescues` should be one letter, \"A\" to \"D\", as a string; it is "
                        f"{cross_entropy_rescues!r}.")
    letter = cross_entropy_rescues.strip().upper()
    baseline = _validation_baseline()
    expected = rescue_verdict(accuracy, baseline)
    collapsed = int(np.sum(accuracy <= baseline + COLLAPSE_MARGIN))
    seen = (f"your {accuracy.size} seeds scored {', '.join(f'{a:.2%}' for a in accuracy)} (mean {accuracy.mean():.2%}, "
            f"spread {np.ptp(accuracy):.2%}); the validation baseline is {baseline:.2%}, and {collapsed} of your seeds "
            f"sit on it; step 7's sigmoid on scaled pixels scored at least {SCALED_PIXELS_ACCURACY:.0%} with every seed")
    if letter != expected:
        raise Incorrect(f"{letter} ({RESCUE_CHOICES[letter]}) is not what your evidence shows: {seen}. Read the "
                        "numbers again, seed by seed, against step 5's line (the control) and step 7's.")
    return f"{letter}: {seen}. {_WHY[letter]}"


q5 = Exercise(
    "02", 5, "Does cross-entropy rescue raw pixels?",
    statement="""
The classic story credits cross-entropy with the cure: it pushes hardest on a saturated mistake
(step 8), so it should rescue step 5's sigmoid on raw pixels, which collapsed with some seeds.
Put it to the test, changing one knob: step 5's model (a sigmoid, pixels 0..255, `x_train` and
`x_val`) with `loss="binary_crossentropy"` instead of squared error. `experiment(...)` trains it
with the four seeds and prints its scores on the validation pictures; step 5's line is the
control. Set `raw_cross_entropy_accuracy` to its validation accuracy per seed
(`validation_accuracy(name)` gives them) and `cross_entropy_rescues` to what your evidence shows
(a seed whose accuracy is the baseline's, 90.85%, with recall 0, has collapsed):

- **A**: yes: no seed collapses, and every seed does about as well as on scaled pixels (97% or more)
- **B**: partly: no seed collapses, but the seeds fall short of scaled pixels
- **C**: no: some seeds still collapse to always answering "not five"
- **D**: it is worse than useless: every seed collapses
""",
    starter="""
# One knob: step 5's model (sigmoid, pixels 0..255) with cross-entropy instead of squared error.
# Train it with experiment(...), as the lesson did; the control is step 5's line.
...

raw_cross_entropy_accuracy = ...   # its validation accuracy, one per seed
cross_entropy_rescues = ...        # "A", "B", "C" or "D"
""",
    reads=["raw_cross_entropy_accuracy", "cross_entropy_rescues"],
    grader=_grade_rescue,
    hints=[
        "Step 5 called `experiment(\"sigmoid on the output\", x_train, x_val, output_activation=\"sigmoid\")`. "
        "Change one argument, the loss, and give the experiment a new name.",
        "`experiment(\"sigmoid, cross-entropy, pixels 0..255\", x_train, x_val, output_activation=\"sigmoid\", "
        "loss=\"binary_crossentropy\")`, then `validation_accuracy(\"sigmoid, cross-entropy, pixels 0..255\")`. "
        "Count the seeds at the baseline (90.85%), then compare the others with 97%.",
    ],
    solution="""
raw_cross_entropy_models = experiment("sigmoid, cross-entropy, pixels 0..255", x_train, x_val,
                                      output_activation="sigmoid", loss="binary_crossentropy")
raw_cross_entropy_accuracy = validation_accuracy("sigmoid, cross-entropy, pixels 0..255")
collapsed = np.sum(raw_cross_entropy_accuracy <= baseline.accuracy + 0.0005)   # seeds sitting on the baseline
print("seeds collapsed:", collapsed, "of", len(SEEDS), "  worst of the others:",
      raw_cross_entropy_accuracy[raw_cross_entropy_accuracy > baseline.accuracy + 0.0005].min(initial=1.0))

# The letter follows from the evidence, and the evidence depends on the backend: on JAX some seeds
# collapse ("C"); on TensorFlow none does, but all stay below scaled pixels' 97% ("B").
if collapsed == len(SEEDS):
    cross_entropy_rescues = "D"
elif collapsed:
    cross_entropy_rescues = "C"
elif raw_cross_entropy_accuracy.min() >= 0.97:
    cross_entropy_rescues = "A"
else:
    cross_entropy_rescues = "B"
""",
)

questionnaire = Questionnaire(
    "02",
    [
        ("Why do neural networks rarely give helpful error messages, and what do you do instead?",
         "A network with a bug usually still runs: it just answers badly. Nobody tells you the cause, so you "
         "gather evidence step by step (the checklist) until the evidence points to it."),
        ("What does the tiny-subset test tell you, and why run it before training on everything?",
         "A healthy model learns a handful of examples (say 20) by heart quickly. If it cannot, something is "
         "broken, not merely under-trained. It takes seconds, so you can repeat it after every fix."),
        ("Lesson 01's perceptron trained badly. What was the main fault, and how did the lesson show it?",
         "The input scale, together with Adam's step size: a picture's pixels add up to about 26,000, and Adam moves "
         "every weight by about 0.001 per step, so one step moved an output by about 25 for targets of 0 and 1. "
         "Scaling the pixels to 0..1 alone gave about 94% on every seed, where lesson 01's model wandered over tens "
         "of points; a sigmoid alone, on raw pixels, scored higher with its best seed but collapsed with others. With "
         "scaled pixels the sigmoid adds the last few points on every seed."),
        ("What is a saturated sigmoid, and why can squared error not correct a saturated mistake?",
         "With huge weighted sums the sigmoid sits on its flat ends, outputting exactly 0 or 1, where a small turn "
         "of a knob changes nothing. With squared error the push on the weighted sum is multiplied by the "
         "sigmoid's slope, which is 0 there, so a confidently wrong answer gets no push; cross-entropy's push is "
         "output minus target, largest exactly there."),
        ("Why does \"91% accuracy\" mean nothing for five-vs-not-five?",
         "About 91% of the pictures are not fives, so a model that always says \"not five\" scores 91% while "
         "finding no five at all; step 5's sigmoid collapsed to exactly that with some seeds. A score means "
         "something only compared with such baselines."),
        ("Define precision and recall. Which one is 0 for the \"always not five\" baseline?",
         "Precision: of the pictures the model called five, the fraction that are fives. Recall: of the real "
         "fives, the fraction the model found. The baseline finds no five, so its recall is 0 (and its precision "
         "is undefined: it never says five)."),
        ("Name the three ways to improve any model.",
         "Better algorithms (model, loss, optimizer), better data preparation, and more data."),
        ("Why do two training runs give different scores, and what do seeds change?",
         "Random starting weights and a random order of the data. A seed makes the random choices repeat, so a "
         "run can be reproduced and two settings compared fairly; an improvement smaller than the difference "
         "between two seeds proves nothing. So a claim needs several seeds: the mean and the spread."),
        ("The classic story says cross-entropy is what fixes this perceptron. What did the evidence say?",
         "Changing only the loss, on scaled pixels and four seeds, cross-entropy did not beat squared error. The "
         "fix that mattered was the pixel scale. When evidence contradicts the textbook, the evidence wins: that "
         "is debugging."),
        ("Why is the test set opened only once, at the end?",
         "Every choice made by looking at a score tunes the model to that data. Choices are made on validation "
         "data, so that the test score stays an honest estimate for new pictures."),
    ],
    further_research=[
        "Andrej Karpathy's \"A Recipe for Training Neural Networks\" (2019): compare his steps with this lesson's "
        "checklist.",
        "The learning-rate range test (Leslie Smith, 2015): how to find a sensible learning rate in a single "
        "short run.",
    ],
)
