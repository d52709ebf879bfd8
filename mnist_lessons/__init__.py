"""Helpers for the mnist-lessons notebooks: data loading, plotting, tracking, checks.

Importing the package is cheap: it does not import Keras, JAX, TensorFlow, matplotlib or
wandb. It only prepares what must be decided before Keras is imported, leaving alone whatever
you set yourself:

- the Keras backend: JAX, the fastest for these lessons on a CPU, unless you chose one with
  ``KERAS_BACKEND`` or ``keras.json`` (see ``mnist_lessons.backend``);
- TensorFlow's logging variables and logger level, so that TensorFlow, if it is the backend,
  starts without a wall of log lines on stderr.

Import ``mnist_lessons`` before ``keras`` in every notebook.

The modules, one concern each, are listed with one line each in CONTRIBUTING.md ("The package,
module by module"), grouped as the code is: data, teaching kit, exercises, tooling.
"""

import logging
import os

from .backend import choose_default_backend

# Must run before TensorFlow is imported: oneDNN's banner and absl's start-up lines go to
# stderr, which clutters notebooks and fails nbval (TF_CPP_MIN_LOG_LEVEL alone does not silence
# them all; tests/test_quiet_tensorflow.py checks it).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

# TensorFlow's Python-side warnings (such as "5 out of the last 5 calls ... triggered
# tf.function retracing" after a few model.predict calls on new models) are advice for
# library authors, not students: show only errors, unless you chose a level yourself.
if logging.getLogger("tensorflow").level == logging.NOTSET:
    logging.getLogger("tensorflow").setLevel(logging.ERROR)

choose_default_backend()

__version__ = "0.1.0"
"""The course's version, written only here: pyproject.toml reads it ([tool.setuptools.dynamic])."""
