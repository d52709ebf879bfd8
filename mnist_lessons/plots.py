"""Plotting helpers: image grids, training curves, confusion matrices, predictions.

Every figure has a title and labelled axes; colours come from ``palette`` by role, never as the
only cue. Each function returns a new ``Figure``: end the cell with ``plt.show()`` or a semicolon.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from .palette import HIGHLIGHT, NEUTRAL, RIGHT, SPLIT_STYLES, WRONG, run_style
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
    """A grid of ``(n, h, w)`` images (uint8 0..255 or float 0..1), each titled with its ``(n,)``
    integer label; with ``(n,)`` ``predictions``, a wrong one is titled "pred X / true Y" in ``WRONG``."""
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


def show_pixels(image: np.ndarray, crop: tuple[int, int, int], *, title: str = "One image's pixel values"):
    """A ``(h, w)`` uint8 image's raw values in the square ``crop = (top, left, size)``, written
    on their grey levels, beside the whole image with that square boxed."""
    image = np.asarray(image)
    top, left, size = crop
    part = image[top:top + size, left:left + size]
    fig, (ax_num, ax_img) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [1.3, 1]})
    ax_num.imshow(part, cmap="gray", vmin=0, vmax=255,
                  extent=(left - 0.5, left + part.shape[1] - 0.5, top + part.shape[0] - 0.5, top - 0.5))
    for (row, col), value in np.ndenumerate(part):
        ax_num.text(left + col, top + row, str(int(value)), ha="center", va="center", fontsize=10,
                    color="black" if value > 127 else "white")
    ax_num.set_title("pixel values (0 black, 255 white)")
    ax_img.imshow(image, cmap="gray", vmin=0, vmax=255)
    ax_img.add_patch(plt.Rectangle((left - 0.5, top - 0.5), size, size, fill=False, edgecolor=HIGHLIGHT, linewidth=2))
    ax_img.set_title("the whole image, the numbers boxed")
    for ax in (ax_num, ax_img):
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_history(history, *, metrics: Sequence[str] = ("loss", "accuracy"), title: str | None = None):
    """Training curves from a Keras ``History`` (or its ``.history`` dict of per-epoch floats), one
    panel per metric present, training against validation when it was logged."""
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
    """Draw one metric's training (and validation, if logged) curves on ``ax``, for ``plot_history``
    and ``LivePlot``; ``logs`` maps metric names to per-epoch floats. ``reference`` (``{label: value}``)
    adds horizontal baselines, with the legend beside the panel."""
    epochs = np.arange(1, len(logs[metric]) + 1)
    for split, key in (("training", metric), ("validation", f"val_{metric}")):
        if key in logs:
            split = "validation" if key.startswith("val_") else split   # metric "val_loss": validation only
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
    """Count each (true, predicted) pair of ``(n,)`` integer labels: an int64 ``(k, k)`` array, row =
    true class, column = predicted; k defaults to the largest label + 1."""
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
    mistakes_scale: bool = False,
):
    """The confusion matrix of ``(n,)`` integer labels and answers as a heat map with every count;
    ``mistakes_scale`` colours by the off-diagonal counts only, so mistakes stay visible."""
    k = len(class_names) if class_names is not None else None
    matrix = confusion_matrix(y_true, y_pred, k)
    k = matrix.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    # legible for 2 classes, and a 10-class matrix (7.2 x 5.2 in) still fits a 16:9 slide under its heading
    fig, ax = plt.subplots(figsize=(max(4.5, 2.2 + 0.5 * k), max(3.6, 1.0 + 0.42 * k)))
    top = max(int((matrix - np.diag(np.diag(matrix))).max()), 1) if mistakes_scale else matrix.max()
    image = ax.imshow(matrix, cmap="Blues", vmin=0 if mistakes_scale else None, vmax=top if mistakes_scale else None)
    for (row, col), count in np.ndenumerate(matrix):
        ax.text(col, row, str(count), ha="center", va="center", fontsize=8,
                color="white" if count > top / 2 else "black")
    ax.set_xticks(range(k), names, rotation=45 if class_names is not None else 0, ha="right" if class_names is not None else "center")
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="images (the diagonal is beyond the scale)" if mistakes_scale else "images")
    fig.tight_layout()
    return fig


def show_prediction(image: np.ndarray, probabilities: np.ndarray, label: int, *, class_names: Sequence[str] | None = None, axes=None):
    """A ``(28, 28)`` image with its predicted and true class, beside horizontal bars of its ``(k,)``
    probabilities; ``axes`` (two) draws into an existing figure."""
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
    """A grid of ``show_prediction`` pairs: images ``(n, 28, 28)``, probabilities ``(n, k)``, labels ``(n,)``."""
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
    """Histograms (log scale) of the margin, highest minus second-highest probability, of right and of
    wrong (hatched) answers, from float ``(n, k)`` probabilities and integer ``(n,)`` labels."""
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
    """For each minimum margin (default 0, 0.05, ..., 0.9), the share of images still answered and
    the accuracy of those answers (``confident_accuracy``), from float ``(n, k)`` probabilities and
    integer ``(n,)`` labels; ``chosen`` marks a threshold."""
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
    """Several runs' curves (``{name: History or its .history dict}``): one panel per metric, one
    line per run, runs differing by colour, marker and line style."""
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
    """The loss (log scale) and the examples answered right against passes, for one
    ``debug.overfit_tiny_subset`` result or a dict ``{name: result}``."""
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
    """A perceptron's 784 weights (``(784,)``, ``(784, 1)`` or ``(28, 28)``) as a 28x28 image on a
    purple-orange scale centred on 0, clipped at ``clip_percentile`` of their sizes; beside a
    ``(28, 28)`` ``reference`` image, whose outline is drawn dashed over the weights."""
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
