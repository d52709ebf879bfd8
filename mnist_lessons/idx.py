"""Reading IDX files, the format MNIST and Fashion-MNIST ship in (gzip-compressed).

An IDX header: two zero bytes, the element type (0x08, unsigned byte), the number of dimensions n,
then n four-byte big-endian sizes; the payload follows in C order. ``data`` decodes a file only
after its SHA-256 matched the original's, so nothing here checks the header.
"""

from __future__ import annotations

import gzip

import numpy as np


def decode_idx_gz(data: bytes) -> np.ndarray:
    """The bytes of an original ``*-ubyte.gz`` file as a read-only ``uint8`` array shaped as its
    header says: ``(60000, 28, 28)`` for MNIST's training images, ``(60000,)`` for its labels."""
    raw = gzip.decompress(data)
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)
