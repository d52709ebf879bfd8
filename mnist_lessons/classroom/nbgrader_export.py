"""The lessons as nbgrader assignments, with the course's checks as autograded tests.

``export(out)`` writes an nbgrader course folder: ``out/nbgrader_config.py`` and
``out/source/lessonNN/NN_name.ipynb`` for every lesson with exercises. In each notebook:

- every exercise's starter cell becomes a **solution cell**: the starter, then the reference
  solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (``generate_assignment``
  removes that part, so students receive the starter as the course has it);
- every ``qN.check()`` cell becomes a locked **autograded test cell** worth one point: the same
  check, then ``assert qN.grade(globals()).passed`` with the check's message.

The exercises are found through ``mnist_lessons.exercises`` (never listed here); a notebook's
starter cell is the code cell just above its ``qN.check()`` cell.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import course
from ..exercises import LESSONS, exercises_of
from ..files import atomic_write

CONFIG = '''# nbgrader configuration written by `mnist-lessons export-nbgrader`.
c = get_config()  # noqa: F821 (nbgrader defines it)
# The released solution cells keep the course's starter code; nbgrader's stub only marks where the
# reference solution was.
c.ClearSolutions.code_stub = {"python": "# (write your answer in the code above)"}
c.ExecutePreprocessor.timeout = 600
'''


def _metadata(grade_id: str, *, solution: bool, grade: bool, points: int = 0) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def test_cell_source(name: str) -> str:
    """The autograded test of exercise ``name`` (``"q1"``): the student's check, then the assertion."""
    return (f"{name}.check()\n_graded = {name}.grade(globals())\n"
            f"assert _graded.passed, f\"{name}: {{_graded.message}}\"")


def assignment(notebook: dict, lesson: str) -> dict:
    """The nbgrader source version of lesson ``lesson``'s notebook (a parsed .ipynb ``dict``)."""
    cells = notebook["cells"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    for exercise in exercises_of(lesson):
        check = [i for i, (c, s) in enumerate(zip(cells, sources, strict=True)) if c["cell_type"] == "code"
                 and s.strip() == f"{exercise.name}.check()"]
        starter = [i for i in range(check[0] - 1, -1, -1) if cells[i]["cell_type"] == "code"][:1] if check else []
        if not check or not starter:
            raise RuntimeError(f"lesson {lesson}'s notebook has no `{exercise.name}.check()` cell below a code cell; "
                               "the notebook and mnist_lessons.exercises disagree (regenerate the exercise cells "
                               "with notebook_cells).")
        answer, test = cells[starter[0]], cells[check[0]]
        answer["source"] = f"{sources[starter[0]].rstrip()}\n### BEGIN SOLUTION\n{exercise.solution_code}\n### END SOLUTION"
        grade_id = f"lesson{lesson}-{exercise.name}"  # nbgrader allows letters, digits, _ and - only
        answer.setdefault("metadata", {})["nbgrader"] = _metadata(f"{grade_id}-answer", solution=True, grade=False)
        test["source"] = test_cell_source(exercise.name)
        test.setdefault("metadata", {})["nbgrader"] = _metadata(f"{grade_id}-check", solution=False, grade=True,
                                                                points=1)
    for cell in cells:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return notebook


def export(out: str | Path, lessons: list[str] | None = None) -> list[Path]:
    """Write the nbgrader course folder ``out`` (see the module docstring); returns the notebooks written.

    Raises ``FileExistsError`` rather than overwrite a notebook or configuration already there.
    """
    out = Path(out)
    wanted = list(LESSONS if lessons is None else lessons)
    unknown = [lesson for lesson in wanted if lesson not in LESSONS]
    if unknown:
        raise RuntimeError(f"no lesson {', '.join(unknown)} has exercises; choose among {', '.join(LESSONS)}.")
    written = []
    for path in course.lesson_files():
        lesson = path.name[:2]
        if lesson not in wanted:
            continue
        notebook = assignment(json.loads(path.read_text(encoding="utf-8")), lesson)
        dest = out / "source" / f"lesson{lesson}" / path.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        _write(dest, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
        written.append(dest)
    config = out / "nbgrader_config.py"
    if not config.exists():
        _write(config, CONFIG)
    return written


def _write(dest: Path, text: str) -> None:
    try:
        with atomic_write(dest, overwrite=False) as f:
            f.write(text.encode("utf-8"))
    except FileExistsError:
        raise FileExistsError(f"{dest} already exists and was left as it is; export into an empty folder.") from None
