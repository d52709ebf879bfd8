import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from mnist_lessons import palette, plots
from mnist_lessons.data import FASHION_CLASSES, load_fashion_mnist, load_mnist


@pytest.fixture(scope="module")
def digits():
    (x, y), _ = load_mnist()
    return x[:12], y[:12]


def _titles(fig):
    return [ax.get_title() for ax in fig.axes]


def test_show_images_titles_each_image_with_its_label(digits):
    x, y = digits
    fig = plots.show_images(x, y, ncols=6, title="First twelve")
    assert fig._suptitle.get_text() == "First twelve"
    assert _titles(fig)[:12] == [str(v) for v in y]
    plt.close(fig)


def test_show_images_marks_wrong_predictions_by_text_not_only_colour(digits):
    x, y = digits
    predictions = y.copy()
    predictions[0] = (y[0] + 1) % 10
    fig = plots.show_images(x, y, predictions=predictions, ncols=6)
    titles = _titles(fig)
    assert titles[0] == f"pred {predictions[0]}\ntrue {y[0]}"
    assert titles[1] == str(y[1])
    assert fig.axes[0].title.get_color() != fig.axes[1].title.get_color()
    plt.close(fig)


def test_show_images_uses_class_names_and_hides_unused_cells():
    (x, y), _ = load_fashion_mnist()
    fig = plots.show_images(x[:7], y[:7], class_names=FASHION_CLASSES, ncols=4)
    assert _titles(fig)[:7] == [FASHION_CLASSES[v] for v in y[:7]]
    assert not fig.axes[7].axison
    plt.close(fig)


def test_show_pixels_writes_only_the_boxed_values_where_they_are(digits):
    x, _ = digits
    fig = plots.show_pixels(x[0], (5, 9, 10))
    texts = fig.axes[0].texts
    assert len(texts) == 10 * 10 and min(t.get_fontsize() for t in texts) >= 9
    assert texts[0].get_position() == (9, 5) and texts[0].get_text() == str(x[0][5, 9])
    (box,) = fig.axes[1].patches
    assert box.get_xy() == (8.5, 4.5) and box.get_width() == box.get_height() == 10
    assert fig.axes[0].get_xlabel() == "column"
    plt.close(fig)


def test_plot_history_draws_training_and_validation():
    history = {"loss": [0.5, 0.3, 0.2], "val_loss": [0.6, 0.4, 0.35], "accuracy": [0.8, 0.9, 0.95]}
    fig = plots.plot_history(history, title="Run")
    assert _titles(fig) == ["loss", "accuracy"]
    assert [line.get_label() for line in fig.axes[0].lines] == ["training", "validation"]
    assert [line.get_label() for line in fig.axes[1].lines] == ["training"]
    assert fig.axes[0].get_xlabel() == "epoch"
    plt.close(fig)


def test_plot_history_names_the_metrics_it_has():
    with pytest.raises(ValueError, match=r"it has \['loss'\]"):
        plots.plot_history({"loss": [1.0]}, metrics=("accuracy",))


def test_confusion_matrix_counts():
    matrix = plots.confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], 3)
    assert matrix.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 2]]
    with pytest.raises(ValueError, match="6 labels but 2 predictions"):
        plots.confusion_matrix([0] * 6, [0, 1])


def test_plot_confusion_matrix_annotates_counts():
    fig = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], class_names=["a", "b"])
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0", "1", "1", "1"]
    assert fig.axes[0].get_xlabel() == "predicted" and fig.axes[0].get_ylabel() == "true"
    plt.close(fig)


def test_plot_confusion_matrix_can_scale_its_colours_to_the_mistakes():
    truth, answers = [0] * 50 + [1] * 40 + [1, 1, 0], [0] * 50 + [1] * 40 + [0, 0, 1]
    fig = plots.plot_confusion_matrix(truth, answers, mistakes_scale=True)
    assert fig.axes[0].images[0].get_clim() == (0, 2)   # the largest off-diagonal count, not 50
    assert "beyond the scale" in fig.axes[1].get_ylabel()
    plt.close(fig)


def test_show_predictions_states_confidence_and_truth(digits):
    x, y = digits
    probabilities = np.full((2, 10), 0.02)
    probabilities[0, y[0]] = 0.82
    probabilities[1, (y[1] + 1) % 10] = 0.82
    fig = plots.show_predictions(x[:2], probabilities, y[:2], ncols=2)
    right, wrong = fig.axes[0].get_xlabel(), fig.axes[2].get_xlabel()
    assert right == f"{y[0]} 82%\n(true: {y[0]}, right)"
    assert wrong == f"{(y[1] + 1) % 10} 82%\n(true: {y[1]}, WRONG)"
    plt.close(fig)


def _three_class_probabilities():
    # margins 0.05, 0.25, 0.35, 0.65, 0.95; classes answered 0, 1, 2, 0, 1
    probabilities = np.array([[0.50, 0.45, 0.05], [0.10, 0.575, 0.325], [0.0, 0.325, 0.675],
                              [0.80, 0.15, 0.05], [0.0, 0.975, 0.025]])
    labels = np.array([1, 1, 2, 0, 0])   # wrong, right, right, right, wrong
    return probabilities, labels


def test_plot_margins_counts_right_and_wrong_answers_per_margin_bin():
    from mnist_lessons.palette import RIGHT, WRONG
    from mnist_lessons.predictions import margin

    probabilities, labels = _three_class_probabilities()
    gaps = margin(probabilities)
    fig = plots.plot_margins(probabilities, labels, bins=10, title="Margins")
    ax = fig.axes[0]
    right_bars, wrong_bars = ax.containers
    right = probabilities.argmax(axis=1) == labels
    assert [b.get_height() for b in right_bars] == np.histogram(gaps[right], np.linspace(0, 1, 11))[0].tolist()
    assert [b.get_height() for b in wrong_bars] == np.histogram(gaps[~right], np.linspace(0, 1, 11))[0].tolist()
    assert sum(b.get_height() for b in wrong_bars) == 2 and sum(b.get_height() for b in right_bars) == 3
    assert right_bars[0].get_facecolor()[:3] == plt.matplotlib.colors.to_rgb(RIGHT)
    assert wrong_bars[0].get_facecolor()[:3] == plt.matplotlib.colors.to_rgb(WRONG)
    assert all(b.get_hatch() == "//" for b in wrong_bars) and not right_bars[0].get_hatch()
    assert ax.get_yscale() == "log" and ax.get_title() == "Margins" and "margin" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["right answers", "wrong answers"]
    width, height = fig.get_size_inches()
    assert height <= 5.5 and width / height >= 1.3   # fits a 16:9 slide under its heading
    plt.close(fig)


def test_plot_margins_names_mismatched_labels():
    probabilities, labels = _three_class_probabilities()
    with pytest.raises(ValueError, match=r"5 rows of probabilities but labels of shape \(5, 3\)"):
        plots.plot_margins(probabilities, np.eye(3)[labels])


def test_plot_unsure_tradeoff_draws_confident_accuracy_at_each_threshold():
    from mnist_lessons.palette import NEUTRAL, RIGHT

    probabilities, labels = _three_class_probabilities()
    fig = plots.plot_unsure_tradeoff(probabilities, labels, thresholds=[0.0, 0.1, 0.5, 0.99], chosen=0.1)
    ax = fig.axes[0]
    accuracy, answered, chosen = ax.lines
    assert accuracy.get_xdata().tolist() == [0.0, 0.1, 0.5, 0.99]
    # all five answered, 3 right; four answered (margin >= 0.1), 3 right; two answered, 1 right; none answered
    assert np.allclose(answered.get_ydata(), [100, 80, 40, 0])
    assert np.allclose(accuracy.get_ydata()[:3], [60, 75, 50]) and np.isnan(accuracy.get_ydata()[3])
    assert accuracy.get_color() == RIGHT and answered.get_color() == NEUTRAL
    assert chosen.get_xdata()[0] == 0.1 and chosen.get_label() == "chosen: 0.1"
    assert ax.get_xlabel() == "minimum margin to answer" and ax.get_ylabel() == "percent"
    width, height = fig.get_size_inches()
    assert height <= 5.5 and width / height >= 1.3
    plt.close(fig)


def test_plot_unsure_tradeoff_default_thresholds_span_0_to_0_9():
    probabilities, labels = _three_class_probabilities()
    fig = plots.plot_unsure_tradeoff(probabilities, labels)
    assert len(fig.axes[0].lines) == 2   # nothing chosen, no vertical line
    assert np.allclose(fig.axes[0].lines[0].get_xdata(), np.linspace(0, 0.9, 19))
    plt.close(fig)


def assert_lines_differ_without_colour(fig):
    """In every panel of ``fig``, any two labelled lines differ in marker or line style, so that a
    reader who cannot tell their colours apart still can; returns how many lines were compared."""
    compared = 0
    for ax in fig.axes:
        lines = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
        looks = [(line.get_label(), line.get_marker(), str(line.get_linestyle())) for line in lines]
        for (a, *look_a), (b, *look_b) in itertools.combinations(looks, 2):
            assert look_a != look_b, f"{a!r} and {b!r} differ only in colour in panel {ax.get_title()!r}"
        compared += len(lines)
    return compared


@pytest.mark.parametrize("draw", [
    lambda: plots.plot_history({"loss": [0.5, 0.3], "val_loss": [0.6, 0.4], "accuracy": [0.8, 0.9],
                                "val_accuracy": [0.7, 0.8]}),
    lambda: plots.plot_unsure_tradeoff(np.array([[0.9, 0.1], [0.55, 0.45], [0.2, 0.8]]), np.array([0, 1, 1]),
                                       chosen=0.2),
], ids=["plot_history", "plot_unsure_tradeoff"])
def test_curves_that_carry_roles_differ_in_marker_or_line_style(draw):
    fig = draw()
    assert assert_lines_differ_without_colour(fig) >= 2
    plt.close(fig)


def test_a_line_that_differs_only_in_colour_is_caught():
    fig, ax = plt.subplots()
    ax.plot([0, 1], "o-", color="#0072B2", label="training")
    ax.plot([1, 0], "o-", color="#C36900", label="validation")
    with pytest.raises(AssertionError, match="differ only in colour"):
        assert_lines_differ_without_colour(fig)
    plt.close(fig)


def test_plot_history_draws_each_split_in_its_palette_style():
    fig = plots.plot_history({"loss": [0.5, 0.3], "val_loss": [0.6, 0.4]}, metrics=("loss",))
    training, validation = fig.axes[0].get_lines()
    for line, split in ((training, "training"), (validation, "validation")):
        colour, marker, style = palette.SPLIT_STYLES[split]
        assert (to_hex(line.get_color()), line.get_marker(), line.get_linestyle()) == (colour.lower(), marker, style)
    plt.close(fig)
