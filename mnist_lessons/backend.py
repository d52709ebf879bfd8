"""Which Keras backend runs the lessons, and what a lesson needs that differs by backend.

Keras picks its backend when first imported. Importing ``mnist_lessons`` before ``keras`` makes
JAX (the fastest here, see the README's Speed section) the default unless you chose: with
``KERAS_BACKEND``, or a ``keras.json`` naming a backend (not the one Keras writes by itself).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

DEFAULT_BACKEND = "jax"
BACKENDS = {"jax": "JAX", "tensorflow": "TensorFlow", "torch": "PyTorch"}  # with their display names

# What Keras writes into keras.json by itself when the file does not exist yet.
_KERAS_WRITTEN_DEFAULTS = {"floatx": "float32", "epsilon": 1e-07, "backend": "tensorflow",
                           "image_data_format": "channels_last"}


def keras_config_path() -> Path:
    """Where Keras reads ``keras.json``, as Keras decides: ``$KERAS_HOME``, else ``~/.keras`` (or ``/tmp/.keras``)."""
    if "KERAS_HOME" in os.environ:
        folder = Path(os.environ["KERAS_HOME"])
    else:
        home = os.path.expanduser("~")
        folder = Path(home if os.access(home, os.W_OK) else "/tmp") / ".keras"
    return folder.expanduser() / "keras.json"


def chosen_backend() -> str | None:
    """The backend you chose, or ``None``: ``$KERAS_BACKEND``, else ``keras.json``'s unless Keras wrote it."""
    if os.environ.get("KERAS_BACKEND", "").strip():
        return os.environ["KERAS_BACKEND"].strip()
    try:
        config = json.loads(keras_config_path().read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(config, dict) or "backend" not in config or config == _KERAS_WRITTEN_DEFAULTS:
        return None
    return str(config["backend"])


def choose_default_backend() -> str:
    """Set ``KERAS_BACKEND`` to the default (TensorFlow without JAX) if you chose none and Keras is not
    imported yet, with JAX's compilation cache; return the backend Keras will use. Run on import."""
    if "keras" in sys.modules:  # too late to choose: Keras has picked already
        return os.environ.get("KERAS_BACKEND") or chosen_backend() or "tensorflow"
    chosen = chosen_backend()
    if not chosen:
        chosen = DEFAULT_BACKEND if importlib.util.find_spec(DEFAULT_BACKEND) else "tensorflow"
        os.environ["KERAS_BACKEND"] = chosen
    if chosen == "jax":
        use_jax_compilation_cache()
    missing = missing_backend_message(chosen)
    if missing:
        warnings.warn(missing, BackendNotInstalled, stacklevel=2)
    return chosen


class BackendNotInstalled(UserWarning):
    """The backend you chose is not installed, so importing Keras will fail."""


INSTALL_HINTS = {"tensorflow": "pip install \"mnist-lessons[tensorflow]\" (TensorFlow is an extra: students "
                               "need only JAX)",
                 "torch": "pip install torch (untested with the lessons)", "jax": "pip install jax"}


def missing_backend_message(name: str) -> str | None:
    """What to do when the backend you chose is not installed; ``None`` when it is (or is unknown)."""
    if name not in BACKENDS or importlib.util.find_spec(name) is not None:
        return None
    how = "KERAS_BACKEND" if os.environ.get("KERAS_BACKEND", "").strip() else f"the backend in {keras_config_path()}"
    return (f"Keras is set to use {BACKENDS[name]} ({how} is {name!r}), but {BACKENDS[name]} is not installed, so "
            f"`import keras` will fail. Either install it: {INSTALL_HINTS[name]}; or use the course's default, "
            f"{BACKENDS[DEFAULT_BACKEND]}: unset KERAS_BACKEND (or remove the backend line from keras.json) and "
            "restart the kernel.")


def use_jax_compilation_cache() -> Path | None:
    """Let JAX keep its compiled programs in ``<cache_dir()>/jax-compilation`` (a repeated model then
    compiles in about a quarter of the time), unless ``JAX_COMPILATION_CACHE_DIR`` is set, JAX is
    imported or the folder cannot be written; return the folder used, or ``None``."""
    if "jax" in sys.modules or os.environ.get("JAX_COMPILATION_CACHE_DIR"):
        return None
    from .files import cache_dir

    folder = cache_dir() / "jax-compilation"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    os.environ["JAX_COMPILATION_CACHE_DIR"] = str(folder)
    os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")  # small programs too
    return folder


def describe() -> str:
    """One line naming Keras, the backend and its version, and the device: "Keras 3.15.1 on JAX 0.10.2 (cpu)"."""
    import keras

    name = keras.backend.backend()
    version = getattr(sys.modules.get(name) or __import__(name), "__version__", "?")
    device = "cpu"
    if name == "jax":
        import jax

        device = jax.default_backend()
    elif name == "tensorflow":
        import tensorflow as tf

        device = "gpu" if tf.config.list_logical_devices("GPU") else "cpu"
    elif name == "torch":
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
    return f"Keras {keras.__version__} on {BACKENDS.get(name, name)} {version} ({device})"


def show_backend() -> str:
    """Print ``describe()`` and return the backend's name (``"jax"``, ``"tensorflow"`` or ``"torch"``)."""
    import keras

    name = keras.backend.backend()
    if name == "tensorflow":
        _quiet_tensorflow_logger()
    print(describe())
    return name


def _quiet_tensorflow_logger() -> None:
    # Under IPython TensorFlow resets its logger to INFO on import: set ERROR again, unless you chose a level.
    import logging

    logger = logging.getLogger("tensorflow")
    if logger.level in (logging.NOTSET, logging.INFO):
        logger.setLevel(logging.ERROR)


def gradients(loss, *params):
    """d loss / d param for each NumPy array in ``params`` (same shape and dtype; float64 stays float64),
    by the backend's own automatic differentiation; ``loss`` returns a scalar, written with ``keras.ops``."""
    import keras
    import numpy as np

    name = keras.backend.backend()
    params = tuple(np.asarray(p) for p in params)
    argnums = tuple(range(len(params)))
    if name == "jax":
        import jax
        import jax.numpy as jnp

        # jax.enable_x64 is JAX 0.6's name; older JAX (the floor, 0.4.36) has it in jax.experimental.
        enable_x64 = getattr(jax, "enable_x64", None)
        if enable_x64 is None:
            from jax.experimental import enable_x64
        with enable_x64(True):
            grads = jax.grad(loss, argnums=argnums)(*(jnp.asarray(p) for p in params))
            return tuple(np.asarray(g) for g in grads)
    if name == "tensorflow":
        import tensorflow as tf

        tensors = [tf.constant(p) for p in params]
        with tf.GradientTape() as tape:
            tape.watch(tensors)
            value = loss(*tensors)
        return tuple(g.numpy() for g in tape.gradient(value, tensors))
    if name == "torch":
        import torch

        tensors = [torch.tensor(p, requires_grad=True) for p in params]
        loss(*tensors).backward()
        return tuple(t.grad.detach().cpu().numpy() for t in tensors)
    raise ValueError(f"gradients: the Keras backend is {name!r}; expected one of {sorted(BACKENDS)}. "
                     "Set KERAS_BACKEND to jax, tensorflow or torch before importing keras.")


def steps_per_execution() -> int:
    """The ``steps_per_execution`` for ``compile``: 50 (same results, less overhead per batch), 1 on PyTorch."""
    import keras

    return 1 if keras.backend.backend() == "torch" else 50
