"""Practice at the end of every lesson: exercises you can check, with hints and solutions::

    from mnist_lessons.exercises.lesson00 import q1, questionnaire
    q1.check()          # against your own variables: Correct, Incorrect (and why), or Not attempted yet
    q1.hint()           # q1.hint(2) says more; q1.solution() only when you ask
    progress()          # which exercises you have passed, kept on your computer (see ``store``)
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from ..files import HOME_ENV, data_home
from . import store
from .core import Exercise, Questionnaire, Result
from .show import Rich

__all__ = ["LESSONS", "Exercise", "Questionnaire", "Result", "all_exercises", "progress", "notebook_cells"]

LESSONS = ("00", "01", "02", "03", "04", "05", "06")  # the lessons that have exercises


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
    """Which exercises of the course you have passed: a table in a notebook, plain text when printed."""
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
        default = data_home(platform_default=True) / store.FILE_NAME
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
    """The ``(cell_type, source)`` cells ending lesson ``lesson``'s notebook, generated from its
    exercises: the introduction; each statement, starter, check, hint and solution; the questionnaire."""
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
