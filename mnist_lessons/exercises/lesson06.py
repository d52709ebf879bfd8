"""Lesson 06's exercises: backpropagation by hand, graded against finite differences, and a prediction.

- ``q1``: the gradients of one sigmoid neuron with the cross-entropy (log loss), ``log_loss_gradients``;
- ``q2``: the backward pass of a network whose hidden layer is a sigmoid, ``backward_sigmoid_hidden``;
- ``q3``: predict, then run: what does the lesson's network learn when every weight starts at 0?
  (``my_prediction``, then the experiment's ``zero_net`` and ``zero_init_accuracy``);
- ``questionnaire``.

The gradient checks never compare with a formula you could copy: they *measure* the slopes of the
error by finite differences (nudge each parameter up and down by 1e-6, in float64) and compare them
with your gradients, as section 7 refereed the lesson's own code. The prediction's check compares
your letter with what your run of the experiment shows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, NotAttempted, as_array, call, close, fmt

INTRO = """
## Your turn: exercises

Exercises 1 and 2 ask for gradients, refereed as section 7 did: by finite differences. Exercise 3
asks you to predict an experiment's outcome before you run it. Fill in each code cell (replace
every `...`), run it, then run its check. `q1.hint()` (then `q1.hint(2)`, `q1.hint(3)`) and
`q1.solution()` help, only when you ask.
"""

EPS = 1e-6
TOLERANCE = 1e-6
"""Largest relative error accepted between your gradients and the measured slopes (as in section 7)."""


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relative_error(analytic, numeric) -> float:
    """``|a - n| / (|a| + |n|)`` over all entries: 0 when the two agree exactly (section 7)."""
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
# q1: one neuron, with the cross-entropy instead of the squared error


def _neuron_cases():
    rng = np.random.default_rng(5)
    cases = [("the lesson's example: input [2, 1.5], weights [1.45, -0.66], bias 0, target 0",
              np.array([2.0, 1.5]), np.array([1.45, -0.66]), np.array([0.0]), 0.0)]
    for target in (1.0, 0.0):
        cases.append((f"3 random inputs, target {target:g}", rng.normal(size=3), rng.normal(size=3),
                      rng.normal(size=1), target))
    return cases


def _log_loss(prediction, target):
    return -(target * np.log(prediction) + (1 - target) * np.log(1 - prediction))


def _grade_log_loss(log_loss_gradients) -> str:
    worst = 0.0
    for case, x, w, b, target in _neuron_cases():
        result = call(log_loss_gradients, x.copy(), w.copy(), b.copy(), target, name="log_loss_gradients")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect("`log_loss_gradients` should return two things, `derror_dbias, derror_dweights`, like "
                            f"the lesson's `compute_gradients`; it returned a {type(result).__name__}.")
        if any(part is Ellipsis for part in result):
            raise NotAttempted("`log_loss_gradients` still returns `...`: fill in the derivatives, run the cell, "
                               "then check again.")
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
            return float(_log_loss(_sigmoid(x @ w + b), target)[0])

        numeric_w, numeric_b = numerical_gradient(error_of, w), numerical_gradient(error_of, b)
        mismatch = relative_error(np.append(dweights, dbias), np.append(numeric_w, numeric_b))
        worst = max(worst, mismatch)
        if mismatch <= TOLERANCE:
            continue
        prediction = _sigmoid(float(x @ w + b[0]))
        slope = prediction * (1 - prediction)
        got_b = float(dbias.ravel()[0])
        if close(got_b, 2 * (prediction - target) * slope):
            advice = ("that is the gradient of the *squared* error, section 5's. Here the error is the cross-entropy: "
                      "its first factor, d error / d prediction, is different.")
        elif close(got_b, (prediction - target) * slope):
            advice = ("d error / d prediction is not `prediction - target`. Differentiate each log: the derivative of "
                      "log(p) is 1/p, of log(1 - p) is -1/(1 - p). Then multiply by the sigmoid's slope.")
        elif close(got_b, (prediction - target) / slope):
            advice = ("that is d error / d prediction alone: the chain rule goes on through the sigmoid, so multiply "
                      "by its slope, `prediction * (1 - prediction)`.")
        elif close(got_b, -numeric_b[0]):
            advice = ("the sign is flipped: mind the minus sign in front of the cross-entropy (the error grows when the "
                      "prediction moves away from the target).")
        elif close(got_b, numeric_b[0]) and close(dweights, np.full_like(dweights, got_b)):
            advice = ("the bias is right, but every weight got the bias's gradient: d layer_1 / d weights is the "
                      "input vector, so multiply by `input_vector`.")
        elif close(got_b, numeric_b[0]):
            advice = "the bias is right; for the weights the last factor is d layer_1 / d weights = `input_vector`."
        else:
            advice = ("multiply the three factors along the path: d error / d prediction (from the two logs), "
                      "d prediction / d layer_1 (the sigmoid's slope), d layer_1 / d bias = 1 (or the input vector, "
                      "for the weights).")
        raise Incorrect(f"for {case}, finite differences measure d error / d bias = {fmt(numeric_b[0], 6)} and "
                        f"d error / d weights = {fmt(numeric_w, 6)}; yours are {fmt(got_b, 6)} and "
                        f"{fmt(dweights, 6)} (relative error {mismatch:.1e}). Hint: {advice}")
    return (f"your gradients agree with the measured slopes on all {len(_neuron_cases())} examples (largest relative "
            f"error {worst:.1e}, below {TOLERANCE:g}). Multiplied out, d error / d layer_1 is simply "
            "`prediction - target`: the sigmoid's slope cancels. On the lesson's example the bias gradient is 0.8710, "
            "against 0.1957 with the squared error (section 5): with the cross-entropy a confidently wrong neuron gets a "
            "large gradient, not one shrunk by a flat sigmoid. That is why classifiers train with it.")


q1 = Exercise(
    "06", 1, "The gradients of one neuron, with the cross-entropy",
    statement="""
Section 5 differentiated the squared error. Classifiers usually train with the **cross-entropy**
(log loss) instead: `error = -(target * log(prediction) + (1 - target) * log(1 - prediction))`,
with `prediction = sigmoid(input_vector @ weights + bias)`. Write
`log_loss_gradients(input_vector, weights, bias, target)`, returning `derror_dbias, derror_dweights`
for one example. Multiply out your answer: what is left of the sigmoid's slope? The check measures
the true slopes by finite differences and compares.
""",
    starter="""
def log_loss_gradients(input_vector, weights, bias, target):
    \"\"\"d error / d bias and d error / d weights for one example, error = cross-entropy (log loss).\"\"\"
    layer_1 = np.dot(input_vector, weights) + bias
    prediction = 1 / (1 + np.exp(-layer_1))
    derror_dprediction = ...   # differentiate -(target log(prediction) + (1 - target) log(1 - prediction))
    dprediction_dlayer1 = ...  # the sigmoid's slope
    derror_dbias = ...
    derror_dweights = ...
    return derror_dbias, derror_dweights
""",
    reads=["log_loss_gradients"],
    grader=_grade_log_loss,
    hints=[
        "The path is section 5's: d error / d prediction, times d prediction / d layer_1 (the sigmoid's slope), "
        "times d layer_1 / d bias (1) or d layer_1 / d weights (the input vector). Only the first factor is new.",
        "The derivative of log(p) is 1/p, and of log(1 - p) is -1/(1 - p) (the chain rule: the inside, 1 - p, has "
        "slope -1). Apply them to the two terms of the error, and keep the minus sign in front.",
        "A skeleton, with the blanks yours to fill:\n\n```python\nderror_dprediction = -(target / prediction) + "
        "(1 - target) / ...\ndprediction_dlayer1 = prediction * ...\nderror_dlayer1 = derror_dprediction * "
        "dprediction_dlayer1      # multiply it out on paper: it simplifies\nderror_dbias, derror_dweights = "
        "derror_dlayer1 * ..., derror_dlayer1 * ...\n```",
    ],
    solution="""
def log_loss_gradients(input_vector, weights, bias, target):
    \"\"\"d error / d bias and d error / d weights for one example, error = cross-entropy (log loss).\"\"\"
    layer_1 = np.dot(input_vector, weights) + bias
    prediction = 1 / (1 + np.exp(-layer_1))
    derror_dprediction = -(target / prediction) + (1 - target) / (1 - prediction)
    dprediction_dlayer1 = prediction * (1 - prediction)
    derror_dlayer1 = derror_dprediction * dprediction_dlayer1     # = prediction - target
    derror_dbias = derror_dlayer1 * 1                             # d layer_1 / d bias = 1
    derror_dweights = derror_dlayer1 * input_vector               # d layer_1 / d weights = input_vector
    return derror_dbias, derror_dweights

print(log_loss_gradients(np.array([2, 1.5]), np.array([1.45, -0.66]), np.array([0.0]), 0))
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


_FORWARD_PASS = """
def backward_sigmoid_hidden(inputs, onehot, params):
    \"\"\"Gradients of the mean cross-entropy of  inputs -> W1, b1 -> sigmoid -> W2, b2 -> softmax,
    as a dict with one array per parameter, each of its parameter's shape.\"\"\"
    hidden_in = inputs @ params["W1"] + params["b1"]        # (n, hidden)
    hidden = 1 / (1 + np.exp(-hidden_in))                   # the sigmoid hidden layer
    scores = hidden @ params["W2"] + params["b2"]           # (n, classes)
    probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)
"""
"""The forward pass that exercise 2's starter gives and its solution keeps."""


q2 = Exercise(
    "06", 2, "Backpropagation through a sigmoid hidden layer",
    statement="""
Section 8's network has a ReLU hidden layer. Replace it by a **sigmoid** and write the backward
pass: `backward_sigmoid_hidden(inputs, onehot, params)` returns the gradients of the mean
cross-entropy error for `W1`, `b1`, `W2` and `b2`, as a dict, each with its parameter's shape. The
forward pass is written for you in the starter. The check compares your gradients with slopes
measured by finite differences, on two small networks in float64.
""",
    starter=_FORWARD_PASS + """
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
        "Start from `TwoLayerNetwork.compute_gradients` in section 8: everything stays the same except the step "
        "back through the hidden layer's activation.",
        "The sigmoid's slope at `hidden_in` can be written with `hidden` alone (section 3). Use it where ReLU used "
        "`(hidden_in > 0)`.",
        "A skeleton, with the blanks yours to fill:\n\n```python\nderror_dscores = (probabilities - onehot) / ...\n"
        "grads = {\"W2\": hidden.T @ ..., \"b2\": ....sum(axis=0)}\nderror_dhidden = derror_dscores @ ...\n"
        "derror_dhidden_in = derror_dhidden * ...      # the sigmoid's slope\ngrads[\"W1\"] = ... @ derror_dhidden_in\n"
        "grads[\"b1\"] = ...\n```",
    ],
    solution=_FORWARD_PASS + """
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
# q3: predict, then run: a network whose weights all start at zero

CHOICES = {
    "A": "it learns about as well as from random weights",
    "B": "it learns, but clearly worse",
    "C": "it is stuck near the share of the most common digit (about 10%)",
    "D": "training breaks down: nan, or an error",
}

WHY = ("With every weight at 0, `hidden = relu(0) = 0` for every image, so W2's gradient, `hidden.T @ "
       "derror_dscores`, is 0; and the gradient sent back to the hidden layer, `derror_dscores @ W2.T`, is 0 because "
       "W2 is. W1, b1 and W2 never move. Only b2 learns, and it ends up favouring the digit most common in the "
       "training images. Random starting weights break this deadlock, and make the hidden units differ from one "
       "another.")


def _outcome(accuracy: float) -> str:
    if not np.isfinite(accuracy):
        return "D"
    return "A" if accuracy > 0.95 else "B" if accuracy >= 0.30 else "C"


def _grade_prediction(my_prediction, zero_net, zero_init_accuracy) -> str:
    if not isinstance(my_prediction, str) or my_prediction.strip().upper().rstrip(").") not in CHOICES:
        raise Incorrect(f"`my_prediction` should be one letter, \"A\", \"B\", \"C\" or \"D\"; it is {my_prediction!r}.")
    letter = my_prediction.strip().upper().rstrip(").")
    accuracy = as_array(zero_init_accuracy, "zero_init_accuracy").astype(np.float64)
    if accuracy.size != 1:
        raise Incorrect(f"`zero_init_accuracy` should be one number, the validation accuracy; it has shape "
                        f"{accuracy.shape}. Run the exercise's cell as given.")
    accuracy = float(accuracy.ravel()[0])
    params = getattr(zero_net, "params", None)
    if not isinstance(params, Mapping) or "W1" not in params:
        raise Incorrect("`zero_net` should be the lesson's `TwoLayerNetwork`, with its `params` dict: run the "
                        "exercise's cell as given, after your prediction.")
    w1_moved = float(np.abs(as_array(params["W1"], "zero_net.params['W1']")).max())
    outcome = _outcome(accuracy)
    if outcome != "C" and w1_moved > 0:
        raise Incorrect(f"your run reached {accuracy:.1%}, and its W1 is not all zeros: the experiment did not start "
                        "from zeros. Keep the cell's line `array[...] = 0` for every parameter, and run it again.")
    run = (f"the run gives {accuracy:.1%} on the validation digits, and W1 is still all zeros after a whole epoch"
           if outcome == "C" else f"the run gives {accuracy:.1%}")
    if letter == outcome:
        return f"you predicted {letter}, and {run}. {WHY}"
    mistakes = {
        "A": "you expected the starting point not to matter, as long as training runs long enough.",
        "B": "you expected zeros to slow learning down, not to stop it.",
        "D": "you expected zeros to break the arithmetic; but softmax of ten equal scores is 0.1 each, a perfectly "
             "good probability, and nothing is divided by zero.",
        "C": "",
    }
    raise Incorrect(f"you predicted {letter} ({CHOICES[letter]}); {run}. {mistakes[letter]} Before you change your "
                    "letter, find the reason in the backward pass: which gradients are 0 when every weight is 0?")


_ZERO_START_RUN = """
if my_prediction is not ...:   # the experiment runs once you have predicted
    zero_net = TwoLayerNetwork(784, 64, 10, learning_rate=0.5, rng=np.random.default_rng(0))
    for array in zero_net.params.values():
        array[...] = 0                                  # every weight and bias starts at 0
    train_epoch(zero_net, inputs_train, onehot_train)   # one epoch, as in section 8
    zero_init_accuracy = evaluate(zero_net, inputs_val, y_val)[1]
    print(f"validation accuracy after one epoch from zeros: {zero_init_accuracy:.1%}")
"""
"""The experiment of exercise 3, after the prediction: section 8's network, every parameter zeroed, one epoch."""

q3 = Exercise(
    "06", 3, "Predict, then run: every weight starts at zero",
    statement="""
Section 8's network starts from random weights. What if every weight and bias started at **0**,
and it trained one epoch as in section 8? **Predict first**, writing one letter in `my_prediction`:

- **A**: it learns about as well as from random weights;
- **B**: it learns, but clearly worse;
- **C**: it is stuck near the share of the most common digit (about 10%);
- **D**: training breaks down: nan, or an error.

Then run the cell: it runs the experiment only once you have predicted. The check compares your
prediction with your run.
""",
    starter='my_prediction = ...   # "A", "B", "C" or "D": write it BEFORE you run the experiment\n' + _ZERO_START_RUN,
    reads=["my_prediction", "zero_net", "zero_init_accuracy"],
    grader=_grade_prediction,
    hints=[
        "Follow one mini-batch through the forward pass with every weight at 0: what is `hidden`? What are the "
        "scores, and the probabilities?",
        "Now the backward pass of `TwoLayerNetwork.compute_gradients`: W2's gradient is `hidden.T @ derror_dscores`, "
        "and the gradient reaching the hidden layer is `derror_dscores @ W2.T`. Which of the four gradients can be "
        "anything but 0?",
        "See it before you run the whole epoch, with the blanks yours to fill:\n\n```python\nprobe = "
        "TwoLayerNetwork(784, 64, 10, learning_rate=0.5, rng=np.random.default_rng(0))\nfor array in "
        "probe.params.values():\n    array[...] = ...\ngrads = probe.compute_gradients(inputs_train[:128], "
        "onehot_train[:128])\nprint({name: np.abs(gradient).max() for name, gradient in ...})\n```\nThen: if only "
        "that parameter moves, what can the network answer?",
    ],
    solution='my_prediction = "C"\n' + _ZERO_START_RUN,
    explanation=WHY,
)


questionnaire = Questionnaire(
    "06",
    [
        ("What does the dot product of two vectors measure?",
         "Alignment and size together: it is the product of their lengths and the cosine of the angle between "
         "them. In the lesson, weights_2 scores 4.126 against 2.1672 for weights_1 mostly because it is longer "
         "(2.19 against 1.26); it is only a little closer in direction (27 degrees off against 36). Cosine "
         "similarity, the dot product with both lengths divided out, measures direction alone."),
        ("Why does stacking linear layers add no power, and what fixes that?",
         "A linear layer on top of a linear layer is again one linear layer, with weights W_b W_a. A non-linear "
         "activation (sigmoid, ReLU) between the layers breaks the collapse."),
        ("What does the sign of the derivative tell gradient descent, and what does the learning rate do?",
         "A positive derivative means increasing the parameter increases the error, so the parameter moves down "
         "(and the other way round). The learning rate scales the step: too large overshoots (with 1.1 on x², every "
         "step lands further out), too small crawls."),
        ("Why did the toy network get only 4 of its 8 training examples right, when a straight line gets 6?",
         "Training lowers the squared error, not the count of mistakes. On those 8 points a neuron that hedges near "
         "0.5 has a lower squared error than one that commits to the best line and is confidently wrong on 2 "
         "examples; so gradient descent settles on the hedge, which gets 4 of 8 right, no better than chance."),
        ("How do finite differences check a gradient, and why in float64?",
         "Nudge a parameter up and down by a tiny epsilon and measure how the error changes: "
         "(error(w + eps) - error(w - eps)) / (2 eps). The difference of two nearly equal errors is mostly "
         "rounding noise in float32's 7 digits; float64 has about 16."),
        ("Why are the starting weights of section 8's network random, and scaled as they are?",
         "Random, so that the hidden units differ and gradients flow (exercise 3: from all zeros nothing but the "
         "output bias learns). Scaled to each layer's number of inputs so that the signals keep a sensible size: "
         "sqrt(2 / inputs) (He) for the ReLU layer, sqrt(1 / inputs) (LeCun) for the softmax layer."),
        ("Why is a low error on the training data a poor measure of a model?",
         "The model has seen those examples; a big enough model can memorise them (overfit) and still fail on new "
         "data. Choose on validation data, and judge the final model once on test data it never saw."),
    ],
    further_research=[
        "Derive the derivative of softmax followed by cross-entropy with the chain rule, and check that it is "
        "(probabilities - targets), as section 8 states.",
    ],
)
