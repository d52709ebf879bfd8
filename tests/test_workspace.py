"""`mnist-lessons sync`: a student's workspace survives course updates (real files, real processes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mnist_lessons import course, workspace
from mnist_lessons.workspace import MANIFEST_NAME, WorkspaceError, sync

from .conftest import ROOT

DAY_1 = dt.date(2026, 11, 23)
DAY_2 = dt.date(2026, 12, 7)


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """A private copy of the course's lesson folder, which a test may 'update' as a course release would."""
    folder = tmp_path / "course"
    folder.mkdir()
    for lesson in course.lesson_files()[:3]:
        shutil.copyfile(lesson, folder / lesson.name)
    return folder


def lessons(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def edit(path: Path, text: str) -> None:
    """Change a notebook the way JupyterLab saves an edit: a new cell appended, JSON rewritten."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [text]})
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def actions(report) -> dict[str, str]:
    return {change.lesson: change.action for change in report.changes}


def test_first_sync_copies_every_lesson_byte_for_byte(course_dir, tmp_path):
    ws = tmp_path / "ws"
    report = sync(ws, lessons=lessons(course_dir), today=DAY_1)
    assert set(actions(report).values()) == {"added"}
    for lesson in lessons(course_dir):
        assert (ws / lesson.name).read_bytes() == lesson.read_bytes()
    manifest = json.loads((ws / MANIFEST_NAME).read_text())
    assert sorted(manifest["lessons"]) == [p.name for p in lessons(course_dir)]
    assert sorted(p.name for p in ws.iterdir()) == sorted([MANIFEST_NAME] + [p.name for p in lessons(course_dir)])


def test_sync_again_changes_nothing(course_dir, tmp_path):
    ws = tmp_path / "ws"
    sync(ws, lessons=lessons(course_dir), today=DAY_1)
    before = {p.name: p.stat().st_mtime_ns for p in ws.glob("*.ipynb")}
    report = sync(ws, lessons=lessons(course_dir), today=DAY_1)
    assert set(actions(report).values()) == {"up to date"}
    assert {p.name: p.stat().st_mtime_ns for p in ws.glob("*.ipynb")} == before


def test_a_changed_notebook_survives_a_course_update_with_the_new_version_beside_it(course_dir, tmp_path):
    ws = tmp_path / "ws"
    first, second, third = lessons(course_dir)
    sync(ws, lessons=lessons(course_dir), today=DAY_1)
    edit(ws / second.name, "My notes: the loss went down!")
    students_work = (ws / second.name).read_bytes()

    # The course is updated: every lesson changes.
    for lesson in (first, second, third):
        edit(lesson, "Course update: a new exercise.")
    report = sync(ws, lessons=lessons(course_dir), today=DAY_1)

    assert actions(report) == {first.name: "updated", second.name: "new version", third.name: "updated"}
    assert (ws / first.name).read_bytes() == first.read_bytes()
    assert (ws / second.name).read_bytes() == students_work
    beside = ws / (second.stem + ".new-version-2026-11-23.ipynb")
    assert beside.read_bytes() == second.read_bytes()
    assert report.new_versions[0].beside == beside
    text = report.describe()
    assert f"new version {second.name} (changed by you, so kept as it is; the course's new version is beside it: {beside.name})" in text
    assert "Your own notebooks were not touched" in text

    # Syncing again announces the same new version again (every time, until the student deals with
    # it), with no second copy, and the student's notebook still theirs.
    for _ in range(2):
        again = sync(ws, lessons=lessons(course_dir), today=DAY_2)
        assert actions(again)[second.name] == "new version"
        assert again.new_versions[0].beside == beside
        assert f"the course's new version is beside it: {beside.name}" in again.describe()
        assert len(list(ws.glob("*.new-version-*"))) == 1
        assert (ws / second.name).read_bytes() == students_work

    # Once the student has dealt with it (took what they wanted and deleted the file), it is not announced.
    beside.unlink()
    dealt = sync(ws, lessons=lessons(course_dir), today=DAY_2)
    assert actions(dealt)[second.name] == "yours"
    assert not list(ws.glob("*.new-version-*")) and (ws / second.name).read_bytes() == students_work

    # A second course update on a later day: a second new version, dated.
    edit(second, "Course update 2.")
    later = sync(ws, lessons=lessons(course_dir), today=DAY_2)
    assert actions(later)[second.name] == "new version"
    assert (ws / (second.stem + ".new-version-2026-12-07.ipynb")).read_bytes() == second.read_bytes()
    assert (ws / second.name).read_bytes() == students_work


def test_same_day_updates_get_numbered_names(course_dir, tmp_path):
    ws = tmp_path / "ws"
    lesson = lessons(course_dir)[0]
    sync(ws, lessons=[lesson], today=DAY_1)
    edit(ws / lesson.name, "mine")
    edit(lesson, "update 1")
    sync(ws, lessons=[lesson], today=DAY_1)
    edit(lesson, "update 2")
    report = sync(ws, lessons=[lesson], today=DAY_1)
    assert report.new_versions[0].beside.name == lesson.stem + ".new-version-2026-11-23-2.ipynb"
    assert report.new_versions[0].beside.read_bytes() == lesson.read_bytes()


def test_deleted_lesson_comes_back_and_new_lessons_are_added(course_dir, tmp_path):
    ws = tmp_path / "ws"
    first, second, third = lessons(course_dir)
    sync(ws, lessons=[first, second], today=DAY_1)
    (ws / first.name).unlink()
    report = sync(ws, lessons=[first, second, third], today=DAY_1)
    assert actions(report) == {first.name: "restored", second.name: "up to date", third.name: "added"}
    assert (ws / first.name).read_bytes() == first.read_bytes()
    assert "(it was missing: a fresh copy)" in report.describe()


def test_a_lesson_dropped_by_the_course_stays_in_the_workspace(course_dir, tmp_path):
    ws = tmp_path / "ws"
    first, second, _ = lessons(course_dir)
    sync(ws, lessons=[first, second], today=DAY_1)
    report = sync(ws, lessons=[first], today=DAY_1)
    assert actions(report)[second.name] == "retired"
    assert (ws / second.name).read_bytes() == second.read_bytes()
    assert second.name not in json.loads((ws / MANIFEST_NAME).read_text())["lessons"]


def test_a_students_own_file_with_a_lesson_name_is_never_overwritten(course_dir, tmp_path):
    """No manifest entry (a file the student made, or a deleted manifest): it counts as theirs."""
    ws = tmp_path / "ws"
    ws.mkdir()
    lesson = lessons(course_dir)[0]
    (ws / lesson.name).write_text("my own notebook", encoding="utf-8")
    report = sync(ws, lessons=[lesson], today=DAY_1)
    assert actions(report) == {lesson.name: "new version"}
    assert (ws / lesson.name).read_text(encoding="utf-8") == "my own notebook"
    assert report.new_versions[0].beside.read_bytes() == lesson.read_bytes()


def test_left_overs_of_a_killed_sync_are_cleaned_and_the_sync_carries_on(course_dir, tmp_path):
    """A sync killed after replacing a notebook but before its manifest entry was written: the next
    sync sees the notebook equals the course's version (no needless copy beside it) and removes the
    hidden temporary files a killed run leaves."""
    ws = tmp_path / "ws"
    lesson = lessons(course_dir)[0]
    sync(ws, lessons=[lesson], today=DAY_1)
    edit(lesson, "course update")
    shutil.copyfile(lesson, ws / lesson.name)  # the replacement landed, the manifest did not
    stale = [ws / f".{lesson.name}.1a2b3c4d.part", ws / f".{MANIFEST_NAME}.99ff00aa.part"]
    for path in stale:
        path.write_bytes(b"half")
    mine = ws / ".my-notes.part"
    mine.write_text("a student's hidden file that only looks similar")
    report = sync(ws, lessons=[lesson], today=DAY_1)
    assert actions(report) == {lesson.name: "up to date"}
    assert not any(path.exists() for path in stale)
    assert mine.exists()
    assert not list(ws.glob("*.new-version-*"))


def test_a_killed_sync_leaves_only_whole_files(tmp_path):
    """SIGKILL a real sync of many large notebooks midway: every notebook present is complete, and
    the next sync finishes the job."""
    course_dir = tmp_path / "big-course"
    course_dir.mkdir()
    source = course.lesson_files()[0].read_bytes()
    for i in range(60):
        (course_dir / f"{i:02d}_lesson.ipynb").write_bytes(source + b" " * i)
    ws = tmp_path / "ws"
    code = (
        "import sys; from pathlib import Path; from mnist_lessons.workspace import sync;"
        "sync(Path(sys.argv[1]), lessons=sorted(Path(sys.argv[2]).glob('*.ipynb')))"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(ws), str(course_dir)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(ws.glob("*.ipynb"))) < 3:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    copied = sorted(ws.glob("*.ipynb"))
    print(f"killed after {len(copied)} of 60 notebooks")
    assert copied, "the sync did not start"
    for path in copied:
        assert path.read_bytes() == (course_dir / path.name).read_bytes(), f"{path.name} is half-written"
    report = sync(ws, lessons=sorted(course_dir.glob("*.ipynb")), today=DAY_1)
    assert set(actions(report).values()) <= {"added", "up to date"}
    assert not list(ws.glob(".*.part"))
    assert not list(ws.glob("*.new-version-*"))
    for path in course_dir.glob("*.ipynb"):
        assert (ws / path.name).read_bytes() == path.read_bytes()


def test_refuses_a_file_the_course_folder_and_a_damaged_manifest(course_dir, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(WorkspaceError, match="it is a file, not a folder"):
        sync(a_file, lessons=lessons(course_dir))
    with pytest.raises(WorkspaceError, match="the course's own lesson folder"):
        sync(course_dir, lessons=lessons(course_dir))
    ws = tmp_path / "ws"
    sync(ws, lessons=lessons(course_dir))
    (ws / MANIFEST_NAME).write_text("{not json")
    with pytest.raises(WorkspaceError, match="is damaged.*Delete it and sync again: your notebooks are safe"):
        sync(ws, lessons=lessons(course_dir))


def test_new_files_get_ordinary_permissions(course_dir, tmp_path):
    ws = tmp_path / "ws"
    old = os.umask(0o022)
    try:
        sync(ws, lessons=lessons(course_dir))
    finally:
        os.umask(old)
    assert {oct(p.stat().st_mode & 0o777) for p in ws.iterdir()} == {"0o644"}


def test_default_workspace_is_the_ignored_my_lessons_folder_in_a_clone():
    assert course.repository_root() == ROOT
    assert workspace.default_workspace() == ROOT / "my-lessons"
    ignored = subprocess.run(["git", "check-ignore", "-q", "my-lessons/00_look_at_the_data.ipynb"], cwd=ROOT)
    assert ignored.returncode == 0, "my-lessons/ must be git-ignored so that git pull never touches a student's work"
    assert course.lessons_dir() == ROOT / "notebooks"


def _git(*args, cwd):
    return subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def test_work_done_in_the_clones_notebooks_folder_is_kept_after_git_restores_it(tmp_path):
    """A student who followed the old README edited notebooks/ itself. Their first sync copies
    that edit into the workspace as *their* work, so restoring notebooks/ with git (to let git
    pull work again) and syncing never replaces it."""
    clone = tmp_path / "clone"
    (clone / "notebooks").mkdir(parents=True)
    first, second = course.lesson_files()[:2]
    for lesson in (first, second):
        shutil.copyfile(lesson, clone / "notebooks" / lesson.name)
    _git("init", "-q", cwd=clone)
    _git("add", ".", cwd=clone)
    _git("commit", "-q", "-m", "course", cwd=clone)
    edit(clone / "notebooks" / first.name, "My answer, written in notebooks/ itself.")
    edited = (clone / "notebooks" / first.name).read_bytes()

    changed = course.changed_lessons(clone)
    assert changed == {first.name: hashlib.sha256(first.read_bytes()).hexdigest()}
    ws = tmp_path / "ws"
    course_lessons = sorted((clone / "notebooks").glob("*.ipynb"))
    report = sync(ws, lessons=course_lessons, today=DAY_1, changed_in_course_folder=changed)
    assert (ws / first.name).read_bytes() == edited
    assert f"You had changed {first.name} in the course's notebooks/ folder" in report.describe()

    _git("checkout", "--", "notebooks", cwd=clone)
    assert course.changed_lessons(clone) == {}
    again = sync(ws, lessons=course_lessons, today=DAY_1, changed_in_course_folder={})
    assert actions(again) == {first.name: "yours", second.name: "up to date"}
    assert (ws / first.name).read_bytes() == edited

    edit(clone / "notebooks" / first.name, "Course update.")  # then a course update arrives
    _git("commit", "-q", "-am", "update", cwd=clone)
    later = sync(ws, lessons=course_lessons, today=DAY_2, changed_in_course_folder=course.changed_lessons(clone))
    assert actions(later)[first.name] == "new version" and (ws / first.name).read_bytes() == edited


def test_changed_lessons_is_empty_outside_a_git_checkout(tmp_path):
    assert course.changed_lessons(tmp_path) == {}
