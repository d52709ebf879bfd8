"""The per-user cache folder: downloaded datasets, and compiled JAX programs.

Kept apart from ``mnist_lessons.data`` so that ``import mnist_lessons`` can find it without
importing NumPy.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "MNIST_LESSONS_CACHE"
"""Environment variable: the cache folder to use instead of the default."""


def cache_dir() -> Path:
    """The per-user cache folder: ``$MNIST_LESSONS_CACHE``, else ``$XDG_CACHE_HOME/mnist-lessons``,
    else ``~/.cache/mnist-lessons``. Downloads go straight into it; other caches use subfolders."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mnist-lessons"
