"""Lesson 02's exercises: debug a model you have not seen before, and build the evidence tools yourself.

``q1`` diagnoses a colleague's broken perceptron from evidence, ``q2`` fixes it, ``q3`` writes the
majority baseline, ``q4`` precision and recall at any threshold, ``q5`` predicts, then runs, the
untrained perceptron's loss on scaled pixels; then the ``questionnaire``.
"""

from __future__ import annotations

import weakref

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
_STARTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Each mystery model's starting weights, so that q1 can repeat the student's measurement."""


def make_mystery_model():
    """A colleague's perceptron for five-vs-not-five, compiled: it trains without an error and learns
    (almost) nothing. Input ``(None, 28, 28)`` float pixels 0..1; output ``(None, 1)``, P("five")."""
    import keras

    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(name="flatten"),
                              keras.layers.Dense(1, activation="sigmoid", name="output")],
                             name="colleagues_perceptron")
    model.compile(loss="binary_crossentropy", metrics=["accuracy"],
                  optimizer=keras.optimizers.Adam(learning_rate=MYSTERY_LEARNING_RATE))
    _STARTS[model] = model.get_weights()
    return model


def _tiny_subset(model, passes=100, record_every=5):
    """``overfit_tiny_subset`` on the first 20 training pictures, scaled, as the exercises run it."""
    from mnist_lessons.data import is_five, load_mnist, scale_pixels
    from mnist_lessons.debug import overfit_tiny_subset

    (x_train, digits_train), _ = load_mnist()
    return overfit_tiny_subset(model, scale_pixels(x_train[:20]), is_five(digits_train[:20]),
                               passes=passes, record_every=record_every)


# ---------------------------------------------------------------------------------------------
# q1: the diagnosis

_WHY_NOT = {
    "A": "more epochs help a model whose loss clearly falls. At your measured pace, how many passes would it need?",
    "B": "it is fed `x_train_scaled`, and a sigmoid swamped by big pixels answers exactly 0 or 1 (lesson 03). "
         "Does `output_range` show that?",
    "C": "its output layer has a sigmoid: `output_range` shows every output between 0 and 1.",
    "D": "`mystery.loss` is binary cross-entropy, the standard loss for a yes/no probability (lesson 03).",
}


def _measured_on(mystery) -> tuple[float, float]:
    """The loss change and largest weight change of 100 tiny-subset passes from ``mystery``'s start."""
    start = _STARTS.get(mystery) if hasattr(mystery, "get_weights") else None   # a Keras model, or not
    if start is None:
        raise Incorrect("`mystery` should be the model `make_mystery_model()` built: run the exercise's cell "
                        "again, then your evidence cells.")
    if all(np.array_equal(now, then) for now, then in zip(mystery.get_weights(), start, strict=True)):
        raise Incorrect("`mystery` has not trained yet: run the tiny-subset test on it, "
                        "`overfit_tiny_subset(mystery, x_train_scaled, y_train)`, and measure there.")
    replay = make_mystery_model()
    replay.set_weights(start)
    tiny = _tiny_subset(replay)
    weight_change = np.abs(replay.get_weights()[0] - start[0]).max()
    return abs(tiny.loss[-1] - tiny.loss[0]) / tiny.loss[0], float(weight_change)


def _near(value, reference) -> bool:
    return reference / 1.5 <= value <= reference * 1.5


def _grade_diagnosis(mystery, mystery_loss_change, mystery_weight_change, mystery_diagnosis) -> str:
    loss_change = as_number(mystery_loss_change, "mystery_loss_change")
    weight_change = as_number(mystery_weight_change, "mystery_weight_change")
    if weight_change == 0:
        raise Incorrect("`mystery_weight_change` is 0: the weights were probably read *after* training both "
                        "times. Keep a copy before: `before = mystery.get_weights()[0].copy()`.")
    true_loss, true_weight = _measured_on(mystery)
    if not _near(loss_change, true_loss):
        advice = "if that is a percentage, divide by 100; " if _near(loss_change, 100 * true_loss) else ""
        raise Incorrect(f"`mystery_loss_change` is {fmt(loss_change)}, but 100 tiny-subset passes from "
                        f"`mystery`'s start move its loss by {true_loss:.2g} of itself: {advice}measure "
                        "`abs(tiny.loss[-1] - tiny.loss[0]) / tiny.loss[0]` on one test of a fresh model.")
    if not _near(weight_change, true_weight):
        raise Incorrect(f"`mystery_weight_change` is {fmt(weight_change)}, but those passes move no weight by "
                        f"more than {true_weight:.2g}: compare the weights before and after the test, "
                        "`np.abs(after - before).max()`.")
    letter = mystery_diagnosis.strip().upper() if isinstance(mystery_diagnosis, str) else None
    if letter not in ("A", "B", "C", "D", "E"):
        raise Incorrect(f"`mystery_diagnosis` should be one letter, \"A\" to \"E\"; it is {mystery_diagnosis!r}.")
    if letter != "E":
        raise Incorrect(f"{letter} does not fit the evidence: {_WHY_NOT[letter]}")
    return (f"E. In 100 passes the loss moved by {true_loss:.2%} and no weight by more than {true_weight:.2g}, "
            "with the outputs in the sigmoid's sloped middle. The model steps, just tinily: its learning rate "
            f"is {MYSTERY_LEARNING_RATE:g}, a thousand times below Adam's default 0.001. Exercise 2: fix it.")


q1 = Exercise(
    "02", 1, "Diagnose the mystery model",
    statement="""
A colleague's perceptron for five-vs-not-five trains without a single error message, yet learns
(almost) nothing. `make_mystery_model()` builds it, compiled, for scaled pixels. Gather evidence
before you read its settings: run the tiny-subset test on `mystery`, and measure
`mystery_loss_change`, how much its loss moved from the first to the last passes, as a fraction of
the first; and `mystery_weight_change`, the largest change of any weight during those passes (the
check repeats your test from the same start). Look at its outputs with `output_range`. Then set
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
x_train_scaled = scale_pixels(x_train)   # the mystery model expects pixels 0..1
# Gather your evidence here (add cells as you like)

mystery_loss_change = ...     # abs(last loss - first loss) / first loss
mystery_weight_change = ...   # the largest change of any weight during the test
mystery_diagnosis = ...       # "A", "B", "C", "D" or "E"
""",
    reads=["mystery", "mystery_loss_change", "mystery_weight_change", "mystery_diagnosis"],
    grader=_grade_diagnosis,
    hints=[
        "Start with step 3's test: `overfit_tiny_subset(mystery, x_train_scaled, y_train)` returns the loss of "
        "the first and the last passes (`.loss[0]`, `.loss[-1]`). Look at `.outputs` with `output_range`.",
        "The outputs are in range and not saturated, and the loss is the standard one for a yes/no output. So "
        "ask how far the knobs move: what decides the size of a step?",
        "Skeleton: `before = mystery.get_weights()[0].copy()`, `tiny = overfit_tiny_subset(mystery, ...)`, "
        "`mystery_loss_change = abs(... - ...) / ...`, `mystery_weight_change = np.abs(... - before).max()`. "
        "Which letter do a loss that hardly moves and knobs that hardly turn point to?",
    ],
    solution="""
mystery = make_mystery_model()                # a fresh one: the check repeats one test
weights_before = mystery.get_weights()[0].copy()
mystery_tiny = overfit_tiny_subset(mystery, x_train_scaled, y_train)
print(mystery_tiny)                           # the loss hardly moves in 100 passes
print(output_range(mystery_tiny.outputs))     # in 0..1, not at the edges: not saturated
first, last = mystery_tiny.loss[0], mystery_tiny.loss[-1]
mystery_loss_change = abs(last - first) / first
mystery_weight_change = np.abs(mystery.get_weights()[0] - weights_before).max()
print("now read the settings:", mystery.loss, float(mystery.optimizer.learning_rate))

mystery_diagnosis = "E"
""",
)


# ---------------------------------------------------------------------------------------------
# q2: the fix


def _grade_fix(make_fixed_model) -> str:
    import keras

    from mnist_lessons.debug import output_range

    model = call(make_fixed_model, name="make_fixed_model")
    if not isinstance(model, keras.Model):
        raise Incorrect(f"`make_fixed_model()` should return a Keras model; it returned a {type(model).__name__}.")
    if getattr(model, "optimizer", None) is None:
        raise Incorrect("the model is not compiled: call `model.compile(...)` in `make_fixed_model`, then return it.")
    try:
        shapes = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError) as error:
        raise Incorrect("the model has no input shape: start it with `keras.Input(shape=(28, 28))`.") from error
    if shapes != ((None, 28, 28), (None, 1)):
        raise Incorrect(f"the model takes {shapes[0]} and gives {shapes[1]}; like the mystery model it should take "
                        "(None, 28, 28) and give (None, 1).")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    found = {"dense layers": len(dense), "optimizer": type(model.optimizer).__name__,
             "activation": getattr(dense[-1].activation, "__name__", None) if dense else None,
             "loss": getattr(model.loss, "name", None) or getattr(model.loss, "__name__", str(model.loss))}
    mystery = {"dense layers": 1, "activation": "sigmoid", "loss": "binary_crossentropy", "optimizer": "Adam"}
    changed = "; ".join(f"its {what} is {found[what]!r}, the mystery's {expected!r}"
                        for what, expected in mystery.items() if found[what] != expected)
    if changed:
        raise Incorrect(f"your model differs from the mystery model in more than its learning rate: {changed}. "
                        "Change only the cause the evidence found, so that you know what fixed it.")
    result = _tiny_subset(model, passes=200, record_every=10)
    rate = model.optimizer.learning_rate
    learning_rate = float(keras.ops.convert_to_numpy(getattr(rate, "value", rate)))
    if result.fits:
        return (f"after 200 passes your model gets all 20 pictures right (loss {result.loss[0]:.3g}, then "
                f"{result.loss[-1]:.3g}). You changed one number, the learning rate (now {learning_rate:g}); "
                "the evidence pointed to it before you read the code.")
    edges = output_range(result.outputs).at_edges
    advice = "compare its loss with the mystery model's: what is left of the mystery in your code?"
    if learning_rate <= 10 * MYSTERY_LEARNING_RATE:
        advice = f"its learning rate is still {learning_rate:g}: the mystery's problem, not yet fixed."
    elif learning_rate < 1e-4:
        advice = f"{learning_rate:g} is still small: it needs more than 200 passes. Try Adam's usual 0.001."
    elif learning_rate >= 0.1 or edges:
        advice = (f"at {learning_rate:g} the answers overshoot ({edges} of 20 outputs at exactly 0 or 1). "
                  "Try Adam's usual 0.001.")
    raise Incorrect(f"after 200 passes on the first 20 training pictures your model gets {int(result.right[-1])} "
                    f"of 20 right (loss {result.loss[0]:.3g}, then {result.loss[-1]:.3g}); a healthy perceptron "
                    f"learns all 20. Hint: {advice}")


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
    \"\"\"The colleague's perceptron, its problem fixed, for scaled pixels.\"\"\"
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
    \"\"\"The colleague's perceptron, its problem fixed, for scaled pixels.\"\"\"
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy",
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))   # was 1e-6
    return model

print(overfit_tiny_subset(make_fixed_model(), x_train_scaled, y_train, passes=200,
                          record_every=10))
""",
)


# ---------------------------------------------------------------------------------------------
# q3: the majority baseline


def _grade_majority(majority_accuracy) -> str:
    from mnist_lessons.data import is_five, load_mnist

    (_, digits_train), (_, digits_test) = load_mnist()
    for case, targets in [("the five-vs-not-five test targets, `is_five(y_test)`", is_five(digits_test)),
                          ("targets where most answers are 1: `[1, 1, 1, 0]`", np.array([1.0, 1.0, 1.0, 0.0])),
                          ("the ten-digit training labels (the most common is 1)", digits_train.copy()),
                          ("a tie: `[0, 1, 0, 1]`", np.array([0.0, 1.0, 0.0, 1.0])),
                          ("ten classes whose commonest is 7: `[7, 7, 7, 3, 2, 0]`", np.array([7, 7, 7, 3, 2, 0]))]:
        value = as_number(call(majority_accuracy, targets.copy(), name="majority_accuracy"),
                          "the result of majority_accuracy")
        values, counts = np.unique(targets, return_counts=True)
        expected = counts.max() / len(targets)
        if close(value, expected, 1e-3):      # float32 arithmetic, or rounded to 3 decimals, is fine
            continue
        advice = {counts.max(): "that is how many targets are the most common one; divide by the number of targets.",
                  100 * expected: "that is a percentage; return a fraction between 0 and 1.",
                  np.mean(targets == 0): "that is the share of 0s. The most common answer is not always 0: "
                                         "count every answer (`np.unique(targets, return_counts=True)`).",
                  values[np.argmax(counts)]: "that is the most common target itself; return how often always "
                                             "answering it would be right."}
        hint = next((text for number, text in advice.items() if close(value, number)),
                    "count how often each answer occurs; the baseline is right as often as the commonest.")
        raise Incorrect(f"for {case} the baseline is {expected:g}; your function returned {fmt(value)}. "
                        f"Hint: {hint}")
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
    values, counts = np.unique(targets, return_counts=True)   # each answer, how often
    return counts.max() / len(targets)

print(majority_accuracy(y_val), majority_accuracy(digits_train))
""",
)


# ---------------------------------------------------------------------------------------------
# q4: precision and recall


def _grade_precision_recall(precision_and_recall) -> str:
    from mnist_lessons.debug import binary_scores

    def reference(outs, threshold):
        scores = binary_scores(targets, outs, threshold)
        return scores.precision, scores.recall

    rng = np.random.default_rng(2)
    targets = (rng.random(400) < 0.15).astype(np.float32)
    outputs = np.clip(0.55 * targets + rng.normal(0.25, 0.2, size=400), 0, 1).astype(np.float32)
    outputs[np.isin(np.round(outputs, 6), (0.3, 0.5, 0.7))] += 1e-3   # no output exactly at a threshold
    for case, outs, threshold in [("outputs of shape (400,), threshold 0.5", outputs, 0.5),
                                  ("threshold 0.3", outputs, 0.3), ("threshold 0.7", outputs, 0.7),
                                  ("outputs of shape (400, 1), as `model.predict` gives", outputs[:, None], 0.5)]:
        result = call(precision_and_recall, targets.copy(), outs.copy(), threshold, name="precision_and_recall")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect(f"`precision_and_recall` should return two numbers, `precision, recall`; it returned "
                            f"{type(result).__name__} {fmt(result) if np.ndim(result) else result!r}.")
        if any(value is Ellipsis for value in result):
            raise NotAttempted("`precision_and_recall` still returns `...`: fill in `answers`, `precision` and "
                               "`recall`, run the cell, then check again.")
        got = as_number(result[0], "the precision returned"), as_number(result[1], "the recall returned")
        expected = reference(outs, threshold)
        if close(got, expected, 1e-3):   # rounded to 3 decimals is fine
            continue
        if close(got[::-1], expected, 1e-3):
            advice = ("you swapped them. Precision divides by the pictures the model *called* five; recall by the "
                      "pictures that *are* fives.")
        elif outs.ndim == 2:
            advice = ("right for outputs of shape (400,), wrong for (400, 1): comparing a (400, 1) array with a "
                      "(400,) array broadcasts to (400, 400). Flatten the outputs first: `np.ravel(outputs)`.")
        elif threshold != 0.5 and close(got, reference(outs, 0.5)):
            advice = "these are the values at 0.5: use the `threshold` argument, not a fixed 0.5."
        else:
            advice = ("the model says \"five\" where `outputs > threshold`; precision = right fives among those, "
                      "recall = right fives among all the fives.")
        raise Incorrect(f"for {case} precision and recall are {expected[0]:.4f} and {expected[1]:.4f}; your "
                        f"function returned {got[0]:.4f} and {got[1]:.4f}. Hint: {advice}")
    (low_p, low_r), (high_p, high_r) = reference(outputs, 0.3), reference(outputs, 0.7)
    return (f"on the check's outputs, threshold 0.3 gives precision {low_p:.2f}, recall {low_r:.2f}; 0.7 gives "
            f"{high_p:.2f}, {high_r:.2f}. A lower threshold finds more fives at the price of more false alarms; "
            "which you want depends on what a miss costs compared with a false alarm.")


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
    \"\"\"Precision and recall, where outputs above `threshold` mean "five".\"\"\"
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
        "Skeleton: `answers = np.ravel(outputs) > ...`, `fives = ...`, `found = np.sum(answers & fives)`, then "
        "`precision = found / ...` and `recall = found / ...`: one divides by the answers, one by the fives.",
    ],
    solution="""
def precision_and_recall(targets, outputs, threshold=0.5):
    \"\"\"Precision and recall, where outputs above `threshold` mean "five".\"\"\"
    answers = np.ravel(outputs) > threshold    # (n,): True where the model says "five"
    fives = np.ravel(targets) == 1             # (n,): True where it is a five
    precision = np.sum(answers & fives) / np.sum(answers)
    recall = np.sum(answers & fives) / np.sum(fives)
    return precision, recall

for threshold in (0.3, 0.5, 0.7):   # run 0 of step 5's control
    precision, recall = precision_and_recall(y_val, control_outputs[:, 0], threshold)
    print(f"threshold {threshold}: precision {precision:.1%}, recall {recall:.1%}")
""",
)


# ---------------------------------------------------------------------------------------------
# q5: predict, then run: the untrained perceptron's loss on scaled pixels

_REASONING = ("Scaling divides every pixel, so every weighted sum, by 255; the squared error squares the sums, so "
              "their part of the loss shrinks about 255 x 255 = 65,025 times, to a few tenths, and the fives' own "
              "(1 - output)², about one picture in eleven, adds a little more.")


def _grade_start_loss(predicted_start_loss, measured_start_loss) -> str:
    predicted = as_number(predicted_start_loss, "predicted_start_loss")
    measured = as_number(measured_start_loss, "measured_start_loss")
    if predicted <= 0 or measured <= 0:
        raise Incorrect(f"a squared error is above 0; you predicted {fmt(predicted)}, measured {fmt(measured)}.")
    if measured > 100:
        raise Incorrect(f"`measured_start_loss` is {fmt(measured)}: thousands, the loss on *raw* pixels, as in "
                        "step 1. Evaluate the fresh model on `scale_pixels(x_val)`.")
    if not 0.05 <= measured <= 3:
        raise Incorrect(f"`measured_start_loss` is {fmt(measured)}; a fresh `make_perceptron()` (any seed) "
                        "evaluated on `scale_pixels(x_val)` gives a few tenths. Take an untrained model, and the "
                        "first number `evaluate` returns, the loss.")
    ratio = predicted / measured
    off = max(ratio, 1 / ratio)
    if 100 <= ratio <= 600:
        raise Incorrect(f"you predicted {fmt(predicted)}, the run gives {measured:.3g}: about 255 times too much. "
                        f"Did you divide the raw loss by 255 once? The loss *squares* the sums. {_REASONING}")
    if off > 10:
        raise Incorrect(f"you predicted {fmt(predicted)}, the run gives {measured:.3g}: off by a factor of "
                        f"{off:.3g}. {_REASONING} Rework the prediction from that reasoning.")
    note = (f" Off by a factor of {off:.3g}: close enough, but which part of the reasoning did you leave out?"
            if off > 3 else "")
    return (f"you predicted {fmt(predicted)} and the run gives {measured:.3g}.{note} {_REASONING} A start near "
            "0..1 is what a healthy model needs: lesson 03 tests it.")


q5 = Exercise(
    "02", 5, "Predict, then run: the untrained loss on scaled pixels",
    statement="""
Step 1 measured a fresh perceptron's squared error on raw pixels (0..255): in the thousands.
Lesson 03 will scale the pixels to 0..1 (divide by 255). **Before running anything**, predict the
same fresh model's squared error on the scaled validation pictures, and write it in
`predicted_start_loss`. Then run it: `measured_start_loss`, the loss of a fresh `make_perceptron()`
(any seed) evaluated on `scale_pixels(x_val)`. The check compares your prediction with the run.
""",
    starter="""
predicted_start_loss = ...   # your prediction, written BEFORE you run the measurement

measured_start_loss = ...    # a fresh make_perceptron() on scale_pixels(x_val)
""",
    reads=["predicted_start_loss", "measured_start_loss"],
    grader=_grade_start_loss,
    hints=[
        "Scaling divides every pixel by 255. What happens to every weighted sum? And the loss squares "
        "(output - target): what happens to a square when its number is divided by 255?",
        "On raw pixels the loss is nearly all the sums' own size, squared. On scaled pixels the sums are small, "
        "so the targets matter too: a five's target is 1, an output near 0 costs about 1, and about one picture "
        "in eleven is a five.",
        "Skeleton for the run: `fresh = make_perceptron()`, then `measured_start_loss = fresh.evaluate(..., "
        "y_val, verbose=0)[...]`: which pictures, and which of the numbers `evaluate` returns?",
    ],
    solution="""
# step 1 printed the raw loss, about 15,000 here; dividing the sums by 255 divides their
# squares by 65,025: about 0.23 left, plus the fives' (1 - output)^2 for 1 in 11 pictures
predicted_start_loss = 15_000 / 255**2 + 0.09

fresh = make_perceptron()
measured_start_loss = fresh.evaluate(scale_pixels(x_val), y_val, verbose=0)[0]
print(f"predicted {predicted_start_loss:.2f}, measured {measured_start_loss:.2f}")
""",
)

questionnaire = Questionnaire(
    "02",
    [
        ("Why do neural networks rarely give helpful error messages, and what do you do instead?",
         "A network with a bug usually still runs: it just answers badly. Nobody names the cause, so you gather "
         "evidence step by step until it points to one."),
        ("Why look at the model before training it, and what did lesson 01's perceptron show there?",
         "A bad start explains much of what training does next. Its weighted sums ran to about a hundred and its "
         "squared error was in the thousands, for targets of 0 and 1: the starting weights suit inputs of about "
         "size 1, not pixels up to 255."),
        ("What does the tiny-subset test tell you, and why run it before training on everything?",
         "A healthy model learns 20 examples by heart quickly; if it cannot, something is broken, not merely "
         "under-trained. It takes seconds, so you can repeat it after every fix."),
        ("Why measure training accuracy with `evaluate` when you compare it with validation accuracy?",
         "`fit` reports a running mean over the epoch, while the weights still changed; validation accuracy is "
         "measured at the end. `evaluate` on the training pictures measures both the same way."),
        ("Why does one Adam step move an output of lesson 01's perceptron by tens?",
         "Adam's first steps move each weight by about the learning rate, 0.001; an output adds up 784 pixels "
         "times their weights, and a picture's pixels add up to about 26,000: about 26, for targets 1 apart."),
        ("A model scores exactly the majority baseline's accuracy. Has it learned nothing?",
         "Not necessarily: a model that finds half the fives and raises as many false alarms scores the baseline "
         "too. Accuracy alone cannot tell; precision and recall can."),
        ("Define precision and recall. Which one is 0 for the \"always not five\" baseline?",
         "Precision: of the pictures called five, the fraction that are fives. Recall: of the real fives, the "
         "fraction found. The baseline finds no five: recall 0 (precision undefined: it never says five)."),
        ("Why do two training runs give different scores, and what does a seed change?",
         "Random starting weights and a random order of the data. A seed makes the random choices repeat. A gain "
         "smaller than the spread between runs proves nothing: a claim needs several runs, mean and spread."),
    ],
    further_research=[
        "Andrej Karpathy's \"A Recipe for Training Neural Networks\" (2019): compare his steps, among them "
        "\"verify loss @ init\", with this lesson's.",
        "Why do Keras's default starting weights (Glorot) suit inputs of about size 1? Read how the Glorot "
        "initialiser picks its range.",
    ],
)
