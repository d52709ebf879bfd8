"""Lesson 02's exercises: debug a model you have not seen before, and build the evidence tools yourself.

- ``q1``: diagnose a colleague's broken perceptron (``make_mystery_model``) from evidence you measure;
- ``q2``: fix it, changing only the cause, proved by the tiny-subset test;
- ``q3``: the majority baseline, ``majority_accuracy``;
- ``q4``: precision and recall at any threshold, ``precision_and_recall``;
- ``q5``: predict, then run: the untrained perceptron's loss on scaled pixels;
- ``questionnaire``.

(The old ``q5``, "does cross-entropy rescue raw pixels?", is lesson 03's ``q1`` since lesson 02 was split.)
"""

from __future__ import annotations

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, NotAttempted, as_number, call, close, fmt

INTRO = """
## Your turn: exercises

Debugging is learned by debugging. Exercises 1 and 2 hand you a colleague's perceptron that
trains without an error and learns nothing: find out why from evidence, then fix it. Exercises 3
and 4 have you write two evidence tools yourself; exercise 5 asks you to predict, then run. Fill in
each code cell (replace every `...`), run it, then its check; `q1.hint()` (then `hint(2)`,
`hint(3)`) and `q1.solution()` help when asked.
"""

MYSTERY_LEARNING_RATE = 1e-6
LOSS_CHANGE_LIMIT = 0.02
"""The mystery model's tiny-subset loss moves by less than 1% of itself in 100 passes (measured on JAX and
TensorFlow); an answer above this was not measured on it."""
WEIGHT_CHANGE_LIMIT = 1e-3
"""Adam moves a weight by at most about the learning rate per step: 100 passes at 1e-6 stay far below this."""


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
          "more epochs help only a model whose loss is clearly falling. Your own measurement says how much the "
          "loss moved in 100 passes: at that pace, how many passes would it need?"),
    "B": ("the pixels are not scaled to 0..1",
          "the model is fed `x_train_scaled`, and a sigmoid swamped by big pixel values answers exactly 0 or 1 "
          "(lesson 03). Print `output_range` of its outputs: is that what you see?"),
    "C": ("nothing keeps its outputs between 0 and 1",
          "print `output_range` of its outputs, or `mystery.summary()`: the output layer has a sigmoid, and every "
          "output lies between 0 and 1."),
    "D": ("the loss does not suit a yes/no answer",
          "look at `mystery.loss`: binary cross-entropy, the standard loss for a yes/no probability. On scaled "
          "pixels it trains nearly as well as squared error (lesson 03): it does not make a model learn nothing."),
    "E": ("its steps are far too small: the learning rate", ""),
}


def _grade_diagnosis(mystery_loss_change, mystery_weight_change, mystery_diagnosis) -> str:
    loss_change = as_number(mystery_loss_change, "mystery_loss_change")
    weight_change = as_number(mystery_weight_change, "mystery_weight_change")
    if loss_change < 0:
        raise Incorrect(f"`mystery_loss_change` is {fmt(loss_change)}; give the size of the change, "
                        "`abs(last - first) / first`, a fraction of 0 or more.")
    if loss_change > LOSS_CHANGE_LIMIT:
        advice = ("if that is a percentage, divide by 100; " if loss_change <= 100 * LOSS_CHANGE_LIMIT else "")
        raise Incorrect(f"`mystery_loss_change` is {fmt(loss_change)}, but the mystery model's tiny-subset loss "
                        f"moves by less than {LOSS_CHANGE_LIMIT:g} of itself in 100 passes: {advice}measure "
                        "`abs(tiny.loss[-1] - tiny.loss[0]) / tiny.loss[0]` on a fresh `make_mystery_model()`.")
    if weight_change == 0:
        raise Incorrect("`mystery_weight_change` is 0: the weights were probably read *after* training both times. "
                        "Keep a copy before training: `before = mystery.get_weights()[0].copy()`.")
    if weight_change < 0 or weight_change > WEIGHT_CHANGE_LIMIT:
        raise Incorrect(f"`mystery_weight_change` is {fmt(weight_change)}; on the mystery model, 100 passes move no "
                        f"weight by more than {WEIGHT_CHANGE_LIMIT:g}. Compare the weights of the same model before "
                        "and after its tiny-subset test: `np.abs(after - before).max()`.")
    if not isinstance(mystery_diagnosis, str) or mystery_diagnosis.strip().upper() not in _CHOICES:
        raise Incorrect(f"`mystery_diagnosis` should be one letter, \"A\" to \"E\", as a string; it is "
                        f"{mystery_diagnosis!r}.")
    letter = mystery_diagnosis.strip().upper()
    what, why_not = _CHOICES[letter]
    if why_not:
        raise Incorrect(f"{letter} ({what}) does not fit the evidence: {why_not}")
    return (f"E. Your evidence: in 100 passes the loss moved by {loss_change:.2%} and no weight by more than "
            f"{weight_change:.2g}. The outputs sit in the sloped middle of the sigmoid, neither saturated nor "
            "outside 0..1. The model takes steps, just tiny ones: "
            f"`mystery.optimizer.learning_rate` is {MYSTERY_LEARNING_RATE:g}, a thousand times smaller than Adam's "
            "default 0.001 (one wrong digit, `1e-6` for `1e-3`). Exercise 2: fix it.")


q1 = Exercise(
    "02", 1, "Diagnose the mystery model",
    statement="""
A colleague's perceptron for five-vs-not-five trains without a single error message, yet learns
(almost) nothing. `make_mystery_model()` builds it, compiled, for scaled pixels. Gather evidence
before you read its settings: run the tiny-subset test on it, and measure
`mystery_loss_change`, how much its loss moved from the first to the last passes, as a fraction of
the first; and `mystery_weight_change`, the largest change of any weight during those passes. Look
at its outputs with `output_range`. Then set `mystery_diagnosis` to the letter of the cause:

- **A**: it needs more epochs; nothing is broken
- **B**: the pixels are not scaled to 0..1
- **C**: nothing keeps its outputs between 0 and 1
- **D**: the loss does not suit a yes/no answer
- **E**: its steps are far too small: the learning rate
""",
    starter="""
from mnist_lessons.exercises.lesson02 import make_mystery_model

mystery = make_mystery_model()
x_train_scaled = scale_pixels(x_train)          # the mystery model expects pixels 0..1
# Gather your evidence here (add cells as you like)

mystery_loss_change = ...     # abs(last loss - first loss) / first loss, in the tiny-subset test
mystery_weight_change = ...   # the largest change of any weight during that test
mystery_diagnosis = ...       # "A", "B", "C", "D" or "E"
""",
    reads=["mystery_loss_change", "mystery_weight_change", "mystery_diagnosis"],
    grader=_grade_diagnosis,
    hints=[
        "Start with step 3's test: `overfit_tiny_subset(mystery, x_train_scaled, y_train)` returns the loss of "
        "the first and the last passes (`.loss[0]`, `.loss[-1]`). Compare them, and look at `.outputs` with "
        "`output_range` (step 4).",
        "The outputs are in range and not saturated, and the loss is the standard one for a yes/no output. So "
        "ask how far the knobs move: what decides the size of a step?",
        "Skeleton: `before = mystery.get_weights()[0].copy()`, then `tiny = overfit_tiny_subset(mystery, ...)`, "
        "then `mystery_loss_change = abs(... - ...) / ...` (from `tiny.loss`) and "
        "`mystery_weight_change = np.abs(... - before).max()`. Which letter do a loss that "
        "hardly moves and knobs that hardly turn point to?",
    ],
    solution="""
mystery = make_mystery_model()
weights_before = mystery.get_weights()[0].copy()
mystery_tiny = overfit_tiny_subset(mystery, x_train_scaled, y_train)
print(mystery_tiny)                                            # the loss hardly moves in 100 passes
print(output_range(mystery_tiny.outputs))                      # in 0..1, not at the edges: not saturated
mystery_loss_change = abs(mystery_tiny.loss[-1] - mystery_tiny.loss[0]) / mystery_tiny.loss[0]
mystery_weight_change = np.abs(mystery.get_weights()[0] - weights_before).max()
print(f"loss moved by {mystery_loss_change:.2%}; largest weight change {mystery_weight_change:.2g}")
print("now read the settings:", mystery.loss, float(mystery.optimizer.learning_rate))

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
    changed = _other_changes(model)
    if changed:
        raise Incorrect(f"your model differs from the mystery model in more than its learning rate: {changed}. "
                        "Change only the cause the evidence found, so that you know what fixed it.")
    (x_train, digits_train), _ = load_mnist()
    x_tiny, y_tiny = scale_pixels(x_train[:20]), is_five(digits_train[:20])
    result = overfit_tiny_subset(model, x_tiny, y_tiny, n=20, passes=200, record_every=10)
    report = output_range(result.outputs)
    rate = model.optimizer.learning_rate
    learning_rate = float(keras.ops.convert_to_numpy(getattr(rate, "value", rate)))
    if result.fits:
        return (f"after 200 passes your model gets all 20 pictures right, and its loss fell from "
                f"{result.loss[0]:.3g} to {result.loss[-1]:.3g}: it learns. You changed one number, the learning "
                f"rate (now {learning_rate:g}); the evidence (a loss that barely moves, knobs that barely turn) "
                "pointed to it before you read the code.")
    advice = "compare its loss with the mystery model's, and look at what is left of the mystery in your code."
    if learning_rate <= 10 * MYSTERY_LEARNING_RATE:
        advice = f"its learning rate is still {learning_rate:g}: that is the mystery's problem, not yet fixed."
    elif learning_rate < 1e-4:
        advice = (f"a learning rate of {learning_rate:g} is larger than the mystery's but still small: its steps "
                  "need more passes than 200. Adam's usual 0.001 is a good start.")
    elif learning_rate >= 0.1 or report.at_edges:
        advice = (f"a learning rate of {learning_rate:g} takes steps so large that the answers overshoot "
                  f"({report.at_edges} of 20 outputs sit at exactly 0 or 1): now the steps are too large. "
                  "Adam's usual 0.001 is a good start.")
    raise Incorrect(f"after 200 passes on the first 20 training pictures your model gets {int(result.right[-1])} "
                    f"of 20 right (loss {result.loss[0]:.3g} at the start, {result.loss[-1]:.3g} at the end); a "
                    f"healthy perceptron learns all 20. Hint: {advice}")


def _describe(model) -> dict:
    """What a one-unit perceptron is made of, apart from its learning rate: layers, activation, loss."""
    import keras

    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    activation = getattr(dense[-1].activation, "__name__", str(dense[-1].activation)) if dense else None
    loss = model.loss
    loss = getattr(loss, "name", None) or getattr(loss, "__name__", None) or str(loss)
    optimizer = type(getattr(model, "optimizer", None)).__name__
    return {"dense layers": len(dense), "activation": activation, "loss": loss, "optimizer": optimizer}


def _other_changes(model) -> str:
    """Every difference between ``model`` and the mystery model other than the learning rate, or ``""``."""
    found, mystery = _describe(model), {"dense layers": 1, "activation": "sigmoid", "loss": "binary_crossentropy",
                                     "optimizer": "Adam"}
    return "; ".join(f"its {what} is {found[what]!r}, the mystery's {expected!r}"
                     for what, expected in mystery.items() if found[what] != expected)


q2 = Exercise(
    "02", 2, "Fix the mystery model",
    statement="""
Now fix it. Write `make_fixed_model()`, which builds and compiles the colleague's perceptron with
the cause of the trouble removed (change only that: the check compares your model with the
mystery's), and returns it. The check runs the tiny-subset test on a fresh model from your
function: a healthy perceptron learns the first 20 training pictures by heart within 200 passes.
""",
    starter="""
def make_fixed_model():
    \"\"\"The colleague's perceptron with its problem fixed: built, compiled, ready for scaled pixels.\"\"\"
    return ...   # build and compile the model here, then return it
""",
    reads=["make_fixed_model"],
    grader=_grade_fix,
    hints=[
        "Rebuild the mystery model (`mystery.summary()` shows its layers, `mystery.loss` its loss) and change the "
        "one setting your diagnosis found.",
        "Its layers: `keras.Input(shape=(28, 28))`, `Flatten()`, `Dense(1, activation=\"sigmoid\")`; its loss "
        "`\"binary_crossentropy\"`. Keep them. What learning rate did lesson 01 use with Adam?",
        "Skeleton: `model = keras.Sequential([...the three layers...])`, then "
        "`model.compile(loss=..., optimizer=keras.optimizers.Adam(learning_rate=...))`, then `return model`.",
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
        ("ten-class labels whose commonest is 7: `[7, 7, 7, 3, 2, 0]`", np.array([7, 7, 7, 3, 2, 0])),
    ]
    for case, targets in cases:
        value = as_number(call(majority_accuracy, targets.copy(), name="majority_accuracy"),
                          "the result of majority_accuracy")
        counts = np.unique(targets, return_counts=True)[1]
        expected = counts.max() / len(targets)
        if close(value, expected, 1e-3):      # float32 arithmetic, or rounded to 3 decimals, is fine
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
            "\"not five\" on the test set, 0.1124 for \"always 1\" on the ten training digits. It is the score that "
            "costs nothing; read precision and recall beside it.")


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
        "`np.unique(targets, return_counts=True)` gives every distinct target and how often it occurs. Which "
        "count matters, and what do you divide it by to get a fraction?",
        "Skeleton: `values, counts = np.unique(targets, return_counts=True)`, then `return ... / ...`.",
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
        if close((precision, recall), expected, 1e-3):   # rounded to 3 decimals is fine
            continue
        if close((recall, precision), expected, 1e-3):
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
have shape `(n,)` or `(n, 1)` (what `model.predict` returns). Then try it on lesson 01's
perceptron's validation outputs, `control_outputs[:, 0]` (step 5), with thresholds 0.3, 0.5 and
0.7: what do you trade for what?
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
        "Flatten both with `np.ravel` first. The right fives are where both arrays are True (`&`); precision "
        "divides their count by one of the two arrays' counts, recall by the other.",
        "Skeleton: `answers = np.ravel(outputs) > ...`, `fives = ...`, "
        "`found = np.sum(answers & fives)`, then `precision = found / ...` and `recall = found / ...`: one divides by the answers, the other by the fives.",
    ],
    solution="""
def precision_and_recall(targets, outputs, threshold=0.5):
    \"\"\"Precision and recall of a yes/no model whose outputs above `threshold` mean "five".\"\"\"
    answers = np.ravel(outputs) > threshold    # (n,): True where the model says "five"
    fives = np.ravel(targets) == 1             # (n,): True where it is a five
    precision = np.sum(answers & fives) / np.sum(answers)
    recall = np.sum(answers & fives) / np.sum(fives)
    return precision, recall

validation_outputs = control_outputs[:, 0]    # lesson 01's perceptron, run 0, on the validation pictures
for threshold in (0.3, 0.5, 0.7):
    precision, recall = precision_and_recall(y_val, validation_outputs, threshold)
    print(f"threshold {threshold}: precision {precision:.1%}, recall {recall:.1%}")
""",
)


# ---------------------------------------------------------------------------------------------
# q5: predict, then run: the untrained perceptron's loss on scaled pixels


def _reference_start_losses(make_perceptron) -> tuple[float, float]:
    """The squared error of ``make_perceptron()``, untrained, on the validation pictures: raw, then scaled."""
    from mnist_lessons.data import is_five, load_mnist, scale_pixels

    (x_train, digits_train), _ = load_mnist()
    x_val, y_val = x_train[50_000:], is_five(digits_train[50_000:])
    raw = make_perceptron().evaluate(x_val, y_val, batch_size=2000, verbose=0)
    scaled = make_perceptron().evaluate(scale_pixels(x_val), y_val, batch_size=2000, verbose=0)
    return float(np.ravel(raw)[0]), float(np.ravel(scaled)[0])


def _grade_start_loss(make_perceptron, predicted_start_loss, measured_start_loss) -> str:
    predicted = as_number(predicted_start_loss, "predicted_start_loss")
    measured = as_number(measured_start_loss, "measured_start_loss")
    if not callable(make_perceptron):
        raise Incorrect("`make_perceptron` is not the lesson's function any more: run the lesson's cell that "
                        "defines it, then your cells again.")
    raw, scaled = _reference_start_losses(make_perceptron)
    if predicted <= 0 or measured <= 0:
        raise Incorrect(f"a squared error is never negative or 0 for these targets; you have predicted "
                        f"{fmt(predicted)} and measured {fmt(measured)}.")
    if close(measured, raw, 0.02):
        raise Incorrect(f"`measured_start_loss` is {fmt(measured)}: that is the loss on *raw* pixels, as in step 1. "
                        "Evaluate the fresh model on `scale_pixels(x_val)`.")
    if not close(measured, scaled, 0.02):
        raise Incorrect(f"`measured_start_loss` is {fmt(measured)}; a fresh `make_perceptron()` evaluated on "
                        f"`scale_pixels(x_val)` gives {scaled:.3g}. Build a fresh model (an untrained one), and "
                        "take the loss, the first number `evaluate` returns.")
    ratio = predicted / measured
    reasoning = ("Scaling divides every pixel, so every weighted sum, by 255; the squared error squares the sums, "
                 "so their part of the loss shrinks about 255 x 255 = 65,025 times, to about 0.23, and the "
                 "targets' own part, the fives' (1 - output)², about one picture in eleven, adds the rest.")
    if close(predicted, raw / 255, 0.2):
        raise Incorrect(f"you predicted {fmt(predicted)}, the run gives {measured:.3g}. You divided the raw loss "
                        f"by 255 once; but the loss *squares* the sums. {reasoning}")
    if not 0.1 <= ratio <= 10:
        raise Incorrect(f"you predicted {fmt(predicted)}, the run gives {measured:.3g}: off by a factor of "
                        f"{max(ratio, 1 / ratio):.3g}. {reasoning} Rework the prediction from that reasoning.")
    off = ""
    if not 1 / 3 <= ratio <= 3:
        off = (f" Your prediction is off by a factor of {max(ratio, 1 / ratio):.3g}, close enough to pass but "
               "more than 3: which part of the reasoning below did you leave out?")
    return (f"you predicted {fmt(predicted)} and the run gives {measured:.3g} (on raw pixels {raw:,.0f})."
            f"{off} {reasoning} A start near 0..1 is what a healthy model needs: lesson 03 tests it.")


q5 = Exercise(
    "02", 5, "Predict, then run: the untrained loss on scaled pixels",
    statement="""
Step 1 measured a fresh perceptron's squared error on raw pixels (0..255): in the thousands.
Lesson 03 will scale the pixels to 0..1 (divide by 255). **Before running anything**, predict the
same fresh model's squared error on the scaled validation pictures, and write it in
`predicted_start_loss`. Then run it: `measured_start_loss`, the loss of a fresh `make_perceptron()`
evaluated on `scale_pixels(x_val)`. The check compares your prediction with the run.
""",
    starter="""
predicted_start_loss = ...   # your prediction, written BEFORE you run the measurement

measured_start_loss = ...    # make_perceptron(), untrained, evaluated on scale_pixels(x_val)
""",
    reads=["make_perceptron", "predicted_start_loss", "measured_start_loss"],
    grader=_grade_start_loss,
    hints=[
        "Scaling divides every pixel by 255. What happens to every weighted sum? And the loss squares "
        "(output - target): what happens to a square when its number is divided by 255?",
        "On raw pixels the loss is nearly all the sums' own size, squared. On scaled pixels the sums are small, "
        "so the targets matter too: a five's target is 1, an output near 0 costs about 1, and about one picture "
        "in eleven is a five.",
        "Skeleton for the run: `fresh = make_perceptron()`, then "
        "`measured_start_loss = fresh.evaluate(..., y_val, verbose=0)[...]`: which pictures, and which of the numbers `evaluate` returns?",
    ],
    solution="""
# step 1's loss on raw pixels was about 15,000. Dividing the sums by 255 divides their squares by 65,025:
# about 0.23 left, plus the fives' own (1 - output)^2, about 1 in 11 pictures: about 0.3 in all.
predicted_start_loss = 15_000 / 255**2 + 0.09

measured_start_loss = make_perceptron().evaluate(scale_pixels(x_val), y_val, verbose=0)[0]
print(f"predicted {predicted_start_loss:.2f}, measured {measured_start_loss:.2f}")
""",
)

questionnaire = Questionnaire(
    "02",
    [
        ("Why do neural networks rarely give helpful error messages, and what do you do instead?",
         "A network with a bug usually still runs: it just answers badly. Nobody tells you the cause, so you "
         "gather evidence step by step until it points to the cause."),
        ("Why look at the model before training it, and what did lesson 01's perceptron show there?",
         "Because a bad start explains much of what training does next. Before any step its weighted sums ran to "
         "about a hundred and its squared error was in the thousands, for targets of 0 and 1: the starting "
         "weights suit inputs of about size 1, not pixels up to 255."),
        ("What does the tiny-subset test tell you, and why run it before training on everything?",
         "A healthy model learns a handful of examples (say 20) by heart quickly. If it cannot, something is "
         "broken, not merely under-trained. It takes seconds, so you can repeat it after every fix."),
        ("Why measure training accuracy with `evaluate` when you compare it with validation accuracy?",
         "The accuracy `fit` reports is a running mean over the epoch, while the weights were still changing; "
         "validation accuracy is measured at the end. `evaluate` on the training pictures measures both the same "
         "way."),
        ("Why does one Adam step move an output of lesson 01's perceptron by tens?",
         "Adam moves each weight by about the learning rate, 0.001, per step; an output adds up 784 pixels times "
         "their weights, and a picture's pixels add up to about 26,000. So one step can move an output by about "
         "26, for targets that differ by 1."),
        ("A model scores exactly the majority baseline's accuracy. Has it learned nothing?",
         "Not necessarily. Each five found without a false alarm removes a mistake, each false alarm adds one: a "
         "model that finds half the fives and raises as many false alarms scores the baseline too. Accuracy alone "
         "cannot tell; precision and recall can."),
        ("Define precision and recall. Which one is 0 for the \"always not five\" baseline?",
         "Precision: of the pictures the model called five, the fraction that are fives. Recall: of the real "
         "fives, the fraction the model found. The baseline finds no five, so its recall is 0 (and its precision "
         "is undefined: it never says five)."),
        ("Why do two training runs give different scores, and what does a seed change?",
         "Random starting weights and a random order of the data. A seed makes the random choices repeat, so a "
         "run can be reproduced and two settings compared fairly. An improvement smaller than the difference "
         "between runs proves nothing, so a claim needs several runs: the mean and the spread."),
    ],
    further_research=[
        "Andrej Karpathy's \"A Recipe for Training Neural Networks\" (2019): compare his steps, among them "
        "\"verify loss @ init\", with this lesson's.",
        "Why do Keras's default starting weights (Glorot) suit inputs of about size 1? Read how the Glorot "
        "initialiser picks its range.",
    ],
)
