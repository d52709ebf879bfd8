"""Which Keras backend runs the lessons, and the one thing a lesson needs that differs by backend.

Keras 3 runs the same model code on JAX, TensorFlow or PyTorch. It picks its backend once,
when ``keras`` is first imported, from the ``KERAS_BACKEND`` environment variable, else from
``~/.keras/keras.json`` (or ``$KERAS_HOME/keras.json``), else TensorFlow. The course measured
JAX to be the fastest for its small networks on a laptop CPU (see the README's Speed section),
so importing ``mnist_lessons`` before ``keras`` makes JAX the default, *unless you chose*:

- ``KERAS_BACKEND`` set in the environment always wins;
- so does a ``keras.json`` that names a backend, except the file Keras writes by itself the
  first time it is imported (``"backend": "tensorflow"`` with every other setting at its
  default), which records no choice of yours. To choose TensorFlow, set
  ``KERAS_BACKEND=tensorflow``.

Usage in a notebook, right after the imports::

    show_backend()      # prints e.g. "Keras 3.15.1 on JAX 0.10.2 (cpu)"
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

DEFAULT_BACKEND = "jax"
"""The backend the course picks when you have not chosen one: the fastest in our measurements."""

BACKENDS = {"jax": "JAX", "tensorflow": "TensorFlow", "torch": "PyTorch"}
"""The backends the lessons are written for, with their display names."""

# What Keras writes into keras.json by itself when the file does not exist yet.
_KERAS_WRITTEN_DEFAULTS = {"floatx": "float32", "epsilon": 1e-07, "backend": "tensorflow",
                           "image_data_format": "channels_last"}


def keras_config_path() -> Path:
    """Where Keras reads its ``keras.json``: ``$KERAS_HOME``, else ``~/.keras`` (``/tmp/.keras``
    when the home folder is not writable), exactly as Keras itself decides."""
    if "KERAS_HOME" in os.environ:
        folder = Path(os.environ["KERAS_HOME"])
    else:
        home = os.path.expanduser("~")
        folder = Path(home if os.access(home, os.W_OK) else "/tmp") / ".keras"
    return folder.expanduser() / "keras.json"


def chosen_backend() -> str | None:
    """The backend you chose yourself, or ``None``: ``$KERAS_BACKEND`` if set and not empty,
    else the ``backend`` in ``keras.json`` unless that file is the one Keras wrote by itself."""
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
    """Set ``KERAS_BACKEND`` to the course's default when you have not chosen a backend and
    Keras is not imported yet; return the backend Keras will use (or is using).

    Called when ``mnist_lessons`` is imported. Falls back to TensorFlow if JAX is not installed.
    On JAX, also keeps compiled programs in a cache on disk (see ``use_jax_compilation_cache``).
    """
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
    """What to do when the backend ``name`` you chose is not installed; ``None`` when it is (or is
    not one of the backends the course knows)."""
    if name not in BACKENDS or importlib.util.find_spec(name) is not None:
        return None
    how = "KERAS_BACKEND" if os.environ.get("KERAS_BACKEND", "").strip() else f"the backend in {keras_config_path()}"
    return (f"Keras is set to use {BACKENDS[name]} ({how} is {name!r}), but {BACKENDS[name]} is not installed, so "
            f"`import keras` will fail. Either install it: {INSTALL_HINTS[name]}; or use the course's default, "
            f"{BACKENDS[DEFAULT_BACKEND]}: unset KERAS_BACKEND (or remove the backend line from keras.json) and "
            "restart the kernel.")


def use_jax_compilation_cache() -> Path | None:
    """Let JAX keep every program it compiles in ``<cache_dir()>/jax-compilation``, unless you
    set ``JAX_COMPILATION_CACHE_DIR`` yourself or JAX is imported already; return the folder
    used, or ``None``.

    Every new Keras model is compiled anew, even one identical to the last (lessons build the
    same small network many times, to change one knob or seed). From the cache, a repeat costs
    about a quarter of a fresh compile (measured here: 0.33 s instead of 1.3 s to build, train
    and evaluate a small network), and a lesson's second run starts warm. The cache holds one
    entry per distinct program, so re-running the lessons does not grow it (no size limit is set:
    JAX's limit needs the extra ``filelock`` package). Nothing is cached when the folder cannot
    be written.
    """
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
    """One line naming Keras, the backend in use with its version, and the device, e.g.
    ``"Keras 3.15.1 on JAX 0.10.2 (cpu)"``. Imports Keras (and so the backend)."""
    import keras

    name = keras.backend.backend()
    module = {"jax": "jax", "tensorflow": "tensorflow", "torch": "torch"}.get(name, name)
    version = getattr(sys.modules.get(module) or __import__(module), "__version__", "?")
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
    """Print which backend runs this notebook and how to switch; return the backend's name
    (``"jax"``, ``"tensorflow"`` or ``"torch"``)."""
    import keras

    name = keras.backend.backend()
    if name == "tensorflow":
        _quiet_tensorflow_logger()
    print(describe())
    return name


def _quiet_tensorflow_logger() -> None:
    # Under IPython (where sys.ps1 is set), TensorFlow resets its logger to INFO when it is imported,
    # so the level mnist_lessons set before the import is lost: set it again, after the import,
    # unless you chose a level yourself (the logger then keeps a level other than INFO).
    import logging

    logger = logging.getLogger("tensorflow")
    if logger.level in (logging.NOTSET, logging.INFO):
        logger.setLevel(logging.ERROR)


def gradients(loss, *params):
    """The gradient of a scalar function with respect to each of its arguments, computed by the
    active backend's own automatic differentiation (``jax.grad``, ``tf.GradientTape`` or
    ``torch.autograd``), in the arguments' precision.

    Args:
        loss: a function of ``len(params)`` tensors that returns a scalar tensor; write it
            with ``keras.ops``, Keras layers (``layer.stateless_call``) and ``keras.losses``
            so it runs on every backend.
        params: NumPy arrays, the point where the gradient is taken. float64 arrays stay
            float64 on every backend (JAX's 64-bit mode is switched on for the call only).

    Returns:
        One NumPy array per parameter, with its shape and dtype: d loss / d param.
    """
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
    """How many training steps ``fit`` should hand the backend per call, for ``compile``.

    50 on JAX and TensorFlow: the same results with less overhead per batch (measured on a
    2-core CPU, the lesson MLP at batch 256 took 0.30 s an epoch on JAX with 50, 0.54 s with 1).
    1 on PyTorch, which accepts no other value.
    """
    import keras

    return 1 if keras.backend.backend() == "torch" else 50
