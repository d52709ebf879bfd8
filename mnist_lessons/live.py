"""``LivePlot``: training curves that redraw after every epoch, for presenting a lesson live.

It draws with the display-handle technique (``display(fig, display_id=True)`` then
``handle.update(fig)``), which updates in place in JupyterLab and leaves the final figure in
the saved notebook. (``clear_output`` would wipe the cell's output and break nbval.)
"""

from __future__ import annotations

from collections.abc import Sequence

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
    """

    def __init__(self, metrics: Sequence[str] = ("loss", "accuracy"), title: str | None = None):
        super().__init__()
        self.metrics = tuple(metrics)
        self.title = title
        self.logs: dict[str, list[float]] = {}
        self.figure = None
        self._handle = None

    def on_train_begin(self, logs=None):
        from IPython.display import display

        self.logs = {}
        self.figure, _ = plt.subplots(1, len(self.metrics), figsize=(5 * len(self.metrics), 3.5), squeeze=False)
        if self.title:
            self.figure.suptitle(self.title)
        plt.close(self.figure)  # shown through the display handle only, not a second time by the inline backend
        self._handle = display(self.figure, display_id=True)

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.logs.setdefault(key, []).append(float(value))
        for ax, metric in zip(self.figure.axes, self.metrics, strict=True):
            ax.clear()
            if metric in self.logs:
                draw_metric(ax, self.logs, metric)
        self.figure.tight_layout()
        if self._handle is not None:
            self._handle.update(self.figure)
