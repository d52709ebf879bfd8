"""Tests for mnist_lessons.predictions, on probabilities from a real (if simple) classifier."""

import numpy as np
import pytest

from mnist_lessons.data import load_fashion_mnist, scale_pixels
from mnist_lessons.predictions import UNSURE, confident_accuracy, margin, predict_or_unsure, to_answers, top_two


@pytest.fixture(scope="module")
def fashion_probabilities():
    """Nearest-class-mean probabilities for the first 2000 Fashion-MNIST test images.

    Each class is represented by its mean training image; a test image's scores are minus its
    squared distances to the ten means, turned into probabilities by a softmax.
    """
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    x_train = scale_pixels(x_train).reshape(len(x_train), -1)
    x_test = scale_pixels(x_test[:2000]).reshape(2000, -1)
    means = np.stack([x_train[y_train == k].mean(axis=0) for k in range(10)])
    distances = ((x_test[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
    scores = -distances / 10.0
    scores -= scores.max(axis=1, keepdims=True)
    probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    return probabilities.astype(np.float32), y_test[:2000]


def test_top_two_on_a_small_example():
    probs = np.array([[0.1, 0.7, 0.2], [0.45, 0.1, 0.45], [0.0, 0.0, 1.0]])
    best, second, gap = top_two(probs)
    assert best.tolist()[0] == 1 and second.tolist()[0] == 2
    assert best.dtype == np.int64 and second.dtype == np.int64
    assert {int(best[1]), int(second[1])} == {0, 2}
    assert best[2] == 2
    np.testing.assert_allclose(gap, [0.5, 0.0, 1.0])


def test_top_two_on_real_probabilities(fashion_probabilities):
    probs, _ = fashion_probabilities
    best, second, gap = top_two(probs)
    assert best.shape == second.shape == gap.shape == (2000,)
    np.testing.assert_array_equal(best, probs.argmax(axis=1))
    assert np.all(best != second)
    sorted_probs = np.sort(probs, axis=1)
    np.testing.assert_allclose(gap, sorted_probs[:, -1] - sorted_probs[:, -2], rtol=1e-6)
    assert gap.min() >= 0 and gap.max() <= 1
    np.testing.assert_allclose(margin(probs), gap)


def test_predict_or_unsure_on_real_probabilities(fashion_probabilities):
    probs, _ = fashion_probabilities
    np.testing.assert_array_equal(predict_or_unsure(probs, 0.0), probs.argmax(axis=1))
    answers = predict_or_unsure(probs, 0.3)
    unsure = margin(probs) < 0.3
    assert 0 < unsure.sum() < len(probs)
    assert np.all(answers[unsure] == UNSURE)
    np.testing.assert_array_equal(answers[~unsure], probs.argmax(axis=1)[~unsure])


def test_confident_answers_are_more_accurate(fashion_probabilities):
    probs, labels = fashion_probabilities
    answered_all, accuracy_all = confident_accuracy(probs, labels, 0.0)
    assert answered_all == 1.0
    assert accuracy_all == pytest.approx(np.mean(probs.argmax(axis=1) == labels))
    assert 0.5 < accuracy_all < 0.8  # the nearest-class-mean classifier is weak but far above guessing
    answered, accuracy = confident_accuracy(probs, labels, 0.5)
    assert 0 < answered < 1
    assert accuracy > accuracy_all
    answered_more, _ = confident_accuracy(probs, labels, 0.8)
    assert answered_more < answered


def test_nothing_answered_gives_nan():
    probs = np.array([[0.5, 0.5], [0.5, 0.5]])
    answered, accuracy = confident_accuracy(probs, np.array([0, 1]), 0.1)
    assert answered == 0.0 and np.isnan(accuracy)


def test_errors_say_what_was_expected(fashion_probabilities):
    probs, labels = fashion_probabilities
    with pytest.raises(ValueError, match=r"shape \(n, k\)"):
        top_two(probs[0])
    with pytest.raises(ValueError, match="between 0 and 1"):
        predict_or_unsure(probs, 20)
    with pytest.raises(ValueError, match="one integer label per row"):
        confident_accuracy(probs, np.eye(10)[labels], 0.2)


def test_to_answers_thresholds_one_output_unit_and_takes_argmax_of_several():
    assert to_answers(np.array([[0.2], [0.5], [0.7]])).tolist() == [0, 0, 1]
    assert to_answers(np.array([-1.0, 3.0]), threshold=0.0).tolist() == [0, 1]
    assert to_answers(np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])).tolist() == [1, 0]
    assert to_answers(np.zeros((2, 3))).dtype == np.int64


def test_to_answers_refuses_images_and_says_what_to_pass():
    with pytest.raises(ValueError, match=r"\(3, 28, 28\).*model.predict"):
        to_answers(np.zeros((3, 28, 28)))
