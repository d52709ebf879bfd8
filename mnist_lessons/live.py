"""``LivePlot``: training curves that redraw during ``fit``, for presenting a lesson live.

It updates a display handle (``clear_output`` would break nbval), so the saved notebook keeps the
final figure. A redraw costs about half a second, so inside ``fit`` it redraws at most every
``min_interval`` seconds, always after the first and last epochs; driven by hand, every epoch.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import keras
import matplotlib.pyplot as plt

from .plots import draw_metric


class LivePlot(keras.callbacks.Callback):
    """A Keras callback redrawing ``metrics`` (a panel each, training vs validation); use ``verbose=0``.

    ``reference`` (``{label: value}``) draws baselines on the ``reference_metric`` panel. With
    validation data, the training curve is labelled the mean over the epoch, as Keras logs it.
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
