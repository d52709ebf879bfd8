"""A student's exercise progress: ``progress.json`` in ``files.data_home()``, no account, no network.

One entry per exercise checked (``{"lesson01.q1": {"status": "passed", "checks": 3, ...}}``),
written atomically under a lock. A damaged file is kept as ``progress.corrupt-<time>.json`` and the
student told; a file that cannot be read is never overwritten.
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
"""How format 1's keys (before lesson 02 was split in two) move: an entry ending in "." moves a lesson."""
STATUSES = ("passed", "tried")  # passed: "Correct" at least once

_warned: set[str] = set()


def progress_path() -> Path:
    """The progress file: ``files.data_home() / "progress.json"`` (see the module docstring)."""
    return data_home() / FILE_NAME


def load(path: Path | None = None) -> dict[str, dict]:
    """Every readable exercise entry, by key (``"lesson01.q1"``); never raises for a bad file."""
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
    """Add a check's ``outcome`` (``"correct"``, ``"incorrect"``), a ``hint`` tier or a ``solution`` seen to
    exercise ``key``'s entry; return whether it was saved (if not, the student is told once)."""
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
