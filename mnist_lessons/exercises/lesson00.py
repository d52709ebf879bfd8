"""Lesson 00's exercises: look at the data yourself.

- ``q1``: the 30 training sevens with the least ink (indices into ``x_train``);
- ``q2``: the mean ink of every Fashion-MNIST class;
- ``q3``: predict, then run: the test accuracy of a five-finder that also flags every three;
- ``questionnaire``: seven questions on the lesson.

The checks load the data themselves and compare with your answers; they never trust a variable
of the notebook that you might have changed on the way.
"""

from __future__ import annotations

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, as_array, as_number, expect_shape, fmt

INTRO = """
## Your turn: exercises

Time to look at the data yourself. Each exercise has a code cell to fill in (replace every `...`),
then a cell that checks your answer against the real data: `q1.check()` says **Correct**, or
**Incorrect** with what to look at next, or **Not attempted yet** while the `...` is still there.
Stuck? `q1.hint()`, `q1.hint(2)` and `q1.hint(3)` say more and more; `q1.solution()` shows a
solution, but only when you ask. Your progress is saved on this computer (no account needed).
"""

BRIGHT = 127
"""A pixel counts as ink when it is brighter than this (more white than black), as in the lesson."""


def _ink(images: np.ndarray) -> np.ndarray:
    """``(n, 28, 28)`` uint8 images -> int ``(n,)``: how many pixels of each are brighter than 127."""
    return np.count_nonzero(images > BRIGHT, axis=(1, 2))


# ---------------------------------------------------------------------------------------------
# q1: the sevens with the least ink


def _grade_least_ink_sevens(least_ink_sevens) -> str:
    from mnist_lessons.data import load_mnist

    (x_train, y_train), _ = load_mnist()
    ink = _ink(x_train)
    sevens = np.flatnonzero(y_train == 7)
    expected_ink = np.sort(ink[sevens])[:30]

    answer = as_array(least_ink_sevens, "least_ink_sevens")
    if answer.dtype == bool:
        raise Incorrect(f"`least_ink_sevens` is a True/False mask of shape {answer.shape}. The exercise asks for "
                        "*positions* in `x_train` (30 whole numbers), sorted by ink; `np.flatnonzero(mask)` turns a "
                        "mask into positions.")
    if answer.ndim != 1:
        expect_shape(answer, (30,), "least_ink_sevens", "Give a flat array of 30 positions.")
    if np.issubdtype(answer.dtype, np.floating):
        if not np.all(answer == np.round(answer)):
            raise Incorrect("`least_ink_sevens` holds numbers with decimals; positions in `x_train` are whole "
                            f"numbers (received {fmt(answer[:5])}, ...). Did you store ink values instead of positions?")
        answer = answer.astype(np.int64)
    expect_shape(answer, (30,), "least_ink_sevens", "The exercise asks for exactly 30 positions.")
    if np.array_equal(np.sort(answer), expected_ink):
        raise Incorrect(f"these are the *ink values* of the 30 least-inked sevens ({fmt(answer[:5])}, ...), not their "
                        "positions. `np.sort` gives the values; `np.argsort` gives where they are.")
    if answer.min() < 0 or answer.max() >= len(x_train):
        raise Incorrect(f"positions in `x_train` run from 0 to {len(x_train) - 1}; `least_ink_sevens` holds "
                        f"{fmt(answer.min())} to {fmt(answer.max())}.")
    if len(np.unique(answer)) != 30:
        raise Incorrect(f"`least_ink_sevens` holds {30 - len(np.unique(answer))} repeated positions: "
                        "30 *different* sevens are asked for.")
    all_sevens = bool(np.all(y_train[answer] == 7))
    if not all_sevens and answer.max() < len(sevens) and np.array_equal(np.sort(ink[sevens[answer]]), expected_ink):
        raise Incorrect("these are positions *among the sevens* (the 0th seven, the 1st seven, ...), not positions "
                        "in `x_train`: `np.argsort(ink[y_train == 7])` numbers the sevens only. Translate them with "
                        "`sevens = np.flatnonzero(y_train == 7)` and `sevens[your_positions]`.")
    not_sevens = answer[y_train[answer] != 7]
    if len(not_sevens):
        first = int(not_sevens[0])
        raise Incorrect(f"{len(not_sevens)} of your 30 images are not sevens: `x_train[{first}]` is labelled "
                        f"{int(y_train[first])}. Pick from the sevens only (`y_train == 7`).")
    your_ink = ink[answer]
    if not np.array_equal(np.sort(your_ink), expected_ink):
        if np.array_equal(np.sort(your_ink), np.sort(ink[sevens])[-30:]):
            raise Incorrect("these are the 30 sevens with the *most* ink. `np.argsort` sorts from the smallest "
                            "value up: take the first 30, not the last.")
        raise Incorrect(f"these are sevens, but not the 30 with the least ink. Their ink runs from "
                        f"{your_ink.min()} to {your_ink.max()} bright pixels; the 30 least-inked sevens have "
                        f"{expected_ink[0]} to {expected_ink[-1]}. Sort all the sevens by `ink` and take the first 30.")
    if np.any(np.diff(your_ink) < 0):
        raise Incorrect("these are the right 30 sevens, but not in order: the exercise asks for the fewest bright "
                        "pixels first. `np.argsort` gives that order.")
    return (f"these are the 30 sevens with the least ink, from {expected_ink[0]} to {expected_ink[-1]} bright "
            "pixels. Now look at them with `show_images`: thin strokes, short bars, hooks, and perhaps a few you "
            "would not have read as a 7 at all. The ink feature sees none of that; a network must learn it.")


q1 = Exercise(
    "00", 1, "The sevens with the least ink",
    statement="""
Which sevens use the least ink? Set `least_ink_sevens` to the **positions in `x_train`** of the 30
training images of a 7 with the fewest bright pixels, fewest first. Use `ink` from the section
*A feature made by hand* (one number per training image). Then look at them with `show_images`.
Are the labels right? Would you have read them as 7s?
""",
    starter="""
least_ink_sevens = ...   # positions in x_train of the 30 sevens with the least ink, fewest first

# When you have them, look at them:
# show_images(x_train[least_ink_sevens], y_train[least_ink_sevens], title="The 30 sevens with the least ink")
# plt.show()
""",
    reads=["least_ink_sevens"],
    grader=_grade_least_ink_sevens,
    hints=[
        "Two steps: find where the sevens are in `x_train`, then sort just those by their ink.",
        "`np.flatnonzero(y_train == 7)` gives the positions of all the sevens, and `np.argsort` sorts values from "
        "the smallest up. Careful: `np.argsort(ink[y_train == 7])` numbers the sevens 0, 1, 2, ..., not their "
        "positions in `x_train`.",
        "Fill in the blanks: `sevens = np.flatnonzero(...)` (where the sevens are), "
        "`order = np.argsort(ink[...])` (the sevens' ink, smallest first), "
        "`least_ink_sevens = sevens[order[...]]` (the first 30, as positions in `x_train`).",
    ],
    solution="""
sevens = np.flatnonzero(y_train == 7)                        # positions of all the sevens in x_train
least_ink_sevens = sevens[np.argsort(ink[sevens])[:30]]      # sorted by ink, the first 30

show_images(x_train[least_ink_sevens], y_train[least_ink_sevens], title="The 30 sevens with the least ink")
plt.show()
""",
    explanation="""
`np.argsort(ink[sevens])` sorts the sevens by ink, but it answers with their numbers *among the
sevens*; indexing `sevens` with them turns those back into positions in `x_train`. Several sevens
share the same ink count, so other orders of the ties are just as right.
""",
)


# ---------------------------------------------------------------------------------------------
# q2: the mean ink of every Fashion-MNIST class


def _grade_mean_ink(mean_ink_per_class) -> str:
    from mnist_lessons.data import FASHION_CLASSES, load_fashion_mnist

    (xf_train, yf_train), (xf_test, yf_test) = load_fashion_mnist()
    ink = _ink(xf_train)
    expected = np.array([ink[yf_train == c].mean() for c in range(10)])
    answer = as_array(mean_ink_per_class, "mean_ink_per_class").astype(np.float64)
    if answer.shape == (len(xf_train),):
        raise Incorrect(f"`mean_ink_per_class` has one number per image, shape {answer.shape}. The exercise asks for "
                        "one number per *class*: the average over the 6000 images of each class, shape (10,).")
    expect_shape(answer, (10,), "mean_ink_per_class", "One number per class, in label order: 10 numbers.")
    tolerance = 2.0  # bright pixels; ">= 127" instead of "> 127" changes the means by less than 1.5
    if np.all(np.abs(answer - expected) <= tolerance):
        order = np.argsort(expected)
        near = [(FASHION_CLASSES[a], FASHION_CLASSES[b]) for a, b in zip(order, order[1:], strict=False)
                if expected[b] - expected[a] < 10]
        pairs = "; ".join(f"{a} and {b}" for a, b in near)
        spread = np.array([ink[yf_train == c].std() for c in range(10)])
        return (f"the least ink: {FASHION_CLASSES[order[0]]} ({expected[order[0]]:.0f} bright pixels on average); "
                f"the most: {FASHION_CLASSES[order[-1]]} ({expected[order[-1]]:.0f}). Classes whose averages lie "
                f"less than 10 pixels apart ({pairs}) would be hopeless for an ink rule: it could not tell them "
                f"apart even on average, let alone image by image, where the ink within one class spreads by "
                f"{spread.min():.0f} to {spread.max():.0f} pixels (standard deviation).")
    test_ink = _ink(xf_test)
    if np.all(np.abs(answer - np.array([test_ink[yf_test == c].mean() for c in range(10)])) <= tolerance):
        raise Incorrect("these are the class means of `xf_test`; the exercise asks for the training images, "
                        "`xf_train` with `yf_train`.")
    any_ink = np.count_nonzero(xf_train > 0, axis=(1, 2))
    if np.all(np.abs(answer - np.array([any_ink[yf_train == c].mean() for c in range(10)])) <= tolerance):
        raise Incorrect("these count every pixel that is not 0 (`> 0`). The lesson's ink counts only the *bright* "
                        "pixels, brighter than 127: faint greys at the edges are not ink.")
    pixel_means = np.array([xf_train[yf_train == c].mean() for c in range(10)])
    if np.all(np.abs(answer - pixel_means) <= 0.5):
        raise Incorrect("these are the mean *pixel values* of each class (0..255), not the mean ink. Ink counts the "
                        "bright pixels of each image: `np.count_nonzero(xf_train > 127, axis=(1, 2))`.")
    if np.all(np.abs(answer * 784 - expected) <= tolerance):
        raise Incorrect("these are fractions of the 784 pixels. Ink as the lesson defines it is a *count* of bright "
                        "pixels: `np.count_nonzero` rather than `np.mean`.")
    if np.all(np.abs(np.sort(answer) - np.sort(expected)) <= tolerance):
        raise Incorrect("the right ten values, in the wrong order: give them in label order, class 0 (T-shirt/top) "
                        "first, then 1 (Trouser), ... as in `FASHION_CLASSES`.")
    worst = int(np.argmax(np.abs(answer - expected)))
    raise Incorrect(f"for class {worst} ({FASHION_CLASSES[worst]}) you have {answer[worst]:.1f}; the mean number of "
                    f"pixels brighter than 127 in its 6000 training images is {expected[worst]:.1f}. Compute the ink "
                    "of every image of `xf_train` first, then average it over the images of each class.")


q2 = Exercise(
    "00", 2, "Ink per Fashion-MNIST class",
    statement="""
Which Fashion-MNIST classes would be hardest to tell apart with an "ink" rule? Measure first:
set `mean_ink_per_class` to an array of 10 numbers, the **mean ink of each class** in `xf_train`,
in label order (class 0, T-shirt/top, first). Ink is defined as in the lesson: the number of
pixels brighter than 127.
""",
    starter="""
mean_ink_per_class = ...   # 10 numbers: the mean ink of each Fashion-MNIST class in xf_train, in label order
""",
    reads=["mean_ink_per_class"],
    grader=_grade_mean_ink,
    hints=[
        "The lesson computed the ink of every MNIST image in one line. Do the same for `xf_train`, then average "
        "per class, as the section *The average digit* averaged images per digit.",
        "`np.count_nonzero(images > 127, axis=(1, 2))` gives one number per image; a mask like "
        "`yf_train == c` picks the images of class `c`.",
        "Fill in the blanks: `ink_fashion = np.count_nonzero(..., axis=(1, 2))`, then "
        "`mean_ink_per_class = np.array([ink_fashion[...].mean() for c in range(10)])`.",
    ],
    solution="""
ink_fashion = np.count_nonzero(xf_train > 127, axis=(1, 2))          # bright pixels of each training image
mean_ink_per_class = np.array([ink_fashion[yf_train == c].mean() for c in range(10)])

for name, value in zip(FASHION_CLASSES, mean_ink_per_class):
    print(f"{name:>12}: {value:5.1f} bright pixels on average")
""",
    explanation="""
Sort the classes by their mean ink and look for neighbours that are close: those an ink rule could
never separate. And these are only the averages: within each class the ink varies a lot, so even
classes with different means overlap.
""",
)


# ---------------------------------------------------------------------------------------------
# q3: predict, then run: a five-finder that also flags every three


def _as_fraction(value: float) -> float:
    """An accuracy given as a fraction (0.899) or as a percentage (89.9), as a fraction."""
    return value / 100 if 1 < value <= 100 else value


def _grade_fives_or_threes(predicted_accuracy, detector_accuracy) -> str:
    from mnist_lessons.data import load_mnist

    (_, y_train), (_, y_test) = load_mnist()
    truth = y_test == 5
    answers = (y_test == 5) | (y_test == 3)
    expected = float(np.mean(answers == truth))
    baseline = float(np.mean(~truth))
    guess = as_number(predicted_accuracy, "predicted_accuracy")
    if not 0 <= guess <= 100:
        raise Incorrect(f"`predicted_accuracy` is {fmt(guess)}; an accuracy is a fraction from 0 to 1 (or a percentage "
                        "from 0 to 100). Write down your guess before computing.")
    guess = _as_fraction(guess)
    raw = as_number(detector_accuracy, "detector_accuracy")
    if raw > 100:
        raise Incorrect(f"`detector_accuracy` is {fmt(raw)}: that is a count of images; accuracy is a share: "
                        "divide by `len(y_test)`.")
    value = _as_fraction(raw)
    if abs(value - expected) > 0.0005:   # not 0.899 as computed: a known mistake, an answer rounded, or else
        others = [
            (float(np.mean(((y_train == 5) | (y_train == 3)) == (y_train == 5))),
             "that is the accuracy on the *training* labels; the exercise asks for the test set, `y_test`."),
            (1 - expected, "that is the share of test images it gets *wrong* (its error rate); accuracy is the share "
                           "it gets right."),
            (1.0, "that is its *recall*: it finds every five. Accuracy counts every image, the threes it calls "
                  "fives included."),
            (float(np.mean(truth[answers])), "that is its *precision*, the share of its \"five\" answers that are "
                                            "right. Accuracy is the share of *all* test images it answers rightly."),
            (float(np.mean(answers)), "that is the share of test images it answers \"five\" on, not the share it "
                                      "gets right."),
            (baseline, "that is the accuracy of never answering \"five\". If you wrote `(y_test == 5) & "
                       "(y_test == 3)`: no image is both a 5 and a 3, so `&` (and) answers \"five\" nowhere; the "
                       "detector answers \"five\" on a 5 *or* a 3, `|`. Otherwise compute its own answers."),
        ]
        for wrong, message in others:
            if abs(value - wrong) <= 0.0005:
                raise Incorrect(f"`detector_accuracy` is {value:.4f}: {message}")
        if abs(value - expected) > 0.0015:   # 0.90 or 90 (rounded) still passes
            raise Incorrect(f"`detector_accuracy` is {value:.4f}. Make the detector's answers, "
                            "`(y_test == 5) | (y_test == 3)`, the truth, `y_test == 5`, and take the share of test "
                            "images where the two agree.")
    threes, fives = int(np.sum(y_test == 3)), int(np.sum(truth))
    off = guess - expected
    if abs(off) <= 0.005:
        verdict = f"You predicted {guess:.3f}: right on."
    else:
        verdict = (f"You predicted {guess:.3f}, {abs(off):.3f} too {'high' if off > 0 else 'low'}."
                   + (" A guess above the baseline is natural: it finds every five, after all." if guess > baseline else ""))
    return (f"the detector is right on {expected:.2%} of the test images. {verdict} It finds all {fives} fives, yet "
            f"it scores *below* the {baseline:.2%} of never answering \"five\": accuracy charges it for the "
            f"{threes} threes it calls fives, and counts a found five no more than a rightly ignored digit. Its "
            f"recall is 100%; its "
            f"precision only {np.mean(truth[answers]):.1%}. Accuracy alone, compared with the baseline, hides both.")


q3 = Exercise(
    "00", 3, "Predict, then run: a five-finder that also flags threes",
    statement="""
A five-finder answers "five" for every test image of a **5 or a 3** (it confuses threes with
fives) and "not five" for all others. So it finds every five. **First predict** its test accuracy,
without computing anything, and write it in `predicted_accuracy`. Then compute it from `y_test`
in `detector_accuracy`. Is it above or below the 91.08% of never answering "five"?
""",
    starter="""
predicted_accuracy = ...   # your guess, written BEFORE you compute (a fraction, e.g. 0.95)
detector_accuracy = ...    # the detector's accuracy on the test set, computed from y_test
""",
    reads=["predicted_accuracy", "detector_accuracy"],
    grader=_grade_fives_or_threes,
    hints=[
        "Accuracy is the share of *all* test images on which the answer equals the truth. Which images does "
        "this detector get wrong?",
        "Make two True/False arrays of 10000: the detector's answers (label 5 or label 3) and the truth "
        "(label 5). `np.mean(a == b)` is the share where they agree.",
        "Fill in the blanks: `answers = (y_test == ...) | (y_test == ...)`, `truth = y_test == ...`, "
        "`detector_accuracy = np.mean(... == ...)`.",
    ],
    solution="""
predicted_accuracy = 0.95                           # whatever you guessed first
answers = (y_test == 5) | (y_test == 3)             # "five" for every 5 and every 3
truth = y_test == 5
detector_accuracy = np.mean(answers == truth)
print(f"accuracy {detector_accuracy:.2%}, recall {np.mean(answers[truth]):.0%}, precision {np.mean(truth[answers]):.1%}")
""",
    explanation="""
The detector is wrong exactly on the threes (1010 test images); never answering "five" is wrong
exactly on the fives (892). More threes than fives: lower accuracy, although it finds every five.
Accuracy counts a found five no more than a rightly ignored other digit: look at recall and precision too.
""",
)


questionnaire = Questionnaire(
    "00",
    [
        ("How does machine learning differ from writing rules by hand?",
         "With hand-written rules an expert turns knowledge into `if ... then ...` code. In machine learning we "
         "give the computer many examples together with their answers, and a training procedure finds rules "
         "that fit them."),
        ("What are `x` and `y`, and when must a trained model be retrained?",
         "`x` are the inputs (here the images), `y` the known outputs or labels (the digits). A trained model "
         "should predict the outputs of *new* inputs from the same distribution as its training examples. If the "
         "data it meets shifts (another source, another kind of image), measure it again on the new data, and "
         "retrain it when it has got worse."),
        ("What do `x_train`'s shape `(60000, 28, 28)`, dtype `uint8` and values 0 and 255 mean?",
         "`(60000, 28, 28)` and `uint8`: 60000 images of 28 rows by 28 columns, each pixel a whole number from "
         "0 to 255 in one byte. A value is ink intensity: 0 the background (no ink), 255 the fullest ink; the "
         "plots draw ink white on black. About 81% of the training pixels are 0."),
        ("How were MNIST's digits prepared, and how would you prepare a photo of yours?",
         "NIST's black-and-white digits were scaled to fit a 20 x 20 box, keeping their aspect ratio; the "
         "anti-aliasing of that scaling made the greys. Each was then placed in the 28 x 28 frame with its centre "
         "of mass at the centre. Prepare a photo the same way: white ink on black, scaled into a 20 x 20 box, "
         "centred by its centre of mass in 28 x 28."),
        ("What is feature engineering, and why can ink alone not sort ten digits?",
         "A feature is a measurement of an input chosen by a person (how much ink, how wide, a closed loop); "
         "designing good ones is feature engineering. Ink separates 0s from 1s fairly well, but the ink of "
         "most digits overlaps heavily, so one number cannot tell ten classes apart (the best ink-only rule was "
         "right on about 23% of the validation digits). Networks learn their own features from the raw pixels."),
        ("A five-finder scores about 91% on the test set: what does that tell, and what not?",
         "Only about 9% of the images are fives, so answering \"not five\" every time is right on 91.08%: that "
         "is what knowing nothing scores, so the model shows no *evidence* of learning. It may still have learned "
         "something (finding half the fives with as many false alarms also scores 91.08%): its recall and "
         "precision show what it learned."),
        ("Why is every choice made on validation data, and the test set opened only once?",
         "A model learns from the training data. Every choice (how long to train, which model, which settings) "
         "is made on validation data, split off the training set and never trained on. The test set gives the "
         "verdict, once per lesson, on the model chosen: a score that helped make a choice flatters the model "
         "(it was picked partly for suiting those very images)."),
    ],
    further_research=[
        "Find a data set with a rare class: what would \"always the common answer\" score?",
        "Find NIST Special Database 19 (or LeCun's MNIST page) and read how MNIST's test set was drawn "
        "from NIST's two writer groups.",
    ],
)
