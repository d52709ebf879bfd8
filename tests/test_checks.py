import numpy as np
import pytest

from mnist_lessons.checks import (
    NEXT_STEPS,
    CheckFailed,
    check_at_least,
    check_at_most,
    check_between,
    check_raises,
    check_rounded,
    error_summary,
    recorded,
    shown,
)


def test_passing_checks_print_one_deterministic_line(capsys):
    check_at_least("test accuracy", 0.97812345, 0.975)
    check_at_most("loss", 0.0812, 0.1)
    check_between("accuracy", 0.9109, 0.90, 0.92)
    check_rounded("baseline accuracy", 0.9108, "0.9108")
    check_rounded("weighted sum", 2.16720000001, "2.1672")
    check_rounded("mean ink of a 5", np.float64(101.9), "102")
    check_rounded("difference from the framework", -1e-9, "0.00")  # rounds to zero, which has no sign
    assert capsys.readouterr().out.splitlines() == [
        "test accuracy is at least 0.975: yes",
        "loss is at most 0.1: yes",
        "accuracy is between 0.9 and 0.92: yes",
        "baseline accuracy: 0.9108",
        "weighted sum: 2.1672",
        "mean ink of a 5: 102",
        "difference from the framework: 0.00",
    ]


@pytest.mark.parametrize(
    ("check", "args", "first_line"),
    [
        (check_at_least, ("test accuracy", np.float32(0.9613278), 0.97),
         "Check failed: test accuracy is 0.961, below 0.97: the lesson's text expects at least 0.97."),
        (check_at_most, ("loss", 0.2, 0.1),
         "Check failed: loss is 0.20, above 0.1: the lesson's text expects at most 0.1."),
        (check_between, ("accuracy", 0.95, 0.90, 0.92),
         "Check failed: accuracy is 0.950, outside 0.9..0.92: the lesson's text expects between 0.9 and 0.92."),
        (check_rounded, ("baseline", 0.9107, "0.9108"),
         "Check failed: baseline rounds to 0.9107: the lesson's text expects 0.9108."),
        (check_rounded, ("mean ink of a 5", 102.7, "102"),
         "Check failed: mean ink of a 5 rounds to 103: the lesson's text expects 102."),
        (check_at_most, ("largest relative error", 3.21987e-5, 1e-6),
         "Check failed: largest relative error is 3.22e-05, above 1e-06: the lesson's text expects at most 1e-06."),
        (check_at_least, ("accuracy", float("nan"), 0.5),
         "Check failed: accuracy is nan, below 0.5: the lesson's text expects at least 0.5."),
    ],
)
def test_a_failed_check_names_the_figure_what_was_found_and_what_the_text_expects(check, args, first_line, capsys):
    with pytest.raises(CheckFailed) as failure:
        check(*args)
    message = str(failure.value)
    assert message.splitlines()[0] == first_line
    assert capsys.readouterr().out == ""           # no pass line printed


def test_a_failed_check_says_why_and_what_to_do_next():
    with pytest.raises(CheckFailed) as failure:
        check_at_least("validation accuracy", 0.93, 0.95)
    message = str(failure.value)
    assert message.endswith(NEXT_STEPS)
    for advice in ("change a cell above", "seed", "epochs", "the text below describes the lesson's run",
                   "Kernel > Restart Kernel and Run All Cells", "library update"):
        assert advice in message
    assert (failure.value.what, failure.value.found, failure.value.expected) == \
        ("validation accuracy", "is 0.930, below 0.95", "at least 0.95")


def test_a_nan_is_explained():
    with pytest.raises(CheckFailed, match="'not a number': the computation broke down"):
        check_at_most("training loss", float("nan"), 1.0)


def test_a_failed_check_is_still_an_assertion_error_for_nbval_and_old_tests():
    assert issubclass(CheckFailed, AssertionError)
    with pytest.raises(AssertionError):
        check_between("accuracy", 0.5, 0.9, 0.92)


@pytest.mark.parametrize(
    ("value", "bounds", "text"),
    [
        (0.97812345, (0.975,), "0.9781"),
        (0.4004, (0.4,), "0.4004"),                # never rounded into the bound it failed
        (0.39999, (0.4,), "0.39999"),
        (153.25, (100,), "153.2"),
        (26071.0, (100,), "26071.0"),
        (4.5e-9, (1e-6,), "4.5e-09"),
        (float("inf"), (1.0,), "inf"),
        (np.float32(0.9108), (), "0.911"),
        (-0.0, (0.5,), "0.00"),                    # zero has no sign
        (-0.0004, (1e-3,), "-0.0004"),
    ],
)
def test_shown_rounds_sensibly(value, bounds, text):
    assert shown(value, *bounds) == text


def test_checked_values_are_recorded_for_the_benchmark(capsys):
    check_at_least("recorded accuracy", 0.981, 0.98)
    assert recorded()["recorded accuracy"] == 0.981


# check_raises and error_summary, on real Keras errors (whichever backend the tests run on)


@pytest.fixture(scope="module")
def perceptron():
    import keras  # after mnist_lessons (imported above with its checks), which picks the backend

    return keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                             keras.layers.Dense(1, name="weighted_sum")])


def test_check_raises_prints_the_mentions_and_the_sentence_that_matters(perceptron, capsys):
    error = check_raises("a 32 x 32 picture", lambda: perceptron(np.zeros((1, 32, 32))), ValueError,
                         mentions=("weighted_sum", "784", "1024"), show=True)
    assert isinstance(error, ValueError)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "a 32 x 32 picture: raises ValueError, mentioning 'weighted_sum' and '784' and '1024': yes"
    assert len(out) == 2
    assert "\x1b" not in out[1] and "Arguments received" not in out[1] and "Exception encountered" not in out[1]
    assert "784" in out[1] and "1024" in out[1]


def test_a_picture_with_784_pixels_in_another_shape_passes_silently(perceptron):
    """The fact lesson 01 teaches beside the check above: Keras counts numbers, not meaning."""
    assert tuple(perceptron(np.zeros((1, 16, 49))).shape) == (1, 1)


def test_check_raises_fails_when_the_step_no_longer_fails(perceptron, capsys):
    with pytest.raises(CheckFailed) as failure:
        check_raises("a 16 x 49 picture", lambda: perceptron(np.zeros((1, 16, 49))), ValueError, mentions=("784",))
    assert str(failure.value).splitlines()[0] == (
        "Check failed: a 16 x 49 picture ran without an error: the lesson's text expects a ValueError that "
        "mentions '784'.")
    assert capsys.readouterr().out == ""


def test_check_raises_fails_when_a_quoted_number_is_gone(perceptron):
    with pytest.raises(CheckFailed) as failure:
        check_raises("a 32 x 32 picture", lambda: perceptron(np.zeros((1, 32, 32))), ValueError,
                     mentions=("784", "2048"))
    lines = str(failure.value).splitlines()
    assert lines[0] == ("Check failed: a 32 x 32 picture raises a ValueError that no longer mentions '2048': the "
                        "lesson's text expects a ValueError that mentions '784' and '2048'.")
    assert lines[1].startswith("Its message now reads: ") and "1024" in lines[1] and "\x1b" not in lines[1]


def test_check_raises_lets_an_unexpected_error_through(perceptron):
    with pytest.raises(ValueError):
        check_raises("a 32 x 32 picture", lambda: perceptron(np.zeros((1, 32, 32))), TypeError)


def test_error_summary_drops_colour_codes_and_keras_wrapping():
    wrapped = ValueError("Exception encountered when calling Sequential.call().\n\n\x1b[1mExpected shape (None, 784), "
                         "but input has incompatible shape (128, 28, 28)\x1b[0m\n\nArguments received by "
                         "Sequential.call():\n  • inputs=jnp.ndarray(shape=(128, 28, 28), dtype=uint8)")
    assert error_summary(wrapped) == "Expected shape (None, 784), but input has incompatible shape (128, 28, 28)"


def test_error_summary_keeps_a_plain_message():
    assert error_summary(ValueError("target.shape=(128,), output.shape=(128, 10)")) == \
        "target.shape=(128,), output.shape=(128, 10)"
