"""Lesson 05's exercises: the Fashion-MNIST challenge, graded on validation data, and reading probabilities.

- ``q1``: the challenge: reach 80% on the validation images;
- ``q2``: predict, then run: which of the challenge's two fixes does more on its own;
- ``q3``: a numerically safe softmax, ``softmax_rows``;
- ``q4``: answer, or say "I am not sure": ``answer_or_unsure``;
- ``questionnaire``.

The challenge's target and its hint come from ``mnist_lessons.challenge.TARGETS``. Your model
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

First the classic student challenge, checked the honest way: your model trains on the first 50,000
training images and is measured on the other 10,000, the **validation** images (the test set stays
closed). Then a prediction to test, and two exercises on reading probabilities. Replace every `...`,
run the cell, then its check. Hints when you ask: `q1.hint()`, then `q1.hint(2)`, `q1.hint(3)`.
"""

FIT = 50_000
"""The challenge trains on ``x_train[:FIT]`` and is checked on ``x_train[FIT:]``."""

TARGET = min(TARGETS)
"""The challenge's target accuracy on the validation images (a fraction)."""


def validation_split() -> tuple[np.ndarray, np.ndarray]:
    """The challenge's validation images and labels: Fashion-MNIST's last 10,000 training images,
    uint8 ``(10000, 28, 28)`` and uint8 ``(10000,)``, exactly as loaded."""
    from mnist_lessons.data import load_fashion_mnist

    (x_train, y_train), _ = load_fashion_mnist()
    return x_train[FIT:].copy(), y_train[FIT:].copy()


def _measure(model, ready: np.ndarray, name: str, source: str = "the validation images") -> np.ndarray:
    """The outputs of the student's ``model`` on the prepared validation images ``ready``: float
    ``(10000, 10)``. ``source`` names where ``ready`` came from, for messages. Raises ``Incorrect``
    when the model cannot read them or gives another shape."""
    import keras

    if not isinstance(model, keras.Model):
        raise Incorrect(f"`{name}` should be your trained Keras model; it is a {type(model).__name__}.")
    try:
        expected = tuple(model.input_shape)
    except (AttributeError, ValueError) as error:
        raise Incorrect(f"`{name}` has no input shape yet: start it with `keras.Input(shape=...)` and train it "
                        "before checking.") from error
    if len(expected) != ready.ndim or any(e is not None and e != r for e, r in zip(expected, ready.shape, strict=False)):
        raise Incorrect(f"`{name}` could not read {source}: it expects inputs of shape {expected}; "
                        f"{source} has shape {ready.shape}. Train and check with images of the same shape.")
    try:
        outputs = np.asarray(_copy(model).predict(ready, batch_size=1000, verbose=0))
    except Exception as error:  # shown as feedback, like any error in the student's code
        first = " ".join(str(error).split())[:300]
        raise Incorrect(f"`{name}` could not read {source} (shape {ready.shape}, {ready.dtype}): "
                        f"`{type(error).__name__}: {first}`.") from error
    expect_shape(outputs, (len(ready), 10), f"the outputs of `{name}`",
                 "It needs one output per class: a last layer `Dense(10, ...)`.")
    return outputs


def _is_probabilities(outputs: np.ndarray) -> bool:
    return bool(outputs.min() >= -1e-6 and np.allclose(outputs.sum(axis=1), 1, atol=1e-3))


def _dense_layers(model) -> int:
    import keras

    return sum(isinstance(layer, keras.layers.Dense) for layer in model.layers)


def _trained(model) -> bool:
    import keras

    optimizer = getattr(model, "optimizer", None)
    return optimizer is not None and int(keras.ops.convert_to_numpy(optimizer.iterations.value)) > 0


def validation_accuracy(prepare, model, name: str = "challenge_model") -> tuple[float, str]:
    """Measure the student's ``model`` on the validation images, prepared by the student's ``prepare``.

    Returns ``(accuracy, observations)``: the fraction right, and a Markdown sentence about what
    the model sees and gives (pixel range, whether the outputs are probabilities, how many Dense
    layers), for feedback. Raises ``NotAttempted`` / ``Incorrect`` when there is nothing to
    measure yet or the model cannot run on what ``prepare`` gives.
    """
    images, labels = validation_split()
    ready = as_array(call(prepare, images.copy(), name="prepare"), "prepare(images)")
    if len(ready) != len(images):
        raise Incorrect(f"`prepare` turned {len(images)} images into an array of shape {ready.shape}: it must keep "
                        "one entry per image.")
    outputs = _measure(model, ready, name, "`prepare(images)`")
    accuracy = float(np.mean(outputs.argmax(axis=1) == labels))
    notes = []
    if ready.size and float(ready.max()) > 1.5:
        notes.append(f"the pixels your model sees run from {fmt(ready.min())} to {fmt(ready.max())}")
    if not _is_probabilities(outputs):
        sums = outputs.sum(axis=1)
        notes.append("its outputs are not probabilities (" + ("some are negative, " if outputs.min() < -1e-6 else "")
                     + f"their rows add up to {fmt(sums.min(), 3)} to {fmt(sums.max(), 3)}, not 1)")
    dense = _dense_layers(model)
    notes.append(f"it has {dense} Dense layer{'s' if dense != 1 else ''}")
    if not _trained(model):
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


def _grade_challenge(prepare, challenge_model) -> str:
    what, _ = TARGETS[TARGET]
    accuracy, observations = validation_accuracy(prepare, challenge_model)
    if accuracy >= TARGET:
        note = ""
        if "the pixels your model sees run from" in observations:
            note = (" One thing to look at: your `prepare` hands the model pixels up to 255. If you trained it on "
                    "scaled pixels, make `prepare` scale them too: a model should be checked on what it trained on.")
        return (f"`challenge_model` is right on {accuracy:.1%} of the 10,000 validation images, above the {TARGET:.0%} "
                f"target ({what}). These are images it never trained on, so the score is honest; the test set "
                "stays closed until the lesson's final verdict." + note)
    raise Incorrect(f"`challenge_model` is right on {accuracy:.1%} of the 10,000 validation images; the target is "
                    f"{TARGET:.0%}. {observations}")


_STARTER = """
x_fit_raw, y_fit = x_train[:50_000], y_train[:50_000]   # as loaded (0..255); the check measures on the other 10,000


def prepare(images):
    \"\"\"The images as your model should see them. The check prepares the validation images with it too.\"\"\"
    return ...   # start with `images` as they are, then improve


challenge_model = ...   # build, compile and fit your model on prepare(x_fit_raw), y_fit; start from the starter above
"""

q1 = Exercise(
    "05", 1, f"The challenge: {TARGET:.0%}",
    statement=f"""
Make the starter of section 10 right on at least **{TARGET:.0%}** of the validation images. Write
`prepare(images)`, which turns images as loaded (uint8 0..255, shape `(n, 28, 28)`) into what your
model reads, and train `challenge_model` on `prepare(x_fit_raw)`, `y_fit`. The check runs `prepare`
on the validation images and measures your model on them.
""",
    starter=_STARTER,
    reads=["prepare", "challenge_model"],
    grader=_grade_challenge,
    hints=[
        "Section 10 named two suspects. Compare the starter, line by line, with the network of section 3: what "
        "do its pixels look like, and what does its last layer give?",
        f"To reach {TARGET:.0%}: {TARGETS[TARGET][1]} Keep the starter's single `Dense(10)` layer: no hidden layer "
        "is needed for this target.",
        "A skeleton to complete (every `...` is yours):\n\n"
        "```python\ndef prepare(images):\n    return ...   # pixels from 0..255 to 0..1\n\n"
        "keras.utils.set_random_seed(5)\n"
        "challenge_model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),\n"
        "                                    keras.layers.Dense(10, activation=...)])\n"
        "challenge_model.compile(optimizer=\"adam\", loss=\"sparse_categorical_crossentropy\", metrics=[\"accuracy\"])\n"
        "challenge_model.fit(prepare(x_fit_raw), y_fit, epochs=5, batch_size=128, verbose=2)\n```",
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
keeps the weighted sums small, so Adam's steps do not throw them around. Together the two changes
pass the target. What each does *alone* is exercise 2's question: predict, then run.
""",
)


# ---------------------------------------------------------------------------------------------
# q2: predict, then run: which single change does more?

CHOICES = {"scaling": ("scal", "normali"), "softmax": ("softmax",)}
"""The two predictions ``q2`` accepts, with the word stems that name each."""


def _read_prediction(prediction) -> str:
    if not isinstance(prediction, str):
        raise Incorrect(f"`prediction` should be a string, `\"scaling\"` or `\"softmax\"`; it is a "
                        f"{type(prediction).__name__}.")
    text = prediction.lower()
    named = [choice for choice, stems in CHOICES.items() if any(stem in text for stem in stems)]
    if len(named) != 1:
        raise Incorrect(f"`prediction` is {prediction!r}: name exactly one of the two changes, `\"scaling\"` or "
                        "`\"softmax\"`, the one you expect to give the higher validation accuracy on its own.")
    return named[0]


def _grade_one_change(prediction, scaling_only, softmax_only) -> str:
    from mnist_lessons.data import scale_pixels

    predicted = _read_prediction(prediction)
    images, labels = validation_split()
    accuracy = {}
    for name, model, ready, wants_softmax in [("scaling_only", scaling_only, scale_pixels(images), False),
                                              ("softmax_only", softmax_only, images, True)]:
        outputs = _measure(model, ready, name)
        if _dense_layers(model) != 1:
            raise Incorrect(f"`{name}` has {_dense_layers(model)} Dense layers; the starter has one. Change one thing "
                            "only, or the comparison tells nothing about that one thing.")
        if not _trained(model):
            raise Incorrect(f"`{name}` has not been trained yet (no `fit` since it was built): fit it as the "
                            "starter was fitted, then check again.")
        if wants_softmax and not _is_probabilities(outputs):
            raise Incorrect("`softmax_only`'s outputs are not probabilities (rows that add up to 1): give its "
                            "`Dense(10)` layer `activation=\"softmax\"`.")
        if not wants_softmax and _is_probabilities(outputs):
            raise Incorrect("`scaling_only`'s outputs are probabilities: you changed its output layer too. Keep the "
                            "starter's `Dense(10)` with no activation, and change only the pixels.")
        accuracy[name] = float(np.mean(outputs.argmax(axis=1) == labels))
    scaled, soft = accuracy["scaling_only"], accuracy["softmax_only"]
    run = f"scaling only {scaled:.1%}, softmax only {soft:.1%} of the validation images right"
    if abs(scaled - soft) < 0.01:
        verdict = ("That is a tie, within a point: in this run neither change alone does clearly more. Try "
                   "another seed before you conclude anything.")
    else:
        winner = "scaling" if scaled > soft else "softmax"
        verdict = f"The {winner} did more on its own: your prediction ({predicted}) was " + (
            "right." if winner == predicted else "wrong, which teaches more than a lucky guess: what does the loss "
            "make of outputs that are not probabilities?")
    return (f"your run: {run}. {verdict} Compare both with your `challenge_model` of exercise 1, which has both "
            "changes. What the loss does with outputs that are not probabilities differs between Keras backends, "
            "so a classmate on another backend may see quite different numbers.")


q2 = Exercise(
    "05", 2, "One change at a time: predict, then run",
    statement="""
The starter has two problems: raw pixels, and outputs that are not probabilities. Which change
*alone* gives the higher validation accuracy? **Predict first**: set `prediction` to `"scaling"` or
`"softmax"` before you train anything. Then train the starter twice, with one change each, and the
same seed, epochs and batch size as section 10: `scaling_only` on scaled pixels (output layer
unchanged) and `softmax_only` with `activation="softmax"` on the pixels as loaded. The check
measures both on the validation images and compares the run with your prediction.
""",
    starter="""
prediction = ...   # "scaling" or "softmax": decide before you run anything

scaling_only = ...   # the starter trained on scale_pixels(x_fit_raw); its Dense(10) unchanged
softmax_only = ...   # the starter with Dense(10, activation="softmax"), trained on x_fit_raw as loaded
""",
    reads=["prediction", "scaling_only", "softmax_only"],
    grader=_grade_one_change,
    hints=[
        "Write your prediction down with a reason: which of the two problems of section 10 do you think stops "
        "the loss from teaching the model anything useful?",
        "Copy section 10's starter cell twice. In one, pass `scale_pixels(x_fit_raw)` to `fit`; in the other, add "
        "`activation=\"softmax\"` to `Dense(10)`. Everything else (seed 5, 5 epochs, batch 128) stays the same.",
        "A skeleton for one of the two (every `...` is yours):\n\n"
        "```python\nkeras.utils.set_random_seed(5)\n"
        "softmax_only = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
        "keras.layers.Dense(10, activation=...)])\n"
        "softmax_only.compile(optimizer=\"adam\", loss=\"sparse_categorical_crossentropy\", metrics=[\"accuracy\"])\n"
        "softmax_only.fit(..., y_fit, epochs=5, batch_size=128, verbose=2)\n```",
    ],
    solution="""
prediction = "softmax"   # your own guess, made before running: either answer passes, the run decides


def starter_with(activation, images):
    keras.utils.set_random_seed(5)
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation=activation)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(images, y_fit, epochs=5, batch_size=128, verbose=0)
    return model


scaling_only = starter_with(None, scale_pixels(x_fit_raw))   # one change: the pixels
softmax_only = starter_with("softmax", x_fit_raw)            # one change: the output layer
""",
    explanation="""
Either prediction passes: the point is to commit to one before the run, then let the run decide.
When this exercise was written, the softmax alone did more than the scaling alone on both backends,
by very different amounts (seeds 5 to 7: softmax alone 29-38% on JAX and 78-80% on TensorFlow;
scaling alone 13-24% and 30-54%), because the backends compute the cross-entropy differently. With
a softmax on raw pixels, TensorFlow's loss works from the scores *before* the softmax and stays
accurate; JAX's works from the probabilities, clipped away from 0, and the gradient fades where the
softmax saturates. Without a softmax, TensorFlow clips the outputs into 0..1; JAX divides them by
their sum.
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
        "Every row is an image: exponentiate, then divide each score by the sum of *its own row*. Try the naive "
        "version on `[[1000, 1001, 999]]` first and look at what comes out.",
        "`np.exp(1000)` overflows. Subtracting the same number from every score of a row changes nothing in the "
        "result (the factor cancels between the top and the bottom of the fraction): which number makes the "
        "largest exponent exactly 0? Work along `axis=1`, with `keepdims=True` so the division broadcasts row "
        "by row.",
        "A skeleton to complete:\n\n```python\ndef softmax_rows(scores):\n"
        "    shifted = scores - ...          # each row's largest score, one per row (keepdims=True)\n"
        "    exps = np.exp(shifted)\n"
        "    return exps / ...               # each row's sum of exponentials, one per row\n```",
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
    return (f"with a margin of 0.2 your rule abstains on {np.mean(gaps < 0.2):.0%} of the check's 200 made-up rows and "
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
        "For each row you need two numbers: the highest probability and the second highest. Their difference is "
        "the margin of section 8.",
        "`np.sort(..., axis=1)` sorts each row from smallest to largest, so the last two columns hold the second "
        "highest and the highest. `np.where(condition, a, b)` picks from `a` where the condition holds, else `b`.",
        "A skeleton to complete:\n\n```python\ndef answer_or_unsure(probabilities, min_margin):\n"
        "    top = np.sort(probabilities, axis=1)\n"
        "    gap = ...                       # highest minus second highest, one per row\n"
        "    return np.where(..., probabilities.argmax(axis=1), -1)\n```",
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
         "Pullover, coat and shirt share one outline (their average images are the closest pairs of section 2), "
         "and T-shirts are upper-body garments too; what tells them apart (a collar, buttons, a texture) is a "
         "handful of pixels at 28 x 28. The confusion matrix shows those four classes taken for one another."),
        ("What does a softmax output layer give, and how is the prediction read from it?",
         "Ten positive numbers that add up to 1, read as the network's probability for each class; the "
         "prediction is the class with the highest probability."),
        ("When do you use sparse categorical cross-entropy instead of categorical cross-entropy?",
         "When the labels are integers (0 to 9) rather than one-hot vectors. It computes the same number "
         "without building the one-hot vectors."),
        ("Keras logs a training accuracy for every epoch. Why did section 4 measure it again before comparing it "
         "with validation accuracy?",
         "The logged figure is a running mean over the epoch's batches, taken while the weights changed; validation "
         "accuracy is measured once, after the epoch. Measured the same way (`evaluate` on the training images "
         "after each epoch), training accuracy was above validation in every epoch, while the log put it below in "
         "epoch 1."),
        ("Section 5 trained on a small set for 30 epochs instead of 10. What got worse, and what did not?",
         "Over three seeds the validation loss climbed back above its lowest and the network grew more confident "
         "on the validation images it got wrong; validation accuracy did not fall on average (it rose in some "
         "seeds, fell in others), while training accuracy kept rising. Too many epochs first showed as "
         "overconfidence, which the loss sees and accuracy does not."),
        ("What is the margin between the top two probabilities for, and what does a higher threshold trade?",
         "A small margin means the network is torn between two classes, so it can answer \"I am not sure\". A "
         "higher threshold makes it abstain more often, and the answers it still gives are more often right."),
        ("Why did the starter model of the challenge get most of its answers wrong?",
         "Two problems at once. Its outputs were not probabilities (section 10 printed negative numbers that do "
         "not add up to 1), and the loss expects probabilities, so what it minimised was not a measure of "
         "wrongness; and it read pixels up to 255, so its outputs ran into the hundreds. Exercise 1 fixes both; "
         "exercise 2 measures what each fix does alone."),
        ("Section 6 compared a shrinking learning rate with a constant one. Why three seeds each, and why a second "
         "control, a constant 0.003?",
         "A seed alone moved a recipe's validation accuracy by up to about a point, as much as the differences "
         "we compare; one run each could show a gain that is only luck. The constant 0.003 starts as large as the "
         "schedule but never shrinks, so it tells whether the schedule wins by starting larger or by shrinking."),
        ("Why is the challenge checked on validation images and not on the test set?",
         "You try changes until the check passes: that is making choices on the data the check uses. Checking "
         "on validation images keeps the test set untouched for an honest final verdict."),
    ],
    further_research=[
        "Read how Fashion-MNIST was made and why its authors wanted a replacement for MNIST (Xiao, Rasul and "
        "Vollgraf, 2017).",
        "Calibration: when a network says 90%, is it right 90% of the time? Look up reliability diagrams, and "
        "draw one for section 5's networks at epochs 10 and 30.",
    ],
)
