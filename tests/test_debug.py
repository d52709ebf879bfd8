import math

import numpy as np
import pytest

import mnist_lessons  # noqa: F401  (before keras)
from mnist_lessons import debug
from mnist_lessons.data import is_five, load_mnist, scale_pixels


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_majority_baseline_of_always_not_five_on_the_test_set_is_9108(mnist):
    _, (_, y_test) = mnist
    baseline = debug.majority_baseline(is_five(y_test))
    assert baseline.label == 0.0
    assert (baseline.correct, baseline.total) == (9108, 10000)
    assert f"{baseline.accuracy:.4f}" == "0.9108"
    assert str(baseline) == "always answering 0: right on 9108 of 10000 (91.08%)"


def test_majority_baseline_on_digit_labels_picks_the_most_common_digit(mnist):
    (_, y_train), _ = mnist
    baseline = debug.majority_baseline(y_train)
    assert baseline.label == 1 and baseline.correct == 6742


def test_majority_baseline_refuses_an_empty_array():
    with pytest.raises(ValueError, match="at least one target"):
        debug.majority_baseline(np.array([]))


def test_binary_scores_counts_the_four_cells():
    targets = np.array([1, 1, 1, 0, 0, 0, 0, 0], dtype=np.float32)
    outputs = np.array([[0.9], [0.6], [0.2], [0.7], [0.1], [0.0], [0.4], [0.5]])  # (n, 1) like model.predict
    scores = debug.binary_scores(targets, outputs)
    assert (scores.true_positives, scores.false_negatives) == (2, 1)
    assert (scores.false_positives, scores.true_negatives) == (1, 4)  # 0.5 is not above the threshold
    assert scores.accuracy == 6 / 8
    assert scores.precision == 2 / 3
    assert scores.recall == 2 / 3


def test_binary_scores_of_always_not_five_has_no_recall_and_undefined_precision(mnist):
    _, (_, y_test) = mnist
    scores = debug.binary_scores(is_five(y_test), np.zeros(len(y_test)))
    assert f"{scores.accuracy:.4f}" == "0.9108"
    assert scores.recall == 0.0
    assert math.isnan(scores.precision)
    assert "undefined" in str(scores)


def test_binary_scores_explains_a_shape_mismatch():
    with pytest.raises(ValueError, match=r"targets \(3,\) and outputs \(2,\)"):
        debug.binary_scores(np.zeros(3), np.zeros(2))


def test_binary_scores_refuses_the_nan_outputs_of_a_diverged_model():
    """A model whose weights blew up outputs NaN, which is never above the threshold: before, it
    silently scored as a model that always answers 'no'."""
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    kernel, bias = model.layers[0].get_weights()
    model.layers[0].set_weights([np.full_like(kernel, np.nan), bias])  # what a diverged run leaves
    outputs = model.predict(np.ones((5, 4), dtype=np.float32), verbose=0)
    assert outputs.shape == (5, 1) and np.isnan(outputs).all()
    with pytest.raises(ValueError) as info:
        debug.binary_scores(np.array([1, 0, 0, 1, 0]), outputs)
    message = str(info.value)
    assert "expects finite outputs" in message and "found 5 NaN and 0 infinite among 5" in message
    assert "diverged" in message and "lower learning rate" in message and "scale_pixels" in message
    with pytest.raises(ValueError, match="found 1 NaN and 1 infinite among 3"):
        debug.binary_scores(np.array([1, 0, 0]), np.array([0.2, np.nan, np.inf]))


def test_binary_scores_refuses_digit_labels(mnist):
    _, (_, y_test) = mnist
    with pytest.raises(ValueError, match="0 or 1"):
        debug.binary_scores(y_test, np.zeros(len(y_test)))


def test_output_range_reports_values_outside_and_at_the_edges():
    report = debug.output_range(np.array([[-2.5], [0.0], [0.3], [1.0], [7.0], [1 - 1e-8]]))
    assert (report.count, report.below, report.above, report.at_edges) == (6, 1, 1, 3)
    assert report.minimum == -2.5 and report.maximum == 7.0
    assert report.fraction_outside == 2 / 6
    assert str(report).splitlines() == [
        "6 outputs, from -2.50 to 7.00.",
        "1 below 0 and 1 above 1: 33% outside 0..1.",
        "3 exactly at 0 or 1 (50%).",
    ]


def test_output_range_checks_its_arguments():
    with pytest.raises(ValueError, match="empty"):
        debug.output_range(np.array([]))
    with pytest.raises(ValueError, match="low < high"):
        debug.output_range(np.array([0.5]), low=1, high=0)


def _perceptron(learning_rate=0.01, seed=0):
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(learning_rate), steps_per_execution=50)
    return model


def test_a_healthy_perceptron_learns_twenty_real_images_by_heart(mnist):
    (x_train, y_train), _ = mnist
    result = debug.overfit_tiny_subset(_perceptron(), scale_pixels(x_train), is_five(y_train), n=20, passes=50)
    assert result.fits
    assert result.n == 20
    assert result.passes.tolist() == list(range(5, 55, 5))
    assert result.loss.shape == result.right.shape == (10,)
    assert result.loss[-1] < result.loss[0]
    assert result.outputs.shape == (20,)
    assert ((result.outputs > 0.5) == (result.targets == 1)).all()
    assert str(result).startswith("after 50 passes over 20 examples: 20 of 20 right (learned them all)")


def test_a_model_that_learns_nothing_fails_the_tiny_subset_check(mnist):
    (x_train, y_train), _ = mnist
    result = debug.overfit_tiny_subset(_perceptron(learning_rate=0.0), scale_pixels(x_train), is_five(y_train),
                                       n=20, passes=10)
    assert not result.fits
    assert "did NOT learn them all" in str(result)


def test_overfit_tiny_subset_checks_its_arguments(mnist):
    (x_train, y_train), _ = mnist
    with pytest.raises(ValueError, match="multiple of record_every"):
        debug.overfit_tiny_subset(_perceptron(), x_train, is_five(y_train), passes=12)
    with pytest.raises(ValueError, match="at least n=20"):
        debug.overfit_tiny_subset(_perceptron(), x_train[:5], is_five(y_train[:5]))


def test_perceptrons_side_by_side_train_as_each_would_alone(mnist):
    """Two side-by-side perceptrons given the same start learn the same weights as one alone: the
    summed loss gives each exactly its own slopes."""
    import keras

    (x_train, digits_train), _ = mnist
    x, y = scale_pixels(x_train[:512]), is_five(digits_train[:512])
    alone = debug.make_perceptrons(1, activation="sigmoid", loss=keras.losses.binary_crossentropy, seed=3)
    pair = debug.make_perceptrons(2, activation="sigmoid", loss=keras.losses.binary_crossentropy, seed=3)
    weights, bias = alone.get_layer("output").get_weights()
    pair.get_layer("output").set_weights([np.repeat(weights, 2, axis=1), np.repeat(bias, 2)])
    keras.utils.set_random_seed(0)
    debug.fit_side_by_side(alone, x, y, epochs=2, batch_size=64)
    keras.utils.set_random_seed(0)
    debug.fit_side_by_side(pair, x, y, epochs=2, batch_size=64)
    trained_alone = alone.get_layer("output").get_weights()[0][:, 0]
    trained_pair = pair.get_layer("output").get_weights()[0]
    assert pair.output_shape == (None, 2)
    assert np.allclose(trained_pair[:, 0], trained_alone, atol=1e-5)
    assert np.allclose(trained_pair[:, 1], trained_alone, atol=1e-5)
    assert not np.allclose(trained_alone, weights[:, 0])        # it did train


def test_side_by_side_helpers_check_their_arguments(mnist):
    with pytest.raises(ValueError, match="at least one run"):
        debug.make_perceptrons(0)
    model = debug.make_perceptrons(2, start_scale=0.0)
    assert np.all(model.get_layer("output").get_weights()[0] == 0)
    with pytest.raises(ValueError, match="3 pictures and 2 targets"):
        debug.fit_side_by_side(model, np.zeros((3, 28, 28), "float32"), np.zeros(2, "float32"))
