"""The ``mnist-lessons`` command.

    mnist-lessons sync [DIR]                  copy the lessons into your workspace, keeping your changes
    mnist-lessons start [DIR] [-- LAB_ARGS]   sync, then open JupyterLab in the workspace
    mnist-lessons site OUT                    build the course's website into OUT (offline)
    mnist-lessons grade SUBMISSIONS... --csv grades.csv [--report class.html]
                                              grade students' notebooks, each in a sandbox
    mnist-lessons export-nbgrader OUT         the lessons as an nbgrader course (source/ folder)

``python -m mnist_lessons`` runs the same command.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from . import __version__, workspace

DESCRIPTION = "The mnist-lessons course: your own copy of the lessons, JupyterLab, and the course website."


def main(argv: list[str] | None = None) -> int:
    """Run the command with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lab_args: list[str] = []
    if "--" in argv:  # everything after "--" goes to JupyterLab untouched
        cut = argv.index("--")
        argv, lab_args = argv[:cut], argv[cut + 1 :]
    args = _parser().parse_args(argv)
    if lab_args and args.command != "start":
        _parser().error("only `start` takes arguments after `--` (they are passed to JupyterLab)")
    try:
        if args.command in ("sync", "start"):
            report = workspace.sync(args.dir)
            print(report.describe(), flush=True)
            return _start(report.workspace, lab_args) if args.command == "start" else 0
        if args.command == "grade":
            return _grade(args)
        if args.command == "export-nbgrader":
            return _export_nbgrader(args)
        return _site(args.out)
    except (workspace.WorkspaceError, FileNotFoundError, FileExistsError, RuntimeError) as exc:
        print(f"mnist-lessons {args.command}: {exc}", file=sys.stderr)
        return 1


def jupyter_lab_command(folder: Path, lab_args: list[str] = ()) -> list[str]:
    """The command ``start`` runs: this Python's JupyterLab, serving ``folder``."""
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}", *lab_args]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mnist-lessons", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"mnist-lessons {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    where = f"DIR (default: {workspace.default_workspace()})"
    for name, summary, description in (
        ("sync", "copy the lessons into your workspace, keeping your changes",
         f"Copy the course's lessons into {where}. New lessons are added and lessons you have not changed are "
         "updated. A lesson you changed is never overwritten: the course's new version is written beside it "
         "(NAME.new-version-DATE.ipynb). A lesson you deleted comes back."),
        ("start", "sync, then open JupyterLab in your workspace",
         f"Sync the lessons into {where}, then open JupyterLab there. Arguments after `--` go to JupyterLab, for "
         "example: mnist-lessons start -- --no-browser --port=8899"),
        ("site", "build the course's website into a folder, offline",
         "Build the course website (a page per lesson with its stored outputs, navigation and search) into OUT, "
         "without executing anything and without the internet. Needs the site extra: "
         'pip install "mnist-lessons[site]" (in a clone: pip install -e ".[site]").'),
        ("grade", "grade students' saved notebooks, each run in a sandbox",
         "Run every handed-in notebook (files, or folders holding them) in its own kernel, contained (no network, "
         "the home folder hidden, a scratch folder; Linux `unshare`), with a time limit, and grade every exercise "
         "with the checks the students see. A notebook NAME__*.ipynb is NAME's; otherwise the first folder below a "
         "given folder names the student. Writes one CSV row per student and exercise, plus each lesson's total."),
        ("export-nbgrader", "write the lessons as an nbgrader course folder",
         "Write OUT/source/lessonNN/ (one nbgrader assignment per lesson with exercises) and "
         "OUT/nbgrader_config.py: each exercise's starter is a solution cell, each check an autograded test cell "
         "worth 1 point. Then, in OUT: nbgrader generate_assignment lessonNN. Needs the grading extra."),
    ):
        commands.add_parser(name, help=summary, description=description)
    sync, start, site, grade, export = commands.choices.values()
    for command in (sync, start):
        command.add_argument("dir", nargs="?", type=Path, default=None, metavar="DIR")
    for command in (site, export):
        command.add_argument("out", type=Path, metavar="OUT")
    grade.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSIONS")
    grade.add_argument("--csv", type=Path, required=True, help="the grades CSV to write")
    grade.add_argument("--report", type=Path, help="also write the class report: this HTML page and a .csv beside it")
    grade.add_argument("--timeout", type=float, default=600, help="seconds a notebook may run (default 600)")
    grade.add_argument("--overwrite", action="store_true", help="replace the CSV and report if they exist")
    grade.add_argument("--unsafe-no-sandbox", action="store_true",
                       help="run the students' code without containment (only in a throw-away machine)")
    export.add_argument("--lessons", nargs="+", metavar="NN", help="only these lessons (default: all)")
    return parser


def _start(folder: Path, lab_args: list[str]) -> int:
    print(f"Starting JupyterLab in {folder} (stop it with Ctrl+C) ...", flush=True)
    process = subprocess.Popen(jupyter_lab_command(folder, lab_args), cwd=folder)
    # Stopping this command stops JupyterLab too, never leaving a server running on its own.
    forwarded = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {number: signal.signal(number, lambda number, _frame: process.send_signal(number)) for number in forwarded}
    try:
        while True:
            try:
                code = process.wait()
                break
            except KeyboardInterrupt:  # JupyterLab got the Ctrl+C too and asks whether to stop: wait for it
                continue
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if code != 0 and _is_root() and "--allow-root" not in lab_args:
        print(ROOT_HINT, file=sys.stderr, flush=True)
    return code


ROOT_HINT = (
    "mnist-lessons start: JupyterLab stopped, and you are running as root, which JupyterLab refuses by default. "
    "Run the command as an ordinary user; or, where root is the only user (a container), pass the option on: "
    "mnist-lessons start -- --allow-root"
)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _site(out: Path) -> int:
    from . import website  # imports Sphinx only when asked

    result = website.build_site(out)
    print(result.describe(), flush=True)
    return 0


def _grade(args) -> int:
    from .classroom import grade, report, sandbox

    contained = not args.unsafe_no_sandbox
    for path in (args.csv, args.report, args.report.with_suffix(".csv") if args.report else None):
        if path is not None and path.exists() and not args.overwrite:
            raise FileExistsError(f"{path} already exists and was left as it is; choose another name, or pass "
                                  "--overwrite to replace it.")
    if contained:
        try:
            sandbox.check_available()
        except sandbox.SandboxUnavailable as exc:
            print(f"mnist-lessons grade: {exc}", file=sys.stderr)
            return 2
        print("Each notebook runs contained: no network (not even 127.0.0.1), the home folder, /tmp and /var/tmp "
              "hidden, its own processes, a scratch HOME deleted afterwards. Not contained: the rest of the file "
              "system (readable as your user), memory and CPU (only time is limited).", flush=True)
    else:
        print("WARNING: --unsafe-no-sandbox: the students' code runs with your user's full rights, your files "
              "and your network.", flush=True)

    def show(rows):
        total = rows[-1]
        print(f"{total.student:<20} {total.notebook:<40} {total.status}: {total.points}/{total.max_points}"
              + (f"  ({rows[0].message})" if rows[0].exercise == "notebook" else ""), flush=True)

    rows, progress = grade.grade_all(args.submissions, timeout=args.timeout, contained=contained, on_rows=show)
    report.write_csv(rows, args.csv, overwrite=args.overwrite)
    print(f"Wrote {args.csv} ({len(rows)} rows).")
    if args.report:
        summary_csv = report.write_report(rows, progress, args.report, overwrite=args.overwrite)
        print(f"Wrote the class report: {args.report} and {summary_csv}.")
    return 0


def _export_nbgrader(args) -> int:
    from .classroom import nbgrader_export

    written = nbgrader_export.export(args.out, lessons=args.lessons)
    print(f"Wrote the nbgrader course in {args.out}: {', '.join(p.parent.name for p in written)}. "
          f"Next, in {args.out}: nbgrader generate_assignment <name>.")
    return 0
