"""Lesson 01's exercises: predict, then run, and try Rosenblatt's rule on real pictures.

- ``q1``: predict what learning rates 1.0 and 1.1 do to section 7's gradient descent, then run them;
- ``q2``: predict whether Rosenblatt's 1957 rule, one pass over MNIST, beats answering "not five",
  then run it;
- ``q3``: the bulb's threshold: 0 (Rosenblatt) or 0.5 (Keras's accuracy)? Predict, then measure
  both on the lesson's trained model;
- ``questionnaire``.
"""

from __future__ import annotations

import functools

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, as_array, as_number, close, expect_shape, fmt

INTRO = """
## Your turn: exercises

Three experiments. In each, **write your prediction first**, then run the code; the check compares
your prediction with what the run shows. Replace every `...`, run the cell, then its check.
`q1.hint()`, `q1.hint(2)` and `q1.hint(3)` say more and more; `q1.solution()` only when you ask.
"""

BASELINE_VALIDATION = 0.9085
"""Accuracy of always answering "not five" on the lesson's validation pictures (the last 10,000 of training)."""

# ---------------------------------------------------------------------------------------------
# q1: predict what a too-large learning rate does on loss = weight ** 2

OUTCOMES = {
    "A": "it reaches the bottom, 0",
    "B": "it bounces between +4 and -4 for ever",
    "C": "it moves further from the bottom at every step",
}


PATH_TOLERANCE = 1e-2
"""Paths agree within 1% (absolute floor 0.01): a path rounded to 2 decimals or computed in float32 passes."""


def _descend(learning_rate: float, start: float = 4.0, steps: int = 8) -> np.ndarray:
    """Section 7's ``gradient_descent`` on loss = weight ** 2: the 9 weights of the path, float64."""
    path = [start]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * 2 * path[-1])
    return np.array(path)


def _outcome(path: np.ndarray) -> str:
    if abs(path[-1]) < 1e-3 * abs(path[0]):
        return "A"
    if close(np.abs(path), np.full(path.shape, abs(path[0]))):
        return "B"
    return "C" if abs(path[-1]) > abs(path[0]) else "A"


def _letter(value, name: str, choices: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or text[0].upper() not in choices or (len(text) > 1 and text[1].isalpha()):
        raise Incorrect(f"`{name}` should be one letter, {', '.join(choices[:-1])} or {choices[-1]} (a string, "
                        f"like `\"{choices[0]}\"`); it is {value!r}.")
    return text[0].upper()


def _grade_weight_by_hand(predicted: float, run: float) -> None:
    """The hand prediction of the weight after 8 steps at rate 1.1 against the run (within 2%)."""
    if close(predicted, run, 0.02):
        return
    if close(predicted, -run, 0.02):
        raise Incorrect(f"you predicted {fmt(predicted)}, the run ends at {fmt(run, 2)}: right size, wrong sign. Each "
                        "step flips the sign; after an even number of flips, where is the weight?")
    for mistake, note in ((4 * 1.2, "one step's result, 4 × 1.2: the weight is multiplied again at every step"),
                          (4 * 1.2 * 8, "4 × 1.2 × 8: the steps multiply, they do not add up"),
                          (4 * 1.1 ** 8, "4 × 1.1⁸: one step multiplies by 1 - 2 × 1.1, not by 1.1"),
                          (4 * 3.2 ** 8, "4 × 3.2⁸: one step multiplies by 1 - 2 × 1.1 = -1.2, not 1 + 2 × 1.1")):
        if close(abs(predicted), mistake, 0.02):
            raise Incorrect(f"you predicted {fmt(predicted)}, the run ends at {fmt(run, 2)}. That looks like {note}. "
                            "Change your prediction to what the arithmetic gives, and see why.")
    raise Incorrect(f"you predicted {fmt(predicted)} for the weight after 8 steps at rate 1.1; the run ends at "
                    f"{fmt(run, 2)}. One step multiplies the weight by 1 - 2 × 1.1: what do 8 steps multiply 4 by?")


def _grade_predict_steps(my_prediction_1_0, my_prediction_1_1, my_weight_after_8, path_1_0, path_1_1) -> str:
    predictions = {1.0: _letter(my_prediction_1_0, "my_prediction_1_0", "ABC"),
                   1.1: _letter(my_prediction_1_1, "my_prediction_1_1", "ABC")}
    if isinstance(my_weight_after_8, str):
        raise Incorrect(f"`my_weight_after_8` should be a number, like 3.5, not a string; it is {my_weight_after_8!r}.")
    predicted_weight = as_number(my_weight_after_8, "my_weight_after_8")
    paths = {1.0: path_1_0, 1.1: path_1_1}
    for rate, name in ((1.0, "path_1_0"), (1.1, "path_1_1")):
        path = as_array(paths[rate], name)
        if path.ndim == 0:
            raise Incorrect(f"`{name}` is one number; keep the whole path that `gradient_descent` returns "
                            "(the starting weight and the weight after each of the 8 steps).")
        expect_shape(path, (9,), name, "`gradient_descent(learning_rate)` returns the start and 8 steps: 9 weights.")
        if close(path, _descend(rate), PATH_TOLERANCE):   # rounded to 2 decimals, or float32, is the same path
            paths[rate] = _descend(rate)
            continue
        if close(path, _descend(rate) ** 2, PATH_TOLERANCE):
            raise Incorrect(f"`{name}` holds the *losses* along the path (weight²), not the weights. Keep what "
                            f"`gradient_descent({rate})` returns: the weights themselves.")
        other = 1.1 if rate == 1.0 else 1.0
        if close(path, _descend(other), PATH_TOLERANCE):
            raise Incorrect(f"`{name}` is the path for learning rate {other}: the two paths are swapped.")
        for tried in (0.05, 0.3, 0.95, 0.1, 0.11):
            if close(path, _descend(tried), PATH_TOLERANCE):
                raise Incorrect(f"`{name}` is the path for learning rate {tried}; this one asks for {rate}.")
        raise Incorrect(f"`{name}` is {fmt(path)}, not the path of section 7's `gradient_descent` with learning "
                        f"rate {rate}. Call `gradient_descent({rate})`, the function section 7 defined.")
    for rate, predicted in predictions.items():
        seen = _outcome(paths[rate])
        if predicted != seen:
            raise Incorrect(f"you predicted {predicted} for learning rate {rate} ({OUTCOMES[predicted]}), but the run "
                            f"went {fmt(paths[rate][:4], 3)} ...: that is {seen}, {OUTCOMES[seen]}. Look at one "
                            "step: by what number does it multiply the weight? Then change your prediction.")
    _grade_weight_by_hand(predicted_weight, float(paths[1.1][-1]))
    return (f"your predictions match the runs ({fmt(predicted_weight)} by hand, {fmt(paths[1.1][-1], 2)} run, after "
            "8 steps at 1.1). One step of gradient descent on weight² multiplies the weight by "
            "1 - 2 × learning rate: 0.9 for 0.05 (a slow crawl), 0.4 for 0.3, -0.9 for 0.95 (jumping from side "
            "to side, yet shrinking), -1 for 1.0 (bouncing for ever) and -1.2 for 1.1: every step lands further "
            "up the other side, and the loss grows without end. A step too large for its landscape does not just "
            "slow training down: it makes the loss explode.")


q1 = Exercise(
    "01", 1, "Predict, then run: a step too far",
    statement="""
Section 7 walked down loss = weight² from weight 4. *Before running anything*, predict what
learning rates `1.0` and `1.1` do in 8 steps: **A**, it reaches the bottom, 0; **B**, it bounces
between +4 and −4 for ever; **C**, it moves further from the bottom at every step. Write your two
letters, and work out by hand (not with `gradient_descent`) the weight after 8 steps at rate `1.1`.
Then keep the paths of section 7's `gradient_descent` for each rate.
""",
    starter="""
my_prediction_1_0 = ...   # "A", "B" or "C" for learning rate 1.0: write it before you run anything
my_prediction_1_1 = ...   # the same for learning rate 1.1
my_weight_after_8 = ...   # the weight after 8 steps at rate 1.1, worked out by hand: a number

path_1_0 = ...            # then run section 7's gradient_descent with learning rate 1.0
path_1_1 = ...            # and with learning rate 1.1
""",
    reads=["my_prediction_1_0", "my_prediction_1_1", "my_weight_after_8", "path_1_0", "path_1_1"],
    grader=_grade_predict_steps,
    hints=[
        "Do one step by hand: the new weight is weight - learning_rate × 2 × weight. From 4 with learning rate "
        "1.0, where does the first step land? And the second?",
        "Every step multiplies the weight by the same number, 1 - 2 × learning_rate. What happens to 4 when you "
        "multiply it by that number again and again, for 1.0 and for 1.1? Eight steps multiply 4 by it eight times.",
        "A skeleton:\n\n```python\nmy_prediction_1_0 = \"?\"   # 1 - 2 * 1.0 = ?\nmy_prediction_1_1 = \"?\"   "
        "# 1 - 2 * 1.1 = ?\nmy_weight_after_8 = 4 * (...) ** 8\npath_1_0 = gradient_descent(...)\npath_1_1 = gradient_descent(...)\n"
        "print(path_1_0.round(2), path_1_1.round(2))\n```",
    ],
    solution="""
my_prediction_1_0 = "B"   # one step multiplies the weight by 1 - 2 * 1.0 = -1
my_prediction_1_1 = "C"   # ... by 1 - 2 * 1.1 = -1.2: larger at every step
my_weight_after_8 = 4 * pow(-1.2, 8)   # 17.2: eight flips bring it back to the positive side

path_1_0 = gradient_descent(1.0)
path_1_1 = gradient_descent(1.1)
print("learning rate 1.0:", path_1_0.round(2))
print("learning rate 1.1:", path_1_1.round(2))
""",
    explanation="""
One step multiplies the weight by 1 - 2 × learning rate: -1 for 1.0, so the weight flips between +4 and
-4 and never gets closer; -1.2 for 1.1, so every step lands further up the other side.
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
            total = pixels @ weights
            answer = float(total >= 0 if lit_at_zero else total > 0)
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


def _as_fraction(value: float, name: str) -> float:
    if 1 < value <= 100:
        return value / 100            # a percentage is the same answer
    if not 0 <= value <= 1:
        raise Incorrect(f"`{name}` is {fmt(value)}; an accuracy is a share of pictures, from 0 to 1.")
    return value


def _rounded_match(value: float, reference: float, slack: float = 1e-9) -> bool:
    """``value`` is ``reference``, or ``reference`` rounded to the 2 to 4 decimals ``value`` is written with."""
    if abs(value - reference) <= slack:
        return True
    decimals = len(f"{value:.6f}".rstrip("0").partition(".")[2])
    return 2 <= decimals <= 4 and abs(value - reference) <= 0.5 * 10.0 ** -decimals + 1e-9


def _grade_rosenblatt(my_prediction_rosenblatt, rosenblatt_weights, rosenblatt_accuracy) -> str:
    said = str(my_prediction_rosenblatt).strip().lower()
    if said not in ("yes", "no", "y", "n"):
        raise Incorrect(f"`my_prediction_rosenblatt` should be \"yes\" or \"no\"; it is {my_prediction_rosenblatt!r}.")
    weights = as_array(rosenblatt_weights, "rosenblatt_weights").astype(np.float64)
    if weights.shape == (28, 28):
        weights = weights.reshape(-1)
    expect_shape(weights, (784,), "rosenblatt_weights", "One knob per pixel of a flattened 28 x 28 picture.")
    reference, val_accuracy, train_accuracy = _rosenblatt_reference()
    if not np.any(weights):
        raise Incorrect("every knob is still 0: the rule never changed them. Inside the loop, store what the "
                        "rule gives: `rosenblatt_weights = rosenblatt_weights + ...`.")
    if not _same_direction(weights, reference):
        x_train, y_train, _, _ = _mnist_split()
        if weights @ reference < 0:
            advice = ("your knobs turned the wrong way: after a missed five (target 1, answer 0) every knob goes "
                      "*up* by its pixel. Use `target - answer`, not `answer - target`.")
        elif _same_direction(weights, _rosenblatt(x_train[:1000], y_train[:1000])):
            advice = "that is one pass over the first 1,000 pictures only; go through all 50,000 training pictures."
        elif _same_direction(weights, _rosenblatt(x_train, y_train, lit_at_zero=True)):
            advice = ("your bulb lights when the weighted sum is 0 or more (`>=`); Rosenblatt's lights only *above* 0 "
                      "(`>`). With every knob at 0 the first sum is exactly 0, so the two rules part at once.")
        elif _same_direction(weights, _rosenblatt(x_train, y_train, epochs=2)):
            advice = ("those are the knobs after two passes over the training pictures; this asks for one. Start "
                      "again from `np.zeros(...)` and loop over `flat_train` once.")
        else:
            advice = ("start every knob at 0, go through `x_train` in its order, once, and turn the knobs only "
                      "after a wrong answer (the bulb lights when the weighted sum is *above* 0).")
        raise Incorrect(f"your knobs are not those of one pass of Rosenblatt's rule from 0. Hint: {advice}")
    value = as_number(rosenblatt_accuracy, "rosenblatt_accuracy")
    if _rounded_match(value, train_accuracy) and not _rounded_match(value, val_accuracy):
        raise Incorrect(f"{fmt(value)} is the accuracy on the *training* pictures, the ones the rule learned from. "
                        "Measure it on the validation pictures, `x_val` and `y_val`.")
    fraction = _as_fraction(value, "rosenblatt_accuracy")
    if _rounded_match(fraction, 1 - val_accuracy):
        raise Incorrect(f"{fmt(value)} is the share of validation pictures answered *wrongly*: count the right ones.")
    if not _rounded_match(fraction, val_accuracy):
        raise Incorrect(f"`rosenblatt_accuracy` is {fmt(value)}, but your knobs are right on {val_accuracy:.4f} of "
                        "the validation pictures. Compare the bulb's answers, `flat_val @ rosenblatt_weights > 0`, "
                        "with `y_val`, and take the mean.")
    beats = val_accuracy > BASELINE_VALIDATION
    if (said[0] == "y") != beats:
        raise Incorrect(f"your run is right: {val_accuracy:.4f} on the validation pictures, against "
                        f"{BASELINE_VALIDATION} for always answering \"not five\". You predicted "
                        f"\"{'yes' if said[0] == 'y' else 'no'}\"; the run says \"{'yes' if beats else 'no'}\". "
                        "Change your prediction to what you saw, and think about why it surprised you.")
    return (f"{val_accuracy:.4f} on the validation pictures after one pass: Rosenblatt's 1957 rule beats always "
            f"answering \"not five\" ({BASELINE_VALIDATION}), which section 9's Keras model never did, on the same "
            "raw pixels. The rule moves the knobs only after a wrong answer, and by the same amount however far off "
            "the weighted sum was; Keras's squared error pushes hardest on the answers that are furthest off. "
            "Starting from 0, the step size changes no answer: every knob is a whole multiple of it. Lessons 02 "
            "and 03 find what stops the Keras model.")


q2 = Exercise(
    "01", 2, "Predict, then run: Rosenblatt's rule on MNIST",
    statement="""
*Predict first*: after **one pass** over the 50,000 training pictures, will Rosenblatt's rule
(section 4) beat always answering "not five" (0.9085) on the validation pictures? Set
`my_prediction_rosenblatt` to `"yes"` or `"no"`. Then run it: knobs start at 0, step 1, pictures in
order, bulb lit above 0. Keep the final knobs in `rosenblatt_weights` and the share of validation
pictures it gets right in `rosenblatt_accuracy`.
""",
    starter="""
my_prediction_rosenblatt = ...   # "yes" or "no": will one pass beat 0.9085 on the validation pictures?

flat_train, flat_val = x_train.reshape(len(x_train), -1), x_val.reshape(len(x_val), -1)   # rows of 784 pixels
rosenblatt_weights = np.zeros(flat_train.shape[1])   # every knob starts at 0
...                                                  # one pass of Rosenblatt's rule, step 1
rosenblatt_accuracy = ...                            # the share of validation pictures it gets right
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
my_prediction_rosenblatt = "yes"   # what the run shows; the check compares your guess with it

flat_train, flat_val = x_train.reshape(len(x_train), -1), x_val.reshape(len(x_val), -1)
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


def _model_outputs(model, x_val) -> np.ndarray:
    return np.asarray(model.predict(x_val, batch_size=1000, verbose=0)).reshape(-1)


def _grade_thresholds(my_better_threshold, accuracy_at_0, accuracy_at_half, model, x_val, y_val) -> str:
    if isinstance(my_better_threshold, str):
        raise Incorrect(f"`my_better_threshold` should be the number 0 or 0.5, not a string: write 0.5, not "
                        f"\"0.5\" (it is {my_better_threshold!r}).")
    predicted = as_number(my_better_threshold, "my_better_threshold")
    if predicted not in (0.0, 0.5):
        raise Incorrect(f"`my_better_threshold` should be 0 or 0.5; it is {fmt(predicted)}.")
    outputs = _model_outputs(model, x_val)
    targets = np.asarray(y_val).reshape(-1)
    right = {0.0: float(np.mean((outputs > 0) == targets)), 0.5: float(np.mean((outputs > 0.5) == targets))}
    for threshold, value, name in ((0.0, accuracy_at_0, "accuracy_at_0"), (0.5, accuracy_at_half, "accuracy_at_half")):
        got = as_number(value, name)
        broadcast = float(np.mean((outputs[:, None] > threshold) == targets))
        if close(got, broadcast, 1e-6) and not close(broadcast, right[threshold], 1e-6):
            raise Incorrect(f"`{name}` is {fmt(got)}: you compared outputs of shape (n, 1), as `model.predict` gives "
                            "them, with targets of shape (n,), and NumPy paired every output with every target. "
                            "Flatten the outputs first: `outputs = model.predict(x_val).reshape(-1)`.")
        other = 0.5 if threshold == 0.0 else 0.0
        if close(got, right[other], 1e-9) and not close(right[other], right[threshold], 1e-9):
            raise Incorrect(f"`{name}` is the accuracy at threshold {other:g}; this one is for {threshold:g}.")
        if not _rounded_match(_as_fraction(got, name), right[threshold], slack=2e-4):
            raise Incorrect(f"`{name}` is {fmt(got)}, but the model is right on {right[threshold]:.4f} of the "
                            f"validation pictures when an output above {threshold:g} counts as \"five\". Compare "
                            "`outputs > threshold` with `y_val`, and take the mean.")
    better = 0.5 if right[0.5] >= right[0.0] else 0.0
    if predicted != better:
        raise Incorrect(f"your measurements are right: {right[0.0]:.4f} at 0, {right[0.5]:.4f} at 0.5. You predicted "
                        f"{predicted:g} would be better; the run says {better:g}. Change your prediction, and "
                        "think about what the model was trained to output for a five and for anything else.")
    if better == 0.5:
        why = ("Keras trained the weighted sum towards 1 for a five and 0 for anything else, so halfway, 0.5, is "
               "where the answer should switch; at 0, every picture that is not a five but gets a slightly positive "
               "sum is a false alarm.")
    else:
        why = ("Here 0 did better, although training aimed the sums at 0 and 1: this model's outputs are far from "
               "both (section 9's loss), so neither threshold sits where training aimed.")
    return (f"{right[0.0]:.4f} at threshold 0, {right[0.5]:.4f} at 0.5. {why} Rosenblatt's rule learns around its own "
            "threshold instead. Either way, the bias can move the switch point: threshold 0.5 on w·x + b gives the "
            "same answers as threshold 0 on w·x + (b - 0.5).")


q3 = Exercise(
    "01", 3, "Predict, then run: the bulb at 0 or at 0.5?",
    statement="""
Rosenblatt's bulb lights above 0; Keras's accuracy counts an output above 0.5 as "five". Which
threshold makes section 8's trained `model` right on more validation pictures? *Predict first*: set
`my_better_threshold` to `0` or `0.5`. Then measure both: set `accuracy_at_0` and
`accuracy_at_half` to the share of validation pictures it gets right with each threshold.
""",
    starter="""
my_better_threshold = ...   # 0 or 0.5: your prediction, before you measure

accuracy_at_0 = ...         # share of validation pictures right when an output above 0 means "five"
accuracy_at_half = ...      # ... and when an output above 0.5 means "five"
""",
    reads=["my_better_threshold", "accuracy_at_0", "accuracy_at_half", "model", "x_val", "y_val"],
    grader=_grade_thresholds,
    hints=[
        "`model.predict(x_val, verbose=0)` gives the model's outputs for all validation pictures: the weighted "
        "sums plus the bias. What was the model trained to output for a five, and for anything else?",
        "Mind the shapes: `model.predict` gives (10000, 1), `y_val` is (10000,). Make the outputs flat before "
        "you compare them with `y_val`.",
        "A skeleton:\n\n```python\noutputs = model.predict(x_val, verbose=0).reshape(-1)\n"
        "accuracy_at_0 = np.mean((outputs > ...) == y_val)\naccuracy_at_half = ...\n```",
    ],
    solution="""
my_better_threshold = 0.5   # the model was trained towards 1 for a five and 0 otherwise: halfway is 0.5

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
         "An eye of light sensors (our pixels); a layer of association units wired at random to the sensors, "
         "which our model leaves out; knobs, motor-driven potentiometers that weighted the association units' "
         "signals (our weights); and a response unit, a bulb, that lit when the weighted total was high enough "
         "(our output)."),
        ("What does a perceptron compute from a picture, step by step?",
         "It flattens the picture into a row of numbers of fixed length, multiplies each pixel by its weight, "
         "adds the products up (the weighted sum, plus a bias), optionally applies an activation function, and "
         "interprets the result against a threshold (here: above it means \"five\")."),
        ("Why can lesson 01's model not read a 32 x 32 picture, and what would you do with a photo of a digit?",
         "It has exactly 784 weights, one per pixel of a 28 x 28 picture; the Dense layer refuses 1,024 numbers. "
         "A 16 x 49 picture also has 784 pixels: it passes without an error and gets a meaningless answer. So a "
         "photo must be prepared as MNIST's were: grey, white ink on black, the digit scaled to fit a 20 x 20 box "
         "and centred by its centre of mass in a 28 x 28 frame."),
        ("What is a loss, and how do mean absolute error and mean squared error treat one badly wrong answer?",
         "One number saying how much we dislike the outputs; training lowers it. The absolute error counts a "
         "mistake in proportion to its size; the squared error squares it, so one big mistake can dominate."),
        ("What do gradient descent and the learning rate do, and what goes wrong when the rate is too large?",
         "Gradient descent lowers the loss in small steps, moving every knob downhill along its slope "
         "(backpropagation computes the slopes). The learning rate sets the step: too small crawls, too large "
         "overshoots, and past a point every step lands further away and the loss explodes."),
        ("How does the rule Keras used in this lesson differ from Rosenblatt's?",
         "Rosenblatt's rule looks at the bulb's answer (0 or 1) and moves the knobs only after a wrong answer. "
         "Keras here did gradient descent on the squared error of the weighted sum itself: every picture moves "
         "the knobs: each picture's pull grows with its error (Adam then sizes the step). That is Widrow and Hoff's ADALINE rule "
         "(1960), with Adam choosing the steps."),
        ("Why does Keras's accuracy use a threshold of 0.5, where Rosenblatt's bulb used 0?",
         "The model was trained to output 1 for a five and 0 otherwise, so halfway, 0.5, separates the two. "
         "Rosenblatt's rule trains the knobs around the bulb's own threshold, 0. The bias can move either: "
         "threshold 0.5 on w·x + b answers like threshold 0 on w·x + (b - 0.5)."),
        ("Why can the training accuracy in Keras's history differ from model.evaluate on the same training "
         "pictures?",
         "The history's figure is a running mean over the epoch's batches, each measured with the weights of that "
         "moment, while the weights kept changing. evaluate measures every picture with the final weights. Compare "
         "training with validation or test accuracy only when both were measured the same way."),
        ("What are an epoch and a batch, and what is validation data for?",
         "An epoch is one pass over all the training pictures; a batch is the group of pictures whose average "
         "gradient makes one update. Validation data are pictures the model never trains on, measured after every "
         "epoch; every choice is made on them, and the test set is opened once, for the verdict."),
    ],
    further_research=[
        "Read Rosenblatt's 1958 article \"The perceptron: a probabilistic model for information storage and "
        "organization in the brain\", and Widrow and Hoff's 1960 \"Adaptive switching circuits\" (ADALINE). "
        "What did Minsky and Papert show in 1969 about what a single perceptron cannot learn (look up XOR)?",
        "The perceptron convergence theorem: when is Rosenblatt's rule guaranteed to find knobs that get every "
        "training picture right? Can that hold for fives against every other digit?",
    ],
)
