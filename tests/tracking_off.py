"""Pytest plugin (loaded by ``-p tests.tracking_off`` in pyproject.toml): every test and
every notebook kernel that pytest starts runs with Weights & Biases tracking disabled, so
the suite writes no run folders and never touches the network, and records exercise progress
in a folder of its own, so a run of the suite never mixes with the developer's own progress."""

import os
import tempfile

os.environ["WANDB_MODE"] = "disabled"
os.environ["WANDB_SILENT"] = "true"
os.environ.setdefault("MNIST_LESSONS_HOME", tempfile.mkdtemp(prefix="mnist-lessons-progress-"))
