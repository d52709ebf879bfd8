"""Reading IDX files, the format MNIST and Fashion-MNIST are distributed in.

An IDX file is a big-endian header followed by the raw array:

- bytes 0-1: zero;
- byte 2: the element type (0x08 = unsigned byte, the only one these datasets use);
- byte 3: the number of dimensions, n;
- n four-byte big-endian sizes, one per dimension;
- the payload, size[0] * ... * size[n-1] elements in C order.

Read as a big-endian 32-bit integer, the first four bytes are the "magic number":
2051 (0x00000803) for an image file, 2049 (0x00000801) for a label file.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

from .errors import CorruptDataError

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801
UBYTE = 0x08


def parse_idx(raw: bytes, *, name: str = "IDX data", expected_magic: int | None = None) -> np.ndarray:
    """Decode uncompressed IDX bytes into a read-only uint8 array.

    Args:
        raw: the whole decompressed file.
        name: how to call the data in error messages (usually the file's path).
        expected_magic: if given, the magic number the header must carry
            (``IMAGES_MAGIC`` or ``LABELS_MAGIC``).

    Returns:
        A read-only ``uint8`` array whose shape is the header's dimensions, for example
        ``(60000, 28, 28)`` for MNIST's training images or ``(60000,)`` for its labels.

    Raises:
        CorruptDataError: the header is malformed, the magic number or element type is not
            the expected one, or the payload is shorter or longer than the header says.
    """
    if len(raw) < 4:
        raise CorruptDataError(f"{name}: only {len(raw)} bytes, too short for an IDX header (4 bytes at least).")
    magic = int.from_bytes(raw[:4], "big")
    if raw[0] != 0 or raw[1] != 0:
        raise CorruptDataError(
            f"{name}: wrong magic number 0x{magic:08x}; an IDX file starts with two zero bytes "
            f"(images: 0x{IMAGES_MAGIC:08x}, labels: 0x{LABELS_MAGIC:08x})."
        )
    if raw[2] != UBYTE:
        raise CorruptDataError(
            f"{name}: element type code 0x{raw[2]:02x}, expected 0x{UBYTE:02x} (unsigned byte)."
        )
    if expected_magic is not None and magic != expected_magic:
        raise CorruptDataError(f"{name}: wrong magic number 0x{magic:08x}, expected 0x{expected_magic:08x}.")
    ndim = raw[3]
    if ndim == 0:
        raise CorruptDataError(f"{name}: the header declares 0 dimensions.")
    header_len = 4 + 4 * ndim
    if len(raw) < header_len:
        raise CorruptDataError(f"{name}: the header declares {ndim} dimensions but the data ends inside it.")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected_len = int(np.prod(shape, dtype=np.int64))
    payload_len = len(raw) - header_len
    if payload_len != expected_len:
        raise CorruptDataError(
            f"{name}: the header declares shape {shape}, which needs {expected_len} bytes of data, "
            f"but the file holds {payload_len}."
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header_len).reshape(shape)


def gunzip(data: bytes, *, name: str = "gzip data") -> bytes:
    """Decompress gzip bytes, turning every kind of gzip damage into ``CorruptDataError``."""
    try:
        return gzip.decompress(data)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise CorruptDataError(f"{name}: not a valid gzip file ({exc}).") from exc


def read_idx(path: str | Path, *, expected_magic: int | None = None) -> np.ndarray:
    """Read a gzip-compressed IDX file (``*-ubyte.gz``) into a writable uint8 array.

    Args:
        path: the ``.gz`` file.
        expected_magic: see ``parse_idx``.

    Returns:
        A new ``uint8`` array shaped as the file's header says.
    """
    path = Path(path)
    return parse_idx(gunzip(path.read_bytes(), name=str(path)), name=str(path), expected_magic=expected_magic).copy()
