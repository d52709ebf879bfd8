"""Where a student's exercise progress is kept: one small JSON file on their own computer.

No account and no network: ``progress.json`` lives in a per-user folder, ``files.data_home()``:

1. ``$MNIST_LESSONS_HOME`` if set (tests and classrooms point it elsewhere);
2. otherwise the platform's folder for user data: ``%APPDATA%\\mnist-lessons`` on Windows,
   ``~/Library/Application Support/mnist-lessons`` on macOS, and
   ``$XDG_DATA_HOME/mnist-lessons`` (default ``~/.local/share/mnist-lessons``) elsewhere.

The file looks like this (one entry per exercise the student has checked at least once)::

    {"format": 1,
     "exercises": {"lesson01.q1": {"status": "passed", "checks": 3, "first_passed": "2025-...",
                                   "last_checked": "2025-...", "hints_seen": 1, "solution_seen": false}}}

Writes are atomic (``files.atomic_write``), so a crash or a full disk never leaves half a file,
and a lock (``files.locked``) keeps two notebooks checking at once from losing each other's
result. A file that cannot be parsed is never thrown away: it is renamed to
``progress.corrupt-<time>.json`` beside the original, the student is told where it is, and a
fresh record starts (keeping every entry that could still be read). A file that
exists but cannot be *read* (permissions) is left alone and never overwritten.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

from ..files import HOME_ENV, atomic_write, data_home, locked
from .show import emit

FILE_NAME = "progress.json"
FORMAT = 2
RENUMBERED = {"lesson02.q5": "lesson03.q1",
              "lesson05.": "lesson06.", "lesson04.": "lesson05.", "lesson03.": "lesson04."}
"""Format 1 predates the split of lesson 02 in two (2026-12): lessons 03, 04 and 05 became 04, 05
and 06, and lesson 02's exercise 5 (does cross-entropy rescue raw pixels?) became lesson 03's
exercise 1. A format-1 file is read with its keys moved accordingly, so no passed exercise is lost.
An entry ending in "." moves a whole lesson; any other moves one exercise, matched exactly."""
STATUSES = ("passed", "tried")
"""``passed``: the check has said "Correct" at least once; ``tried``: checked, not passed yet."""

_warned: set[str] = set()


def progress_path() -> Path:
    """The progress file: ``files.data_home() / "progress.json"`` (see the module docstring)."""
    return data_home() / FILE_NAME


def load(path: Path | None = None) -> dict[str, dict]:
    """Every exercise's entry, by key (``"lesson01.q1"``); empty when there is no file yet.

    A damaged file is backed up and reported (see the module docstring); the entries that
    could be read are returned. Never raises for a bad or unreadable file.
    """
    path = progress_path() if path is None else Path(path)
    try:
        entries, _ = _read(path)
    except OSError as error:  # the damaged file could not be backed up or rewritten: leave it alone
        _warn_once(str(path), f"your progress file `{path}` needs repair but could not be changed "
                   f"({error.strerror or error}); it was left as it is.")
        return {}
    return entries


def record(key: str, *, outcome: str | None = None, hint: int | None = None, solution: bool = False,
           path: Path | None = None) -> bool:
    """Add one event to the exercise ``key``'s entry and save the file atomically.

    Args:
        key: the exercise, e.g. ``"lesson01.q1"``.
        outcome: ``"correct"`` or ``"incorrect"`` after a check (a check of an untouched
            starter records nothing).
        hint: the hint tier just shown.
        solution: True when the solution was just shown.
        path: the progress file (default ``progress_path()``).

    Returns:
        True if the file was saved. When it cannot be (a read-only folder, say), the student
        is told once per session and False is returned: a check never fails because of this.
    """
    path = progress_path() if path is None else Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path.with_name(path.name + ".lock")):  # if not had in 3 s, go ahead: the write is atomic
            entries, readable = _read(path)
            if not readable:
                return False
            entry = entries.setdefault(key, _new_entry())
            now = _now()
            if outcome is not None:
                entry["checks"] += 1
                entry["last_checked"] = now
                if outcome == "correct":
                    if entry["status"] != "passed":
                        entry["first_passed"] = now
                    entry["status"] = "passed"
            if hint is not None:
                entry["hints_seen"] = max(entry["hints_seen"], int(hint))
            if solution:
                entry["solution_seen"] = True
            _write(path, {"format": FORMAT, "exercises": entries})
        return True
    except OSError as error:
        _warn_once(str(path), f"your progress could not be saved to `{path}` ({error.strerror or error}). "
                   f"Your work in the notebook is not affected. To keep progress elsewhere, set the "
                   f"environment variable `{HOME_ENV}` to a folder you can write to.")
        return False


def _new_entry() -> dict:
    return {"status": "tried", "checks": 0, "first_passed": None, "last_checked": None,
            "hints_seen": 0, "solution_seen": False}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _read(path: Path) -> tuple[dict[str, dict], bool]:
    """``(entries, readable)``; ``readable`` is False when the file exists but cannot be read
    (then nothing may be written over it)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, True
    except OSError as error:
        _warn_once(str(path), f"your progress file `{path}` could not be read ({error.strerror or error}); "
                   "it was left as it is, and nothing will be written over it.")
        return {}, False
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        _back_up(path, f"it is not valid JSON ({error})")
        return {}, True
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
        _back_up(path, 'it has no "exercises" table')
        return {}, True
    if data.get("format") == 1:
        data["exercises"] = {_renumbered(key): entry for key, entry in data["exercises"].items()}
    elif data.get("format") != FORMAT:
        _back_up(path, f"it has format {data.get('format')!r}, and this version of mnist-lessons reads format "
                 f"{FORMAT} (was it written by another version?)")
        return {}, True
    entries, bad = {}, []
    for key, entry in data["exercises"].items():
        clean = _valid_entry(entry)
        if clean is None:
            bad.append(key)
        else:
            entries[key] = clean
    if bad:
        _back_up(path, f"{len(bad)} of its {len(bad) + len(entries)} entries could not be read "
                 f"({', '.join(map(str, bad[:5]))}{', ...' if len(bad) > 5 else ''})", keep_reading=True)
        # the original is safe in the backup: rewrite the file with the readable entries, so
        # the same damage is not reported (and backed up) again at the next read
        _write(path, {"format": FORMAT, "exercises": entries})
    return entries, True


def _renumbered(key: str) -> str:
    if not isinstance(key, str):
        return key
    for old, new in RENUMBERED.items():
        if key == old or (old.endswith(".") and key.startswith(old)):
            return new + key[len(old):]
    return key


def _valid_entry(entry) -> dict | None:
    if not isinstance(entry, dict) or entry.get("status") not in STATUSES:
        return None
    clean = _new_entry()
    clean["status"] = entry["status"]
    for name in ("checks", "hints_seen"):
        value = entry.get(name, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return None
        clean[name] = value
    for name in ("first_passed", "last_checked"):
        value = entry.get(name)
        if value is not None and not isinstance(value, str):
            return None
        clean[name] = value
    if not isinstance(entry.get("solution_seen", False), bool):
        return None
    clean["solution_seen"] = entry.get("solution_seen", False)
    return clean


def _back_up(path: Path, reason: str, keep_reading: bool = False) -> None:
    """Keep a damaged progress file under a new name beside it, and say so."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        suffix = "" if attempt == 1 else f"-{attempt}"
        backup = path.with_name(f"{path.stem}.corrupt-{stamp}{suffix}{path.suffix}")
        if not backup.exists():
            break
    if keep_reading:  # the readable entries go on in the file; the original stays complete in the backup
        shutil.copy2(path, backup)
    else:
        os.replace(path, backup)
    after = "a fresh record starts now" if not keep_reading else "the readable entries are kept"
    emit("note", f"your progress file `{path}` could not be read completely: {reason}. It is not lost: the "
         f"original is kept as `{backup}`, and {after}. If you repair the backup, copy it back to `{path}`.")


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as out:
        out.write((json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def _warn_once(where: str, message: str) -> None:
    if where in _warned:
        return
    _warned.add(where)
    emit("note", message)
