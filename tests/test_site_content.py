"""Preparing the lessons for the website: alt text, collapsed solutions, widgets (no Sphinx needed)."""

from __future__ import annotations

import importlib
import json
import re

import pytest

from mnist_lessons import course
from mnist_lessons.site_content import SOLUTION_HEADING, alt_text, first_sentence, for_the_web


def markdown(text, **metadata):
    return {"cell_type": "markdown", "metadata": metadata, "source": text}


def code(text, outputs=(), **metadata):
    return {"cell_type": "code", "metadata": metadata, "source": text, "outputs": list(outputs), "execution_count": 1}


FIGURE = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}}


def notebook(*cells):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}


def sources(nb):
    return [c["source"] for c in nb["cells"]]


def test_alt_text_comes_from_the_figures_own_title_and_axes():
    cell = (
        'fig, ax = plt.subplots()\nax.hist(ink, bins=50)\nax.set_title("Ink per image")\n'
        'ax.set_xlabel("ink (sum of pixels)")\nax.set_ylabel(f"images of digit {d}")\nplt.show()'
    )
    assert alt_text(cell) == "Figure: Ink per image. Horizontal axis: ink (sum of pixels); vertical axis: images of digit …."
    helper = 'show_images(x[:30], y[:30], title="The first 30 training images, titled with their labels")'
    assert alt_text(helper, "ignored") == "Figure: The first 30 training images, titled with their labels."


def test_alt_text_falls_back_to_the_markdown_before_the_figure():
    before = "## 4. The sigmoid\n\nThe **sigmoid** squashes any number into `0..1`. It is smooth.\n"
    assert alt_text("plot_sigmoid()\nplt.show()", before) == "Figure: The sigmoid squashes any number into 0..1."
    assert alt_text("%matplotlib inline\nplot_sigmoid()", "") == "Figure drawn by the code above"
    assert first_sentence("x " * 300).endswith("…")


def test_every_figure_of_every_lesson_gets_alt_text_and_author_alt_is_kept():
    for path in course.lesson_files():
        nb = for_the_web(json.loads(path.read_text(encoding="utf-8")), path.name)
        for cell in nb["cells"]:
            if any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
                alt = cell["metadata"]["mystnb"]["image"]["alt"]
                assert alt.startswith("Figure") and len(alt) > 20, (path.name, alt)
    own = code("plot()", [FIGURE], mystnb={"image": {"alt": "A line rising from 0 to 1."}})
    assert for_the_web(notebook(own), "x.ipynb")["cells"][0]["metadata"]["mystnb"]["image"]["alt"] == (
        "A line rising from 0 to 1."
    )


def test_a_solution_section_is_collapsed_under_its_visible_heading():
    nb = notebook(
        markdown("# Lesson 05\n\nIntro."),
        markdown("## Challenge\n\nDo it."),
        markdown("---\n# Solution to the challenge\n\n*Spoiler!*\n\n### Step 1"),
        code("solution = 1"),
        markdown("**Step 2**"),
    )
    web = sources(for_the_web(nb, "04.ipynb"))
    assert web[0] == "# Lesson 05\n\nIntro." and "download the notebook" in web[1] and "../notebooks/04.ipynb" in web[1]
    start = web.index("---\n## Solution to the challenge")  # a second title becomes a section
    assert web[start + 1].startswith('<details class="mnist-solution">\n<summary>Show the solution')
    assert web[start + 2] == "*Spoiler!*\n\n**Step 1**"  # no heading inside the folded block
    assert web[start + 3] == "solution = 1" and web[start + 4] == "**Step 2**" and web[start + 5] == "</details>"


def test_cells_tagged_solution_are_collapsed_together():
    nb = notebook(
        markdown("# T"), code("a = 1"), code("b = 2", tags=["solution"]), markdown("## why", tags=["solution"]),
        code("c = 3"),
    )
    web = sources(for_the_web(nb, "t.ipynb"))
    i = web.index("b = 2")
    assert web[i - 1].startswith("<details") and web[i + 1] == "**why**" and web[i + 2] == "</details>"
    assert web[i + 3] == "c = 3"


def test_widgets_become_a_note_and_the_widget_state_is_dropped():
    widget = {"output_type": "display_data", "metadata": {},
              "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "interactive(...)"}}
    nb = notebook(markdown("# T"), code("interact(f)", [widget]))
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    web = for_the_web(nb, "t.ipynb")
    assert "widgets" not in web["metadata"]
    assert web["cells"][-1]["outputs"][0]["data"] == {
        "text/markdown": "*An interactive widget appears here when you run this lesson in JupyterLab.*"
    }
    assert "widgets" in nb["metadata"]  # the original is untouched


def test_added_cells_get_unique_ids():
    nb = notebook(markdown("# T", ), code("x = 1", tags=["solution"]))
    nb["cells"][0]["id"] = "web-1"
    ids = [c["id"] for c in for_the_web(nb, "t.ipynb")["cells"]]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", i) for i in ids)


def test_solution_heading_pattern():
    assert SOLUTION_HEADING.search("# Solution to the student challenge")
    assert SOLUTION_HEADING.search("### Solutions")
    assert not SOLUTION_HEADING.search("## Solving it\n\nThe solution is below.")


def test_exercise_hints_and_solutions_come_from_the_exercises_themselves():
    """With the course's exercises (mnist_lessons.exercises): a cell offering `q1.solution()` is
    followed on the site by that exercise's hints and solution, folded."""
    try:
        lesson = importlib.import_module("mnist_lessons.exercises.lesson00")
    except ImportError as exc:
        pytest.skip(f"the exercises package is not there yet ({exc})")
    q1 = lesson.q1
    nb = notebook(
        markdown("# Lesson 00"),
        code("from mnist_lessons.exercises.lesson00 import q1, questionnaire"),
        code("# q1.hint()\n# q1.solution()"),
        code("questionnaire"),
    )
    web = sources(for_the_web(nb, "00.ipynb"))
    blocks = web[web.index("# q1.hint()\n# q1.solution()") + 1]
    assert '<details class="mnist-hint">' in blocks and '<details class="mnist-solution">' in blocks
    assert q1.solution_code in blocks and q1.hints[0] in blocks
    answers = web[web.index("questionnaire") + 1]
    assert answers.startswith('<details class="mnist-solution">')
    assert lesson.questionnaire.questions[0][1] in answers


def test_headings_fold_into_bold_lines_but_code_comments_stay():
    nb = notebook(markdown("# T"), markdown("## Solution\n\n### Step 1\n\n```python\n# a comment\nx = 1\n```\n"))
    web = sources(for_the_web(nb, "t.ipynb"))
    assert "**Step 1**\n\n```python\n# a comment\nx = 1\n```" in web[-2]
