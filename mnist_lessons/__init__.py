"""Helpers for the mnist-lessons notebooks: data loading, plotting, tracking, checks.

Importing the package is cheap: it does not import Keras, JAX, TensorFlow, matplotlib or
wandb. It only prepares what must be decided before Keras is imported, leaving alone whatever
you set yourself:

- the Keras backend: JAX, the fastest for these lessons on a CPU, unless you chose one with
  ``KERAS_BACKEND`` or ``keras.json`` (see ``mnist_lessons.backend``);
- TensorFlow's logging variables and logger level, so that TensorFlow, if it is the backend,
  starts without a wall of log lines on stderr.

Import ``mnist_lessons`` before ``keras`` in every notebook.

Modules, one concern each:

- ``mnist_lessons.backend``: ``show_backend()``; ``gradients()``, the backend's own automatic
  differentiation behind one function.
- ``mnist_lessons.data``: ``load_mnist()``, ``load_fashion_mnist()``, ``FASHION_CLASSES``,
  ``is_five()``, ``scale_pixels()``.
- ``mnist_lessons.idx``: reading the gzip IDX files the datasets ship as.
- ``mnist_lessons.download``: fetching the datasets when no local copy exists.
- ``mnist_lessons.plots``: image grids, training curves, confusion matrices, predictions.
- ``mnist_lessons.diagrams``: pictures of ideas: the perceptron's knobs and bulb, gradient
  descent, the sigmoid.
- ``mnist_lessons.live``: ``LivePlot``, a Keras callback that redraws curves during ``fit``.
- ``mnist_lessons.tracking``: ``start_run()``, Weights & Biases tracking that never blocks.
- ``mnist_lessons.checks``: ``check_at_least()`` and friends, the checks behind every number
  a lesson's prose states.
- ``mnist_lessons.debug``: evidence for debugging a model that trains but works badly
  (majority baseline, precision and recall, output range, tiny-subset overfit check).
- ``mnist_lessons.predictions``: reading softmax outputs: top two classes, "I am not sure".
- ``mnist_lessons.challenge``: the Fashion-MNIST student challenge's target.
- ``mnist_lessons.exercises``: each lesson's exercises (``check()``, ``hint()``, ``solution()``), its
  questionnaire, and ``progress()``.
"""

import logging
import os

from .backend import choose_default_backend

# Must run before TensorFlow is imported (see GUIDE section 3): oneDNN's banner and absl's
# start-up lines go to stderr, which clutters notebooks and fails nbval.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

# TensorFlow's Python-side warnings (such as "5 out of the last 5 calls ... triggered
# tf.function retracing" after a few model.predict calls on new models) are advice for
# library authors, not students: show only errors, unless you chose a level yourself.
if logging.getLogger("tensorflow").level == logging.NOTSET:
    logging.getLogger("tensorflow").setLevel(logging.ERROR)

choose_default_backend()

__version__ = "0.1.0"
