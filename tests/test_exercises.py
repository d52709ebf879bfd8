"""Tests for mnist_lessons.exercises: the course's shape, hints, solutions, questionnaires and the progress file.

Every exercise's checks (its blank starter, its reference solution, typical wrong answers) are
tested in the lesson's own kernel, right after nbval ran the notebook: see
tests/exercises_in_kernel.py and the cases in tests/exercise_cases.py. Here, ``qN.check()`` is
called from small namespaces to test what it shows and records. A real IPython kernel shows that
the checks find a notebook's variables and display coloured Markdown with a plain-text twin free
of ANSI codes. The progress file is tested on real files: persistence across processes, atomic
writes, a corrupt file kept as a backup and reported.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from mnist_lessons.exercises import LESSONS, all_exercises, exercises_of, lesson_module, notebook_cells, progress, store

from .conftest import ROOT
from .exercise_cases import WRONG

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


def test_notebook_cells_hold_starters_but_no_solution():
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
# Every exercise is tested in its notebook's kernel, on the notebook's own code (tests/exercises_in_kernel.py)


def test_every_exercise_has_a_wrong_answer():
    assert set(WRONG) == set(EXERCISES)


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
    assert "multiplies the weight by 1 - 2" in out
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
