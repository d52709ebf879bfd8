"""Copying the lessons into a student's own folder, and bringing in updates without overwriting
a notebook the student changed (nbgitpuller's rule).

New lessons are added, unchanged ones updated; a changed one is kept, the course's version written
beside it (``04_mlp_mnist.new-version-2026-11-23.ipynb``) and named again at every sync until the
student deletes or renames it; a deleted lesson comes back; a dropped one stays. The manifest
``.mnist-lessons.json`` holds each lesson's SHA-256 as last copied; every write is atomic.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import course
from .files import atomic_write, file_sha256, remove_stale_parts

MANIFEST_NAME = ".mnist-lessons.json"
MANIFEST_FORMAT = 1

ADDED = "added"  # what sync did with a lesson, as its report prints it
UPDATED = "updated"
UNCHANGED = "up to date"
KEPT = "yours"
NEW_VERSION = "new version"
RESTORED = "restored"
RETIRED = "retired"


class WorkspaceError(Exception):
    """The workspace folder cannot be used (the message says why and what to do)."""


@dataclass(frozen=True)
class Change:
    """What sync did (``action``) with one lesson at ``path``; ``beside``: a new version next to it."""

    action: str
    lesson: str
    path: Path
    beside: Path | None = None

    def describe(self) -> str:
        """One line for the student, e.g. ``added       00_look_at_the_data.ipynb``."""
        note = {
            ADDED: "",
            UPDATED: " (you had not changed it: now the course's latest version)",
            UNCHANGED: "",
            KEPT: " (changed by you; kept as it is)",
            RESTORED: " (it was missing: a fresh copy)",
            RETIRED: " (no longer part of the course; kept as it is)",
        }.get(self.action)
        if self.action == NEW_VERSION:
            name = self.beside.name if self.beside else "?"
            note = f" (changed by you, so kept as it is; the course's new version is beside it: {name})"
        return f"  {self.action:<12}{self.lesson}{note}"


@dataclass
class SyncReport:
    """Everything one sync did, lesson by lesson."""

    workspace: Path
    changes: list[Change] = field(default_factory=list)
    from_course_folder: list[str] = field(default_factory=list)  # lessons the student changed in notebooks/

    def count(self, action: str) -> int:
        return sum(change.action == action for change in self.changes)

    @property
    def new_versions(self) -> list[Change]:
        return [change for change in self.changes if change.action == NEW_VERSION]

    def describe(self) -> str:
        """The report the ``mnist-lessons sync`` command prints."""
        lines = [f"Your lessons are in {self.workspace}"]
        lines += [change.describe() for change in self.changes]
        if self.new_versions:
            lines.append(
                "Your own notebooks were not touched. Open a new version beside yours to see what changed, "
                "and copy across what you want to keep."
            )
        if self.from_course_folder:
            lines.append(
                f"You had changed {', '.join(self.from_course_folder)} in the course's notebooks/ folder: "
                f"your version is now yours in {self.workspace} too, and sync will keep it. To let git pull "
                "update the course again, restore its copies with: git checkout -- notebooks/"
            )
        return "\n".join(lines)


def default_workspace() -> Path:
    """The folder ``sync`` and ``start`` use by default: a clone's ``my-lessons/`` (git ignores it),
    else ``~/my-mnist-lessons``."""
    root = course.repository_root()
    return root / "my-lessons" if root else Path.home() / "my-mnist-lessons"


def sync(workspace: str | Path | None = None, *, lessons=None, today: _dt.date | None = None,
         changed_in_course_folder: dict[str, str] | None = None) -> SyncReport:
    """Copy ``lessons`` (default ``course.lesson_files()``) into ``workspace`` (default
    ``default_workspace()``), keeping every change the student made; return a ``SyncReport``.

    ``changed_in_course_folder`` (``{name: SHA-256 committed}``, default ``course.changed_lessons()``):
    lessons changed in the clone's ``notebooks/``, whose copies count as the student's work.
    WorkspaceError: the folder is a file, the course's own, or has a damaged manifest.
    """
    workspace = Path(workspace).expanduser() if workspace is not None else default_workspace()
    if changed_in_course_folder is None:
        changed_in_course_folder = course.changed_lessons() if lessons is None else {}
    sources = list(lessons) if lessons is not None else course.lesson_files()
    if not sources:
        raise WorkspaceError(f"No lessons to copy: the course folder {course.lessons_dir()} holds no notebooks.")
    stamp = (today or _dt.date.today()).isoformat()
    _check_workspace(workspace, sources)
    workspace.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(workspace, ["*.ipynb", MANIFEST_NAME])

    manifest = _read_manifest(workspace)
    report = SyncReport(workspace=workspace)
    for source in sources:
        content = Path(source).read_bytes()
        change = _sync_one(workspace, Path(source).name, content, manifest.get(Path(source).name), stamp)
        manifest[change.lesson] = changed_in_course_folder.get(change.lesson, hashlib.sha256(content).hexdigest())
        if change.lesson in changed_in_course_folder:
            report.from_course_folder.append(change.lesson)
        _write_manifest(workspace, manifest)
        report.changes.append(change)

    current = {Path(source).name for source in sources}
    for name in sorted(set(manifest) - current):
        del manifest[name]
        _write_manifest(workspace, manifest)
        if (workspace / name).exists():
            report.changes.append(Change(RETIRED, name, workspace / name))
    return report


def _sync_one(workspace: Path, name: str, content: bytes, base: str | None, stamp: str) -> Change:
    """Bring one lesson in. ``base`` is the SHA-256 of the version last copied here (or None)."""
    target = workspace / name
    new = hashlib.sha256(content).hexdigest()
    if not target.exists():
        _create(target, content)
        return Change(RESTORED if base else ADDED, name, target)
    current = file_sha256(target)
    if current == new:
        return Change(UNCHANGED, name, target)
    if base is not None and current == base:
        if _replace_if_unchanged(target, content, expected=current):
            return Change(UPDATED, name, target)
        # The student saved it a moment ago: it is theirs now.
    elif base == new:
        # Already synced: announce the new version beside it again, every time, until the student
        # deals with it (deletes or renames that file); after that the lesson is simply theirs.
        beside = _identical_beside(target, content)
        return Change(NEW_VERSION, name, target, beside=beside) if beside else Change(KEPT, name, target)
    return Change(NEW_VERSION, name, target, beside=_write_beside(target, content, stamp))


def _identical_beside(target: Path, content: bytes) -> Path | None:
    """A new version next to ``target`` holding exactly ``content``, if one is there."""
    stem = target.name[: -len(target.suffix)] if target.suffix else target.name
    for existing in sorted(target.parent.glob(f"{_glob_escape(stem)}.new-version-*{target.suffix}")):
        if existing.is_file() and existing.stat().st_size == len(content) and existing.read_bytes() == content:
            return existing
    return None


def _write_beside(target: Path, content: bytes, stamp: str) -> Path:
    """Write the course's new version next to the student's ``target``; reuse an identical one."""
    existing = _identical_beside(target, content)
    if existing is not None:
        return existing
    stem = target.name[: -len(target.suffix)] if target.suffix else target.name
    number = 1
    while True:
        suffix = "" if number == 1 else f"-{number}"
        beside = target.with_name(f"{stem}.new-version-{stamp}{suffix}{target.suffix}")
        if not beside.exists() and _create(beside, content):
            return beside
        number += 1


def _check_workspace(workspace: Path, sources: list) -> None:
    if workspace.exists() and not workspace.is_dir():
        raise WorkspaceError(
            f"Cannot use {workspace} as the lessons folder: it is a file, not a folder. "
            "Give another folder: mnist-lessons sync SOME_FOLDER."
        )
    folders = {Path(source).resolve().parent for source in sources}
    if workspace.resolve() in folders:
        raise WorkspaceError(
            f"{workspace} is the course's own lesson folder, which updates replace. "
            "Sync into a folder of your own instead (the default is fine: mnist-lessons sync)."
        )


def _read_manifest(workspace: Path) -> dict[str, str]:
    """The lesson name -> SHA-256 map of the last sync (empty for a new workspace)."""
    path = workspace / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        lessons = {name: entry["sha256"] for name, entry in data["lessons"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise WorkspaceError(
            f"The sync manifest {path} is damaged ({type(exc).__name__}: {exc}). "
            f"Delete it and sync again: your notebooks are safe (a lesson that differs from the course's "
            "version will then count as yours, and the new version will be written beside it)."
        ) from None
    return lessons


def _write_manifest(workspace: Path, lessons: dict[str, str]) -> None:
    data = {
        "about": "Written by `mnist-lessons sync`: the SHA-256 of each lesson as last copied here, "
        "so that sync can tell your changes from course updates. Do not edit.",
        "format": MANIFEST_FORMAT,
        "lessons": {name: {"sha256": sha} for name, sha in sorted(lessons.items())},
    }
    _replace(workspace / MANIFEST_NAME, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def _create(dest: Path, content: bytes) -> bool:
    """Create ``dest`` atomically, never replacing a file; False if one appeared meanwhile."""
    try:
        with atomic_write(dest, overwrite=False) as out:
            out.write(content)
        return True
    except FileExistsError:
        return False


def _replace(dest: Path, content: bytes) -> None:
    """Replace ``dest`` (ours to replace) with ``content`` atomically."""
    with atomic_write(dest) as out:
        out.write(content)


class _ChangedMeanwhile(Exception):
    pass


def _replace_if_unchanged(dest: Path, content: bytes, *, expected: str) -> bool:
    """Replace ``dest`` only if it still has SHA-256 ``expected`` (checked right before)."""
    try:
        with atomic_write(dest) as out:
            out.write(content)
            if file_sha256(dest) != expected:
                raise _ChangedMeanwhile
        return True
    except _ChangedMeanwhile:
        return False


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in text)
