"""Pytest plugin (loaded by ``-p tests.tracking_off`` in pyproject.toml): every test and
every notebook kernel that pytest starts runs with Weights & Biases tracking disabled, so
the suite writes no run folders and never touches the network."""

import os

os.environ["WANDB_MODE"] = "disabled"
os.environ["WANDB_SILENT"] = "true"
