"""Exercises with ``check()``, tiered ``hint()`` and ``solution()``, and fastbook-style questionnaires.

``check()`` reads the student's variables in the namespace of the code that called it (in a
notebook, the notebook's own), and records the outcome in the progress file (``store``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from . import store
from .grading import Incorrect, NotAttempted, is_blank
from .show import Rich, emit, markdown


class Result(NamedTuple):
    """What a check found: ``status`` is ``"correct"``, ``"incorrect"`` or ``"not attempted"``;
    ``message`` is the Markdown feedback shown to the student."""

    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "correct"


class Exercise:
    """Exercise ``number`` (the object ``qN``) of lesson ``"NN"``: its Markdown ``statement``, its
    ``starter`` cell (``...`` where the student writes; it runs as it is), and ``grader``, called with
    the variables named in ``reads``, returning the message for a correct answer or raising
    ``NotAttempted`` / ``Incorrect``; ``hints`` from a nudge to nearly the answer; the ``solution``."""

    def __init__(self, lesson: str, number: int, title: str, *, statement: str, starter: str,
                 reads: Sequence[str], grader: Callable[..., str], hints: Sequence[str], solution: str,
                 explanation: str = ""):
        if not hints:
            raise ValueError(f"exercise {lesson}.q{number} needs at least one hint.")
        self.lesson = lesson
        self.number = number
        self.name = f"q{number}"
        self.key = f"lesson{lesson}.q{number}"
        self.title = title
        self.statement = statement.strip()
        self.starter = starter.strip("\n")
        self.reads = tuple(reads)
        self.grader = grader
        self.hints = tuple(h.strip() for h in hints)
        self.solution_code = solution.strip("\n")
        self.explanation = explanation.strip()

    def grade(self, namespace: Mapping | None = None) -> Result:
        """The ``Result`` of the answer in ``namespace`` (default the caller's), neither shown nor recorded."""
        if namespace is None:
            namespace = caller_namespace()
        values = {}
        try:
            for name in self.reads:
                if name not in namespace:
                    raise NotAttempted(f"there is no `{name}` in your notebook yet. Run the exercise's code cell "
                                       f"(the one that defines `{name}`), then check again.")
                value = namespace[name]
                if is_blank(value):
                    shown = "..." if value is Ellipsis else "None"
                    raise NotAttempted(f"`{name}` is still `{shown}`. Replace it with your answer, run the cell, "
                                       f"then run `{self.name}.check()` again.")
                values[name] = value
            return Result("correct", self.grader(**values))
        except NotAttempted as blank:
            return Result("not attempted", blank.message)
        except Incorrect as wrong:
            tail = f" (Stuck? `{self.name}.hint()` gives a hint.)"
            return Result("incorrect", wrong.message + tail)

    def check(self) -> None:
        """Check the student's answer: show "Correct", "Incorrect" with what to look at next, or
        "Not attempted yet"; record the outcome in the progress file."""
        result = self.grade(caller_namespace())
        emit(result.status, result.message)
        if result.status != "not attempted":
            store.record(self.key, outcome=result.status)

    def hint(self, n: int = 1) -> None:
        """Show hint number ``n`` (1 is the gentlest; later ones say more)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"{self.name}.hint(n) takes the hint's number, 1 to {len(self.hints)}; received {n!r}.")
        total = len(self.hints)
        shown = min(n, total)
        body = self.hints[shown - 1]
        if n > total:
            body = f"there are only {total} hints for this exercise; here is the last one. {body}"
        elif shown < total:
            body += f" (More: `{self.name}.hint({shown + 1})`.)"
        emit("hint", body, headline="Hint" if total == 1 else f"Hint {shown} of {total}")
        store.record(self.key, hint=shown)

    def solution(self) -> None:
        """Show the reference solution (code, then why it works)."""
        body = f"```python\n{self.solution_code}\n```"
        if self.explanation:
            body += f"\n\n{self.explanation}"
        emit("solution", body)
        store.record(self.key, solution=True)

    def _repr_markdown_(self) -> str:
        return markdown("exercise", f"{self.title}\n\n{self.statement}", headline=f"Exercise {self.number}")

    def __repr__(self) -> str:
        return f"<Exercise {self.key}: {self.title}>"


class Questionnaire:
    """A lesson's questionnaire, in the manner of fastbook: questions to answer in your own words,
    each answer revealed only on request, and a few ideas for further research.

    In a notebook, ``questionnaire`` on its own (or ``questionnaire.show()``) lists the questions;
    ``questionnaire.answer(3)`` reveals the answer to question 3.
    """

    def __init__(self, lesson: str, questions: Sequence[tuple[str, str]], further_research: Sequence[str] = ()):
        self.lesson = lesson
        self.questions = tuple((q.strip(), a.strip()) for q, a in questions)
        self.further_research = tuple(f.strip() for f in further_research)

    def __len__(self) -> int:
        return len(self.questions)

    def _body(self) -> str:
        lines = [f"{i}. {question}" for i, (question, _) in enumerate(self.questions, 1)]
        body = "\n".join(lines)
        if self.further_research:
            body += "\n\n**Further research**\n\n" + "\n".join(f"- {idea}" for idea in self.further_research)
        body += ("\n\nWrite your answers down first; then compare with `questionnaire.answer(n)`, "
                 f"n from 1 to {len(self)}.")
        return "\n" + body

    def show(self) -> None:
        """List the questions (without their answers)."""
        emit("questions", self._body(), headline=f"Lesson {self.lesson} questionnaire")

    def answer(self, number: int) -> None:
        """Reveal the answer to question ``number`` (1 is the first)."""
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(self):
            raise ValueError(f"questionnaire.answer(n) takes a question number from 1 to {len(self)}; "
                             f"received {number!r}.")
        question, answer = self.questions[number - 1]
        emit("answer", f"\n*{question}*\n\n{answer}", headline=f"Answer {number}")

    def _repr_markdown_(self) -> str:
        return markdown("questions", self._body(), headline=f"Lesson {self.lesson} questionnaire")

    def __repr__(self) -> str:
        return repr(Rich("questions", self._body(), headline=f"Lesson {self.lesson} questionnaire"))


def caller_namespace() -> dict:
    """The global variables of the code that called into this package: in a notebook, the
    notebook's own variables (IPython runs every cell in them); in a script, the module's."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith(__package__ + "."):
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}
