"""Lesson 05's exercises: the Fashion-MNIST challenge on validation data, and reading probabilities.

``q1`` the challenge (80% on the validation images); ``q2`` predict, then run: which of its two
fixes does more alone; ``q3`` a safe softmax; ``q4`` answer or say "I am not sure". Models train on
``x_train[:50_000]`` and are measured on the other 10,000 (validation); the test set stays closed.
"""

from __future__ import annotations

import numpy as np

from mnist_lessons.challenge import TARGETS

from .core import Exercise, Questionnaire
from .grading import Incorrect, as_array, call, expect_shape, fmt

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
    """The last 10,000 training images and labels, as loaded: uint8 ``(10000, 28, 28)``, ``(10000,)``."""
    from mnist_lessons.data import load_fashion_mnist

    (x_train, y_train), _ = load_fashion_mnist()
    return x_train[FIT:].copy(), y_train[FIT:].copy()


def _measure(model, ready: np.ndarray, name: str, source: str = "the validation images") -> np.ndarray:
    """The student's ``model``'s outputs on ``ready`` (named ``source`` in messages): float
    ``(10000, 10)``. Raises ``Incorrect`` when the model cannot read them or gives another shape."""
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
    try:  # predict with a copy: a failing predict can leave a Keras model unusable (Keras 3.15, JAX)
        clone = keras.models.clone_model(model)
        clone.set_weights(model.get_weights())
    except Exception:  # a model Keras cannot clone (subclassed): predict with the original
        clone = model
    try:
        outputs = np.asarray(clone.predict(ready, batch_size=1000, verbose=0))
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


def _expect_starter(model, name: str, why: str) -> None:
    """Raise ``Incorrect`` unless ``model`` is built like the starter (one Dense layer) and trained."""
    if _dense_layers(model) != 1:
        raise Incorrect(f"`{name}` has {_dense_layers(model)} Dense layers; the starter has one, `Dense(10)`. {why}")
    if not _trained(model):
        raise Incorrect(f"`{name}` has not been trained yet (no `fit` since it was built): fit it as the "
                        "starter was fitted, then check again.")


def _trained(model) -> bool:
    import keras

    optimizer = getattr(model, "optimizer", None)
    return optimizer is not None and int(keras.ops.convert_to_numpy(optimizer.iterations.value)) > 0


def _grade_challenge(prepare, challenge_model) -> str:
    images, labels = validation_split()
    ready = as_array(call(prepare, images.copy(), name="prepare"), "prepare(images)")
    if len(ready) != len(images):
        raise Incorrect(f"`prepare` turned {len(images)} images into an array of shape {ready.shape}: it must keep "
                        "one entry per image.")
    outputs = _measure(challenge_model, ready, "challenge_model", "`prepare(images)`")
    accuracy = float(np.mean(outputs.argmax(axis=1) == labels))
    _expect_starter(challenge_model, "challenge_model", "The challenge is to fix the starter, not to swap in "
                      "section 3's network.")
    if accuracy >= TARGET:
        note = (" One thing to look at: your `prepare` hands the model pixels up to 255. If you trained it on "
                "scaled pixels, make `prepare` scale them too." if ready.max() > 2 else "")
        return (f"`challenge_model` is right on {accuracy:.1%} of the 10,000 validation images, above the {TARGET:.0%} "
                f"target ({TARGETS[TARGET][0]}). These are images it never trained on, so the score is honest; the "
                "test set stays closed until the lesson's final verdict." + note)
    notes = [f"the pixels your model sees run from {fmt(ready.min())} to {fmt(ready.max())}"] if ready.max() > 2 else []
    if not _is_probabilities(outputs):
        sums = outputs.sum(axis=1)
        notes.append("its outputs are not probabilities (" + ("some are negative, " if outputs.min() < -1e-6 else "")
                     + f"their rows add up to {fmt(sums.min(), 3)} to {fmt(sums.max(), 3)}, not 1)")
    raise Incorrect(f"`challenge_model` is right on {accuracy:.1%} of the 10,000 validation images; the target is "
                    f"{TARGET:.0%}. What the check saw: " + "; ".join(notes or ["nothing unusual"]) + ".")


_STARTER = """
x_fit_raw, y_fit = x_train[:50_000], y_train[:50_000]   # as loaded (0..255)


def prepare(images):
    \"\"\"The images as your model should see them (the check prepares its own with it).\"\"\"
    return ...   # start with `images` as they are, then improve


challenge_model = ...   # section 10's starter, fixed, fitted on prepare(x_fit_raw)
"""

q1 = Exercise(
    "05", 1, f"The challenge: {TARGET:.0%}",
    statement=f"""
Fix the starter of section 10, keeping its single `Dense(10)` layer, so that it is right on at
least **{TARGET:.0%}** of the validation images. Write `prepare(images)`, which turns images as
loaded (uint8 0..255, shape `(n, 28, 28)`) into what your model reads, and train `challenge_model`
on `prepare(x_fit_raw)`, `y_fit`. The check runs `prepare` on the validation images and measures
your model on them.
""",
    starter=_STARTER,
    reads=["prepare", "challenge_model"],
    grader=_grade_challenge,
    hints=[
        "Section 10 named two suspects. Compare the starter, line by line, with the network of section 3: what "
        "do its pixels look like, and what does its last layer give?",
        "One suspect lives in the pixels, so its fix goes in `prepare`; the other lives in the last layer. "
        "Which range of pixels did section 3's network read, and what made its ten outputs add up to 1?",
        "A skeleton (every `...` is yours):\n\n"
        "```python\ndef prepare(images):\n    return ...   # what section 3's network read\n\n"
        "keras.utils.set_random_seed(5)\n"
        "challenge_model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),\n"
        "                                    keras.layers.Dense(10, ...)])\n"
        "# compile and fit as in section 10, on prepare(x_fit_raw)\n```",
    ],
    solution="""
x_fit_raw, y_fit = x_train[:50_000], y_train[:50_000]


def prepare(images):
    return scale_pixels(images)                       # pixels 0..255 -> 0..1


keras.utils.set_random_seed(5)
challenge_model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                                    keras.layers.Dense(10, activation="softmax")])   # probabilities
challenge_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
challenge_model.fit(prepare(x_fit_raw), y_fit, epochs=5, batch_size=128, verbose=2)
""",
    explanation="""
The softmax gives probabilities, which the loss expects; the scaling keeps the weighted sums small,
so Adam's steps do not throw them around. What each does *alone* is exercise 2's question.
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
        _expect_starter(model, name, "Change one thing only, or the comparison tells nothing about it.")
        if wants_softmax != _is_probabilities(outputs):
            raise Incorrect("`softmax_only`'s outputs are not probabilities (rows that add up to 1): give its "
                            "`Dense(10)` layer `activation=\"softmax\"`." if wants_softmax else
                            "`scaling_only`'s outputs are probabilities: you changed its output layer too. Keep the "
                            "starter's `Dense(10)` with no activation, and change only the pixels.")
        accuracy[name] = float(np.mean(outputs.argmax(axis=1) == labels))
    scaled, soft = accuracy["scaling_only"], accuracy["softmax_only"]
    run = f"scaling only {scaled:.1%}, softmax only {soft:.1%} of the validation images right"
    if abs(scaled - soft) < 0.01:
        verdict = "That is a tie, within a point: try another seed before you conclude anything."
    else:
        winner = "scaling" if scaled > soft else "softmax"
        verdict = f"The {winner} did more on its own: your prediction ({predicted}) was " + (
            "right." if winner == predicted else "wrong, which teaches more than a lucky guess: what does the loss "
            "make of outputs that are not probabilities?")
    return f"your run: {run}. {verdict} Compare both with your `challenge_model` of exercise 1."


q2 = Exercise(
    "05", 2, "One change at a time: predict, then run",
    statement="""
The starter has two problems: raw pixels, and outputs that are not probabilities. Which change
*alone* gives the higher validation accuracy? **Predict first**: set `prediction` to `"scaling"` or
`"softmax"`. Then train the starter twice, one change each, with section 10's seed, epochs and
batch size: `scaling_only` on scaled pixels, `softmax_only` with `activation="softmax"` on the
pixels as loaded. The check measures both on the validation images against your prediction.
""",
    starter="""
prediction = ...   # "scaling" or "softmax": decide before you run anything

scaling_only = ...   # the starter fitted on scale_pixels(x_fit_raw), Dense(10) as is
softmax_only = ...   # the starter with Dense(10, activation="softmax"), on x_fit_raw
""",
    reads=["prediction", "scaling_only", "softmax_only"],
    grader=_grade_one_change,
    hints=[
        "Write your prediction down with a reason: which of the two problems of section 10 do you think stops "
        "the loss from teaching the model anything useful?",
        "Each model is section 10's starter with one line changed: for one, the images given to `fit`; for the "
        "other, the output layer. Everything else (seed 5, 5 epochs, batch 128) stays the same.",
        "A skeleton: one function, called twice with a different change (every `...` is yours):\n\n"
        "```python\ndef starter_with(activation, images):\n    keras.utils.set_random_seed(5)\n"
        "    model = ...   # section 10's starter, with Dense(10, activation=activation)\n"
        "    ...           # compile and fit it on images, y_fit, as in section 10\n    return model\n```",
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
Compare both with `challenge_model`, which has both changes. The Keras backends compute the
cross-entropy of outputs that are not probabilities differently, so a classmate on another backend
may see quite different numbers.
""",
)


# ---------------------------------------------------------------------------------------------
# q3: softmax


def _grade_softmax(softmax_rows) -> str:
    rng = np.random.default_rng(4)
    cases = [
        ("five rows of ten scores", rng.normal(0, 3, size=(5, 10))),
        ("big scores, `[[1000, 1001, 999], [-1000, -1000, -1000]]`",
         np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -1000.0]])),
        ("a single row, shape (1, 4)", np.array([[0.5, -1.0, 2.0, 0.0]])),
    ]
    for case, scores in cases:
        try:
            with np.errstate(all="ignore"):
                result = call(softmax_rows, scores.copy(), name="softmax_rows")
        except Incorrect as error:
            if "broadcast" not in str(error):
                raise
            raise Incorrect(f"{error} For scores of shape {scores.shape}, a `max` or `sum` over `axis=1` has shape "
                            f"{scores.shape[:1]}, which does not line up with the rows: add `keepdims=True` to "
                            "keep it as a column, one number per row.") from error
        got = as_array(result, "the result of softmax_rows").astype(np.float64)
        expect_shape(got, scores.shape, "the result of softmax_rows", "One probability per score: the same shape.")
        expected = np.exp(scores - scores.max(axis=1, keepdims=True))
        expected /= expected.sum(axis=1, keepdims=True)
        if np.allclose(got, expected, atol=1e-9):
            continue
        with np.errstate(all="ignore"):
            global_max = np.exp(scores - scores.max())
            global_max /= global_max.sum(axis=1, keepdims=True)
        if not np.all(np.isfinite(got)) and np.array_equal(np.isfinite(got), np.isfinite(global_max)):
            advice = ("you subtracted the largest score of the whole array: in the row of -1000s every "
                      "exponent is then about exp(-2001) = 0, and 0 / 0 is `nan`. Subtract each row's own "
                      "largest score: `scores.max(axis=1, keepdims=True)`.")
        elif not np.all(np.isfinite(got)):
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
    return ("every row adds up to 1, even for scores of ±1000, where a naive `np.exp` overflows. Subtracting "
            "the row's maximum changes nothing mathematically (the factor cancels) and everything numerically.")


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
        "result (the factor cancels): which number makes the largest exponent exactly 0? Work along `axis=1`, "
        "with `keepdims=True` so the division broadcasts row by row.",
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
    even = [0.25, 0.21] + [0.0675] * 8   # a row whose lowest probability is far from 0
    probabilities = np.vstack([rng.dirichlet(np.full(10, 0.3), size=200), even])
    cases = [(0.2, "margin 0.2"), (0.5, "margin 0.5"), (0.0, "margin 0 (always answer)")]
    gaps = margin(probabilities)   # none lies exactly on a threshold, where ">" and ">=" would both be fair
    for min_margin, case in cases:
        result = call(answer_or_unsure, probabilities.copy(), min_margin, name="answer_or_unsure")
        got = as_array(result, "the result of answer_or_unsure")
        expect_shape(got, (len(probabilities),), "the result of answer_or_unsure",
                     "One answer per image: a class index, or -1.")
        expected = predict_or_unsure(probabilities, min_margin)
        if np.array_equal(got, expected):
            continue
        best = probabilities.argmax(axis=1)
        ranked = np.sort(probabilities, axis=1)
        if np.array_equal(got, np.where(ranked[:, -1] - ranked[:, 0] >= min_margin, best, UNSURE)):
            advice = ("you subtracted the *lowest* probability (column 0 of the sorted row). The margin is the "
                      "highest minus the second highest: the last two columns, `[:, -1]` and `[:, -2]`.")
        elif np.array_equal(got, np.where(ranked[:, -1] >= min_margin, best, UNSURE)):
            advice = ("you compared the highest probability with the threshold. The margin is the highest "
                      "probability *minus the second highest*: sort each row (`np.sort(..., axis=1)`) and subtract.")
        elif np.array_equal(got, np.where(gaps < min_margin, best, UNSURE)):
            advice = "it is the other way round: answer when the margin is large, say -1 when it is small."
        elif np.array_equal(got != UNSURE, expected != UNSURE):
            advice = "you abstain on the right images, but some answers are not the most probable class (`argmax`)."
        elif np.array_equal(got == best, expected == best):
            advice = f"the right images are answered, but the \"not sure\" answer must be {UNSURE}."
        else:
            advice = "answer `argmax` where the top two differ by at least `min_margin`, else -1."
        first = int(np.flatnonzero(got != expected)[0])
        raise Incorrect(f"wrong with {case}: for image {first}, whose two highest probabilities are "
                        f"{fmt(np.sort(probabilities[first])[-1], 3)} and {fmt(np.sort(probabilities[first])[-2], 3)}, "
                        f"the answer is {expected[first]}; yours is {fmt(got[first])}. Hint: {advice}")
    return (f"with a margin of 0.2 your rule abstains on {np.mean(gaps < 0.2):.0%} of the check's {len(gaps)} "
            "made-up rows: the rule of section 8. The higher the margin, the fewer and the surer the answers.")


q4 = Exercise(
    "05", 4, "Answer, or say \"I am not sure\"",
    statement="""
Write the rule of section 8 yourself. `answer_or_unsure(probabilities, min_margin)` takes the
probabilities, shape `(n, 10)`, and returns `n` answers: the most probable class, or `-1` ("I am
not sure") where the highest probability is less than `min_margin` ahead of the second highest.
""",
    starter="""
def answer_or_unsure(probabilities, min_margin):
    \"\"\"(n, k) probabilities -> (n,) answers: the most probable class, or -1.\"\"\"
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
    \"\"\"(n, k) probabilities -> (n,) answers: the most probable class, or -1.\"\"\"
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
         "Pullover, coat and shirt share one outline (their average images are the closest pairs), and a "
         "collar or buttons are a handful of pixels; the confusion matrix shows the upper-body garments taken "
         "for one another."),
        ("What does a softmax output layer give, and how is the prediction read from it?",
         "Ten positive numbers that add up to 1, read as probabilities; the prediction is the most probable class."),
        ("When do you use sparse categorical cross-entropy instead of categorical cross-entropy?",
         "When the labels are integers (0 to 9), not one-hot vectors: same number, no one-hot vectors built."),
        ("Why did section 4 measure training accuracy itself instead of reading Keras's log?",
         "The log is a running mean over the epoch's batches, taken while the weights changed; validation "
         "accuracy is measured after the epoch. Measured the same way, training accuracy was above validation "
         "from epoch 2 on, in every seed."),
        ("Section 5 trained on a small set for 30 epochs instead of 10. What got worse, and what did not?",
         "The validation loss climbed back and the networks grew more confident on the images they got wrong; "
         "validation accuracy did not fall on average. Too many epochs first showed as overconfidence, which "
         "the loss sees and accuracy does not."),
        ("What is the margin between the top two probabilities for, and what does a higher threshold trade?",
         "A small margin means the network is torn between two classes, so it can say \"I am not sure\". A "
         "higher threshold abstains more often, and the answers it still gives are more often right."),
        ("Why did the starter model of the challenge get most of its answers wrong?",
         "Its outputs were not probabilities, yet the loss expects them, so what it minimised did not measure "
         "wrongness; and it read pixels up to 255, so its outputs ran into the hundreds. Exercise 1 fixes "
         "both; exercise 2 measures each fix alone."),
        ("Section 6 compared learning rates. Why three seeds each, and why a second control, a constant 0.003?",
         "A seed alone moved a score by up to half a point, as much as some differences we compare, so one run "
         "each could show a gain that is only luck. The constant 0.003 starts as large as the schedule but never shrinks: it tells "
         "whether the schedule wins by starting larger or by shrinking."),
    ],
    further_research=[
        "Read how Fashion-MNIST was made, and why its authors wanted to replace MNIST (Xiao et al., 2017).",
        "Calibration: when a network says 90%, is it right 90% of the time? Look up reliability diagrams, and "
        "draw one for section 5's networks at epochs 10 and 30.",
    ],
)
