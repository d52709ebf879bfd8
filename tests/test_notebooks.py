"""Hygiene of every lesson notebook, checked without running it (nbval runs them)."""

import json
import os
import re
from pathlib import Path

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes"}  # or none: the cell continues the slide
SECRET = re.compile(r"\b[0-9a-f]{40}\b|WANDB_API_KEY\s*=\s*\S|api[_-]?key\s*[:=]\s*\S", re.I)
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/home/|/Users/|/root/|/tmp/|/work/|/opt/|/usr/|/var/|[A-Z]:\\\\)")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _output_text(output: dict) -> str:
    if output["output_type"] == "stream":
        return "".join(output["text"])
    if output["output_type"] == "error":
        return "\n".join([output["ename"], output["evalue"], *output["traceback"]])
    data = output.get("data", {})
    return "".join("".join(data[k]) for k in ("text/plain", "text/html", "text/markdown") if k in data)


def test_the_lessons_are_there():
    names = [p.name for p in NOTEBOOKS]
    assert names and names[0] == "00_look_at_the_data.ipynb"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return request.param, _load(request.param)


def test_kernelspec_is_python3(notebook):
    _, nb = notebook
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_saved_after_restart_and_run_all(notebook):
    _, nb = notebook
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "save the notebook after Kernel > Restart & Run All"


def test_no_stderr_stored(notebook):
    _, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), f"cell {i} stores stderr"


def test_errors_only_where_expected_and_checked(notebook):
    _, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        if "raises-exception" in tags:
            assert "nbval-check-output" in tags, f"cell {i}: raises-exception without nbval-check-output"
            assert errors, f"cell {i}: tagged raises-exception but stores no error"
        else:
            assert not errors, f"cell {i} stores an error but is not tagged raises-exception"


def test_no_absolute_paths_user_names_or_keys_in_outputs(notebook):
    _, nb = notebook
    home = os.path.expanduser("~")
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            text = _output_text(output)
            assert not ABSOLUTE_PATH.search(text), f"cell {i}: absolute path in output: {ABSOLUTE_PATH.search(text)[0]!r}"
            assert home == "/" or home not in text, f"cell {i}: home directory in output"
            assert not SECRET.search(text), f"cell {i}: something like an API key in output"


def test_slide_metadata_is_presentable(notebook):
    """A lesson opens on a slide, and every slide type is one jupyterlab-slideshow shows. It hides cells whose
    slide_type is "-" (to nbconvert and RISE that means "continue the slide", like no type at all), so
    "continue" is written as no slide_type."""
    _, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        slide = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if i == 0:
            assert slide == "slide", f"cell 0: slide_type {slide!r}; a lesson opens on a slide"
        assert slide is None or slide in SLIDE_TYPES, (
            f"cell {i}: slide_type {slide!r}; use one of {sorted(SLIDE_TYPES)}, or none to continue the slide"
            " (jupyterlab-slideshow does not show cells marked '-')"
        )


def test_mnist_lessons_is_imported_before_keras(notebook):
    """The package silences TensorFlow's start-up noise only if it comes first."""
    _, nb = notebook
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    framework = re.search(r"^\s*(import|from)\s+(keras|tensorflow)\b", source, re.M)
    if framework:
        ours = re.search(r"^\s*(import|from)\s+mnist_lessons\b", source, re.M)
        assert ours and ours.start() < framework.start()


TRAINS_OR_PREDICTS = re.compile(r"\.(fit|evaluate|predict|train)\(|\bmodel\(")


def test_checked_cells_print_no_raw_training_floats(notebook):
    """Checked outputs must be stable across machines. Training and inference results vary
    in their last digits (thread count, CPU instructions), so a checked cell that trains or
    runs a model must round or threshold. (Plain Python arithmetic is exact IEEE-754 and the
    same everywhere, so lesson 06 may show 4.1259999999999994.)"""
    _, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if "nbval-check-output" in cell.get("metadata", {}).get("tags", []) and TRAINS_OR_PREDICTS.search(source):
            text = "".join(_output_text(o) for o in cell.get("outputs", []) if o["output_type"] != "error")
            assert not re.search(r"\d\.\d{7,}", text), f"cell {i}: a raw float in a checked output"


def test_no_figure_is_shown_twice(notebook):
    """A plot helper's returned Figure as a cell's last value duplicates the inline figure:
    end such cells with plt.show() or a semicolon."""
    _, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        outputs = cell.get("outputs", [])
        shown = [o for o in outputs if o["output_type"] == "display_data" and "image/png" in o.get("data", {})]
        returned = [o for o in outputs if o["output_type"] == "execute_result" and "image/png" in o.get("data", {})]
        assert not (shown and returned), f"cell {i} shows its figure twice"


MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$", re.M)
FENCE = re.compile(r"```.*?```|~~~.*?~~~", re.S)


def test_every_markdown_image_has_alt_text(notebook):
    """A screen reader reads the alt text in place of the picture (WCAG 1.1.1)."""
    _, nb = notebook
    missing = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = FENCE.sub("", "".join(cell["source"]))
        missing += [f"cell {index}: {m.group(0)[:80]}" for m in MARKDOWN_IMAGE.finditer(text) if not m["alt"].strip()]
        missing += [f"cell {index}: {tag[:80]}" for tag in HTML_IMAGE.findall(text)
                    if not re.search(r"""\balt\s*=\s*(["'])\s*[^"'\s]""", tag)]
    assert not missing, "images with no alt text (write what the picture shows in ![...]):\n" + "\n".join(missing)


def test_headings_go_in_order(notebook):
    """One title (#), then no level skipped on the way down: a screen reader's outline and the website's
    table of contents follow them (WCAG 1.3.1)."""
    _, nb = notebook
    levels = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            text = FENCE.sub("", "".join(cell["source"]))
            levels += [(index, len(m.group(1)), m.group(2)) for m in HEADING.finditer(text)]
    assert levels and levels[0][1] == 1, f"the lesson should open with one # title, found {levels[:1]}"
    problems = [f"cell {index}: {'#' * level} {title!r} follows a level-{before} heading"
                for (_, before, _), (index, level, title) in zip(levels, levels[1:], strict=False) if level > before + 1]
    problems += [f"cell {index}: a second # title {title!r}" for index, level, title in levels[1:] if level == 1]
    assert not problems, "headings skip a level:\n" + "\n".join(problems)


MAX_CODE_LINE = 88
"""Characters in a line of code: wider lines scroll sideways on a 1280x720 slide at 18 px (the browser
test measures what really overflows; this catches it before a browser runs)."""


def test_code_fits_a_slide_s_width(notebook):
    _, nb = notebook
    long = [f"cell {i}: {len(line)} characters: {line.strip()[:60]}..."
            for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).splitlines() if len(line) > MAX_CODE_LINE]
    assert not long, (f"lines longer than {MAX_CODE_LINE} characters scroll sideways on a slide; wrap them "
                      "(one argument group a line, intermediate names):\n" + "\n".join(long))
