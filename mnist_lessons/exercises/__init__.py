"""Practice at the end of every lesson: exercises you can check, with hints and solutions.

Each lesson has a module, ``mnist_lessons.exercises.lesson00`` to ``lesson06``, holding its
exercises ``q1``, ``q2``, ... and its ``questionnaire``::

    from mnist_lessons.exercises.lesson00 import q1, q2, q3, questionnaire

    q1.check()          # runs against your own variables: Correct, Incorrect (and why), or Not attempted yet
    q1.hint()           # a first hint; q1.hint(2) says more
    q1.solution()       # the solution, only when you ask for it
    questionnaire       # the lesson's questions; questionnaire.answer(3) reveals one answer

    from mnist_lessons.exercises import progress
    progress()          # which exercises of the course you have passed

Your progress is kept on your own computer, in a small JSON file (no account, no network):
``$MNIST_LESSONS_HOME/progress.json`` if that variable is set, else in your user data folder
(``~/.local/share/mnist-lessons`` on Linux; see ``mnist_lessons.exercises.store``).

Modules, one concern each:

- ``core``: ``Exercise`` (check, hint, solution) and ``Questionnaire``;
- ``grading``: the building blocks of a check (``Incorrect``, ``NotAttempted``, reading answers);
- ``show``: how feedback is displayed (coloured Markdown in JupyterLab, plain text elsewhere);
- ``store``: the progress file;
- ``lesson00`` ... ``lesson06``: the exercises themselves.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import platformdirs

from ..files import APP, HOME_ENV
from . import store
from .core import Exercise, Questionnaire, Result
from .show import Rich

__all__ = ["LESSONS", "Exercise", "Questionnaire", "Result", "all_exercises", "progress", "notebook_cells"]

LESSONS = ("00", "01", "02", "03", "04", "05", "06")
"""The lessons that have exercises, by their two digits."""


def lesson_module(lesson: str):
    """The module ``mnist_lessons.exercises.lessonNN`` for ``lesson`` ``"NN"``."""
    if lesson not in LESSONS:
        raise ValueError(f"there is no lesson {lesson!r} with exercises; the lessons are {', '.join(LESSONS)}.")
    return importlib.import_module(f"{__name__}.lesson{lesson}")


def exercises_of(lesson: str) -> list[Exercise]:
    """The exercises of one lesson, in order (``q1``, ``q2``, ...)."""
    module = lesson_module(lesson)
    found = [value for name, value in vars(module).items() if isinstance(value, Exercise) and name == value.name]
    return sorted(found, key=lambda exercise: exercise.number)


def all_exercises() -> list[Exercise]:
    """Every exercise of the course, lesson by lesson."""
    return [exercise for lesson in LESSONS for exercise in exercises_of(lesson)]


def progress() -> Rich:
    """Which exercises of the course you have passed, read from your local progress file.

    Returns an object that shows itself as a table in a notebook (make ``progress()`` the last
    line of a cell) and as plain text with ``print(progress())``.
    """
    entries = store.load()
    exercises = all_exercises()
    passed = sum(entries.get(e.key, {}).get("status") == "passed" for e in exercises)
    rows = []
    for exercise in exercises:
        entry = entries.get(exercise.key)
        if entry is None:
            status = "· not tried yet"
        elif entry["status"] == "passed":
            status = "✓ passed"
        else:
            status = f"✗ tried ({entry['checks']} check{'s' if entry['checks'] != 1 else ''}), not passed yet"
        helps = []
        if entry and entry["hints_seen"]:
            helps.append(f"{entry['hints_seen']} hint{'s' if entry['hints_seen'] != 1 else ''}")
        if entry and entry["solution_seen"]:
            helps.append("solution")
        rows.append((exercise.lesson, f"{exercise.name}: {exercise.title}", status, ", ".join(helps) or "-"))
    summary = f"{passed} of {len(exercises)} exercises passed."
    where = f"Kept on this computer in `{_shown(store.progress_path())}`."
    if os.environ.get(HOME_ENV, "").strip():  # tests and classrooms move it; say so, and where it is otherwise
        default = Path(platformdirs.user_data_dir(APP, appauthor=False, roaming=True)) / store.FILE_NAME
        where += f" ({HOME_ENV} chose that folder; without it, the file is `{_shown(default)}`.)"
    table = ["| lesson | exercise | status | help used |", "| --- | --- | --- | --- |"]
    table += [f"| {lesson} | {name} | {status} | {help_used} |" for lesson, name, status, help_used in rows]
    body = f"**{summary}**\n\n" + "\n".join(table) + f"\n\n{where}"
    width = max(len(name) for _, name, _, _ in rows)
    lines = [f"  {lesson}  {name:<{width}}  {status}" + (f"  [{help_used}]" if help_used != "-" else "")
             for lesson, name, status, help_used in rows]
    plain_body = f"{summary}\n" + "\n".join(lines) + f"\n{where}"
    return Rich("progress", body, plain_body=plain_body)


def notebook_cells(lesson: str) -> list[tuple[str, str]]:
    """The cells to append at the end of lesson ``lesson``'s notebook, as ``(cell_type, source)``
    pairs (``"markdown"`` or ``"code"``): the introduction, then for every exercise its statement,
    its starter, its check cell, and a cell with the hint and solution calls commented out; then
    the questionnaire. Generated from the exercises themselves, so notebook and package agree.
    """
    module = lesson_module(lesson)
    exercises = exercises_of(lesson)
    names = ", ".join(e.name for e in exercises)
    cells = [("markdown", module.INTRO.strip()),
             ("code", f"from mnist_lessons.exercises.lesson{lesson} import {names}, questionnaire")]
    for exercise in exercises:
        cells.append(("markdown", f"### Exercise {exercise.number}: {exercise.title}\n\n{exercise.statement}"))
        cells.append(("code", exercise.starter))
        cells.append(("code", f"{exercise.name}.check()"))
        cells.append(("code", f"# {exercise.name}.hint()\n# {exercise.name}.solution()"))
    cells.append(("markdown", "### Questionnaire\n\nAnswer in your own words, then compare: "
                  "`questionnaire.answer(1)` reveals the first answer."))
    cells.append(("code", "questionnaire"))
    cells.append(("markdown", "Your progress over the whole course, kept on this computer:"))
    cells.append(("code", "from mnist_lessons.exercises import progress\n\nprogress()"))
    return cells


def _shown(path: Path) -> str:
    """``path`` as a student reads it: under the home folder as ``~/...``."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)
