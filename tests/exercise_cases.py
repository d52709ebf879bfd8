"""The cases each exercise is tested with in its notebook's kernel (tests/exercises_in_kernel.py).

``WRONG``: for every exercise, typical wrong answers a student writes, each with a phrase its
message must contain. ``after="starter"`` runs it in place of the solution; ``after="solution"``
runs it once the solution has run (for answers that build on the solution's variables).

``PROBES``: code run after an exercise's solution, in the notebook's namespace, that asserts what
a check, a hint or a message must say; a failing ``assert`` fails the case.
"""

from __future__ import annotations

from dataclasses import dataclass

from mnist_lessons.exercises import all_exercises

EXERCISES = {exercise.key: exercise for exercise in all_exercises()}


@dataclass
class Wrong:
    code: str            # the cell a student might write instead of the solution
    expect: str          # a phrase of the teaching message
    after: str = "starter"   # "starter": run on the blank starter; "solution": on the solved namespace


def _zero_start_run(prediction: str) -> str:
    """Exercise 06.3's cell with the prediction ``prediction`` (Python source), the experiment run."""
    return EXERCISES["lesson06.q3"].solution_code.replace('my_prediction = "C"', f"my_prediction = {prediction}")


_MYSTERY_MEASURED = ("first, last = mystery_tiny.loss[0], mystery_tiny.loss[-1]\n"
                     "mystery_loss_change = abs(last - first) / first\n"
                     "mystery_weight_change = np.abs(mystery.get_weights()[0] - weights_before).max()\n")
"""Exercise 02.1's two measurements, as its solution takes them (a wrong answer's cell sets all three answers)."""

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
        Wrong("my_better_threshold = 0.5\noutputs = model.predict(x_train, verbose=0).reshape(-1)\n"
              "accuracy_at_0 = np.mean((outputs > 0) == y_train)\n"
              "accuracy_at_half = np.mean((outputs > 0.5) == y_train)", "the *training* pictures"),
        Wrong("my_better_threshold = 0", "the run says 0.5", after="solution"),
        Wrong('my_better_threshold = "0.5"', "not a string", after="solution"),
    ],
    "lesson02.q1": [
        # numbers typed in, not measured on `mystery`
        Wrong('mystery_loss_change = 0.004\nmystery_weight_change = 1e-4\nmystery_diagnosis = "E"',
              "has not trained yet"),
        Wrong(_MYSTERY_MEASURED + 'mystery_diagnosis = "C"', "does not fit the evidence", after="solution"),
        Wrong(_MYSTERY_MEASURED + 'mystery_diagnosis = "A"', "how many passes would it need", after="solution"),
        Wrong(_MYSTERY_MEASURED + 'mystery_loss_change *= 100\nmystery_diagnosis = "E"',
              "if that is a percentage, divide by 100", after="solution"),
        Wrong(_MYSTERY_MEASURED + 'mystery_weight_change = 0.0\nmystery_diagnosis = "E"',
              "read *after* training both times", after="solution"),
        Wrong(_MYSTERY_MEASURED + "mystery_diagnosis = 5", "one letter", after="solution"),
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
              "divide the raw loss by 255 once"),
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
        # three pictures above the baseline is above it, as the statement says: no run failed
        Wrong("predicted_rescue = 'B'\nraw_cross_entropy_accuracy = [0.9716, 0.9088, 0.9722, 0.9730]\n"
              "cross_entropy_rescues = 'B'", "0 of your runs sit at it or below it"),
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
        Wrong("def contributions(weights, pixels, targets):\n    flat = pixels.reshape(len(pixels), -1)\n"
              "    return weights * (flat[targets == 1].mean(axis=0) - flat[targets == 0].mean(axis=0))",
              "broadcast to `(p, p)`"),
    ],
    "lesson03.q3": [
        Wrong("pictures_needed = 1.2 / 0.0005 ** 2", "in percent"),
        Wrong("pictures_needed = 0.012 / 0.05 ** 2", "in points"),
        Wrong("pictures_needed = 0.012 / 0.0005", "square it"),
        Wrong("pictures_needed = math.sqrt(0.012) / 0.0005", "square both sides"),
        Wrong("pictures_needed = (0.012 / 0.0005) ** 2", "grow with n"),
        # the standard error of one accuracy, not of a difference on the same pictures
        Wrong("pictures_needed = 0.978 * 0.022 / 0.0005 ** 2", "n01 + n10 = d x n"),
    ],
    "lesson04.q1": [
        Wrong("new_images_ready = new_images.reshape(500, 28, 28)", "the channel axis is gone"),
        Wrong("new_images_ready = new_images.reshape(500, 784).astype('float32')", "not scaled"),
        Wrong("new_images_ready = scale_pixels(new_images.reshape(-1))", "expects (500, 784)"),
    ],
    "lesson04.q2": [
        Wrong("new_labels_onehot = keras.utils.to_categorical(new_labels)", "this batch happens to have no 9"),
        Wrong("new_labels_onehot = new_labels", "still one number per image"),
    ],
    "lesson04.q3": [
        Wrong('prediction = "yes"\noriginal, shuffled = [0.9, 0.9, 0.9], [0.9, 0.9, 0.9]', "write \"about the same\""),
        Wrong('prediction = "not much lower"\noriginal, shuffled = [0.9, 0.9, 0.9], [0.89, 0.9, 0.9]', "negation"),
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
              "has not been trained yet"),
        # section 3's network handed in for the challenge: a copy, not a fix of the starter
        Wrong("keras.utils.set_random_seed(5)\n"
              "challenge_model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
              "keras.layers.Dense(32, activation='relu'), keras.layers.Dense(10, activation='softmax')])\n"
              "challenge_model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
              "challenge_model.fit(prepare(x_fit_raw[:5000]), y_fit[:5000], epochs=1, batch_size=128, verbose=0)",
              "has 2 Dense layers", after="solution"),
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
        # the largest score of the whole array, not of each row: the row of -1000s becomes 0 / 0
        Wrong("def softmax_rows(scores):\n    exps = np.exp(scores - scores.max())\n"
              "    return exps / exps.sum(axis=1, keepdims=True)", "largest score of the whole array"),
        # a row-wise max without keepdims: (5, 10) minus (5,) does not broadcast
        Wrong("def softmax_rows(scores):\n    exps = np.exp(scores - scores.max(axis=1))\n"
              "    return exps / exps.sum(axis=1, keepdims=True)", "add `keepdims=True`"),
    ],
    "lesson05.q4": [
        Wrong("def answer_or_unsure(probabilities, min_margin):\n"
              "    return np.where(probabilities.max(axis=1) >= min_margin, probabilities.argmax(axis=1), -1)",
              "minus the second highest"),
        # highest minus lowest: with Dirichlet rows the lowest is near 0, so this is close to the top probability
        Wrong("def answer_or_unsure(probabilities, min_margin):\n    top = np.sort(probabilities, axis=1)\n"
              "    return np.where(top[:, -1] - top[:, 0] >= min_margin, probabilities.argmax(axis=1), -1)",
              "subtracted the *lowest* probability"),
    ],
    "lesson06.q1": [
        # section 5's squared-error gradient, handed in for the cross-entropy
        Wrong("def log_loss_gradients(input_vector, weights, bias, target):\n"
              "    p = 1 / (1 + np.exp(-(np.dot(input_vector, weights) + bias)))\n"
              "    d = 2 * (p - target) * p * (1 - p)\n"
              "    return d, d * input_vector", "the *squared* error's gradient"),
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
        # section 8's ReLU slope, carried over to the sigmoid layers
        Wrong(EXERCISES["lesson06.q2"].solution_code.replace("hidden_2 * (1 - hidden_2)", "(layer_2 > 0)")
              .replace("hidden_1 * (1 - hidden_1)", "(layer_1 > 0)"), "second sigmoid's slope"),
        Wrong(EXERCISES["lesson06.q2"].solution_code.replace("/ len(inputs)", ""), "times too large"),
        # the biases averaged over the examples, dividing by n a second time
        Wrong(EXERCISES["lesson06.q2"].solution_code.replace(".sum(axis=0)", ".mean(axis=0)"),
              "the *sum* over the examples"),
        # only the first layer wrong: the first sigmoid's slope forgotten
        Wrong(EXERCISES["lesson06.q2"].solution_code.replace(" * hidden_1 * (1 - hidden_1)", ""),
              "only the first layer is wrong"),
        Wrong(EXERCISES["lesson06.q2"].solution_code.replace("inputs.T @ derror_dlayer1", "derror_dlayer1.T @ inputs"),
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



PROBES: dict[str, dict[str, str]] = {
    "lesson00.q1": {
        # Issue 11: a hint once gave `np.argsort(ink[y_train == 7])`, positions *among the sevens*, which
        # then indexed `x_train` and showed the wrong digits. The last hint is a skeleton that leaves the last
        # step to the student: completed, it picks the 30 least-inked sevens of `x_train`, as the solution does.
        "the hint's skeleton, completed, gives sevens of x_train": """
from mnist_lessons.exercises.lesson00 import q1
skeleton = ["sevens = np.flatnonzero(...)", "order = np.argsort(...)"]
assert all(f"`{line}`" in q1.hints[-1] for line in skeleton), q1.hints[-1]
assert "sevens[order" not in q1.hints[-1]                           # a nudge, not the answer
solved = least_ink_sevens.copy()
filled = [line.replace("...", value) for line, value in zip(skeleton, ["y_train == 7", "ink[sevens]"])]
exec("\\n".join([*filled, "least_ink_sevens = sevens[order[:30]]"]))
assert q1.grade(globals()).passed
for answer in (least_ink_sevens, solved):
    assert len(answer) == 30 and np.all(y_train[answer] == 7)          # the pictures shown are sevens
    assert ink[answer].max() <= np.sort(ink[y_train == 7])[29]         # the least-inked ones, fewest first
    assert np.all(np.diff(ink[answer]) >= 0)
naive = "np.argsort(ink[y_train == 7])"
assert all("Careful" in hint and "not their positions in `x_train`" in hint for hint in q1.hints if naive in hint)
assert naive not in q1.solution_code
""",
    },
    "lesson00.q3": {
        # Predict, then run: the prediction is never "wrong", but the check says how far it was from the
        # run; fractions and percentages, rounded as a student writes them, are both accepted.
        "says how far the prediction was, in any spelling": """
from mnist_lessons.exercises.lesson00 import q3
for predicted, computed, verdict in [(0.95, 0.899, "You predicted 0.950, 0.051 too high."),
                                     (90, 89.9, "You predicted 0.900: right on."),
                                     (0.5, 0.8990, "You predicted 0.500, 0.399 too low."),
                                     (0.9, 0.90, "You predicted 0.900: right on.")]:
    predicted_accuracy, detector_accuracy = predicted, computed
    message = q3.grade(globals()).message
    assert message.startswith("the detector is right on 89.90% of the test images."), message
    assert verdict in message and "below* the 91.08%" in message, message
predicted_accuracy = ...          # computed, but no prediction written first
assert q3.grade(globals()).message.startswith("`predicted_accuracy` is still `...`")
""",
    },
    "lesson02.q1": {
        # The evidence exercise 02.1's diagnosis names, measured on this backend
        "the mystery model shows the evidence its diagnosis names": """
from mnist_lessons.debug import output_range, overfit_tiny_subset
from mnist_lessons.exercises.lesson02 import make_mystery_model
mystery = make_mystery_model()
before = mystery.get_weights()[0].copy()
tiny = overfit_tiny_subset(mystery, x_train_scaled, y_train)
report = output_range(tiny.outputs)
assert abs(tiny.loss[-1] - tiny.loss[0]) / tiny.loss[0] < 0.01      # "the loss hardly moves (less than 1%)"
assert not tiny.fits
assert report.below == report.above == report.at_edges == 0        # in 0..1, not saturated
assert np.abs(mystery.get_weights()[0] - before).max() < 1e-3       # "almost exactly the starting ones"
assert abs(float(np.asarray(mystery.optimizer.learning_rate.value)) - 1e-6) < 1e-12
""",
    },
    "lesson05.q1": {
        # A model trained on scaled pixels but checked with a `prepare` that returns them as loaded can
        # still pass (the reviewers saw 81.8%); pass or fail, the message points at the 0..255 pixels.
        "says when prepare does not scale what the model trained on": """
from mnist_lessons.exercises.lesson05 import q1
def prepare(images):
    return images
message = q1.grade(globals()).message
assert "pixels up to 255" in message or "run from 0 to 255" in message, message
""",
    },
    "lesson05.q2": {
        # Both predictions pass once the two runs are real, and the message says which change did more in
        # the student's own run and whether the prediction matched.
        "compares the prediction with the run either way": """
from mnist_lessons.exercises.lesson05 import q2
said = {}
for prediction in ("Scaling", "softmax only"):
    result = q2.grade(globals())
    assert result.passed, result.message
    assert "scaling only " in result.message and "softmax only " in result.message, result.message
    said[prediction] = result.message
verdicts = {p: ("was right" in m, "was wrong" in m, "a tie" in m.lower()) for p, m in said.items()}
if any(tie for _, _, tie in verdicts.values()):
    assert all(tie for _, _, tie in verdicts.values()), said
else:   # exactly one of the two predictions matches the run
    assert sorted(right for right, _, _ in verdicts.values()) == [False, True], said
    assert all(right != wrong for right, wrong, _ in verdicts.values()), said
""",
    },
    "lesson06.q3": {
        # A prediction is one letter, whatever its case or a closing parenthesis; the message quotes the run.
        "reads the prediction in any spelling": """
from mnist_lessons.exercises.lesson06 import q3
for my_prediction in ("c", " C) ", "C."):
    message = q3.grade(globals()).message
    assert message.startswith("you predicted C"), message
    assert "W1 is still all zeros" in message and "% on the validation digits" in message, message
""",
    },
}
