"""Importing mnist_lessons before keras keeps stderr clean: no oneDNN banner, no absl lines,
no retracing warnings. In a notebook, stderr is ugly for students and fails nbval."""

import os
import subprocess
import sys


def test_keras_after_mnist_lessons_writes_nothing_to_stderr():
    code = (
        "import mnist_lessons, keras, numpy as np\n"
        "x = np.zeros((10, 4), 'float32')\n"
        "for _ in range(7):  # new models, each predict traces anew: TF warns after five\n"
        "    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
        "    model.predict(x, verbose=0)\n"
        "print('done')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300, check=True)
    assert out.stdout.strip() == "done"
    assert out.stderr == ""
