"""Downloading a dataset where no local copy exists (Colab, say).

Each file is written with ``files.atomic_write`` and kept only once its SHA-256 matched, so a
failed download leaves nothing half-written, and concurrent downloads into one cache are safe.
Each is bounded in size (cut off past the original's), in time (a deadline per file over all
mirrors; a mirror silent for ``STALL_SECONDS`` is left for the next), and shows one progress line.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .errors import DataPermissionError, DataSettingError, DownloadError, NotAFolderError
from .files import CACHE_ENV, atomic_write, file_sha256, remove_stale_parts
from .sources import Source

MIRROR_ENV = "MNIST_LESSONS_MIRROR"  # a base URL serving <mirror>/mnist/..., as a clone's data/ does
DEADLINE_ENV = "MNIST_LESSONS_DOWNLOAD_DEADLINE"  # the most seconds one file may take, over all mirrors
DEADLINE_SECONDS = 300.0  # the largest file (26 MB) arrives in time at 1 Mbit/s
STALL_SECONDS = 30.0  # a mirror that sends no byte for this long is left for the next
STALL_SHOWN_AFTER = 2.0  # the progress line counts the seconds without data after this long

CHUNK_BYTES = 1 << 16


def mirrors_for(source: Source) -> tuple[str, ...]:
    """The base URLs to try: ``$MNIST_LESSONS_MIRROR/<source.name>/`` alone if set, else the official ones."""
    mirror = os.environ.get(MIRROR_ENV, "").strip()
    return (f"{mirror.rstrip('/')}/{source.name}/",) if mirror else source.mirrors


def deadline_seconds(deadline: float | None = None) -> float:
    """The per-file deadline: ``deadline``, else ``$MNIST_LESSONS_DOWNLOAD_DEADLINE``, else
    ``DEADLINE_SECONDS``; DataSettingError for anything but a positive number of seconds."""
    where, value = ("the deadline argument", deadline) if deadline is not None else (DEADLINE_ENV, os.environ.get(DEADLINE_ENV))
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEADLINE_SECONDS
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = 0
    if not 0 < seconds < float("inf"):
        raise DataSettingError(
            f"{where} must be a positive number of seconds; received {value!r}.",
            expected="a number of seconds greater than 0, such as 600",
            found=repr(value),
            fix=f"set it to the most seconds one file's download may take (default {DEADLINE_SECONDS:.0f}), "
            f"or unset {DEADLINE_ENV}.",
        )
    return seconds


def download_dataset(source: Source, target_dir: str | Path, *, mirrors=None, progress: bool = True,
                     deadline: float | None = None) -> Path:
    """Make ``target_dir`` (a ``Path``, returned) hold ``source``'s four verified files: those there
    intact are kept, the others fetched from the first of ``mirrors`` (default ``mirrors_for``) that
    serves the right bytes within ``deadline_seconds(deadline)``.

    Raises:
        DownloadError: no mirror gave a file (every URL tried and why, and the other ways to get it).
        DataPermissionError, NotAFolderError: ``target_dir`` cannot be written, or a file is in the way.
        DataSettingError: the deadline is not a positive number.
    """
    target_dir = Path(target_dir)
    seconds = deadline_seconds(deadline)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _local_error(exc, target_dir) from None
    remove_stale_parts(target_dir, source.files)
    mirrors = tuple(mirrors) if mirrors is not None else mirrors_for(source)
    for name, sha256 in source.sha256.items():
        dest = target_dir / name
        if _is_verified(dest, source.size[name], sha256):
            continue
        failures = []
        ends_at = time.monotonic() + seconds
        for base in mirrors:
            url = base.rstrip("/") + "/" + name
            if time.monotonic() >= ends_at:
                failures.append(f"    {url}: not tried, the {seconds:g} s deadline had passed")
                continue
            try:
                _fetch(url, dest, sha256, source.size[name], f"{source.title} {name}", progress, ends_at, seconds)
                break
            except _Refused as exc:
                failures.append(f"    {url}: {exc}")
        else:
            raise DownloadError(
                f"Could not download {source.title} file {name!r}. Nothing was saved.",
                file=dest,
                expected=f"the original file, {source.size[name]:,} bytes with SHA-256 {sha256}, within {seconds:g} s",
                found="no mirror gave it:\n" + "\n".join(failures),
                fix=_other_ways(source, target_dir),
            )
    return target_dir


def _other_ways(source: Source, target_dir: Path) -> str:
    """Every way to supply ``source``'s files, for the error that says downloading failed."""
    mirror = os.environ.get(MIRROR_ENV, "").strip()
    loader = "load_mnist" if source.name == "mnist" else "load_fashion_mnist"
    return "\n".join([
        f"supply the four {source.title} .gz files in any of these ways:",
        f"    - a folder holding them (a clone of the course has them in data/{source.name}/; the originals are at "
        f"{source.mirrors[0]}): pass it as {loader}(data_dir=...) or set MNIST_LESSONS_DATA to it, or copy the "
        f"files into {target_dir};",
        f"    - a mirror: set {MIRROR_ENV} to a base URL serving {source.name}/<file name> (such as "
        f"`python -m http.server` run in a clone's data/ folder)"
        + (f"; it is {mirror!r} now, so check that {mirror.rstrip('/')}/{source.name}/ serves them;" if mirror else ";"),
        "    - the official mirrors: " + (f"unset {MIRROR_ENV}, " if mirror else "") + "check the internet connection "
        f"and run the cell again (a slow connection may need a longer deadline: set {DEADLINE_ENV} to more seconds).",
    ])


class _Refused(Exception):
    """What a mirror or the network did wrong; an ``OSError`` outside it is this computer's problem."""


def _local_error(exc: OSError, folder: Path) -> Exception:
    """The error for ``exc``, met while saving downloads in ``folder``: this computer's problem."""
    why = exc.strerror or str(exc)
    # What is in the way: the nearest existing path at or above the download folder.
    blocking = next((p for p in (folder, *folder.parents) if os.path.lexists(p)), folder)
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return NotAFolderError(f"Cannot save downloads in {folder}: {blocking} is a file, not a folder.",
                               file=blocking, expected="a folder (or a path where one can be created)",
                               found="a file in the way", fix=f"set {CACHE_ENV} to a folder, or move the file away.")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return DataPermissionError(
            f"Cannot save downloads in {folder}: {'the disk is read-only' if exc.errno == errno.EROFS else 'permission denied'}.",
            file=blocking,
            expected="a folder you can write to",
            found=why,
            fix=f"make {blocking} writable, or set {CACHE_ENV} to a folder you can write to, or pass "
            "data_dir= a folder that already holds the four .gz files.",
        )
    return DownloadError(f"Cannot save downloads in {folder}: {why}.", file=folder,
                         expected="a folder with room to save the file", found=why,
                         fix=f"free some disk space, or set {CACHE_ENV} to another folder you can write to.")


def _is_verified(dest: Path, size: int, sha256: str) -> bool:
    try:
        return dest.stat().st_size == size and file_sha256(dest) == sha256
    except OSError:
        return False  # missing, unreadable or not a file: download a fresh copy over it


class _Progress:
    """The one-line progress report, redrawn twice a second by a thread (so a stall shows)."""

    def __init__(self, label: str, size: int, enabled: bool):
        self.label, self.size, self.received = label, size, 0
        self.last_data = time.monotonic()
        self._width = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True) if enabled else None
        if self._thread:
            self._thread.start()

    def add(self, n: int) -> None:
        self.received += n
        self.last_data = time.monotonic()

    def _line(self) -> str:
        size = f"{self.size / 1e6:.1f} MB" if self.size >= 100_000 else f"{self.size / 1e3:.1f} kB"
        text = f"Downloading {self.label}: {100 * self.received // self.size:3d}% of {size}"
        quiet = time.monotonic() - self.last_data
        return text + (f", no data for {int(quiet)} s" if quiet >= STALL_SHOWN_AFTER else "")

    def _draw(self, text: str, end: str = "") -> None:
        print("\r" + text.ljust(self._width), end=end, file=sys.stdout, flush=True)
        self._width = len(text)

    def _run(self) -> None:
        shown = None
        while not self._done.wait(0.5):
            if (text := self._line()) != shown:
                self._draw(text)
                shown = text

    def close(self, outcome: str = "") -> None:
        if self._thread:
            self._done.set()
            self._thread.join()
            self._draw(self._line() + outcome, end="\n")


class _SocketRecorder:
    """The socket urllib opens, so each read can get a timeout that ends at the deadline."""

    sock = None


def _opener(recorder: _SocketRecorder) -> urllib.request.OpenerDirector:
    def recording(base):
        class Connection(base):
            def connect(self):
                super().connect()
                recorder.sock = self.sock

        return Connection

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(recording(http.client.HTTPConnection), req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(recording(http.client.HTTPSConnection), req, context=self._context)

    return urllib.request.build_opener(HTTPHandler(), HTTPSHandler())


def _fetch(url: str, dest: Path, sha256: str, size: int, label: str, progress: bool, ends_at: float,
           deadline: float) -> None:
    """Stream ``url`` atomically into ``dest``, kept only if its SHA-256 is ``sha256``."""
    report = _Progress(label, size, progress)
    outcome = ": failed"
    try:
        with atomic_write(dest) as out:
            digest = hashlib.sha256()
            for chunk in _body(url, size, report, ends_at, deadline):
                out.write(chunk)
                out.flush()  # the .part file grows as bytes arrive
                digest.update(chunk)
            if digest.hexdigest() != sha256:
                raise _Refused(f"the file received has SHA-256 {digest.hexdigest()}, expected {sha256} (corrupt copy)")
        outcome = ""
    except _Refused as exc:
        outcome = f": failed ({exc})"
        raise
    except OSError as exc:
        raise _local_error(exc, dest.parent) from None
    finally:
        report.close(outcome)


def _body(url: str, size: int, report: _Progress, ends_at: float, deadline: float):
    """Yield at most ``size`` bytes of ``url``; ``_Refused`` for what the server or network does wrong."""
    recorder = _SocketRecorder()

    def timeout() -> float:
        left = ends_at - time.monotonic()
        if left <= 0:
            raise _Refused(f"gave up after the {deadline:g} s deadline, with {report.received:,} of {size:,} bytes "
                           f"received (a slow or stalled transfer; set {DEADLINE_ENV} for a longer deadline)")
        return min(STALL_SECONDS, left)

    try:
        with _opener(recorder).open(url, timeout=timeout()) as response:
            offered = response.headers.get("Content-Length")
            if offered is not None and offered.strip().isdigit() and int(offered) != size:
                raise _Refused(f"the server offers {int(offered):,} bytes, but the file has {size:,}: refused")
            while True:
                if recorder.sock is not None:
                    recorder.sock.settimeout(timeout())
                try:
                    chunk = response.read1(min(CHUNK_BYTES, size + 1 - report.received))
                except TimeoutError:
                    quiet = time.monotonic() - report.last_data
                    timeout()  # raises if the deadline is the reason
                    raise _Refused(f"no data for {int(quiet)} s, with {report.received:,} of {size:,} bytes "
                                   "received (a stalled transfer)") from None
                if not chunk:
                    break
                if report.received + len(chunk) > size:
                    raise _Refused(f"the server sent more than the {size:,} bytes the file has; stopped reading and "
                                   "refused it")
                report.add(len(chunk))
                yield chunk
    except urllib.error.HTTPError as exc:
        raise _Refused(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            timeout()
            raise _Refused(f"no answer within {STALL_SECONDS:g} s") from None
        raise _Refused(f"could not connect ({exc.reason})") from None
    except (OSError, http.client.HTTPException) as exc:
        raise _Refused(f"the download broke off ({type(exc).__name__})") from None
    if report.received != size:
        raise _Refused(f"the connection closed after {report.received:,} of {size:,} bytes")
