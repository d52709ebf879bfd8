"""One handed-in notebook from file to grade rows, and a whole class: each notebook runs contained
(``sandbox``) in a scratch folder that is deleted afterwards; a notebook that hangs, crashes, is
not a notebook or is the wrong lesson gets its own row, and the class goes on."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..exercises import LESSONS, exercises_of
from . import submissions

# ``sandbox`` and ``runner`` are imported where used: each also runs as ``python -m``, which should
# not find it imported already by this package's __init__.

# A check's status (exercises.core.Result) as the grades CSV says it.
STATUS = {"correct": "passed", "incorrect": "failed", "not attempted": "not attempted", "check error": "failed"}
STARTUP_SECONDS = 60  # allowed on top of the timeout for the kernel to start and the checks to run
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "KERAS_BACKEND", "MNIST_LESSONS_DATA", "TZ")


class Row(NamedTuple):
    """One line of the grades CSV. ``exercise`` is ``q1``, ..., ``total`` (the lesson's total), or
    ``notebook`` (a notebook that could not be graded, ``status`` saying why)."""

    student: str
    lesson: str
    notebook: str
    exercise: str
    status: str
    points: int
    max_points: int
    message: str


def grade_all(arguments: list, *, timeout: float = 600, contained: bool = True,
              on_rows: Callable[[list[Row]], None] | None = None) -> tuple[list[Row], list]:
    """Grade every notebook under ``arguments`` (files or folders; see ``submissions``).

    Returns ``(rows, progress_files)``; ``on_rows`` is called with each notebook's rows as soon as
    they are known. With ``contained`` (the default) raises ``sandbox.SandboxUnavailable`` before
    running anything when this machine cannot contain the students' code.
    """
    from . import sandbox

    if contained:
        sandbox.check_available()
    found, progress = submissions.find(arguments)
    rows: list[Row] = []
    for submission in found:
        these = grade_notebook(submission, timeout=timeout, contained=contained)
        rows += these
        if on_rows is not None:
            on_rows(these)
    return rows, progress


def grade_notebook(submission: submissions.Submission, *, timeout: float = 600, contained: bool = True) -> list[Row]:
    """The rows for one notebook: one per exercise of its lesson and its total, or, when it could
    not be graded, a ``notebook`` row saying why (and a total of 0)."""
    if submission.problem:
        return _problem_rows(submission, *submission.problem)
    outcome = _run(submission, timeout, contained)
    if outcome["outcome"] != "graded":
        return _problem_rows(submission, outcome["outcome"], outcome["detail"])
    rows, base = [], (submission.student, submission.lesson, submission.path.name)
    for exercise in exercises_of(submission.lesson):
        status, message = outcome["results"].get(exercise.name, ["check error", "the check did not report"])
        shown = STATUS.get(status, "failed")
        message = message if status != "correct" else ""
        rows.append(Row(*base, exercise.name, shown, int(shown == "passed"), 1, _one_line(message)))
    errors = outcome["errors"]
    note = (f"{len(errors)} cell(s) raised an error (later cells still ran): " + "; ".join(errors[:3])) if errors else ""
    rows.append(Row(*base, "total", "graded", sum(r.points for r in rows), len(rows), _one_line(note)))
    return rows


def _problem_rows(submission: submissions.Submission, status: str, message: str) -> list[Row]:
    base = (submission.student, submission.lesson or "?", submission.path.name)
    rows = [Row(*base, "notebook", status, 0, 0, _one_line(message))]
    if submission.lesson in LESSONS:
        rows.append(Row(*base, "total", status, 0, len(exercises_of(submission.lesson)), ""))
    return rows


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def kernel_environment(scratch: Path) -> dict[str, str]:
    """The environment the student's kernel gets: a few of the instructor's variables (``PATH``,
    the locale, ``KERAS_BACKEND``, the data folder), ``PYTHONPATH`` leading to this very package, and
    every per-user folder (``HOME``, progress, caches, Jupyter's and IPython's) inside ``scratch``."""
    import mnist_lessons

    home = scratch / "home"
    env = {name: os.environ[name] for name in _PASSED_ENV if name in os.environ}
    package_root = str(Path(mnist_lessons.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([package_root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
    env.update(HOME=str(home), MNIST_LESSONS_HOME=str(home / "mnist-lessons"), MNIST_LESSONS_CACHE=str(home / "cache"),
               KERAS_HOME=str(home / ".keras"), MPLCONFIGDIR=str(home / ".matplotlib"), IPYTHONDIR=str(home / ".ipython"),
               JUPYTER_RUNTIME_DIR=str(scratch / "runtime"), JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_CONFIG_HOME=str(home / ".config"), TMPDIR=str(scratch / "tmp"), WANDB_MODE="disabled",
               PYTHONDONTWRITEBYTECODE="1")
    return env


def _run(submission: submissions.Submission, timeout: float, contained: bool) -> dict:
    from . import sandbox

    scratch = Path(tempfile.mkdtemp(prefix="mnist-lessons-grade-"))
    try:
        for folder in ("home", "work", "runtime", "tmp"):
            (scratch / folder).mkdir(mode=0o700)
        notebook = scratch / "work" / submission.path.name
        shutil.copyfile(submission.path, notebook)
        spec = {"notebook": str(notebook), "lesson": submission.lesson, "timeout": timeout,
                "workdir": str(scratch / "work"), "scratch": str(scratch)}
        if contained:
            spec.update(hide=sandbox.hidden_folders(), keep=sandbox.folders_to_keep(scratch))
        spec_path = scratch / "spec.json"
        spec_path.write_text(json.dumps(spec))
        command = sandbox.contained_command(spec_path) if contained else sandbox.runner_command(spec_path)
        return _wait(command, kernel_environment(scratch), scratch / "work", timeout + STARTUP_SECONDS)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _wait(command: list[str], env: dict, cwd: Path, limit: float) -> dict:
    from .runner import MARKER

    process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the sandbox's PID namespace takes the kernel down with it
        process.communicate()
        return {"outcome": "timed out", "detail": f"the notebook did not finish within {limit:.0f} s (a cell that "
                "never ends, such as an endless loop, or too slow a solution); nothing was graded. Rerun with a "
                "longer --timeout if it only needs more time."}
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    lines = [line for line in out.decode("utf-8", "replace").splitlines() if line.startswith(MARKER)]
    try:
        outcome = json.loads(lines[-1][len(MARKER):])
        valid = (outcome["outcome"] in ("graded", "timed out", "crashed") and isinstance(outcome["results"], dict)
                 and all(isinstance(v, list) and len(v) == 2 and all(isinstance(s, str) for s in v)
                         for v in outcome["results"].values()) and isinstance(outcome["errors"], list))
    except (IndexError, ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        tail = " ".join(err.decode("utf-8", "replace").strip().splitlines()[-3:])
        return {"outcome": "crashed", "detail": f"the grading process ended (status {process.returncode}) without "
                f"a result: {tail or 'no message'}"}
    outcome["errors"] = [str(e) for e in outcome["errors"]]
    outcome.setdefault("detail", "")
    return outcome
