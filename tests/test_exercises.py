"""Tests for mnist_lessons.exercises: every exercise of every lesson, its hints, solution and the progress file.

For each exercise, one test per case, run the way a notebook runs them: code cells executed in
one namespace (the lesson's variables, built as the notebook builds them), then ``qN.check()``
called from that namespace, so the check finds the student's variables exactly as in JupyterLab.

- the blank starter (every starter of the lesson up to this one, in notebook order) says
  "Not attempted yet" without raising, and records nothing;
- the reference solution (the exercise's own ``solution()`` code) says "Correct" and is recorded
  as passed; how long the solution takes to run and the check to check is printed;
- typical wrong answers say "Incorrect" with their teaching message.

A real IPython kernel shows that the checks find a notebook's variables and display coloured
Markdown with a plain-text twin free of ANSI codes. The progress file is tested on real files:
persistence across processes, atomic writes, a corrupt file kept as a backup and reported.
"""

from __future__ import annotations

import copy
import json
import math
import os
import queue
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from mnist_lessons.exercises import LESSONS, all_exercises, exercises_of, lesson_module, notebook_cells, progress, store

from .conftest import ROOT

EXERCISES = {exercise.key: exercise for exercise in all_exercises()}


@pytest.fixture(autouse=True)
def progress_home(tmp_path, monkeypatch):
    """Every test keeps its progress file in its own temporary folder, never in the real home."""
    home = tmp_path / "progress-home"
    monkeypatch.setenv(store.HOME_ENV, str(home))
    return home


def progress_file(home: Path) -> dict:
    return json.loads((home / store.FILE_NAME).read_text())


# ---------------------------------------------------------------------------------------------
# The lessons' namespaces, built as each notebook builds them (smaller where a notebook trains).


@pytest.fixture(scope="session")
def contexts():
    """``lesson -> function returning a fresh namespace`` holding what that notebook defines
    before its exercises. Built lazily: only the lessons a test needs are loaded."""
    cache: dict[str, dict] = {}

    def context(lesson: str) -> dict:
        if lesson not in cache:
            cache[lesson] = BUILDERS[lesson]()
        return fresh(cache[lesson])

    return context


def _context_00() -> dict:
    import matplotlib.pyplot as plt

    from mnist_lessons.data import FASHION_CLASSES, is_five, load_fashion_mnist, load_mnist
    from mnist_lessons.plots import show_images

    (x_train, y_train), (x_test, y_test) = load_mnist()
    (xf_train, yf_train), (xf_test, yf_test) = load_fashion_mnist()
    return {"np": np, "plt": plt, "show_images": show_images, "FASHION_CLASSES": FASHION_CLASSES,
            "x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test, "xf_train": xf_train,
            "yf_train": yf_train, "xf_test": xf_test, "yf_test": yf_test,
            "ink": np.count_nonzero(x_train > 127, axis=(1, 2)), "y_train_five": is_five(y_train)}


def _context_01() -> dict:
    import keras

    from mnist_lessons.backend import steps_per_execution
    from mnist_lessons.data import is_five, load_mnist

    (x_train, digits_train), _ = load_mnist()
    y_train = is_five(digits_train)
    x_val, y_val = x_train[50_000:], y_train[50_000:]
    x_train, y_train = x_train[:50_000], y_train[:50_000]
    # the notebook's perceptron, trained briefly here (exercise 3 reads its outputs)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(name="flatten"),
                              keras.layers.Dense(1, name="weighted_sum")], name="perceptron")
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.Adam(learning_rate=0.001),
                  metrics=["accuracy"], steps_per_execution=steps_per_execution())
    model.fit(x_train[:5_000], y_train[:5_000], epochs=1, batch_size=32, verbose=0)
    namespace = {"np": np, "math": math, "keras": keras, "x_train": x_train, "y_train": y_train,
                 "x_val": x_val, "y_val": y_val, "model": model}
    # section 7's gradient descent, as the notebook defines it: exercise 1 calls it
    run_cell("def gradient_descent(learning_rate, start=4.0, steps=8):\n"
             "    weight = start\n    path = [weight]\n    for _ in range(steps):\n"
             "        slope = 2 * weight\n        weight = weight - learning_rate * slope\n"
             "        path.append(weight)\n    return np.array(path)\n", namespace)
    return namespace


def _context_02() -> dict:
    import keras

    from mnist_lessons.data import is_five, load_mnist, scale_pixels
    from mnist_lessons.debug import (
        binary_scores,
        majority_baseline,
        make_perceptrons,
        output_range,
        overfit_tiny_subset,
    )

    (x_train, digits_train), _ = load_mnist()
    y_train = is_five(digits_train)
    x_val, y_val = x_train[50_000:], y_train[50_000:]
    x_train, y_train = x_train[:50_000], y_train[:50_000]

    def make_perceptron(runs=1, learning_rate=0.001, seed=0):   # as the notebook defines it
        return make_perceptrons(runs, learning_rate=learning_rate, seed=seed, metrics=["accuracy"])

    # step 5's control, four side-by-side runs, trained briefly here: exercise 4's solution reads its outputs
    control = make_perceptron(runs=4)
    control.fit(x_train[:5000], np.repeat(y_train[:5000, None], 4, axis=1), epochs=1, batch_size=128, verbose=0)
    control_outputs = control.predict(x_val, batch_size=2000, verbose=0)
    return {"np": np, "math": math, "keras": keras, "overfit_tiny_subset": overfit_tiny_subset,
            "output_range": output_range, "scale_pixels": scale_pixels, "binary_scores": binary_scores,
            "x_train": x_train, "y_train": y_train, "digits_train": digits_train, "x_val": x_val, "y_val": y_val,
            "x_train_scaled": scale_pixels(x_train), "make_perceptron": make_perceptron,
            "control_outputs": control_outputs, "baseline": majority_baseline(y_val)}


def _context_03() -> dict:
    import keras

    from mnist_lessons.data import is_five, load_mnist, scale_pixels
    from mnist_lessons.debug import binary_scores, fit_side_by_side, majority_baseline, make_perceptrons

    (x_train, digits_train), _ = load_mnist()
    y_train = is_five(digits_train)
    x_val, y_val = x_train[50_000:], y_train[50_000:]
    x_train, y_train = x_train[:50_000], y_train[:50_000]
    x_train_scaled = scale_pixels(x_train)

    results = {}

    def experiment(name, x_fit, x_check, **knobs):   # as the notebook defines it: exercise 1 uses it
        model = fit_side_by_side(make_perceptrons(4, **knobs), x_fit, y_train, epochs=5, batch_size=128)
        outputs = model.predict(x_check, batch_size=2000, verbose=0)
        results[name] = [binary_scores(y_val, outputs[:, run]) for run in range(4)]
        return model

    def validation_accuracy(name):
        return np.array([scores.accuracy for scores in results[name]])

    # the final perceptron's weights, trained briefly here: exercise 2's solution reads them
    final = make_perceptrons(runs=1, activation="sigmoid", learning_rate=0.01)
    final.fit(x_train_scaled[:10_000], y_train[:10_000, None], epochs=1, batch_size=128, verbose=0)
    return {"np": np, "math": math, "keras": keras, "x_train": x_train, "y_train": y_train, "x_val": x_val,
            "y_val": y_val, "x_train_scaled": x_train_scaled, "make_perceptrons": make_perceptrons,
            "experiment": experiment, "results": results, "validation_accuracy": validation_accuracy,
            "baseline": majority_baseline(y_val), "final_weights": final.get_layer("output").get_weights()[0][:, 0]}


def _context_04() -> dict:
    import keras

    from mnist_lessons.data import load_mnist, scale_pixels

    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_train_scaled = scale_pixels(x_train.reshape(60000, 784))
    y_train_onehot = keras.utils.to_categorical(y_train, num_classes=10)

    def build_model(hidden_units=32, optimizer="rmsprop", seed=3):   # as in the notebook, section 6
        keras.utils.set_random_seed(seed)
        network = keras.Sequential([keras.Input(shape=(784,), name="pixels"),
                                    keras.layers.Dense(hidden_units, activation="relu", name="hidden"),
                                    keras.layers.Dense(10, activation="softmax", name="output")])
        network.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
        return network

    # The notebook fits on 50,000 images and validates on 10,000: here 2,000 of each keep the exercises'
    # training to a few seconds. Section 10's overfitting run, for real: 1000 digits, 20 epochs.
    x_fit, y_fit = x_train_scaled[:2000], y_train_onehot[:2000]
    x_val, y_val = x_train_scaled[50_000:52_000], y_train_onehot[50_000:52_000]
    small_history = build_model(128, optimizer="adam").fit(x_fit[:1000], y_fit[:1000], epochs=20, batch_size=32,
                                                           validation_data=(x_val, y_val), verbose=0)
    return {"np": np, "math": math, "keras": keras, "scale_pixels": scale_pixels,
            "build_model": build_model, "x_train": x_train, "y_train": y_train, "seeds": [0, 1, 2],
            "small_history": small_history, "x_fit": x_fit, "y_fit": y_fit, "x_val": x_val, "y_val": y_val,
            "x_test_scaled": scale_pixels(x_test.reshape(10000, 784))[:2000],
            "y_test_onehot": keras.utils.to_categorical(y_test, num_classes=10)[:2000]}


def _context_05() -> dict:
    import keras

    from mnist_lessons.data import FASHION_CLASSES, load_fashion_mnist, scale_pixels

    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    return {"np": np, "math": math, "keras": keras, "scale_pixels": scale_pixels, "FASHION_CLASSES": FASHION_CLASSES,
            "x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def _context_06() -> dict:
    from mnist_lessons.data import load_mnist, scale_pixels

    # Section 8's network and its two helpers, as the notebook defines them (exercise 3 trains one from zeros)
    def log_softmax(scores):
        shifted = scores - scores.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    class TwoLayerNetwork:
        def __init__(self, n_inputs, n_hidden, n_outputs, learning_rate, rng):
            self.rng, self.learning_rate = rng, learning_rate
            self.params = {"W1": rng.standard_normal((n_inputs, n_hidden)) * np.sqrt(2 / n_inputs),
                           "b1": np.zeros(n_hidden),
                           "W2": rng.standard_normal((n_hidden, n_outputs)) * np.sqrt(1 / n_hidden),
                           "b2": np.zeros(n_outputs)}

        def forward(self, inputs):
            hidden_in = inputs @ self.params["W1"] + self.params["b1"]
            hidden = np.maximum(hidden_in, 0)
            return hidden_in, hidden, log_softmax(hidden @ self.params["W2"] + self.params["b2"])

        def compute_gradients(self, inputs, onehot):
            hidden_in, hidden, log_probabilities = self.forward(inputs)
            derror_dscores = (np.exp(log_probabilities) - onehot) / len(inputs)
            derror_dhidden_in = (derror_dscores @ self.params["W2"].T) * (hidden_in > 0)
            return {"W2": hidden.T @ derror_dscores, "b2": derror_dscores.sum(axis=0),
                    "W1": inputs.T @ derror_dhidden_in, "b1": derror_dhidden_in.sum(axis=0)}

    def train_epoch(network, inputs, onehot, batch_size=128):
        order = network.rng.permutation(len(inputs))
        for start in range(0, len(inputs), batch_size):
            batch = order[start:start + batch_size]
            for name, gradient in network.compute_gradients(inputs[batch], onehot[batch]).items():
                network.params[name] -= network.learning_rate * gradient

    def evaluate(network, inputs, labels):
        log_probabilities = network.forward(inputs)[2]
        error = -np.mean(log_probabilities[np.arange(len(labels)), labels])
        return error, np.mean(log_probabilities.argmax(axis=1) == labels)

    # The notebook trains on 50,000 images and validates on 10,000: 5,000 and 2,000 keep the test quick.
    (x_train, y_train), _ = load_mnist()
    inputs = scale_pixels(x_train).reshape(len(x_train), 784).astype(np.float64)
    return {"np": np, "TwoLayerNetwork": TwoLayerNetwork, "train_epoch": train_epoch, "evaluate": evaluate,
            "inputs_train": inputs[:5000], "onehot_train": np.eye(10)[y_train[:5000]],
            "inputs_val": inputs[50_000:52_000], "y_val": y_train[50_000:52_000]}


BUILDERS = {"00": _context_00, "01": _context_01, "02": _context_02, "03": _context_03, "04": _context_04,
            "05": _context_05, "06": _context_06}


def fresh(namespace: dict) -> dict:
    """A copy of a namespace for one test: dicts and lists copied (a cell may change them, as
    exercise 03.3 adds to `sweep`), arrays, models and modules shared (no cell changes them)."""
    return {name: copy.deepcopy(value) if isinstance(value, (dict, list)) and not name.startswith("__") else value
            for name, value in namespace.items()}


# ---------------------------------------------------------------------------------------------
# Running cells and checks the way a notebook does


def run_cell(code: str, namespace: dict) -> None:
    """Execute one code cell in the notebook's namespace (as IPython does: the cell's globals)."""
    exec(compile(code, "<cell>", "exec"), namespace)


def run_check(exercise, namespace: dict, capsys) -> str:
    """``qN.check()`` called from the notebook's namespace; returns what it printed."""
    capsys.readouterr()
    run_cell(f"from mnist_lessons.exercises.lesson{exercise.lesson} import {exercise.name}\n"
             f"{exercise.name}.check()", namespace)
    return capsys.readouterr().out


REQUIRES: dict[str, list[str]] = {}
"""Solutions that use an earlier exercise's solution (none at present: every exercise stands alone)."""


def notebook_before(key: str, contexts, solved) -> dict:
    """The namespace in which a student meets exercise ``key``: the lesson's variables, every
    earlier starter of the lesson run in notebook order, the earlier solutions this exercise
    builds on, then the exercise's own starter."""
    exercise = EXERCISES[key]
    namespace = contexts(exercise.lesson)
    for earlier in exercises_of(exercise.lesson)[: exercise.number - 1]:
        run_cell(earlier.starter, namespace)
    for earlier in REQUIRES.get(key, []):
        namespace.update(solved(earlier).namespace)
    run_cell(exercise.starter, namespace)
    return namespace


@dataclass
class Solved:
    namespace: dict
    run_seconds: float
    timings: dict = field(default_factory=dict)


@pytest.fixture(scope="session")
def solved(contexts):
    """``key -> Solved``: the lesson's namespace after the exercise's starter and its reference
    solution (and the solutions it builds on) ran, computed once per session."""
    cache: dict[str, Solved] = {}

    def solve(key: str) -> Solved:
        if key not in cache:
            exercise = EXERCISES[key]
            namespace = notebook_before(key, contexts, solve)
            started = time.perf_counter()
            run_cell(exercise.solution_code, namespace)
            cache[key] = Solved(namespace, time.perf_counter() - started)
            _close_figures()
        return Solved(fresh(cache[key].namespace), cache[key].run_seconds)

    return solve


def _close_figures():
    import matplotlib.pyplot as plt

    plt.close("all")


def assert_plain(text: str) -> None:
    assert "\x1b" not in text, f"ANSI escape codes in plain output: {text!r}"


# ---------------------------------------------------------------------------------------------
# The course's shape


def test_every_lesson_has_three_to_six_exercises_and_a_questionnaire():
    for lesson in LESSONS:
        exercises = exercises_of(lesson)
        assert 3 <= len(exercises) <= 6, lesson
        assert [e.number for e in exercises] == list(range(1, len(exercises) + 1))
        questionnaire = lesson_module(lesson).questionnaire
        assert 5 <= len(questionnaire) <= 10, lesson
        for exercise in exercises:
            assert len(exercise.hints) >= 2, exercise.key
            assert exercise.solution_code and exercise.statement and exercise.reads


def test_notebook_cells_hold_starters_but_no_solution(contexts):
    """The cells to paste into a notebook: starters that compile, check cells, hint and solution
    calls commented out, and no line of any solution in them."""
    for lesson in LESSONS:
        cells = notebook_cells(lesson)
        text = "\n".join(source for _, source in cells)
        assert cells[1] == ("code", f"from mnist_lessons.exercises.lesson{lesson} import "
                            + ", ".join(e.name for e in exercises_of(lesson)) + ", questionnaire")
        for exercise in exercises_of(lesson):
            assert f"{exercise.name}.check()" in text
            assert f"# {exercise.name}.hint()\n# {exercise.name}.solution()" in text
            starter_lines = {line.strip().lstrip("#").split("#")[0].strip() for line in exercise.starter.splitlines()}
            for line in exercise.solution_code.splitlines():
                code = line.split("#")[0].strip()
                if len(code) > 25 and code not in starter_lines:     # a line of real solution code
                    assert code not in text, (exercise.key, code)
        for cell_type, source in cells:
            if cell_type == "code":
                compile(source, "<cell>", "exec")


# ---------------------------------------------------------------------------------------------
# Every exercise: blank starter, reference solution, typical wrong answers


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_blank_starter_is_not_attempted_yet(key, contexts, capsys, progress_home):
    exercise = EXERCISES[key]
    namespace = contexts(exercise.lesson)
    for earlier in exercises_of(exercise.lesson)[: exercise.number]:   # the saved notebook: every starter, in order
        run_cell(earlier.starter, namespace)
    out = run_check(exercise, namespace, capsys)
    assert out.startswith("Not attempted yet: "), out
    assert out.count("\n") == 1
    assert_plain(out)
    assert exercise.grade(namespace).status == "not attempted"
    assert not (progress_home / store.FILE_NAME).exists()   # nothing recorded for an untouched starter
    assert exercise.solution_code.splitlines()[-1] not in out


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_reference_solution_is_correct(key, solved, capsys, progress_home):
    exercise = EXERCISES[key]
    result = solved(key)
    started = time.perf_counter()
    out = run_check(exercise, result.namespace, capsys)
    check_seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n[timing] {key} ({exercise.title}): solution ran in {result.run_seconds:.2f} s, "
              f"check took {check_seconds:.2f} s")
    assert out.startswith("Correct: "), out
    assert_plain(out)
    entry = progress_file(progress_home)["exercises"][key]
    assert entry["status"] == "passed" and entry["checks"] == 1 and entry["first_passed"]


@dataclass
class Wrong:
    code: str            # the cell a student might write instead of the solution
    expect: str          # a phrase of the teaching message
    after: str = "starter"   # "starter": run on the blank starter; "solution": on the solved namespace


def _zero_start_run(prediction: str) -> str:
    """Exercise 06.3's cell with the prediction ``prediction`` (Python source), the experiment run."""
    return EXERCISES["lesson06.q3"].solution_code.replace('my_prediction = "C"', f"my_prediction = {prediction}")


WRONG: dict[str, list[Wrong]] = {
    "lesson00.q1": [
        Wrong("least_ink_sevens = np.argsort(ink[y_train == 7])[:30]", "positions *among the sevens*"),
        Wrong("sevens = np.flatnonzero(y_train == 7)\nleast_ink_sevens = sevens[np.argsort(ink[sevens])[-30:]]",
              "the *most* ink"),
        Wrong("least_ink_sevens = np.argsort(ink)[:30]", "are not sevens"),
        Wrong("least_ink_sevens = np.sort(ink[y_train == 7])[:30]", "*ink values*"),
        Wrong("least_ink_sevens = y_train == 7", "turns a True/False mask into positions"),
    ],
    "lesson00.q2": [
        Wrong("mean_ink_per_class = np.array([xf_train[yf_train == c].mean() for c in range(10)])",
              "mean *pixel values*"),
        Wrong("mean_ink_per_class = np.count_nonzero(xf_train > 127, axis=(1, 2))", "one number per image"),
        Wrong("ink_any = np.count_nonzero(xf_train > 0, axis=(1, 2))\n"
              "mean_ink_per_class = np.array([ink_any[yf_train == c].mean() for c in range(10)])", "not 0 (`> 0`)"),
        Wrong("ink_test = np.count_nonzero(xf_test > 127, axis=(1, 2))\n"
              "mean_ink_per_class = np.array([ink_test[yf_test == c].mean() for c in range(10)])", "class means of `xf_test`"),
        Wrong("ink_fashion = np.count_nonzero(xf_train > 127, axis=(1, 2))\n"
              "mean_ink_per_class = np.array([np.median(ink_fashion[yf_train == c]) for c in range(10)])", "*medians*"),
        Wrong("mean_ink_per_class = np.array([(xf_train[yf_train == c].sum(axis=(1, 2)) / 255).mean() for c in range(10)])",
              "divide by 255"),
        Wrong("ink_fashion = np.count_nonzero(xf_train > 127, axis=(1, 2))\n"
              "mean_ink_per_class = np.array([ink_fashion[yf_train == c].mean() for c in range(10)])\n"
              "mean_ink_per_class[4] += 20", "class 4 (Coat) is too high"),
        Wrong("mean_ink_per_class = np.sort([np.count_nonzero(xf_train[yf_train == c] > 127, axis=(1, 2)).mean()"
              " for c in range(10)])", "sorted by size"),
    ],
    "lesson00.q3": [
        Wrong("predicted_accuracy = 0.95\ndetector_accuracy = np.mean(((y_train == 5) | (y_train == 3)) == (y_train == 5))",
              "the *training* labels"),
        Wrong("predicted_accuracy = 0.95\ndetector_accuracy = np.mean(y_test != 5)", "never answering"),
        Wrong("predicted_accuracy = 0.95\ndetector_accuracy = np.mean(((y_test == 5) & (y_test == 3)) == (y_test == 5))",
              "`&` answers"),
        Wrong("predicted_accuracy = 0.95\ndetector_accuracy = np.sum(((y_test == 5) | (y_test == 3)) == (y_test == 5))",
              "a count of images"),
        Wrong("predicted_accuracy = 0.95\nanswers = (y_test == 5) | (y_test == 3)\n"
              "detector_accuracy = np.mean(answers[y_test == 5])", "its *recall*"),
        Wrong("predicted_accuracy = 0.95\nanswers = (y_test == 5) | (y_test == 3)\n"
              "detector_accuracy = np.mean((y_test == 5)[answers])", "its *precision*"),
        Wrong("predicted_accuracy = 0.95\ndetector_accuracy = 1 - np.mean(((y_test == 5) | (y_test == 3)) == (y_test == 5))",
              "error rate"),
        Wrong("predicted_accuracy = 1.5e3\ndetector_accuracy = 0.899", "from 0 to 1"),
        Wrong('predicted_accuracy = "90%"\ndetector_accuracy = 0.899', "should be a number (e.g. 0.95); it is a str"),
    ],
    "lesson01.q1": [
        Wrong('my_prediction_1_0 = "A"\nmy_prediction_1_1 = "C"\n'
              "my_weight_after_8 = 17.2\n"
              "path_1_0 = gradient_descent(1.0)\npath_1_1 = gradient_descent(1.1)", "you predicted A for learning rate 1.0"),
        Wrong('my_prediction_1_0 = "B"\nmy_prediction_1_1 = "C"\n'
              "my_weight_after_8 = 17.2\n"
              "path_1_0 = gradient_descent(1.1)\npath_1_1 = gradient_descent(1.0)", "swapped"),
        Wrong('my_prediction_1_0 = "B"\nmy_prediction_1_1 = "C"\n'
              "my_weight_after_8 = 17.2\n"
              "path_1_0 = gradient_descent(1.0)[-1]\npath_1_1 = gradient_descent(1.1)[-1]", "keep the whole path"),
        Wrong('my_prediction_1_0 = "bounces"\nmy_prediction_1_1 = "C"\n'
              "my_weight_after_8 = 17.2\n"
              "path_1_0 = gradient_descent(1.0)\npath_1_1 = gradient_descent(1.1)", "one letter"),
        Wrong('my_prediction_1_0 = "B"\nmy_prediction_1_1 = "C"\n'
              "my_weight_after_8 = 17.2\n"
              "path_1_0 = gradient_descent(1.0) ** 2\npath_1_1 = gradient_descent(1.1) ** 2", "the *losses*"),
        Wrong("my_weight_after_8 = -17.2", "wrong sign", after="solution"),
        Wrong("my_weight_after_8 = 4 * 1.2 * 8", "do not add up", after="solution"),
        Wrong("my_weight_after_8 = 4 * 1.1 ** 8", "not by 1.1", after="solution"),
        Wrong('my_weight_after_8 = "17.2"', "not a string", after="solution"),
    ],
    "lesson01.q2": [
        Wrong('my_prediction_rosenblatt = "no"', "the run says \"yes\"", after="solution"),
        Wrong("rosenblatt_accuracy = np.mean((flat_train @ rosenblatt_weights > 0) == y_train)",
              "the *training* pictures", after="solution"),
        Wrong("rosenblatt_accuracy = 100 * np.mean((flat_val @ rosenblatt_weights > 0) != y_val)",
              "answered *wrongly*", after="solution"),
        Wrong('my_prediction_rosenblatt = "yes"\n'
              "for pixels, target in zip(flat_train, y_train):\n"
              "    answer = int(pixels @ rosenblatt_weights > 0)\n"
              "    rosenblatt_weights = rosenblatt_weights + (answer - target) * pixels\n"
              "rosenblatt_accuracy = 0.95", "turned the wrong way"),
        Wrong('my_prediction_rosenblatt = "yes"\n'
              "for pixels, target in zip(flat_train, y_train):\n"
              "    answer = int(pixels @ rosenblatt_weights > 0)\n"
              "    rosenblatt_weights + (target - answer) * pixels\n"
              "rosenblatt_accuracy = 0.95", "every knob is still 0"),
        Wrong('my_prediction_rosenblatt = "yes"\n'
              "for pixels, target in zip(flat_train, y_train):\n"
              "    answer = int(pixels @ rosenblatt_weights >= 0)\n"
              "    rosenblatt_weights = rosenblatt_weights + (target - answer) * pixels\n"
              "rosenblatt_accuracy = 0.95", "(`>=`)"),
        Wrong('my_prediction_rosenblatt = "yes"\n'
              "for _ in range(2):\n"
              "    for pixels, target in zip(flat_train, y_train):\n"
              "        answer = int(pixels @ rosenblatt_weights > 0)\n"
              "        rosenblatt_weights = rosenblatt_weights + (target - answer) * pixels\n"
              "rosenblatt_accuracy = 0.95", "two passes"),
    ],
    "lesson01.q3": [
        Wrong("my_better_threshold = 0.5\noutputs = model.predict(x_val, verbose=0)\n"
              "accuracy_at_0 = np.mean((outputs > 0) == y_val)\naccuracy_at_half = np.mean((outputs > 0.5) == y_val)",
              "Flatten the outputs first"),
        Wrong("my_better_threshold = 0.5\noutputs = model.predict(x_val, verbose=0).reshape(-1)\n"
              "accuracy_at_0 = np.mean((outputs > 0.5) == y_val)\naccuracy_at_half = np.mean((outputs > 0) == y_val)",
              "this one is for 0"),
        Wrong("my_better_threshold = 0", "the run says 0.5", after="solution"),
        Wrong('my_better_threshold = "0.5"', "not a string", after="solution"),
    ],
    "lesson02.q1": [
        Wrong('mystery_loss_change = 0.004\nmystery_weight_change = 1e-4\nmystery_diagnosis = "C"',
              "does not fit the evidence"),
        Wrong('mystery_loss_change = 0.004\nmystery_weight_change = 1e-4\nmystery_diagnosis = "A"',
              "how many passes would it need"),
        Wrong('mystery_loss_change = 0.44\nmystery_weight_change = 1e-4\nmystery_diagnosis = "E"',
              "if that is a percentage, divide by 100"),
        Wrong('mystery_loss_change = 0.004\nmystery_weight_change = 0.0\nmystery_diagnosis = "E"',
              "read *after* training both times"),
        Wrong('mystery_loss_change = 0.004\nmystery_weight_change = 1e-4\nmystery_diagnosis = 5', "one letter"),
    ],
    "lesson02.q2": [
        Wrong("def make_fixed_model():\n    return make_mystery_model()", "still 1e-06"),
        # another optimizer: more than one change
        Wrong("def make_fixed_model():\n"
              "    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(1, activation='sigmoid')])\n"
              "    model.compile(loss='binary_crossentropy', optimizer=keras.optimizers.SGD(learning_rate=0.5))\n"
              "    return model", "its optimizer is 'SGD'"),
        Wrong("def make_fixed_model():\n"
              "    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(1, activation='sigmoid')])\n"
              "    return model", "not compiled"),
        # the fix plus two more changes: no sigmoid, squared error
        Wrong("def make_fixed_model():\n"
              "    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(1)])\n"
              "    model.compile(loss='mean_squared_error', optimizer=keras.optimizers.Adam(learning_rate=0.001))\n"
              "    return model", "more than its learning rate"),
        Wrong("def make_fixed_model():\n"
              "    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(1, activation='sigmoid')])\n"
              "    model.compile(loss='binary_crossentropy', optimizer=keras.optimizers.Adam(learning_rate=2e-5))\n"
              "    return model", "still small"),
    ],
    "lesson02.q3": [
        Wrong("def majority_accuracy(targets):\n    return np.mean(targets == 0)", "The most common answer is not always 0"),
        Wrong("def majority_accuracy(targets):\n    return np.unique(targets, return_counts=True)[1].max()",
              "divide by the number of targets"),
        # yes/no only: right for 0/1 targets, wrong for ten classes whose commonest is neither 0 nor 1
        Wrong("def majority_accuracy(targets):\n    return max(np.mean(targets == 0), np.mean(targets == 1))",
              "commonest is 7"),
    ],
    "lesson02.q4": [
        Wrong("def precision_and_recall(targets, outputs, threshold=0.5):\n"
              "    answers = np.ravel(outputs) > threshold\n    fives = targets == 1\n"
              "    return np.sum(answers & fives) / np.sum(fives), np.sum(answers & fives) / np.sum(answers)",
              "you swapped them"),
        Wrong("def precision_and_recall(targets, outputs, threshold=0.5):\n"
              "    answers = outputs > threshold\n    fives = targets == 1\n"
              "    return np.sum(answers & fives) / np.sum(answers), np.sum(answers & fives) / np.sum(fives)",
              "broadcasts to (400, 400)"),
    ],
    "lesson02.q5": [
        Wrong("predicted_start_loss = 0.4\nmeasured_start_loss = make_perceptron().evaluate(x_val, y_val, verbose=0)[0]",
              "the loss on *raw* pixels"),
        Wrong("predicted_start_loss = make_perceptron().evaluate(x_val, y_val, verbose=0)[0] / 255\n"
              "measured_start_loss = make_perceptron().evaluate(scale_pixels(x_val), y_val, verbose=0)[0]",
              "You divided the raw loss by 255 once"),
        Wrong("predicted_start_loss = 0.0001\n"
              "measured_start_loss = make_perceptron().evaluate(scale_pixels(x_val), y_val, verbose=0)[0]",
              "off by a factor of"),
    ],
    "lesson03.q1": [
        # the numbers of a run where two runs failed, misread
        Wrong("predicted_rescue = 'B'\nraw_cross_entropy_accuracy = [0.9716, 0.9085, 0.9722, 0.9084]\n"
              "cross_entropy_rescues = 'A'", "is not what your evidence shows"),
        Wrong("predicted_rescue = 'B'\nraw_cross_entropy_accuracy = [0.9716, 0.9085, 0.9722, 0.9084]\n"
              "cross_entropy_rescues = 'C'", "2 of your runs sit at it or below it"),
        # a run far below the baseline (not on it) counts as failed too
        Wrong("predicted_rescue = 'A'\nraw_cross_entropy_accuracy = [0.9631, 0.6134, 0.9632, 0.9643]\n"
              "cross_entropy_rescues = 'A'", "1 of your runs sit at it or below it"),
        Wrong("predicted_rescue = 'B'\nraw_cross_entropy_accuracy = [97.16, 90.85, 97.22, 90.84]\n"
              "cross_entropy_rescues = 'B'", "percentages"),
        Wrong("predicted_rescue = 'B'\nraw_cross_entropy_accuracy = [0.9716, 0.9722]\ncross_entropy_rescues = 'A'",
              "at least three runs"),
        Wrong("predicted_rescue = 'B'\nraw_cross_entropy_accuracy = [0.9737, 0.9108, 0.9710, 0.9108]\n"
              "cross_entropy_rescues = 'B'", "the *test* set's baseline"),
        Wrong("predicted_rescue = 'B'\nraw_cross_entropy_accuracy = [0.9716, 0.9085, 0.9722, 0.9084]\n"
              "cross_entropy_rescues = 'yes'", "one letter"),
        Wrong("predicted_rescue = 'D'\nraw_cross_entropy_accuracy = [0.9716, 0.9085, 0.9722, 0.9084]\n"
              "cross_entropy_rescues = 'B'", "`predicted_rescue` should be one letter"),
    ],
    "lesson03.q2": [
        Wrong("def contributions(weights, pixels, targets):\n    flat = pixels.reshape(len(pixels), -1)\n"
              "    return np.ravel(weights) * flat[targets == 1].mean(axis=0)", "*of the fives*"),
        Wrong("def contributions(weights, pixels, targets):\n    flat = pixels.reshape(len(pixels), -1)\n"
              "    return np.ravel(weights) * (flat[targets == 0].mean(axis=0) - flat[targets == 1].mean(axis=0))",
              "the sign is turned round"),
        Wrong("def contributions(weights, pixels, targets):\n    return np.ravel(weights)", "the weights themselves"),
    ],
    "lesson03.q3": [
        Wrong("pictures_needed = 0.978 * 0.022 / 0.05 ** 2", "in percent"),
        Wrong("pictures_needed = 0.978 * 0.022 / 0.0005", "square it"),
        Wrong("pictures_needed = math.sqrt(0.978 * 0.022) / 0.0005", "square both sides"),
    ],
    "lesson04.q1": [
        Wrong("new_images_ready = new_images.reshape(500, 28, 28)", "the channel axis is gone"),
        Wrong("new_images_ready = new_images.reshape(500, 784).astype('float32')", "not scaled"),
        Wrong("new_images_ready = scale_pixels(new_images.reshape(-1))", "one long row"),
    ],
    "lesson04.q2": [
        Wrong("new_labels_onehot = keras.utils.to_categorical(new_labels)", "this batch happens to have no 9"),
        Wrong("new_labels_onehot = new_labels", "still one number per image"),
    ],
    "lesson04.q3": [
        Wrong('prediction = "yes"\noriginal, shuffled = [0.9, 0.9, 0.9], [0.9, 0.9, 0.9]', "write \"about the same\""),
        # the shuffled networks measured on the original validation images
        Wrong(EXERCISES["lesson04.q3"].solution_code.replace("x_val[:, order]", "x_val"), "the same `order` for both"),
        # the shuffle forgotten for the training images as well: the two lists are the same runs
        Wrong(EXERCISES["lesson04.q3"].solution_code.replace("x_fit[:10000][:, order], x_val[:, order]",
                                                             "x_fit[:10000], x_val"), "identical, digit for digit"),
        Wrong('prediction = "much lower"\noriginal, shuffled = [90.1, 89.5, 90.3], [89.9, 90.2, 89.7]', "percentages"),
        Wrong('prediction = "about the same"\noriginal, shuffled = [0.901], [0.899]', "one seed can be lucky"),
    ],
    "lesson04.q4": [
        Wrong('best_epoch = int(np.argmin(small_history.history["val_loss"]))\npoints_lost = 0', "counts from 0"),
        Wrong('best_epoch = int(np.argmin(small_history.history["loss"])) + 1\npoints_lost = 0', "*training* loss"),
        Wrong(EXERCISES["lesson04.q4"].solution_code.replace("points_lost = 100 * (", "points_lost = ("),
              "multiply by 100"),
        Wrong(EXERCISES["lesson04.q4"].solution_code.replace('points_lost = 100 * (logs["val_accuracy"][best_epoch - 1] - '
                                                             'logs["val_accuracy"][-1])',
                                                             'points_lost = 100 * (logs["val_accuracy"][-1] - '
                                                             'logs["val_accuracy"][best_epoch - 1])'), "wrong sign"),
    ],
    "lesson05.q1": [
        # the starter of section 10 as given (raw pixels, no softmax), briefly trained
        Wrong("def prepare(images):\n    return images\n\n"
              "keras.utils.set_random_seed(5)\n"
              "challenge_model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(10)])\n"
              "challenge_model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
              "challenge_model.fit(prepare(x_fit_raw[:5000]), y_fit[:5000], epochs=1, batch_size=128, verbose=0)",
              "the pixels your model sees run from 0 to 255; its outputs are not probabilities"),
        # the reference model, with a prepare that gives it flat rows
        Wrong("def prepare(images):\n    return scale_pixels(images).reshape(len(images), 784)",
              "it expects inputs of shape (None, 28, 28); `prepare(images)` has shape (10000, 784)", after="solution"),
        # a model built and compiled, never fitted
        Wrong("def prepare(images):\n    return scale_pixels(images)\n\n"
              "challenge_model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(10, activation='softmax')])\n"
              "challenge_model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')",
              "it has not been trained yet"),
    ],
    "lesson05.q2": [
        # both changes named at once: not a prediction
        Wrong('prediction = "scaling and softmax"', "name exactly one of the two changes", after="solution"),
        # scaling_only given the softmax too: two changes, not one
        Wrong("keras.utils.set_random_seed(5)\n"
              "scaling_only = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(10, activation='softmax')])\n"
              "scaling_only.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
              "scaling_only.fit(scale_pixels(x_fit_raw[:5000]), y_fit[:5000], epochs=1, batch_size=128, verbose=0)",
              "you changed its output layer too", after="solution"),
        # softmax_only given a hidden layer: a third change
        Wrong("keras.utils.set_random_seed(5)\n"
              "softmax_only = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(32, activation='relu'), keras.layers.Dense(10, activation='softmax')])\n"
              "softmax_only.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
              "softmax_only.fit(x_fit_raw[:5000], y_fit[:5000], epochs=1, batch_size=128, verbose=0)",
              "has 2 Dense layers", after="solution"),
        # softmax_only built but never trained
        Wrong("softmax_only = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(10, activation='softmax')])", "has not been trained yet", after="solution"),
    ],
    "lesson05.q3": [
        Wrong("def softmax_rows(scores):\n    exps = np.exp(scores)\n    return exps / exps.sum(axis=1, keepdims=True)",
              "overflows to infinity"),
        Wrong("def softmax_rows(scores):\n    exps = np.exp(scores - scores.max())\n    return exps / exps.sum()",
              "the whole array adds up to 1"),
    ],
    "lesson05.q4": [
        Wrong("def answer_or_unsure(probabilities, min_margin):\n"
              "    return np.where(probabilities.max(axis=1) >= min_margin, probabilities.argmax(axis=1), -1)",
              "minus the second highest"),
    ],
    "lesson06.q1": [
        # section 5's squared-error gradient, handed in for the cross-entropy
        Wrong("def log_loss_gradients(input_vector, weights, bias, target):\n"
              "    p = 1 / (1 + np.exp(-(np.dot(input_vector, weights) + bias)))\n"
              "    d = 2 * (p - target) * p * (1 - p)\n"
              "    return d, d * input_vector", "the gradient of the *squared* error"),
        # d error / d prediction taken as prediction - target, then times the slope
        Wrong("def log_loss_gradients(input_vector, weights, bias, target):\n"
              "    p = 1 / (1 + np.exp(-(np.dot(input_vector, weights) + bias)))\n"
              "    d = (p - target) * p * (1 - p)\n"
              "    return d, d * input_vector", "is not `prediction - target`"),
        # stopped at d error / d prediction
        Wrong("def log_loss_gradients(input_vector, weights, bias, target):\n"
              "    p = 1 / (1 + np.exp(-(np.dot(input_vector, weights) + bias)))\n"
              "    d = -(target / p) + (1 - target) / (1 - p)\n"
              "    return d, d * input_vector", "d error / d prediction alone"),
        Wrong("def log_loss_gradients(input_vector, weights, bias, target):\n"
              "    p = 1 / (1 + np.exp(-(np.dot(input_vector, weights) + bias)))\n"
              "    return target - p, (target - p) * input_vector", "the sign is flipped"),
        Wrong("def log_loss_gradients(input_vector, weights, bias, target):\n"
              "    p = 1 / (1 + np.exp(-(np.dot(input_vector, weights) + bias)))\n"
              "    return (p - target) * input_vector, p - target", "wrong order"),
        Wrong("def log_loss_gradients(input_vector, weights, bias, target):\n"
              "    p = 1 / (1 + np.exp(-(np.dot(input_vector, weights) + bias)))\n"
              "    return p - target, (p - target) * np.ones_like(weights)", "every weight got the bias's gradient"),
    ],
    "lesson06.q2": [
        Wrong(EXERCISES["lesson06.q2"].solution_code.replace("hidden * (1 - hidden)", "(hidden_in > 0)"),
              "ReLU's slope"),
        Wrong(EXERCISES["lesson06.q2"].solution_code.replace("/ len(inputs)", ""), "times too large"),
        Wrong(EXERCISES["lesson06.q2"].solution_code.replace('"W1": hidden.T @', '"W1": derror_dscores.T @')
              .replace('grads["W1"] = inputs.T @ derror_dhidden_in', 'grads["W1"] = derror_dhidden_in.T @ inputs'),
              "looks transposed"),
    ],
    "lesson06.q3": [
        Wrong(_zero_start_run('"A"'), "the starting point not to matter"),
        Wrong(_zero_start_run('"b"'), "to slow learning down, not to stop it"),
        Wrong(_zero_start_run('"D"'), "softmax of ten equal scores"),
        Wrong(_zero_start_run("0.1"), "one letter"),
        # the experiment run without the line that zeroes the weights: it learns, and proves nothing about zeros
        Wrong(_zero_start_run('"B"').replace("array[...] = 0", "pass"), "did not start from zeros"),
    ],
}


def test_lesson05_q1_says_when_prepare_does_not_scale_what_the_model_trained_on(solved, capsys, progress_home):
    """A model trained on scaled pixels but checked with a `prepare` that returns them as loaded can still pass
    (the reviewers saw 81.8%); pass or fail, the message must point at the 0..255 pixels it was handed."""
    namespace = solved("lesson05.q1").namespace
    run_cell("def prepare(images):\n    return images", namespace)
    out = run_check(EXERCISES["lesson05.q1"], namespace, capsys)
    assert "pixels up to 255" in out or "run from 0 to 255" in out, out


def test_lesson05_q2_compares_the_prediction_with_the_run_either_way(solved, capsys, progress_home):
    """Exercise 05.2 is "predict, then run": both predictions pass once the two runs are real, and the
    message says which change did more in the student's own run and whether the prediction matched."""
    exercise = EXERCISES["lesson05.q2"]
    namespace = solved("lesson05.q2").namespace
    said = {}
    for prediction in ("Scaling", "softmax only"):
        namespace["prediction"] = prediction
        said[prediction] = run_check(exercise, namespace, capsys)
        assert said[prediction].startswith("Correct: "), said[prediction]
        assert "scaling only " in said[prediction] and "softmax only " in said[prediction]
    verdicts = {prediction: ("was right" in text, "was wrong" in text, "a tie" in text.lower())
                for prediction, text in said.items()}
    if any(tie for _, _, tie in verdicts.values()):
        assert all(tie for _, _, tie in verdicts.values())
    else:   # exactly one of the two predictions matches the run
        assert sorted(right for right, _, _ in verdicts.values()) == [False, True]
        assert all(right != wrong for right, wrong, _ in verdicts.values())


def test_every_exercise_has_a_wrong_answer():
    assert set(WRONG) == set(EXERCISES)


@pytest.mark.parametrize(("key", "index"), [(key, i) for key in sorted(WRONG) for i in range(len(WRONG[key]))])
def test_typical_wrong_answer_teaches(key, index, contexts, solved, capsys, progress_home):
    exercise, wrong = EXERCISES[key], WRONG[key][index]
    namespace = solved(key).namespace if wrong.after == "solution" else notebook_before(key, contexts, solved)
    run_cell(wrong.code, namespace)
    out = run_check(exercise, namespace, capsys)
    assert out.startswith("Incorrect: "), out
    assert wrong.expect in out, out
    assert f"`{exercise.name}.hint()`" in out
    assert_plain(out)
    entry = progress_file(progress_home)["exercises"][key]
    assert entry["status"] == "tried" and entry["checks"] == 1


def test_lesson06_q3_compares_the_prediction_with_the_run_in_any_spelling(solved, capsys, progress_home):
    """A prediction is one letter, whatever its case or a closing parenthesis; the message quotes the run."""
    for spelling in ('"c"', '" C) "', '"C."'):
        namespace = solved("lesson06.q3").namespace
        run_cell(f"my_prediction = {spelling}", namespace)
        out = run_check(EXERCISES["lesson06.q3"], namespace, capsys)
        assert out.startswith("Correct: you predicted C"), out
        assert "W1 is still all zeros" in out and "% on the validation digits" in out


def test_lesson00_q1_hints_and_solution_give_sevens_of_x_train(contexts, solved, capsys, progress_home):
    """Issue 11: a hint once gave `np.argsort(ink[y_train == 7])`, positions *among the sevens*, which then
    indexed `x_train` and showed the wrong digits. The strongest hint is a skeleton that leaves the last step
    (turning positions among the sevens into positions in `x_train`) to the student: completed, it picks the
    30 least-inked sevens of `x_train`, as the solution does; the naive form may appear in a hint only as the
    warning it is."""
    exercise = EXERCISES["lesson00.q1"]
    skeleton = ["sevens = np.flatnonzero(...)", "order = np.argsort(...)"]
    assert all(f"`{line}`" in exercise.hints[-1] for line in skeleton)
    assert "sevens[order" not in exercise.hints[-1]                     # a nudge, not the answer
    namespace = notebook_before("lesson00.q1", contexts, solved)
    filled = [line.replace("...", value) for line, value in zip(skeleton, ["y_train == 7", "ink[sevens]"], strict=True)]
    run_cell("\n".join([*filled, "least_ink_sevens = sevens[order[:30]]"]), namespace)
    assert run_check(exercise, namespace, capsys).startswith("Correct: ")
    for answer in (namespace["least_ink_sevens"], solved("lesson00.q1").namespace["least_ink_sevens"]):
        y_train, ink = namespace["y_train"], namespace["ink"]
        assert len(answer) == 30 and np.all(y_train[answer] == 7)        # the pictures shown are sevens
        assert ink[answer].max() <= np.sort(ink[y_train == 7])[29]       # the least-inked ones, fewest first
        assert np.all(np.diff(ink[answer]) >= 0)
    naive = "np.argsort(ink[y_train == 7])"
    for hint in exercise.hints:
        if naive in hint:
            assert "Careful" in hint and "not their positions in `x_train`" in hint, hint
    assert naive not in exercise.solution_code


def test_lesson00_q3_compares_the_prediction_with_the_run(contexts, solved, capsys, progress_home):
    """The predict-then-run exercise: the prediction is never "wrong", but the check says how far it was from
    the run; fractions and percentages, rounded as a student writes them, are both accepted."""
    exercise = EXERCISES["lesson00.q3"]
    cases = [("0.95", "0.899", "You predicted 0.950, 0.051 too high."),
             ("90", "89.9", "You predicted 0.900: right on."),
             ("0.5", "0.8990", "You predicted 0.500, 0.399 too low."),
             ("0.9", "0.90", "You predicted 0.900: right on.")]      # rounded to two decimals: still right
    for predicted, computed, verdict in cases:
        namespace = notebook_before("lesson00.q3", contexts, solved)
        run_cell(f"predicted_accuracy = {predicted}\ndetector_accuracy = {computed}", namespace)
        out = run_check(exercise, namespace, capsys)
        assert out.startswith("Correct: the detector is right on 89.90% of the test images."), out
        assert verdict in out and "below* the 91.08%" in out, out
    namespace = notebook_before("lesson00.q3", contexts, solved)
    run_cell("detector_accuracy = 0.899", namespace)          # computed, but no prediction written first
    assert run_check(exercise, namespace, capsys).startswith("Not attempted yet: `predicted_accuracy` is still `...`")


# ---------------------------------------------------------------------------------------------
# The evidence exercise 02.1 relies on, measured on this backend


def test_the_mystery_model_shows_the_evidence_its_diagnosis_names(contexts):
    from mnist_lessons.debug import output_range, overfit_tiny_subset
    from mnist_lessons.exercises.lesson02 import make_mystery_model

    namespace = contexts("02")
    model = make_mystery_model()
    before = model.get_weights()[0].copy()
    tiny = overfit_tiny_subset(model, namespace["x_train_scaled"], namespace["y_train"])
    report = output_range(tiny.outputs)
    assert abs(tiny.loss[-1] - tiny.loss[0]) / tiny.loss[0] < 0.01      # "the loss hardly moves (less than 1%)"
    assert not tiny.fits
    assert report.below == report.above == report.at_edges == 0        # in 0..1, not saturated
    assert np.abs(model.get_weights()[0] - before).max() < 1e-3         # "almost exactly the starting ones"
    assert float(np.asarray(model.optimizer.learning_rate.value)) == pytest.approx(1e-6)


# ---------------------------------------------------------------------------------------------
# Hints, solutions, questionnaires


def test_hints_come_in_tiers_and_are_recorded(capsys, progress_home):
    q1 = EXERCISES["lesson00.q1"]
    q1.hint()
    q1.hint(2)
    q1.hint(3)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Hint 1 of 3: Two steps:") and lines[0].endswith("(More: `q1.hint(2)`.)")
    assert lines[1].startswith("Hint 2 of 3: ") and "`q1.hint(3)`" in lines[1]
    assert lines[2].startswith("Hint 3 of 3: A skeleton: `sevens = np.flatnonzero(...)`") and "More" not in lines[2]
    q1.hint(9)
    assert capsys.readouterr().out.startswith("Hint 3 of 3: there are only 3 hints for this exercise")
    for bad in (0, -1, 1.5, "2", True):
        with pytest.raises(ValueError, match=r"takes the hint's number, 1 to 3"):
            q1.hint(bad)
    entry = progress_file(progress_home)["exercises"]["lesson00.q1"]
    assert entry["hints_seen"] == 3 and entry["status"] == "tried" and entry["checks"] == 0


def test_solution_is_shown_only_when_asked_and_is_recorded(capsys, progress_home):
    q1 = EXERCISES["lesson01.q1"]
    q1.check()          # in this module nothing defines my_prediction_1_0: not attempted
    assert "gradient_descent(1.0)" not in capsys.readouterr().out
    q1.solution()
    out = capsys.readouterr().out
    assert out.startswith('Solution:\n    my_prediction_1_0 = "B"')
    assert "    path_1_0 = gradient_descent(1.0)" in out
    assert "```" not in out and "**" not in out
    assert "multiplies the weight by 1 - 2 × learning rate" in out
    assert_plain(out)
    assert progress_file(progress_home)["exercises"]["lesson01.q1"]["solution_seen"] is True


def test_questionnaire_shows_questions_and_reveals_answers_one_at_a_time(capsys):
    questionnaire = lesson_module("04").questionnaire
    questionnaire.show()
    out = capsys.readouterr().out
    assert out.startswith("Lesson 04 questionnaire:\n1. In what sense is a trained model")
    assert "Further research" in out and f"n from 1 to {len(questionnaire)}" in out
    for _, answer in questionnaire.questions:
        assert answer not in out                       # no answer before it is asked for
    assert repr(questionnaire) == out.rstrip("\n")     # `questionnaire` alone in a cell shows the same
    assert "**Further research**" in questionnaire._repr_markdown_()
    questionnaire.answer(2)
    out = capsys.readouterr().out
    assert out.startswith("Answer 2:\n*What does a dense layer with ReLU compute?*\n\n`relu(dot(w, x) + b)`")
    for bad in (0, len(questionnaire) + 1, "1"):
        with pytest.raises(ValueError, match=f"a question number from 1 to {len(questionnaire)}"):
            questionnaire.answer(bad)


# ---------------------------------------------------------------------------------------------
# The progress file: real files, real processes


STEPS = np.arange(9)
RIGHT_PATHS = {"path_1_0": 4.0 * (-1.0) ** STEPS, "path_1_1": 4.0 * (-1.2) ** STEPS, "my_weight_after_8": 17.2}
"""Section 7's gradient descent from weight 4 with learning rates 1.0 and 1.1: the weight times 1 - 2 x rate."""


def _solve_lesson01_q1(capsys) -> str:
    return run_check(EXERCISES["lesson01.q1"], {"my_prediction_1_0": "B", "my_prediction_1_1": "C", **RIGHT_PATHS},
                     capsys)


def test_lesson01_q1_accepts_rounded_and_float32_paths(capsys, progress_home):
    for paths in ({k: v.round(2) for k, v in RIGHT_PATHS.items() if k.startswith("path")},
                  {k: v.astype(np.float32) for k, v in RIGHT_PATHS.items() if k.startswith("path")}):
        out = run_check(EXERCISES["lesson01.q1"], {"my_prediction_1_0": "B", "my_prediction_1_1": "C",
                                                   "my_weight_after_8": 17.2, **paths}, capsys)
        assert out.startswith("Correct: "), out


def test_progress_persists_across_processes(capsys, progress_home):
    assert _solve_lesson01_q1(capsys).startswith("Correct: ")
    run_check(EXERCISES["lesson00.q3"], {"predicted_accuracy": 0.9, "detector_accuracy": 0.5}, capsys)  # tried
    assert sorted(p.name for p in progress_home.iterdir()) == ["progress.json"]     # no temporary or lock file left
    script = "from mnist_lessons.exercises import progress\nprint(progress())"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, store.HOME_ENV: str(progress_home)}, check=True).stdout
    total = len(EXERCISES)
    assert out.startswith(f"Your progress: 1 of {total} exercises passed.\n")
    lines = out.splitlines()
    assert any(line.startswith("  01  q1: Predict, then run: a step too far") and line.endswith("✓ passed") for line in lines)
    assert any("q3: Predict, then run: a five-finder that also flags threes" in line
               and "✗ tried (1 check), not passed yet" in line
               for line in lines)
    assert sum("· not tried yet" in line for line in lines) == total - 2
    assert f"Kept on this computer in `{progress_home / 'progress.json'}`." in out
    assert_plain(out)
    markdown = progress()._repr_markdown_()
    assert "| 01 | q1: Predict, then run: a step too far | ✓ passed | - |" in markdown


def test_checks_in_three_notebooks_at_once_lose_nothing(progress_home):
    """Three processes record 20 exercises each, at the same time: the lock keeps every entry."""
    code = ("import sys; from mnist_lessons.exercises import store\n"
            "for i in range(20):\n    store.record(f'lesson0{sys.argv[1]}.q{i}', outcome='correct')")
    env = {**os.environ, store.HOME_ENV: str(progress_home)}
    processes = [subprocess.Popen([sys.executable, "-c", code, str(n)], cwd=ROOT, env=env) for n in range(3)]
    assert [p.wait(timeout=120) for p in processes] == [0, 0, 0]
    assert sorted(store.load()) == sorted(f"lesson0{n}.q{i}" for n in range(3) for i in range(20))
    assert sorted(p.name for p in progress_home.iterdir()) == ["progress.json"]


def test_passed_stays_passed_and_checks_are_counted(capsys, progress_home):
    _solve_lesson01_q1(capsys)
    run_check(EXERCISES["lesson01.q1"], {"my_prediction_1_0": "A", "my_prediction_1_1": "C", **RIGHT_PATHS}, capsys)
    entry = progress_file(progress_home)["exercises"]["lesson01.q1"]
    assert entry["status"] == "passed" and entry["checks"] == 2


def test_a_corrupt_progress_file_is_kept_as_a_backup_and_reported(capsys, progress_home):
    progress_home.mkdir(parents=True)
    damaged = b'{"format": 1, "exercises": {"lesson00.q1": {"status": "pass'   # cut off mid-write by some other tool
    (progress_home / "progress.json").write_bytes(damaged)
    verdict, note = _solve_lesson01_q1(capsys).splitlines()     # the check's verdict, then the note
    backups = list(progress_home.glob("progress.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == damaged      # the original, byte for byte
    assert note.startswith(f"Note: your progress file `{progress_home / 'progress.json'}` could not be read "
                           "completely: it is not valid JSON")
    assert f"the original is kept as `{backups[0]}`" in note
    assert verdict.startswith("Correct: ")                               # the check itself is not disturbed
    assert progress_file(progress_home)["exercises"]["lesson01.q1"]["status"] == "passed"
    _solve_lesson01_q1(capsys)                                           # reported once, not again
    assert len(list(progress_home.glob("progress.corrupt-*.json"))) == 1


def test_damaged_entries_are_dropped_but_the_rest_kept_and_backed_up(capsys, progress_home):
    progress_home.mkdir(parents=True)
    good = {"status": "passed", "checks": 2, "first_passed": "2025-01-01T00:00:00+00:00",
            "last_checked": "2025-01-01T00:00:00+00:00", "hints_seen": 1, "solution_seen": False}
    original = json.dumps({"format": 1, "exercises": {"lesson00.q1": good, "lesson00.q2": {"status": "great"},
                                                      "lesson00.q3": "passed"}})
    (progress_home / "progress.json").write_text(original)
    assert store.load() == {"lesson00.q1": good}
    out = capsys.readouterr().out
    assert "2 of its 3 entries could not be read (lesson00.q2, lesson00.q3)" in out
    assert "the readable entries are kept" in out
    (backup,) = progress_home.glob("progress.corrupt-*.json")
    assert backup.read_text() == original
    assert progress_file(progress_home)["exercises"] == {"lesson00.q1": good}
    assert store.load() == {"lesson00.q1": good} and capsys.readouterr().out == ""   # repaired: no second note


def test_progress_from_before_lesson_02_was_split_follows_its_lessons(capsys, progress_home):
    """Format 1 knew lessons 00-05; lessons 03, 04 and 05 are now 04, 05 and 06, and lesson 02's
    exercise 5 (does cross-entropy rescue raw pixels?) is now lesson 03's exercise 1."""
    progress_home.mkdir(parents=True)
    good = {"status": "passed", "checks": 1, "first_passed": "2025-01-01T00:00:00+00:00",
            "last_checked": "2025-01-01T00:00:00+00:00", "hints_seen": 0, "solution_seen": False}
    tried = {**good, "status": "tried", "first_passed": None}
    old = {"lesson02.q1": good, "lesson02.q5": good, "lesson03.q2": good, "lesson04.q1": good, "lesson05.q3": tried}
    (progress_home / "progress.json").write_text(json.dumps({"format": 1, "exercises": old}))
    loaded = store.load()
    assert sorted(loaded) == ["lesson02.q1", "lesson03.q1", "lesson04.q2", "lesson05.q1", "lesson06.q3"]
    assert loaded["lesson03.q1"]["status"] == "passed" and loaded["lesson06.q3"]["status"] == "tried"
    assert EXERCISES["lesson03.q1"].title.endswith("does cross-entropy rescue raw pixels?")
    assert capsys.readouterr().out == "" and not list(progress_home.glob("progress.corrupt-*.json"))
    _solve_lesson01_q1(capsys)                                           # the next write saves format 2
    saved = progress_file(progress_home)
    assert saved["format"] == 2 and sorted(saved["exercises"]) == ["lesson01.q1", "lesson02.q1", "lesson03.q1",
                                                                   "lesson04.q2", "lesson05.q1", "lesson06.q3"]
    assert "Your progress: 5 of" in str(progress())      # 01.q1, 02.q1, 03.q1 (was 02.q5), 04.q2, 05.q1


def test_a_progress_file_from_another_format_is_not_overwritten_silently(capsys, progress_home):
    progress_home.mkdir(parents=True)
    (progress_home / "progress.json").write_text('{"format": 99, "exercises": {}}')
    assert store.load() == {}
    assert "it has format 99" in capsys.readouterr().out
    (backup,) = progress_home.glob("progress.corrupt-*.json")
    assert backup.read_text() == '{"format": 99, "exercises": {}}'


def test_an_unreadable_progress_file_is_left_alone(capsys, progress_home):
    (progress_home / "progress.json").mkdir(parents=True)     # a folder where the file should be: reading fails
    out = _solve_lesson01_q1(capsys)
    assert "could not be read" in out and "nothing will be written over it" in out
    assert out.splitlines()[0].startswith("Correct: ")
    assert (progress_home / "progress.json").is_dir()


def test_an_unwritable_progress_folder_never_breaks_a_check(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(store.HOME_ENV, str(blocker / "progress"))
    store._warned.clear()
    out = _solve_lesson01_q1(capsys)
    assert out.startswith("Correct: ")
    assert f"your progress could not be saved to `{blocker / 'progress' / 'progress.json'}`" in out
    assert f"set the environment variable `{store.HOME_ENV}`" in out


def test_the_default_progress_folder_follows_the_platform(monkeypatch, tmp_path):
    monkeypatch.delenv(store.HOME_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert store.progress_path() == tmp_path / "xdg" / "mnist-lessons" / "progress.json"
        monkeypatch.delenv("XDG_DATA_HOME")
        assert store.progress_path() == Path.home() / ".local" / "share" / "mnist-lessons" / "progress.json"


# ---------------------------------------------------------------------------------------------
# In a real notebook kernel


def _execute(client, code: str) -> list[dict]:
    """Run ``code`` in the kernel; return its display_data and stream outputs (as nbval sees them)."""
    msg_id = client.execute(code)
    outputs = []
    while True:
        try:
            message = client.get_iopub_msg(timeout=120)
        except queue.Empty:  # pragma: no cover - a kernel that stopped answering
            pytest.fail(f"no answer from the kernel to {code!r}")
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind in ("display_data", "stream", "execute_result", "error"):
            outputs.append({"type": kind, **message["content"]})
        if kind == "status" and message["content"]["execution_state"] == "idle":
            return outputs


def test_in_a_notebook_kernel_checks_read_the_notebook_and_show_coloured_markdown(progress_home):
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT),
                                       env={**os.environ, store.HOME_ENV: str(progress_home)})
    try:
        cells = textwrap.dedent("""
            from mnist_lessons.exercises.lesson01 import q1, questionnaire
            my_prediction_1_0 = ...
        """)
        assert [o for o in _execute(client, cells) if o["type"] == "error"] == []
        (blank,) = _execute(client, "q1.check()")
        assert blank["type"] == "display_data"
        assert blank["data"]["text/plain"].startswith("Not attempted yet: `my_prediction_1_0` is still `...`")
        assert blank["data"]["text/markdown"].startswith('<span style="color:#56606B">**Not attempted yet:**</span> ')
        _execute(client, "import numpy as np\nmy_prediction_1_0, my_prediction_1_1, my_weight_after_8 = 'B', 'C', 17.2\n"
                         "path_1_0, path_1_1 = 4.0 * (-1.0) ** np.arange(9), 4.0 * (-1.2) ** np.arange(9)")
        (right,) = _execute(client, "q1.check()")
        assert right["data"]["text/plain"].startswith("Correct: your predictions match the runs")
        assert right["data"]["text/markdown"].startswith('<span style="color:#007A55">**Correct:**</span> your '
                                                         "predictions match the runs")
        (solution,) = _execute(client, "q1.solution()")
        assert '```python\nmy_prediction_1_0 = "B"' in solution["data"]["text/markdown"]
        (shown,) = _execute(client, "questionnaire")
        assert shown["type"] == "execute_result" and "text/markdown" in shown["data"]
        for output in (blank, right, solution, shown):
            assert_plain(output["data"]["text/plain"])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert progress_file(progress_home)["exercises"]["lesson01.q1"]["status"] == "passed"
