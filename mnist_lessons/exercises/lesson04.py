"""Lesson 04's exercises: q1 and q2 prepare a colleague's digits (shape, scale, one-hot labels),
q3 predicts, then runs, a dense network on shuffled pixels, q4 reads the overfitting curves."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, as_array, as_number, expect_shape, fmt

INTRO = """
## Your turn: exercises

Fill in each code cell (replace every `...`), run it, then run its check. `q1.hint()` gives a
hint, `q1.hint(2)` and `q1.hint(3)` stronger ones, and `q1.solution()` a solution, only when you ask.
"""

BATCH_SIZE = 500


def colleague_batch() -> tuple[np.ndarray, np.ndarray]:
    """500 more handwritten digits from a colleague, stored the way many image data sets are.

    Returns ``(images, labels)``: uint8 ``(500, 28, 28, 1)`` pixels 0..255 (with a channel axis)
    and uint8 ``(500,)`` digits, none a 9, from the validation images (the last 10,000).
    """
    from mnist_lessons.data import load_mnist

    (x_train, y_train), _ = load_mnist()
    chosen = 50_000 + np.flatnonzero(y_train[50_000:] != 9)[:BATCH_SIZE]   # the colleague wrote no 9s
    return x_train[chosen][..., None].copy(), y_train[chosen].copy()


# ---------------------------------------------------------------------------------------------
# q1: images ready for the network


def _grade_images(new_images_ready) -> str:
    images, _ = colleague_batch()
    expected = images.reshape(BATCH_SIZE, 784).astype(np.float32) / 255
    answer = as_array(new_images_ready, "new_images_ready")
    shape = answer.shape
    if shape == (BATCH_SIZE, 28, 28):
        raise Incorrect("(500, 28, 28): the channel axis is gone, but each image is still 28 rows of 28 pixels. "
                        "Lay each image out as one row of 784 values: `reshape(500, 784)`.")
    if shape != (BATCH_SIZE, 784):
        raise Incorrect(f"`new_images_ready` has shape {shape}; the network expects (500, 784): one row of 784 "
                        "pixel values per image, `reshape(len(new_images), 784)`.")
    if not np.issubdtype(answer.dtype, np.floating) and answer.max() <= 1:
        raise Incorrect(f"whole numbers ({answer.dtype}) from {answer.min()} to {answer.max()}: integer division "
                        "(`//`) rounds every pixel down to 0 or 1. Divide with `/` (or use `scale_pixels`).")
    if answer.max() > 1.0 + 1e-6:
        raise Incorrect(f"the values run from {fmt(answer.min())} to {fmt(answer.max())}: not scaled. The network "
                        "was trained on pixels from 0 to 1; divide by 255 (or use `scale_pixels`).")
    if 0 < answer.max() <= 1 / 255 + 1e-6:
        raise Incorrect(f"the largest value is {fmt(answer.max())}: the pixels were divided by 255 twice. Scale the "
                        "original images once.")
    if not np.allclose(answer, expected, atol=1e-6):
        if np.allclose(np.sort(answer, axis=1), np.sort(expected, axis=1), atol=1e-6):
            raise Incorrect("each row holds the right pixel values, but in another order: the picture is "
                            "scrambled (a transpose before the reshape?). Reshape the images directly.")
        raise Incorrect("right shape and range, but not the colleague's pixels, image for image. Start from "
                        "`new_images` as `colleague_batch()` returned it.")
    return ("(500, 784), floats from 0 to 1: the layout of `x_test_scaled`, so `best_model.predict(new_images_ready)` "
            "now works. The channel axis had only one entry, so dropping it lost nothing.")


q1 = Exercise(
    "04", 1, "Fix the shape of new images",
    statement="""
A colleague sends 500 more digits, `new_images, new_labels = colleague_batch()`. The images come
with a **channel axis**, shape `(500, 28, 28, 1)`, as many image data sets store them; our
networks expect `(500, 784)` float pixels from 0 to 1. Set `new_images_ready` to the images,
ready for `best_model.predict`.
""",
    starter="""
from mnist_lessons.exercises.lesson04 import colleague_batch

new_images, new_labels = colleague_batch()
print("images:", new_images.shape, new_images.dtype,
      "  labels:", new_labels.shape, new_labels.dtype)

new_images_ready = ...   # shape (500, 784), floats from 0 to 1
""",
    reads=["new_images_ready"],
    grader=_grade_images,
    hints=[
        "Two changes, as in sections 5 and 8: the shape (one row per image) and the values (0 to 1). "
        "The channel axis disappears in the reshape: 28 x 28 x 1 = 784.",
        "`reshape` with the number of images first keeps one row per image; `scale_pixels` (or dividing by 255 "
        "with `/`, not `//`) scales the values.",
        "A skeleton: `new_images_ready = scale_pixels(new_images.reshape(..., ...))`.",
    ],
    solution="""
new_images_ready = scale_pixels(new_images.reshape(len(new_images), 784))   # float32 0..1
print(new_images_ready.shape, new_images_ready.dtype)
""",
)


# ---------------------------------------------------------------------------------------------
# q2: one-hot labels


def _grade_labels(new_labels_onehot) -> str:
    _, labels = colleague_batch()
    answer = as_array(new_labels_onehot, "new_labels_onehot")
    if answer.shape == (BATCH_SIZE, 9):
        raise Incorrect(f"shape (500, 9): one column short. Without `num_classes`, `to_categorical` counts the "
                        f"classes from the largest label it sees, and this batch happens to have no 9 (its "
                        f"largest label is {labels.max()}). The network has 10 outputs, so `fit` or `evaluate` "
                        "would fail with a shape error. Pass `num_classes=10`.")
    if answer.shape in ((BATCH_SIZE,), (BATCH_SIZE, 1)):
        raise Incorrect(f"shape {answer.shape}: still one number per image. Categorical cross-entropy compares "
                        "each label with the 10 outputs position by position, so each label must become a row of "
                        "10 (one-hot): `keras.utils.to_categorical`.")
    expect_shape(answer, (BATCH_SIZE, 10), "new_labels_onehot", "One row of 10 per label.")
    expected = np.eye(10)[labels]
    if not np.array_equal(answer, expected):
        wrong = int(np.flatnonzero(np.any(answer != expected, axis=1))[0])
        raise Incorrect(f"row {wrong} is {fmt(answer[wrong])}, but the label there is {labels[wrong]}: its row "
                        f"should be all 0 except a 1 at position {labels[wrong]}.")
    return ("(500, 10), one 1 per row at the label's position. This batch has no 9, so `to_categorical` "
            "without `num_classes=10` would have made rows of 9: say how many classes, and print the shape.")


q2 = Exercise(
    "04", 2, "One-hot labels for the new digits",
    statement="""
The colleague's labels are digits, shape `(500,)`; the network's loss, categorical
cross-entropy, wants them one-hot, shape `(500, 10)`. Set `new_labels_onehot`. Print its shape
before you trust it.
""",
    starter="""
new_labels_onehot = ...   # shape (500, 10): one row of ten per label, with a single 1
""",
    reads=["new_labels_onehot"],
    grader=_grade_labels,
    hints=[
        "Section 5 one-hot encoded `y_train` with `keras.utils.to_categorical`. Print the shape of your result: "
        "is it the one the network needs?",
        "How does `to_categorical` know how many classes there are? Compare `new_labels.max()` with the "
        "network's number of outputs.",
        "A skeleton: `keras.utils.to_categorical(new_labels, num_classes=...)`, a number set by the network.",
    ],
    solution="""
new_labels_onehot = keras.utils.to_categorical(new_labels, num_classes=10)
print(new_labels_onehot.shape)                                 # (500, 10)
print(keras.utils.to_categorical(new_labels).shape)            # no 9 here: (500, 9)
""",
)


# ---------------------------------------------------------------------------------------------
# q3: predict, then run: a dense layer on shuffled pixels

NOISE = 0.002
"""Validation accuracies closer than this (0.2 points on 10,000 images) are within the noise between seeds."""

SHUFFLE_STARTER = """
prediction = ...   # "about the same" or "much lower": decide BEFORE you run the loop

order = np.random.default_rng(0).permutation(784)   # one fixed shuffle of the pixels
original, shuffled = [], []                  # validation accuracies, one per seed
for seed in seeds:
    ...   # build_model(32, seed=seed), 1 epoch on x_fit[:10000] -> original
    ...   # the same on pixels put in `order` (fit AND validation images) -> shuffled
"""


def _prediction(prediction) -> str:
    """``"same"`` or ``"lower"`` from the student's words."""
    if not isinstance(prediction, str):
        raise Incorrect(f"`prediction` should be words in quotes, \"about the same\" or \"much lower\"; it is a "
                        f"{type(prediction).__name__}, {prediction!r:.40}.")
    words = prediction.lower()
    same = any(word in words for word in ("same", "similar", "equal", "no change", "unchanged"))
    lower = any(word in words for word in ("lower", "worse", "drop", "less", "fall"))
    if same == lower or "n't" in words or {"not", "hardly", "barely"} & set(words.split()):
        raise Incorrect(f"`prediction` is {prediction!r}: write \"about the same\" or \"much lower\", the two "
                        "outcomes to choose between (without a negation, which this check cannot read).")
    return "same" if same else "lower"


def _runs(value, name: str) -> np.ndarray:
    runs = as_array(value, name).astype(float).ravel()
    if runs.size == 0:
        raise Incorrect(f"`{name}` is empty: append each network's `evaluate(...)[1]` to it in the loop.")
    if np.isnan(runs).any() or runs.min() < 0 or runs.max() > 1:
        raise Incorrect(f"`{name}` holds {fmt(runs)}; store the fractions from 0 to 1 that `evaluate` returns "
                        "(0.93, not 93: no percentages).")
    if runs.size < 3:
        raise Incorrect(f"`{name}` holds {runs.size} run{'s' if runs.size > 1 else ''}: one seed can be lucky. Train "
                        "one network per seed of `seeds` (three), as the lesson's comparisons do.")
    return runs


def _grade_shuffle(prediction, original, shuffled) -> str:
    predicted = _prediction(prediction)
    original, shuffled = _runs(original, "original"), _runs(shuffled, "shuffled")
    if original.size != shuffled.size:
        raise Incorrect(f"`original` holds {original.size} runs and `shuffled` {shuffled.size}: train one network "
                        "of each kind per seed, so each shuffled run has its control.")
    if np.array_equal(original, shuffled):
        raise Incorrect("`original` and `shuffled` are identical, digit for digit. With the same seed and the same "
                        "pixels two runs are identical, so the shuffled networks saw the original pixels: index "
                        "the images with `order`, `x_fit[:10000][:, order]` (and `x_val[:, order]`).")
    noise = max(NOISE, float(np.ptp(original)), float(np.ptp(shuffled)))
    gap = float(original.mean() - shuffled.mean())
    if abs(gap) > max(0.05, 3 * noise):
        raise Incorrect(f"the shuffled networks score {shuffled.mean():.1%} on average against {original.mean():.1%}."
                        " Were they measured on validation images shuffled like their training images, "
                        "`x_val[:, order]` (the same `order` for both), and does each list get its own runs?")
    said = ("As you predicted." if predicted == "same" else
            "Not what you predicted, and that is the point of predicting first: the run corrects the intuition.")
    return (f"original pixels {original.mean():.1%}, shuffled {shuffled.mean():.1%} (means of {original.size} seeds; "
            f"difference {100 * abs(gap):.1f} points, spread between seeds up to {100 * noise:.1f}): about the same. "
            f"{said} A dense layer gives every pixel its own weights and never uses where a pixel sits: shuffled "
            "the same way in every image, the pixels are noise to your eyes and the same digits to the network. "
            "A convolutional network, which looks at neighbouring pixels together, is not indifferent.")


q3 = Exercise(
    "04", 3, "Predict, then run: shuffled pixels",
    statement="""
Shuffle the 784 pixels of every image into one fixed random `order`: each picture becomes noise
to your eyes. **Predict first**, in `prediction`: trained and measured on shuffled pixels, will
`build_model(32)` score "about the same" on validation as on the original pixels, or "much lower"?
Then run both, one epoch on `x_fit[:10000]` per seed of `seeds`, and store the validation
accuracies in `original` and `shuffled`. The check compares your prediction with your runs.
""",
    starter=SHUFFLE_STARTER,
    reads=["prediction", "original", "shuffled"],
    grader=_grade_shuffle,
    hints=[
        "Shuffling is indexing: `images[:, order]` puts the pixels of every row in the same new order. The "
        "validation images need the same `order`, or the network meets pixels in places it never trained on.",
        "Per seed, two networks that differ only in the data: the control on `x_fit[:10000]` and `x_val`, the "
        "other on the same images shuffled. `network.evaluate(images, labels, verbose=0)[1]` is the accuracy.",
        "A skeleton:\n\n```python\nfor seed in seeds:\n    for train_images, val_images, results in "
        "((x_fit[:10000], x_val, original), (..., ..., shuffled)):\n        network = build_model(32, seed=seed)\n"
        "        network.fit(train_images, ..., epochs=1, batch_size=128, verbose=0)\n"
        "        results.append(...)\n```",
    ],
    solution="""
prediction = "about the same"   # written down before running

order = np.random.default_rng(0).permutation(784)
original, shuffled = [], []
for seed in seeds:
    for train_images, val_images, results in ((x_fit[:10000], x_val, original),
                                              (x_fit[:10000][:, order], x_val[:, order], shuffled)):
        network = build_model(32, seed=seed)
        network.fit(train_images, y_fit[:10000], epochs=1, batch_size=128, verbose=0)
        results.append(network.evaluate(val_images, y_val, verbose=0)[1])
print("original:", [f"{a:.1%}" for a in original], "  shuffled:", [f"{a:.1%}" for a in shuffled])
""",
    explanation="""
The first layer computes `dot(w, x)`: a sum over the pixels, each with its own weight. Reordering
the pixels reorders the terms of the sum, and training finds the weights in the new order as well.
""",
)


# ---------------------------------------------------------------------------------------------
# q4: reading the overfitting curves: the epoch with the lowest validation loss


def _grade_best_epoch(small_history, best_epoch, points_lost) -> str:
    logs = getattr(small_history, "history", small_history)
    if not isinstance(logs, Mapping) or "val_loss" not in logs:
        raise Incorrect("`small_history` should be what section 10's `fit` returned; re-run section 10 first.")
    val_loss, val_accuracy = np.asarray(logs["val_loss"], float), np.asarray(logs["val_accuracy"], float)
    right = int(np.argmin(val_loss)) + 1
    epoch = as_number(best_epoch, "best_epoch")
    if epoch != right:
        if epoch == right - 1:
            raise Incorrect(f"{epoch:.0f} is one too few: `np.argmin` counts from 0, while Keras's log and this "
                            "question count epochs from 1. Add 1.")
        if epoch == int(np.argmin(logs["loss"])) + 1:
            raise Incorrect(f"epoch {epoch:.0f} has the lowest *training* loss, which keeps falling as the network "
                            "memorises its 1000 digits. The question is about new digits: `val_loss`.")
        if epoch == int(np.argmax(val_accuracy)) + 1:
            raise Incorrect(f"epoch {epoch:.0f} has the highest validation *accuracy*; the question asks for the "
                            "lowest validation *loss* (`val_loss`).")
        raise Incorrect(f"epoch {epoch:.0f} is not the one with the lowest `val_loss`. Find its position with "
                        "`np.argmin`, and count from 1.")
    truth = 100 * (val_accuracy[right - 1] - val_accuracy[-1])
    lost = as_number(points_lost, "points_lost")
    if abs(100 * lost - truth) <= 0.051 < abs(truth) - 0.05:
        raise Incorrect(f"{fmt(lost)} is a fraction; the question asks for points: multiply by 100.")
    if abs(lost + truth) <= 0.051 < abs(truth) - 0.05:
        raise Incorrect(f"{fmt(lost)} has the wrong sign: epoch {right}'s validation accuracy *minus* the last's.")
    if abs(lost - truth) > 0.051:
        raise Incorrect(f"you have {fmt(lost)} points; epoch {right}'s validation accuracy minus epoch "
                        f"{len(val_loss)}'s is {truth:.2f}. Read both from `small_history.history['val_accuracy']`.")
    if right == len(val_loss):
        return (f"the last epoch, {right}, has the lowest validation loss, so `points_lost` is 0: in this run "
                "(one seed) more epochs never made the validation loss worse.")
    rise = val_loss[-1] - val_loss[right - 1]
    return (f"epoch {right} has the lowest validation loss. By epoch {len(val_loss)} the loss has risen by "
            f"{rise:.3f}, while validation accuracy went from {100 * val_accuracy[right - 1]:.1f}% to "
            f"{100 * val_accuracy[-1]:.1f}% ({-truth:+.1f} points). The loss also punishes "
            "over-confidence on the digits the network gets wrong, so it can worsen while the count of right "
            "answers barely moves: say which of the two a claim like \"more epochs made it worse\" is about. "
            "This is one run with one seed.")


q4 = Exercise(
    "04", 4, "When did more epochs stop helping?",
    statement="""
Section 10's network trained for 20 epochs on 1000 digits. From `small_history.history`, set
`best_epoch` to the epoch (counting from 1, as Keras's log does) with the lowest validation loss,
and `points_lost` to its validation accuracy minus the validation accuracy after the last epoch,
in points (negative if the last epoch is better; the check accepts it to within 0.05 points).
Does accuracy follow the loss?
""",
    starter="""
best_epoch = ...    # the epoch, counted from 1, with the lowest validation loss
points_lost = ...   # best_epoch's validation accuracy minus the last one's, in points
""",
    reads=["small_history", "best_epoch", "points_lost"],
    grader=_grade_best_epoch,
    hints=[
        "`small_history.history` is a dict of lists, one value per epoch: you need `'val_loss'` and `'val_accuracy'`.",
        "`np.argmin` gives the position of the smallest value, counting from 0; epochs count from 1. A list's last "
        "value is `[-1]`.",
        "A skeleton:\n\n```python\nlogs = small_history.history\nbest_epoch = int(np.argmin(...)) + 1\n"
        "points_lost = 100 * (logs['val_accuracy'][...] - logs['val_accuracy'][...])\n```",
    ],
    solution="""
logs = small_history.history
best_epoch = int(np.argmin(logs["val_loss"])) + 1
points_lost = 100 * (logs["val_accuracy"][best_epoch - 1] - logs["val_accuracy"][-1])
print(f"lowest validation loss: epoch {best_epoch}; accuracy lost since: {points_lost:+.2f} points")
""",
)


questionnaire = Questionnaire(
    "04",
    [
        ("In what sense is a trained model \"a function\"? What goes in and comes out for MNIST?",
         "It maps inputs to outputs: 784 pixel values in, 10 numbers out (one probability per digit). Training "
         "does not change what it is made of, only the values of its knobs."),
        ("What does a dense layer with ReLU compute?",
         "`relu(dot(w, x) + b)`: every neuron takes the weighted sum of its inputs, adds its bias, and ReLU turns "
         "negative results into 0."),
        ("What are the two classic shape errors of this lesson, and how are they fixed?",
         "Images of shape (n, 28, 28) given to a layer that expects vectors of 784: reshape to (n, 784) (or put a "
         "Flatten layer in the model). Integer labels of shape (n,) where the loss expects (n, 10): one-hot "
         "encode them with `to_categorical`, or use `sparse_categorical_crossentropy`."),
        ("How many updates does one epoch over 60000 images make with batch 10, and with batch 128? Is more "
         "updates always better?",
         "6000 and 469 (the last batch is smaller). Not automatically: over the same images, batch 10's many "
         "updates learned more than batch 128's (section 9), but with as many updates as batch 128, batch 10 "
         "learned far less. That experiment cannot say why: each update averaged fewer images, and in all it saw "
         "fewer images. Change one knob at a time, keep a control, repeat with a few seeds."),
        ("Why does scaling the pixels from 0..255 to 0..1 help so much?",
         "With values up to 255 the weighted sums are large: the untrained network answers most images with a "
         "probability above 0.99 (section 3), mostly wrongly, so its loss starts huge and one update leaves it "
         "huge (section 7). Scaled inputs keep the sums small and the loss drops from the first update; the "
         "data's shape does not change."),
        ("Why do we need a validation set in addition to the test set?",
         "Every choice (epochs, layer size, learning rate) made by looking at a score tunes the model to that "
         "data. Choosing on validation data keeps the test set untouched, so its score stays an honest estimate."),
        ("What is overfitting, and how do you see it?",
         "The model learns its training examples (quirks and all) instead of what generalises. Training accuracy "
         "keeps rising while validation accuracy stalls or falls, and the gap between them grows."),
        ("Why can Keras's log show a training accuracy *below* the validation accuracy after the first epoch?",
         "The log's training accuracy is a running mean over the epoch, while the weights were still changing; "
         "validation accuracy is measured at the end of the epoch. To compare the two, measure training accuracy "
         "the same way: `evaluate` on the training images after training."),
    ],
    further_research=[
        "Convolutional networks look at small patches of the image instead of single pixels. Read about LeCun's "
        "LeNet-5 (1998) and find out what accuracy it reached on MNIST.",
        "Keras's log shows a training accuracy averaged over the epoch. Write a callback that measures it on the "
        "training images at the end of each epoch instead.",
    ],
)
