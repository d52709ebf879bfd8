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

Every file is checked (gzip integrity, IDX header, payload length, SHA-256) the first time a
process reads it; later loads reuse the decoded arrays and return fresh copies.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from . import idx
from .download import download_dataset
from .errors import CorruptDataError, MissingDataError
from .sources import FASHION_MNIST, MNIST, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS, Source

DATA_ENV = "MNIST_LESSONS_DATA"
CACHE_ENV = "MNIST_LESSONS_CACHE"
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

# Decoded, verified arrays by (path, size, mtime): a second load in the same process is instant.
_verified: dict[tuple[str, int, int], np.ndarray] = {}

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
        DownloadError: the files had to be downloaded and could not be.
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
    """
    if data_dir is not None:
        return _explicit_dir(source, Path(data_dir), "the data_dir argument")
    if os.environ.get(DATA_ENV):
        return _explicit_dir(source, Path(os.environ[DATA_ENV]), f"the {DATA_ENV} environment variable")
    repo = REPO_DATA_DIR / source.name
    if repo.is_dir():
        _require_files(
            source,
            repo,
            "the repository's data folder",
            f"restore the shipped copy with `git checkout -- data/{source.name}` in the repository.",
        )
        return repo
    cache = cache_dir() / source.name
    if download:
        return download_dataset(source, cache)
    _require_files(source, cache, "the download cache", "call again with download=True to fetch them.")
    return cache


def cache_dir() -> Path:
    """The per-user folder downloads go to: ``$MNIST_LESSONS_CACHE``, else
    ``$XDG_CACHE_HOME/mnist-lessons``, else ``~/.cache/mnist-lessons``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mnist-lessons"


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
        ValueError: the values are outside 0..255, or they are floats no larger than 1.0
            (already scaled: scaling twice would divide by 255 again and leave the images
            almost black).
    """
    images = np.asarray(images)
    if not (np.issubdtype(images.dtype, np.integer) or np.issubdtype(images.dtype, np.floating)):
        raise ValueError(f"scale_pixels expects numeric pixel values 0..255; received dtype {images.dtype}.")
    if images.size == 0:
        return images.astype(np.float32)
    low, high = images.min(), images.max()
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


def _load(source: Source, data_dir, download: bool) -> tuple[Split, Split]:
    folder = find_data(source, data_dir, download=download)
    x_train = _read_verified(source, folder / TRAIN_IMAGES, idx.IMAGES_MAGIC)
    y_train = _read_verified(source, folder / TRAIN_LABELS, idx.LABELS_MAGIC)
    x_test = _read_verified(source, folder / TEST_IMAGES, idx.IMAGES_MAGIC)
    y_test = _read_verified(source, folder / TEST_LABELS, idx.LABELS_MAGIC)
    for images, labels, name in ((x_train, y_train, "training"), (x_test, y_test, "test")):
        if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.ndim != 1 or len(images) != len(labels):
            raise CorruptDataError(
                f"{source.title} {name} files in {folder} do not fit together: images {images.shape}, "
                f"labels {labels.shape}. {_restore_hint(source, folder)}"
            )
    return (x_train.copy(), y_train.copy()), (x_test.copy(), y_test.copy())


def _read_verified(source: Source, path: Path, magic: int) -> np.ndarray:
    """Decode and verify one file (once per process); the cached array is read-only."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _verified:
        return _verified[key]
    data = path.read_bytes()
    try:
        array = idx.parse_idx(idx.gunzip(data, name=path.name), name=path.name, expected_magic=magic)
    except CorruptDataError as exc:
        raise CorruptDataError(f"{source.title} file {path} is corrupt: {exc}\n{_restore_hint(source, path.parent)}") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != source.sha256[path.name]:
        raise CorruptDataError(
            f"{source.title} file {path} is corrupt: its SHA-256 is {actual}, "
            f"expected {source.sha256[path.name]} (the original file's).\n{_restore_hint(source, path.parent)}"
        )
    _verified[key] = array
    return array


def _explicit_dir(source: Source, folder: Path, how: str) -> Path:
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
    return any((folder / name).is_file() for name in source.files)


def _require_files(source: Source, folder: Path, how: str, fix: str) -> None:
    missing = [name for name in source.files if not (folder / name).is_file()]
    if missing:
        raise MissingDataError(
            f"{source.title} file{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)} "
            f"not found.\nLooked in: {folder} (chosen by {how}).\nTo fix: {fix}"
        )


def _restore_hint(source: Source, folder: Path) -> str:
    if folder.resolve() == (REPO_DATA_DIR / source.name).resolve():
        fix = f"restore the shipped copy with `git checkout -- data/{source.name}` in the repository"
    elif folder.resolve() == (cache_dir() / source.name).resolve():
        fix = f"delete the damaged file from {folder} and load again to download a fresh copy"
    else:
        fix = f"replace it with a fresh copy of the original (the repository ships them in data/{source.name}/)"
    return f"To fix: {fix}. Checksums: see SHA256SUMS beside the shipped files."


__all__ = [
    "FASHION_CLASSES",
    "cache_dir",
    "find_data",
    "is_five",
    "load_fashion_mnist",
    "load_mnist",
    "scale_pixels",
]
