"""The ``mnist-lessons`` command.

    mnist-lessons sync [DIR]                  copy the lessons into your workspace, keeping your changes
    mnist-lessons start [DIR] [-- LAB_ARGS]   sync, then open JupyterLab in the workspace
    mnist-lessons site OUT                    build the course's website into OUT (offline)

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
        if args.command == "sync":
            return _sync(args.dir)
        if args.command == "start":
            return _start(args.dir, lab_args)
        return _site(args.out)
    except (workspace.WorkspaceError, FileNotFoundError, RuntimeError) as exc:
        print(f"mnist-lessons {args.command}: {exc}", file=sys.stderr)
        return 1


def jupyter_lab_command(folder: Path, lab_args: list[str] = ()) -> list[str]:
    """The command ``start`` runs: this Python's JupyterLab, serving ``folder``."""
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}", *lab_args]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mnist-lessons", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"mnist-lessons {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    default = workspace.default_workspace()
    where = f"DIR (default: {default})"

    sync = commands.add_parser(
        "sync",
        help="copy the lessons into your workspace, keeping your changes",
        description=(
            f"Copy the course's lessons into {where}. New lessons are added and lessons you have not "
            "changed are updated. A lesson you changed is never overwritten: the course's new version is "
            "written beside it (NAME.new-version-DATE.ipynb). A lesson you deleted comes back."
        ),
    )
    sync.add_argument("dir", nargs="?", type=Path, default=None, metavar="DIR")

    start = commands.add_parser(
        "start",
        help="sync, then open JupyterLab in your workspace",
        description=(
            f"Sync the lessons into {where}, then open JupyterLab there. Arguments after `--` go to "
            "JupyterLab, for example: mnist-lessons start -- --no-browser --port=8899"
        ),
    )
    start.add_argument("dir", nargs="?", type=Path, default=None, metavar="DIR")

    site = commands.add_parser(
        "site",
        help="build the course's website into a folder, offline",
        description=(
            "Build the course website (a page per lesson with its stored outputs, navigation and search) "
            "into OUT, without executing anything and without the internet. Needs the site extra: "
            'pip install "mnist-lessons[site]" (in a clone: pip install -e ".[site]").'
        ),
    )
    site.add_argument("out", type=Path, metavar="OUT")
    return parser


def _sync(folder: Path | None) -> int:
    report = workspace.sync(folder)
    print(report.describe(), flush=True)
    return 0


def _start(folder: Path | None, lab_args: list[str]) -> int:
    report = workspace.sync(folder)
    print(report.describe(), flush=True)
    command = jupyter_lab_command(report.workspace, lab_args)
    print(f"Starting JupyterLab in {report.workspace} (stop it with Ctrl+C) ...", flush=True)
    process = subprocess.Popen(command, cwd=report.workspace)
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
