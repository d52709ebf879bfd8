"""Tests for mnist_lessons.challenge, with accuracies of simple answers on the real test labels."""

import numpy as np
import pytest

from mnist_lessons.challenge import TARGETS, check_targets
from mnist_lessons.data import load_fashion_mnist


@pytest.fixture(scope="module")
def y_test():
    return load_fashion_mnist()[1][1]


def test_always_the_same_class_meets_nothing(y_test, capsys):
    accuracy = np.mean(y_test == 0)  # always answering "T-shirt/top": 1000 of 10000
    assert accuracy == 0.1
    assert check_targets(accuracy) == [False, False]
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("target 80% (normalise the pixels and use softmax): not yet. Hint: ")
    assert lines[1].startswith("target 87% (add a hidden layer): not yet. Hint: ")


def test_partial_and_full_success(y_test, capsys):
    predictions = y_test.copy()
    predictions[:1500] = (predictions[:1500] + 1) % 10  # 15% wrong: 85% accuracy
    accuracy = np.mean(predictions == y_test)
    assert accuracy == pytest.approx(0.85)
    assert check_targets(accuracy) == [True, False]
    assert check_targets(np.mean(y_test == y_test)) == [True, True]
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "target 80% (normalise the pixels and use softmax): met",
        f"target 87% (add a hidden layer): not yet. Hint: {TARGETS[0.87][1]}",
    ]
    assert lines[2:] == [
        "target 80% (normalise the pixels and use softmax): met",
        "target 87% (add a hidden layer): met",
    ]


def test_exactly_on_the_target_counts_as_met(capsys):
    assert check_targets(0.87) == [True, True]


def test_custom_targets(capsys):
    assert check_targets(0.5, {0.4: ("a", "b"), 0.6: ("c", "d")}) == [True, False]
    assert capsys.readouterr().out.splitlines() == ["target 40% (a): met", "target 60% (c): not yet. Hint: d"]


def test_a_percentage_is_refused():
    with pytest.raises(ValueError, match="fraction between 0 and 1"):
        check_targets(85.0)
