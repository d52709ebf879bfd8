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
