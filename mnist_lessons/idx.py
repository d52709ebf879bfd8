"""Reading IDX files, the format MNIST and Fashion-MNIST are distributed in (gzip-compressed).

An IDX file is a big-endian header followed by the raw array:

- bytes 0-1: zero;
- byte 2: the element type (0x08 = unsigned byte, the only one these datasets use);
- byte 3: the number of dimensions, n;
- n four-byte big-endian sizes, one per dimension;
- the payload, size[0] * ... * size[n-1] elements in C order.

Read as a big-endian 32-bit integer, the first four bytes are the "magic number":
2051 (0x00000803) for an image file, 2049 (0x00000801) for a label file.

``mnist_lessons.data`` decodes a file only after its size and SHA-256 have matched the
original's, so nothing here checks the header: it is the original's.
"""

from __future__ import annotations

import gzip

import numpy as np


def decode_idx_gz(data: bytes) -> np.ndarray:
    """Decompress and decode the bytes of an original ``*-ubyte.gz`` file.

    Returns:
        A read-only ``uint8`` array shaped as the header says, for example ``(60000, 28, 28)``
        for MNIST's training images or ``(60000,)`` for its labels.
    """
    raw = gzip.decompress(data)
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)
