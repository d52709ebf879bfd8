"""How exercise feedback reaches the student: a coloured headline in JupyterLab, plain text elsewhere.

Each message is written once in a little Markdown; IPython displays it as ``text/markdown`` (the
headline bold, in its palette colour) and ``text/plain`` (no markup, no ANSI codes), a script
prints the plain text. The output depends only on the message, so nbval compares it.
"""

from __future__ import annotations

import re
import sys

from .. import palette

HEADLINES: dict[str, tuple[str, str]] = {
    "correct": ("Correct", palette.CORRECT),
    "incorrect": ("Incorrect", palette.INCORRECT),
    "not attempted": ("Not attempted yet", palette.NOT_ATTEMPTED),
    "hint": ("Hint", palette.ADVICE),
    "solution": ("Solution", palette.SOLUTION),
    "note": ("Note", palette.NOTE),
    "answer": ("Answer", palette.SOLUTION),
    "exercise": ("Exercise", palette.ADVICE),
    "questions": ("Questionnaire", palette.ADVICE),
    "progress": ("Your progress", palette.ADVICE),
}  # each kind of message: its default headline word and its colour

_FENCE = re.compile(r"^```[a-z]*\s*$")


def markdown(kind: str, body: str, headline: str | None = None) -> str:
    """The Markdown form: ``**Headline:**`` in the kind's colour, then ``body``.

    A body that starts with a block (a fenced code block, a list, a table) goes on the next
    paragraph; a sentence follows the headline on the same line.
    """
    word, colour = HEADLINES[kind]
    head = f'<span style="color:{colour}">**{headline or word}:**</span>'
    if not body:
        return head
    separator = "\n\n" if body.startswith(("```", "- ", "| ", "1. ", "\n")) else " "
    return head + separator + body.lstrip("\n")


def plain(kind: str, body: str, headline: str | None = None) -> str:
    """The plain-text form: ``Headline: body`` with the Markdown markup taken out."""
    word, _ = HEADLINES[kind]
    head = f"{headline or word}:"
    if not body:
        return head
    text = to_plain(body)
    separator = "\n" if body.startswith(("```", "- ", "| ", "1. ", "\n")) else " "
    return head + separator + text.lstrip("\n")


def to_plain(text: str) -> str:
    """Markdown to plain text: fenced code blocks indented by four spaces, ``**`` and the
    HTML line breaks removed; backticks kept (they mark code as clearly in plain text)."""
    lines = []
    in_code = False
    for line in text.split("\n"):
        if _FENCE.match(line.strip()):
            in_code = not in_code
            continue
        if in_code:
            lines.append("    " + line if line else "")
        else:
            lines.append(line.replace("**", "").replace("<br>", ""))
    return "\n".join(lines)


def in_ipython() -> bool:
    """True when running inside IPython (a Jupyter kernel or the IPython terminal)."""
    if "IPython" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython half-imported
        return False
    return get_ipython() is not None


def emit(kind: str, body: str = "", headline: str | None = None, *, plain_body: str | None = None) -> None:
    """Show one message: a Markdown bundle in IPython, plain text on stdout elsewhere.

    ``plain_body`` replaces the automatic plain-text form of ``body`` (for tables, say).
    """
    text = plain(kind, body if plain_body is None else plain_body, headline)
    if in_ipython():
        from IPython.display import display

        display({"text/markdown": markdown(kind, body, headline), "text/plain": text}, raw=True)
    else:
        print(text)


class Rich:
    """A value that shows itself as Markdown in a notebook and as plain text elsewhere
    (``progress()`` and ``questionnaire`` return or are one, so they display as a cell's result)."""

    def __init__(self, kind: str, body: str, headline: str | None = None, *, plain_body: str | None = None):
        self.markdown = markdown(kind, body, headline)
        self.text = plain(kind, body if plain_body is None else plain_body, headline)

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__
