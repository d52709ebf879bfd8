"""Grading a class (``mnist-lessons grade``): students' saved notebooks run in a sandbox and graded
with the course's own checks; ``grade_all(["submissions/"])`` gives one ``Row`` per student, lesson
and exercise, plus totals. CONTRIBUTING.md lists the modules.
"""

from __future__ import annotations

from .grade import Row, grade_all, grade_notebook
from .report import write_csv

__all__ = ["Row", "grade_all", "grade_notebook", "write_csv"]
