"""Lesson 06's exercises: ``q1`` one neuron's log-loss gradients, ``q2`` backpropagation through two
sigmoid layers (both graded by slopes measured by finite differences in float64, as section 7
refereed the lesson's code), ``q3`` predict, then run: every weight starting at 0; ``questionnaire``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .core import Exercise, Questionnaire
from .grading import Incorrect, NotAttempted, as_array, as_number, call, close, expect_shape, fmt

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
    return [("the lesson's example: input [2, 1.5], weights [1.45, -0.66], bias 0, target 0",
             np.array([2.0, 1.5]), np.array([1.45, -0.66]), np.array([0.0]), 0.0)] + [
        (f"3 random inputs, target {t:g}", rng.normal(size=3), rng.normal(size=3), rng.normal(size=1), t)
        for t in (1.0, 0.0)]


def _q1_advice(got_b, dweights, numeric_b, prediction, target) -> str:
    """What a wrong bias gradient ``got_b`` most likely came from."""
    slope = prediction * (1 - prediction)
    if close(got_b, 2 * (prediction - target) * slope):
        return "that is the *squared* error's gradient (section 5); only d error / d prediction changes."
    if close(got_b, (prediction - target) * slope):
        return ("d error / d prediction is not `prediction - target`: differentiate each log "
                "(log(p) has slope 1/p, log(1 - p) has slope -1/(1 - p)).")
    if close(got_b, (prediction - target) / slope):
        return "that is d error / d prediction alone: go on through the sigmoid, times its slope."
    if close(got_b, -numeric_b):
        return "the sign is flipped: mind the minus sign in front of the cross-entropy."
    if close(got_b, numeric_b) and close(dweights, np.full_like(dweights, got_b)):
        return ("the bias is right, but every weight got the bias's gradient: "
                "d layer_1 / d weights is `input_vector`.")
    if close(got_b, numeric_b):
        return "the bias is right; for the weights the last factor is `input_vector`."
    return ("multiply the three factors along the path: d error / d prediction, the sigmoid's slope, "
            "then 1 (bias) or `input_vector` (weights).")


def _grade_log_loss(log_loss_gradients) -> str:
    worst = 0.0
    for case, x, w, b, target in _neuron_cases():
        result = call(log_loss_gradients, x.copy(), w.copy(), b.copy(), target, name="log_loss_gradients")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Incorrect("`log_loss_gradients` should return two things, `derror_dbias, derror_dweights`; "
                            f"it returned a {type(result).__name__}.")
        if any(part is Ellipsis for part in result):
            raise NotAttempted("`log_loss_gradients` still returns `...`: fill in the derivatives, run the cell, "
                               "then check again.")
        dbias = as_array(result[0], "derror_dbias").astype(np.float64)
        dweights = as_array(result[1], "derror_dweights").astype(np.float64)
        if dbias.size == w.size and dweights.size == 1:
            raise Incorrect("the two gradients come back in the wrong order: return "
                            "`derror_dbias, derror_dweights`, the bias first.")
        if dbias.size != 1:
            raise Incorrect(f"`derror_dbias` has shape {dbias.shape}; there is one bias, so one number.")
        expect_shape(dweights, w.shape, "derror_dweights")

        def error_of(x=x, w=w, b=b, target=target):
            p = _sigmoid(x @ w + b)[0]
            return float(-(target * np.log(p) + (1 - target) * np.log(1 - p)))

        numeric_w, numeric_b = numerical_gradient(error_of, w), numerical_gradient(error_of, b)
        mismatch = relative_error(np.append(dweights, dbias), np.append(numeric_w, numeric_b))
        worst = max(worst, mismatch)
        if mismatch > TOLERANCE:
            got_b = float(dbias.ravel()[0])
            advice = _q1_advice(got_b, dweights, numeric_b[0], _sigmoid(float(x @ w + b[0])), target)
            raise Incorrect(f"for {case}, finite differences measure d error / d bias = {fmt(numeric_b[0], 6)} "
                            f"and d error / d weights = {fmt(numeric_w, 6)}; yours are {fmt(got_b, 6)} and "
                            f"{fmt(dweights, 6)} (relative error {mismatch:.1e}). Hint: {advice}")
    return (f"your gradients agree with the measured slopes on all {len(_neuron_cases())} examples (largest "
            f"relative error {worst:.1e}). Multiplied out, d error / d layer_1 is simply `prediction - target`: "
            "the sigmoid's slope cancels. On the lesson's example the bias gradient is 0.8710, against 0.1957 with "
            "the squared error: a confidently wrong neuron gets a large gradient, not one shrunk by a flat "
            "sigmoid. That is why classifiers train with the cross-entropy.")


_NEURON = """
def log_loss_gradients(input_vector, weights, bias, target):
    \"\"\"d error / d bias and d error / d weights for one example, error = log loss.\"\"\"
    layer_1 = np.dot(input_vector, weights) + bias
    prediction = 1 / (1 + np.exp(-layer_1))"""

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
    starter=_NEURON + """
    derror_dprediction = ...   # differentiate the error with respect to prediction
    dprediction_dlayer1 = ...  # the sigmoid's slope
    derror_dbias = ...
    derror_dweights = ...
    return derror_dbias, derror_dweights
""",
    reads=["log_loss_gradients"],
    grader=_grade_log_loss,
    hints=[
        "The path is section 5's: d error / d prediction, times the sigmoid's slope, times 1 (bias) or the "
        "input vector (weights). Only the first factor is new.",
        "log(p) has slope 1/p; log(1 - p) has slope -1/(1 - p) (the inside, 1 - p, has slope -1). Apply them "
        "to the two terms of the error, and keep the minus sign in front.",
        "A skeleton:\n\n```python\nderror_dprediction = -(... / prediction) + ...   # one term per log\n"
        "dprediction_dlayer1 = ...                        # section 3, written with prediction\n"
        "derror_dlayer1 = derror_dprediction * dprediction_dlayer1\n"
        "return derror_dlayer1 * ..., derror_dlayer1 * ...\n```\nMultiply out `derror_dlayer1` on paper.",
    ],
    solution=_NEURON + """
    derror_dprediction = -(target / prediction) + (1 - target) / (1 - prediction)
    dprediction_dlayer1 = prediction * (1 - prediction)
    derror_dlayer1 = derror_dprediction * dprediction_dlayer1  # = prediction - target
    derror_dbias = derror_dlayer1 * 1
    derror_dweights = derror_dlayer1 * input_vector
    return derror_dbias, derror_dweights

print(log_loss_gradients(np.array([2, 1.5]), np.array([1.45, -0.66]), np.array([0.0]), 0))
""",
)


# ---------------------------------------------------------------------------------------------
# q2: two sigmoid hidden layers

PARAMS = ("W1", "b1", "W2", "b2", "W3", "b3")


def _error(inputs, onehot, params) -> float:
    """The mean cross-entropy of the network with two sigmoid hidden layers."""
    hidden = inputs
    for k in (1, 2):
        hidden = _sigmoid(hidden @ params[f"W{k}"] + params[f"b{k}"])
    scores = hidden @ params["W3"] + params["b3"]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(np.sum(onehot * log_probabilities, axis=1)))


def _problem(seed: int, n: int, *sizes: int):
    """``n`` random examples and a random network of layer widths ``sizes`` (inputs first)."""
    rng = np.random.default_rng(seed)
    inputs, onehot = rng.normal(size=(n, sizes[0])), np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    params = {}
    for k in (1, 2, 3):
        params[f"W{k}"] = rng.normal(0, 0.8, size=sizes[k - 1:k + 1])
        params[f"b{k}"] = rng.normal(0, 0.5, size=sizes[k])
    return inputs, onehot, params


def _q2_advice(yours, numeric, n, wrong) -> str:
    def off_by(factor, keys):
        return all(relative_error(yours[key], factor * numeric[key]) < 1e-6 for key in keys)

    if off_by(n, PARAMS):
        return (f"every gradient is {n} times too large: the error is a *mean* over the {n} examples, "
                "so divide `probabilities - onehot` by `len(inputs)`.")
    if set(wrong) <= {"b1", "b2", "b3"} and off_by(1 / n, wrong):
        return (f"the weights are right, the biases {n} times too small: `derror_dscores` is already "
                "divided by n, so each bias gradient is the *sum* over the examples, not the mean.")
    if set(wrong) <= {"W1", "b1"}:
        return ("only the first layer is wrong: go back through W2 (`@ W2.T`), then times the first "
                "sigmoid's slope, `hidden_1 * (1 - hidden_1)`.")
    if set(wrong) <= {"W1", "b1", "W2", "b2"}:
        return ("W3 and b3 are right: go back through W3 (`@ W3.T`), then times the second sigmoid's "
                "slope, `hidden_2 * (1 - hidden_2)` (not ReLU's).")
    return ("start at the output: `(probabilities - onehot) / len(inputs)`, then "
            "`hidden_2.T @` it for W3 and its sum over the examples for b3.")


def _grade_backward(backward_two_sigmoids) -> str:
    worst = 0.0
    for seed, sizes in ((0, (6, 5, 4, 3, 2)), (1, (9, 3, 7, 4, 5))):
        inputs, onehot, params = _problem(seed, *sizes)
        given = {key: value.copy() for key, value in params.items()}
        grads = call(backward_two_sigmoids, inputs.copy(), onehot.copy(), given, name="backward_two_sigmoids")
        if isinstance(grads, Mapping) and any(value is Ellipsis for value in grads.values()):
            raise NotAttempted("`backward_two_sigmoids` still returns `...` for some gradients: fill in every "
                               "`...`, run the cell, then check again.")
        if not isinstance(grads, Mapping) or not set(PARAMS) <= set(grads):
            got = f"keys {sorted(map(str, grads))}" if isinstance(grads, Mapping) else type(grads).__name__
            raise Incorrect(f"`backward_two_sigmoids` should return a dict with a gradient for each of "
                            f"{', '.join(PARAMS)}; it returned {got}.")
        yours = {key: as_array(grads[key], f"the gradient for {key}").astype(np.float64) for key in PARAMS}
        for key, value in yours.items():
            turned = value.shape == params[key].shape[::-1]
            expect_shape(value, params[key].shape, f'grads["{key}"]', "It looks transposed: the gradient of "
                         "`x @ W` is `x.T @ (the gradient at the output)`." if turned else "")

        def error_of(inputs=inputs, onehot=onehot, params=params):
            return _error(inputs, onehot, params)

        numeric = {key: numerical_gradient(error_of, params[key]) for key in PARAMS}
        errors = {key: relative_error(yours[key], numeric[key]) for key in PARAMS}
        worst = max(worst, *errors.values())
        wrong = [key for key in PARAMS if errors[key] > TOLERANCE]
        if wrong:
            advice = _q2_advice(yours, numeric, len(inputs), wrong)
            listing = ", ".join(f"{key} {errors[key]:.1e}" for key in PARAMS)
            raise Incorrect(f"on a network of widths {' -> '.join(map(str, sizes[1:]))} with {sizes[0]} "
                            f"examples, your gradients differ from the measured slopes (relative errors: "
                            f"{listing}). Hint: {advice}")
    return (f"all six gradients agree with finite differences on two networks (largest relative error "
            f"{worst:.1e}). Each layer repeated the same two rules. Each sigmoid multiplies the gradient by "
            "its slope, never more than 0.25: through ten such layers it would shrink at least a million "
            "times (the vanishing gradient), one reason hidden layers now use ReLU.")


_FORWARD_PASS = """
def backward_two_sigmoids(inputs, onehot, params):
    \"\"\"Gradients of the mean cross-entropy: a dict, one array per parameter.\"\"\"
    layer_1 = inputs @ params["W1"] + params["b1"]
    hidden_1 = 1 / (1 + np.exp(-layer_1))               # the first sigmoid layer
    layer_2 = hidden_1 @ params["W2"] + params["b2"]
    hidden_2 = 1 / (1 + np.exp(-layer_2))               # the second sigmoid layer
    scores = hidden_2 @ params["W3"] + params["b3"]
    probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)
"""
"""The forward pass that exercise 2's starter gives and its solution keeps."""


q2 = Exercise(
    "06", 2, "Backpropagation through two sigmoid hidden layers",
    statement="""
Section 8's network has one ReLU hidden layer. Give it **two sigmoid** hidden layers,
`inputs -> W1, b1 -> sigmoid -> W2, b2 -> sigmoid -> W3, b3 -> softmax`, and write the backward
pass: `backward_two_sigmoids(inputs, onehot, params)` returns the gradients of the mean
cross-entropy for all six parameters, as a dict, each with its parameter's shape. The forward pass
is written for you. The check compares your gradients with slopes measured by finite differences,
on two small networks in float64.
""",
    starter=_FORWARD_PASS + """
    derror_dscores = ...  # softmax with cross-entropy, averaged over the examples
    grads = {"W3": ..., "b3": ...}
    derror_dlayer2 = ...  # back through W3, then through the second sigmoid
    grads["W2"], grads["b2"] = ..., ...
    derror_dlayer1 = ...  # back through W2, then through the first sigmoid
    grads["W1"], grads["b1"] = ..., ...
    return grads
""",
    reads=["backward_two_sigmoids"],
    grader=_grade_backward,
    hints=[
        "Section 8's `compute_gradients` does this for one hidden layer. Work from the output back: "
        "W3 and b3 first, then one layer at a time.",
        "Each layer repeats two rules. Its weights' gradient is `(the layer's input).T @ (the gradient at "
        "its output)`; its bias's is that gradient summed over the examples. To go further back: `@ W.T`, "
        "then times the activation's slope, which for a sigmoid is written with its output (section 3).",
        "A skeleton for the last layer and the step back:\n\n```python\nderror_dscores = (probabilities - "
        "onehot) / ...\ngrads = {\"W3\": ... @ derror_dscores, \"b3\": ...}\nderror_dlayer2 = "
        "(derror_dscores @ ...) * ...  # the slope, from hidden_2\n```\nThe first layer repeats the pattern, "
        "one step further back.",
    ],
    solution=_FORWARD_PASS + """
    derror_dscores = (probabilities - onehot) / len(inputs)
    grads = {"W3": hidden_2.T @ derror_dscores, "b3": derror_dscores.sum(axis=0)}
    derror_dlayer2 = (derror_dscores @ params["W3"].T) * hidden_2 * (1 - hidden_2)
    grads["W2"], grads["b2"] = hidden_1.T @ derror_dlayer2, derror_dlayer2.sum(axis=0)
    derror_dlayer1 = (derror_dlayer2 @ params["W2"].T) * hidden_1 * (1 - hidden_1)
    grads["W1"], grads["b1"] = inputs.T @ derror_dlayer1, derror_dlayer1.sum(axis=0)
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

WHY = ("With every weight at 0, `hidden = relu(0) = 0`, so W2's gradient, `hidden.T @ derror_dscores`, is 0; "
       "the gradient sent back, `derror_dscores @ W2.T`, is 0 because W2 is. Only b2 learns: it favours the most "
       "common digit. Random starting weights break this deadlock, and make the hidden units differ.")

MISTAKES = {
    "A": "you expected the starting point not to matter, as long as training runs long enough.",
    "B": "you expected zeros to slow learning down, not to stop it.",
    "D": "you expected zeros to break the arithmetic; but softmax of ten equal scores is 0.1 each, a "
         "perfectly good probability, and nothing is divided by zero.",
}


def _outcome(accuracy: float) -> str:
    return "D" if not np.isfinite(accuracy) else "A" if accuracy > 0.95 else "B" if accuracy >= 0.30 else "C"


def _grade_prediction(my_prediction, zero_net, zero_init_accuracy) -> str:
    letter = my_prediction.strip().upper().rstrip(").") if isinstance(my_prediction, str) else None
    if letter not in CHOICES:
        raise Incorrect(f"`my_prediction` should be one letter, \"A\", \"B\", \"C\" or \"D\"; it is {my_prediction!r}.")
    accuracy = as_number(zero_init_accuracy, "zero_init_accuracy")
    params = getattr(zero_net, "params", None)
    if not isinstance(params, Mapping) or "W1" not in params:
        raise Incorrect("`zero_net` should be the lesson's `TwoLayerNetwork`: run the exercise's cell as given.")
    outcome = _outcome(accuracy)
    if outcome != "C" and np.abs(as_array(params["W1"], "zero_net.params['W1']")).max() > 0:
        raise Incorrect(f"your run reached {accuracy:.1%}, and its W1 is not all zeros: the experiment did not "
                        "start from zeros. Keep the line `array[...] = 0`, and run the cell again.")
    run = (f"the run gives {accuracy:.1%} on the validation digits, and W1 is still all zeros after a whole epoch"
           if outcome == "C" else f"the run gives {accuracy:.1%}")
    if letter == outcome:
        return f"you predicted {letter}, and {run}. {WHY}"
    raise Incorrect(f"you predicted {letter} ({CHOICES[letter]}); {run}. {MISTAKES.get(letter, '')} Before you "
                    "change your letter, find the reason in the backward pass: which gradients are 0 when every "
                    "weight is 0?")


_ZERO_START_RUN = """
if my_prediction is not ...:   # the experiment runs once you have predicted
    zero_net = TwoLayerNetwork(784, 64, 10, learning_rate=0.5,
                               rng=np.random.default_rng(0))
    for array in zero_net.params.values():
        array[...] = 0                                 # every weight and bias at 0
    train_epoch(zero_net, inputs_train, onehot_train)  # one epoch, as in section 8
    zero_init_accuracy = evaluate(zero_net, inputs_val, y_val)[1]
    print(f"validation accuracy after one epoch from zeros: {zero_init_accuracy:.1%}")
"""
"""The experiment of exercise 3, after the prediction: section 8's network, every parameter zeroed, one epoch."""

q3 = Exercise(
    "06", 3, "Predict, then run: every weight starts at zero",
    statement="""
Section 8's network starts from random weights. What if every weight and bias started at **0**,
and it trained one epoch as in section 8? **Predict first**, writing one letter in `my_prediction`:

""" + ";\n".join(f"- **{letter}**: {text}" for letter, text in CHOICES.items()) + """.

Then run the cell: it runs the experiment only once you have predicted. The check compares your
prediction with your run.
""",
    starter='my_prediction = ...   # "A", "B", "C" or "D": write it BEFORE you run the experiment\n' + _ZERO_START_RUN,
    reads=["my_prediction", "zero_net", "zero_init_accuracy"],
    grader=_grade_prediction,
    hints=[
        "Follow one mini-batch through the forward pass with every weight at 0: what is `hidden`? What are "
        "the scores, and the probabilities?",
        "Now the backward pass: W2's gradient is `hidden.T @ derror_dscores`, and the gradient reaching the "
        "hidden layer is `derror_dscores @ W2.T`. Which of the four gradients can be anything but 0?",
        "See it on one batch before the whole epoch:\n\n```python\nprobe = TwoLayerNetwork(784, 64, 10, "
        "learning_rate=0.5, rng=np.random.default_rng(0))\nfor array in probe.params.values():\n    "
        "array[...] = ...\ngrads = probe.compute_gradients(inputs_train[:128], onehot_train[:128])\n"
        "print({name: np.abs(gradient).max() for name, gradient in ...})\n```\nIf only one parameter moves, "
        "what can the network answer?",
    ],
    solution='my_prediction = "C"\n' + _ZERO_START_RUN,
    explanation=WHY,
)


questionnaire = Questionnaire(
    "06",
    [
        ("What does the dot product of two vectors measure?",
         "Alignment and size together: the two lengths times the cosine of the angle between them. weights_2 "
         "scores 4.126 against 2.1672 mostly because it is longer (2.19 against 1.26), only a little because it "
         "points closer (27 degrees off against 36). Cosine similarity divides the lengths out: direction alone."),
        ("Why does stacking linear layers add no power, and what fixes that?",
         "Two stacked linear layers are one linear layer, with weights W_b W_a. A non-linear activation "
         "(sigmoid, ReLU) between them breaks the collapse."),
        ("What does the sign of the derivative tell gradient descent, and what does the learning rate do?",
         "Positive: increasing the parameter increases the error, so it moves down (and the other way round). "
         "The learning rate scales the step: too large overshoots (1.1 on x² lands further out every step), "
         "too small crawls."),
        ("Why did the toy network get only 4 or 5 of its 8 training examples right, when a straight line gets 6?",
         "Training lowers the squared error, not the count of mistakes. On those 8 points a neuron hedging near "
         "0.5 has a lower squared error than one committed to the best line and confidently wrong on 2; so "
         "gradient descent settles near the hedge, little better than chance."),
        ("How do finite differences check a gradient, and why in float64?",
         "Nudge a parameter by a tiny eps both ways: (error(w + eps) - error(w - eps)) / (2 eps). The "
         "difference of two nearly equal errors is mostly rounding noise in float32's 7 digits; float64 has 16."),
        ("Why are the starting weights of section 8's network random, and scaled as they are?",
         "Random, so that the hidden units differ and gradients flow (exercise 3: from zeros only the output "
         "bias learns). Scaled so the signals keep a sensible size: sqrt(2 / inputs) (He) for the ReLU layer, "
         "sqrt(1 / inputs) (LeCun) for the softmax layer."),
        ("Why is a low error on the training data a poor measure of a model?",
         "The model has seen those examples and can memorise them (overfit), yet fail on new data. Choose on "
         "validation data; judge the final model once on test data it never saw."),
    ],
    further_research=[
        "Derive the derivative of softmax followed by cross-entropy with the chain rule, and check that it is "
        "(probabilities - targets), as section 8 states.",
    ],
)
