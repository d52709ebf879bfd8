"""Lesson 01's exercises: the perceptron by hand, and in Keras.

- ``q1``: Rosenblatt's update rule, ``perceptron_update``;
- ``q2``: training with it, ``train_perceptron``, on the lesson's two pictures (and others);
- ``q3``: how many knob updates one epoch makes with batches of 128;
- ``q4``: mean absolute and mean squared error by hand;
- ``q5``: a Keras perceptron for 32 x 32 pictures;
- ``questionnaire``.
"""

from __future__ import annotations

import math

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, as_array, as_number, call, close, expect_shape, fmt

INTRO = """
## Your turn: exercises

Five exercises on the perceptron: two by hand in NumPy, Rosenblatt's way, two small calculations,
and one in Keras. Fill in each code cell (replace every `...`), run it, then run the check under
it: **Correct**, **Incorrect** (with what to look at next) or **Not attempted yet**. `q1.hint()`
gives a hint, `q1.hint(2)` a stronger one, and `q1.solution()` a solution, only when you ask.
"""

# The two pictures of section 4, their targets, and the random starting knobs the lesson used.
TWO_PICTURES = np.array([[255, 0, 51, 204], [255, 255, 0, 0]])
TWO_TARGETS = np.array([1, 0])


def start_weights() -> np.ndarray:
    """The starting knobs of section 4: ``rng(seed=6).uniform(-1, 1, 4)``, rounded to 2 decimals."""
    return np.random.default_rng(seed=6).uniform(-1, 1, size=4).round(2)


def _update(weights, pixels, target, step):
    answer = int(pixels @ weights > 0)
    return weights + step * (target - answer) * pixels


def _update_cases() -> list[tuple[str, np.ndarray, np.ndarray, int, float]]:
    """(description, weights, pixels, target, step): every branch of the rule, then a real-size picture."""
    rng = np.random.default_rng(1957)
    big_pixels = rng.integers(0, 256, size=784)
    big_weights = rng.normal(0, 0.01, size=784)
    big_target = int(big_pixels @ big_weights <= 0)  # the answer is wrong: an update must happen
    return [
        ("section 4's five, with the starting knobs (the bulb stays dark: a miss)",
         start_weights(), TWO_PICTURES[0].astype(float), 1, 0.002),
        ("a five the bulb already lights for (right: no change)",
         np.array([0.5, 1.0, -0.5, 0.25]), np.array([255.0, 0.0, 51.0, 204.0]), 1, 0.002),
        ("a picture that is not a five, but the bulb lights (a false alarm)",
         np.array([0.5, 1.0, -0.5, 0.25]), np.array([255.0, 0.0, 51.0, 204.0]), 0, 0.002),
        ("a picture that is not a five, and the bulb stays dark (right: no change)",
         np.array([-0.5, 1.0, -0.5, 0.25]), np.array([255.0, 0.0, 51.0, 204.0]), 0, 0.002),
        ("a five whose weighted sum is exactly 0 (the bulb lights only *above* 0: a miss)",
         np.zeros(4), np.array([255.0, 0.0, 51.0, 204.0]), 1, 0.01),
        ("a picture of 784 pixels with step 0.05 (the rule works for any size)",
         big_weights, big_pixels.astype(float), big_target, 0.05),
    ]


def _diagnose_update(case, weights, pixels, target, step, got, expected) -> str:
    answer = int(pixels @ weights > 0)
    weighted_sum = float(pixels @ weights)
    if weighted_sum == 0 and close(got, weights + step * (target - 1) * pixels):
        return "at a weighted sum of exactly 0 the bulb stays dark: it lights only when the sum is *above* 0."
    if close(got, weights) and not close(expected, weights):
        return "you left the knobs unchanged, but the answer was wrong: the rule must turn them."
    if close(expected, weights) and not close(got, weights):
        return "the answer was right, so the knobs must stay exactly as they were. Use the bulb's answer to decide."
    if close(got, weights - step * (target - answer) * pixels):
        return ("your knobs turned the wrong way: when the bulb misses a five, every knob goes *up* "
                "(in proportion to its pixel); after a false alarm, *down*. Check the order in `target - answer`.")
    if close(got, weights + (target - answer) * pixels):
        return "the knobs turned by whole pixel values: multiply the change by `step`."
    if close(got, weights + step * (target - weighted_sum) * pixels):
        return ("you used the weighted sum itself where the rule needs the bulb's answer, 0 or 1: "
                "`answer = int(pixels @ weights > 0)`.")
    return "compare the rule in section 4: `weights + step * (target - answer) * pixels`."


def _grade_update(perceptron_update) -> str:
    for case, weights, pixels, target, step in _update_cases():
        given = weights.copy()
        got = call(perceptron_update, given, pixels.copy(), target, step, name="perceptron_update")
        got = as_array(got, "the result of perceptron_update")
        expect_shape(got, weights.shape, "the result of perceptron_update",
                     "It should be the new weights: one per pixel, like `weights`.")
        expected = _update(weights, pixels, target, step)
        if not close(got, expected, 1e-9):
            advice = _diagnose_update(case, weights, pixels, target, step, got, expected)
            shown = "" if weights.size > 8 else (f" With weights {fmt(weights)}, pixels {fmt(pixels)}, target "
                                                 f"{target} and step {step}, the new weights are {fmt(expected)}; "
                                                 f"your function returned {fmt(got)}.")
            raise Incorrect(f"wrong for {case}.{shown} Hint: {advice}")
        if not np.array_equal(given, weights):
            raise Incorrect(f"right values, but for {case} your function also changed the `weights` array it was "
                            "given (`weights += ...` changes the caller's array in place). Return a new array "
                            "instead: `return weights + ...`, so the old knobs stay available for comparison.")
    return ("Rosenblatt's rule: no change when the answer is right, knobs up after a missed five, down after a "
            "false alarm, each knob in proportion to its pixel's brightness (black pixels never move their knob).")


q1 = Exercise(
    "01", 1, "Rosenblatt's update rule",
    statement="""
Write Rosenblatt's rule as a function. `perceptron_update(weights, pixels, target, step)` takes the
knobs, one flattened picture, its target (1 for a five, 0 otherwise) and the step size, and returns
the **new** knobs:

- the bulb's answer is 1 if the weighted sum `pixels @ weights` is above 0, else 0;
- if the answer is right, the knobs stay as they are;
- if it missed a five, every knob turns up by `step` times its pixel; after a false alarm, down.

Return a new array; leave the `weights` you were given unchanged.
""",
    starter="""
def perceptron_update(weights, pixels, target, step):
    \"\"\"Rosenblatt's rule for one picture: return the new weights (a new array).\"\"\"
    answer = ...    # the bulb: 1 if the weighted sum of pixels and weights is above 0, else 0
    return ...      # the knobs after the rule: unchanged if right, up after a missed five, down after a false alarm
""",
    reads=["perceptron_update"],
    grader=_grade_update,
    hints=[
        "Both cases of a wrong answer fit one formula: `target - answer` is +1 for a missed five, -1 for a false "
        "alarm, and 0 when the answer is right.",
        "`answer = int(pixels @ weights > 0)`, then the change of every knob is `step * (target - answer) * pixels`.",
    ],
    solution="""
def perceptron_update(weights, pixels, target, step):
    \"\"\"Rosenblatt's rule for one picture: return the new weights (a new array).\"\"\"
    answer = int(pixels @ weights > 0)                    # the bulb: lit (1) or dark (0)
    return weights + step * (target - answer) * pixels    # right: + 0; missed five: up; false alarm: down
""",
    explanation="""
`target - answer` is 0 when the answer is right, +1 for a missed five and -1 for a false alarm,
so one line covers all three cases. The change is proportional to each pixel: black pixels (0)
never move their knob, bright ones move it most.
""",
)


def _train(pictures, targets, weights, step, epochs):
    for _ in range(epochs):
        for pixels, target in zip(pictures, targets, strict=True):
            weights = _update(weights, pixels, target, step)
    return weights


def _grade_train(train_perceptron) -> str:
    rng = np.random.default_rng(1958)
    small = rng.integers(0, 256, size=(5, 16)).astype(float)
    cases = [
        ("the two pictures of section 4, 3 epochs, step 0.002", TWO_PICTURES.astype(float), TWO_TARGETS,
         start_weights(), 0.002, 3),
        ("the two pictures of section 4, 1 epoch", TWO_PICTURES.astype(float), TWO_TARGETS, start_weights(), 0.002, 1),
        ("five pictures of 16 pixels, 4 epochs, step 0.01", small, np.array([1, 0, 1, 1, 0]),
         rng.uniform(-1, 1, size=16), 0.01, 4),
        ("0 epochs (nothing to do: the starting knobs come back)", TWO_PICTURES.astype(float), TWO_TARGETS,
         start_weights(), 0.002, 0),
    ]
    for case, pictures, targets, weights, step, epochs in cases:
        got = call(train_perceptron, pictures.copy(), targets.copy(), weights.copy(), step, epochs,
                   name="train_perceptron")
        got = as_array(got, "the result of train_perceptron")
        expect_shape(got, weights.shape, "the result of train_perceptron", "It should return the final weights.")
        expected = _train(pictures, targets, weights, step, epochs)
        if close(got, expected, 1e-9):
            continue
        if close(got, weights) and epochs:
            advice = ("the starting knobs came back unchanged. Store what `perceptron_update` returns: "
                      "`weights = perceptron_update(weights, pixels, target, step)`.")
        elif epochs > 1 and close(got, _train(pictures, targets, weights, step, 1)):
            advice = "that is where one epoch ends: repeat the pass over all the pictures `epochs` times."
        elif close(got, _update(weights, pictures[-1], targets[-1], step)):
            advice = "only the last picture changed the knobs: every picture must, in order, one after the other."
        else:
            advice = ("go through the pictures in order, within a loop over the epochs, each time replacing the "
                      "weights by what `perceptron_update` returns. If `q1.check()` does not pass yet, fix "
                      "`perceptron_update` first.")
        raise Incorrect(f"wrong for {case}: expected final weights {fmt(expected)}, your function returned "
                        f"{fmt(got)}. Hint: {advice}")
    final = _train(TWO_PICTURES, TWO_TARGETS, start_weights(), 0.002, 3)
    answers = [int(p @ final > 0) for p in TWO_PICTURES]
    settled = next(e for e in range(1, 4) if close(_train(TWO_PICTURES, TWO_TARGETS, start_weights(), 0.002, e), final))
    return (f"on the two pictures of section 4 the knobs end at {fmt(final)}, and the bulb answers {answers[0]} for "
            f"the five and {answers[1]} for the other picture. Within epoch 1 the second picture undid part of what "
            f"the first one taught; after epoch {settled} nothing changes any more: the knobs suit both pictures.")


q2 = Exercise(
    "01", 2, "Train the two pictures",
    statement="""
Now use your rule to train. `train_perceptron(pictures, targets, weights, step, epochs)` goes
through the pictures in order, updating the knobs with `perceptron_update` after each one, and
repeats that pass `epochs` times; it returns the final knobs. The check trains it on the two
pictures of section 4 with the lesson's starting knobs (and on a few other pictures), and compares
with Rosenblatt's rule done step by step.
""",
    starter="""
def train_perceptron(pictures, targets, weights, step, epochs):
    \"\"\"Apply perceptron_update to every picture in order, `epochs` times over; return the final weights.\"\"\"
    ...             # your loops here
    return ...

# Try it on section 4's two pictures:
# two_pictures = np.array([[255, 0, 51, 204], [255, 255, 0, 0]])
# start = np.random.default_rng(seed=6).uniform(-1, 1, size=4).round(2)
# print(train_perceptron(two_pictures, np.array([1, 0]), start, step=0.002, epochs=3))
""",
    reads=["train_perceptron"],
    grader=_grade_train,
    hints=[
        "Two loops: the outer one over the epochs, the inner one over the pictures and their targets together "
        "(`zip`).",
        "Inside the inner loop: `weights = perceptron_update(weights, pixels, target, step)`; after both loops, "
        "`return weights`.",
    ],
    solution="""
def train_perceptron(pictures, targets, weights, step, epochs):
    \"\"\"Apply perceptron_update to every picture in order, `epochs` times over; return the final weights.\"\"\"
    for epoch in range(epochs):                          # an epoch: one pass over all the pictures
        for pixels, target in zip(pictures, targets):
            weights = perceptron_update(weights, pixels, target, step)
    return weights

two_pictures = np.array([[255, 0, 51, 204], [255, 255, 0, 0]])
start = np.random.default_rng(seed=6).uniform(-1, 1, size=4).round(2)
trained = train_perceptron(two_pictures, np.array([1, 0]), start, step=0.002, epochs=3)
print("trained knobs:", trained, " answers:", (two_pictures @ trained > 0).astype(int))
""",
)


def _grade_updates(updates_per_epoch_128) -> str:
    value = as_number(updates_per_epoch_128, "updates_per_epoch_128")
    expected = math.ceil(50_000 / 128)
    if value == expected:
        return (f"{expected} updates: 390 full batches of 128 pictures, and one last batch of "
                f"{50_000 - 390 * 128} pictures, which makes an update too. Four times fewer updates than with "
                "batches of 32, each one averaged over four times as many pictures.")
    if abs(value - 50_000 / 128) < 1e-6:
        raise Incorrect(f"{fmt(value, 6)} is not a whole number of updates: the last batch is smaller, but it is "
                        "still an update. Round up (`math.ceil`).")
    if value == 50_000 // 128:
        raise Incorrect("390 full batches leave 80 pictures over; they form one more, smaller batch, and one more "
                        "update. Round up (`math.ceil`) rather than down.")
    if value == math.ceil(60_000 / 128):
        raise Incorrect("that is the count for 60,000 pictures. Lesson 01 trains on 50,000: the last 10,000 "
                        "training pictures are kept aside as validation data.")
    if value == math.ceil(50_000 / 32):
        raise Incorrect("that is the count for batches of 32 (the lesson's). The exercise asks for batches of 128.")
    raise Incorrect(f"you have {fmt(value)}. Divide the number of training pictures by the batch size, and count "
                    "the last, smaller batch too.")


q3 = Exercise(
    "01", 3, "Updates per epoch",
    statement="""
With `batch_size=32`, one epoch over lesson 01's 50,000 training pictures turns the knobs 1,563
times. How many times with `batch_size=128`? Set `updates_per_epoch_128`, computed (not typed in).
""",
    starter="""
updates_per_epoch_128 = ...   # knob updates in one epoch over 50,000 pictures with batches of 128
""",
    reads=["updates_per_epoch_128"],
    grader=_grade_updates,
    hints=[
        "Section 8 computed the number for batches of 32. What happens to the pictures left over at the end?",
        "`math.ceil(50_000 / 128)`: a last, smaller batch still makes an update.",
    ],
    solution="""
updates_per_epoch_128 = math.ceil(50_000 / 128)    # 390 full batches, and one of 80 pictures
print(updates_per_epoch_128)
""",
)


EXERCISE_TARGETS = np.array([1.0, 0.0, 1.0, 0.0])
EXERCISE_OUTPUTS = np.array([0.9, 0.4, -1.0, 3.0])


def _grade_losses(my_mae, my_mse) -> str:
    errors = EXERCISE_OUTPUTS - EXERCISE_TARGETS
    mae, mse = float(np.abs(errors).mean()), float((errors ** 2).mean())
    got_mae, got_mse = as_number(my_mae, "my_mae"), as_number(my_mse, "my_mse")
    if not close(got_mae, mae):
        if close(got_mae, errors.mean()):
            raise Incorrect(f"`my_mae` is {fmt(got_mae)}, the mean of the errors themselves: positive and negative "
                            "errors cancel out. Take their absolute values first (`np.abs`).")
        if close(got_mae, np.abs(errors).sum()):
            raise Incorrect(f"`my_mae` is {fmt(got_mae)}, the *sum* of the absolute errors: divide by the number "
                            "of answers (or use `.mean()`).")
        raise Incorrect(f"`my_mae` is {fmt(got_mae)}. The errors are outputs minus targets, {fmt(errors)}; average "
                        "their sizes.")
    if not close(got_mse, mse):
        if close(got_mse, (errors ** 2).sum()):
            raise Incorrect(f"`my_mse` is {fmt(got_mse)}, the *sum* of the squared errors: divide by the number of "
                            "answers.")
        if close(got_mse, math.sqrt(mse)):
            raise Incorrect(f"`my_mse` is {fmt(got_mse)}, the square root of the mean squared error (called RMSE). "
                            "Leave out the square root.")
        if close(got_mse, mae):
            raise Incorrect("`my_mse` equals the mean absolute error: square the errors instead of taking their "
                            "absolute values.")
        raise Incorrect(f"`my_mse` is {fmt(got_mse)}. Square each error, {fmt(errors)}, then average.")
    worst = int(np.argmax(np.abs(errors)))
    share_abs = np.abs(errors[worst]) / np.abs(errors).sum()
    share_sq = errors[worst] ** 2 / (errors ** 2).sum()
    return (f"mean absolute error {mae:g}, mean squared error {mse:g}. The worst answer (output "
            f"{EXERCISE_OUTPUTS[worst]:g} for target {EXERCISE_TARGETS[worst]:g}) makes {share_abs:.0%} of the "
            f"absolute error but {share_sq:.0%} of the squared error: squaring lets big mistakes dominate.")


q4 = Exercise(
    "01", 4, "Two losses by hand",
    statement="""
Four answers of a model and their targets are given below. Compute the **mean absolute error** and
the **mean squared error** with NumPy, as in section 7: set `my_mae` and `my_mse`. Which answer
dominates each loss?
""",
    starter="""
exercise_targets = np.array([1.0, 0.0, 1.0, 0.0])
exercise_outputs = np.array([0.9, 0.4, -1.0, 3.0])

my_mae = ...   # the mean absolute error of exercise_outputs against exercise_targets
my_mse = ...   # the mean squared error
""",
    reads=["my_mae", "my_mse"],
    grader=_grade_losses,
    hints=[
        "Start from the errors, `exercise_outputs - exercise_targets`: four numbers, some negative.",
        "`np.abs(errors).mean()` and `(errors ** 2).mean()`.",
    ],
    solution="""
exercise_targets = np.array([1.0, 0.0, 1.0, 0.0])
exercise_outputs = np.array([0.9, 0.4, -1.0, 3.0])

errors = exercise_outputs - exercise_targets
my_mae = np.abs(errors).mean()
my_mse = (errors ** 2).mean()
print("errors:", errors, " MAE:", my_mae, " MSE:", my_mse)
""",
)


def _grade_perceptron_32(perceptron_32) -> str:
    import keras

    if not isinstance(perceptron_32, keras.Model):
        raise Incorrect(f"`perceptron_32` should be a Keras model (`keras.Sequential([...])`); it is a "
                        f"{type(perceptron_32).__name__}.")
    try:
        input_shape = tuple(perceptron_32.input_shape)
        output_shape = tuple(perceptron_32.output_shape)
    except (AttributeError, ValueError) as error:
        raise Incorrect("the model does not know yet what its input looks like, so it has no weights. Start the list "
                        "of layers with `keras.Input(shape=(32, 32))`, as section 6 does.") from error
    if input_shape != (None, 32, 32):
        detail = " That is lesson 01's model, for 28 x 28 pictures." if input_shape == (None, 28, 28) else ""
        raise Incorrect(f"the model takes inputs of shape {input_shape}; a batch of 32 x 32 pictures has shape "
                        f"(None, 32, 32).{detail} Change `keras.Input`.")
    if len(output_shape) != 2:
        raise Incorrect(f"the model's output has shape {output_shape}: one number per pixel row, because nothing "
                        "flattens the picture. Put `keras.layers.Flatten()` before the Dense layer.")
    if output_shape[1] != 1:
        raise Incorrect(f"the model gives {output_shape[1]} outputs per picture; a perceptron has one: the bulb "
                        "(`Dense(1)`).")
    count = perceptron_32.count_params()
    if count != 32 * 32 + 1:
        raise Incorrect(f"the model has {count} knobs; a perceptron for 32 x 32 pictures has one weight per pixel "
                        "and one bias. Use a single `Dense(1)` layer after `Flatten()`.")
    return ("1,025 knobs: 1,024 weights, one per pixel, and the bias. This model takes 32 x 32 pictures, and only "
            "those: lesson 01's model, with 785 knobs, takes only 28 x 28.")


q5 = Exercise(
    "01", 5, "A perceptron for bigger pictures",
    statement="""
Section 6 showed that lesson 01's model refuses a 32 × 32 picture. Build (no need to train) a
perceptron for **32 × 32** pictures instead: the same three layers, `keras.Input`, `Flatten` and
`Dense` with one output. Set `perceptron_32` to the model. How many knobs does it have?
""",
    starter="""
perceptron_32 = ...   # keras.Sequential([...]) for pictures of 32 x 32 pixels, with one output
""",
    reads=["perceptron_32"],
    grader=_grade_perceptron_32,
    hints=[
        "Copy the `keras.Sequential` of section 6 and change only what depends on the picture's size.",
        "`keras.Input(shape=(32, 32))`, then `keras.layers.Flatten()`, then `keras.layers.Dense(1)`.",
    ],
    solution="""
perceptron_32 = keras.Sequential(
    [
        keras.Input(shape=(32, 32)),     # a picture of 32 x 32 pixels
        keras.layers.Flatten(),          # -> a row of 1,024 numbers
        keras.layers.Dense(1),           # 1,024 weights and a bias
    ],
    name="perceptron_32",
)
print("knobs:", perceptron_32.count_params())
""",
)


questionnaire = Questionnaire(
    "01",
    [
        ("What were the three parts of Rosenblatt's Mark I perceptron, and what are they in our model?",
         "An eye (a grid of light sensors: our pixels), knobs that weighted each sensor's signal (our weights), "
         "and a bulb that lit when the weighted total was high enough (our output)."),
        ("What does a perceptron compute from a picture, step by step?",
         "It flattens the picture into a row of numbers of fixed length, multiplies each pixel by its weight, "
         "adds the products up (the weighted sum, plus a bias), optionally applies an activation function, and "
         "interprets the result (here: 1 means \"five\")."),
        ("Why can lesson 01's model not read a 32 x 32 picture, and what would you do with a photo of a digit?",
         "It has exactly 784 weights, one per pixel of a 28 x 28 picture; a 32 x 32 picture flattens to 1,024 "
         "numbers, and the Dense layer refuses them (Flatten lays out a picture of any size). A 16 x 49 picture "
         "also has 784 pixels: it passes without an error and gets a meaningless answer, because Keras checks how "
         "many numbers arrive, not where they came from. So a photo must first be cropped or resized to 28 x 28 "
         "and made grey, white on black, like MNIST."),
        ("What is the bias, and why does lesson 01's Dense layer have 785 parameters?",
         "The bias is one extra knob added to the weighted sum whatever the picture; it moves the point where the "
         "answer switches. 784 weights plus 1 bias make 785."),
        ("What is a loss, and how do mean absolute error and mean squared error treat one badly wrong answer?",
         "The loss is one number saying how much we dislike the outputs; training lowers it. The absolute error "
         "counts a mistake in proportion to its size; the squared error squares it, so one big mistake can "
         "dominate the whole loss."),
        ("What do gradient descent and backpropagation do?",
         "Gradient descent lowers the loss in small steps: find for every knob which way is downhill (the "
         "gradient) and turn it a little that way, again and again. Backpropagation computes those slopes "
         "efficiently, working backwards from the loss through each layer."),
        ("What goes wrong with a learning rate that is too small, or too large? What does Adam change?",
         "Too small: training crawls. Too large: every step overshoots the bottom and can jump back and forth or "
         "away. Adam adapts the step of every knob from its recent slopes, so it needs little tuning."),
        ("What are an epoch and a batch, and what is validation data for?",
         "An epoch is one pass over all the training pictures; a batch is the group of pictures whose average "
         "gradient makes one update. Validation data are pictures the model never trains on, measured after "
         "every epoch, to see whether it generalises or memorises (overfits); every choice is made on them, "
         "and the test set is opened once, at the end, for the verdict."),
        ("Does the accuracy metric change how the model trains?",
         "No. The loss steers training; a metric like accuracy is only reported, for us to read."),
    ],
    further_research=[
        "Read Rosenblatt's 1958 article \"The perceptron: a probabilistic model for information storage and "
        "organization in the brain\", and find out what Minsky and Papert showed in 1969 about what a single "
        "perceptron cannot learn (look up XOR).",
        "The perceptron convergence theorem: when is Rosenblatt's rule guaranteed to find knobs that get every "
        "training picture right?",
    ],
)
