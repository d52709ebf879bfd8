"""Evidence for a model that trains without an error but works badly (lessons 02 and 03).

The helpers gather the evidence (baseline, precision and recall, output range, tiny-subset
overfit, perceptrons trained side by side); the reasoning about it stays in the lesson.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .predictions import to_answers


@dataclass(frozen=True)
class Baseline:
    """The score of always giving the same answer, ``label``: right on ``correct`` of ``total``."""

    label: float
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total

    def __str__(self) -> str:
        return (f"always answering {self.label:g}: right on {self.correct} of {self.total} "
                f"({100 * self.accuracy:.2f}%)")


def majority_baseline(targets: np.ndarray) -> Baseline:
    """The ``Baseline`` of always answering the most common of ``(n,)`` targets (the smaller on a tie);
    for ``is_five(y_test)`` on MNIST: label 0.0, 9108 of 10000. ValueError if ``targets`` is empty."""
    targets = np.asarray(targets).ravel()
    if targets.size == 0:
        raise ValueError("majority_baseline needs at least one target; received an empty array.")
    values, counts = np.unique(targets, return_counts=True)
    best = int(np.argmax(counts))
    return Baseline(label=values[best].item(), correct=int(counts[best]), total=int(targets.size))


@dataclass(frozen=True)
class BinaryScores:
    """A yes/no model's four counts against the truth ("positive": target 1, a five)."""

    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def total(self) -> int:
        return self.true_positives + self.false_positives + self.false_negatives + self.true_negatives

    @property
    def accuracy(self) -> float:
        return (self.true_positives + self.true_negatives) / self.total

    @property
    def precision(self) -> float:
        """Of the examples called positive, the fraction that are; ``nan`` if none was called."""
        called = self.true_positives + self.false_positives
        return self.true_positives / called if called else math.nan

    @property
    def recall(self) -> float:
        """Of the positive examples, the fraction found; ``nan`` with no positives."""
        positives = self.true_positives + self.false_negatives
        return self.true_positives / positives if positives else math.nan

    def __str__(self) -> str:
        def percent(value: float) -> str:
            return "undefined" if math.isnan(value) else f"{100 * value:.1f}%"

        return "\n".join([
            f"accuracy  {percent(self.accuracy):>9}  ({self.true_positives + self.true_negatives} of {self.total} right)",
            f"precision {percent(self.precision):>9}  (of {self.true_positives + self.false_positives} answered 'yes', "
            f"{self.true_positives} are)",
            f"recall    {percent(self.recall):>9}  (of {self.true_positives + self.false_negatives} real 'yes', "
            f"{self.true_positives} found)",
        ])


def binary_scores(targets: np.ndarray, outputs: np.ndarray, threshold: float = 0.5) -> BinaryScores:
    """The ``BinaryScores`` of ``(n,)`` or ``(n, 1)`` outputs against ``(n,)`` 0/1 targets, an output
    above ``threshold`` answering 1 (as Keras's accuracy does with 0.5).

    Raises:
        ValueError: the shapes differ, an output is NaN or infinite, or a target is not 0 or 1.
    """
    targets = np.asarray(targets)
    outputs = np.asarray(outputs)
    if outputs.ndim == 2 and outputs.shape[1] == 1:
        outputs = outputs[:, 0]
    if targets.ndim != 1 or outputs.shape != targets.shape:
        raise ValueError(
            f"binary_scores expects targets of shape (n,) and outputs of shape (n,) or (n, 1); "
            f"received targets {targets.shape} and outputs {np.asarray(outputs).shape}."
        )
    if np.issubdtype(outputs.dtype, np.number) and not np.all(np.isfinite(outputs)):
        nans, infinite = int(np.sum(np.isnan(outputs))), int(np.sum(np.isinf(outputs)))
        raise ValueError(
            f"binary_scores expects finite outputs (numbers such as 0.03 or 0.97); found {nans} NaN and {infinite} "
            f"infinite among {outputs.size}. NaN ('not a number') outputs mean the model diverged: its weights blew "
            "up during training. Build and train it again with a lower learning rate, and with inputs scaled to "
            "0..1 (scale_pixels(x)) rather than raw pixels 0..255."
        )
    if not np.all((targets == 0) | (targets == 1)):
        raise ValueError("binary_scores expects targets that are 0 or 1 (for example is_five(y)); "
                         f"received values {np.unique(targets)[:10]}.")
    truth = targets == 1
    answer = to_answers(outputs, threshold) == 1
    return BinaryScores(
        true_positives=int(np.sum(answer & truth)),
        false_positives=int(np.sum(answer & ~truth)),
        false_negatives=int(np.sum(~answer & truth)),
        true_negatives=int(np.sum(~answer & ~truth)),
    )


@dataclass(frozen=True)
class OutputRange:
    """Where ``count`` outputs lie against the targets' range ``low..high``: how many are ``below``,
    ``above``, and ``at_edges`` (a saturated sigmoid's outputs sit there)."""

    count: int
    minimum: float
    maximum: float
    below: int
    above: int
    at_edges: int
    low: float
    high: float

    @property
    def fraction_outside(self) -> float:
        return (self.below + self.above) / self.count

    @property
    def fraction_at_edges(self) -> float:
        return self.at_edges / self.count

    def __str__(self) -> str:
        return (
            f"{self.count} outputs, from {self.minimum:.2f} to {self.maximum:.2f}.\n"
            f"{self.below} below {self.low:g} and {self.above} above {self.high:g}: "
            f"{100 * self.fraction_outside:.0f}% outside {self.low:g}..{self.high:g}.\n"
            f"{self.at_edges} exactly at {self.low:g} or {self.high:g} ({100 * self.fraction_at_edges:.0f}%)."
        )


def output_range(outputs: np.ndarray, low: float = 0.0, high: float = 1.0, *, edge_tolerance: float = 1e-6) -> OutputRange:
    """The ``OutputRange`` of model outputs of any shape (``(n, 1)``, say) against ``low..high``;
    ``print`` it for a three-line report. ValueError for no outputs or ``low >= high``."""
    values = np.asarray(outputs, dtype=np.float64).ravel()
    if values.size == 0:
        raise ValueError("output_range needs at least one output; received an empty array.")
    if not low < high:
        raise ValueError(f"output_range needs low < high; received low={low}, high={high}.")
    edges = (np.abs(values - low) <= edge_tolerance) | (np.abs(values - high) <= edge_tolerance)
    return OutputRange(
        count=int(values.size),
        minimum=float(values.min()),
        maximum=float(values.max()),
        below=int(np.sum(values < low)),
        above=int(np.sum(values > high)),
        at_edges=int(np.sum(edges)),
        low=float(low),
        high=float(high),
    )


@dataclass(frozen=True)
class TinySubsetResult:
    """A model trained on n examples only: at each of k records, ``passes`` ``(k,)`` int done, the
    mean ``loss`` ``(k,)`` float since the last, and ``right`` ``(k,)`` int; final ``outputs`` ``(n,)``
    float and ``targets`` ``(n,)``."""

    passes: np.ndarray
    loss: np.ndarray
    right: np.ndarray
    outputs: np.ndarray
    targets: np.ndarray

    @property
    def n(self) -> int:
        return len(self.targets)

    @property
    def fits(self) -> bool:
        return int(self.right[-1]) == self.n

    def __str__(self) -> str:
        verdict = "learned them all" if self.fits else "did NOT learn them all"
        return (f"after {int(self.passes[-1])} passes over {self.n} examples: {int(self.right[-1])} of {self.n} right "
                f"({verdict}); loss {self.loss[0]:.4g} in the first passes, {self.loss[-1]:.4g} in the last.")


def overfit_tiny_subset(model, x: np.ndarray, y: np.ndarray, *, n: int = 20, passes: int = 100,
                        record_every: int = 5, threshold: float = 0.5) -> TinySubsetResult:
    """Train a compiled one-output ``model`` in place on ``x[:n]`` (``(N, 28, 28)``, say) and ``y[:n]``
    (``(N,)`` 0/1) only, and return a ``TinySubsetResult``: can it learn them by heart?

    Each pass is one update from all n examples, as ``fit(batch_size=n, epochs=passes)``, recorded
    every ``record_every`` passes. ValueError: fewer than n examples, or ``passes`` not a positive
    multiple of ``record_every``.
    """
    import keras

    x = np.asarray(x)
    y = np.asarray(y)
    if len(x) < n or len(y) < n:
        raise ValueError(f"overfit_tiny_subset needs at least n={n} examples; received {len(x)} inputs and {len(y)} targets.")
    if passes <= 0 or record_every <= 0 or passes % record_every:
        raise ValueError(f"passes ({passes}) must be a positive multiple of record_every ({record_every}).")
    x_tiny, y_tiny = x[:n], y[:n]
    right: list[int] = []

    def count_right(outputs) -> int:
        answers = to_answers(np.asarray(outputs).reshape(n), threshold)
        return int(np.sum(answers == (y_tiny == 1)))

    class _CountRight(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            right.append(count_right(self.model(x_tiny, training=False)))

    # record_every copies of the n examples, one batch per copy, in order: one "epoch" of this
    # fit is record_every passes, each pass an update from exactly the n examples.
    history = model.fit(
        np.concatenate([x_tiny] * record_every),
        np.concatenate([y_tiny] * record_every),
        batch_size=n,
        epochs=passes // record_every,
        shuffle=False,
        verbose=0,
        callbacks=[_CountRight()],
    )
    outputs = np.asarray(model(x_tiny, training=False)).reshape(n)
    return TinySubsetResult(
        passes=np.arange(record_every, passes + 1, record_every),
        loss=np.asarray(history.history["loss"], dtype=np.float64),
        right=np.asarray(right, dtype=np.int64),
        outputs=outputs,
        targets=y_tiny.copy(),
    )


def summed_loss(loss):
    """A loss for perceptrons side by side: ``loss`` of ``(batch, runs)`` float32 arrays, which averages
    over the runs into ``(batch,)``, times the runs: each perceptron gets the slopes it would alone."""
    return lambda targets, outputs: loss(targets, outputs) * outputs.shape[-1]


def make_perceptrons(runs: int = 4, *, activation=None, loss=None, learning_rate=0.001,
                     start_scale: float = 1.0, seed: int = 0, metrics=None):
    """``runs`` perceptrons side by side, compiled with Adam and their losses summed (``summed_loss``,
    default mean squared error): a ``keras.Sequential`` from ``(batch, 28, 28)`` pictures to ``(batch,
    runs)`` float32 outputs, layer ``"output"``. ``seed`` fixes the starting weights (Keras's, times
    ``start_scale``) and the shuffling."""
    import keras

    from .backend import steps_per_execution

    if runs < 1:
        raise ValueError(f"make_perceptrons needs at least one run; received runs={runs}.")
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(runs, activation=activation, name="output")])
    weights, bias = model.get_layer("output").get_weights()
    model.get_layer("output").set_weights([weights * start_scale, bias])
    model.compile(loss=summed_loss(loss or keras.losses.mean_squared_error),
                  optimizer=keras.optimizers.Adam(learning_rate=learning_rate), metrics=metrics,
                  steps_per_execution=steps_per_execution())
    return model


def fit_side_by_side(model, x: np.ndarray, y: np.ndarray, *, epochs: int = 5, batch_size: int = 128):
    """Train every perceptron of a ``make_perceptrons`` model in place, silently, on ``(n, 28, 28)``
    pictures and a copy each of the ``(n,)`` float32 0/1 targets; return the model."""
    y = np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"fit_side_by_side needs one target per picture; received {len(x)} pictures and "
                         f"{len(y)} targets.")
    runs = model.output_shape[-1]
    model.fit(x, np.repeat(y.reshape(-1, 1), runs, axis=1), epochs=epochs, batch_size=batch_size, verbose=0)
    return model
