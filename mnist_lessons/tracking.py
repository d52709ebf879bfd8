"""Experiment tracking with Weights & Biases, as the course uses it: every training run logged,
so runs can be compared later. An account is optional and a cell never hangs:

- ``WANDB_MODE`` (``online``, ``offline`` or ``disabled``) decides when it is set;
- otherwise: ``online`` if you are logged in (``wandb login`` or ``WANDB_API_KEY``) and the
  W&B server answers within 3 seconds, else ``offline``: the run is kept under ``./wandb`` and
  can be uploaded later with ``wandb sync``.

Usage::

    with start_run("perceptron", config={"epochs": 10}) as run:
        model.fit(..., callbacks=run.callbacks)
"""

from __future__ import annotations

import netrc
import os
import socket
from urllib.parse import urlparse

PROJECT = "mnist-lessons"
MODES = ("online", "offline", "disabled")


def default_mode() -> str:
    """The mode a run gets: ``$WANDB_MODE`` if set, else ``online`` when logged in and the
    server is reachable, else ``offline``. Never prompts, never waits more than 3 s."""
    mode = os.environ.get("WANDB_MODE", "").strip().lower()
    if mode in ("dryrun",):
        return "offline"
    if mode in MODES:
        return mode
    if not _logged_in():
        return "offline"
    return "online" if _reachable(*_server()) else "offline"


class Run:
    """A started tracking run: ``callbacks`` for ``fit``, ``log()`` for extra figures, ``finish()``.

    Also a context manager that finishes the run on leaving the ``with`` block.
    """

    def __init__(self, wandb_run, mode: str):
        self.wandb_run = wandb_run
        self.mode = mode

    @property
    def callbacks(self) -> list:
        """Keras callbacks that log every epoch's metrics (none when tracking is disabled)."""
        if self.mode == "disabled":
            return []
        from wandb.integration.keras import WandbMetricsLogger

        return [WandbMetricsLogger()]

    def log(self, metrics: dict) -> None:
        """Log extra values, for example ``{"test_accuracy": 0.97}``, to the run's summary."""
        for key, value in metrics.items():
            self.wandb_run.summary[key] = value

    def finish(self) -> None:
        """Close the run (flushes it to disk in offline mode)."""
        self.wandb_run.finish()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.finish()


def start_run(name: str, config: dict | None = None, *, project: str = PROJECT, mode: str | None = None) -> Run:
    """Start a tracked run and print one line saying where it is logged.

    Args:
        name: the run's name, e.g. ``"perceptron-raw-pixels"``.
        config: the settings to record (epochs, batch size, learning rate, ...).
        project: the W&B project.
        mode: ``online``, ``offline`` or ``disabled``; default ``default_mode()``.

    Returns:
        A ``Run``; pass ``run.callbacks`` to ``model.fit``.
    """
    mode = mode or default_mode()
    if mode not in MODES:
        raise ValueError(f"start_run: mode must be one of {MODES}; received {mode!r}.")
    os.environ.setdefault("WANDB_SILENT", "true")
    import wandb

    wandb_run = wandb.init(project=project, name=name, config=config or {}, mode=mode, reinit="finish_previous")
    if mode == "disabled":
        print(f"Tracking is off for run '{name}' (WANDB_MODE=disabled).")
    elif mode == "offline":
        folder = os.path.relpath(os.path.dirname(wandb_run.dir))
        print(f"Tracking run '{name}' offline in {folder} (no account needed; upload later with: wandb sync {folder}).")
    else:
        print(f"Tracking run '{name}' online: {wandb_run.url}")
    return Run(wandb_run, mode)


def _logged_in() -> bool:
    if os.environ.get("WANDB_API_KEY"):
        return True
    try:
        return netrc.netrc().authenticators(_server()[0]) is not None
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return False


def _server() -> tuple[str, int]:
    """The W&B server's host and port (``$WANDB_BASE_URL``, default api.wandb.ai:443)."""
    url = urlparse(os.environ.get("WANDB_BASE_URL", "https://api.wandb.ai"))
    return url.hostname or "api.wandb.ai", url.port or (80 if url.scheme == "http" else 443)


def _reachable(host: str, port: int, timeout: float = 3.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
