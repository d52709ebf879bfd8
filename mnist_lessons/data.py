"""Loading MNIST and Fashion-MNIST, and the small conversions the lessons need.

``load_mnist()`` and ``load_fashion_mnist()`` return exactly what ``keras.datasets`` returns,
without the internet:

    (x_train, y_train), (x_test, y_test) = load_mnist()

Where the files are looked for, in order:

1. the ``data_dir=`` argument;
2. the folder named by the environment variable ``MNIST_LESSONS_DATA``;
3. the repository's ``data/`` folder (the verified copies shipped with the course);
4. a per-user cache (``$MNIST_LESSONS_CACHE``, else ``$XDG_CACHE_HOME/mnist-lessons``, else
   ``~/.cache/mnist-lessons``), downloading the files from the official mirrors the first time
   (this is the path taken when the package is installed without the repository, as on Colab).

``data_dir`` and ``MNIST_LESSONS_DATA`` may name either the folder holding the four ``.gz``
files or its parent (the one holding ``mnist/`` and ``fashion-mnist/``).

Every file is checked the first time a process reads it: its size and SHA-256 first (a file that
is not the original is never decompressed), then, while decompressing, its gzip integrity and IDX
header, with decompression capped at the size the header promises. Later loads reuse the decoded
arrays and return fresh copies.

Every problem raises a ``DataError`` (see ``mnist_lessons.errors``) whose message names the file,
what was expected, what was found and the fix; nothing is ever returned half-loaded. An intact file
of the other dataset is recognised ("this folder holds MNIST, not Fashion-MNIST").
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from . import idx
from .cache import CACHE_ENV, cache_dir
from .download import download_dataset
from .errors import (
    CorruptDataError,
    DataPermissionError,
    DataSettingError,
    MissingDataError,
    NotAFolderError,
    WrongDatasetError,
)
from .sources import (
    FASHION_MNIST,
    KNOWN_SIZES,
    MNIST,
    TEST_IMAGES,
    TEST_LABELS,
    TRAIN_IMAGES,
    TRAIN_LABELS,
    Source,
    identify,
)

DATA_ENV = "MNIST_LESSONS_DATA"
REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

FASHION_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
"""Fashion-MNIST's class names, in label order: ``FASHION_CLASSES[y]`` names label ``y``."""

# Decoded, verified arrays by (dataset, path, size, mtime): a second load in the same process is instant.
_verified: dict[tuple[str, str, int, int], np.ndarray] = {}

Split = tuple[np.ndarray, np.ndarray]


def load_mnist(data_dir: str | Path | None = None, *, download: bool = True) -> tuple[Split, Split]:
    """The MNIST handwritten digits, as ``keras.datasets.mnist.load_data()`` returns them.

    Args:
        data_dir: a folder holding the four MNIST ``.gz`` files (or its parent holding
            ``mnist/``). Default: see the module's search order.
        download: when no local copy exists, download one into the user cache.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: ``x_train`` uint8 ``(60000, 28, 28)`` with
        pixels 0 (black) to 255 (white), ``y_train`` uint8 ``(60000,)`` with digits 0..9,
        ``x_test`` uint8 ``(10000, 28, 28)``, ``y_test`` uint8 ``(10000,)``.

    Raises:
        MissingDataError: a file is missing (the message says which, where, and the fix).
        CorruptDataError: a file is damaged (the message names it and how to restore it).
        WrongDatasetError: a file is intact but is Fashion-MNIST's (or another MNIST file).
        DataPermissionError: a file or folder cannot be read, or the download cache written.
        NotAFolderError: ``data_dir``, ``MNIST_LESSONS_DATA`` or the cache names a file.
        DataSettingError: ``data_dir`` is not a path (``data_dir=5``, say).
        DownloadError: the files had to be downloaded and could not be.
        All of these are ``mnist_lessons.errors.DataError``; each message names the file, what
        was expected, what was found, and the fix.
    """
    return _load(MNIST, data_dir, download)


def load_fashion_mnist(data_dir: str | Path | None = None, *, download: bool = True) -> tuple[Split, Split]:
    """Zalando's Fashion-MNIST, as ``keras.datasets.fashion_mnist.load_data()`` returns it.

    Same shapes and dtypes as ``load_mnist``; labels 0..9 name ``FASHION_CLASSES``.
    """
    return _load(FASHION_MNIST, data_dir, download)


def find_data(source: Source, data_dir: str | Path | None = None, *, download: bool = True) -> Path:
    """The folder holding ``source``'s four files, following the module's search order.

    Raises:
        MissingDataError: the folder chosen lacks a file (or, with ``download=False``, no
            local copy exists anywhere).
        DataSettingError, NotAFolderError, DataPermissionError, DownloadError: see ``load_mnist``.
    """
    if data_dir is not None:
        return _explicit_dir(source, _as_folder(data_dir, "data_dir"), "the data_dir argument")
    if os.environ.get(DATA_ENV):
        return _explicit_dir(source, _as_folder(os.environ[DATA_ENV], DATA_ENV),
                             f"the {DATA_ENV} environment variable")
    repo = REPO_DATA_DIR / source.name
    if _is_dir(repo):
        _require_files(
            source,
            repo,
            "the repository's data folder",
            f"restore the shipped copy with `git checkout -- data/{source.name}` in the repository.",
        )
        return repo
    root = cache_dir()
    how = f"the {CACHE_ENV} environment variable" if os.environ.get(CACHE_ENV) else "the default cache location"
    if _exists(root) and not _is_dir(root):
        raise NotAFolderError(
            f"The download cache {root} is a file, not a folder.",
            file=root,
            expected=f"a folder to keep downloaded datasets in (chosen by {how})",
            found="a file",
            fix=f"set {CACHE_ENV} to a folder (it is created if missing), or unset it to use "
            "~/.cache/mnist-lessons; or pass data_dir= a folder holding the four .gz files.",
        )
    cache = root / source.name
    if download:
        return download_dataset(source, cache)
    _require_files(source, cache, "the download cache", "call again with download=True to fetch them.")
    return cache


def is_five(labels: np.ndarray) -> np.ndarray:
    """Digit labels to five-vs-not-five targets.

    Args:
        labels: integer digit labels 0..9, shape ``(n,)`` (as returned by ``load_mnist``).

    Returns:
        float32 array of shape ``(n,)``: 1.0 where the label is 5, else 0.0.

    Raises:
        ValueError: the labels are not a 1-D array of integers 0..9 (one-hot targets, say).
    """
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
    """Pixel values 0..255 to float32 0..1 (divide by 255), refusing data already scaled.

    Args:
        images: pixels 0..255 of any shape, usually uint8 ``(n, 28, 28)``.

    Returns:
        float32 array of the same shape with values in 0..1.

    Raises:
        ValueError: the values include NaN or infinity (the message says where), are outside
            0..255, or are floats no larger than 1.0 (already scaled: scaling twice would divide
            by 255 again and leave the images almost black).
    """
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
    bad = np.flatnonzero(~np.isfinite(images))
    if not bad.size:
        return
    where = tuple(int(i) for i in np.unravel_index(bad[0], images.shape))
    value = images[where]
    kinds = ", ".join(
        f"{count} {label}"
        for label, count in (
            ("NaN", int(np.isnan(images).sum())),
            ("+inf", int(np.isposinf(images).sum())),
            ("-inf", int(np.isneginf(images).sum())),
        )
        if count
    )
    image = f" (image {where[0]})" if images.ndim >= 2 else ""
    raise ValueError(
        f"scale_pixels expects finite pixel values 0..255; found {kinds}. The first, {value}, is at index "
        f"{where if len(where) > 1 else where[0]}{image}. Find where they came from (a division by zero? "
        "arithmetic on an empty image?) and fix or drop those images before scaling; "
        "np.flatnonzero(~np.isfinite(images).all(axis=tuple(range(1, images.ndim)))) lists them."
    )


def _load(source: Source, data_dir, download: bool) -> tuple[Split, Split]:
    folder = find_data(source, data_dir, download=download)
    x_train = _read_verified(source, folder / TRAIN_IMAGES, idx.IMAGES_MAGIC)
    y_train = _read_verified(source, folder / TRAIN_LABELS, idx.LABELS_MAGIC)
    x_test = _read_verified(source, folder / TEST_IMAGES, idx.IMAGES_MAGIC)
    y_test = _read_verified(source, folder / TEST_LABELS, idx.LABELS_MAGIC)
    for images, labels, name in ((x_train, y_train, "training"), (x_test, y_test, "test")):
        if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.ndim != 1 or len(images) != len(labels):
            raise CorruptDataError(
                f"{source.title} {name} files in {folder} do not fit together.",
                file=folder,
                expected="images (n, 28, 28) and labels (n,) with the same n",
                found=f"images {images.shape}, labels {labels.shape}",
                fix=_restore_hint(source, folder),
            )
    return (x_train.copy(), y_train.copy()), (x_test.copy(), y_test.copy())


def _read_verified(source: Source, path: Path, magic: int) -> np.ndarray:
    """Verify one file (size, then SHA-256), then decode it with capped decompression, once per
    process; the cached array is read-only."""
    stat = _stat(path)
    key = (source.name, str(path), stat.st_size, stat.st_mtime_ns)  # verified as *this* dataset's file
    if key in _verified:
        return _verified[key]
    expected_size = source.size[path.name]
    expected_sha = source.sha256[path.name]
    if stat.st_size != expected_size:
        # Not the original: read it only if it could be another original file (a known size).
        sha = _sha256(path) if stat.st_size in KNOWN_SIZES else None
        raise _mismatch(source, path, stat.st_size, sha)
    data = _read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    if sha != expected_sha:
        raise _mismatch(source, path, len(data), sha)
    # The bytes are the original's, so this cannot fail unless the checksums above are wrong;
    # the cap (the size the header promises) still bounds the memory it may take.
    array = idx.decode_idx_gz(data, name=str(path), expected_magic=magic)
    array.flags.writeable = False
    _verified[key] = array
    return array


def _mismatch(source: Source, path: Path, size: int, sha: str | None) -> Exception:
    """The error for a file that is not the original: another dataset's file, or a damaged one."""
    name = path.name
    expected = f"{source.title}'s original {name}: {source.size[name]:,} bytes, SHA-256 {source.sha256[name]}"
    known = identify(sha) if sha else None
    if known is not None:
        other, other_name = known
        found = f"{other.title}'s {other_name}, intact"
        if other is not source:
            if _folder_holds(other, path.parent):
                return WrongDatasetError(
                    f"This folder holds {other.title}, not {source.title}.",
                    file=path,
                    expected=expected,
                    found=found + f" (all four files in {path.parent} are {other.title}'s)",
                    fix=f"to use this folder, call {_LOADERS[other.name]}(data_dir=...) instead; for "
                    f"{source.title}, pass a folder holding {source.title} (the repository ships it in "
                    f"data/{source.name}/), or leave data_dir unset.",
                )
            return WrongDatasetError(
                f"{path} is {other.title}'s {other_name}, not {source.title}'s {name}.",
                file=path,
                expected=expected,
                found=found,
                fix=f"replace it with {source.title}'s {name} (the repository ships it in data/{source.name}/).",
            )
        return WrongDatasetError(
            f"{path} holds {source.title}'s {other_name}, not {name}: files were renamed or swapped.",
            file=path,
            expected=expected,
            found=found,
            fix=f"give each file its original name (`sha256sum *.gz` and compare with SHA256SUMS), or "
            f"{_restore_hint(source, path.parent)}",
        )
    if sha is None:
        shorter = "shorter than the original: an interrupted copy?" if size < source.size[name] else "larger"
        found = f"{size:,} bytes ({shorter})"
    else:
        found = f"{size:,} bytes with SHA-256 {sha} (the right size, different content: damaged)"
    return CorruptDataError(
        f"{source.title} file {name} is corrupt: it is not the original file.",
        file=path,
        expected=expected,
        found=found,
        fix=_restore_hint(source, path.parent),
    )


def _folder_holds(source: Source, folder: Path) -> bool:
    """Whether ``folder`` holds all four of ``source``'s original files (sizes, then checksums)."""
    try:
        paths = [folder / name for name in source.files]
        if any(p.stat().st_size != source.size[p.name] for p in paths):
            return False
        return all(_sha256(p) == source.sha256[p.name] for p in paths)
    except OSError:
        return False


def _sha256(path: Path) -> str:
    return hashlib.sha256(_read_bytes(path)).hexdigest()


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise _permission_error(path, folder=False) from None
    except FileNotFoundError:
        raise _disappeared(path) from None


def _disappeared(path: Path) -> MissingDataError:
    """The error for a file that vanished between being found and being read."""
    return MissingDataError(
        f"{path.name} disappeared while it was being loaded.",
        file=path,
        expected="the file to stay in place",
        found="no such file any more",
        fix="run the cell again; if it keeps happening, check what else changes that folder.",
    )


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except PermissionError:
        raise _permission_error(path.parent, folder=True) from None
    except FileNotFoundError:
        raise _disappeared(path) from None


def _permission_error(path: Path, *, folder: bool) -> DataPermissionError:
    if folder:
        return DataPermissionError(
            f"Cannot look inside {path}: permission denied.",
            file=path,
            expected="a folder you can open and read",
            found="permission denied",
            fix=f"fix the folder's permissions (chmod u+rx '{path}'), or pass data_dir= to use another copy.",
        )
    return DataPermissionError(
        f"Cannot read {path}: permission denied.",
        file=path,
        expected="a file you can read",
        found="permission denied",
        fix=f"fix the file's permissions (chmod u+r '{path}'), or pass data_dir= to use another copy.",
    )


def _exists(path: Path) -> bool:
    try:
        path.stat()
        return True
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        return False
    except PermissionError:
        raise _permission_error(path.parent, folder=True) from None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except PermissionError:
        raise _permission_error(path.parent, folder=True) from None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except PermissionError:
        raise _permission_error(path.parent, folder=True) from None


def _as_folder(value, what: str) -> Path:
    """``value`` (the data_dir argument or an environment variable) as a Path, or a clear error."""
    path = None
    if isinstance(value, (str, os.PathLike)):
        try:
            path = Path(value)
        except TypeError:
            path = None
    if path is None or not str(value).strip():
        received = f"{value!r} ({type(value).__name__})" if not isinstance(value, str) else "an empty string"
        raise DataSettingError(
            f"{what} must name a folder; received {received}.",
            file=None,
            expected="a folder path, a str or pathlib.Path such as 'data' or 'data/mnist'",
            found=received,
            fix="pass the folder holding the four .gz files (or its parent), or leave it unset to use the "
            "shipped copy or download one.",
        )
    return path


def _explicit_dir(source: Source, folder: Path, how: str) -> Path:
    if _exists(folder) and not _is_dir(folder):
        hint = (
            f"pass the folder holding it instead: data_dir='{folder.parent}'."
            if folder.name in source.files
            else "pass the folder holding the four .gz files (or its parent)."
        )
        raise NotAFolderError(
            f"{folder} is a file, not a folder (chosen by {how}).",
            file=folder,
            expected=f"a folder holding the four {source.title} .gz files, or its parent",
            found="a file",
            fix=hint,
        )
    if not _has_any(source, folder) and _has_any(source, folder / source.name):
        folder = folder / source.name
    _require_files(
        source,
        folder,
        how,
        f"copy the four {source.title} .gz files there (the repository ships them in data/{source.name}/), "
        "or leave data_dir unset to use the shipped copy or download one.",
    )
    return folder


def _has_any(source: Source, folder: Path) -> bool:
    return any(_is_file(folder / name) for name in source.files)


def _require_files(source: Source, folder: Path, how: str, fix: str) -> None:
    missing = [name for name in source.files if not _is_file(folder / name)]
    if missing:
        found = "no such file" + ("s" if len(missing) > 1 else "")
        if not _exists(folder):
            found = "the folder does not exist"
        raise MissingDataError(
            f"{source.title} file{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)} "
            f"not found.\nLooked in: {folder} (chosen by {how}).",
            file=folder,
            expected=f"the four {source.title} files: {', '.join(source.files)}",
            found=found,
            fix=fix,
        )


def _restore_hint(source: Source, folder: Path) -> str:
    """What to do about a damaged file in ``folder``."""
    if folder.resolve() == (REPO_DATA_DIR / source.name).resolve():
        fix = f"restore the shipped copy with `git checkout -- data/{source.name}` in the repository"
    elif folder.resolve() == (cache_dir() / source.name).resolve():
        fix = f"delete the damaged file from {folder} and load again to download a fresh copy"
    else:
        fix = f"replace it with a fresh copy of the original (the repository ships them in data/{source.name}/)"
    return f"{fix}. Checksums: see SHA256SUMS beside the shipped files."


_LOADERS = {MNIST.name: "load_mnist", FASHION_MNIST.name: "load_fashion_mnist"}


__all__ = [
    "FASHION_CLASSES",
    "cache_dir",
    "find_data",
    "is_five",
    "load_fashion_mnist",
    "load_mnist",
    "scale_pixels",
]
