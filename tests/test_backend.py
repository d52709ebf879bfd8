"""The Keras backend: JAX by default, the user's choice always wins; gradients on every backend.

Each case runs in a fresh interpreter, because Keras picks its backend once per process, when
it is first imported, and reads its keras.json from $KERAS_HOME.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from mnist_lessons import backend

from .conftest import ROOT

# What Keras writes by itself into a missing keras.json the first time it is imported.
KERAS_WRITTEN = {"floatx": "float32", "epsilon": 1e-07, "backend": "tensorflow", "image_data_format": "channels_last"}


def run_python(code: str, tmp_path, keras_json: dict | None = None, **env: str) -> str:
    """Run ``code`` in a fresh interpreter with its own KERAS_HOME (holding ``keras_json`` if
    given) and no KERAS_BACKEND unless ``env`` sets one; return its last line of output."""
    keras_home = tmp_path / "keras-home"
    keras_home.mkdir(exist_ok=True)
    if keras_json is not None:
        (keras_home / "keras.json").write_text(json.dumps(keras_json))
    clean = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND" and not k.startswith(("JAX_", "MNIST_LESSONS_CACHE"))}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT,
                         env={**clean, "KERAS_HOME": str(keras_home), **env}, check=True)
    return out.stdout.strip().splitlines()[-1]


WHICH = "import mnist_lessons, keras; print(keras.backend.backend())"

# The choice rules hold for any backend: NumPy's is part of Keras itself, so they are checked on
# every install; TensorFlow's only where the tensorflow extra is installed (CI's main lane, not its
# lowest-versions lane, whose `.[test]` install is a student's: JAX only).
needs_tensorflow = pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None,
                                      reason="TensorFlow is not installed (the tensorflow extra)")
CHOSEN = [pytest.param("tensorflow", marks=needs_tensorflow), "numpy"]


def test_jax_is_the_default_when_nothing_was_chosen(tmp_path):
    assert run_python(WHICH, tmp_path) == "jax"


def test_the_keras_json_that_keras_writes_by_itself_is_not_a_choice(tmp_path):
    assert run_python(WHICH, tmp_path, keras_json=KERAS_WRITTEN) == "jax"


@pytest.mark.parametrize("name", CHOSEN)
def test_a_keras_json_that_names_a_backend_wins(tmp_path, name):
    assert run_python(WHICH, tmp_path, keras_json={"backend": name}) == name


@pytest.mark.parametrize("name", CHOSEN)
def test_the_environment_variable_wins(tmp_path, name):
    assert run_python(WHICH, tmp_path, keras_json={"backend": "jax"}, KERAS_BACKEND=name) == name


def test_a_chosen_backend_that_is_not_installed_is_named_with_the_fix(tmp_path):
    """PyTorch is not installed here (nor TensorFlow in a student's install): say so at import, with the fix."""
    keras_home = tmp_path / "keras-home"
    keras_home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JAX_", "KERAS_"))}
    out = subprocess.run([sys.executable, "-c", "import mnist_lessons"], capture_output=True, text=True, timeout=300,
                         cwd=ROOT, env={**env, "KERAS_HOME": str(keras_home), "KERAS_BACKEND": "torch"}, check=True)
    assert "Keras is set to use PyTorch (KERAS_BACKEND is 'torch'), but PyTorch is not installed" in out.stderr
    assert "pip install torch" in out.stderr and "unset KERAS_BACKEND" in out.stderr
    assert backend.missing_backend_message("jax") is None  # installed: nothing to say
    assert "mnist-lessons[tensorflow]" in backend.INSTALL_HINTS["tensorflow"]


@needs_tensorflow  # Keras's own default is TensorFlow: without it, `import keras` alone fails
def test_importing_keras_first_leaves_its_choice_alone(tmp_path):
    code = "import keras, mnist_lessons, os; print(keras.backend.backend(), os.environ.get('KERAS_BACKEND'))"
    assert run_python(code, tmp_path) == "tensorflow None"


def test_show_backend_names_keras_the_backend_and_the_device(tmp_path):
    line = run_python("import mnist_lessons; from mnist_lessons.backend import show_backend; show_backend()", tmp_path)
    assert line.startswith("Keras 3.") and " on JAX " in line and line.endswith("(cpu)")


GRADIENT_CHECK = """
import mnist_lessons, keras, numpy as np
from mnist_lessons.backend import gradients, steps_per_execution
x, t = np.array([2.0, 1.5]), 0.0
w, b = np.array([1.45, -0.66]), np.array([0.0])
def loss(w, b):
    return keras.ops.sum(keras.ops.square(keras.activations.sigmoid(keras.ops.dot(x, w) + b) - t))
dw, db = gradients(loss, w, b)
p = 1 / (1 + np.exp(-(x @ w + b)))
expected = 2 * (p - t) * p * (1 - p)
print(keras.backend.backend(), dw.dtype, db.dtype, float(np.abs(dw - expected * x).max()),
      float(np.abs(db - expected).max()), steps_per_execution())
"""


@pytest.mark.parametrize("name", ["jax", pytest.param("tensorflow", marks=needs_tensorflow)])
def test_gradients_use_the_backend_in_float64_and_match_the_chain_rule(tmp_path, name):
    words = run_python(GRADIENT_CHECK, tmp_path, KERAS_BACKEND=name).split()
    assert words[:3] == [name, "float64", "float64"]
    assert float(words[3]) < 1e-12 and float(words[4]) < 1e-12
    assert words[5] == "50"


def test_gradients_keep_float32_in_float32():
    import keras

    w = np.ones((3, 2), np.float32)
    (grad,) = backend.gradients(lambda w: keras.ops.sum(w * w), w)
    assert grad.dtype == np.float32 and np.array_equal(grad, 2 * w)


def test_chosen_backend_reads_the_environment_then_keras_json(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert backend.chosen_backend() is None  # no file
    (tmp_path / "keras.json").write_text("{not json")
    assert backend.chosen_backend() is None  # unreadable: Keras ignores it too
    (tmp_path / "keras.json").write_text(json.dumps(KERAS_WRITTEN))
    assert backend.chosen_backend() is None
    (tmp_path / "keras.json").write_text(json.dumps({**KERAS_WRITTEN, "backend": "torch"}))
    assert backend.chosen_backend() == "torch"
    monkeypatch.setenv("KERAS_BACKEND", " jax ")
    assert backend.chosen_backend() == "jax"
    monkeypatch.setenv("KERAS_BACKEND", "")
    assert backend.chosen_backend() == "torch"  # empty means unset, as for Keras


CACHE_CHECK = """
import os, mnist_lessons, keras, numpy as np
m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
m.compile(optimizer="sgd", loss="mse")
m.fit(np.zeros((8, 4)), np.zeros((8, 1)), verbose=0)
folder = os.environ.get("JAX_COMPILATION_CACHE_DIR")
print(folder, len(os.listdir(folder)) if folder and os.path.isdir(folder) else 0)
"""


def test_jax_keeps_compiled_programs_in_the_course_cache(tmp_path):
    folder, entries = run_python(CACHE_CHECK, tmp_path, MNIST_LESSONS_CACHE=str(tmp_path / "cache")).split()
    assert folder == str(tmp_path / "cache" / "jax-compilation")
    assert int(entries) > 0


def test_your_own_jax_cache_folder_wins(tmp_path):
    mine = tmp_path / "my-jax-cache"
    mine.mkdir()
    folder, entries = run_python(CACHE_CHECK, tmp_path, MNIST_LESSONS_CACHE=str(tmp_path / "cache"),
                                 JAX_COMPILATION_CACHE_DIR=str(mine)).split()
    assert folder == str(mine)  # JAX's own settings (such as its minimum compile time to cache) apply there
    assert not (tmp_path / "cache" / "jax-compilation").exists()


def test_no_cache_where_the_folder_cannot_be_made(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = subprocess.run([sys.executable, "-c", CACHE_CHECK], capture_output=True, text=True, timeout=300, cwd=ROOT,
                         env={**{k: v for k, v in os.environ.items() if k != "KERAS_BACKEND" and not k.startswith("JAX_")},
                              "KERAS_HOME": str(tmp_path), "MNIST_LESSONS_CACHE": str(blocker)}, check=True)
    assert out.stdout.split() == ["None", "0"]
    assert "cache" not in out.stderr.lower()
