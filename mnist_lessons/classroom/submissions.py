"""Which notebooks were handed in, whose each one is, and which lesson it belongs to.

**Who**: a notebook named ``NAME__anything.ipynb`` (two underscores) is NAME's. Otherwise, in a
folder given on the command line, the first folder below it names the student
(``submissions/alice/00_look_at_the_data.ipynb`` and nbgrader's ``submitted/alice/00/...`` are
alice's); a notebook given as a file, or lying directly in the given folder, is its own folder's.

**Which lesson**: the two digits that start the file name (after ``NAME__``), and the lesson of the
notebook's ``from mnist_lessons.exercises.lessonNN import`` cell. Either alone is enough; when both
are there they must agree, else the notebook is reported as the wrong lesson and not graded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

from ..exercises import LESSONS

_IMPORT = re.compile(r"^\s*from\s+mnist_lessons\.exercises\.lesson(\d\d)\s+import\b", re.MULTILINE)
_NAME_LESSON = re.compile(r"^(\d\d)(?:_|\b)")
SKIPPED_FOLDERS = {".ipynb_checkpoints", "__pycache__", ".git"}


class Submission(NamedTuple):
    """One handed-in notebook: ``path``; ``student``; ``lesson`` (``"NN"``, or ``""`` when it could
    not be told); ``problem``: ``""``, or why it cannot be graded (status, message)."""

    path: Path
    student: str
    lesson: str
    problem: tuple[str, str] | tuple[()] = ()


class ProgressFile(NamedTuple):
    """A student's handed-in ``progress.json`` (see ``exercises.store``)."""

    path: Path
    student: str


def find(arguments: list[str | Path]) -> tuple[list[Submission], list[ProgressFile]]:
    """The notebooks and progress files under ``arguments`` (files or folders), sorted by student.

    Raises ``FileNotFoundError`` for an argument that does not exist (nothing is graded then).
    """
    notebooks, progress = [], []
    for argument in map(Path, arguments):
        if not argument.exists():
            raise FileNotFoundError(f"{argument} does not exist: give the students' notebooks, or folders holding them.")
        if argument.is_file():
            notebooks.append(describe(argument, argument.parent.resolve().name))
            continue
        for path in sorted(argument.rglob("*")):
            if SKIPPED_FOLDERS & set(path.relative_to(argument).parts) or not path.is_file():
                continue
            inner = path.relative_to(argument).parts
            folder_student = inner[0] if len(inner) > 1 else argument.resolve().name
            if path.suffix == ".ipynb":
                notebooks.append(describe(path, folder_student))
            elif path.name == "progress.json":
                progress.append(ProgressFile(path, folder_student))
    return sorted(notebooks, key=lambda s: (s.student, s.lesson, str(s.path))), progress


def describe(path: Path, folder_student: str) -> Submission:
    """The ``Submission`` for the notebook at ``path``; ``folder_student`` is the student its folder names."""
    stem = path.stem
    student = folder_student
    if "__" in stem:
        student, stem = stem.split("__", 1)
    named = _NAME_LESSON.match(stem)
    by_name = named.group(1) if named else ""
    try:
        notebook = json.loads(path.read_bytes().decode("utf-8"))
        cells = notebook["cells"]
        sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                   for c in cells if c.get("cell_type") == "code"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        return Submission(path, student, by_name, ("not a notebook", f"{path.name} is not a readable notebook "
                                                   f"(expected the JSON of a .ipynb file: {error}); ask the "
                                                   "student to hand in the notebook as JupyterLab saved it."))
    imported = sorted({m for source in sources for m in _IMPORT.findall(source)})
    by_import = imported[0] if len(imported) == 1 else ""
    if len(imported) > 1:
        return Submission(path, student, by_name, ("wrong lesson", f"{path.name} imports the exercises of lessons "
                                                   f"{', '.join(imported)}; a notebook is one lesson's."))
    if by_name and by_import and by_name != by_import:
        return Submission(path, student, by_name, ("wrong lesson", f"{path.name} is named as lesson {by_name} but "
                                                   f"imports lesson {by_import}'s exercises; rename the file or "
                                                   "check that the right notebook was handed in."))
    lesson = by_name or by_import
    if not lesson:
        return Submission(path, student, "", ("unknown lesson", f"{path.name}: neither its name (NN_...) nor an "
                                              "`from mnist_lessons.exercises.lessonNN import` cell says which "
                                              "lesson it is."))
    if lesson not in LESSONS:
        return Submission(path, student, lesson, ("wrong lesson", f"{path.name} is lesson {lesson}, which has no "
                                                  f"exercises; the lessons with exercises are {', '.join(LESSONS)}."))
    return Submission(path, student, lesson)
