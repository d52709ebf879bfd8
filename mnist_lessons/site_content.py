"""Preparing a lesson notebook for the course website, without executing anything.

``for_the_web`` gives every figure alt text (its title and axis labels in the code, else the
Markdown before it), hides solutions in ``<details>`` blocks (each exercise's hints and solution,
read from the exercise; the questionnaire's answers; cells tagged ``solution`` and "Solution"
sections), replaces widgets and the stored ``progress()`` by a line, and links the notebook.
"""

from __future__ import annotations

import ast
import copy
import importlib
import re
from collections.abc import Callable

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
SOLUTION_TAG = "solution"
SOLUTION_HEADING = re.compile(r"^(#{1,6})[ \t]+solutions?\b.*$", re.I | re.M)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
EXERCISE_IMPORT = re.compile(r"^\s*from\s+mnist_lessons\.exercises\.(lesson\d+)\s+import\s+(.+)$", re.M)
SOLUTION_CALL = re.compile(r"\b(q\d+)\.solution\(\)")
QUESTIONNAIRE_SHOWN = re.compile(r"^\s*questionnaire\s*$", re.M)

WIDGET_NOTE = "*An interactive widget appears here when you run this lesson in JupyterLab.*"
PROGRESS_CALL = re.compile(r"^\s*progress\(\)\s*$", re.M)
PROGRESS_NOTE = ("*When you run this lesson, your own progress over the course's exercises appears here "
                 "(kept on your computer).*")


def for_the_web(notebook: dict, name: str, *, exercises: Callable[[str], object] | None = None) -> dict:
    """A copy of the parsed notebook, named ``name``, prepared for the website; ``exercises`` maps
    ``"lesson00"`` to its module (default: import it)."""
    nb = copy.deepcopy(notebook)
    nb.get("metadata", {}).pop("widgets", None)
    cells = nb["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            cell["outputs"] = [_without_widget(output) for output in cell.get("outputs", [])]
            if PROGRESS_CALL.search(_source(cell)) and cell["outputs"]:
                # The stored table is the author's empty progress, the same on every page: it would
                # make every search find every lesson. The page says what the cell shows instead.
                cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                    "data": {"text/markdown": PROGRESS_NOTE}}]
    _add_alt_texts(cells)
    _one_title(cells)
    cells = _add_exercise_solutions(cells, exercises or _import_exercises)
    cells = _hide_solution_cells(cells)
    nb["cells"] = _add_download_link(cells, name)
    _give_ids(nb)
    return nb


# ---------------------------------------------------------------------------------------- alt text


def alt_text(code: str, previous_markdown: str = "") -> str:
    """Alt text for the figure ``code`` draws: "Figure: <title>. Horizontal axis: <x>; vertical axis:
    <y>." from its code, else the first sentence of ``previous_markdown``."""
    titles, xlabels, ylabels = _figure_strings(code)
    if titles:
        text = "Figure: " + "; ".join(_sentence_end(t) for t in titles[:4])
        axes = []
        if xlabels:
            axes.append(f"horizontal axis: {', '.join(dict.fromkeys(xlabels[:2]))}")
        if ylabels:
            axes.append(f"vertical axis: {', '.join(dict.fromkeys(ylabels[:2]))}")
        if axes:
            text += " " + "; ".join(axes).capitalize() + "."
        return text
    sentence = first_sentence(previous_markdown)
    return f"Figure: {sentence}" if sentence else "Figure drawn by the code above"


def first_sentence(markdown: str, limit: int = 200) -> str:
    """The first sentence of some Markdown as plain text (headings, emphasis, code marks and link
    targets removed), at most ``limit`` characters."""
    lines = [line for line in markdown.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    text = " ".join(line.strip().lstrip(">-*0123456789. ").strip() for line in lines)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_|`|\$)", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return ""
    match = re.search(r"^(.+?[.!?:])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence.rstrip(":") + ("" if sentence.endswith((".", "!", "?", "…")) else ".")


def _figure_strings(code: str) -> tuple[list[str], list[str], list[str]]:
    """Titles, x labels and y labels written as strings in ``code``."""
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return [], [], []
    titles, xlabels, ylabels = [], [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg in ("title", "suptitle") and (text := _string(keyword.value)):
                titles.append(text)
        func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        first = _string(node.args[0]) if node.args else None
        if first is None:
            continue
        if func in ("set_title", "suptitle", "title"):
            titles.append(first)
        elif func in ("set_xlabel", "xlabel"):
            xlabels.append(first)
        elif func in ("set_ylabel", "ylabel"):
            ylabels.append(first)
    return titles, xlabels, ylabels


def _string(node: ast.AST) -> str | None:
    """The text of a string literal; an f-string's placeholders become "…"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    else:
        return None
    text = re.sub(r"\s+", " ", text.replace("$", "")).strip()
    return text or None


def _sentence_end(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _add_alt_texts(cells: list[dict]) -> None:
    previous_markdown = ""
    for cell in cells:
        if cell["cell_type"] == "markdown":
            previous_markdown = _source(cell)
            continue
        if cell["cell_type"] != "code" or not any(
            key.startswith("image/") for output in cell.get("outputs", []) for key in output.get("data", {})
        ):
            continue
        image = cell.setdefault("metadata", {}).setdefault("mystnb", {}).setdefault("image", {})
        image.setdefault("alt", alt_text(_source(cell), previous_markdown))


# ---------------------------------------------------------------------------------------- solutions


def details(summary: str, body: str, kind: str) -> str:
    """A collapsed ``<details>`` block (closed until the reader opens it) around Markdown ``body``."""
    return f'<details class="mnist-{kind}">\n<summary>{summary}</summary>\n\n{body.strip()}\n\n</details>'


def _import_exercises(module_name: str):
    return importlib.import_module(f"mnist_lessons.exercises.{module_name}")


def _add_exercise_solutions(cells: list[dict], load: Callable[[str], object]) -> list[dict]:
    """After each cell that calls ``qN.solution()`` (even commented out), the exercise's hints and
    solution, collapsed; after the cell showing ``questionnaire``, its answers, collapsed."""
    source = "\n".join(_source(c) for c in cells if c["cell_type"] == "code")
    imported = EXERCISE_IMPORT.search(source)
    if not imported:
        return cells
    module = load(imported.group(1))
    result = []
    for cell in cells:
        result.append(cell)
        if cell["cell_type"] != "code":
            continue
        text = _source(cell)
        for name in dict.fromkeys(SOLUTION_CALL.findall(text)):
            exercise = getattr(module, name, None)
            if exercise is not None:
                result.append(_markdown_cell(_exercise_blocks(exercise)))
        questionnaire = getattr(module, "questionnaire", None)
        if QUESTIONNAIRE_SHOWN.search(text) and questionnaire is not None:
            answers = "\n".join(f"{i}. {answer}" for i, (_, answer) in enumerate(questionnaire.questions, 1))
            result.append(_markdown_cell(details("Answers to the questionnaire (try first!)", answers, "solution")))
    return result


def _exercise_blocks(exercise) -> str:
    label = f"exercise {exercise.number}"
    blocks = []
    hints = list(getattr(exercise, "hints", ()))
    if hints:
        body = "\n\n".join(f"**Hint {i}.** {_demote_headings(hint)}" for i, hint in enumerate(hints, 1))
        blocks.append(details(f"Hints for {label}", body, "hint"))
    body = f"```python\n{exercise.solution_code}\n```"
    if getattr(exercise, "explanation", ""):
        body += f"\n\n{_demote_headings(exercise.explanation)}"
    blocks.append(details(f"Solution to {label} (try first!)", body, "solution"))
    return "\n\n".join(blocks)


def _hide_solution_cells(cells: list[dict]) -> list[dict]:
    """Wrap cells tagged ``solution``, and "Solution" sections, in collapsed blocks."""
    result: list[dict] = []
    inside: int | None = None  # heading level of the solution section we are in (7: a tagged run)
    for cell in cells:
        text = _source(cell)
        level = _heading_level(cell)
        tagged = SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])
        if inside is not None and (
            (inside == 7 and not tagged) or (inside < 7 and level is not None and level <= inside)
        ):
            result.append(_markdown_cell("</details>"))
            inside = None
        if inside is None and cell["cell_type"] == "markdown" and (match := SOLUTION_HEADING.search(text)):
            heading_end = match.end()
            result.append(_markdown_cell(text[:heading_end]))
            result.append(_markdown_cell(_open("Show the solution (try first!)")))
            rest = text[heading_end:].strip("\n")
            inside = len(match.group(1))
            if rest:
                result.append({**cell, "source": _demote_headings(rest)})
            continue
        if inside is None and tagged:
            result.append(_markdown_cell(_open("Show the solution (try first!)")))
            inside = 7
        if inside is not None and cell["cell_type"] == "markdown":
            cell = {**cell, "source": _demote_headings(text)}
        result.append(cell)
    if inside is not None:
        result.append(_markdown_cell("</details>"))
    return result


def _open(summary: str) -> str:
    return f'<details class="mnist-solution">\n<summary>{summary}</summary>\n'


def _heading_level(cell: dict) -> int | None:
    if cell["cell_type"] != "markdown":
        return None
    levels = [len(m.group(1)) for m in HEADING.finditer(_outside_code(_source(cell)))]
    return min(levels) if levels else None


def _one_title(cells: list[dict]) -> None:
    """Keep the first level-1 heading as the page's title and make later ones level 2 (a second
    title would show up as a lesson of its own in the site's navigation)."""
    seen = False
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        code = [(m.start(), m.end()) for m in re.finditer(r"^```.*?^```", text, flags=re.M | re.S)]

        def demote(match, code=code):
            nonlocal seen
            if any(start <= match.start() < end for start, end in code):
                return match.group(0)
            if not seen:
                seen = True
                return match.group(0)
            return "#" + match.group(0)

        cell["source"] = re.sub(r"^# ", demote, text, flags=re.M)


def _demote_headings(text: str) -> str:
    """Headings inside a collapsed block become bold lines (a heading would split the block);
    fenced code is left as it is (``# a comment`` is no heading)."""
    pieces = re.split(r"(^```.*?^```[^\n]*$)", text, flags=re.M | re.S)
    return "".join(piece if i % 2 else HEADING.sub(lambda m: f"**{m.group(2)}**", piece) for i, piece in enumerate(pieces))


def _outside_code(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


# ---------------------------------------------------------------------------------------- the rest


def first_heading(notebook: dict) -> str:
    """The text of a notebook's first heading (its title on the site), or "" if it has none."""
    for cell in notebook.get("cells", []):
        if cell["cell_type"] == "markdown" and (match := HEADING.search(_outside_code(_source(cell)))):
            return match.group(2)
    return ""


def _without_widget(output: dict) -> dict:
    data = output.get("data", {})
    if WIDGET_MIME not in data:
        return output
    return {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": WIDGET_NOTE}}


def _add_download_link(cells: list[dict], name: str) -> list[dict]:
    link = _markdown_cell(
        f'<p class="mnist-run">Run this lesson yourself: <a href="../notebooks/{name}" download>download the '
        'notebook</a>, or get every lesson with <code>mnist-lessons start</code> '
        '(<a href="../index.html#run-the-lessons-yourself">how</a>).</p>'
    )
    first_heading = next((i for i, c in enumerate(cells) if _heading_level(c) is not None), 0)
    return cells[: first_heading + 1] + [link] + cells[first_heading + 1 :]


def _give_ids(nb: dict) -> None:
    """Give the cells added here the unique ``id`` nbformat 4.5 requires (existing ids are kept)."""
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        return
    taken = {cell["id"] for cell in nb["cells"] if "id" in cell}
    for number, cell in enumerate(nb["cells"]):
        if "id" not in cell:
            new = f"web-{number}"
            while new in taken:
                new += "x"
            cell["id"] = new
            taken.add(new)


def _markdown_cell(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source
