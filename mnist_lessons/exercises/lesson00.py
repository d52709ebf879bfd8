"""Lesson 00's exercises: look at the data yourself.

``q1`` the 30 training sevens with the least ink; ``q2`` the mean ink of every Fashion-MNIST
class; ``q3`` predict, then run: a five-finder that also flags every three. The checks load the
data themselves: they never trust a notebook variable you might have changed on the way.
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
    expect_shape(answer, (30,), "least_ink_sevens", "The exercise asks for 30 positions in `x_train` "
                 "(`np.flatnonzero(mask)` turns a True/False mask into positions).")
    if np.array_equal(np.sort(answer), expected_ink):
        raise Incorrect(f"these are the *ink values* of the 30 least-inked sevens ({fmt(answer[:5])}, ...), not "
                        "their positions. `np.sort` gives the values; `np.argsort` gives where they are.")
    if np.any(answer != np.round(answer)) or answer.min() < 0 or answer.max() >= len(x_train):
        raise Incorrect(f"positions in `x_train` are whole numbers from 0 to {len(x_train) - 1}; "
                        f"`least_ink_sevens` holds {fmt(answer[:5])}, ...")
    answer = answer.astype(np.int64)
    if len(np.unique(answer)) != 30:
        raise Incorrect("`least_ink_sevens` repeats positions: 30 *different* sevens are asked for.")
    if (not np.all(y_train[answer] == 7) and answer.max() < len(sevens)
            and np.array_equal(np.sort(ink[sevens[answer]]), expected_ink)):
        raise Incorrect("these are positions *among the sevens* (the 0th seven, the 1st seven, ...), not "
                        "positions in `x_train`: `np.argsort(ink[y_train == 7])` numbers the sevens only. "
                        "Translate them with `sevens = np.flatnonzero(y_train == 7)` and `sevens[...]`.")
    not_sevens = answer[y_train[answer] != 7]
    if len(not_sevens):
        first = int(not_sevens[0])
        raise Incorrect(f"{len(not_sevens)} of your 30 images are not sevens: `x_train[{first}]` is labelled "
                        f"{int(y_train[first])}. Pick from the sevens only (`y_train == 7`).")
    your_ink = ink[answer]
    if np.array_equal(np.sort(your_ink), np.sort(ink[sevens])[-30:]):
        raise Incorrect("these are the 30 sevens with the *most* ink. `np.argsort` sorts from the smallest "
                        "value up: take the first 30, not the last.")
    if not np.array_equal(np.sort(your_ink), expected_ink):
        raise Incorrect(f"these are sevens, but not the 30 with the least ink: theirs runs from {your_ink.min()} "
                        f"to {your_ink.max()} bright pixels, the least-inked sevens' from {expected_ink[0]} "
                        f"to {expected_ink[-1]}. Sort all the sevens by `ink` and take the first 30.")
    if np.any(np.diff(your_ink) < 0):
        raise Incorrect("these are the right 30 sevens, but not in order: the exercise asks for the fewest bright "
                        "pixels first. `np.argsort` gives that order.")
    return (f"these are the 30 sevens with the least ink, from {expected_ink[0]} to {expected_ink[-1]} bright "
            "pixels. Now look at them with `show_images`: thin strokes, short bars, hooks, perhaps a few you "
            "would not have read as a 7. The ink feature sees none of that; a network must learn it.")


q1 = Exercise(
    "00", 1, "The sevens with the least ink",
    statement="""
Which sevens use the least ink? Set `least_ink_sevens` to the **positions in `x_train`** of the 30
training images of a 7 with the fewest bright pixels, fewest first. Use `ink` from the section
*A feature made by hand* (one number per training image). Then look at them with `show_images`.
Are the labels right? Would you have read them as 7s?
""",
    starter="""
least_ink_sevens = ...   # positions in x_train, 30 least-inked sevens, fewest first

# When you have them, look at them:
# show_images(x_train[least_ink_sevens], y_train[least_ink_sevens],
#             title="The 30 sevens with the least ink")
# plt.show()
""",
    reads=["least_ink_sevens"],
    grader=_grade_least_ink_sevens,
    hints=[
        "Two steps: find where the sevens are in `x_train`, then sort just those by their ink.",
        "`np.flatnonzero(y_train == 7)` gives the positions of all the sevens, and `np.argsort` sorts values from "
        "the smallest up. Careful: `np.argsort(ink[y_train == 7])` numbers the sevens 0, 1, 2, ..., not their "
        "positions in `x_train`.",
        "A skeleton: `sevens = np.flatnonzero(...)`, then `order = np.argsort(...)` on the sevens' ink. "
        "`order` counts among the sevens: which array turns its first 30 entries back into positions "
        "in `x_train`?",
    ],
    solution="""
sevens = np.flatnonzero(y_train == 7)                        # positions of all the sevens in x_train
least_ink_sevens = sevens[np.argsort(ink[sevens])[:30]]      # sorted by ink, the first 30

show_images(x_train[least_ink_sevens], y_train[least_ink_sevens],
            title="The 30 sevens with the least ink")
plt.show()
""",
    explanation="""
`np.argsort(ink[sevens])` numbers the sevens *among the sevens*; indexing `sevens` with those numbers
turns them into positions in `x_train`. Ties in ink may come in any order.
""",
)


# ---------------------------------------------------------------------------------------------
# q2: the mean ink of every Fashion-MNIST class


def _grade_mean_ink(mean_ink_per_class) -> str:
    from mnist_lessons.data import FASHION_CLASSES, load_fashion_mnist

    (xf_train, yf_train), (xf_test, yf_test) = load_fashion_mnist()

    def per_class(values, labels=yf_train, average=np.mean):   # one number per image -> one per class
        return np.array([average(values[labels == c]) for c in range(10)])

    ink = _ink(xf_train)
    expected = per_class(ink)
    answer = as_array(mean_ink_per_class, "mean_ink_per_class").astype(np.float64)
    if answer.shape == (len(xf_train),):
        raise Incorrect(f"`mean_ink_per_class` has one number per image, shape {answer.shape}. The exercise asks for "
                        "one number per *class*: the average over the 6000 images of each class, shape (10,).")
    expect_shape(answer, (10,), "mean_ink_per_class", "One number per class, in label order: 10 numbers.")
    tolerance = 2.0  # bright pixels; ">= 127" instead of "> 127" changes the means by less than 1.5
    if np.all(np.abs(answer - expected) <= tolerance):
        order = np.argsort(expected)
        pairs = "; ".join(f"{FASHION_CLASSES[a]} and {FASHION_CLASSES[b]}" for a, b in zip(order[:-1], order[1:], strict=True)
                          if expected[b] - expected[a] < 10)
        return (f"the least ink: {FASHION_CLASSES[order[0]]} ({expected[order[0]]:.0f} bright pixels on average); "
                f"the most: {FASHION_CLASSES[order[-1]]} ({expected[order[-1]]:.0f}). Classes whose averages lie "
                f"less than 10 pixels apart ({pairs}) would be hopeless for an ink rule, even on average; "
                "image by image, the ink within one class spreads far wider.")
    mistakes = [
        (per_class(_ink(xf_test), yf_test), "these are the class means of `xf_test`; the exercise asks for the "
                                            "training images, `xf_train` with `yf_train`."),
        (per_class(np.count_nonzero(xf_train > 0, axis=(1, 2))),
         "these count every pixel that is not 0 (`> 0`). The lesson's ink counts only the *bright* pixels, "
         "brighter than 127: faint greys at the edges are not ink."),
        (per_class(xf_train.mean(axis=(1, 2))), "these are the mean *pixel values* of each class (0..255), not "
                                                "the mean ink, a *count* of bright pixels per image."),
        (per_class(xf_train.sum(axis=(1, 2)) / 255), "these add up the pixel values and divide by 255: a grey "
                                                     "pixel then counts as part of a pixel. Ink *counts* the "
                                                     "pixels brighter than 127 (`np.count_nonzero`)."),
        (per_class(ink) / 784, "these are fractions of the 784 pixels. Ink as the lesson defines it is a *count* "
                               "of bright pixels: `np.count_nonzero` rather than `np.mean`."),
        (per_class(ink, average=np.median), "these are the *medians* of each class's ink; the exercise asks for "
                                            "the mean (`.mean()`)."),
        (np.sort(expected), "the right ten values, sorted by size: give them in label order, class 0 "
                            "(T-shirt/top) first, as in `FASHION_CLASSES`."),
    ]
    for wrong, message in mistakes:
        if np.allclose(answer, wrong, rtol=0.01, atol=0):   # within 1%: the same computation, rounded
            raise Incorrect(message)
    worst = int(np.argmax(np.abs(answer - expected)))
    side = "high" if answer[worst] > expected[worst] else "low"
    raise Incorrect(f"your value for class {worst} ({FASHION_CLASSES[worst]}) is too {side}. Count the bright "
                    "pixels (> 127) of every image of `xf_train` first, then average those counts over the "
                    "images of each class.")


q2 = Exercise(
    "00", 2, "Ink per Fashion-MNIST class",
    statement="""
Which Fashion-MNIST classes would be hardest to tell apart with an "ink" rule? Measure first:
set `mean_ink_per_class` to an array of 10 numbers, the **mean ink of each class** in `xf_train`,
in label order (class 0, T-shirt/top, first). Ink is defined as in the lesson: the number of
pixels brighter than 127.
""",
    starter="""
mean_ink_per_class = ...   # 10 numbers: each class's mean ink in xf_train, by label
""",
    reads=["mean_ink_per_class"],
    grader=_grade_mean_ink,
    hints=[
        "The lesson computed the ink of every MNIST image in one line. Do the same for `xf_train`, then average "
        "per class, as the section *The average digit* averaged images per digit.",
        "`np.count_nonzero(images > 127, axis=(1, 2))` gives one number per image; a mask like "
        "`yf_train == c` picks the images of class `c`.",
        "A skeleton: `ink_fashion = np.count_nonzero(..., axis=(1, 2))` gives one number per image; "
        "then, for each class `c` in `range(10)`, one mean: which images belong to class `c`?",
    ],
    solution="""
ink_fashion = np.count_nonzero(xf_train > 127, axis=(1, 2))   # bright pixels of each image
mean_ink_per_class = np.array([ink_fashion[yf_train == c].mean() for c in range(10)])

for name, value in zip(FASHION_CLASSES, mean_ink_per_class):
    print(f"{name:>12}: {value:5.1f} bright pixels on average")
""",
    explanation="""
Classes whose means are close could never be separated by ink; and within each class the ink varies a
lot, so even classes with different means overlap.
""",
)


# ---------------------------------------------------------------------------------------------
# q3: predict, then run: a five-finder that also flags every three


def _grade_fives_or_threes(predicted_accuracy, detector_accuracy) -> str:
    from mnist_lessons.data import load_mnist

    (_, y_train), (_, y_test) = load_mnist()
    truth = y_test == 5
    answers = (y_test == 5) | (y_test == 3)
    expected = float(np.mean(answers == truth))
    baseline = float(np.mean(~truth))
    guess = as_number(predicted_accuracy, "predicted_accuracy")
    if not 0 <= guess <= 100:
        raise Incorrect(f"`predicted_accuracy` is {fmt(guess)}; an accuracy is a fraction from 0 to 1 (or a "
                        "percentage from 0 to 100). Write down your guess before computing.")
    guess = guess / 100 if guess > 1 else guess   # a percentage, as a fraction
    raw = as_number(detector_accuracy, "detector_accuracy")
    if raw > 100:
        raise Incorrect(f"`detector_accuracy` is {fmt(raw)}: that is a count of images; accuracy is a share: "
                        "divide by `len(y_test)`.")
    value = raw / 100 if raw > 1 else raw
    if abs(value - expected) > 0.0005:   # not 0.899 as computed: a known mistake, an answer rounded, or else
        others = [
            (np.mean(((y_train == 5) | (y_train == 3)) == (y_train == 5)), "the accuracy on the *training* labels; "
             "the exercise asks for the test set, `y_test`."),
            (1 - expected, "the share it gets *wrong* (its error rate); accuracy is the share it gets right."),
            (1.0, "its *recall*: it finds every five. Accuracy counts every image, the threes included."),
            (np.mean(truth[answers]), "its *precision*, the share of its \"five\" answers that are right."),
            (np.mean(answers), "the share of test images it answers \"five\" on, not the share it gets right."),
            (baseline, "the accuracy of never answering \"five\". If you wrote `(y_test == 5) & (y_test == 3)`: "
                       "no image is both, so `&` answers \"five\" nowhere; a 5 *or* a 3 is `|`."),
        ]
        for wrong, message in others:
            if abs(value - wrong) <= 0.0005:
                raise Incorrect(f"`detector_accuracy` is {value:.4f}: that is {message}")
        if abs(value - expected) > 0.0015:   # 0.90 or 90 (rounded) still passes
            raise Incorrect(f"`detector_accuracy` is {value:.4f}. Make the detector's answers (a 5 or a 3), the "
                            "truth (a 5), and take the share of test images where the two agree.")
    off = guess - expected
    verdict = f"You predicted {guess:.3f}" + (
        ": right on." if abs(off) <= 0.005 else f", {abs(off):.3f} too {'high' if off > 0 else 'low'}.")
    return (f"the detector is right on {expected:.2%} of the test images. {verdict} It finds all "
            f"{np.sum(truth)} fives, yet scores *below* the {baseline:.2%} of never answering \"five\": accuracy "
            f"charges it for the {np.sum(y_test == 3)} threes it calls fives. Its recall is 100%, its precision "
            f"only {np.mean(truth[answers]):.1%}: accuracy alone, compared with the baseline, hides both.")


q3 = Exercise(
    "00", 3, "Predict, then run: a five-finder that also flags threes",
    statement="""
A five-finder answers "five" for every test image of a **5 or a 3** (it confuses threes with
fives) and "not five" for all others. So it finds every five. **First predict** its test accuracy,
without computing anything, and write it in `predicted_accuracy`. Then compute it from `y_test`
in `detector_accuracy`. Is it above or below the 91.08% of never answering "five"?
""",
    starter="""
predicted_accuracy = ...   # your guess, written BEFORE you compute (e.g. 0.95)
detector_accuracy = ...    # the detector's test accuracy, computed from y_test
""",
    reads=["predicted_accuracy", "detector_accuracy"],
    grader=_grade_fives_or_threes,
    hints=[
        "Accuracy is the share of *all* test images on which the answer equals the truth. Which images does "
        "this detector get wrong?",
        "Make two True/False arrays of 10000: the detector's answers (label 5 or label 3) and the truth "
        "(label 5). `np.mean(a == b)` is the share where they agree.",
        "A skeleton: `answers = ...` (True where it says \"five\": which labels, joined by `&` or `|`?), "
        "`truth = ...`, then `detector_accuracy = np.mean(...)`: the share of images where the two agree.",
    ],
    solution="""
predicted_accuracy = 0.95                           # whatever you guessed first
answers = (y_test == 5) | (y_test == 3)             # "five" for every 5 and every 3
truth = y_test == 5
detector_accuracy = np.mean(answers == truth)
recall, precision = np.mean(answers[truth]), np.mean(truth[answers])
print(f"accuracy {detector_accuracy:.2%}, recall {recall:.0%}, precision {precision:.1%}")
""",
    explanation="""
The detector is wrong exactly on the 1010 test threes; never answering "five" exactly on the 892 fives.
More threes than fives: lower accuracy, although it finds every five. Look at recall and precision too.
""",
)


questionnaire = Questionnaire(
    "00",
    [
        ("How does machine learning differ from writing rules by hand?",
         "An expert writes hand-made rules as `if ... then ...` code. In machine learning we give the computer "
         "examples with their answers, and training finds rules that fit them."),
        ("What are `x` and `y`, and when must a trained model be retrained?",
         "`x` are the inputs (the images), `y` the known outputs, the labels. A model predicts for new inputs from "
         "the same distribution; if the data shifts, measure it again, and retrain it when it got worse."),
        ("What do `x_train`'s shape `(60000, 28, 28)`, dtype `uint8` and values 0 and 255 mean?",
         "60000 images of 28 rows by 28 columns, each pixel a whole number from 0 to 255 in one byte: 0 the "
         "background, 255 the fullest ink (drawn white on black). About 81% of the training pixels are 0."),
        ("How were MNIST's digits prepared, and how would you prepare a photo of yours?",
         "Black-and-white digits were scaled into a 20 x 20 box (anti-aliased: the greys), keeping their aspect "
         "ratio, and centred by centre of mass in 28 x 28. Prepare a photo the same way, white ink on black."),
        ("What is feature engineering, and why can ink alone not sort ten digits?",
         "Choosing measurements of the input by hand (ink, width, a closed loop). The ink of most digits overlaps: "
         "the best ink-only rule was right on about 23% of the validation digits. Networks learn features."),
        ("A five-finder scores about 91% on the test set: what does that tell, and what not?",
         "Always answering \"not five\" scores 91.08%, so it shows no *evidence* of learning. It may still have "
         "learned something (half the fives found, as many false alarms): recall and precision show what."),
        ("Why is every choice made on validation data, and the test set opened only once?",
         "Choices made on validation data (split off the training set, never trained on) leave the test set "
         "unused for the verdict. A score that helped make a choice flatters the model picked for it."),
    ],
    further_research=[
        "Find a data set with a rare class: what would \"always the common answer\" score?",
        "Find NIST Special Database 19 (or LeCun's MNIST page) and read how MNIST's test set was drawn "
        "from NIST's two writer groups.",
    ],
)
