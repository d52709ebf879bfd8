"""The small file operations the package shares, each written once: ``file_sha256``,
``atomic_write`` (whole or absent, via a locked ``.<name>.<random>.part`` beside it),
``locked``, ``remove_stale_parts``, and the user's ``cache_dir()`` and ``data_home()``.

Locks are the kernel's (``flock``; ``msvcrt.locking`` on Windows): a process that dies releases them.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import re
import secrets
import time
from pathlib import Path

import platformdirs

try:  # POSIX
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

APP = "mnist-lessons"
CACHE_ENV = "MNIST_LESSONS_CACHE"  # the cache folder to use instead of the platform's
HOME_ENV = "MNIST_LESSONS_HOME"  # the data folder (progress) to use instead of the platform's

_PART = re.compile(r"\.(.+)\.[0-9a-f]{8}\.part")


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file, as 64 lowercase hex digits (read in 1 MiB pieces)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cache_dir() -> Path:
    """The per-user cache folder: ``$MNIST_LESSONS_CACHE``, else the platform's (``~/.cache/mnist-lessons``)."""
    return _user_folder(CACHE_ENV, platformdirs.user_cache_dir(APP, appauthor=False))


def data_home(*, platform_default: bool = False) -> Path:
    """The per-user data folder: ``$MNIST_LESSONS_HOME`` (unless ``platform_default``), else the
    platform's (``~/.local/share/mnist-lessons``)."""
    default = platformdirs.user_data_dir(APP, appauthor=False, roaming=True)
    return Path(default) if platform_default else _user_folder(HOME_ENV, default)


def _user_folder(variable: str, default: str) -> Path:
    value = os.environ.get(variable, "").strip()
    return Path(value).expanduser() if value else Path(default)


def _try_lock(fd: int) -> bool:
    """Take an exclusive lock on the open file ``fd`` without waiting; whether it was had."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False


def _still_linked(path: Path, fd: int) -> bool:
    """Whether ``path`` still names the file open as ``fd`` (not removed or replaced meanwhile)."""
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except OSError:
        return False


@contextlib.contextmanager
def locked(path: str | Path, *, wait: float = 3.0):
    """Hold the lock file ``path`` (removed afterwards) for the ``with`` block, waiting up to ``wait``
    seconds; yields whether it was had (the caller may go on anyway when its writes are atomic)."""
    path = Path(path)
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        if _try_lock(fd):
            if _still_linked(path, fd):
                break
        elif time.monotonic() >= deadline:
            os.close(fd)
            yield False
            return
        else:
            time.sleep(0.02)
        os.close(fd)  # not had, or removed by the holder as we took it: open the current one
    try:
        yield True
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


def _new_part(dest: Path) -> tuple[int, Path]:
    """Create and lock a fresh ``.<dest name>.<random>.part`` file beside ``dest``."""
    while True:
        part = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(part, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        if _try_lock(fd) and _still_linked(part, fd):
            return fd, part
        os.close(fd)  # a cleaner took it between its creation and our lock: make another


@contextlib.contextmanager
def atomic_write(dest: str | Path, *, overwrite: bool = True):
    """Write ``dest`` whole or not at all: yields a binary file (a locked ``.part``), renamed into place
    when the block ends normally. ``overwrite=False`` raises ``FileExistsError`` rather than replace."""
    dest = Path(dest)
    fd, part = _new_part(dest)
    out = os.fdopen(fd, "wb")
    try:
        yield out
        out.flush()
        os.fsync(out.fileno())
        if fcntl is None:
            out.close()  # Windows cannot rename an open file
        if overwrite:
            os.replace(part, dest)
        else:
            try:
                os.link(part, dest)  # fails if dest exists
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if dest.exists():
                    raise FileExistsError(dest) from None
                os.replace(part, dest)
    finally:
        out.close()
        part.unlink(missing_ok=True)


def remove_stale_parts(folder: str | Path, names) -> list[Path]:
    """Delete the ``.part`` files no live writer holds in ``folder``, for names matching the glob
    patterns ``names``; return the paths removed. Never raises."""
    removed = []
    with contextlib.suppress(OSError):
        for part in sorted(Path(folder).glob(".*.part")):
            match = _PART.fullmatch(part.name)
            if match and any(fnmatch.fnmatchcase(match[1], name) for name in names) and _remove_if_abandoned(part):
                removed.append(part)
    return removed


def _remove_if_abandoned(part: Path) -> bool:
    try:
        fd = os.open(part, os.O_RDONLY)
    except OSError:
        return False
    try:
        if not (_try_lock(fd) and _still_linked(part, fd)):
            return False  # a live writer holds it, or it is gone
        if fcntl is None:
            os.close(fd)  # Windows cannot delete an open file
            fd = -1
        part.unlink()
        return True
    except OSError:
        return False
    finally:
        if fd >= 0:
            os.close(fd)
