"""LivePlot during a real (tiny) Keras fit."""

import keras
import numpy as np

from mnist_lessons.data import is_five, load_mnist, scale_pixels
from mnist_lessons.live import LivePlot


def tiny_five_detector(n: int):
    """A one-neuron five detector and the first n scaled MNIST training images with their targets."""
    (x, y), _ = load_mnist()
    x, y = scale_pixels(x[:n]), is_five(y[:n])
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model, x, y


def test_live_plot_records_every_epoch_and_draws_both_curves(capsys):
    model, x, y = tiny_five_detector(512)
    live = LivePlot(title="Live")
    model.fit(x, y, epochs=3, batch_size=128, validation_split=0.25, verbose=0, callbacks=[live])
    assert len(live.logs["loss"]) == 3 and len(live.logs["val_accuracy"]) == 3
    assert np.all(np.isfinite(live.logs["loss"]))
    loss_ax, acc_ax = live.figure.axes
    assert loss_ax.get_title() == "loss" and acc_ax.get_title() == "accuracy"
    assert [len(line.get_xdata()) for line in loss_ax.lines] == [3, 3]
    assert "Figure" in capsys.readouterr().out  # outside Jupyter, display() prints the figure's repr


def test_live_plot_redraws_at_most_once_per_interval_but_always_shows_the_end(capsys):
    model, x, y = tiny_five_detector(256)
    slow = LivePlot(min_interval=3600)
    model.fit(x, y, epochs=4, batch_size=128, verbose=0, callbacks=[slow])
    assert slow.redraws == 2  # after the first epoch, and at the end
    assert [len(line.get_xdata()) for line in slow.figure.axes[0].lines] == [4]  # the end shows every epoch
    every = LivePlot(min_interval=0)
    model.fit(x, y, epochs=4, batch_size=128, verbose=0, callbacks=[every])
    assert every.redraws == 4


def test_live_plot_driven_by_hand_redraws_after_every_epoch(capsys):
    live = LivePlot(min_interval=3600)
    live.on_train_begin()
    for epoch in range(3):
        live.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "accuracy": 0.5 + 0.1 * epoch})
    assert live.redraws == 3
    assert [len(line.get_xdata()) for line in live.figure.axes[0].lines] == [3]


def test_live_plot_curves_differ_in_marker_or_line_style_not_colour_alone(capsys):
    from .test_plots import assert_lines_differ_without_colour

    live = LivePlot()
    live.on_train_begin()
    for epoch in range(2):
        live.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "val_loss": 1.2 / (epoch + 1),
                                  "accuracy": 0.5 + 0.1 * epoch, "val_accuracy": 0.45 + 0.1 * epoch})
    assert assert_lines_differ_without_colour(live.figure) == 4


def test_live_plot_draws_a_reference_line_and_names_the_training_mean_in_fit(capsys):
    from mnist_lessons.palette import NEUTRAL

    from .test_plots import assert_lines_differ_without_colour

    model, x, y = tiny_five_detector(256)
    live = LivePlot(metrics=("accuracy",), title="Accuracy", reference={"always 'not five'": 0.9})
    model.fit(x, y, epochs=2, batch_size=128, validation_split=0.25, verbose=0, callbacks=[live])
    (ax,) = live.figure.axes
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["training (mean over the epoch)", "validation", "always 'not five'"]
    reference = ax.lines[-1]
    assert list(reference.get_ydata()) == [0.9, 0.9] and reference.get_color() == NEUTRAL
    assert ax.get_title() == ""  # the figure's title says it once; the y axis names the metric
    assert assert_lines_differ_without_colour(live.figure) == 3


def test_live_plot_keeps_plain_training_label_without_validation_or_outside_fit(capsys):
    live = LivePlot(metrics=("accuracy",))
    live.on_train_begin()
    live.on_epoch_end(0, {"accuracy": 0.5, "val_accuracy": 0.4})
    labels = [text.get_text() for text in live.figure.axes[0].get_legend().get_texts()]
    assert labels == ["training", "validation"]  # a hand-driven loop may measure training otherwise
    assert live.figure.axes[0].get_title() == "accuracy"


def test_live_plot_refuses_a_reference_for_a_panel_it_does_not_draw():
    import pytest

    with pytest.raises(ValueError, match="reference_metric 'accuracy' is not one of the metrics"):
        LivePlot(metrics=("loss",), reference={"baseline": 0.5})
