"""`mnist-lessons grade` and the nbgrader export, on real notebooks run in real kernels.

Lesson 00 (the fastest lesson) is graded as saved (blank starters), with the reference solutions
put into its starter cells, and with typical wrong answers; small notebooks that hang, crash,
are not notebooks, are the wrong lesson, read a file in the instructor's home or connect to a
server on 127.0.0.1 are contained and reported; and nbgrader itself grades an exported assignment.
"""

from __future__ import annotations

import csv
import html.parser
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from mnist_lessons import cli
from mnist_lessons.classroom import grade, nbgrader_export, report, submissions
from mnist_lessons.exercises import exercises_of

from .conftest import ROOT

LESSON = "00"
NOTEBOOK = next((ROOT / "notebooks").glob(f"{LESSON}_*.ipynb"))
EXERCISES = exercises_of(LESSON)
needs_unshare = pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("unshare") is None,
                                   reason="the sandbox needs Linux's unshare")


def _notebook(cells: list[str]) -> dict:
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                       "source": source} for i, source in enumerate(cells)],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _with_answers(answers: dict[str, str]) -> dict:
    """The lesson's notebook as saved, with the starter cell (the code cell above ``qN.check()``)
    of each exercise in ``answers`` replaced by the given code."""
    notebook = json.loads(NOTEBOOK.read_text())
    cells = notebook["cells"]
    for name, code in answers.items():
        check = next(i for i, c in enumerate(cells) if "".join(c["source"]).strip() == f"{name}.check()")
        starter = next(i for i in range(check - 1, -1, -1) if cells[i]["cell_type"] == "code")
        cells[starter]["source"] = code
    return notebook


def _write(path: Path, notebook: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook))
    return path


def _wrong(exercise) -> str:
    """A typical wrong answer: every variable the check reads set to a number that is not the answer."""
    return "\n".join(f"{name} = 3" for name in exercise.reads)


def _progress(path: Path, checks: int) -> None:
    entries = {e.key: {"status": "tried", "checks": checks, "first_passed": None, "last_checked": None,
                       "hints_seen": 0, "solution_seen": False} for e in EXERCISES}
    path.write_text(json.dumps({"format": 2, "exercises": entries}))


@pytest.fixture(scope="module")
def lesson_rows(tmp_path_factory):
    """The whole lesson graded for three students: blank, solved, and partly wrong."""
    root = tmp_path_factory.mktemp("class")
    shutil.copyfile(NOTEBOOK, (root / "blank").mkdir() or root / "blank" / NOTEBOOK.name)
    _write(root / "solved" / NOTEBOOK.name, _with_answers({e.name: e.solution_code for e in EXERCISES}))
    partial = {e.name: (e.solution_code if i == 0 else _wrong(e)) for i, e in enumerate(EXERCISES)}
    _write(root / "partial" / NOTEBOOK.name, _with_answers(partial))
    _progress(root / "blank" / "progress.json", 1)
    _progress(root / "partial" / "progress.json", 5)
    rows, progress = grade.grade_all([root], timeout=600, contained=shutil.which("unshare") is not None)
    return rows, progress


def _by(rows, student):
    return {r.exercise: r for r in rows if r.student == student}


def test_blank_starters_score_zero_and_solutions_full_marks(lesson_rows):
    rows, _ = lesson_rows
    blank, solved = _by(rows, "blank"), _by(rows, "solved")
    assert [blank[e.name].status for e in EXERCISES] == ["not attempted"] * len(EXERCISES)
    assert (blank["total"].status, blank["total"].points, blank["total"].max_points) == ("graded", 0, len(EXERCISES))
    assert [solved[e.name].status for e in EXERCISES] == ["passed"] * len(EXERCISES)
    assert (solved["total"].points, solved["total"].max_points) == (len(EXERCISES), len(EXERCISES))


def test_typical_wrong_answers_score_partial_with_the_checks_message(lesson_rows):
    rows, _ = lesson_rows
    partial = _by(rows, "partial")
    assert partial["q1"].status == "passed"
    for exercise in EXERCISES[1:]:
        assert partial[exercise.name].status == "failed"
        assert partial[exercise.name].message  # the check's own words, for the student's record
    assert partial["total"].points == 1 < partial["total"].max_points


def test_csv_and_class_report(lesson_rows, tmp_path):
    rows, progress = lesson_rows
    report.write_csv(rows, tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="") as f:
        read = list(csv.DictReader(f))
    assert tuple(read[0]) == report.COLUMNS and len(read) == len(rows)
    with pytest.raises(FileExistsError, match="--overwrite"):
        report.write_csv(rows, tmp_path / "grades.csv")

    summary_csv = report.write_report(rows, progress, tmp_path / "class.html")
    with open(summary_csv, newline="") as f:
        summary = {r["exercise"]: r for r in csv.DictReader(f)}
    assert summary["q1"]["graded"] == "3" and summary["q1"]["passed"] == "2"
    assert summary["q2"]["failed"] == "1" and summary["q2"]["not_attempted"] == "1"
    assert summary["q2"]["most_common_failure"] == _by(rows, "partial")["q2"].message
    assert summary["q1"]["median_checks"] == "3"  # progress files say 1 and 5 checks

    page = (tmp_path / "class.html").read_text()
    tags = _Tags()
    tags.feed(page)
    assert tags.seen["h1"] == 1 and tags.seen["h2"] >= 1 and tags.seen["caption"] == 1
    assert tags.scopes["col"] == 7 and tags.scopes["row"] == len(EXERCISES)
    assert '<html lang="en">' in page


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen, self.scopes = {"h1": 0, "h2": 0, "caption": 0}, {"col": 0, "row": 0}

    def handle_starttag(self, tag, attrs):
        if tag in self.seen:
            self.seen[tag] += 1
        if tag == "th":
            self.scopes[dict(attrs).get("scope", "none")] = self.scopes.get(dict(attrs).get("scope", "none"), 0) + 1


class _Listener:
    """A TCP server on 127.0.0.1 that counts the connections it receives."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.server.close()


def _malicious(secret: Path, port: int) -> dict:
    return _notebook([
        f"from mnist_lessons.exercises.lesson{LESSON} import q1",
        f"try:\n    found = 'READ ' + open({str(secret)!r}).read()\nexcept OSError as error:\n"
        "    found = f'blocked ({type(error).__name__})'\nraise RuntimeError('home: ' + found)",
        f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=5).close()\n"
        "    found = 'connected'\nexcept OSError as error:\n    found = f'blocked ({type(error).__name__})'\n"
        "raise RuntimeError('socket: ' + found)",
    ])


@pytest.fixture
def instructor_secret():
    """A file in the instructor's real home folder, removed afterwards."""
    secret = Path.home() / f".mnist-lessons-grading-test-{uuid.uuid4().hex}"
    secret.write_text("instructor-only")
    yield secret
    secret.unlink()


@needs_unshare
def test_hanging_crashing_malformed_and_malicious_notebooks_are_contained_and_reported(tmp_path, instructor_secret):
    listener = _Listener()
    try:
        root = tmp_path / "class"
        _write(root / "mallory" / f"{LESSON}_mine.ipynb", _malicious(instructor_secret, listener.port))
        _write(root / "hugo" / f"{LESSON}_mine.ipynb",
               _notebook([f"from mnist_lessons.exercises.lesson{LESSON} import q1", "while True:\n    pass"]))
        _write(root / "carl" / f"{LESSON}_mine.ipynb", _notebook(["import os\nos._exit(3)"]))
        (root / "nadia").mkdir()
        (root / "nadia" / f"{LESSON}_mine.ipynb").write_text("this is not JSON")
        _write(root / "walt" / "01_perceptron.ipynb", _notebook([f"from mnist_lessons.exercises.lesson{LESSON} import q1"]))
        rows, _ = grade.grade_all([root], timeout=20)
        assert listener.connections == 0
    finally:
        listener.close()
    first = {r.student: r for r in rows if r.exercise == "notebook"}
    total = {r.student: r for r in rows if r.exercise == "total"}
    assert first["hugo"].status == "timed out" and total["hugo"].points == 0
    assert first["carl"].status == "crashed" and "kernel died" in first["carl"].message
    assert first["nadia"].status == "not a notebook" and "JSON" in first["nadia"].message
    assert first["walt"].status == "wrong lesson" and "lesson 01" in first["walt"].message
    mallory = total["mallory"]
    assert mallory.status == "graded", mallory  # contained, graded, and its errors reported
    assert "home: blocked (FileNotFoundError)" in mallory.message
    assert "socket: blocked" in mallory.message and "instructor-only" not in mallory.message


@needs_unshare
def test_without_the_sandbox_the_same_notebook_reaches_home_and_network(tmp_path, instructor_secret):
    """The control for the test above: the sandbox, not the notebook, is what blocked it."""
    listener = _Listener()
    try:
        path = _write(tmp_path / "mallory" / f"{LESSON}_mine.ipynb", _malicious(instructor_secret, listener.port))
        rows = grade.grade_notebook(submissions.describe(path, "mallory"), timeout=60, contained=False)
        assert listener.connections == 1
    finally:
        listener.close()
    assert "home: READ instructor-only" in rows[-1].message and "socket: connected" in rows[-1].message


def test_whose_and_which_lesson(tmp_path):
    a = _write(tmp_path / "in" / "alice" / "deep" / f"{LESSON}_x.ipynb", _notebook(["1"]))
    b = _write(tmp_path / "in" / "bob__06_scratch.ipynb",
               _notebook([f"from mnist_lessons.exercises.lesson{LESSON} import q1"]))
    c = _write(tmp_path / "in" / "carol" / "homework.ipynb", _notebook(["from mnist_lessons.exercises.lesson01 import q1"]))
    d = _write(tmp_path / "in" / "dan" / "homework.ipynb", _notebook(["print('no lesson')"]))
    found, _ = submissions.find([tmp_path / "in"])
    by_path = {s.path: s for s in found}
    assert (by_path[a].student, by_path[a].lesson, by_path[a].problem) == ("alice", LESSON, ())
    assert (by_path[b].student, by_path[b].problem[0]) == ("bob", "wrong lesson")
    assert (by_path[c].student, by_path[c].lesson, by_path[c].problem) == ("carol", "01", ())
    assert by_path[d].problem[0] == "unknown lesson"
    with pytest.raises(FileNotFoundError, match="does not exist"):
        submissions.find([tmp_path / "missing"])


def test_cli_writes_rows_for_ungradable_notebooks_and_never_overwrites(tmp_path, capsys):
    (tmp_path / "in" / "nadia").mkdir(parents=True)
    (tmp_path / "in" / "nadia" / f"{LESSON}_mine.ipynb").write_text("{not json")
    out = tmp_path / "grades.csv"
    args = ["grade", str(tmp_path / "in"), "--csv", str(out), "--report", str(tmp_path / "class.html")]
    assert cli.main(args) == 0
    assert "not a notebook" in out.read_text() and (tmp_path / "class.csv").exists()
    assert "Not contained" in capsys.readouterr().out
    before = out.read_text()
    assert cli.main(args) == 1
    assert "--overwrite" in capsys.readouterr().err and out.read_text() == before


def test_without_unshare_grading_refuses_and_names_the_unsafe_flag(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine with no unshare on its PATH
    (tmp_path / "in").mkdir()
    code = cli.main(["grade", str(tmp_path / "in"), "--csv", str(tmp_path / "g.csv")])
    assert code == 2 and "--unsafe-no-sandbox" in capsys.readouterr().err and not (tmp_path / "g.csv").exists()


def test_nbgrader_autogrades_an_exported_assignment(tmp_path):
    pytest.importorskip("nbgrader", reason="the grading extra: pip install -e '.[grading]'")
    course = tmp_path / "course"
    nbgrader_export.export(course, lessons=[LESSON])
    nbgrader = [sys.executable, "-m", "nbgrader"]
    env = {**os.environ, "HOME": str(tmp_path / "home"), "MNIST_LESSONS_HOME": str(tmp_path / "progress")}
    run = {"cwd": course, "env": env, "capture_output": True, "text": True, "timeout": 900}
    done = subprocess.run([*nbgrader, "generate_assignment", f"lesson{LESSON}"], **run)
    assert done.returncode == 0, done.stderr[-2000:]
    released = course / "release" / f"lesson{LESSON}" / NOTEBOOK.name
    notebook = json.loads(released.read_text())
    grade_ids = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in notebook["cells"]]
    answer = notebook["cells"][grade_ids.index(f"lesson{LESSON}-q1-answer")]
    assert "BEGIN SOLUTION" not in "".join(answer["source"])  # released: the starter, not the solution
    answer["source"] = EXERCISES[0].solution_code  # alice solves q1 only
    _write(course / "submitted" / "alice" / f"lesson{LESSON}" / NOTEBOOK.name, notebook)
    done = subprocess.run([*nbgrader, "autograde", f"lesson{LESSON}", "--create"], **run)
    assert done.returncode == 0, done.stderr[-2000:]
    done = subprocess.run([*nbgrader, "export", "--to", str(tmp_path / "nbgrader.csv")], **run)
    assert done.returncode == 0, done.stderr[-2000:]
    with open(tmp_path / "nbgrader.csv", newline="") as f:
        (alice,) = list(csv.DictReader(f))
    assert (float(alice["raw_score"]), float(alice["max_score"])) == (1.0, float(len(EXERCISES)))
