"""One source for each exercise: a lesson's exercise cells are exactly what its exercise module generates.

``mnist_lessons.exercises.notebook_cells(lesson)`` builds the end of each lesson from the exercises
themselves (introduction, statement, starter, check cell, hint and solution calls, questionnaire,
progress). The saved notebook must end with those cells, source for source, so a statement or starter
edited in one place and not the other fails here, with the cell that differs.
"""

from __future__ import annotations

import json

import pytest

from mnist_lessons.exercises import LESSONS, notebook_cells

from .conftest import ROOT


def _lesson_path(lesson: str):
    (path,) = sorted((ROOT / "notebooks").glob(f"{lesson}_*.ipynb"))
    return path


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_notebook_ends_with_the_cells_its_exercise_module_generates(lesson):
    path = _lesson_path(lesson)
    saved = [(cell["cell_type"], "".join(cell["source"]).strip())
             for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]
    generated = [(kind, source.strip()) for kind, source in notebook_cells(lesson)]
    tail = saved[-len(generated):]
    offset = len(saved) - len(generated)
    differences = [f"cell {offset + i}: the notebook has {have[0]} {have[1][:80]!r}, "
                   f"the module generates {want[0]} {want[1][:80]!r}"
                   for i, (have, want) in enumerate(zip(tail, generated, strict=True)) if have != want]
    assert not differences, (
        f"{path.name}: its exercise cells and mnist_lessons/exercises/lesson{lesson}.py disagree; edit the module "
        "and copy notebook_cells() into the notebook (or the other way round):\n" + "\n".join(differences))
