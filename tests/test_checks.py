import pytest

from mnist_lessons.checks import (
    check_at_least,
    check_at_most,
    check_between,
    check_raises,
    check_rounded,
    error_summary,
    recorded,
)


def test_passing_checks_print_one_deterministic_line(capsys):
    check_at_least("test accuracy", 0.97812345, 0.975)
    check_at_most("loss", 0.0812, 0.1)
    check_between("accuracy", 0.9109, 0.90, 0.92)
    check_rounded("baseline accuracy", 0.9108, "0.9108")
    check_rounded("weighted sum", 2.16720000001, "2.1672")
    assert capsys.readouterr().out.splitlines() == [
        "test accuracy is at least 0.975: yes",
        "loss is at most 0.1: yes",
        "accuracy is between 0.9 and 0.92: yes",
        "baseline accuracy: 0.9108",
        "weighted sum: 2.1672",
    ]


@pytest.mark.parametrize(
    ("check", "args", "message"),
    [
        (check_at_least, ("test accuracy", 0.97, 0.975), "below 0.975"),
        (check_at_most, ("loss", 0.2, 0.1), "above 0.1"),
        (check_between, ("accuracy", 0.95, 0.90, 0.92), "outside 0.9..0.92"),
        (check_rounded, ("baseline", 0.9107, "0.9108"), "rounds to 0.9107, but the lesson's text says 0.9108"),
        (check_at_least, ("accuracy", float("nan"), 0.5), "below 0.5"),
    ],
)
def test_drifted_numbers_raise_with_the_value_and_the_claim(check, args, message, capsys):
    with pytest.raises(AssertionError, match=message):
        check(*args)
    assert capsys.readouterr().out == ""


def test_checked_values_are_recorded_for_the_benchmark(capsys):
    check_at_least("recorded accuracy", 0.981, 0.98)
    assert recorded()["recorded accuracy"] == 0.981


def _fails_with_a_shape_error():
    raise ValueError("Exception encountered when calling Sequential.call().\n\n\x1b[1mExpected shape (None, 784), "
                     "but input has incompatible shape (128, 28, 28)\x1b[0m\n\nArguments received by Sequential.call():\n"
                     "  • inputs=jnp.ndarray(shape=(128, 28, 28), dtype=uint8)")


def test_check_raises_prints_the_mentions_and_the_sentence_that_matters(capsys):
    error = check_raises("fit on 28x28 images", _fails_with_a_shape_error, ValueError, mentions=("784", "28, 28"),
                         show=True)
    assert isinstance(error, ValueError)
    assert capsys.readouterr().out.splitlines() == [
        "fit on 28x28 images: raises ValueError, mentioning '784' and '28, 28': yes",
        "Expected shape (None, 784), but input has incompatible shape (128, 28, 28)",
    ]


def test_check_raises_fails_when_the_step_no_longer_fails():
    with pytest.raises(AssertionError, match="expected a ValueError, but it ran without one"):
        check_raises("a step that now works", lambda: None, ValueError)


def test_check_raises_fails_when_a_quoted_number_is_gone():
    with pytest.raises(AssertionError, match=r"no longer mentions \['1024'\]"):
        check_raises("fit", _fails_with_a_shape_error, ValueError, mentions=("784", "1024"))


def test_check_raises_lets_an_unexpected_error_through():
    with pytest.raises(ValueError):
        check_raises("fit", _fails_with_a_shape_error, TypeError)


def test_error_summary_keeps_a_plain_message():
    assert error_summary(ValueError("target.shape=(128,), output.shape=(128, 10)")) == \
        "target.shape=(128,), output.shape=(128, 10)"
