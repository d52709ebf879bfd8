"""Loading MNIST and Fashion-MNIST as ``keras.datasets`` does, offline, and the lessons' conversions.

The files are looked for in ``data_dir=``, else ``$MNIST_LESSONS_DATA`` (either may name the folder
of the four ``.gz`` files or its parent), else the shipped copy (the clone's ``data/``, the wheel's
``datasets/``), else the user cache, downloaded there the first time (Colab). Each file's size and
SHA-256 are checked before it is decoded, once per process. Every problem is a ``DataError``
naming the file, what was expected and found, and the fix; nothing is returned half-loaded.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import numpy as np

from .download import download_dataset
from .errors import (
    CorruptDataError,
    DataPermissionError,
    DataSettingError,
    MissingDataError,
    NotAFolderError,
    WrongDatasetError,
)
from .files import cache_dir, file_sha256
from .idx import decode_idx_gz
from .sources import FASHION_MNIST, KNOWN_SIZES, MNIST, Source, identify

DATA_ENV = "MNIST_LESSONS_DATA"
REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "datasets"  # the wheel's copy (setup.py puts it there)


def shipped_data_dir() -> Path:
    """The folder of the shipped ``mnist/`` and ``fashion-mnist/``: a clone's ``data/``, else the wheel's."""
    in_a_clone = (REPO_DATA_DIR.parent / "pyproject.toml").is_file() and REPO_DATA_DIR.is_dir()
    return REPO_DATA_DIR if in_a_clone else PACKAGE_DATA_DIR

FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot")  # in label order: FASHION_CLASSES[y] names label y

# Decoded, verified arrays by (dataset, path, size, mtime): a second load in the same process is instant.
_verified: dict[tuple[str, str, int, int], np.ndarray] = {}

Split = tuple[np.ndarray, np.ndarray]


def load_mnist(data_dir: str | Path | None = None, *, download: bool = True) -> tuple[Split, Split]:
    """The MNIST digits, as ``keras.datasets.mnist.load_data()`` returns them (see the module for
    where they are found, and ``download=False`` to never download).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 ``(60000, 28, 28)`` pixels 0 (black) to 255,
        uint8 ``(60000,)`` digits 0..9, uint8 ``(10000, 28, 28)``, uint8 ``(10000,)``.

    Raises:
        DataError: missing, corrupt, the wrong dataset, unreadable, not a folder, a bad setting, or
            the download failed (the subclasses in ``mnist_lessons.errors``).
    """
    return _load(MNIST, data_dir, download)


def load_fashion_mnist(data_dir: str | Path | None = None, *, download: bool = True) -> tuple[Split, Split]:
    """Zalando's Fashion-MNIST, as ``keras.datasets.fashion_mnist.load_data()`` returns it.

    Same shapes, dtypes and errors as ``load_mnist``; labels 0..9 name ``FASHION_CLASSES``.
    """
    return _load(FASHION_MNIST, data_dir, download)


def find_data(source: Source, data_dir: str | Path | None = None, *, download: bool = True) -> Path:
    """The folder holding ``source``'s four files, in the module's search order; the errors of ``load_mnist``."""
    what = "data_dir"
    if data_dir is None and os.environ.get(DATA_ENV):
        data_dir, what = os.environ[DATA_ENV], DATA_ENV
    if data_dir is not None:
        how = "the data_dir argument" if what == "data_dir" else f"the {DATA_ENV} environment variable"
        folder = _as_folder(data_dir, what)
        names = _listing(source, folder, how)
        if names is not None and not names & set(source.files) and source.name in names:
            folder = folder / source.name
            names = _listing(source, folder, how)
        _require_files(source, folder, names, how, f"copy the four {source.title} .gz files there (the "
                       f"repository ships them in data/{source.name}/), or leave data_dir unset to use the "
                       "shipped copy or download one.")
        return folder
    repo = shipped_data_dir() / source.name
    how = "the repository's data folder" if repo.parent == REPO_DATA_DIR else "the data shipped in the package"
    names = _listing(source, repo, how)
    if names is not None:
        _require_files(source, repo, names, how, _restore_hint(source, repo).split(". Checksums")[0] + ".")
        return repo
    cache = cache_dir() / source.name
    if download:
        return download_dataset(source, cache)
    how = "the download cache"
    _require_files(source, cache, _listing(source, cache, how), how, "call again with download=True to fetch them.")
    return cache


def is_five(labels: np.ndarray) -> np.ndarray:
    """Integer digit labels 0..9 ``(n,)`` to float32 ``(n,)`` targets: 1.0 for a 5, else 0.0.
    ValueError for anything but a 1-D integer array of 0..9 (one-hot targets, say)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"is_five expects digit labels: a 1-D integer array like y_train (shape (n,)). "
            f"Received shape {labels.shape} with dtype {labels.dtype}. "
            "If these are one-hot targets, pass the original labels instead."
        )
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(
            f"is_five expects digit labels 0..9; received values from {labels.min()} to {labels.max()}."
        )
    return (labels == 5).astype(np.float32)


def scale_pixels(images: np.ndarray) -> np.ndarray:
    """Pixels 0..255 of any shape (uint8 ``(n, 28, 28)``, say) to float32 0..1 of the same shape.
    ValueError for NaN or infinity (saying where), values outside 0..255, or floats already scaled."""
    images = np.asarray(images)
    if not (np.issubdtype(images.dtype, np.integer) or np.issubdtype(images.dtype, np.floating)):
        raise ValueError(f"scale_pixels expects numeric pixel values 0..255; received dtype {images.dtype}.")
    if images.size == 0:
        return images.astype(np.float32)
    low, high = images.min(), images.max()  # NaN if any value is NaN; infinite if any is
    if not (np.isfinite(low) and np.isfinite(high)):
        _refuse_non_finite(images)
    if low < 0 or high > 255:
        raise ValueError(
            f"scale_pixels expects pixel values 0..255; received values from {low} to {high}. "
            "Pass the images as loaded (uint8 0..255)."
        )
    if np.issubdtype(images.dtype, np.floating) and high <= 1.0:
        raise ValueError(
            f"scale_pixels received floats between {low} and {high}: these look already scaled to 0..1. "
            "Scale the uint8 images from load_mnist() once, and use the result directly."
        )
    return images.astype(np.float32) / np.float32(255.0)


def _refuse_non_finite(images: np.ndarray) -> None:
    """Raise ValueError naming where the first NaN or infinity is, and how many there are."""
    where = tuple(int(i) for i in np.unravel_index(np.flatnonzero(~np.isfinite(images))[0], images.shape))
    value = images[where]
    counts = (("NaN", np.isnan(images).sum()), ("+inf", np.isposinf(images).sum()), ("-inf", np.isneginf(images).sum()))
    kinds = ", ".join(f"{int(count)} {label}" for label, count in counts if count)
    image = f" (image {where[0]})" if images.ndim >= 2 else ""
    raise ValueError(
        f"scale_pixels expects finite pixel values 0..255; found {kinds}. The first, {value}, is at index "
        f"{where if len(where) > 1 else where[0]}{image}. Find where they came from (a division by zero? "
        "arithmetic on an empty image?) and fix or drop those images before scaling; "
        "np.flatnonzero(~np.isfinite(images).all(axis=tuple(range(1, images.ndim)))) lists them."
    )


def _load(source: Source, data_dir, download: bool) -> tuple[Split, Split]:
    folder = find_data(source, data_dir, download=download)
    x_train, y_train, x_test, y_test = (_read_verified(source, folder / name) for name in source.files)
    return (x_train.copy(), y_train.copy()), (x_test.copy(), y_test.copy())


def _read_verified(source: Source, path: Path) -> np.ndarray:
    """One file, checked (size, then SHA-256) and decoded once per process, read-only."""
    try:
        stat = path.stat()
        key = (source.name, str(path), stat.st_size, stat.st_mtime_ns)  # verified as *this* dataset's file
        if key in _verified:
            return _verified[key]
        # A file of a size no original has is not read: it cannot be one (a gzip bomb, say).
        data = path.read_bytes() if stat.st_size in KNOWN_SIZES else None
    except PermissionError:
        raise _permission_error(path, folder=False) from None
    except OSError as exc:  # vanished since the folder was listed, a folder, a broken link...
        raise MissingDataError(
            f"Cannot read {path}: {exc.strerror or exc}.",
            file=path,
            expected="the original file",
            found=str(exc.strerror or exc),
            fix=_restore_hint(source, path.parent),
        ) from None
    sha = hashlib.sha256(data).hexdigest() if data is not None else None
    if sha != source.sha256[path.name]:
        raise _mismatch(source, path, stat.st_size, sha)
    _verified[key] = decode_idx_gz(data)
    return _verified[key]


def _mismatch(source: Source, path: Path, size: int, sha: str | None) -> Exception:
    """The error for a file that is not the original: another dataset's file, or a damaged one."""
    name = path.name
    expected = f"{source.title}'s original {name}: {source.size[name]:,} bytes, SHA-256 {source.sha256[name]}"
    known = identify(sha) if sha else None
    if known is None:
        if size == source.size[name]:
            found = f"{size:,} bytes with SHA-256 {sha} (the right size, different content: damaged)"
        else:
            found = f"{size:,} bytes (" + ("shorter than the original: an interrupted copy?)" if size < source.size[name]
                                           else "larger than the original)")
        return CorruptDataError(f"{source.title} file {name} is corrupt: it is not the original file.", file=path,
                                expected=expected, found=found, fix=_restore_hint(source, path.parent))
    other, other_name = known
    found = f"{other.title}'s {other_name}, intact"
    if other is source:
        problem = f"{path} holds {source.title}'s {other_name}, not {name}: files were renamed or swapped."
        fix = ("give each file its original name (`sha256sum *.gz` and compare with SHA256SUMS), or "
               + _restore_hint(source, path.parent))
    elif _folder_holds(other, path.parent):
        problem = f"This folder holds {other.title}, not {source.title}."
        found += f" (all four files in {path.parent} are {other.title}'s)"
        fix = (f"to use this folder, call {_LOADERS[other.name]}(data_dir=...) instead; for {source.title}, pass a "
               f"folder holding {source.title} (the repository ships it in data/{source.name}/), or leave data_dir "
               "unset.")
    else:
        problem = f"{path} is {other.title}'s {other_name}, not {source.title}'s {name}."
        fix = f"replace it with {source.title}'s {name} (the repository ships it in data/{source.name}/)."
    return WrongDatasetError(problem, file=path, expected=expected, found=found, fix=fix)


def _folder_holds(source: Source, folder: Path) -> bool:
    """Whether ``folder`` holds all four of ``source``'s original files (sizes, then checksums)."""
    paths = [folder / name for name in source.files]
    try:
        return (all(p.stat().st_size == source.size[p.name] for p in paths)
                and all(file_sha256(p) == source.sha256[p.name] for p in paths))
    except OSError:
        return False


def _permission_error(path: Path, *, folder: bool) -> DataPermissionError:
    what, kind, mode = ("look inside", "folder", "u+rx") if folder else ("read", "file", "u+r")
    return DataPermissionError(
        f"Cannot {what} {path}: permission denied.",
        file=path,
        expected=f"a {kind} you can {'open and read' if folder else 'read'}",
        found="permission denied",
        fix=f"fix the {kind}'s permissions (chmod {mode} '{path}'), or pass data_dir= to use another copy.",
    )


def _as_folder(value, what: str) -> Path:
    """``value`` (the data_dir argument or an environment variable) as a Path, or a clear error."""
    if isinstance(value, (str, os.PathLike)) and str(value).strip():
        return Path(value)
    received = f"{value!r} ({type(value).__name__})" if not isinstance(value, str) else "an empty string"
    raise DataSettingError(
        f"{what} must name a folder; received {received}.",
        expected="a folder path, a str or pathlib.Path such as 'data' or 'data/mnist'",
        found=received,
        fix="pass the folder holding the four .gz files (or its parent), or leave it unset to use the "
        "shipped copy or download one.",
    )


def _listing(source: Source, folder: Path, how: str) -> set[str] | None:
    """The names in ``folder``, or None if there is no such folder; a ``DataError`` for a file,
    a folder that cannot be read, or a loop of symbolic links."""
    try:
        return set(os.listdir(folder))
    except FileNotFoundError:
        return None
    except PermissionError:
        raise _permission_error(folder, folder=True) from None
    except NotADirectoryError:
        problem, found = f"{folder} is a file, not a folder (chosen by {how}).", "a file"
        fix = (f"pass the folder holding it instead: data_dir='{folder.parent}'." if folder.name in source.files
               else "pass the folder holding the four .gz files (or its parent).")
    except OSError as exc:  # ELOOP, say: symbolic links that lead back to themselves
        problem = f"Cannot open {folder} (chosen by {how}): {exc.strerror or exc}."
        found = "symbolic links that lead back to themselves" if exc.errno == errno.ELOOP else str(exc.strerror or exc)
        fix = (f"point it at the real folder instead (`ls -l '{folder}'` shows where a link leads; "
               "`readlink -f` follows them all), or remove the link that leads back.")
    raise NotAFolderError(problem, file=folder, found=found, fix=fix,
                          expected=f"a folder holding the four {source.title} .gz files, or its parent")


def _require_files(source: Source, folder: Path, names: set[str] | None, how: str, fix: str) -> None:
    missing = [name for name in source.files if name not in (names or ())]
    if missing:
        s = "s" if len(missing) > 1 else ""
        raise MissingDataError(
            f"{source.title} file{s} {', '.join(repr(m) for m in missing)} not found.\n"
            f"Looked in: {folder} (chosen by {how}).",
            file=folder,
            expected=f"the four {source.title} files: {', '.join(source.files)}",
            found=f"no such file{s}" if names is not None else "the folder does not exist",
            fix=fix,
        )


def _restore_hint(source: Source, folder: Path) -> str:
    """What to do about a damaged file in ``folder``."""
    if folder.resolve() == (REPO_DATA_DIR / source.name).resolve():
        fix = f"restore the shipped copy with `git checkout -- data/{source.name}` in the repository"
    elif folder.resolve() == (PACKAGE_DATA_DIR / source.name).resolve():
        fix = "restore the shipped copy with `pip install --force-reinstall --no-deps mnist-lessons`"
    elif folder.resolve() == (cache_dir() / source.name).resolve():
        fix = f"delete the damaged file from {folder} and load again to download a fresh copy"
    else:
        fix = f"replace it with a fresh copy of the original (the repository ships them in data/{source.name}/)"
    return f"{fix}. Checksums: see SHA256SUMS beside the shipped files."


_LOADERS = {MNIST.name: "load_mnist", FASHION_MNIST.name: "load_fashion_mnist"}


__all__ = [
    "FASHION_CLASSES",
    "find_data",
    "is_five",
    "load_fashion_mnist",
    "load_mnist",
    "scale_pixels",
]
