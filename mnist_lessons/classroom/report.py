"""The grades CSV, and the class report: per exercise, how many passed, the most common failing
message, and the median number of checks from the progress files the students handed in; as a
CSV and as one accessible HTML page (headings, a table with a caption and header scopes)."""

from __future__ import annotations

import csv
import html
import io
import json
import statistics
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from ..exercises import exercises_of, store
from ..files import atomic_write
from .grade import Row

COLUMNS = ("student", "lesson", "notebook", "exercise", "status", "points", "max_points", "message")
SUMMARY_COLUMNS = ("lesson", "exercise", "title", "graded", "passed", "failed", "not_attempted",
                   "most_common_failure", "median_checks")


class ExerciseSummary(NamedTuple):
    """One exercise across the class. ``graded``: notebooks of its lesson that could be graded;
    ``median_checks``: the median of ``checks`` in the handed-in progress files of the students who
    checked it at least once (``None`` when no progress file mentions it)."""

    lesson: str
    exercise: str
    title: str
    graded: int
    passed: int
    failed: int
    not_attempted: int
    most_common_failure: str
    median_checks: float | None


def _write_text(path: Path, text: str, overwrite: bool) -> None:
    """Write ``text`` to ``path`` whole; an existing file is kept unless ``overwrite``."""
    try:
        with atomic_write(path, overwrite=overwrite) as out:
            out.write(text.encode("utf-8"))
    except FileExistsError:
        raise FileExistsError(f"{path} already exists and was left as it is; choose another name, or pass "
                              "--overwrite to replace it.") from None


def _csv_text(header, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(rows: list[Row], path: str | Path, *, overwrite: bool = False) -> None:
    """The grades CSV: ``COLUMNS``, one row per student, lesson and exercise, plus each lesson's total."""
    _write_text(Path(path), _csv_text(COLUMNS, rows), overwrite)


def checks_per_exercise(progress_files) -> dict[str, list[int]]:
    """``{"lesson00.q1": [checks of each student who checked it], ...}`` from handed-in progress
    files (``submissions.ProgressFile``); read only (a damaged file is skipped, never changed)."""
    found: dict[str, list[int]] = {}
    for progress in progress_files:
        try:
            data = json.loads(Path(progress.path).read_bytes().decode("utf-8"))
            entries = data["exercises"].items()
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
            continue
        for key, entry in entries:
            clean = store._valid_entry(entry)  # the store's own rules for an entry, without its repairs
            if clean is not None and clean["checks"] > 0:
                key = store._renumbered(key) if data.get("format") == 1 else key
                found.setdefault(key, []).append(clean["checks"])
    return found


def summarize(rows: list[Row], progress_files=()) -> list[ExerciseSummary]:
    """One ``ExerciseSummary`` per exercise of every lesson that appears in ``rows``."""
    checks = checks_per_exercise(progress_files)
    lessons = sorted({r.lesson for r in rows if r.exercise == "total" and r.status == "graded"})
    summaries = []
    for lesson in lessons:
        for exercise in exercises_of(lesson):
            mine = [r for r in rows if r.lesson == lesson and r.exercise == exercise.name]
            failures = Counter(r.message for r in mine if r.status == "failed")
            common = min(failures.items(), key=lambda item: (-item[1], item[0]))[0] if failures else ""
            counts = checks.get(exercise.key, [])
            summaries.append(ExerciseSummary(
                lesson, exercise.name, exercise.title, len(mine), sum(r.status == "passed" for r in mine),
                sum(r.status == "failed" for r in mine), sum(r.status == "not attempted" for r in mine), common,
                statistics.median(counts) if counts else None))
    return summaries


def write_report(rows: list[Row], progress_files, html_path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the class report as ``html_path`` and, beside it, the same table as a ``.csv``; returns the CSV's path."""
    html_path = Path(html_path)
    csv_path = html_path.with_suffix(".csv")
    summaries = summarize(rows, progress_files)
    _write_text(csv_path, _csv_text(SUMMARY_COLUMNS, [_cells(s) for s in summaries]), overwrite)
    _write_text(html_path, report_html(rows, summaries), overwrite)
    return csv_path


def _cells(s: ExerciseSummary) -> list:
    median = "" if s.median_checks is None else f"{s.median_checks:g}"
    return [s.lesson, s.exercise, s.title, s.graded, s.passed, s.failed, s.not_attempted, s.most_common_failure, median]


def report_html(rows: list[Row], summaries: list[ExerciseSummary]) -> str:
    """The class report as one self-contained HTML page."""
    e = html.escape
    notebooks = [r for r in rows if r.exercise in ("total", "notebook")]
    graded = [r for r in notebooks if r.exercise == "total" and r.status == "graded"]
    problems = [r for r in rows if r.exercise == "notebook"]
    students = sorted({r.student for r in rows})
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in
                   ("Exercise", "Graded", "Passed", "Failed", "Not attempted", "Most common failing message",
                    "Median checks"))
    body = []
    for s in summaries:
        median = "no progress file" if s.median_checks is None else f"{s.median_checks:g}"
        body.append(f'<tr><th scope="row">Lesson {e(s.lesson)} {e(s.exercise)}: {e(s.title)}</th>'
                    f"<td>{s.graded}</td><td>{s.passed}</td><td>{s.failed}</td><td>{s.not_attempted}</td>"
                    f"<td>{e(s.most_common_failure) or '(none)'}</td><td>{e(median)}</td></tr>")
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Class report: mnist-lessons exercises</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;color:#111;"
        "background:#fff}table{border-collapse:collapse}th,td{border:1px solid #666;padding:.3rem .5rem;"
        "text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold;margin-bottom:.3rem}</style>",
        "</head>\n<body>\n<main>\n<h1>Class report: mnist-lessons exercises</h1>",
        f"<p>{len(students)} student(s), {len(notebooks)} notebook(s): {len(graded)} graded, "
        f"{len(problems)} could not be graded.</p>",
        "<h2>Exercises</h2>",
        "<table>\n<caption>Per exercise: how many graded notebooks passed, failed or did not attempt it, the "
        "failing message seen most often, and the median number of checks among the students whose handed-in "
        f"progress file records it.</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body)
        + "\n</tbody>\n</table>",
        "<h2>Notebooks that could not be graded</h2>",
    ]
    if problems:
        items = "".join(f"<li>{e(r.student)}, {e(r.notebook)}: <strong>{e(r.status)}</strong>. {e(r.message)}</li>"
                        for r in problems)
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append("<p>None: every notebook was graded.</p>")
    parts.append("</main>\n</body>\n</html>\n")
    return "\n".join(parts)
