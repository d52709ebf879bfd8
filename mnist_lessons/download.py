"""Downloading a dataset when no local copy exists (for example on Colab, where the package
is installed without the repository and its ``data/`` folder).

Every file is streamed to a temporary ``.part`` file beside its destination, checked against its
SHA-256, and only then renamed into place: a failed download leaves nothing half-written behind.
Every download is bounded:

- **size**: the original's compressed size is known (``sources.py``); a server that sends more
  is cut off one byte past it and the file refused, so an endless body cannot fill the disk;
- **time**: each file has an overall deadline (``DEADLINE_SECONDS``, or the ``deadline=``
  argument, or ``$MNIST_LESSONS_DOWNLOAD_DEADLINE``), however slowly the bytes drip in, and a
  mirror that sends nothing for ``STALL_SECONDS`` is abandoned for the next one;
- **progress**: one line per file, updated while bytes arrive and, when they stop, saying for
  how long nothing has arrived.

A process killed mid-download (SIGTERM, SIGKILL, a restarted kernel) cannot clean up after
itself, so the next download into the same folder removes the ``.part`` files such runs left.
Each live download holds a lock on its ``.part`` file, so several processes can download into
one cache at once: a ``.part`` file still being written is never touched.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import os
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .errors import DataPermissionError, DataSettingError, DownloadError, NotAFolderError
from .sources import Source

try:  # POSIX: advisory locks, released by the kernel when their process dies
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted, which protects it instead
    fcntl = None

MIRROR_ENV = "MNIST_LESSONS_MIRROR"
"""Environment variable: a base URL to download from instead of the official mirrors
(a classroom's local copy, say). The dataset's file names are appended to it."""

DEADLINE_ENV = "MNIST_LESSONS_DOWNLOAD_DEADLINE"
"""Environment variable: the most seconds one file's download may take, over all mirrors."""

DEADLINE_SECONDS = 300.0
"""Default deadline per file: the largest file (26 MB) arrives in time at 1 Mbit/s."""

STALL_SECONDS = 30.0
"""A mirror that sends no byte for this long is abandoned (the next one is tried)."""

STALL_SHOWN_AFTER = 2.0
"""The progress line starts counting the seconds without data after this long."""

CHUNK_BYTES = 1 << 16


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file, as 64 lowercase hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def mirrors_for(source: Source) -> tuple[str, ...]:
    """The base URLs to try for ``source``: ``$MNIST_LESSONS_MIRROR`` alone if set, else the
    official mirrors in order."""
    override = os.environ.get(MIRROR_ENV)
    return (override,) if override else source.mirrors


def deadline_seconds(deadline: float | None = None) -> float:
    """The per-file deadline in seconds: ``deadline`` if given, else ``$MNIST_LESSONS_DOWNLOAD_DEADLINE``,
    else ``DEADLINE_SECONDS``.

    Raises:
        DataSettingError: the value is not a positive number of seconds.
    """
    where, value = ("the deadline argument", deadline) if deadline is not None else (DEADLINE_ENV, os.environ.get(DEADLINE_ENV))
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEADLINE_SECONDS
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
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
    """Make sure ``target_dir`` holds the four verified files of ``source``.

    Files already there with the right size and checksum are kept; missing or damaged ones are
    fetched from the first mirror that serves the right bytes in time. ``.part`` files left by
    killed downloads are removed first.

    Args:
        source: ``sources.MNIST`` or ``sources.FASHION_MNIST``.
        target_dir: the folder to fill (created if needed).
        mirrors: base URLs to try in order; default ``mirrors_for(source)``.
        progress: print a one-line progress report per file on stdout.
        deadline: the most seconds one file may take, over all mirrors; default
            ``deadline_seconds()`` (``$MNIST_LESSONS_DOWNLOAD_DEADLINE``, else 300).

    Returns:
        ``target_dir`` as a ``Path``.

    Raises:
        DownloadError: a file could not be fetched intact, in time, from any mirror (the message
            lists every URL tried and why it failed), or could not be saved.
        DataPermissionError: ``target_dir`` cannot be created or written (not a network problem).
        NotAFolderError: ``target_dir`` or one of its parents is a file.
        DataSettingError: the deadline is not a positive number.
    """
    target_dir = Path(target_dir)
    seconds = deadline_seconds(deadline)
    _make_folder(target_dir)
    remove_stale_parts(target_dir, source.files)
    mirrors = tuple(mirrors) if mirrors is not None else mirrors_for(source)
    for filename, sha256 in source.sha256.items():
        dest = target_dir / filename
        if _is_verified(dest, source.size[filename], sha256):
            continue
        failures = []
        ends_at = time.monotonic() + seconds
        for base in mirrors:
            url = base.rstrip("/") + "/" + filename
            if time.monotonic() >= ends_at:
                failures.append(f"    {url}: not tried, the {seconds:g} s deadline had passed")
                continue
            try:
                _fetch(url, dest, sha256, source.size[filename], label=f"{source.title} {filename}",
                       progress=progress, ends_at=ends_at, deadline=seconds)
                break
            except _LocalError as exc:
                raise exc.error from None
            except (OSError, ValueError) as exc:
                failures.append(f"    {url}: {exc}")
        else:
            raise DownloadError(
                f"Could not download {source.title} file {filename!r}. Nothing was saved.",
                file=dest,
                expected=f"the original file, {source.size[filename]:,} bytes with SHA-256 {sha256}, "
                f"within {seconds:g} s",
                found="no mirror gave it:\n" + "\n".join(failures),
                fix="check your internet connection and run the cell again (a slow connection may need a "
                f"longer deadline: set {DEADLINE_ENV} to more seconds), or copy the four {source.title} .gz "
                f"files into {target_dir} yourself (or pass their folder as data_dir=).",
            )
    return target_dir


def remove_stale_parts(folder: str | Path, filenames) -> list[Path]:
    """Delete the ``<filename>.*.part`` files in ``folder`` that no live download is writing
    (left by a killed process). Returns the paths removed; never raises."""
    removed = []
    for name in filenames:
        try:
            candidates = sorted(Path(folder).glob(f"{name}.*.part"))
        except OSError:
            return removed
        for part in candidates:
            if _remove_if_abandoned(part):
                removed.append(part)
    return removed


def _remove_if_abandoned(part: Path) -> bool:
    if fcntl is None:
        try:
            part.unlink()  # fails while another process has it open
            return True
        except OSError:
            return False
    try:
        fd = os.open(part, os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a live download holds it
        try:
            if os.stat(part).st_ino != os.fstat(fd).st_ino:
                return False  # replaced meanwhile
            part.unlink()
            return True
        except OSError:
            return False
    finally:
        os.close(fd)


class _LocalError(Exception):
    """A problem on this computer (a folder that cannot be written, a full disk), carried out of
    the mirror loop so that it is not blamed on the network."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


def _local_error(exc: OSError, folder: Path) -> _LocalError:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "the disk is read-only" if exc.errno == errno.EROFS else "permission denied"
        # The folder to fix: the download folder, or the nearest existing one it would be made in.
        blocking = next((p for p in (folder, *folder.parents) if os.path.isdir(p)), folder)
        return _LocalError(DataPermissionError(
            f"Cannot save downloads in {folder}: {why}.",
            file=blocking,
            expected="a folder you can write to",
            found=f"{exc.strerror or exc}",
            fix=f"make {blocking} writable, or set MNIST_LESSONS_CACHE to a folder you can write to, or pass "
            "data_dir= a folder that already holds the four .gz files.",
        ))
    return _LocalError(DownloadError(
        f"Cannot save downloads in {folder}: {exc.strerror or exc}.",
        file=folder,
        expected="room to save the file",
        found=f"{exc.strerror or exc}",
        fix="free some disk space, or set MNIST_LESSONS_CACHE to a folder on another disk.",
    ))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise NotAFolderError(
            f"Cannot save downloads in {folder}: it, or a folder above it, is a file.",
            file=folder,
            expected="a folder (or a path where one can be created)",
            found="a file in the way",
            fix="set MNIST_LESSONS_CACHE to a folder, or remove the file in the way.",
        ) from None
    except OSError as exc:
        raise _local_error(exc, folder).error from None


def _is_verified(dest: Path, size: int, sha256: str) -> bool:
    try:
        return dest.stat().st_size == size and file_sha256(dest) == sha256
    except FileNotFoundError:
        return False
    except OSError:
        return False  # unreadable or not a file: download a fresh copy over it


def _new_part(dest: Path) -> tuple[int, Path]:
    """Create and lock a fresh ``<dest>.<random>.part`` file; return its descriptor and path."""
    while True:
        try:
            fd, name = tempfile.mkstemp(prefix=dest.name + ".", suffix=".part", dir=dest.parent)
        except OSError as exc:
            raise _local_error(exc, dest.parent) from None
        if fcntl is None:
            return fd, Path(name)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(name).st_ino == os.fstat(fd).st_ino:
                return fd, Path(name)
        except FileNotFoundError:
            pass
        os.close(fd)  # a cleaner removed it between its creation and our lock: make another


class _Progress:
    """The one-line progress report, redrawn by a background thread twice a second so that a
    transfer that has stopped shows it ("no data for 12 s")."""

    def __init__(self, label: str, size: int, enabled: bool):
        self.label = label
        self.size = size
        self.received = 0
        self.last_data = time.monotonic()
        self._enabled = enabled
        self._width = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True) if enabled else None
        if self._thread:
            self._thread.start()

    def add(self, n: int) -> None:
        self.received += n
        self.last_data = time.monotonic()

    def _line(self) -> str:
        text = f"Downloading {self.label}: {100 * self.received // self.size:3d}% of {self.size / 1e6:.1f} MB"
        quiet = time.monotonic() - self.last_data
        if quiet >= STALL_SHOWN_AFTER:
            text += f", no data for {int(quiet)} s"
        return text

    def _draw(self, text: str, end: str = "") -> None:
        pad = " " * max(0, self._width - len(text))
        self._width = len(text)
        print("\r" + text + pad, end=end, file=sys.stdout, flush=True)

    def _run(self) -> None:
        shown = None
        while not self._done.wait(0.5):
            text = self._line()
            if text != shown:
                self._draw(text)
                shown = text

    def close(self, outcome: str = "") -> None:
        if not self._thread:
            return
        self._done.set()
        self._thread.join()
        self._draw(self._line() + outcome, end="\n")


class _SocketRecorder:
    """Remembers the socket of the HTTP connection urllib opens, so each read can get a timeout
    that ends at the deadline."""

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
            kwargs = {"context": self._context}
            if getattr(self, "_check_hostname", None) is not None:  # Python < 3.12
                kwargs["check_hostname"] = self._check_hostname
            return self.do_open(recording(http.client.HTTPSConnection), req, **kwargs)

    return urllib.request.build_opener(HTTPHandler(), HTTPSHandler())


def _fetch(url: str, dest: Path, sha256: str, size: int, *, label: str, progress: bool, ends_at: float,
           deadline: float) -> None:
    """Stream ``url`` into a locked ``.part`` file beside ``dest``, at most ``size`` bytes, until
    ``ends_at``; verify it, then rename it into place."""
    fd, part = _new_part(dest)
    report = _Progress(label, size, progress)
    outcome = ""
    out = os.fdopen(fd, "wb", buffering=0)  # unbuffered: the .part file grows as bytes arrive
    try:
        digest = hashlib.sha256()
        recorder = _SocketRecorder()

        def timeout() -> float:
            left = ends_at - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"gave up after the {deadline:g} s deadline, with {report.received:,} of {size:,} bytes "
                    f"received (a slow or stalled transfer; set {DEADLINE_ENV} for a longer deadline)"
                )
            return min(STALL_SECONDS, left)

        try:
            with _opener(recorder).open(url, timeout=timeout()) as response:
                offered = response.headers.get("Content-Length")
                if offered is not None and offered.strip().isdigit() and int(offered) != size:
                    raise ValueError(f"the server offers {int(offered):,} bytes, but the file has {size:,}: refused")
                while True:
                    if recorder.sock is not None:
                        recorder.sock.settimeout(timeout())
                    try:
                        chunk = response.read1(min(CHUNK_BYTES, size + 1 - report.received))
                    except TimeoutError:
                        quiet = time.monotonic() - report.last_data
                        timeout()  # raises if the deadline is the reason
                        raise TimeoutError(
                            f"no data for {int(quiet)} s, with {report.received:,} of {size:,} bytes received "
                            "(a stalled transfer)"
                        ) from None
                    if not chunk:
                        break
                    if report.received + len(chunk) > size:
                        raise ValueError(
                            f"the server sent more than the {size:,} bytes the file has; stopped reading and "
                            "refused it"
                        )
                    try:
                        view = memoryview(chunk)
                        while view:
                            view = view[out.write(view) :]
                    except OSError as exc:
                        raise _local_error(exc, dest.parent) from None
                    digest.update(chunk)
                    report.add(len(chunk))
        except urllib.error.HTTPError as exc:
            raise OSError(f"HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                timeout()
                raise TimeoutError(f"no answer within {STALL_SECONDS:g} s") from None
            raise OSError(f"could not connect ({exc.reason})") from None
        except http.client.HTTPException as exc:
            raise OSError(f"the download broke off ({type(exc).__name__})") from None
        if report.received != size:
            raise ValueError(f"the connection closed after {report.received:,} of {size:,} bytes")
        if digest.hexdigest() != sha256:
            raise ValueError(f"the file received has SHA-256 {digest.hexdigest()}, expected {sha256} (corrupt copy)")
        try:
            if fcntl is None:
                out.close()  # Windows cannot rename an open file
            os.replace(part, dest)
        except OSError as exc:
            raise _local_error(exc, dest.parent) from None
    except BaseException as exc:
        outcome = f": failed ({exc})" if not isinstance(exc, _LocalError) else ": failed"
        raise
    finally:
        out.close()
        part.unlink(missing_ok=True)
        report.close(outcome)
