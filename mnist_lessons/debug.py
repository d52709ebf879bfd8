"""Tools for debugging a model that trains without an error but works badly (lesson 02).

A network rarely raises a helpful error: it just answers badly. These helpers gather the
evidence a practitioner looks at; the reasoning about what the evidence means stays in the
lesson.

- ``majority_baseline(targets)``: the accuracy of always answering the most common class,
  the score any real model must beat.
- ``binary_scores(targets, outputs)``: accuracy, precision and recall of a yes/no model,
  with the four counts of its confusion matrix.
- ``output_range(outputs)``: where a model's outputs lie compared with the range of the
  targets (0..1 for yes/no targets), and how many sit at the very edges of it.
- ``overfit_tiny_subset(model, x, y)``: can the model learn a handful of examples by heart?
  If it cannot, something is broken, not just under-trained.
- ``make_perceptrons(runs, ...)``, ``fit_side_by_side(model, x, y)``: several perceptrons side
  by side in one model, each trained as it would be alone, so that one training gives several
  runs to compare (lessons 02 and 03).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .predictions import to_answers


@dataclass(frozen=True)
class Baseline:
    """The score of always giving the same answer.

    Attributes:
        label: the answer always given (the most common target).
        correct: how many targets equal ``label``.
        total: how many targets there are.
    """

    label: float
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        """The fraction of targets equal to ``label``."""
        return self.correct / self.total

    def __str__(self) -> str:
        return (f"always answering {self.label:g}: right on {self.correct} of {self.total} "
                f"({100 * self.accuracy:.2f}%)")


def majority_baseline(targets: np.ndarray) -> Baseline:
    """The accuracy of a "model" that always answers the most common target.

    Args:
        targets: ``(n,)`` targets, for example the float32 0/1 array from ``is_five(y_test)``
            or integer digit labels.

    Returns:
        A ``Baseline``: ``.label`` (the most common target; the smaller one on a tie),
        ``.correct``, ``.total`` and ``.accuracy``. For ``is_five(y_test)`` on MNIST:
        label 0.0, 9108 of 10000, accuracy 0.9108.

    Raises:
        ValueError: ``targets`` is empty.
    """
    targets = np.asarray(targets).ravel()
    if targets.size == 0:
        raise ValueError("majority_baseline needs at least one target; received an empty array.")
    values, counts = np.unique(targets, return_counts=True)
    best = int(np.argmax(counts))
    return Baseline(label=values[best].item(), correct=int(counts[best]), total=int(targets.size))


@dataclass(frozen=True)
class BinaryScores:
    """How a yes/no model's answers compare with the truth.

    "Positive" is the class the model looks for (target 1, a five); "negative" the rest.

    Attributes:
        true_positives: positives the model found.
        false_positives: negatives the model wrongly called positive (false alarms).
        false_negatives: positives the model missed.
        true_negatives: negatives the model rightly left alone.
    """

    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def total(self) -> int:
        return self.true_positives + self.false_positives + self.false_negatives + self.true_negatives

    @property
    def accuracy(self) -> float:
        """Fraction of all answers that are right."""
        return (self.true_positives + self.true_negatives) / self.total

    @property
    def precision(self) -> float:
        """Of the examples the model called positive, the fraction that are positive.
        ``nan`` when it called nothing positive (precision is then undefined)."""
        called = self.true_positives + self.false_positives
        return self.true_positives / called if called else math.nan

    @property
    def recall(self) -> float:
        """Of the positive examples, the fraction the model found. ``nan`` with no positives."""
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
    """Count right and wrong answers of a yes/no model, as Keras's accuracy does.

    Args:
        targets: ``(n,)`` true answers, 0 or 1 (for example ``is_five(y_test)``).
        outputs: ``(n,)`` or ``(n, 1)`` model outputs (what ``model.predict`` returns); an
            output above ``threshold`` counts as answering 1 (Keras's ``"accuracy"`` metric
            for one output unit uses the same rule with 0.5).
        threshold: the dividing line between "no" and "yes".

    Returns:
        A ``BinaryScores`` with the four counts, ``.accuracy``, ``.precision`` and ``.recall``.

    Raises:
        ValueError: the shapes do not match, an output is NaN or infinite (a model that diverged),
            or the targets are not all 0 or 1.
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
    """Where a model's outputs lie compared with the range ``low..high`` of the targets.

    Attributes:
        count: how many outputs.
        minimum, maximum: the smallest and largest output.
        below, above: how many outputs are below ``low`` and above ``high``.
        at_edges: how many are within ``edge_tolerance`` of ``low`` or ``high`` (a sigmoid
            whose outputs sit there is saturated: it answers with total certainty).
        low, high: the range compared with.
    """

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
        """The fraction of outputs outside ``low..high``."""
        return (self.below + self.above) / self.count

    @property
    def fraction_at_edges(self) -> float:
        """The fraction of outputs at (within the tolerance of) ``low`` or ``high``."""
        return self.at_edges / self.count

    def __str__(self) -> str:
        return (
            f"{self.count} outputs, from {self.minimum:.2f} to {self.maximum:.2f}.\n"
            f"{self.below} below {self.low:g} and {self.above} above {self.high:g}: "
            f"{100 * self.fraction_outside:.0f}% outside {self.low:g}..{self.high:g}.\n"
            f"{self.at_edges} exactly at {self.low:g} or {self.high:g} ({100 * self.fraction_at_edges:.0f}%)."
        )


def output_range(outputs: np.ndarray, low: float = 0.0, high: float = 1.0, *, edge_tolerance: float = 1e-6) -> OutputRange:
    """Summarise how a model's outputs compare with the range its targets live in.

    Args:
        outputs: model outputs of any shape, for example ``(n, 1)`` from ``model.predict``.
        low, high: the targets' range (0 and 1 for "not five" and "five").
        edge_tolerance: an output this close to ``low`` or ``high`` counts as "at the edge".

    Returns:
        An ``OutputRange``; ``print`` it for a three-line report.

    Raises:
        ValueError: ``outputs`` is empty or ``low >= high``.
    """
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
    """What happened when a model trained on a handful of examples only.

    Attributes:
        passes: ``(k,)`` int, the number of passes done at each record (5, 10, ... with the
            default ``record_every=5``).
        loss: ``(k,)`` float, the training loss averaged over the passes since the previous
            record.
        right: ``(k,)`` int, how many of the examples the model answered right at each record.
        outputs: ``(n,)`` float, the model's final outputs on the examples.
        targets: ``(n,)`` the examples' targets.
    """

    passes: np.ndarray
    loss: np.ndarray
    right: np.ndarray
    outputs: np.ndarray
    targets: np.ndarray

    @property
    def n(self) -> int:
        """How many examples the model trained on."""
        return len(self.targets)

    @property
    def fits(self) -> bool:
        """True if the model answers every example right at the end."""
        return int(self.right[-1]) == self.n

    def __str__(self) -> str:
        verdict = "learned them all" if self.fits else "did NOT learn them all"
        return (f"after {int(self.passes[-1])} passes over {self.n} examples: {int(self.right[-1])} of {self.n} right "
                f"({verdict}); loss {self.loss[0]:.4g} in the first passes, {self.loss[-1]:.4g} in the last.")


def overfit_tiny_subset(model, x: np.ndarray, y: np.ndarray, *, n: int = 20, passes: int = 100,
                        record_every: int = 5, threshold: float = 0.5) -> TinySubsetResult:
    """Train ``model`` on its first ``n`` examples only and report whether it learns them by heart.

    A reasonable model reaches 100% on 20 examples quickly: if it cannot, something is
    broken (the data, the output, the loss), not just under-trained. Each pass is one update
    of the weights computed from all ``n`` examples together, exactly like
    ``model.fit(x[:n], y[:n], batch_size=n, epochs=passes)``; the passes are run in blocks of
    ``record_every`` so that the check takes about a second.

    Args:
        model: a compiled Keras model with one output (it is trained in place: build a fresh
            one for the real training).
        x: inputs, e.g. ``x_train`` ``(N, 28, 28)``; only ``x[:n]`` is used.
        y: ``(N,)`` 0/1 targets, e.g. ``is_five(y_train)``; only ``y[:n]`` is used.
        n: how many examples.
        passes: how many updates; a multiple of ``record_every``.
        record_every: record the loss and the number right after every this many passes.
        threshold: an output above it counts as answering 1.

    Returns:
        A ``TinySubsetResult`` (``.fits``, ``.right``, ``.loss``, ``.outputs``; print it for a summary).

    Raises:
        ValueError: fewer than ``n`` examples, or ``passes`` not a positive multiple of ``record_every``.
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
    """A loss for perceptrons side by side: each perceptron's own ``loss``, added up.

    Keras's losses (``keras.losses.mean_squared_error``, ``keras.losses.binary_crossentropy``)
    average over the last axis, the perceptrons; multiplying by their number gives the sum, so
    each perceptron's weights get exactly the slopes they would get if it trained alone.

    Args:
        loss: a function ``loss(targets, outputs)`` of ``(batch, runs)`` float32 arrays that
            averages over the last axis and returns ``(batch,)``.

    Returns:
        A function of the same arguments returning ``(batch,)``: the per-perceptron losses added up.
    """
    return lambda targets, outputs: loss(targets, outputs) * outputs.shape[-1]


def make_perceptrons(runs: int = 4, *, activation=None, loss=None, learning_rate=0.001,
                     start_scale: float = 1.0, seed: int = 0, metrics=None):
    """Build and compile ``runs`` perceptrons side by side: ``Dense(runs)`` on 28 x 28 pictures.

    Each output unit is one perceptron with its own 784 weights and bias; their losses are
    added up (``summed_loss``), so one training trains all of them as if each were alone. They
    differ in their starting weights but, trained together, see the pictures in the same order.

    Args:
        runs: how many perceptrons (output units); 1 gives lesson 01's perceptron.
        activation: the output's activation, e.g. ``None`` (a bare weighted sum) or ``"sigmoid"``.
        loss: a Keras loss averaging over the last axis; default ``keras.losses.mean_squared_error``.
        learning_rate: Adam's learning rate, a number or a Keras schedule.
        start_scale: the starting weights (Keras's own) are multiplied by this; the bias is not.
        seed: passed to ``keras.utils.set_random_seed`` first: it fixes the starting weights and
            the order in which ``fit`` shuffles the pictures.
        metrics: passed to ``compile``, e.g. ``["accuracy"]``.

    Returns:
        A compiled ``keras.Sequential`` taking ``(batch, 28, 28)`` pictures and giving
        ``(batch, runs)`` float32 outputs; its output layer is named ``"output"``.
    """
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
    """Train every perceptron of ``model`` (from ``make_perceptrons``) on the same targets.

    Args:
        model: a compiled model with ``(batch, runs)`` outputs.
        x: ``(n, 28, 28)`` pictures, prepared as the model expects (raw or scaled).
        y: ``(n,)`` float32 0/1 targets; each perceptron gets a copy.
        epochs, batch_size: passed to ``fit`` (silently: ``verbose=0``).

    Returns:
        The same model, trained in place.

    Raises:
        ValueError: ``x`` and ``y`` hold different numbers of examples.
    """
    y = np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"fit_side_by_side needs one target per picture; received {len(x)} pictures and "
                         f"{len(y)} targets.")
    runs = model.output_shape[-1]
    model.fit(x, np.repeat(y.reshape(-1, 1), runs, axis=1), epochs=epochs, batch_size=batch_size, verbose=0)
    return model
