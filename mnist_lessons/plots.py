"""Plotting helpers: image grids, training curves, confusion matrices, predictions.

Every figure has a title and labelled axes. Colours come from ``mnist_lessons.palette`` by role,
and colour is never the only cue: curves differ in marker and line style too, wrong answers in
their text ("pred 3 / true 5") or hatching.

Each function draws a new figure and returns it (for saving, or adjusting before it is
shown). In a notebook, end the cell with ``plt.show()`` (or a semicolon after the call):
otherwise Jupyter shows the figure twice, once from matplotlib's inline backend and once
as the returned value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from .palette import HIGHLIGHT, NEUTRAL, RIGHT, SPLIT_STYLES, TRAINING, WRONG, run_style
from .predictions import confident_accuracy, margin, to_answers


def show_images(
    images: np.ndarray,
    labels: Sequence | None = None,
    *,
    predictions: Sequence | None = None,
    class_names: Sequence[str] | None = None,
    ncols: int = 10,
    title: str | None = None,
    size: float = 1.2,
):
    """A grid of images, each titled with its label (and prediction, if given).

    Args:
        images: ``(n, 28, 28)`` pixels, uint8 0..255 or float 0..1 (any ``(n, h, w)`` works).
        labels: ``(n,)`` true labels (integers), or None.
        predictions: ``(n,)`` predicted labels; a wrong one is drawn in orange and titled
            "pred X / true Y", a right one in blue.
        class_names: names for the labels (for example ``FASHION_CLASSES``).
        ncols: images per row.
        title: the figure's title.
        size: inches per image.

    Returns:
        The matplotlib ``Figure``.
    """
    images = np.asarray(images)
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    row_height = size * (1.6 if predictions is not None else 1.25)  # room for two-line "pred / true" titles
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, row_height * nrows), squeeze=False)
    name = (lambda y: class_names[int(y)]) if class_names is not None else (lambda y: str(int(y)))
    for i, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n:
            ax.axis("off")
            continue
        ax.imshow(images[i], cmap="gray", vmin=0, vmax=255 if images.dtype == np.uint8 else 1)
        if predictions is not None:
            right = labels is None or int(predictions[i]) == int(labels[i])
            text = name(predictions[i]) if right else f"pred {name(predictions[i])}\ntrue {name(labels[i])}"
            ax.set_title(text, fontsize=8, color=RIGHT if right else WRONG)
            for spine in ax.spines.values():
                spine.set_edgecolor(RIGHT if right else WRONG)
                spine.set_linewidth(2)
        elif labels is not None:
            ax.set_title(name(labels[i]), fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_pixels(image: np.ndarray, *, crop: tuple[int, int, int] | None = None,
                title: str = "One image's pixel values"):
    """One image as a table of its raw values beside the picture they make.

    Args:
        image: a single ``(h, w)`` image, uint8 0..255 (28x28 for MNIST).
        crop: ``(top, left, size)``: write only the values of that square (readable at size 10 or
            so), boxed in the picture; default the whole image, in small print.

    Returns:
        The ``Figure``: left, the numbers (dark text on light pixels and vice versa); right,
        the whole image as grey levels.
    """
    image = np.asarray(image)
    top, left, size = crop if crop is not None else (0, 0, max(image.shape))
    part = image[top:top + size, left:left + size]
    fig, (ax_num, ax_img) = plt.subplots(1, 2, figsize=(11, 4 if crop else 5.5),
                                         gridspec_kw={"width_ratios": [1.3 if crop else 2, 1]})
    ax_num.imshow(part, cmap="gray", vmin=0, vmax=255,
                  extent=(left - 0.5, left + part.shape[1] - 0.5, top + part.shape[0] - 0.5, top - 0.5))
    for (row, col), value in np.ndenumerate(part):
        ax_num.text(left + col, top + row, str(int(value)), ha="center", va="center", fontsize=10 if crop else 5,
                    color="black" if value > 127 else "white")
    ax_num.set_title("pixel values (0 black, 255 white)")
    ax_img.imshow(image, cmap="gray", vmin=0, vmax=255)
    if crop:
        ax_img.add_patch(plt.Rectangle((left - 0.5, top - 0.5), size, size, fill=False, edgecolor=HIGHLIGHT,
                                       linewidth=2))
    ax_img.set_title("the whole image" + (", the numbers boxed" if crop else ""))
    for ax in (ax_num, ax_img):
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_label_counts(labels: np.ndarray, *, class_names: Sequence[str] | None = None, title: str = "How many of each label"):
    """A bar chart of how often each label occurs.

    Args:
        labels: ``(n,)`` integer labels 0..k-1.
        class_names: tick labels, default the label numbers.

    Returns:
        The ``Figure``.
    """
    counts = np.bincount(np.asarray(labels).astype(np.int64))
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.bar(np.arange(len(counts)), counts, color=TRAINING)
    ax.set_xticks(np.arange(len(counts)), class_names if class_names is not None else [str(i) for i in range(len(counts))],
                  rotation=30 if class_names is not None else 0)
    ax.set_xlabel("label")
    ax.set_ylabel("number of images")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_history(history, *, metrics: Sequence[str] = ("loss", "accuracy"), title: str | None = None):
    """Training curves from a Keras ``History`` (or its ``.history`` dict), one panel per metric,
    training against validation when ``validation_data`` was given.

    Args:
        history: what ``model.fit`` returned, or a dict like ``{"loss": [...], "val_loss": [...]}``.
        metrics: which metrics to draw (those missing from the history are skipped).
        title: the figure's title.

    Returns:
        The ``Figure``.
    """
    logs = getattr(history, "history", history)
    metrics = [m for m in metrics if m in logs]
    if not metrics:
        raise ValueError(f"plot_history: none of the requested metrics in the history; it has {sorted(logs)}.")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=True):
        draw_metric(ax, logs, metric)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def draw_metric(ax, logs: dict, metric: str, *, training_label: str = "training",
                reference: Mapping[str, float] | None = None, title: bool = True) -> None:
    """Draw one metric's training (and validation, if logged) curves on a matplotlib ``ax``; shared by
    ``plot_history`` and ``LivePlot``. ``logs`` maps metric names to per-epoch lists of floats. The
    curves differ in colour, marker and line style (``palette.SPLIT_STYLES``).

    Args:
        training_label: the legend's name for the training curve.
        reference: ``{label: value}`` drawn as horizontal dash-dot lines in ``palette.NEUTRAL``, for a
            baseline to compare the curves with (e.g. ``{"always 'not five'": 0.9085}``); the legend
            then goes beside the panel, so leave room for it on the right.
        title: whether the panel gets the metric's name as its title (the y axis names it too).
    """
    epochs = np.arange(1, len(logs[metric]) + 1)
    for split, key in (("training", metric), ("validation", f"val_{metric}")):
        if key in logs:
            colour, marker, style = SPLIT_STYLES[split]
            label = training_label if split == "training" else split
            ax.plot(epochs, logs[key], marker=marker, linestyle=style, color=colour, label=label)
    for label, value in (reference or {}).items():
        ax.axhline(float(value), color=NEUTRAL, linestyle="-.", linewidth=1.5, label=label)
    ax.set_xlabel("epoch")
    ax.set_xlim(0.5, len(epochs) + 0.5)  # room around the first and last epoch, even when there is only one
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, min_n_ticks=1))  # epoch 1, 2, 3: never 1.5
    ax.set_ylabel(metric)
    if title:
        ax.set_title(metric)
    if reference:  # three entries: beside the panel, where they never hide a point
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
    else:
        ax.legend()
    ax.grid(alpha=0.3)


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    Args:
        y_true: ``(n,)`` integer labels.
        y_pred: ``(n,)`` integer predictions.
        num_classes: k; default ``max(label, prediction) + 1``.

    Returns:
        int64 ``(k, k)`` array: row = true class, column = predicted class.
    """
    y_true = np.asarray(y_true).astype(np.int64).ravel()
    y_pred = np.asarray(y_pred).astype(np.int64).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"confusion_matrix: {y_true.shape[0]} labels but {y_pred.shape[0]} predictions.")
    k = num_classes or int(max(y_true.max(), y_pred.max())) + 1
    return np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)


def plot_confusion_matrix(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    *,
    class_names: Sequence[str] | None = None,
    title: str = "Confusion matrix",
):
    """The confusion matrix as a heat map with the count in every cell.

    Args:
        y_true: ``(n,)`` integer labels.
        y_pred: ``(n,)`` integer answers (from outputs, pass ``to_answers(model.predict(x))``).
        class_names: tick labels, default the class numbers.

    Returns:
        The ``Figure``.
    """
    k = len(class_names) if class_names is not None else None
    matrix = confusion_matrix(y_true, y_pred, k)
    k = matrix.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    # legible for 2 classes, and a 10-class matrix (7.2 x 5.2 in) still fits a 16:9 slide under its heading
    fig, ax = plt.subplots(figsize=(max(4.5, 2.2 + 0.5 * k), max(3.6, 1.0 + 0.42 * k)))
    image = ax.imshow(matrix, cmap="Blues")
    for (row, col), count in np.ndenumerate(matrix):
        ax.text(col, row, str(count), ha="center", va="center", fontsize=8,
                color="white" if count > matrix.max() / 2 else "black")
    ax.set_xticks(range(k), names, rotation=45 if class_names is not None else 0, ha="right" if class_names is not None else "center")
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="images")
    fig.tight_layout()
    return fig


def show_prediction(image: np.ndarray, probabilities: np.ndarray, label: int, *, class_names: Sequence[str] | None = None, axes=None):
    """One image with its predicted class, confidence and true class, beside a bar chart of
    the class probabilities (horizontal bars, so the class names read without turning your head).

    Args:
        image: ``(28, 28)`` pixels.
        probabilities: ``(k,)`` softmax outputs summing to 1.
        label: the true class.
        class_names: names of the k classes.
        axes: two matplotlib axes to draw on (``show_predictions`` passes them); default a new figure.

    Returns:
        The ``Figure``.
    """
    probabilities = np.asarray(probabilities)
    k = len(probabilities)
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(7, 2.9))
    ax_img, ax_bar = axes
    predicted = int(to_answers(probabilities[None])[0])
    right = predicted == int(label)
    colour = RIGHT if right else WRONG
    ax_img.imshow(image, cmap="gray")
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    verdict = "right" if right else "WRONG"
    ax_img.set_xlabel(f"{names[predicted]} {100 * probabilities[predicted]:.0f}%\n(true: {names[int(label)]}, {verdict})",
                      color=colour, fontsize=10)
    bars = ax_bar.barh(range(k), probabilities, color=NEUTRAL)
    bars[predicted].set_color(colour)
    bars[int(label)].set_edgecolor("black")
    bars[int(label)].set_linewidth(1.5)
    ax_bar.set_xlim(0, 1)
    ax_bar.set_yticks(range(k), names, fontsize=10)  # 10 pt: readable on a projected 720p slide
    ax_bar.invert_yaxis()  # class 0 at the top, as in a list
    ax_bar.set_xlabel("probability")
    return ax_img.figure


def show_predictions(images, probabilities, labels, *, class_names=None, ncols: int = 3, title: str | None = None):
    """A grid of ``show_prediction`` pairs, one per image.

    Args:
        images: ``(n, 28, 28)``; probabilities: ``(n, k)``; labels: ``(n,)``.

    Returns:
        The ``Figure``.
    """
    n = len(images)
    nrows = math.ceil(n / ncols)
    # constrained layout keeps each picture's two-line caption clear of the next panel's class names
    fig, axes = plt.subplots(nrows, 2 * ncols, figsize=(4.2 * ncols, 2.9 * nrows), squeeze=False, layout="constrained")
    for i in range(nrows * ncols):
        ax_img, ax_bar = axes[i // ncols, 2 * (i % ncols)], axes[i // ncols, 2 * (i % ncols) + 1]
        if i < n:
            show_prediction(images[i], probabilities[i], labels[i], class_names=class_names, axes=(ax_img, ax_bar))
        else:
            ax_img.axis("off")
            ax_bar.axis("off")
    if title:
        fig.suptitle(title)
    return fig


def plot_margins(probabilities: np.ndarray, labels: np.ndarray, *, bins: int = 10,
                 title: str = "Right and wrong answers by margin"):
    """How sure a classifier is when it is right, and when it is wrong: a histogram of the
    margin (highest probability minus the second highest) of its right and of its wrong answers.

    Args:
        probabilities: float ``(n, k)`` class probabilities, k >= 2 (``model.predict`` of a softmax output).
        labels: integer ``(n,)`` true classes 0..k-1.
        bins: how many equal bins between margin 0 (a tie) and 1 (completely sure).
        title: the figure's title.

    Returns:
        The ``Figure``: one axes, counts on a log scale (wrong answers are rare at large margins,
        and would vanish on a linear scale); right answers in the RIGHT colour, wrong ones in the
        WRONG colour and hatched, so the two differ without colour too.
    """
    probabilities = np.asarray(probabilities)
    labels = np.asarray(labels)
    if labels.shape != (len(probabilities),):
        raise ValueError(f"plot_margins: {len(probabilities)} rows of probabilities but labels of shape {labels.shape}; "
                         "pass one integer label per row (not one-hot targets).")
    gaps = margin(probabilities)
    right = to_answers(probabilities) == labels
    edges = np.linspace(0, 1, bins + 1)
    fig, ax = plt.subplots(figsize=(8, 3.6))
    _, _, (right_bars, wrong_bars) = ax.hist([gaps[right], gaps[~right]], bins=edges, color=[RIGHT, WRONG],
                                             edgecolor="black", label=["right answers", "wrong answers"])
    for bar in wrong_bars:
        bar.set_hatch("//")
    ax.set_yscale("log")
    ax.set_xticks(edges)
    ax.set_xlabel("margin: highest probability minus second highest")
    ax.set_ylabel("number of images (log scale)")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_unsure_tradeoff(probabilities: np.ndarray, labels: np.ndarray, *, thresholds: Sequence[float] | None = None,
                         chosen: float | None = None, title: str = "Answering less often, but more reliably"):
    """What saying "I am not sure" trades: for each minimum margin, the share of images the
    classifier still answers and the accuracy of those answers (``confident_accuracy``).

    Args:
        probabilities: float ``(n, k)`` class probabilities, k >= 2.
        labels: integer ``(n,)`` true classes 0..k-1.
        thresholds: the minimum margins to try, floats in 0..1; default 0, 0.05, ..., 0.9.
        chosen: a threshold to mark with a vertical line (the one the lesson picked), or None.
        title: the figure's title.

    Returns:
        The ``Figure``: percent against the minimum margin; the accuracy of the answers given
        in the RIGHT colour (solid, circles), the share answered in the NEUTRAL colour (dashed,
        squares). A threshold at which nothing is answered leaves a gap in the accuracy line.
    """
    thresholds = np.linspace(0, 0.9, 19) if thresholds is None else np.asarray(thresholds, dtype=np.float64)
    curve = np.array([confident_accuracy(probabilities, labels, t) for t in thresholds])
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    ax.plot(thresholds, 100 * curve[:, 1], "o-", color=RIGHT, label="accuracy of the answers given")
    ax.plot(thresholds, 100 * curve[:, 0], "s--", color=NEUTRAL, label="share of images answered")
    if chosen is not None:
        ax.axvline(chosen, color="black", linestyle=":", linewidth=1, label=f"chosen: {chosen:g}")
    ax.set_xlabel("minimum margin to answer")
    ax.set_ylabel("percent")
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


_METRIC_NAMES = {
    "loss": "training loss",
    "val_loss": "validation loss",
    "accuracy": "training accuracy",
    "val_accuracy": "validation accuracy",
}


def plot_runs(histories, *, metrics: Sequence[str] = ("val_accuracy",), title: str | None = None):
    """Several training runs' curves in one figure: one panel per metric, one line per run.

    Args:
        histories: a dict ``{run name: History or its .history dict}``.
        metrics: which logged metrics to draw, e.g. ``("accuracy", "val_accuracy")``; a run
            that did not log a metric is left out of that panel.
        title: the figure's title.

    Returns:
        The ``Figure``. Runs differ by colour, marker and line style.
    """
    logs = {name: getattr(h, "history", h) for name, h in histories.items()}
    metrics = [m for m in metrics if any(m in log for log in logs.values())]
    if not metrics:
        raise ValueError("plot_runs: none of the requested metrics was logged by any run.")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.5 * len(metrics), 3.8), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=True):
        for i, (name, log) in enumerate(logs.items()):
            colour, marker, style = run_style(i)
            if metric in log:
                values = log[metric]
                ax.plot(np.arange(1, len(values) + 1), values, marker=marker, linestyle=style, color=colour, label=name)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_ylabel(_METRIC_NAMES.get(metric, metric))
        ax.set_title(_METRIC_NAMES.get(metric, metric))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_tiny_subset(results, *, title: str = "Can the model learn a tiny subset by heart?"):
    """The loss and the number of examples right while a model trains on a tiny subset.

    Args:
        results: one result of ``mnist_lessons.debug.overfit_tiny_subset``, or a dict
            ``{name: result}`` to compare attempts.
        title: the figure's title.

    Returns:
        The ``Figure``: left, the loss (log scale) against passes; right, how many examples
        are answered right, with a dashed line at "all of them".
    """
    if not isinstance(results, dict):
        results = {"model": results}
    fig, (ax_loss, ax_right) = plt.subplots(1, 2, figsize=(11, 3.8))
    n = max(r.n for r in results.values())
    for i, (name, result) in enumerate(results.items()):
        colour, marker, style = run_style(i)
        ax_loss.plot(result.passes, result.loss, marker=marker, linestyle=style, color=colour, label=name, markersize=4)
        ax_right.plot(result.passes, result.right, marker=marker, linestyle=style, color=colour, label=name, markersize=4)
    ax_loss.set_yscale("log")
    ax_loss.set_title("loss (log scale)")
    ax_loss.set_ylabel("training loss")
    ax_right.axhline(n, color="black", linestyle="--", linewidth=1, label=f"all {n} right")
    ax_right.set_ylim(0, n + 1)
    ax_right.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax_right.set_title("examples answered right")
    ax_right.set_ylabel(f"right, out of {n}")
    for ax in (ax_loss, ax_right):
        ax.set_xlabel("passes over the tiny subset (one update each)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_weights(weights: np.ndarray, reference: np.ndarray | None = None, *,
                 title: str = "What the perceptron learned", reference_title: str = "the average five",
                 clip_percentile: float = 99):
    """A perceptron's 784 weights drawn as a 28x28 image, optionally beside a reference image.

    Args:
        weights: ``(784,)``, ``(784, 1)`` or ``(28, 28)`` weights (``model.layers[-1].get_weights()[0]``).
        reference: an image to compare with, e.g. the average five ``x_train[y_train == 5].mean(axis=0)``,
            ``(28, 28)`` with values 0..255 or 0..1. Its outline (where it reaches a third of its
            brightest value) is also drawn over the weights, as a dashed line.
        title: the figure's title.
        reference_title: the reference panel's title.
        clip_percentile: the colour scale spans this percentile of the weights' sizes, so that a few
            extreme weights do not wash out the rest; larger weights get the end colours (100: no clipping).

    Returns:
        The ``Figure``. Weights use a purple-orange scale centred on 0 (orange: a bright pixel there pushes
        the answer towards "five"; purple: away from it), readable with colour-blindness.
    """
    weights = np.asarray(weights, dtype=np.float64)
    if weights.size != 784:
        raise ValueError(f"plot_weights expects 784 weights (one per pixel of a 28x28 image); received shape {weights.shape}.")
    image = weights.reshape(28, 28)
    if reference is not None:
        reference = np.asarray(reference, dtype=np.float64)
        if reference.shape != (28, 28):
            raise ValueError(f"plot_weights expects a (28, 28) reference image; received shape {reference.shape}.")
    panels = 2 if reference is not None else 1
    fig, axes = plt.subplots(1, panels, figsize=(5.4 * panels, 4.6), squeeze=False)
    limit = max(float(np.percentile(np.abs(image), clip_percentile)), 1e-12)
    ax_w = axes[0, 0]
    shown = ax_w.imshow(image, cmap="PuOr_r", vmin=-limit, vmax=limit)
    bar = fig.colorbar(shown, ax=ax_w, fraction=0.046, pad=0.04, extend="both" if clip_percentile < 100 else "neither")
    bar.set_label("weight: orange for 'five', purple against")
    ax_w.set_title("the 784 weights as a 28x28 image")
    if reference is not None:
        ax_w.contour(reference, levels=[reference.max() / 3], colors="black", linewidths=1, linestyles="--")
        ax_w.set_title(f"the 784 weights as a 28x28 image\n(dashed: outline of {reference_title})")
        ax_r = axes[0, 1]
        ax_r.imshow(reference, cmap="gray", vmin=0, vmax=255 if reference.max() > 1 else 1)
        ax_r.set_title(reference_title)
    for ax in axes.flat:
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
