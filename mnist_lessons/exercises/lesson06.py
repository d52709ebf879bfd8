"""Lesson 06's exercises: backpropagation by hand, graded against finite differences.

- ``q1``: the gradients of one sigmoid neuron with the squared error, ``neuron_gradients``;
- ``q2``: the backward pass of a network whose hidden layer is a sigmoid, ``backward_sigmoid_hidden``;
- ``q3``: gradient descent on ``f(x) = (x - 3)**2``, ``descend``;
- ``questionnaire``.

The checks never compare with a formula you could copy: they *measure* the slopes of the error
by finite differences (nudge each parameter up and down by 1e-6, in float64) and compare them
with your gradients, exactly as section 7.1 refereed the lesson's own code.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, NotAttempted, as_array, call, close, fmt

INTRO = """
## Your turn: exercises

Backpropagation is best understood by writing it. Exercises 1 and 2 ask for gradients, and their
checks referee them the way section 7.1 did: by finite differences, nudging every parameter and
measuring how the error changes. Exercise 3 takes gradient descent for a walk. Fill in each code
cell (replace every `...`), run it, then run its check. `q1.hint()` and `q1.solution()` help,
only when you ask.
"""

EPS = 1e-6
TOLERANCE = 1e-6
"""Largest relative error accepted between your gradients and the measured slopes (as in section 7.1)."""


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relative_error(analytic, numeric) -> float:
    """``|a - n| / (|a| + |n|)`` over all entries: 0 when the two agree exactly (section 7.1)."""
    analytic, numeric = np.ravel(analytic).astype(np.float64), np.ravel(numeric).astype(np.float64)
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / denominator) if denominator else 0.0


def numerical_gradient(error_of, array: np.ndarray) -> np.ndarray:
    """The slope of ``error_of()`` with respect to every entry of ``array`` (float64, nudged in
    place by ``EPS`` up and down, then restored), by central differences."""
    slopes = np.zeros(array.shape)
    for i in range(array.size):
        original = array.flat[i]
        array.flat[i] = original + EPS
        up = error_of()
        array.flat[i] = original - EPS
        down = error_of()
        array.flat[i] = original
        slopes.flat[i] = (up - down) / (2 * EPS)
    return slopes


# ---------------------------------------------------------------------------------------------
# q1: one neuron


def _neuron_cases():
    rng = np.random.default_rng(5)
    cases = [("the lesson's example: input [2, 1.5], weights [1.45, -0.66], bias 0, target 0",
              np.array([2.0, 1.5]), np.array([1.45, -0.66]), np.array([0.0]), 0.0)]
    for target in (1.0, 0.0):
        cases.append((f"3 random inputs, target {target:g}", rng.normal(size=3), rng.normal(size=3),
                      rng.normal(size=1), target))
    return cases


def _grade_neuron(neuron_gradients) -> str:
    worst = 0.0
    for case, x, w, b, target in _neuron_cases():
        result = call(neuron_gradients, x.copy(), w.copy(), b.copy(), target, name="neuron_gradients")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect("`neuron_gradients` should return two things, `derror_dbias, derror_dweights`, like the "
                            f"lesson's `compute_gradients`; it returned a {type(result).__name__}.")
        if any(part is Ellipsis for part in result):
            raise NotAttempted("`neuron_gradients` still returns `...`: fill in the derivatives, run the cell, then "
                               "check again.")
        dbias = as_array(result[0], "derror_dbias").astype(np.float64)
        dweights = as_array(result[1], "derror_dweights").astype(np.float64)
        if dbias.size == w.size and dweights.size == 1 and w.size != 1:
            raise Incorrect("the two gradients come back in the wrong order: return `derror_dbias, derror_dweights` "
                            "(the bias first), as the lesson's `compute_gradients` does.")
        if dbias.size != 1:
            raise Incorrect(f"`derror_dbias` has shape {dbias.shape}; there is one bias, so one number (or shape (1,)).")
        if dweights.shape != w.shape:
            raise Incorrect(f"`derror_dweights` has shape {dweights.shape}; expected {w.shape}, one slope per weight.")

        def error_of(x=x, w=w, b=b, target=target):
            return float(np.square(_sigmoid(x @ w + b) - target)[0])

        numeric_w, numeric_b = numerical_gradient(error_of, w), numerical_gradient(error_of, b)
        mismatch = relative_error(np.append(dweights, dbias), np.append(numeric_w, numeric_b))
        worst = max(worst, mismatch)
        if mismatch <= TOLERANCE:
            continue
        layer_1 = float(x @ w + b[0])
        prediction = _sigmoid(layer_1)
        derror_dprediction = 2 * (prediction - target)
        slope = prediction * (1 - prediction)
        got_b = float(dbias.ravel()[0])
        if close(got_b, derror_dprediction):
            advice = ("your bias gradient is d error / d prediction alone, the shortcut of section 4. The chain rule "
                      "goes on through the sigmoid: multiply by its slope at `layer_1`, `sigmoid(layer_1) * (1 - "
                      "sigmoid(layer_1))`.")
        elif close(got_b, derror_dprediction * _sigmoid(prediction) * (1 - _sigmoid(prediction))):
            advice = ("you took the sigmoid's slope at the prediction; it must be taken at the sigmoid's *input*, "
                      "`layer_1` (equivalently: `prediction * (1 - prediction)`).")
        elif close(got_b, -derror_dprediction * slope):
            advice = "the sign is flipped: the error grows when the prediction moves away from the target."
        elif close(got_b, numeric_b[0]) and close(dweights, np.full_like(dweights, got_b)):
            advice = ("the bias is right, but every weight got the bias's gradient: d layer_1 / d weights is the "
                      "input vector, so multiply by `input_vector`.")
        elif close(got_b, numeric_b[0]):
            advice = "the bias is right; for the weights the last factor is d layer_1 / d weights = `input_vector`."
        else:
            advice = ("multiply the three factors along the path: d error / d prediction = 2 (prediction - target), "
                      "d prediction / d layer_1 = the sigmoid's slope at layer_1, d layer_1 / d bias = 1 (or the "
                      "input vector, for the weights).")
        raise Incorrect(f"for {case}, finite differences measure d error / d bias = {fmt(numeric_b[0], 6)} and "
                        f"d error / d weights = {fmt(numeric_w, 6)}; yours are {fmt(got_b, 6)} and "
                        f"{fmt(dweights, 6)} (relative error {mismatch:.1e}). Hint: {advice}")
    return (f"your gradients agree with the measured slopes on all {len(_neuron_cases())} examples (largest "
            f"relative error {worst:.1e}, below {TOLERANCE:g}). On the lesson's example they are 0.1957 for the bias "
            "and [0.3914, 0.2936] for the weights, as section 5 computed.")


q1 = Exercise(
    "06", 1, "The gradients of one neuron",
    statement="""
Write the backward pass of section 5 as a function: `neuron_gradients(input_vector, weights,
bias, target)` returns `derror_dbias, derror_dweights` for one example, where
`prediction = sigmoid(input_vector @ weights + bias)` and `error = (prediction - target) ** 2`.
The check measures the true slopes by finite differences on the lesson's example and on random
ones, and compares.
""",
    starter="""
def neuron_gradients(input_vector, weights, bias, target):
    \"\"\"d error / d bias and d error / d weights for one example (error = (sigmoid(x . w + b) - target) ** 2).\"\"\"
    layer_1 = np.dot(input_vector, weights) + bias
    prediction = 1 / (1 + np.exp(-layer_1))
    derror_dbias = ...       # the chain rule: one factor per step from the error back to the bias
    derror_dweights = ...    # the same path, but the last factor is d layer_1 / d weights
    return derror_dbias, derror_dweights
""",
    reads=["neuron_gradients"],
    grader=_grade_neuron,
    hints=[
        "Three factors along the path: d error / d prediction, d prediction / d layer_1 (the sigmoid's slope at "
        "layer_1) and d layer_1 / d bias (which is 1). For the weights the last factor is the input vector.",
        "`2 * (prediction - target) * prediction * (1 - prediction)` is d error / d layer_1; times 1 for the "
        "bias, times `input_vector` for the weights.",
    ],
    solution="""
def neuron_gradients(input_vector, weights, bias, target):
    \"\"\"d error / d bias and d error / d weights for one example (error = (sigmoid(x . w + b) - target) ** 2).\"\"\"
    layer_1 = np.dot(input_vector, weights) + bias
    prediction = 1 / (1 + np.exp(-layer_1))
    derror_dlayer1 = 2 * (prediction - target) * prediction * (1 - prediction)   # two factors of the chain
    derror_dbias = derror_dlayer1 * 1                   # d layer_1 / d bias = 1
    derror_dweights = derror_dlayer1 * input_vector     # d layer_1 / d weights = input_vector
    return derror_dbias, derror_dweights

print(neuron_gradients(np.array([2, 1.5]), np.array([1.45, -0.66]), np.array([0.0]), 0))
""",
)


# ---------------------------------------------------------------------------------------------
# q2: a sigmoid hidden layer


def _forward(inputs, params):
    hidden_in = inputs @ params["W1"] + params["b1"]
    hidden = _sigmoid(hidden_in)
    scores = hidden @ params["W2"] + params["b2"]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return hidden_in, hidden, log_probabilities


def _error(inputs, onehot, params) -> float:
    return float(-np.mean(np.sum(onehot * _forward(inputs, params)[2], axis=1)))


def _problem(seed: int, n: int, d: int, h: int, k: int):
    rng = np.random.default_rng(seed)
    inputs = rng.normal(size=(n, d))
    onehot = np.eye(k)[rng.integers(0, k, size=n)]
    params = {"W1": rng.normal(0, 0.8, size=(d, h)), "b1": rng.normal(0, 0.5, size=h),
              "W2": rng.normal(0, 0.8, size=(h, k)), "b2": rng.normal(0, 0.5, size=k)}
    return inputs, onehot, params


def _exact(inputs, onehot, params, slope="sigmoid", scale=True):
    """The true gradients, and the typical wrong ones (``slope`` and ``scale`` select the mistake)."""
    hidden_in, hidden, log_probabilities = _forward(inputs, params)
    derror_dscores = (np.exp(log_probabilities) - onehot) / (len(inputs) if scale else 1)
    grads = {"W2": hidden.T @ derror_dscores, "b2": derror_dscores.sum(axis=0)}
    derror_dhidden = derror_dscores @ params["W2"].T
    factor = {"sigmoid": hidden * (1 - hidden), "relu": (hidden_in > 0).astype(float), "none": 1.0,
              "twice": _sigmoid(hidden) * (1 - _sigmoid(hidden))}[slope]
    derror_dhidden_in = derror_dhidden * factor
    grads["W1"] = inputs.T @ derror_dhidden_in
    grads["b1"] = derror_dhidden_in.sum(axis=0)
    return grads


def _matches(grads, other, keys=("W1", "b1", "W2", "b2")) -> bool:
    return all(relative_error(grads[key], other[key]) < 1e-6 for key in keys)


def _grade_backward(backward_sigmoid_hidden) -> str:
    worst = 0.0
    for seed, sizes in ((0, (6, 5, 4, 3)), (1, (9, 3, 7, 4))):
        inputs, onehot, params = _problem(seed, *sizes)
        given = {key: value.copy() for key, value in params.items()}
        grads = call(backward_sigmoid_hidden, inputs.copy(), onehot.copy(), given, name="backward_sigmoid_hidden")
        if not isinstance(grads, Mapping):
            raise Incorrect(f"`backward_sigmoid_hidden` should return a dict, `{{\"W1\": ..., \"b1\": ..., \"W2\": ..., "
                            f"\"b2\": ...}}`; it returned a {type(grads).__name__}.")
        if any(value is Ellipsis for value in grads.values()):
            raise NotAttempted("`backward_sigmoid_hidden` still returns `...` for some gradients: fill in every "
                               "`...`, run the cell, then check again.")
        missing = [key for key in params if key not in grads]
        if missing:
            raise Incorrect(f"the dict has no gradient for {', '.join(missing)}; return one for each of W1, b1, W2, b2.")
        yours = {}
        for key, value in params.items():
            array = as_array(grads[key], f"the gradient for {key}").astype(np.float64)
            if array.shape != value.shape:
                advice = (" It looks transposed: the gradient of `inputs @ W` is `inputs.T @ (the gradient at the "
                          "output)`." if array.shape == value.shape[::-1] else "")
                raise Incorrect(f"the gradient for {key} has shape {array.shape}; {key} has shape {value.shape}, "
                                f"and its gradient must have the same.{advice}")
            yours[key] = array
        def error_of(inputs=inputs, onehot=onehot, params=params):
            return _error(inputs, onehot, params)

        numeric = {key: numerical_gradient(error_of, params[key]) for key in params}
        errors = {key: relative_error(yours[key], numeric[key]) for key in params}
        worst = max(worst, *errors.values())
        if max(errors.values()) <= TOLERANCE:
            continue
        wrong = [key for key in params if errors[key] > TOLERANCE]
        n = len(inputs)
        if _matches(yours, {key: n * value for key, value in numeric.items()}):
            advice = (f"every gradient is {n} times too large: the error is a *mean* over the {n} examples, so "
                      "d error / d scores is `(probabilities - onehot) / len(inputs)`.")
        elif _matches(yours, _exact(inputs, onehot, params, slope="relu")):
            advice = ("you went back through the hidden layer with ReLU's slope, `(hidden_in > 0)`. This hidden "
                      "layer is a sigmoid: its slope is `hidden * (1 - hidden)`.")
        elif _matches(yours, _exact(inputs, onehot, params, slope="twice")):
            advice = ("you applied the sigmoid's slope formula to `hidden`, which is already a sigmoid's output: "
                      "the slope at `hidden_in` is simply `hidden * (1 - hidden)`.")
        elif _matches(yours, _exact(inputs, onehot, params, slope="none")):
            advice = ("W2 and b2 are right; going further back you skipped the sigmoid: multiply "
                      "`derror_dhidden` by the sigmoid's slope, `hidden * (1 - hidden)`.")
        elif set(wrong) <= {"W1", "b1"}:
            advice = ("W2 and b2 are right, so the error is on the way back through W2 and the sigmoid: "
                      "`derror_dhidden = derror_dscores @ W2.T`, then times the sigmoid's slope.")
        else:
            advice = ("start at the output: d error / d scores = `(probabilities - onehot) / len(inputs)`, then "
                      "`hidden.T @ derror_dscores` for W2 and its sum over the examples for b2.")
        listing = ", ".join(f"{key} {errors[key]:.1e}" for key in params)
        raise Incorrect(f"on a network of sizes {sizes[1]} -> {sizes[2]} -> {sizes[3]} with {sizes[0]} examples, "
                        f"your gradients differ from the measured slopes (relative errors: {listing}; wrong: "
                        f"{', '.join(wrong)}). Hint: {advice}")
    return (f"all four gradients agree with finite differences on two networks (largest relative error "
            f"{worst:.1e}, below {TOLERANCE:g}). Compared with ReLU, only one factor changed: the slope of the "
            "hidden layer, `hidden * (1 - hidden)`, which is never more than 0.25: stack many sigmoid layers and "
            "the gradient shrinks at every one (the vanishing gradient).")


q2 = Exercise(
    "06", 2, "Backpropagation through a sigmoid hidden layer",
    statement="""
Section 7.4's network has a ReLU hidden layer. Replace it by a **sigmoid** and write the backward
pass: `backward_sigmoid_hidden(inputs, onehot, params)` returns the gradients of the mean
cross-entropy error for `W1`, `b1`, `W2` and `b2`, as a dict, each with its parameter's shape. The
forward pass is written for you in the starter. The check compares your gradients with slopes
measured by finite differences, on two small networks in float64.
""",
    starter="""
def backward_sigmoid_hidden(inputs, onehot, params):
    \"\"\"Gradients of the mean cross-entropy of  inputs -> W1, b1 -> sigmoid -> W2, b2 -> softmax,
    as a dict with one array per parameter, each of its parameter's shape.\"\"\"
    hidden_in = inputs @ params["W1"] + params["b1"]        # (n, hidden)
    hidden = 1 / (1 + np.exp(-hidden_in))                   # the sigmoid hidden layer
    scores = hidden @ params["W2"] + params["b2"]           # (n, classes)
    probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)

    derror_dscores = ...                 # softmax and cross-entropy together, averaged over the examples
    grads = {"W2": ..., "b2": ...}
    derror_dhidden = ...                 # back through layer 2
    derror_dhidden_in = ...              # back through the sigmoid
    grads["W1"] = ...
    grads["b1"] = ...
    return grads
""",
    reads=["backward_sigmoid_hidden"],
    grader=_grade_backward,
    hints=[
        "Start from `TwoLayerNetwork.backward` in section 7.4: everything stays the same except the step back "
        "through the hidden layer's activation.",
        "The sigmoid's slope at `hidden_in` is `hidden * (1 - hidden)`: "
        "`derror_dhidden_in = derror_dhidden * hidden * (1 - hidden)`.",
        "`derror_dscores = (probabilities - onehot) / len(inputs)`; `grads = {\"W2\": hidden.T @ derror_dscores, "
        "\"b2\": derror_dscores.sum(axis=0)}`; `derror_dhidden = derror_dscores @ params[\"W2\"].T`; then "
        "`inputs.T @ derror_dhidden_in` and `derror_dhidden_in.sum(axis=0)`.",
    ],
    solution="""
def backward_sigmoid_hidden(inputs, onehot, params):
    \"\"\"Gradients of the mean cross-entropy of  inputs -> W1, b1 -> sigmoid -> W2, b2 -> softmax,
    as a dict with one array per parameter, each of its parameter's shape.\"\"\"
    hidden_in = inputs @ params["W1"] + params["b1"]        # (n, hidden)
    hidden = 1 / (1 + np.exp(-hidden_in))                   # the sigmoid hidden layer
    scores = hidden @ params["W2"] + params["b2"]           # (n, classes)
    probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)

    derror_dscores = (probabilities - onehot) / len(inputs)
    grads = {"W2": hidden.T @ derror_dscores, "b2": derror_dscores.sum(axis=0)}
    derror_dhidden = derror_dscores @ params["W2"].T
    derror_dhidden_in = derror_dhidden * hidden * (1 - hidden)    # the sigmoid's slope, where ReLU had (hidden_in > 0)
    grads["W1"] = inputs.T @ derror_dhidden_in
    grads["b1"] = derror_dhidden_in.sum(axis=0)
    return grads
""",
)


# ---------------------------------------------------------------------------------------------
# q3: gradient descent on (x - 3) ** 2


def _path(start, alpha, steps, gradient=lambda x: 2 * (x - 3), sign=-1):
    path = [float(start)]
    for _ in range(steps):
        path.append(path[-1] + sign * alpha * gradient(path[-1]))
    return np.array(path)


def _grade_descend(descend) -> str:
    cases = [("start 0, alpha 0.1, 10 steps", 0.0, 0.1, 10), ("start 10, alpha 0.5, 3 steps", 10.0, 0.5, 3),
             ("start 2, alpha 1.1, 5 steps", 2.0, 1.1, 5)]
    for case, start, alpha, steps in cases:
        got = as_array(call(descend, start, alpha, steps, name="descend"), "the result of descend").astype(np.float64)
        expected = _path(start, alpha, steps)
        if got.shape == expected.shape and np.allclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        if got.size == 1 and close(got.reshape(()), expected[-1]):
            advice = "that is only where the walk ends: return the whole path, the start included (`steps + 1` values)."
        elif got.shape == (steps,) and np.allclose(got, expected[1:]):
            advice = "the start is missing: the path begins with `start`, then one value per step."
        elif got.shape == expected.shape and np.allclose(got, _path(start, alpha, steps, sign=+1)):
            advice = "you walked uphill: step *against* the slope, `x - alpha * slope`."
        elif got.shape == expected.shape and np.allclose(got, _path(start, alpha, steps, gradient=lambda x: 2 * x)):
            advice = "that is the walk on x², whose bottom is at 0. Here the slope of (x - 3)² is `2 * (x - 3)`."
        else:
            advice = "each step: `x = x - alpha * 2 * (x - 3)`, appended to the path."
        raise Incorrect(f"with {case} the path is {fmt(expected)}; yours is {fmt(got)}. Hint: {advice}")
    return ("every step multiplies the distance to the bottom, 3, by (1 - 2 alpha): with alpha 0.1 it shrinks by a "
            "fifth each time; with 0.5 the first step lands exactly on 3; with 1.1 the factor is -1.2, so every "
            "step jumps over the bottom and lands further out. For this error, any alpha between 0 and 1 converges.")


q3 = Exercise(
    "06", 3, "Gradient descent, somewhere else",
    statement="""
Section 4 walked down `x²`. Walk down `f(x) = (x - 3)²`, whose bottom is at 3: write
`descend(start, alpha, steps)`, returning the whole path, `start` followed by the position after
each of the `steps` steps of gradient descent with learning rate `alpha` (`steps + 1` numbers).
Try alpha 0.1, 0.5 and 1.1: what happens?
""",
    starter="""
def descend(start, alpha, steps):
    \"\"\"Gradient descent on f(x) = (x - 3) ** 2: the path [start, x1, ..., x_steps].\"\"\"
    return ...
""",
    reads=["descend"],
    grader=_grade_descend,
    hints=[
        "The power rule and the chain rule give the slope of (x - 3)²: `2 * (x - 3)`. Each step moves against it, "
        "scaled by alpha.",
        "`path = [start]`, then `steps` times `path.append(path[-1] - alpha * 2 * (path[-1] - 3))`.",
    ],
    solution="""
def descend(start, alpha, steps):
    \"\"\"Gradient descent on f(x) = (x - 3) ** 2: the path [start, x1, ..., x_steps].\"\"\"
    path = [start]
    for _ in range(steps):
        x = path[-1]
        path.append(x - alpha * 2 * (x - 3))     # the slope of (x - 3)**2 is 2 (x - 3)
    return path

for alpha in (0.1, 0.5, 1.1):
    print(f"alpha {alpha}:", np.round(descend(0.0, alpha, 5), 3))
""",
)


questionnaire = Questionnaire(
    "06",
    [
        ("What does the dot product of two vectors measure?",
         "Alignment and size together: it is the product of their lengths and the cosine of the angle between "
         "them, |a| |b| cos(theta). In the lesson, [1.72, 1.23] scores 2.1672 with [1.26, 0] and 4.126 with "
         "[2.17, 0.32]. The second weight vector scores higher mostly because it is 1.74 times as long; it is "
         "only a little closer in direction (27 degrees off against 36; its cosine is 1.09 times as large). "
         "Cosine similarity, the dot product with both lengths divided out, measures direction alone."),
        ("Why does stacking linear layers add no power, and what fixes that?",
         "A linear layer on top of a linear layer is again one linear layer, with weights W_b W_a. A non-linear "
         "activation (sigmoid, ReLU) between the layers breaks the collapse."),
        ("Why does the mean squared error make bigger mistakes weigh more?",
         "It squares each error: a miss twice as large costs four times as much."),
        ("What does the sign of the derivative tell gradient descent, and what does the learning rate do?",
         "A positive derivative means increasing the parameter increases the error, so the parameter moves down "
         "(and the other way round). The learning rate scales the step; common values are 0.1, 0.01, 0.001."),
        ("What does the chain rule say, and how is backpropagation an application of it?",
         "The derivative of composed functions is the product of the derivatives of each step along the path. "
         "Backpropagation starts at the error and multiplies these factors backwards through the network to "
         "every parameter."),
        ("What is the derivative of the sigmoid, and what happens to it far from 0?",
         "sigmoid(x) * (1 - sigmoid(x)): at most 0.25 (at 0), and close to 0 for large positive or negative x, "
         "which is why a saturated sigmoid passes almost no gradient."),
        ("How do finite differences check a gradient, and why in float64?",
         "Nudge a parameter up and down by a tiny epsilon and measure how the error changes: "
         "(error(w + eps) - error(w - eps)) / (2 eps). The difference of two nearly equal errors is mostly "
         "rounding noise in float32's 7 digits; float64 has about 16."),
        ("What is stochastic gradient descent?",
         "Gradient descent that takes each step from one random example (or a small mini-batch) instead of the "
         "whole data set: many cheap, noisy steps instead of few expensive, exact ones."),
        ("Why is a low error on the training data a poor measure of a model?",
         "The model has seen those examples; a big enough model can memorise them (overfit) and still fail on new "
         "data. Judge it on data it never trained on."),
    ],
    further_research=[
        "Derive the derivative of softmax followed by cross-entropy with the chain rule, and check that it is "
        "(probabilities - targets), as section 7.4 states.",
        "The vanishing gradient: why did deep networks with sigmoid layers train so badly before ReLU? Look up "
        "Glorot and Bengio (2010).",
    ],
)
