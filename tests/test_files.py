"""mnist_lessons.files: atomic writes, locks and the user's folders, with real files and real
processes (killed ones too)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mnist_lessons import files

from .conftest import ROOT, run_python, wait_for

# A child that takes the lock, says so, then sleeps until it is killed.
HOLD_LOCK = ("import sys, time; from mnist_lessons.files import locked\n"
             "with locked(sys.argv[1]) as held:\n    print(held, flush=True); time.sleep(60)")


def _holder(lock: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert process.stdout.readline() == "True\n"
    return process


def test_atomic_write_replaces_whole_and_leaves_nothing_on_failure(tmp_path):
    dest = tmp_path / "notes.txt"
    dest.write_text("old")
    with pytest.raises(RuntimeError), files.atomic_write(dest) as out:
        out.write(b"half of the new")
        out.flush()
        assert dest.read_text() == "old"  # nothing visible before the block ends
        raise RuntimeError("interrupted")
    assert dest.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with files.atomic_write(dest) as out:
        out.write(b"new")
    assert dest.read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_atomic_write_without_overwrite_never_replaces_an_existing_file(tmp_path):
    dest = tmp_path / "mine.ipynb"
    dest.write_text("the student's")
    with pytest.raises(FileExistsError), files.atomic_write(dest, overwrite=False) as out:
        out.write(b"the course's")
    assert dest.read_text() == "the student's" and len(list(tmp_path.iterdir())) == 1
    with files.atomic_write(tmp_path / "new.ipynb", overwrite=False) as out:
        out.write(b"fresh")
    assert (tmp_path / "new.ipynb").read_text() == "fresh"


def test_a_killed_writer_leaves_a_part_only_the_next_cleaner_removes(tmp_path):
    """SIGKILL a process mid-write: the destination is untouched and its .part file stays, held
    by nobody; while a live writer holds another, remove_stale_parts removes only the dead one's."""
    dest = tmp_path / "data.bin"
    dest.write_bytes(b"before")
    code = ("import sys, time; from mnist_lessons.files import atomic_write\n"
            "with atomic_write(sys.argv[1]) as out:\n    out.write(b'x' * 1000); out.flush(); time.sleep(60)")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    dead = subprocess.Popen([sys.executable, "-c", code, str(dest)], env=env)
    (dead_part,) = wait_for(lambda: [p for p in tmp_path.glob(".data.bin.*.part") if p.stat().st_size == 1000])
    dead.send_signal(signal.SIGKILL)
    assert dead.wait(timeout=20) == -signal.SIGKILL
    live = subprocess.Popen([sys.executable, "-c", code, str(dest)], env=env)
    try:
        (live_part,) = wait_for(lambda: [p for p in tmp_path.glob(".data.bin.*.part")
                                         if p != dead_part and p.stat().st_size == 1000])
        assert files.remove_stale_parts(tmp_path, ["other.bin"]) == []  # not a name asked about
        assert files.remove_stale_parts(tmp_path, ["*.bin"]) == [dead_part]
        assert live_part.exists() and live.poll() is None
    finally:
        live.kill()
        live.wait()
    assert dest.read_bytes() == b"before"


def test_locked_makes_read_modify_write_safe_across_processes(tmp_path):
    """Four processes each add 1 to a counter 25 times, reading and rewriting it under the lock:
    no update is lost, and no lock file is left."""
    counter = tmp_path / "counter.txt"
    counter.write_text("0")
    code = ("import sys; from pathlib import Path; from mnist_lessons.files import atomic_write, locked\n"
            "path = Path(sys.argv[1])\n"
            "for _ in range(25):\n"
            "    with locked(path.with_name('counter.lock'), wait=60) as held:\n"
            "        assert held\n"
            "        value = int(path.read_text())\n"
            "        with atomic_write(path) as out:\n"
            "            out.write(str(value + 1).encode())\n")
    processes = [subprocess.Popen([sys.executable, "-c", code, str(counter)], env=dict(os.environ, PYTHONPATH=str(ROOT)))
                 for _ in range(4)]
    assert [p.wait(timeout=120) for p in processes] == [0] * 4
    assert counter.read_text() == "100"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter.txt"]


def test_a_held_lock_is_waited_for_and_a_dead_holders_lock_is_free(tmp_path):
    lock = tmp_path / "progress.json.lock"
    holder = _holder(lock)
    try:
        with files.locked(lock, wait=0.3) as held:
            assert held is False  # the holder is alive: not had in time (the caller may go ahead)
    finally:
        holder.kill()  # SIGKILL: the holder cannot clean up; the kernel releases its lock
        holder.wait()
    with files.locked(lock, wait=0) as held:
        assert held is True
    assert not lock.exists()


def test_user_folders_follow_the_variables_then_the_platform(tmp_path):
    code = "from mnist_lessons.files import cache_dir, data_home; print(cache_dir()); print(data_home())"
    env = {k: v for k, v in os.environ.items() if k not in ("MNIST_LESSONS_CACHE", "MNIST_LESSONS_HOME")}
    home = tmp_path / "home"
    chosen = run_python(code, env=dict(env, HOME=str(home), MNIST_LESSONS_CACHE="~/my-cache",
                                       MNIST_LESSONS_HOME=str(tmp_path / "progress")))
    assert chosen.stdout.splitlines() == [str(home / "my-cache"), str(tmp_path / "progress")], chosen.stderr
    if sys.platform.startswith("linux"):
        xdg = run_python(code, env=dict(env, HOME=str(home), XDG_CACHE_HOME=str(tmp_path / "c"),
                                        XDG_DATA_HOME=str(tmp_path / "d"), MNIST_LESSONS_HOME="  "))
        assert xdg.stdout.splitlines() == [str(tmp_path / "c" / "mnist-lessons"), str(tmp_path / "d" / "mnist-lessons")]
        plain = {k: v for k, v in env.items() if not k.startswith("XDG_")}
        default = run_python(code, env=dict(plain, HOME=str(home)))
        assert default.stdout.splitlines() == [str(home / ".cache" / "mnist-lessons"),
                                               str(home / ".local" / "share" / "mnist-lessons")]
