"""Every number a lesson's prose states is shown by a checked output of that lesson, or is a listed fact.

The course promises that every figure the text quotes is computed by a cell and checked. This test
reads each markdown cell of each lesson and finds every number written in it: percentages,
decimals, counts and "x times". Each must appear, as rounded in the text, in a stored output of a
cell tagged ``nbval-check-output`` in the same lesson (nbval re-checks those outputs on every Keras
backend CI runs), or be a fact listed with its source in the lesson's table,
``tests/prose_facts/NN.tsv`` (dataset sizes, image sizes, years): one line per number, the number
exactly as the text writes it, a tab, what it is and where it comes from.

What is not a claim, and so not looked for: whole numbers from 0 to 10 (counts of seeds, layers,
steps, list items), numbers inside inline code, code blocks, math (``$...$``) and link targets, and
numbers that name something (``lesson 02``, ``step 3``, ``q2``, ``W1``, ``float32``).

A number is "as rounded in the text" when the output shows a value that, rounded to the text's
decimals, is the text's value: ``98.0%`` in the text is backed by ``97.97%`` in an output; ``98`` by
``97.6``; ``60,000`` by ``60000``.

Run ``python tests/test_prose_numbers.py [notebooks/NN_name.ipynb ...]`` to list a lesson's
unbacked numbers with their cell indices.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FACTS = Path(__file__).resolve().parent / "prose_facts"
CHECKED = "nbval-check-output"

NUMBER = re.compile(r"(?<![\w.,])[-−]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w])")
"""A number: ``60,000``, ``0.5``, ``97.9`` (the sign, a ``%`` or ``×`` after it are not part of it)."""

NAMING = re.compile(
    r"\b(?:lessons?|Lessons?|steps?|Steps?|sections?|Sections?|exercises?|Exercises?|questions?|Questions?|"
    r"cells?|Cells?|parts?|Parts?|stages?|Stages?|figures?|Figures?|chapters?|Chapters?|seeds?|Seeds?|"
    r"epochs?|Epochs?|layers?|Layers?|version|Version|Python|Keras|WCAG|MNIST-\w*)\s+"
    r"(?:\d+(?:\.\d+)*)(?:(?:\s*(?:,|and|to|or|-|–)\s*)\d+)*"
)
"""Numbers that name something rather than claim it: ``lesson 02``, ``steps 3 and 4``, ``seeds 0-2``."""

CODE_BLOCK = re.compile(r"```.*?```|~~~.*?~~~", re.S)
INLINE_CODE = re.compile(r"`[^`]*`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
LIST_MARKER = re.compile(r"^\s*\d+[.)]\s", re.M)
HEADING_NUMBER = re.compile(r"^(#+\s*)\d+(?:\.\d+)*[.:]?\s", re.M)


def prose(text: str) -> str:
    """A markdown cell's text with code, math, link targets, tags and list markers taken out."""
    for pattern in (CODE_BLOCK, INLINE_CODE, MATH, LINK_TARGET, HTML_TAG):
        text = pattern.sub(" ", text)
    text = HEADING_NUMBER.sub(r"\1", text)
    text = LIST_MARKER.sub(" ", text)
    return NAMING.sub(" ", text)


def claimed_numbers(text: str) -> list[str]:
    """The numbers a markdown text states, as written (``"60,000"``, ``"97.9"``), small counts left out."""
    found = []
    for match in NUMBER.finditer(prose(text)):
        number = match.group(1)
        if "." not in number and "," not in number and int(number) <= 10:
            continue
        found.append(number)
    return found


def _value(number: str) -> Decimal:
    return Decimal(number.replace(",", ""))


def _output_text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    if output.get("output_type") == "error":
        return f"{output.get('ename', '')}: {output.get('evalue', '')}"
    data = output.get("data", {})
    return "\n".join("".join(data[kind]) for kind in ("text/plain", "text/markdown") if kind in data)


def checked_values(notebook: dict) -> set[Decimal]:
    """Every number printed by a cell tagged ``nbval-check-output``."""
    values = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and CHECKED in cell.get("metadata", {}).get("tags", []):
            for output in cell.get("outputs", []):
                values.update(_value(m.group(1)) for m in NUMBER.finditer(_output_text(output).replace("−", "-")))
    return values


def backed(number: str, values: set[Decimal]) -> bool:
    """Whether some value, rounded to ``number``'s decimals, is ``number``."""
    target = _value(number)
    quantum = Decimal(1).scaleb(target.as_tuple().exponent)
    return any(value.quantize(quantum, rounding=mode) == target
               for value in values for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN))


def facts_of(lesson: Path) -> dict[str, str]:
    """The lesson's table of facts: ``{number as written: what it is and its source}``."""
    path = FACTS / f"{lesson.name[:2]}.tsv"
    if not path.exists():
        return {}
    facts = {}
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        number, _, source = line.partition("\t")
        if not source.strip():
            raise ValueError(f"{path}:{line_number}: expected 'number<TAB>what it is, and its source', "
                             f"found {line!r}")
        facts[number.strip()] = source.strip()
    return facts


def unbacked(lesson: Path) -> list[str]:
    """``"cell N: number"`` for every number in the lesson's prose that nothing backs."""
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    values, facts = checked_values(notebook), facts_of(lesson)
    problems = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        for number in claimed_numbers("".join(cell["source"])):
            if number not in facts and not backed(number, values):
                problems.append(f"cell {index}: {number}")
    return problems


def unused_facts(lesson: Path) -> list[str]:
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    written = {n for cell in notebook["cells"] if cell["cell_type"] == "markdown"
               for n in claimed_numbers("".join(cell["source"]))}
    return sorted(set(facts_of(lesson)) - written)


@pytest.mark.parametrize("lesson", LESSONS, ids=[path.name for path in LESSONS])
def test_every_number_in_the_prose_is_printed_by_a_checked_cell_or_a_listed_fact(lesson):
    problems = unbacked(lesson)
    assert not problems, (
        f"{lesson.name}: {len(problems)} numbers in the prose appear in no checked output "
        f"(a cell tagged {CHECKED}) and are not in {FACTS.name}/{lesson.name[:2]}.tsv:\n  " + "\n  ".join(problems))


@pytest.mark.parametrize("lesson", LESSONS, ids=[path.name for path in LESSONS])
def test_every_listed_fact_is_still_quoted(lesson):
    assert not unused_facts(lesson), f"{lesson.name}: facts no markdown cell quotes any more: {unused_facts(lesson)}"


def test_the_number_finder_reads_prose_as_a_reader_would():
    text = ("## 3. Results\n\nLesson 02 showed 97.9% on 60,000 pictures, 2.5 times faster, in `Dense(128)` "
            "and $w_1 = 0.25$; see [the docs](https://example.org/v1.2). Seeds 0, 1 and 2 give 3 runs; "
            "step 12 and q12 name things. It moved −16.1 and 1957 was a year.\n1. a list item")
    assert claimed_numbers(text) == ["97.9", "60,000", "2.5", "16.1", "1957"]
    assert backed("98.0", {Decimal("97.97")}) and backed("98", {Decimal("97.6")})
    assert backed("60,000", {Decimal("60000")}) and not backed("97.9", {Decimal("97.8")})


if __name__ == "__main__":
    for path in [Path(arg) for arg in sys.argv[1:]] or LESSONS:
        problems = unbacked(path)
        print(f"{path.name}: {len(problems)} unbacked" + "".join(f"\n  {p}" for p in problems))
        if unused_facts(path):
            print(f"  facts no longer quoted: {unused_facts(path)}")
