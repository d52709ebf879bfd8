"""The plots and diagrams added for lessons 01 and 02 (the perceptron and its debugging)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mnist_lessons import diagrams, plots
from mnist_lessons.data import load_mnist


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_show_perceptron_states_the_weighted_sum_and_the_bulb_in_words():
    pixels = np.array([[255, 0], [51, 204]], dtype=np.uint8)
    fig = diagrams.show_perceptron(pixels, [0.5, -1.0, -0.5, 0.25])
    assert fig._suptitle.get_text() == "Weighted sum +153.0: the bulb is lit"
    assert "LIT" in fig.axes[3].get_xlabel()
    plt.close(fig)
    fig = diagrams.show_perceptron(pixels, [-0.5, -1.0, -0.5, 0.25])
    assert fig._suptitle.get_text() == "Weighted sum -102.0: the bulb is dark"
    assert "dark" in fig.axes[3].get_xlabel()
    plt.close(fig)


def test_show_perceptron_needs_one_weight_per_pixel():
    with pytest.raises(ValueError, match="4 pixels but 3 weights"):
        diagrams.show_perceptron(np.zeros((2, 2)), [1, 2, 3])


def test_plot_descent_paths_draws_one_labelled_panel_per_learning_rate():
    paths = {"small": np.array([4.0, 3.6, 3.24]), "large": np.array([4.0, -3.6, 3.24])}
    fig = diagrams.plot_descent_paths(paths)
    assert [ax.get_title() for ax in fig.axes] == ["small", "large"]
    assert all(ax.get_xlabel() and ax.get_ylabel() == "loss" for ax in fig.axes)
    plt.close(fig)


def test_plot_runs_draws_every_run_on_every_metric_it_logged():
    runs = {"before": {"accuracy": [0.5, 0.6], "val_accuracy": [0.4, 0.5]}, "after": {"accuracy": [0.9, 0.95]}}
    fig = plots.plot_runs(runs, metrics=("accuracy", "val_accuracy"), title="Before and after")
    left, right = fig.axes
    assert [line.get_label() for line in left.get_lines()] == ["before", "after"]
    assert [line.get_label() for line in right.get_lines()] == ["before"]
    assert left.get_ylabel() == "training accuracy" and right.get_xlabel() == "epoch"
    styles = {(line.get_marker(), line.get_linestyle()) for line in left.get_lines()}
    assert len(styles) == 2  # told apart without colour
    plt.close(fig)


def test_plot_runs_refuses_metrics_nobody_logged():
    with pytest.raises(ValueError, match="none of the requested metrics"):
        plots.plot_runs({"a": {"loss": [1.0]}}, metrics=("val_accuracy",))


class _Result:
    def __init__(self, right):
        self.passes = np.arange(5, 5 * len(right) + 1, 5)
        self.loss = np.linspace(1.0, 0.1, len(right))
        self.right = np.asarray(right)
        self.n = 20


def test_plot_tiny_subset_marks_the_all_right_line():
    fig = plots.plot_tiny_subset({"raw": _Result([10, 15, 18]), "fixed": _Result([18, 20, 20])})
    ax_loss, ax_right = fig.axes
    assert ax_loss.get_yscale() == "log"
    assert "all 20 right" in [line.get_label() for line in ax_right.get_lines()]
    plt.close(fig)


def test_plot_sigmoid_counts_the_sums_on_the_flat_ends():
    fig = diagrams.plot_sigmoid(np.array([-300.0, -2.0, 0.0, 6.0, 900.0]))
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert any("3 of 5 where the curve is flat" in label for label in labels)
    assert fig.axes[0].get_xlim()[1] >= 900
    plt.close(fig)


def test_plot_weights_shows_the_weights_beside_the_average_five(mnist):
    (x_train, y_train), _ = mnist
    average_five = x_train[y_train == 5].mean(axis=0)
    weights = np.random.default_rng(0).normal(size=(784, 1))
    fig = plots.plot_weights(weights, average_five)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("the 784 weights as a 28x28 image") and "the average five" in titles
    low, high = fig.axes[0].get_images()[0].get_clim()
    assert low == -high  # centred on 0: the sign of a weight is the colour's side
    plt.close(fig)


def test_plot_weights_explains_a_wrong_number_of_weights():
    with pytest.raises(ValueError, match="784 weights"):
        plots.plot_weights(np.zeros(785))


def test_compare_perceptrons_draws_one_row_per_setting():
    settings = {"lit": [0.5, 1.0, -0.5, 0.25], "dark": [-0.5, 1.0, -0.5, 0.25]}
    fig = diagrams.compare_perceptrons(np.array([[255, 0], [51, 204]]), settings)
    assert len(fig.axes) == 8
    assert [fig.axes[3].get_title(), fig.axes[7].get_title()] == ["lit", "dark"]
    assert "LIT" in fig.axes[3].get_xlabel() and "dark" in fig.axes[7].get_xlabel()
    plt.close(fig)


def test_plot_weights_clips_the_colour_scale_so_a_few_extremes_do_not_wash_out_the_rest():
    weights = np.linspace(-1, 1, 784)
    weights[0] = -50.0
    fig = plots.plot_weights(weights)
    assert fig.axes[0].get_images()[0].get_clim()[1] < 2
    plt.close(fig)
    fig = plots.plot_weights(weights, clip_percentile=100)
    assert fig.axes[0].get_images()[0].get_clim()[1] == 50.0
    plt.close(fig)


def test_curves_differ_in_marker_or_line_style_not_colour_alone():
    from .test_plots import assert_lines_differ_without_colour

    for fig in (diagrams.plot_sigmoid(np.array([-8.0, -1.0, 0.5, 7.0])),
                diagrams.plot_descent_paths({"small": np.array([4.0, 3.6, 3.24]), "large": np.array([4.0, -3.6, 3.24])}),
                plots.plot_tiny_subset({"raw": _Result([10, 15]), "fixed": _Result([18, 20]), "third": _Result([1, 2])})):
        assert assert_lines_differ_without_colour(fig) >= 2
        plt.close(fig)
