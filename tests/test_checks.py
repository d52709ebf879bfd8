import pytest

from mnist_lessons.checks import check_at_least, check_at_most, check_between, check_rounded, recorded


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
