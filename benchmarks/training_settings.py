"""Which compile/fit settings make the lesson MLP train fastest on this machine?

    python benchmarks/training_settings.py                          # on the default backend, JAX
    KERAS_BACKEND=tensorflow python benchmarks/training_settings.py # on another

Times one epoch of the 784-128-10 MLP on the 60000 MNIST images (median of 3 after a
warm-up epoch) for several batch sizes and ``steps_per_execution`` values, and prints a
table. ``steps_per_execution`` changes only the overhead per batch, never the results;
the batch size changes both (fewer, larger updates). The lessons use what this showed:
steps_per_execution=50 on JAX and TensorFlow (``mnist_lessons.backend.steps_per_execution()``;
PyTorch accepts only 1), batch 256 for lesson 05's network.
"""

from __future__ import annotations

import itertools
import sys

from run import mlp_epoch_seconds


def main() -> int:
    import keras

    print(f"Keras backend: {keras.backend.backend()}")
    print("| batch size | steps_per_execution | seconds per epoch |")
    print("| --- | --- | --- |")
    for batch_size, steps in itertools.product((32, 128, 256), (1, 10, 50, 200, 469)):
        seconds = mlp_epoch_seconds(3, batch_size=batch_size, steps_per_execution=steps)
        print(f"| {batch_size} | {steps} | {seconds:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
