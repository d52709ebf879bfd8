"""``LivePlot``: training curves that redraw after every epoch, for presenting a lesson live.

It draws with the display-handle technique (``display(fig, display_id=True)`` then
``handle.update(fig)``), which updates in place in JupyterLab and leaves the final figure in
the saved notebook. (``clear_output`` would wipe the cell's output and break nbval.)

Drawing the figure costs about half a second (matplotlib renders a PNG for the browser), which
is more than a short epoch takes: lesson 02's perceptron trains an epoch in a quarter of a
second. So inside ``model.fit`` the plot redraws at most once every ``min_interval`` seconds,
always after the first epoch and always after the last: the final figure is the same, and
training is not slowed down several times over by its own picture. Driven by hand (calling
``on_train_begin`` and ``on_epoch_end`` from your own loop, as lesson 06 does), it redraws after
every epoch.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import keras
import matplotlib.pyplot as plt

from .plots import draw_metric


class LivePlot(keras.callbacks.Callback):
    """A Keras callback that redraws loss and accuracy (training vs validation) every epoch.

    Use it with ``verbose=0`` so the curves replace the text log::

        model.fit(x, y, epochs=10, validation_data=(x_val, y_val), verbose=0,
                  callbacks=[LivePlot()])

    Args:
        metrics: which logged metrics to draw, one panel each.
        title: the figure's title.
        min_interval: the fewest seconds between two redraws (0: after every epoch). The first
            epoch and the end of training are always drawn.
        reference: ``{label: value}`` baselines drawn as dash-dot horizontal lines on the
            ``reference_metric`` panel, e.g. ``{"always 'not five'": 0.9085}``.
        reference_metric: which panel gets the reference lines (one of ``metrics``).

    Inside ``model.fit`` with validation data, the training curve's legend says "training (mean
    over the epoch)": Keras logs training metrics as a running mean over the epoch's batches, while
    validation is measured with the weights at the epoch's end. With one panel and a ``title``, the
    panel has no title of its own (its y axis names the metric).
    """

    def __init__(self, metrics: Sequence[str] = ("loss", "accuracy"), title: str | None = None, *,
                 min_interval: float = 1.0, reference: Mapping[str, float] | None = None,
                 reference_metric: str = "accuracy"):
        super().__init__()
        self.metrics = tuple(metrics)
        if reference and reference_metric not in self.metrics:
            raise ValueError(f"LivePlot: reference_metric {reference_metric!r} is not one of the metrics drawn, "
                             f"{self.metrics}; pass reference_metric= one of them, or add it to metrics=.")
        self.reference = dict(reference or {})
        self.reference_metric = reference_metric
        self.title = title
        self.min_interval = min_interval
        self.logs: dict[str, list[float]] = {}
        self.figure = None
        self.redraws = 0
        self._handle = None
        self._last_draw = None
        self._drawn_epochs = 0

    def on_train_begin(self, logs=None):
        from IPython.display import display

        self.logs = {}
        self.redraws = 0
        self._last_draw = None
        self._drawn_epochs = 0
        width = 5 * len(self.metrics) + (2.5 if self.reference else 0)   # room for a legend beside the panel
        self.figure, _ = plt.subplots(1, len(self.metrics), figsize=(width, 3.5), squeeze=False)
        if self.title:
            self.figure.suptitle(self.title)
        plt.close(self.figure)  # shown through the display handle only, not a second time by the inline backend
        self._handle = display(self.figure, display_id=True)

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.logs.setdefault(key, []).append(float(value))
        in_fit = bool(self.params)  # Keras's fit sets params (and calls on_train_end); a hand-driven loop may not
        last = in_fit and epoch + 1 >= self.params.get("epochs", 0)
        due = self._last_draw is None or time.monotonic() - self._last_draw >= self.min_interval
        if due or last or not in_fit:
            self._draw()

    def on_train_end(self, logs=None):
        epochs = len(next(iter(self.logs.values()), []))
        if epochs > self._drawn_epochs:
            self._draw()

    def _draw(self) -> None:
        in_fit = bool(self.params)
        panel_titles = not (self.title and len(self.metrics) == 1)
        for ax, metric in zip(self.figure.axes, self.metrics, strict=True):
            ax.clear()
            if metric in self.logs:
                mean_over_epoch = in_fit and f"val_{metric}" in self.logs
                draw_metric(ax, self.logs, metric,
                            training_label="training (mean over the epoch)" if mean_over_epoch else "training",
                            reference=self.reference if metric == self.reference_metric else None,
                            title=panel_titles)
        self.figure.tight_layout()
        if self._handle is not None:
            self._handle.update(self.figure)
        self.redraws += 1
        self._drawn_epochs = len(next(iter(self.logs.values()), []))
        self._last_draw = time.monotonic()
