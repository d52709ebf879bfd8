"""Diagrams of ideas rather than data: the perceptron's knobs and bulb, gradient descent, the
sigmoid, a network of layers. Each returns a new ``Figure``."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .palette import BULB_OFF, BULB_ON, FORWARD, LIGHT, NEUTRAL, RIGHT, WRONG, run_style


def show_perceptron(pixels: np.ndarray, weights: np.ndarray, *, title: str | None = None, axes=None):
    """Rosenblatt's perceptron on a tiny ``(h, w)`` image of pixels 0..255 and ``(h * w,)`` weights:
    pixels, knobs, products, weighted sum, and a bulb lit when the sum is above 0 ("five").
    ``axes`` (four) draws into an existing figure."""
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
    """``show_perceptron`` of one ``(h, w)`` image for each ``{row name: weights}`` in ``settings``."""
    # 2.7 inches a row: two rows (540 px) fit under a heading on a 1280x720 slide
    fig, axes = plt.subplots(len(settings), 4, figsize=(11, 2.7 * len(settings)), squeeze=False,
                             gridspec_kw={"width_ratios": [1, 1, 1, 0.8]})
    for row, (name, weights) in zip(axes, settings.items(), strict=True):
        show_perceptron(pixels, weights, axes=row)
        row[3].set_title(name, fontsize=10)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_descent_paths(paths, *, loss=None, title: str = "Gradient descent with three learning rates"):
    """Gradient descent on a one-knob ``loss`` (vectorised, default ``w ** 2``), one panel per
    ``{title: (k,) float weights, the start first}`` in ``paths``, the steps numbered from 0."""
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
    """The sigmoid curve, with ``weighted_sums`` (any shape) ticked beneath it to show whether they
    land in its sloped middle or on its flat ends."""
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


def draw_network(layer_sizes, *, names=None, drawn=None, output_labels=None, title: str | None = None):
    """A fully connected network of ``layer_sizes`` (input first, e.g. ``(784, 32, 10)``): a column of
    circles per layer (``drawn`` of them, default all up to 10, else 6 and "..."), every unit joined
    to every unit of the next, captioned with ``names`` and, beside the last layer, ``output_labels``.

    ValueError for fewer than two layers, a size below 1, or lists that do not match the layers.
    """
    from matplotlib.collections import LineCollection

    sizes = [int(size) for size in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"draw_network needs at least two layers of at least one unit each, e.g. (784, 32, 10); "
                         f"received {list(layer_sizes)}.")
    last = len(sizes) - 1
    if names is None:
        names = [f"{'input' if i == 0 else 'output' if i == last else 'hidden'} layer\n{size} units"
                 for i, size in enumerate(sizes)]
    drawn = [size if size <= 10 else 6 for size in sizes] if drawn is None else [int(count) for count in drawn]
    if len(names) != len(sizes) or len(drawn) != len(sizes):
        raise ValueError(f"draw_network: {len(sizes)} layers but {len(names)} names and {len(drawn)} counts to draw; "
                         "give one of each per layer.")
    if any(not 1 <= count <= size for count, size in zip(drawn, sizes, strict=True)):
        raise ValueError(f"draw_network: the circles to draw per layer, {drawn}, must each be between 1 and the "
                         f"layer's size, {sizes}.")
    if output_labels is not None and (len(output_labels) != sizes[-1] or drawn[-1] != sizes[-1]):
        raise ValueError(f"draw_network: {len(output_labels)} output labels for a last layer of {sizes[-1]} units, "
                         f"{drawn[-1]} of them drawn; give one label per unit and draw the whole layer.")

    fig, ax = plt.subplots(figsize=(9, 4.5))
    heights = [np.linspace(0.95, 0.05, count) if count > 1 else np.array([0.5]) for count in drawn]
    segments = [((col, y_left), (col + 1, y_right))
                for col in range(last) for y_left in heights[col] for y_right in heights[col + 1]]
    ax.add_collection(LineCollection(segments, colors=LIGHT, linewidths=0.5, zorder=1))
    for col, ys in enumerate(heights):
        ax.scatter(np.full(len(ys), col), ys, s=260, color=FORWARD, edgecolor="black", zorder=2)
        if drawn[col] < sizes[col]:
            ax.text(col, -0.06, "...", ha="center", fontsize=14)
    if output_labels is not None:
        for label, y in zip(output_labels, heights[-1], strict=True):
            ax.text(last + 0.1, y, label, va="center", fontsize=9)
    ax.set_xticks(range(len(sizes)), names)
    ax.set_yticks([])
    ax.set_xlim(-0.3, last + 0.5)
    ax.set_ylim(-0.12, 1.02)
    ax.set_xlabel("data flows from left to right: every unit is connected to every unit of the next layer")
    ax.set_title(title if title is not None else "A network of " + " -> ".join(map(str, sizes)) + " units")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig
