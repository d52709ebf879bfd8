"""Diagrams that explain an idea rather than show data: Rosenblatt's perceptron with its knobs
and bulb, gradient descent on a one-knob loss, the sigmoid (lessons 01 and 02).

Each function draws a new figure and returns it; end the notebook cell with ``plt.show()``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .palette import BULB_OFF, BULB_ON, NEUTRAL, RIGHT, WRONG, run_style


def show_perceptron(pixels: np.ndarray, weights: np.ndarray, *, title: str | None = None, axes=None):
    """Rosenblatt's perceptron on a tiny image: pixels, knobs (weights), products, weighted sum, bulb.

    The bulb lights when the weighted sum is above 0 (the perceptron answers "five").

    Args:
        pixels: a small image, e.g. ``(2, 2)``, values 0 (black) to 255 (white).
        weights: one weight per pixel, ``(h * w,)`` or the image's shape.
        title: the figure's title (default, on a new figure: the weighted sum and the answer).
        axes: four matplotlib axes to draw on (``compare_perceptrons`` passes them); default a new figure.

    Returns:
        The ``Figure``.
    """
    pixels = np.asarray(pixels, dtype=np.float64)
    if pixels.ndim != 2:
        raise ValueError(f"show_perceptron expects a 2-D image like (2, 2); received shape {pixels.shape}.")
    weights = np.asarray(weights, dtype=np.float64)
    if weights.size != pixels.size:
        raise ValueError(f"show_perceptron needs one weight per pixel: {pixels.size} pixels but {weights.size} weights.")
    weights = weights.reshape(pixels.shape)
    products = pixels * weights
    total = float(products.sum())
    lit = total > 0
    own_figure = axes is None
    if own_figure:
        fig, axes = plt.subplots(1, 4, figsize=(11, 3.7), gridspec_kw={"width_ratios": [1, 1, 1, 0.8]})
    else:
        fig = axes[0].figure
    ax_pix, ax_w, ax_prod, ax_bulb = axes
    wmax = max(float(np.abs(weights).max()), 1e-9)
    pmax = max(float(np.abs(products).max()), 1e-9)
    panels = (
        (ax_pix, pixels, "gray", 0, 255, "the picture\n(pixel values, 0 black to 255 white)", "{:.0f}"),
        (ax_w, weights, "PuOr_r", -wmax, wmax, "the knobs\n(one weight per pixel)", "{:+.2f}"),
        (ax_prod, products, "PuOr_r", -pmax, pmax, "pixel \u00d7 weight", "{:+.1f}"),
    )
    for ax, values, cmap, vmin, vmax, label, fmt in panels:
        shown = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax)
        for (row, col), value in np.ndenumerate(values):
            red, green, blue, _ = shown.cmap(shown.norm(value))
            light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.5
            ax.text(col, row, fmt.format(value + 0.0), ha="center", va="center", fontsize=11,
                    color="black" if light else "white")
        ax.set_xticks(range(values.shape[1]))
        ax.set_yticks(range(values.shape[0]))
        ax.set_xlabel(label, fontsize=9)
    ax_pix.set_ylabel("row")
    ax_prod.set_title(f"weighted sum = {total:+.1f}", fontsize=10)
    ax_bulb.add_patch(plt.Circle((0.5, 0.55), 0.3, facecolor=BULB_ON if lit else BULB_OFF, edgecolor="black", linewidth=1.5))
    if lit:
        for angle in np.linspace(0, 2 * np.pi, 12, endpoint=False):
            ax_bulb.plot([0.5 + 0.34 * np.cos(angle), 0.5 + 0.44 * np.cos(angle)],
                         [0.55 + 0.34 * np.sin(angle), 0.55 + 0.44 * np.sin(angle)], color="black", linewidth=1)
    ax_bulb.set_xlim(0, 1)
    ax_bulb.set_ylim(0, 1.05)
    ax_bulb.set_aspect("equal")
    ax_bulb.set_xticks([])
    ax_bulb.set_yticks([])
    ax_bulb.set_xlabel("the bulb: " + ("LIT, answer 'five'" if lit else "dark, answer 'not five'") + "\n(lights when the sum > 0)",
                       fontsize=9)
    if own_figure or title is not None:
        fig.suptitle(title if title is not None else f"Weighted sum {total:+.1f}: the bulb is {'lit' if lit else 'dark'}")
    if own_figure:
        fig.tight_layout()
    return fig


def compare_perceptrons(pixels: np.ndarray, settings, *, title: str = "The same picture, two settings of the knobs"):
    """``show_perceptron`` for several settings of the knobs, one row each.

    Args:
        pixels: a small image, e.g. ``(2, 2)``, values 0..255.
        settings: a dict ``{row name: weights}``.
        title: the figure's title.

    Returns:
        The ``Figure``; each row's bulb panel is titled with its name.
    """
    fig, axes = plt.subplots(len(settings), 4, figsize=(11, 3.5 * len(settings)), squeeze=False,
                             gridspec_kw={"width_ratios": [1, 1, 1, 0.8]})
    for row, (name, weights) in zip(axes, settings.items(), strict=True):
        show_perceptron(pixels, weights, axes=row)
        row[3].set_title(name, fontsize=10)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_descent_paths(paths, *, loss=None, title: str = "Gradient descent with three learning rates"):
    """Gradient descent on a one-knob loss, one panel per learning rate.

    Args:
        paths: a dict ``{panel title: (k,) array of the weight after each step}``, the first
            value being the starting weight.
        loss: the loss as a function of the weight (vectorised); default ``w ** 2``.
        title: the figure's title.

    Returns:
        The ``Figure``: the loss curve with the steps drawn on it, numbered from 0.
    """
    loss = loss if loss is not None else (lambda w: w ** 2)
    paths = {name: np.asarray(path, dtype=np.float64) for name, path in paths.items()}
    reach = max(float(np.abs(path).max()) for path in paths.values()) * 1.1
    grid = np.linspace(-reach, reach, 200)
    fig, axes = plt.subplots(1, len(paths), figsize=(4.3 * len(paths), 3.6), squeeze=False)
    for i, (ax, (name, path)) in enumerate(zip(axes.flat, paths.items(), strict=True)):
        colour, marker, _ = run_style(i)
        ax.plot(grid, loss(grid), color=NEUTRAL, label="loss")
        ax.plot(path, loss(path), marker=marker, color=colour, linewidth=1, label="steps")
        for step, w in enumerate(path[:4]):
            ax.annotate(str(step), (w, loss(w)), textcoords="offset points", xytext=(4, 6), fontsize=8)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("weight (the knob's position)")
        ax.set_ylabel("loss")
        ax.legend(fontsize=8, loc="upper center")
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_sigmoid(weighted_sums: np.ndarray | None = None, *, title: str | None = None):
    """The sigmoid curve, optionally with a model's weighted sums marked beneath it.

    Args:
        weighted_sums: values that go into the sigmoid (any shape). When given, the x-axis
            stretches to cover them and each is marked by a tick under the curve, so you can
            see whether they land in the sloped middle or on the flat ends.
        title: the figure's title.

    Returns:
        The ``Figure``.
    """
    fig, ax = plt.subplots(figsize=(8, 3.6))
    reach = 10.0
    sums = None
    if weighted_sums is not None:
        sums = np.asarray(weighted_sums, dtype=np.float64).ravel()
        reach = max(reach, float(np.abs(sums).max()) * 1.05)
    z = np.linspace(-reach, reach, 2001)
    ax.plot(z, 0.5 * (1 + np.tanh(z / 2)), color=RIGHT, linewidth=2, label="sigmoid(z) = 1 / (1 + e^-z)")
    ax.axhline(0.5, color=NEUTRAL, linewidth=0.8, linestyle=":")
    if sums is not None:
        flat = int(np.sum(np.abs(sums) > 5))
        ax.plot(sums, np.full(sums.shape, -0.06), "|", color=WRONG, markersize=12, alpha=0.5,
                label=f"the weighted sums ({flat} of {sums.size} where the curve is flat, |z| > 5)")
        ax.set_ylim(-0.12, 1.08)
    ax.set_xlabel("weighted sum z")
    ax.set_ylabel("output")
    ax.set_title(title or "The sigmoid squeezes any number into 0..1")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig
