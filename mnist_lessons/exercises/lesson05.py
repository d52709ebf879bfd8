"""Lesson 05's exercises: the Fashion-MNIST challenge, graded on validation data, and reading probabilities.

- ``q1``: the challenge, stage 1: reach 80% on the validation images;
- ``q2``: the challenge, stage 2: reach 87%;
- ``q3``: a numerically safe softmax, ``softmax_rows``;
- ``q4``: answer, or say "I am not sure": ``answer_or_unsure``;
- ``questionnaire``.

The challenge's targets and their hints come from ``mnist_lessons.challenge.TARGETS``. Your model
trains on the first 50,000 training images, ``x_train[:50_000]``; the check measures it on the
other 10,000 (the validation images), which it never saw. The test set plays no part: it stays
closed for the lesson's final verdict.
"""

from __future__ import annotations

import numpy as np

from mnist_lessons.challenge import TARGETS

from .core import Exercise, Questionnaire
from .grading import Incorrect, NotAttempted, as_array, call, expect_shape, fmt

INTRO = """
## Your turn: exercises

First the classic student challenge, in two stages, now checked the honest way: your model trains
on the first 50,000 training images, and the check measures it on the other 10,000, the
**validation** images, which it never saw (the test set stays closed). Then two exercises on
reading a network's probabilities. Fill in each code cell (replace every `...`), run it, then run
its check. Hints only when you ask: `q1.hint()`, `q1.hint(2)`; and `q1.solution()`.
"""

FIT = 50_000
"""The challenge trains on ``x_train[:FIT]`` and is checked on ``x_train[FIT:]``."""

STAGE_1, STAGE_2 = sorted(TARGETS)


def validation_split() -> tuple[np.ndarray, np.ndarray]:
    """The challenge's validation images and labels: Fashion-MNIST's last 10,000 training images,
    uint8 ``(10000, 28, 28)`` and uint8 ``(10000,)``, exactly as loaded."""
    from mnist_lessons.data import load_fashion_mnist

    (x_train, y_train), _ = load_fashion_mnist()
    return x_train[FIT:].copy(), y_train[FIT:].copy()


def validation_accuracy(prepare, model, name: str = "challenge_model") -> tuple[float, str]:
    """Measure the student's ``model`` on the validation images, prepared by the student's ``prepare``.

    Returns ``(accuracy, observations)``: the fraction right, and a Markdown sentence about what
    the model sees and gives (pixel range, whether the outputs are probabilities, how many Dense
    layers), for feedback. Raises ``NotAttempted`` / ``Incorrect`` when there is nothing to
    measure yet or the model cannot run on what ``prepare`` gives.
    """
    import keras

    images, labels = validation_split()
    ready = as_array(call(prepare, images.copy(), name="prepare"), "prepare(images)")
    if len(ready) != len(images):
        raise Incorrect(f"`prepare` turned {len(images)} images into an array of shape {ready.shape}: it must keep "
                        "one entry per image.")
    if not isinstance(model, keras.Model):
        raise Incorrect(f"`{name}` should be your trained Keras model; it is a {type(model).__name__}.")
    try:
        expected = tuple(model.input_shape)
    except (AttributeError, ValueError) as error:
        raise Incorrect(f"`{name}` has no input shape yet: start it with `keras.Input(shape=...)` and train it "
                        "before checking.") from error
    if len(expected) != ready.ndim or any(e is not None and e != r for e, r in zip(expected, ready.shape, strict=False)):
        raise Incorrect(f"`{name}` could not read `prepare(images)`: it expects inputs of shape {expected}, and "
                        f"`prepare` gives {ready.shape}. Train and check with the same `prepare`.")
    try:
        outputs = np.asarray(_copy(model).predict(ready, batch_size=1000, verbose=0))
    except Exception as error:  # shown as feedback, like any error in the student's code
        first = " ".join(str(error).split())[:300]
        raise Incorrect(f"`{name}` could not read `prepare(images)` (shape {ready.shape}, {ready.dtype}): "
                        f"`{type(error).__name__}: {first}`.") from error
    expect_shape(outputs, (len(images), 10), f"the outputs of `{name}`",
                 "It needs one output per class: a last layer `Dense(10, ...)`.")
    accuracy = float(np.mean(outputs.argmax(axis=1) == labels))
    notes = []
    if ready.size and float(ready.max()) > 1.5:
        notes.append(f"the pixels your model sees run from {fmt(ready.min())} to {fmt(ready.max())}")
    negative = bool(outputs.min() < -1e-6)
    sums = outputs.sum(axis=1)
    if negative or not np.allclose(sums, 1, atol=1e-3):
        notes.append("its outputs are not probabilities (" + ("some are negative, " if negative else "")
                     + f"their rows add up to {fmt(sums.min(), 3)} to {fmt(sums.max(), 3)}, not 1)")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    notes.append(f"it has {len(dense)} Dense layer{'s' if len(dense) != 1 else ''}")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or int(keras.ops.convert_to_numpy(optimizer.iterations.value)) == 0:
        notes.append("it has not been trained yet (no `fit` since it was built)")
    return accuracy, "What the check saw: " + "; ".join(notes) + "."


def _copy(model):
    """A copy of the student's model with the same weights, for the check to predict with: a
    ``predict`` that fails can leave a Keras model unusable (seen with Keras 3.15 on JAX), and
    the check must never damage the model the student trained. Falls back to the model itself
    for models Keras cannot clone (subclassed ones)."""
    import keras

    try:
        clone = keras.models.clone_model(model)
        clone.set_weights(model.get_weights())
    except Exception:  # any failure to clone: predict with the original
        return model
    return clone


def _grade_target(target: float, prepare, model, name: str) -> str:
    what, _ = TARGETS[target]
    accuracy, observations = validation_accuracy(prepare, model, name)
    if accuracy >= target:
        return (f"`{name}` is right on {accuracy:.1%} of the 10,000 validation images, above the {target:.0%} "
                f"target ({what}). These are images it never trained on, so the score is honest; the test set "
                "stays closed until the lesson's final verdict.")
    raise Incorrect(f"`{name}` is right on {accuracy:.1%} of the 10,000 validation images; the target is "
                    f"{target:.0%}. {observations}")


def _grade_stage_1(prepare, challenge_model) -> str:
    return _grade_target(STAGE_1, prepare, challenge_model, "challenge_model")


def _grade_stage_2(prepare, better_model) -> str:
    return _grade_target(STAGE_2, prepare, better_model, "better_model")


_STARTER = """
x_fit_raw, y_fit = x_train[:50_000], y_train[:50_000]   # as loaded (0..255); the check measures on the other 10,000


def prepare(images):
    \"\"\"The images as your model should see them. The check prepares the validation images with it too.\"\"\"
    return ...   # start with `images` as they are, then improve


challenge_model = ...   # build, compile and fit your model on prepare(x_fit_raw), y_fit; start from the starter above
"""

q1 = Exercise(
    "05", 1, f"The challenge, stage 1: {STAGE_1:.0%}",
    statement=f"""
The starter model of section 10 gets most of its answers wrong. Make a model that is right on at least
**{STAGE_1:.0%}** of the validation images. Write `prepare(images)`, which turns images as loaded
(uint8, 0..255, shape `(n, 28, 28)`) into what your model reads, and train `challenge_model` on
`prepare(x_fit_raw)`, `y_fit`: the first 50,000 training images, as loaded (the lesson's
`x_fit` holds the same images, already scaled). The check runs `prepare` on the
other 10,000 and measures your model on them. Change one thing at a time, and see what each
change does on its own.
""",
    starter=_STARTER,
    reads=["prepare", "challenge_model"],
    grader=_grade_stage_1,
    hints=[
        "Two changes, both from earlier in this lesson: what the pixel values look like to the model, and what "
        "the output layer produces (compare the starter with the network of section 3).",
        f"To reach {STAGE_1:.0%}: {TARGETS[STAGE_1][1]}",
        "`def prepare(images): return scale_pixels(images)`, and the last layer "
        "`keras.layers.Dense(10, activation=\"softmax\")`; 5 epochs of batch 128 are enough.",
    ],
    solution="""
x_fit_raw, y_fit = x_train[:50_000], y_train[:50_000]


def prepare(images):
    return scale_pixels(images)                       # pixels 0..255 -> 0..1


keras.utils.set_random_seed(5)
challenge_model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),   # ten probabilities that add up to 1
    ]
)
challenge_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
challenge_model.fit(prepare(x_fit_raw), y_fit, epochs=5, batch_size=128, verbose=2)
""",
    explanation="""
The softmax turns the ten outputs into probabilities, which is what the loss expects; the scaling
keeps the weighted sums small, so training goes smoothly. Each change alone helps; together they
pass the target.
""",
)

q2 = Exercise(
    "05", 2, f"The challenge, stage 2: {STAGE_2:.0%}",
    statement=f"""
Now reach **{STAGE_2:.0%}** on the same validation images with a better model, `better_model`,
trained on `prepare(x_fit_raw)`, `y_fit` like `challenge_model` (keep your `prepare`). The check is
the same, with the higher target.
""",
    starter="""
better_model = ...   # build, compile and fit a better model on prepare(x_fit_raw), y_fit
""",
    reads=["prepare", "better_model"],
    grader=_grade_stage_2,
    hints=[
        "A single Dense layer can only weigh each pixel on its own. What did lesson 04 add between the pixels and "
        "the output?",
        f"To reach {STAGE_2:.0%}: {TARGETS[STAGE_2][1]}",
        "Section 4's network, trained for 10 epochs, already passes this target on these validation images; "
        "section 6's shrinking learning rate adds a little margin: "
        "`keras.optimizers.schedules.CosineDecay(0.003, decay_steps=8 * math.ceil(50_000 / 128))` with 8 epochs.",
    ],
    solution="""
keras.utils.set_random_seed(5)
better_model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),     # the hidden layer
        keras.layers.Dense(10, activation="softmax"),
    ]
)
schedule = keras.optimizers.schedules.CosineDecay(0.003, decay_steps=8 * math.ceil(len(x_fit_raw) / 128))
better_model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                     loss="sparse_categorical_crossentropy", metrics=["accuracy"])
better_model.fit(prepare(x_fit_raw), y_fit, epochs=8, batch_size=128, verbose=2)
""",
    explanation="""
The hidden layer lets the network combine pixels ("a collar here *and* no sleeve there") instead
of weighing each one alone; the shrinking learning rate lets it settle at the end of training.
""",
)


# ---------------------------------------------------------------------------------------------
# q3: softmax


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=1, keepdims=True)


def _grade_softmax(softmax_rows) -> str:
    rng = np.random.default_rng(4)
    cases = [
        ("five rows of ten scores", rng.normal(0, 3, size=(5, 10))),
        ("big scores, `[[1000, 1001, 999], [-1000, -1000, -1000]]`",
         np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -1000.0]])),
        ("a single row, shape (1, 4)", np.array([[0.5, -1.0, 2.0, 0.0]])),
    ]
    for case, scores in cases:
        with np.errstate(all="ignore"):
            result = call(softmax_rows, scores.copy(), name="softmax_rows")
        got = as_array(result, "the result of softmax_rows").astype(np.float64)
        expect_shape(got, scores.shape, "the result of softmax_rows", "One probability per score: the same shape.")
        expected = _softmax(scores)
        if np.allclose(got, expected, atol=1e-9):
            continue
        if not np.all(np.isfinite(got)):
            advice = ("`np.exp(1000)` overflows to infinity, and infinity / infinity is `nan`. Subtract each row's "
                      "largest score first (`scores.max(axis=1, keepdims=True)`): the result is the same, and "
                      "the largest exponent becomes exp(0) = 1.")
        elif np.allclose(got.sum(axis=0), 1) and scores.shape[0] > 1:
            advice = "each *column* adds up to 1: sum over `axis=1`, the classes, with `keepdims=True`."
        elif np.isclose(got.sum(), 1) and scores.shape[0] > 1:
            advice = "the whole array adds up to 1; each *row* must: sum over `axis=1` with `keepdims=True`."
        else:
            advice = "exponentiate every score, then divide each by the sum of its row's exponentials."
        row = int(np.flatnonzero(~np.all(np.isclose(got, expected, atol=1e-9), axis=1))[0])
        raise Incorrect(f"wrong for {case}: for row {row}, {fmt(scores[row])}, the probabilities are "
                        f"{fmt(expected[row])}; yours are {fmt(got[row])}. Hint: {advice}")
    return ("every row is now a set of probabilities adding up to 1, even for scores of ±1000, where a naive "
            "`np.exp` overflows. Subtracting the row's maximum changes nothing mathematically "
            "(the factor cancels) and everything numerically.")


q3 = Exercise(
    "05", 3, "A softmax that never overflows",
    statement="""
Write `softmax_rows(scores)`: for scores of shape `(n, k)`, one row per image, return the
probabilities of shape `(n, k)`, each row exponentiated and divided by its sum. It must work for
big scores too (try `[[1000, 1001, 999]]`).
""",
    starter="""
def softmax_rows(scores):
    \"\"\"(n, k) scores -> (n, k) probabilities: the softmax of every row.\"\"\"
    return ...
""",
    reads=["softmax_rows"],
    grader=_grade_softmax,
    hints=[
        "Lesson 04 (section 3) wrote a softmax for one image. Here every row is an image: operate along "
        "`axis=1`, and keep the dimension (`keepdims=True`) so the division broadcasts row by row.",
        "`shifted = scores - scores.max(axis=1, keepdims=True)`, `exps = np.exp(shifted)`, "
        "`return exps / exps.sum(axis=1, keepdims=True)`.",
    ],
    solution="""
def softmax_rows(scores):
    \"\"\"(n, k) scores -> (n, k) probabilities: the softmax of every row.\"\"\"
    shifted = scores - scores.max(axis=1, keepdims=True)   # the largest score of each row becomes 0
    exps = np.exp(shifted)                                  # no overflow: every exponent is at most 0
    return exps / exps.sum(axis=1, keepdims=True)

print(softmax_rows(np.array([[1000.0, 1001.0, 999.0]])).round(4))
""",
)


# ---------------------------------------------------------------------------------------------
# q4: answer or "I am not sure"


def _grade_unsure(answer_or_unsure) -> str:
    from mnist_lessons.predictions import UNSURE, margin, predict_or_unsure

    rng = np.random.default_rng(8)
    probabilities = rng.dirichlet(np.full(10, 0.3), size=200)
    cases = [(0.2, "margin 0.2"), (0.5, "margin 0.5"), (0.0, "margin 0 (always answer)")]
    gaps = margin(probabilities)   # none lies exactly on a threshold, where ">" and ">=" would both be fair
    for min_margin, case in cases:
        result = call(answer_or_unsure, probabilities.copy(), min_margin, name="answer_or_unsure")
        if isinstance(result, (list, tuple)) and any(item is Ellipsis for item in result):
            raise NotAttempted("`answer_or_unsure` still returns `...`: fill it in, run the cell, then check again.")
        got = as_array(result, "the result of answer_or_unsure")
        expect_shape(got, (len(probabilities),), "the result of answer_or_unsure",
                     "One answer per image: a class index, or -1.")
        expected = predict_or_unsure(probabilities, min_margin)
        if np.array_equal(got, expected):
            continue
        best = probabilities.argmax(axis=1)
        if np.array_equal(got, np.where(probabilities.max(axis=1) >= min_margin, best, UNSURE)):
            advice = ("you compared the highest probability with the threshold. The margin is the highest "
                      "probability *minus the second highest*: sort each row (`np.sort(..., axis=1)`) and subtract.")
        elif np.array_equal(got, np.where(gaps < min_margin, best, UNSURE)):
            advice = "it is the other way round: answer when the margin is large, say -1 when it is small."
        elif np.array_equal(got != UNSURE, expected != UNSURE):
            advice = "you abstain on the right images, but some answers are not the most probable class (`argmax`)."
        elif np.array_equal(got == best, expected == best):
            advice = f"the right images are answered, but the \"not sure\" answer must be {UNSURE}."
        else:
            advice = ("answer `argmax` where the top probability is at least `min_margin` ahead of the second, "
                      "else -1.")
        first = int(np.flatnonzero(got != expected)[0])
        raise Incorrect(f"wrong with {case}: for image {first}, whose two highest probabilities are "
                        f"{fmt(np.sort(probabilities[first])[-1], 3)} and {fmt(np.sort(probabilities[first])[-2], 3)}, "
                        f"the answer is {expected[first]}; yours is {fmt(got[first])}. Hint: {advice}")
    return (f"with a margin of 0.2 your rule abstains on {np.mean(gaps < 0.2):.0%} of the check's 200 test rows and "
            "answers the rest. The same rule as `predict_or_unsure` in section 8: the higher the margin, the fewer "
            "answers, and the more trustworthy each one.")


q4 = Exercise(
    "05", 4, "Answer, or say \"I am not sure\"",
    statement="""
Write the rule of section 8 yourself. `answer_or_unsure(probabilities, min_margin)` takes the
probabilities, shape `(n, 10)`, and returns `n` answers: the most probable class, or `-1` ("I am
not sure") where the highest probability is less than `min_margin` ahead of the second highest.
""",
    starter="""
def answer_or_unsure(probabilities, min_margin):
    \"\"\"(n, k) probabilities -> (n,) answers: the most probable class, or -1 where the top two are too close.\"\"\"
    return ...
""",
    reads=["answer_or_unsure"],
    grader=_grade_unsure,
    hints=[
        "Sort each row to find the highest and the second highest probability; their difference is the margin.",
        "`top = np.sort(probabilities, axis=1)`, `gap = top[:, -1] - top[:, -2]`, then "
        "`np.where(gap >= min_margin, probabilities.argmax(axis=1), -1)`.",
    ],
    solution="""
def answer_or_unsure(probabilities, min_margin):
    \"\"\"(n, k) probabilities -> (n,) answers: the most probable class, or -1 where the top two are too close.\"\"\"
    top = np.sort(probabilities, axis=1)          # each row from smallest to largest
    gap = top[:, -1] - top[:, -2]                 # the highest minus the second highest
    return np.where(gap >= min_margin, probabilities.argmax(axis=1), -1)

print(answer_or_unsure(np.array([[0.7, 0.2, 0.1], [0.45, 0.4, 0.15]]), 0.2))   # [ 0 -1]
""",
)


questionnaire = Questionnaire(
    "05",
    [
        ("Fashion-MNIST has the same shapes as MNIST. Why is it harder?",
         "Four of its classes (T-shirt/top, pullover, coat, shirt) share one outline; what tells them apart "
         "(a collar, buttons, texture) is a handful of pixels at 28 x 28. Digits differ much more in shape."),
        ("What does a softmax output layer give, and how is the prediction read from it?",
         "Ten positive numbers that add up to 1, read as the network's probability for each class; the "
         "prediction is the class with the highest probability."),
        ("When do you use sparse categorical cross-entropy instead of categorical cross-entropy?",
         "When the labels are integers (0 to 9) rather than one-hot vectors. It computes the same number "
         "without building the one-hot vectors."),
        ("Why 128 neurons in the hidden layer?",
         "A rule of thumb: a modest fraction of the input size (784 / 128 is about 6). It is a starting point, "
         "to be checked by experiment on validation data."),
        ("What happens to the accuracy on new images (the validation set) as you train for more and more epochs?",
         "First it rises, with diminishing returns; past a point the network memorises its training images and "
         "gets less reliable on new ones, while training accuracy keeps improving."),
        ("What is the margin between the top two probabilities for, and what does a higher threshold trade?",
         "A small margin means the network is torn between two classes, so it can answer \"I am not sure\". A "
         "higher threshold makes it abstain more often, and the answers it still gives are more often right."),
        ("Why did the starter model of the challenge get most of its answers wrong?",
         "Its outputs were not probabilities (no softmax) on raw pixels up to 255: the loss expects "
         "probabilities, and where the outputs fell outside 0..1 the gradient gave no useful signal, so "
         "training stalled."),
        ("Section 6 compared a shrinking learning rate with a constant one. Why three seeds each, and why a second "
         "control, a constant 0.003?",
         "The seed alone moves the validation accuracy by a few tenths of a point, about as much as some of the "
         "differences we compare; one run each could show a gain that is only luck. The constant 0.003 changes only "
         "the size of the rate, not its shrinking, so it tells whether the schedule wins by starting larger or by "
         "shrinking."),
        ("Why is the challenge checked on validation images and not on the test set?",
         "You try changes until the check passes: that is making choices on the data the check uses. Checking "
         "on validation images keeps the test set untouched for an honest final verdict."),
    ],
    further_research=[
        "Read how Fashion-MNIST was made and why its authors wanted a replacement for MNIST (Xiao, Rasul and "
        "Vollgraf, 2017).",
        "Calibration: when a network says 90%, is it right 90% of the time? Look up reliability diagrams.",
    ],
)
