"""Lesson 04's exercises: shapes, a hidden-layer sweep chosen on validation data, and counting knobs.

- ``q1``: make a colleague's images, shaped ``(500, 28, 28, 1)``, ready for the network;
- ``q2``: one-hot encode their labels (a trap waits in ``to_categorical``);
- ``q3``: add 784 to the hidden-size sweep of section 12 (three seeds each), and choose the size on
  validation data;
- ``q4``: count the parameters of the 784-neuron network by hand;
- ``questionnaire``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, as_array, as_number, fmt

INTRO = """
## Your turn: exercises

Four exercises on what this lesson made you do by hand: fixing shapes, choosing a layer size
fairly, and counting knobs. Fill in each code cell (replace every `...`), run it, then run its
check. `q1.hint()` gives a hint (`q1.hint(2)` a stronger one) and `q1.solution()` a solution,
only when you ask.
"""

BATCH_SIZE = 500


def colleague_batch() -> tuple[np.ndarray, np.ndarray]:
    """500 more handwritten digits from a colleague, stored the way many image data sets are.

    Returns:
        ``(images, labels)``: ``images`` uint8 ``(500, 28, 28, 1)`` (with a channel axis), pixels
        0..255; ``labels`` uint8 ``(500,)``, digits 0..9. They come from MNIST's training images
        kept aside for validation (the last 10,000), so they are new to a network trained on the
        first 50,000.
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
    if shape == images.shape:
        raise Incorrect(f"`new_images_ready` still has the colleague's shape {shape}. The network's first layer "
                        "expects one row of 784 pixel values per image: (500, 784).")
    if shape == (BATCH_SIZE, 28, 28):
        raise Incorrect("(500, 28, 28): the channel axis is gone, but each image is still 28 rows of 28 pixels. "
                        "Lay each image out as one row of 784 values: `reshape(500, 784)`.")
    if shape == (BATCH_SIZE * 784,):
        raise Incorrect("(392000,): all 500 images flattened into one long row. Keep one row per image: "
                        "`reshape(len(new_images), 784)` (or `reshape(len(new_images), -1)`).")
    if shape == (784, BATCH_SIZE):
        raise Incorrect("(784, 500): one column per image instead of one row. The first axis must count the "
                        "images: reshape to (500, 784) directly, without transposing.")
    if shape != (BATCH_SIZE, 784):
        raise Incorrect(f"`new_images_ready` has shape {shape}; the network expects (500, 784): one row of 784 "
                        "pixel values per image.")
    if not np.issubdtype(answer.dtype, np.floating):
        if answer.max() <= 1:
            raise Incorrect(f"the values are {answer.dtype} from {answer.min()} to {answer.max()}: whole numbers. "
                            "Integer division (`//`) rounds every pixel down to 0 or 1; divide with `/` "
                            "(or use `scale_pixels`).")
        raise Incorrect(f"the values are whole numbers ({answer.dtype}) from {answer.min()} to {answer.max()}: the "
                        "pixels are not scaled. Scale them to floats from 0 to 1, as section 7 did.")
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
    note = "" if answer.dtype == np.float32 else (f" (Your values are {answer.dtype}; float32, as `scale_pixels` "
                                                  "gives, is half the memory and what Keras computes in.)")
    return ("(500, 784), floats from 0 to 1: the layout of `x_test_scaled`, so `best_model.predict(new_images_ready)` "
            "now works. The channel axis had only one entry, so dropping it lost nothing." + note)


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
print("images:", new_images.shape, new_images.dtype, "  labels:", new_labels.shape, new_labels.dtype)

new_images_ready = ...   # shape (500, 784), floats from 0 to 1
""",
    reads=["new_images_ready"],
    grader=_grade_images,
    hints=[
        "Two changes, as in sections 5 and 7: the shape (one row per image) and the values (0 to 1). "
        "The channel axis disappears in the reshape: 28 x 28 x 1 = 784.",
        "`scale_pixels(new_images.reshape(len(new_images), 784))`.",
    ],
    solution="""
new_images_ready = scale_pixels(new_images.reshape(len(new_images), 784))   # (500, 784), float32 0..1
print(new_images_ready.shape, new_images_ready.dtype, new_images_ready.min(), "to", new_images_ready.max())
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
    if answer.shape != (BATCH_SIZE, 10):
        raise Incorrect(f"`new_labels_onehot` has shape {answer.shape}; expected (500, 10): one row of 10 per label.")
    expected = np.eye(10)[labels]
    if not np.array_equal(answer, expected):
        wrong = int(np.flatnonzero(np.any(answer != expected, axis=1))[0])
        raise Incorrect(f"row {wrong} is {fmt(answer[wrong])}, but the label there is {labels[wrong]}: its row "
                        f"should be all 0 except a 1 at position {labels[wrong]}.")
    return ("(500, 10), one 1 per row at the label's position. Lesson learnt: this batch has no 9, so "
            "`to_categorical` without `num_classes=10` would have made rows of 9. Always say how many classes "
            "there are, and print the shape.")


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
        "`keras.utils.to_categorical(new_labels, num_classes=10)`: the number of classes must come from the "
        "network (10 outputs), not from the labels in this batch.",
    ],
    solution="""
new_labels_onehot = keras.utils.to_categorical(new_labels, num_classes=10)
print(new_labels_onehot.shape)                                    # (500, 10)
print("without num_classes:", keras.utils.to_categorical(new_labels).shape)   # this batch has no 9
""",
)


# ---------------------------------------------------------------------------------------------
# q3: 784 added to the hidden-size sweep, chosen on validation data

NOISE = 0.002
"""Validation accuracies closer than this (0.2 points on 10,000 images) are within the noise between seeds,
even when the seeds of the sweep happened to agree more closely."""


def _accuracies(entry, size) -> tuple[np.ndarray, float | None]:
    """``(validation accuracies, seconds)`` from one entry of the sweep, ``(accuracies, seconds)`` as section 12
    stores it: one validation accuracy per seed."""
    if not isinstance(entry, (tuple, list)) or len(entry) != 2:
        raise Incorrect(f"the entry for size {size} is {entry!r:.60}; store `(validation accuracies, seconds)` as "
                        "section 12 does: a list of one validation accuracy per seed, then the fastest time.")
    accuracies = as_array(entry[0], f"the validation accuracies stored for size {size}").astype(float).ravel()
    if accuracies.size < 2:
        raise Incorrect(f"for size {size} the sweep holds a single validation accuracy ({fmt(accuracies)}). Section 12 "
                        "trained every size once per seed (`for seed in seeds:`): one run could be lucky. Store the "
                        "list of all the runs' validation accuracies.")
    if np.isnan(accuracies).any() or accuracies.min() < 0 or accuracies.max() > 1:
        raise Incorrect(f"for size {size} the sweep holds {fmt(accuracies)}; accuracies are fractions between 0 and 1.")
    seconds = as_number(entry[1], f"the seconds stored for size {size}")
    return accuracies, seconds


def _grade_sweep(sweep, chosen_hidden_size) -> str:
    if not isinstance(sweep, Mapping) or not sweep:
        raise Incorrect("`sweep` should be section 12's dict, `{hidden size: (validation accuracies, seconds)}`; "
                        f"it is {type(sweep).__name__} {sweep!r:.60}. Re-run section 12 first.")
    accuracies, seconds = {}, {}
    for size, entry in sweep.items():
        size = int(as_number(size, "a hidden size in the sweep"))
        accuracies[size], seconds[size] = _accuracies(entry, size)
    if 784 not in accuracies:
        raise Incorrect(f"the sweep holds the sizes {sorted(accuracies)}; 784 is missing. Train networks with 784 "
                        "hidden neurons as section 12 trained the others, and store their results in `sweep[784]`.")
    chosen = int(as_number(chosen_hidden_size, "chosen_hidden_size"))
    if chosen not in accuracies:
        raise Incorrect(f"you chose {chosen}, which is not one of the sizes in the sweep ({sorted(accuracies)}).")
    mean = {size: float(values.mean()) for size, values in accuracies.items()}
    spread = {size: float(np.ptp(values)) for size, values in accuracies.items()}
    best = max(mean, key=mean.get)
    tolerance = max(NOISE, spread[best], spread[chosen])
    if mean[chosen] < mean[best] - tolerance:
        fastest = chosen == min(seconds, key=seconds.get) and len(set(seconds.values())) > 1
        reason = (" It is the fastest, but speed was not the question: choose the most accurate size on the "
                  "validation set" if fastest else " Choose by the validation accuracies")
        raise Incorrect(f"size {chosen} reached {mean[chosen]:.2%} on the validation set on average, size {best} "
                        f"{mean[best]:.2%}.{reason}: the best mean, or a smaller network whose mean is within "
                        f"{100 * tolerance:.2f} points of it (the spread between seeds: closer than that is noise).")
    if best == 784:
        verdict = "the best of the sweep"
    else:
        verdict = f"{100 * (mean[best] - mean[784]):.2f} points below the best ({best} neurons)"
    smaller = ("" if chosen == best else
               f" It is within {100 * tolerance:.2f} points of the best and smaller: a sensible choice.")
    return (f"you chose {chosen} hidden neurons ({mean[chosen]:.2%} on the validation set, mean of "
            f"{accuracies[chosen].size} seeds) from the validation accuracies alone.{smaller} 784 neurons, as many as "
            f"there are pixels, reached {mean[784]:.2%} on average, {verdict}, with a spread of "
            f"{100 * spread[784]:.2f} points between seeds. The test set played no part in the choice.")


q3 = Exercise(
    "04", 3, "Add 784 to the sweep, and choose on validation data",
    statement="""
Add **784** hidden neurons, as many as there are pixels, to the sweep of section 12: train networks
exactly as that section trained the others (`build_model(784, optimizer="adam", seed=seed)` for
each of the `seeds`, one epoch on `x_fit`, measured on `x_val`, timed), and store the list of
validation accuracies and the fastest time in `sweep[784]`. Then set `chosen_hidden_size` to the
size you would choose, from the validation accuracies alone.
""",
    starter="""
...   # train 784-neuron networks as in section 12, then: sweep[784] = (validation accuracies, fastest seconds)

chosen_hidden_size = ...   # your choice among the sizes in `sweep`, from the validation accuracies alone
""",
    reads=["sweep", "chosen_hidden_size"],
    grader=_grade_sweep,
    hints=[
        "Copy the body of section 12's loop with `size = 784`. Then compare the mean validation accuracy of "
        "every entry of `sweep` (`np.mean(sweep[size][0])`), and look at the spreads between seeds.",
        "`chosen_hidden_size = max(sweep, key=lambda size: np.mean(sweep[size][0]))`, or a smaller size whose mean "
        "is closer to that one than the spread between seeds.",
    ],
    solution="""
accuracies, times = [], []
for seed in seeds:
    network = build_model(784, optimizer="adam", seed=seed)
    start = time.perf_counter()
    network.fit(x_fit, y_fit, epochs=1, batch_size=128, verbose=0)
    times.append(time.perf_counter() - start)
    accuracies.append(network.evaluate(x_val, y_val, verbose=0)[1])
sweep[784] = (accuracies, min(times))

for size, (accuracies, seconds) in sorted(sweep.items()):
    print(f"{size:>3} hidden: validation mean {np.mean(accuracies):.2%}, spread {100 * np.ptp(accuracies):.2f} points, "
          f"{seconds:.2f} s")
chosen_hidden_size = max(sweep, key=lambda size: np.mean(sweep[size][0]))    # by validation accuracy only
print("chosen:", chosen_hidden_size)
""",
    explanation="""
The test set stays closed: a choice made with test accuracies would tune the network to the test
set. If two sizes are closer on validation data than the spread between seeds, the data cannot
tell them apart, and the smaller, faster one is at least as good a choice.
""",
)


# ---------------------------------------------------------------------------------------------
# q4: counting the knobs of the 784-neuron network


def _grade_params(params_784) -> str:
    value = as_number(params_784, "params_784")
    hidden, output = 784 * 784 + 784, 784 * 10 + 10
    if value == hidden + output:
        return (f"{hidden + output:,} knobs: {hidden:,} in the hidden layer (784 weights and a bias for each of 784 "
                f"neurons) and {output:,} in the output layer. About {round((hidden + output) / 25450)} times the "
                "25,450 of the 32-neuron network.")
    if value == 784 * 784 + 784 * 10:
        raise Incorrect(f"{value:,.0f} counts the weights only: every neuron also has a bias, 784 in the hidden "
                        "layer and 10 in the output layer.")
    if value == hidden:
        raise Incorrect(f"{value:,.0f} is the hidden layer alone; add the output layer: 10 neurons with 784 weights "
                        "and a bias each.")
    if value == 784 * 784:
        raise Incorrect(f"{value:,.0f} is the hidden layer's weights alone; add its 784 biases and the output layer.")
    raise Incorrect(f"you have {fmt(value)}. Section 2 counted the 32-neuron network: 784 x 32 + 32, then 32 x 10 + 10. "
                    "Do the same with 784 hidden neurons.")


q4 = Exercise(
    "04", 4, "How many knobs?",
    statement="""
How many parameters (weights and biases) does `build_model(784)` have? Compute it from the layer
sizes, as section 2 did for 32 hidden neurons (don't build the model): set `params_784`. Then
compare with `build_model(784).count_params()`.
""",
    starter="""
params_784 = ...   # weights and biases of the 784 -> 784 -> 10 network, computed from the layer sizes
""",
    reads=["params_784"],
    grader=_grade_params,
    hints=[
        "Each neuron has one weight per input plus one bias. The hidden layer has 784 neurons with 784 inputs "
        "each; the output layer 10 neurons with 784 inputs each.",
        "`(784 * 784 + 784) + (784 * 10 + 10)`.",
    ],
    solution="""
params_784 = (784 * 784 + 784) + (784 * 10 + 10)    # hidden layer + output layer
print(params_784, build_model(784).count_params())
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
        ("What do the three choices of `compile` do?",
         "The loss is the feedback signal that training lowers; the optimizer decides how the knobs are updated "
         "from the gradient; the metrics are only reported (for us), they do not steer training."),
        ("List the five steps of the training loop.",
         "Take a batch; forward pass (predictions); compute the loss; backward pass (the gradient of the loss "
         "for every weight); move every weight a small step against its gradient. Repeat."),
        ("How many updates does one epoch over 60000 images make with batch 10, and with batch 128? Is more "
         "updates always better?",
         "6000 and 469. Not automatically: over the same images, batch 10's many small updates learned more than "
         "batch 128's (section 9), but with as many updates as batch 128, batch 10 learned far less. An update "
         "averaged over more images points more reliably downhill. Change one knob at a time, keep a control, and "
         "repeat with a few seeds."),
        ("Why does scaling the pixels from 0..255 to 0..1 help so much?",
         "With values up to 255 the weighted sums are huge, so the first updates throw the weights around and "
         "softmax answers with near-certainty before any learning. Scaled inputs keep the sums small, and "
         "training goes smoothly; the data's shape does not change."),
        ("Why do we need a validation set in addition to the test set?",
         "Every choice (epochs, layer size, learning rate) made by looking at a score tunes the model to that "
         "data. Choosing on validation data keeps the test set untouched, so its score stays an honest estimate."),
        ("What is overfitting, and how do you see it?",
         "The model learns its training examples (quirks and all) instead of what generalises. Training accuracy "
         "keeps rising while validation accuracy stalls or falls, and the gap between them grows."),
    ],
    further_research=[
        "Convolutional networks look at small patches of the image instead of single pixels. Read about LeCun's "
        "LeNet-5 (1998) and find out what accuracy it reached on MNIST.",
        "Dropout and weight decay are two common ways to fight overfitting. What does each one do?",
    ],
)
