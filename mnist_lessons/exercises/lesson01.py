"""Lesson 01's exercises, each "predict, then run": ``q1`` learning rates 1.0 and 1.1 on section 7's
gradient descent; ``q2`` Rosenblatt's rule, one pass over MNIST; ``q3`` the bulb's threshold, 0 or 0.5;
and the ``questionnaire``."""

from __future__ import annotations

import functools

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, as_array, as_number, close, expect_shape, fmt

INTRO = """
## Your turn: exercises

Three experiments. In each, **write your prediction first** and keep your first guess in a comment;
then run the code: the check shows what the run did. Replace every `...`, run the cell, then its
check. `q1.hint()`, `q1.hint(2)` and `q1.hint(3)` say more and more; `q1.solution()` only on request.
"""

BASELINE_VALIDATION = 0.9085   # accuracy of always answering "not five" on the lesson's validation pictures

# ---------------------------------------------------------------------------------------------
# q1: predict what a too-large learning rate does on loss = weight ** 2

OUTCOMES = {
    "A": "it reaches the bottom, 0",
    "B": "it bounces between +4 and -4 for ever",
    "C": "it moves further from the bottom at every step",
}

PATH_TOLERANCE = 1e-2   # paths agree within 1% (floor 0.01): rounded to 2 decimals, or float32, passes


def _descend(learning_rate: float, start: float = 4.0, steps: int = 8) -> np.ndarray:
    """Section 7's ``gradient_descent`` on loss = weight ** 2: the 9 weights of the path, float64."""
    return start * (1 - 2 * learning_rate) ** np.arange(steps + 1)


def _letter(value, name: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or text[0].upper() not in "ABC" or (len(text) > 1 and text[1].isalpha()):
        raise Incorrect(f'`{name}` should be one letter, A, B or C (a string, like "A"); it is {value!r}.')
    return text[0].upper()


MISTAKES_BY_HAND = (
    (4 * 1.2, "one step's result, 4 × 1.2: the weight is multiplied again at every step"),
    (4 * 1.2 * 8, "4 × 1.2 × 8: the steps multiply, they do not add up"),
    (4 * 1.1 ** 8, "4 × 1.1⁸: one step multiplies by 1 - 2 × 1.1, not by 1.1"),
    (4 * 3.2 ** 8, "4 × 3.2⁸: one step multiplies by 1 - 2 × 1.1 = -1.2, not 1 + 2 × 1.1"),
)


def _grade_weight_by_hand(predicted: float, run: float) -> None:
    """The hand prediction of the weight after 8 steps at rate 1.1 against the run (within 2%)."""
    if close(predicted, run, 0.02):
        return
    told = f"you predicted {fmt(predicted, 3)}, the run ends at {fmt(run, 3)}"
    if close(predicted, -run, 0.02):
        raise Incorrect(f"{told}: right size, wrong sign. Each step flips the sign; after an even number "
                        "of flips, where is the weight?")
    for mistake, note in MISTAKES_BY_HAND:
        if close(abs(predicted), mistake, 0.02):
            raise Incorrect(f"{told}. That looks like {note}. Redo the arithmetic, and see why.")
    raise Incorrect(f"{told}. One step multiplies the weight by 1 - 2 × 1.1: what do 8 steps multiply 4 by?")


def _grade_path(path, rate: float, name: str) -> None:
    path = as_array(path, name)
    if path.ndim == 0:
        raise Incorrect(f"`{name}` is one number; keep the whole path that `gradient_descent` returns "
                        "(the starting weight and the weight after each of the 8 steps).")
    expect_shape(path, (9,), name, "`gradient_descent(learning_rate)` returns the start and 8 steps: 9 weights.")
    if close(path, _descend(rate), PATH_TOLERANCE):
        return
    if close(path, _descend(rate) ** 2, PATH_TOLERANCE):
        raise Incorrect(f"`{name}` holds the *losses* along the path (weight²), not the weights. Keep what "
                        f"`gradient_descent({rate})` returns.")
    for tried in (1.1 if rate == 1.0 else 1.0, 0.05, 0.3, 0.95, 0.1, 0.11):
        if close(path, _descend(tried), PATH_TOLERANCE):
            swapped = " (the two paths are swapped)" if tried in (1.0, 1.1) else ""
            raise Incorrect(f"`{name}` is the path for learning rate {tried}{swapped}; this one asks for {rate}.")
    raise Incorrect(f"`{name}` is {fmt(path, 3)}, not the path of section 7's `gradient_descent({rate})`.")


def _grade_predict_steps(my_prediction_1_0, my_prediction_1_1, my_weight_after_8, path_1_0, path_1_1) -> str:
    predictions = {1.0: _letter(my_prediction_1_0, "my_prediction_1_0"),
                   1.1: _letter(my_prediction_1_1, "my_prediction_1_1")}
    if isinstance(my_weight_after_8, str):
        raise Incorrect(f"`my_weight_after_8` should be a number, like 3.5, not a string; it is {my_weight_after_8!r}.")
    predicted_weight = as_number(my_weight_after_8, "my_weight_after_8")
    _grade_path(path_1_0, 1.0, "path_1_0")
    _grade_path(path_1_1, 1.1, "path_1_1")
    for (rate, predicted), seen in zip(predictions.items(), "BC", strict=True):   # what the two runs do
        if predicted != seen:
            raise Incorrect(f"you predicted {predicted} for learning rate {rate} ({OUTCOMES[predicted]}), but the "
                            f"run went {fmt(_descend(rate)[:4], 3)} ...: that is {seen}, {OUTCOMES[seen]}. By what "
                            "number does one step multiply the weight?")
    run = float(_descend(1.1)[-1])
    _grade_weight_by_hand(predicted_weight, run)
    return (f"your predictions match the runs ({fmt(predicted_weight, 3)} by hand, {fmt(run, 3)} run, after 8 "
            "steps at 1.1). One step on weight² multiplies the weight by 1 - 2 × learning rate: 0.9 for 0.05 (a "
            "crawl), 0.4 for 0.3, -0.9 for 0.95 (side to side, yet shrinking), -1 for 1.0 (bouncing for ever), "
            "-1.2 for 1.1: every step lands further up the other side. A step too large for its landscape does "
            "not just slow training down: it makes the loss explode.")


q1 = Exercise(
    "01", 1, "Predict, then run: a step too far",
    statement="""
*Before running anything*, predict what learning rates `1.0` and `1.1` do to section 7's walk down
loss = weight² from 4, in 8 steps: **A**, it reaches the bottom, 0; **B**, it bounces between +4 and
−4 for ever; **C**, it moves further from the bottom at every step. Work out by hand the weight after
8 steps at rate `1.1`. Then keep the paths of section 7's `gradient_descent` for both rates.
""",
    starter="""
my_prediction_1_0 = ...   # "A", "B" or "C" for rate 1.0, before you run anything
my_prediction_1_1 = ...   # the same for learning rate 1.1
my_weight_after_8 = ...   # the weight after 8 steps at rate 1.1, by hand: a number

path_1_0 = ...            # then run section 7's gradient_descent with learning rate 1.0
path_1_1 = ...            # and with learning rate 1.1
""",
    reads=["my_prediction_1_0", "my_prediction_1_1", "my_weight_after_8", "path_1_0", "path_1_1"],
    grader=_grade_predict_steps,
    hints=[
        "Do one step by hand: the new weight is weight - learning_rate × 2 × weight. From 4 with learning rate "
        "1.0, where does the first step land? And the second?",
        "Every step multiplies the weight by the same number, 1 - 2 × learning_rate. Eight steps multiply 4 by "
        "it eight times.",
        "A skeleton:\n\n```python\nmy_prediction_1_0 = \"?\"   # 1 - 2 * 1.0 = ?\nmy_prediction_1_1 = \"?\"   "
        "# 1 - 2 * 1.1 = ?\nmy_weight_after_8 = 4 * (...) ** 8\npath_1_0 = gradient_descent(...)\n"
        "path_1_1 = gradient_descent(...)\n```",
    ],
    solution="""
my_prediction_1_0 = "B"   # one step multiplies the weight by 1 - 2 * 1.0 = -1
my_prediction_1_1 = "C"   # ... by 1 - 2 * 1.1 = -1.2: larger at every step
my_weight_after_8 = 4 * pow(-1.2, 8)   # 17.2: eight flips end on the positive side

path_1_0 = gradient_descent(1.0)
path_1_1 = gradient_descent(1.1)
print("learning rate 1.0:", path_1_0.round(2))
print("learning rate 1.1:", path_1_1.round(2))
""",
)


# ---------------------------------------------------------------------------------------------
# q2: Rosenblatt's rule, one pass over MNIST


@functools.lru_cache(maxsize=1)
def _mnist_split():
    from ..data import is_five, load_mnist

    (x_train, digits_train), _ = load_mnist()
    flat = x_train.reshape(len(x_train), -1).astype(np.float64)
    targets = is_five(digits_train).astype(np.float64)
    return flat[:50_000], targets[:50_000], flat[50_000:], targets[50_000:]


def _rosenblatt(pictures, targets, epochs: int = 1, lit_at_zero: bool = False) -> np.ndarray:
    weights = np.zeros(pictures.shape[1])
    for _ in range(epochs):
        for pixels, target in zip(pictures, targets, strict=True):
            answer = float(pixels @ weights >= 0 if lit_at_zero else pixels @ weights > 0)
            if answer != target:
                weights = weights + (target - answer) * pixels
    return weights


@functools.lru_cache(maxsize=1)
def _rosenblatt_reference():
    """The knobs after one pass (start 0, step 1) and their accuracy on validation and training pictures."""
    x_train, y_train, x_val, y_val = _mnist_split()
    weights = _rosenblatt(x_train, y_train)
    return weights, float(np.mean((x_val @ weights > 0) == y_val)), float(np.mean((x_train @ weights > 0) == y_train))


def _same_direction(a: np.ndarray, b: np.ndarray) -> bool:
    """True when ``a`` is ``b`` times a positive number (the knobs of another step size, from 0)."""
    norm_a, norm_b = np.linalg.norm(a), np.linalg.norm(b)
    return bool(norm_a > 0 and norm_b > 0 and a @ b / (norm_a * norm_b) > 1 - 1e-9)


def _accuracy(value, name: str, reference: float, training: float, slack: float = 1e-9) -> None:
    """``Incorrect`` unless the accuracy ``value`` (a share, or a percentage) is ``reference``, rounded or not;
    says so when it is the accuracy on the training pictures (``training``) or the error rate instead."""
    value = as_number(value, name)
    if 1 < value <= 100:
        value = value / 100            # a percentage is the same answer
    if not 0 <= value <= 1:
        raise Incorrect(f"`{name}` is {fmt(value)}; an accuracy is a share of pictures, from 0 to 1.")
    if _rounded_match(value, training, slack) and not _rounded_match(value, reference, slack):
        raise Incorrect(f"`{name}` is {fmt(value)}, the accuracy on the *training* pictures, which the model "
                        "learned from: measure it on the validation pictures, `x_val` and `y_val`.")
    if _rounded_match(value, 1 - reference, slack):
        raise Incorrect(f"`{name}` is {fmt(value)}, the share of validation pictures answered *wrongly*.")
    if not _rounded_match(value, reference, slack):
        raise Incorrect(f"`{name}` is {fmt(value)}, but the right share of validation pictures is "
                        f"{reference:.4f}. Compare the answers with `y_val`, and take the mean.")


def _rounded_match(value: float, reference: float, slack: float = 1e-9) -> bool:
    """``value`` is ``reference``, or ``reference`` rounded to the 2 to 4 decimals ``value`` is written with."""
    decimals = len(f"{value:.6f}".rstrip("0").partition(".")[2])
    return abs(value - reference) <= max(slack, 0.5 * 10.0 ** -decimals + 1e-9 if 2 <= decimals <= 4 else 0)


def _wrong_knobs_advice(weights: np.ndarray, reference: np.ndarray) -> str:
    x_train, y_train, _, _ = _mnist_split()
    if weights @ reference < 0:
        return ("your knobs turned the wrong way: after a missed five (target 1, answer 0) every knob goes *up* "
                "by its pixel. Use `target - answer`, not `answer - target`.")
    if _same_direction(weights, _rosenblatt(x_train[:1000], y_train[:1000])):
        return "that is one pass over the first 1,000 pictures only; go through all 50,000 training pictures."
    if _same_direction(weights, _rosenblatt(x_train, y_train, lit_at_zero=True)):
        return ("your bulb lights when the weighted sum is 0 or more (`>=`); Rosenblatt's lights only *above* 0 "
                "(`>`). With every knob at 0 the first sum is exactly 0, so the two rules part at once.")
    if _same_direction(weights, _rosenblatt(x_train, y_train, epochs=2)):
        return "those are the knobs after two passes; this asks for one. Start again from `np.zeros(...)`."
    return "start at 0, go through `flat_train` once, in order, and turn the knobs only after a wrong answer."


def _grade_rosenblatt(my_prediction_rosenblatt, rosenblatt_weights, rosenblatt_accuracy) -> str:
    said = str(my_prediction_rosenblatt).strip().lower()
    if said not in ("yes", "no", "y", "n"):
        raise Incorrect(f"`my_prediction_rosenblatt` should be \"yes\" or \"no\"; it is {my_prediction_rosenblatt!r}.")
    weights = as_array(rosenblatt_weights, "rosenblatt_weights").astype(np.float64).reshape(-1)
    expect_shape(weights, (784,), "rosenblatt_weights", "One knob per pixel of a flattened 28 x 28 picture.")
    reference, val_accuracy, train_accuracy = _rosenblatt_reference()
    if not np.any(weights):   # `rosenblatt_weights + ...` without storing it
        raise Incorrect("every knob is still 0: store what the rule gives, `rosenblatt_weights = ...`.")
    if not _same_direction(weights, reference):
        raise Incorrect("your knobs are not those of one pass of Rosenblatt's rule from 0: "
                        + _wrong_knobs_advice(weights, reference))
    _accuracy(rosenblatt_accuracy, "rosenblatt_accuracy", val_accuracy, train_accuracy)
    beats = val_accuracy > BASELINE_VALIDATION
    if (said[0] == "y") != beats:
        raise Incorrect(f"your run is right: {val_accuracy:.4f} against {BASELINE_VALIDATION} for \"not five\". "
                        f"You predicted \"{said}\"; the run says \"{'yes' if beats else 'no'}\". Keep your guess in a "
                        "comment, set what you saw, and think about why it surprised you.")
    return (f"{val_accuracy:.4f} after one pass: on the same raw pixels, Rosenblatt's rule beats \"not five\" "
            f"({BASELINE_VALIDATION}), which none of section 9's Keras runs did. It turns the knobs only after a "
            "wrong answer, by the same amount however far off the sum was; from 0, the step size changes no answer "
            "(every knob is a whole multiple of it). Lessons 02 and 03 find what stops Keras.")


q2 = Exercise(
    "01", 2, "Predict, then run: Rosenblatt's rule on MNIST",
    statement="""
*Predict first*: after **one pass** over the 50,000 training pictures, will Rosenblatt's rule
(section 4) beat always answering "not five" (0.9085) on the validation pictures? Then run it:
knobs start at 0, step 1, pictures in order, bulb lit above 0. Keep the final knobs in
`rosenblatt_weights` and the share of validation pictures it gets right in `rosenblatt_accuracy`.
""",
    starter="""
my_prediction_rosenblatt = ...   # "yes" or "no": will one pass beat 0.9085?

flat_train = x_train.reshape(len(x_train), -1)       # rows of 784 pixels
flat_val = x_val.reshape(len(x_val), -1)
rosenblatt_weights = np.zeros(flat_train.shape[1])   # every knob starts at 0
...                                # one pass of Rosenblatt's rule, step 1
rosenblatt_accuracy = ...          # share of validation pictures right
""",
    reads=["my_prediction_rosenblatt", "rosenblatt_weights", "rosenblatt_accuracy"],
    grader=_grade_rosenblatt,
    hints=[
        "The loop of section 4 works for pictures of any size: go through `flat_train` and `y_train` together, "
        "once, and apply the rule to each picture.",
        "For the accuracy, the bulb's answers for all validation pictures at once are `flat_val @ "
        "rosenblatt_weights > 0`: compare them with `y_val`.",
        "A skeleton:\n\n```python\nfor pixels, target in zip(flat_train, y_train):\n    answer = ...\n"
        "    rosenblatt_weights = rosenblatt_weights + ...\nrosenblatt_accuracy = np.mean(...)\n```",
    ],
    solution="""
my_prediction_rosenblatt = "yes"   # what the run shows

flat_train = x_train.reshape(len(x_train), -1)
flat_val = x_val.reshape(len(x_val), -1)
rosenblatt_weights = np.zeros(flat_train.shape[1])
for pixels, target in zip(flat_train, y_train):
    answer = int(pixels @ rosenblatt_weights > 0)
    rosenblatt_weights = rosenblatt_weights + 1 * (target - answer) * pixels
rosenblatt_accuracy = np.mean((flat_val @ rosenblatt_weights > 0) == y_val)
print(f"validation accuracy after one pass: {rosenblatt_accuracy:.4f}")
""",
)


# ---------------------------------------------------------------------------------------------
# q3: the bulb's threshold, 0 or 0.5


def _grade_thresholds(my_better_threshold, accuracy_at_0, accuracy_at_half, model, x_val, y_val,
                      x_train, y_train) -> str:
    if isinstance(my_better_threshold, str):
        raise Incorrect(f"`my_better_threshold` should be the number 0 or 0.5, not a string; it is {my_better_threshold!r}.")
    predicted = as_number(my_better_threshold, "my_better_threshold")
    if predicted not in (0.0, 0.5):
        raise Incorrect(f"`my_better_threshold` should be 0 or 0.5; it is {fmt(predicted)}.")
    outputs, train_outputs = (np.asarray(model.predict(x, batch_size=1000, verbose=0)).reshape(-1)
                              for x in (x_val, x_train))
    targets, train_targets = np.asarray(y_val).reshape(-1), np.asarray(y_train).reshape(-1)
    right = {t: float(np.mean((outputs > t) == targets)) for t in (0.0, 0.5)}
    for threshold, value, name in ((0.0, accuracy_at_0, "accuracy_at_0"), (0.5, accuracy_at_half, "accuracy_at_half")):
        got = as_number(value, name)
        if close(got, np.mean((outputs[:, None] > threshold) == targets), 1e-6) and not close(got, right[threshold]):
            raise Incorrect(f"`{name}` is {fmt(got)}: you compared outputs of shape (n, 1), as `model.predict` gives "
                            "them, with targets of shape (n,), and NumPy paired every output with every target. "
                            "Flatten the outputs first: `.reshape(-1)`.")
        other = 0.5 - threshold
        if close(got, right[other], 1e-9) and not close(right[other], right[threshold], 1e-9):
            raise Incorrect(f"`{name}` is the accuracy at threshold {other:g}; this one is for {threshold:g}.")
        training = float(np.mean((train_outputs > threshold) == train_targets))
        _accuracy(got, name, right[threshold], training, slack=2e-4)
    better = 0.5 if right[0.5] >= right[0.0] else 0.0
    if predicted != better:
        raise Incorrect(f"your measurements are right: {right[0.0]:.4f} at 0, {right[0.5]:.4f} at 0.5. You predicted "
                        f"{predicted:g}; the run says {better:g}. Keep your guess in a comment, set what you saw, "
                        "and think about what the model was trained to output for a five and for anything else.")
    why = ("so halfway, 0.5, is where the answer should switch" if better == 0.5 else "yet 0 did better here: "
           "the outputs are so far from 0 and 1 (section 9's loss) that neither threshold sits where training aimed")
    return (f"{right[0.0]:.4f} at threshold 0, {right[0.5]:.4f} at 0.5. Training aimed the output at 1 for a five "
            f"and 0 otherwise, {why}. The bias can move the switch point: threshold 0.5 on w·x + b answers like "
            "threshold 0 on w·x + (b - 0.5).")


q3 = Exercise(
    "01", 3, "Predict, then run: the bulb at 0 or at 0.5?",
    statement="""
Rosenblatt's bulb lights above 0; Keras's accuracy counts an output above 0.5 as "five". Which
threshold makes section 8's trained `model` right on more validation pictures? *Predict first*,
then measure the share of validation pictures it gets right with each threshold.
""",
    starter="""
my_better_threshold = ...   # 0 or 0.5: your prediction, before you measure

accuracy_at_0 = ...         # share of validation pictures right if output > 0 is "five"
accuracy_at_half = ...      # ... and if output > 0.5 is "five"
""",
    reads=["my_better_threshold", "accuracy_at_0", "accuracy_at_half", "model", "x_val", "y_val",
           "x_train", "y_train"],
    grader=_grade_thresholds,
    hints=[
        "`model.predict(x_val, verbose=0)` gives the model's outputs for all validation pictures. What was the "
        "model trained to output for a five, and for anything else?",
        "Mind the shapes: `model.predict` gives (10000, 1), `y_val` is (10000,). Make the outputs flat before "
        "you compare them with `y_val`.",
        "A skeleton:\n\n```python\noutputs = model.predict(x_val, verbose=0).reshape(-1)\n"
        "accuracy_at_0 = np.mean((outputs > ...) == y_val)\naccuracy_at_half = ...\n```",
    ],
    solution="""
my_better_threshold = 0.5   # trained towards 1 for a five, 0 otherwise: halfway is 0.5

outputs = model.predict(x_val, verbose=0).reshape(-1)
accuracy_at_0 = np.mean((outputs > 0) == y_val)
accuracy_at_half = np.mean((outputs > 0.5) == y_val)
print(f"threshold 0: {accuracy_at_0:.4f}   threshold 0.5: {accuracy_at_half:.4f}")
""",
)


questionnaire = Questionnaire(
    "01",
    [
        ("What were the parts of Rosenblatt's Mark I perceptron, and what are they in our model?",
         "An eye of light sensors (our pixels); association units wired at random to the sensors (left out "
         "here); knobs, motor-driven potentiometers weighting the units' signals (our weights); and a bulb that "
         "lit when the weighted total was high enough (our output)."),
        ("What does a perceptron compute from a picture, step by step?",
         "It flattens the picture into a row of numbers of fixed length, multiplies each pixel by its weight, "
         "adds the products and the bias (the weighted sum), optionally applies an activation function, and "
         "interprets the result against a threshold (here: above it means \"five\")."),
        ("Why can lesson 01's model not read a 32 x 32 picture, and what would you do with a photo of a digit?",
         "It has exactly 784 weights, one per pixel of a 28 x 28 picture; the Dense layer refuses 1,024 numbers. "
         "A 16 x 49 picture passes and gets a meaningless answer. So prepare a photo as MNIST's were: white ink "
         "on black, scaled to fit a 20 x 20 box, centred by its centre of mass in 28 x 28."),
        ("What is a loss, and how do mean absolute error and mean squared error treat one badly wrong answer?",
         "One number saying how much we dislike the outputs; training lowers it. The absolute error counts a "
         "mistake in proportion to its size; the squared error squares it, so one big mistake can dominate."),
        ("What do gradient descent and the learning rate do, and what goes wrong when the rate is too large?",
         "Gradient descent moves every knob a small step downhill along its slope (backpropagation computes "
         "the slopes). The learning rate sets the step: too small crawls, too large overshoots, and past a "
         "point every step lands further away and the loss explodes."),
        ("How does the rule Keras used in this lesson differ from Rosenblatt's?",
         "Rosenblatt's rule moves the knobs only after a wrong answer of the bulb. Keras did gradient descent on "
         "the squared error of the weighted sum: every picture pulls on the knobs, harder the larger its error. "
         "That is Widrow and Hoff's ADALINE rule (1960), with Adam choosing the steps."),
        ("Why does Keras's accuracy use a threshold of 0.5, where Rosenblatt's bulb used 0?",
         "The model was trained to output 1 for a five and 0 otherwise: halfway, 0.5, separates the two. "
         "Rosenblatt's rule trains the knobs around the bulb's own threshold, 0. The bias can move either: "
         "threshold 0.5 on w·x + b answers like threshold 0 on w·x + (b - 0.5)."),
        ("Why can the training accuracy in Keras's history differ from model.evaluate on the training pictures?",
         "The history's figure is a running mean over the epoch's batches, each scored with the weights of that "
         "moment; evaluate scores every picture with the final weights. Compare training with validation or "
         "test accuracy only when both were measured the same way."),
        ("What are an epoch and a batch, and what is validation data for?",
         "An epoch is one pass over all the training pictures; a batch is the group of pictures whose average "
         "gradient makes one update. Validation pictures are never trained on: every choice is made on them, "
         "and the test set is opened once, for the verdict."),
    ],
    further_research=[
        "Read Rosenblatt's 1958 article \"The perceptron: a probabilistic model for information storage and "
        "organization in the brain\", and Widrow and Hoff's 1960 \"Adaptive switching circuits\" (ADALINE). "
        "What did Minsky and Papert show in 1969 about what a single perceptron cannot learn (look up XOR)?",
        "The perceptron convergence theorem: when is Rosenblatt's rule guaranteed to find knobs that get every "
        "training picture right? Can that hold for fives against every other digit?",
    ],
)
