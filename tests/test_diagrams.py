"""mnist_lessons.diagrams.draw_network: lesson 04's picture of a network, drawn on real matplotlib figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex

from mnist_lessons import palette
from mnist_lessons.diagrams import draw_network

from .test_plots_presenting import SLIDE_FIGURE_MAX_HEIGHT_IN


def _circles_per_layer(ax):
    return [len(collection.get_offsets()) for collection in ax.collections if isinstance(collection, PathCollection)]


def _connections(ax):
    (lines,) = [collection for collection in ax.collections if isinstance(collection, LineCollection)]
    return lines


def test_lesson_03_network_draws_a_few_units_of_big_layers_and_every_connection_between_them():
    fig = draw_network([784, 32, 10], output_labels=[f"digit {d}" for d in range(10)])
    (ax,) = fig.axes
    assert _circles_per_layer(ax) == [6, 6, 10]
    lines = _connections(ax)
    assert len(lines.get_segments()) == 6 * 6 + 6 * 10
    texts = [text.get_text() for text in ax.texts]
    assert texts.count("...") == 2                       # under the two layers drawn in part
    assert [t for t in texts if t.startswith("digit")] == [f"digit {d}" for d in range(10)]
    assert [label.get_text() for label in ax.get_xticklabels()] == [
        "input layer\n784 units", "hidden layer\n32 units", "output layer\n10 units"]
    assert ax.get_title() == "A network of 784 -> 32 -> 10 units"
    plt.close(fig)


def test_network_fits_under_a_heading_on_a_16_9_slide():
    fig = draw_network([784, 512, 10])
    width, height = fig.get_size_inches()
    assert height <= SLIDE_FIGURE_MAX_HEIGHT_IN and width / height >= 1.3, (width, height)
    plt.close(fig)


def test_network_colours_come_from_the_palette():
    fig = draw_network([3, 4, 2])
    (ax,) = fig.axes
    assert _circles_per_layer(ax) == [3, 4, 2]          # small layers are drawn whole, with no "..."
    assert not any(text.get_text() == "..." for text in ax.texts)
    assert to_hex(_connections(ax).get_colors()[0]) == palette.LIGHT.lower()
    units = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert all(to_hex(c.get_facecolors()[0]) == palette.FORWARD.lower() for c in units)
    plt.close(fig)


def test_names_and_counts_to_draw_can_be_chosen():
    fig = draw_network([784, 32, 10], names=["pixels", "hidden", "digits"], drawn=[4, 3, 10], title="mine")
    (ax,) = fig.axes
    assert _circles_per_layer(ax) == [4, 3, 10]
    assert len(_connections(ax).get_segments()) == 4 * 3 + 3 * 10
    assert [label.get_text() for label in ax.get_xticklabels()] == ["pixels", "hidden", "digits"]
    assert ax.get_title() == "mine"
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"layer_sizes": [784]}, "at least two layers"),
        ({"layer_sizes": [784, 0, 10]}, "at least two layers of at least one unit"),
        ({"layer_sizes": [784, 10], "names": ["only one"]}, "2 layers but 1 names"),
        ({"layer_sizes": [784, 10], "drawn": [6, 11]}, "between 1 and the layer's size"),
        ({"layer_sizes": [784, 32, 10], "output_labels": ["a", "b"]}, "2 output labels for a last layer of 10"),
        ({"layer_sizes": [784, 32], "output_labels": [str(i) for i in range(32)]}, "6 of them drawn"),
    ],
)
def test_wrong_arguments_say_what_was_expected(kwargs, message):
    figures_before = plt.get_fignums()
    with pytest.raises(ValueError, match=message):
        draw_network(**kwargs)
    assert plt.get_fignums() == figures_before           # no half-drawn figure left behind
