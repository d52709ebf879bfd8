"""Grading a class: students' saved notebooks run in a sandbox and graded with the course's own checks.

    from mnist_lessons.classroom import grade_all, write_csv
    rows = grade_all(["submissions/"])          # one Row per student, lesson and exercise, plus totals

``mnist-lessons grade SUBMISSIONS... --csv grades.csv`` runs the same thing from a terminal.

Modules, one concern each:

- ``submissions``: finding the notebooks, and whose and which lesson each one is;
- ``sandbox``: the command that runs a notebook contained (``unshare``), and its mount set-up;
- ``runner``: what runs inside the sandbox: the notebook in its own kernel, then the checks;
- ``grade``: one submission from notebook to CSV rows, and a whole class;
- ``report``: the grades CSV, and the class report (CSV and an accessible HTML page);
- ``nbgrader_export``: the lessons as nbgrader assignments, the checks as autograded tests.
"""

from __future__ import annotations

from .grade import Row, grade_all, grade_notebook
from .report import write_csv

__all__ = ["Row", "grade_all", "grade_notebook", "write_csv"]
