"""Helpers for the mnist-lessons notebooks: data loading, plotting, tracking, checks.

Importing the package is cheap: it does not import TensorFlow, Keras, matplotlib or wandb.
It only sets TensorFlow's logging variables (if you have not set them yourself) so that
TensorFlow, imported later by a notebook, starts without a wall of log lines on stderr.
Import ``mnist_lessons`` before ``keras`` in every notebook.

Modules, one concern each:

- ``mnist_lessons.data``: ``load_mnist()``, ``load_fashion_mnist()``, ``FASHION_CLASSES``,
  ``is_five()``, ``scale_pixels()``.
- ``mnist_lessons.idx``: reading the gzip IDX files the datasets ship as.
- ``mnist_lessons.download``: fetching the datasets when no local copy exists.
- ``mnist_lessons.plots``: image grids, training curves, confusion matrices.
- ``mnist_lessons.live``: ``LivePlot``, a Keras callback that redraws curves during ``fit``.
- ``mnist_lessons.tracking``: ``start_run()``, Weights & Biases tracking that never blocks.
- ``mnist_lessons.checks``: ``check_at_least()`` and friends, the checks behind every number
  a lesson's prose states.
"""

import os

# Must run before TensorFlow is imported (see GUIDE section 3): oneDNN's banner and absl's
# start-up lines go to stderr, which clutters notebooks and fails nbval.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

__version__ = "0.1.0"
