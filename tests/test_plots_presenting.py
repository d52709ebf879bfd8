"""Figures that read well on a projected 1280x720 slide: whole-number epochs, class names at a
readable size, heights that leave room for a slide's heading. (tests/browser checks the slides
themselves in a real browser.)"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mnist_lessons import plots

SLIDE_FIGURE_MAX_HEIGHT_IN = 5.5  # 550 px at matplotlib's 100 dpi: a 720 px slide keeps room for its heading


@pytest.mark.parametrize("epochs", [1, 2, 3, 7])
def test_epoch_axis_has_only_whole_numbers(epochs):
    # With 2 epochs matplotlib's default ticks were 0.96, 0.98, ..., 1.04 or 1.5.
    history = {"loss": list(np.linspace(1, 0.5, epochs)), "val_loss": list(np.linspace(1.1, 0.6, epochs))}
    fig = plots.plot_history(history, metrics=("loss",))
    fig.canvas.draw()
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    shown = [t for t in ax.get_xticks() if lo <= t <= hi]
    assert shown and all(float(t).is_integer() for t in shown), shown
    plt.close(fig)


def test_class_names_under_probability_bars_are_readable():
    probabilities = np.full((2, 10), 0.02)
    probabilities[0, 3], probabilities[1, 9] = 0.82, 0.82
    names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    fig = plots.show_predictions(np.zeros((2, 28, 28)), probabilities, [3, 8], class_names=names, ncols=2)
    bar_axes = fig.axes[1]
    labels = bar_axes.get_yticklabels()
    assert [label.get_text() for label in labels] == names
    assert all(label.get_fontsize() >= 10 and label.get_rotation() == 0 for label in labels)
    assert bar_axes.get_xlabel() == "probability"
    plt.close(fig)


@pytest.mark.parametrize(
    "draw",
    [
        lambda: plots.plot_confusion_matrix(np.arange(10), np.arange(10), class_names=[f"class {i}" for i in range(10)]),
        lambda: plots.plot_confusion_matrix(np.arange(10), np.arange(10)),
    ],
    ids=["10-class confusion matrix with names", "10-class confusion matrix"],
)
def test_big_figures_fit_under_a_heading_on_a_16_9_slide(draw):
    fig = draw()
    width, height = fig.get_size_inches()
    assert height <= SLIDE_FIGURE_MAX_HEIGHT_IN and width / height >= 1.3, (width, height)
    plt.close(fig)


def test_live_plot_epoch_axis_has_only_whole_numbers_after_every_epoch(capsys):
    # The live plot redraws after each epoch; after the first two it showed ticks like 0.96..1.04, then 1.5.
    from mnist_lessons.live import LivePlot

    live = LivePlot()
    live.on_train_begin()
    for epoch in range(3):
        live.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "accuracy": 0.5 + 0.1 * epoch})
        live.figure.canvas.draw()
        for ax in live.figure.axes:
            lo, hi = ax.get_xlim()
            shown = [t for t in ax.get_xticks() if lo <= t <= hi]
            assert shown and all(float(t).is_integer() for t in shown), (epoch, shown)
    capsys.readouterr()  # outside Jupyter, display() prints the figure's repr
    plt.close(live.figure)
