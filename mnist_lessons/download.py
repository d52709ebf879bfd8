"""Downloading a dataset when no local copy exists (for example on Colab, where the package
is installed without the repository and its ``data/`` folder).

Every file is streamed to a temporary file beside its destination, checked against its
SHA-256, and only then renamed into place: an interrupted or failed download leaves nothing
half-written behind.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from .errors import DownloadError
from .sources import Source

MIRROR_ENV = "MNIST_LESSONS_MIRROR"
"""Environment variable: a base URL to download from instead of the official mirrors
(a classroom's local copy, say). The dataset's file names are appended to it."""

TIMEOUT_SECONDS = 30
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


def download_dataset(source: Source, target_dir: str | Path, *, mirrors=None, progress: bool = True) -> Path:
    """Make sure ``target_dir`` holds the four verified files of ``source``.

    Files already there with the right checksum are kept; missing or damaged ones are
    fetched from the first mirror that serves the right bytes.

    Args:
        source: ``sources.MNIST`` or ``sources.FASHION_MNIST``.
        target_dir: the folder to fill (created if needed).
        mirrors: base URLs to try in order; default ``mirrors_for(source)``.
        progress: print a one-line progress report per file on stdout.

    Returns:
        ``target_dir`` as a ``Path``.

    Raises:
        DownloadError: a file could not be fetched intact from any mirror. The message lists
            every URL tried and why it failed.
    """
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    mirrors = tuple(mirrors) if mirrors is not None else mirrors_for(source)
    for filename, sha256 in source.sha256.items():
        dest = target_dir / filename
        if dest.is_file() and file_sha256(dest) == sha256:
            continue
        failures = []
        for base in mirrors:
            url = base.rstrip("/") + "/" + filename
            try:
                _fetch(url, dest, sha256, label=f"{source.title} {filename}", progress=progress)
                break
            except (OSError, ValueError) as exc:
                failures.append(f"  {url}: {exc}")
        else:
            raise DownloadError(
                f"Could not download {source.title} file {filename!r}.\n"
                "Tried:\n" + "\n".join(failures) + "\n"
                "Nothing was saved. Check your internet connection and run the cell again, or copy "
                f"the four {source.title} .gz files into {target_dir} yourself (or pass their folder as data_dir=)."
            )
    return target_dir


def _fetch(url: str, dest: Path, sha256: str, *, label: str, progress: bool) -> None:
    """Stream ``url`` into ``dest`` through a temporary file; verify it before renaming."""
    fd, tmp_name = tempfile.mkstemp(prefix=dest.name + ".", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        received = 0
        shown = -1
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            total = int(response.headers.get("Content-Length") or 0)
            while chunk := response.read(CHUNK_BYTES):
                out.write(chunk)
                digest.update(chunk)
                received += len(chunk)
                if progress and (step := _step(received, total)) != shown:
                    shown = step
                    _report(label, received, total)
        if progress:
            print(file=sys.stdout, flush=True)
        if total and received != total:
            raise ValueError(f"the connection closed after {received} of {total} bytes")
        if digest.hexdigest() != sha256:
            raise ValueError(f"the file received has SHA-256 {digest.hexdigest()}, expected {sha256} (corrupt copy)")
        os.replace(tmp, dest)
    except urllib.error.HTTPError as exc:
        raise OSError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise OSError(f"could not connect ({exc.reason})") from exc
    except http.client.HTTPException as exc:
        raise OSError(f"the download broke off ({type(exc).__name__})") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _step(received: int, total: int) -> int:
    """Which progress step ``received`` bytes reach: whole percent, or whole MB without a size."""
    return 100 * received // total if total else received // 1_000_000


def _report(label: str, received: int, total: int) -> None:
    mb = received / 1e6
    if total:
        text = f"\rDownloading {label}: {100 * received // total:3d}% of {total / 1e6:.1f} MB"
    else:
        text = f"\rDownloading {label}: {mb:.1f} MB"
    print(text, end="", file=sys.stdout, flush=True)
