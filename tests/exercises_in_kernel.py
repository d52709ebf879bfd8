"""Pytest plugin (``-p tests.exercises_in_kernel`` in pyproject.toml): each lesson's exercises,
tested in the kernel that nbval has just run the lesson in.

After the last cell of a lesson notebook, nbval's kernel holds everything the notebook made:
its data, its functions, its trained models. The exercises are graded there, on the notebook's
own code, on whichever backend and versions the run uses, so nothing is copied from a notebook
into a test. For every exercise, in notebook order:

- ``starter``: the starter cell run again: the check says "not attempted";
- ``wrong N``: the starter, then a typical wrong answer (``tests/exercise_cases.py``, ``WRONG``):
  "incorrect", with the teaching message that names the mistake and the way to a hint;
- ``solution``: the reference solution (the exercise's own ``solution()`` code): "correct";
- ``probe NAME``: code that asserts what a message or a hint must say (``PROBES``).

The items are named ``notebooks/NN_name.ipynb::exercise lessonNN.qK <case>``, so ``-k`` selects them
with their notebook. Grading uses ``Exercise.grade`` (nothing recorded in a progress file).
"""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
from queue import Empty

import pytest

CASE_TIMEOUT_S = 300  # a solution may train a small model; more than this means a hung kernel


def _lesson_of(path) -> str | None:
    name = os.path.basename(str(path))
    return name[:2] if name[:2].isdigit() and name.endswith(".ipynb") else None


def _wrong_case(exercise, i: int, wrong, before: str) -> tuple[str, str, dict]:
    """Wrong answer number ``i``, run after ``before`` (the starter or the solution)."""
    return (f"{exercise.key} wrong {i}", exercise.key,
            {"code": [before, wrong.code], "status": "incorrect",
             "expect": [wrong.expect, f"`{exercise.name}.hint()`"]})


def _cases(lesson: str) -> list[tuple[str, str, dict]]:
    """``(item name, exercise key, what to run and expect)`` for one lesson, in notebook order."""
    from mnist_lessons.exercises import exercises_of

    from .exercise_cases import PROBES, WRONG

    cases = []
    for exercise in exercises_of(lesson):
        key, starter, solution = exercise.key, exercise.starter, exercise.solution_code

        wrongs = list(enumerate(WRONG.get(key, []), start=1))
        cases.append((f"{key} starter", key, {"code": [starter], "status": "not attempted"}))
        cases += [_wrong_case(exercise, i, wrong, starter) for i, wrong in wrongs if wrong.after != "solution"]
        cases.append((f"{key} solution", key, {"code": [solution], "status": "correct"}))
        cases += [_wrong_case(exercise, i, wrong, solution) for i, wrong in wrongs if wrong.after == "solution"]
        for name, probe in PROBES.get(key, {}).items():
            cases.append((f"{key} probe {name}", key, {"code": [solution, probe], "status": None}))
    return cases


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """After each lesson notebook's last cell, its exercise cases, sharing the notebook's kernel."""
    by_file: dict = {}
    for index, item in enumerate(items):
        parent = item.parent
        if type(parent).__name__ == "IPyNbFile" and _lesson_of(parent.path):
            by_file[parent] = index
    for parent, last in sorted(by_file.items(), key=lambda pair: -pair[1]):
        new = [ExerciseCase.from_parent(parent, name=f"exercise {name}", key=key, case=case)
               for name, key, case in _cases(_lesson_of(parent.path))]
        items[last + 1:last + 1] = new


class ExerciseCase(pytest.Item):
    def __init__(self, *, key: str, case: dict, **kwargs):
        super().__init__(**kwargs)
        self.key, self.case = key, case

    def runtest(self):
        kernel = self.parent.kernel
        if kernel is None or not kernel.is_alive():
            raise RuntimeError("the notebook's kernel is not running (a cell above failed or timed out)")
        lesson, name = self.key.removeprefix("lesson").split(".")
        fd, result_path = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        try:
            code = _driver(lesson, name, self.case["code"], result_path)
            msg_id = kernel.execute_cell_input(code, allow_stdin=False)
            try:
                kernel.await_reply(msg_id, timeout=CASE_TIMEOUT_S)
                kernel.await_idle(msg_id, timeout=CASE_TIMEOUT_S)
            except Empty:
                kernel.interrupt()
                raise AssertionError(f"{self.key}: the case did not finish within {CASE_TIMEOUT_S} s") from None
            with open(result_path) as file:
                text = file.read()
            result = json.loads(text) if text else {"error": "the kernel wrote no result"}
        finally:
            os.unlink(result_path)
        if "error" in result:
            raise AssertionError(f"{self.key}: the code raised in the notebook's kernel:\n{result['error']}")
        status, message = result["status"], result["message"]
        if self.case["status"] is not None:
            assert status == self.case["status"], f"{self.key}: expected {self.case['status']!r}, got {status!r}: {message}"
        assert "\x1b" not in message, f"ANSI escape codes in a message: {message!r}"
        for phrase in self.case.get("expect", []):
            assert phrase in message, f"{self.key}: the message lacks {phrase!r}: {message}"

    def reportinfo(self):
        return self.path, None, self.name


def _driver(lesson: str, name: str, code: list[str], result_path: str) -> str:
    """The cell sent to the kernel: run each piece of code in the notebook's namespace, then grade."""
    return textwrap.dedent(f"""\
        def _exercise_case():
            import json, traceback
            from mnist_lessons.exercises.lesson{lesson} import {name} as exercise
            namespace = get_ipython().user_ns
            try:
                for piece in {code!r}:
                    exec(compile(piece, "<exercise case>", "exec"), namespace)
                result = exercise.grade(namespace)
                out = {{"status": result.status, "message": result.message}}
            except BaseException:
                out = {{"error": traceback.format_exc()}}
            with open({result_path!r}, "w") as file:
                json.dump(out, file)
        _exercise_case()
        del _exercise_case
        """)
