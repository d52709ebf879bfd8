"""Reading IDX files, the format MNIST and Fashion-MNIST are distributed in.

An IDX file is a big-endian header followed by the raw array:

- bytes 0-1: zero;
- byte 2: the element type (0x08 = unsigned byte, the only one these datasets use);
- byte 3: the number of dimensions, n;
- n four-byte big-endian sizes, one per dimension;
- the payload, size[0] * ... * size[n-1] elements in C order.

Read as a big-endian 32-bit integer, the first four bytes are the "magic number":
2051 (0x00000803) for an image file, 2049 (0x00000801) for a label file.

The datasets ship gzip-compressed. Decompression is streamed and capped: a ``.gz`` file is never
allowed to grow past the size its own IDX header promises (or a limit the caller sets), so a
damaged or malicious file (a "gzip bomb", a few kilobytes that inflate to gigabytes) is refused
with memory bounded by that size.
"""

from __future__ import annotations

import math
import zlib
from pathlib import Path

import numpy as np

from .errors import CorruptDataError, DataPermissionError, MissingDataError

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801
UBYTE = 0x08
MAX_DIMENSIONS = 32
"""More dimensions than any IDX file needs (NumPy's own limit is 64)."""

_IN_CHUNK = 1 << 16
_OUT_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"


def _problem(name: str, what: str, *, expected: str, found: str) -> CorruptDataError:
    return CorruptDataError(
        f"{name} is not a valid IDX file: {what}.",
        file=name,
        expected=expected,
        found=found,
        fix="replace it with a fresh copy of the original file.",
    )


def _header(raw, name: str, expected_magic: int | None) -> tuple[int, tuple[int, ...]]:
    """Check an IDX header; return ``(header_length, shape)``. ``raw`` holds at least the header
    (or everything there is, if shorter)."""
    if len(raw) < 4:
        raise _problem(name, "too short for an IDX header", expected="4 bytes at least",
                       found=f"only {len(raw)} bytes")
    magic = int.from_bytes(raw[:4], "big")
    if raw[0] != 0 or raw[1] != 0:
        raise _problem(
            name, f"wrong magic number 0x{magic:08x}",
            expected=f"two zero bytes first (images: 0x{IMAGES_MAGIC:08x}, labels: 0x{LABELS_MAGIC:08x})",
            found=f"0x{magic:08x}",
        )
    if raw[2] != UBYTE:
        raise _problem(name, f"element type code 0x{raw[2]:02x}", expected=f"0x{UBYTE:02x} (unsigned byte)",
                       found=f"0x{raw[2]:02x}")
    if expected_magic is not None and magic != expected_magic:
        kinds = {IMAGES_MAGIC: "an image file", LABELS_MAGIC: "a label file"}
        raise _problem(
            name, f"wrong magic number 0x{magic:08x}, expected 0x{expected_magic:08x}",
            expected=f"0x{expected_magic:08x} ({kinds.get(expected_magic, 'IDX')})",
            found=f"0x{magic:08x} ({kinds.get(magic, 'unknown kind')})",
        )
    ndim = raw[3]
    if ndim == 0:
        raise _problem(name, "the header declares 0 dimensions", expected="1 or more dimensions", found="0")
    if ndim > MAX_DIMENSIONS:
        raise _problem(name, f"the header declares {ndim} dimensions", expected=f"at most {MAX_DIMENSIONS}",
                       found=str(ndim))
    header_len = 4 + 4 * ndim
    if len(raw) < header_len:
        raise _problem(name, f"the header declares {ndim} dimensions but the data ends inside it",
                       expected=f"a header of {header_len} bytes", found=f"{len(raw)} bytes in all")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return header_len, shape


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
    header_len, shape = _header(raw, name, expected_magic)
    expected_len = math.prod(shape)
    payload_len = len(raw) - header_len
    if payload_len != expected_len:
        raise _problem(
            name,
            f"the header declares shape {shape}, which needs {expected_len} bytes of data, "
            f"but the file holds {payload_len}",
            expected=f"{expected_len} bytes of data after the header", found=f"{payload_len} bytes",
        )
    array = _shaped(np.frombuffer(raw, dtype=np.uint8, offset=header_len), shape, name)
    array.flags.writeable = False
    return array


def _shaped(flat: np.ndarray, shape: tuple[int, ...], name: str) -> np.ndarray:
    """``flat`` reshaped to the header's ``shape``; NumPy refuses some shapes of zero size whose
    other dimensions multiply past its limits."""
    try:
        return flat.reshape(shape)
    except ValueError:
        raise _problem(name, f"the header declares shape {shape}, which NumPy cannot hold",
                       expected="dimensions whose product fits in memory", found=str(shape)) from None


class _GzipStream:
    """Decompress gzip bytes on demand, a bounded piece at a time (all members, in order)."""

    def __init__(self, data, name: str):
        self._data = memoryview(data)
        self._name = name
        self._pos = 0  # next byte of compressed input to feed
        self._tail = b""  # fed input zlib has not consumed yet
        self._buffer = bytearray()  # decompressed, not yet read
        self._inflater = None
        self._ended = False
        self.produced = 0  # decompressed bytes so far

    def _damaged(self, what: str) -> CorruptDataError:
        return CorruptDataError(
            f"{self._name} is not a valid gzip file ({what}).",
            file=self._name,
            expected="a complete gzip stream",
            found=what,
            fix="replace it with a fresh copy of the original file.",
        )

    def _inflate_some(self) -> None:
        """Decompress up to ``_OUT_CHUNK`` more bytes into the buffer, or mark the end."""
        if self._inflater is None:  # at the start of a gzip member, or at the end of the data
            rest = self._data[self._pos :]
            if self._pos == 0 and not rest.nbytes:
                raise self._damaged("the file is empty")
            if self._pos and not np.frombuffer(rest, dtype=np.uint8).any():
                self._ended = True  # the end, or zero padding after it (which gzip allows)
                return
            if bytes(rest[:2]) != _GZIP_MAGIC:
                raise self._damaged("unexpected data after the gzip stream" if self._pos else "not gzip data")
            self._inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        if not self._tail:
            if self._pos >= self._data.nbytes:
                raise self._damaged("the compressed data ends early: the file is truncated")
            self._tail = bytes(self._data[self._pos : self._pos + _IN_CHUNK])
            self._pos += len(self._tail)
        try:
            out = self._inflater.decompress(self._tail, _OUT_CHUNK)
        except zlib.error as exc:
            raise self._damaged(str(exc)) from None
        self._tail = self._inflater.unconsumed_tail
        self._buffer += out
        self.produced += len(out)
        if self._inflater.eof:  # one member done; rewind to just after it
            self._pos -= len(self._inflater.unused_data)
            self._tail = b""
            self._inflater = None

    def read(self, n: int) -> bytes:
        """Up to ``n`` decompressed bytes (fewer only at the end of the data)."""
        while len(self._buffer) < n and not self._ended:
            self._inflate_some()
        out = bytes(self._buffer[:n])
        del self._buffer[:n]
        return out

    def read_into(self, out: np.ndarray) -> int:
        """Fill the uint8 array ``out``; return how many bytes it got."""
        filled = 0
        size = out.size
        while filled < size:
            if not self._buffer:
                if self._ended:
                    break
                self._inflate_some()
                continue
            take = min(len(self._buffer), size - filled)
            out[filled : filled + take] = np.frombuffer(self._buffer, dtype=np.uint8, count=take)
            del self._buffer[:take]
            filled += take
        return filled


def gunzip(data: bytes, *, name: str = "gzip data", limit: int | None = None) -> bytes:
    """Decompress gzip bytes, turning every kind of gzip damage into ``CorruptDataError``.

    Args:
        data: the compressed bytes (one or more gzip members).
        name: how to call the data in error messages.
        limit: the most decompressed bytes to accept; decompression stops one byte past it
            and the data is refused, so memory stays bounded (default: no limit).

    Returns:
        The decompressed bytes.
    """
    stream = _GzipStream(data, name)
    if limit is None:
        chunks = []
        while piece := stream.read(_OUT_CHUNK):
            chunks.append(piece)
        return b"".join(chunks)
    out = stream.read(limit + 1)
    if len(out) > limit:
        raise CorruptDataError(
            f"{name} decompresses to more than {limit:,} bytes: refused (a damaged file, or a gzip bomb).",
            file=name,
            expected=f"at most {limit:,} bytes once decompressed",
            found="more; decompression was stopped there",
            fix="replace it with a fresh copy of the original file.",
        )
    return out


def decode_idx_gz(data: bytes, *, name: str = "IDX data", expected_magic: int | None = None,
                  max_bytes: int | None = None) -> np.ndarray:
    """Decompress and decode gzip-compressed IDX bytes, never inflating past the header's promise.

    The header is decompressed first; the payload is then decompressed straight into an array
    of the size the header declares, and one byte more is refused.

    Args:
        data: the ``.gz`` file's bytes.
        name: how to call the data in error messages (usually the file's path).
        expected_magic: see ``parse_idx``.
        max_bytes: if given, refuse a header that promises more decompressed bytes than this.

    Returns:
        A writable ``uint8`` array shaped as the header says.

    Raises:
        CorruptDataError: bad gzip data, a bad header, a payload shorter or longer than the
            header declares, or a promise beyond ``max_bytes``.
    """
    stream = _GzipStream(data, name)
    head = stream.read(4)
    if len(head) == 4:
        head += stream.read(4 * head[3])
    header_len, shape = _header(head, name, expected_magic)
    payload_len = math.prod(shape)
    promised = header_len + payload_len
    # Deflate cannot expand data more than about 1032 times: a larger promise is a lie.
    possible = 1032 * len(data) + 1024
    if (max_bytes is not None and promised > max_bytes) or promised > possible:
        limit = min(max_bytes, possible) if max_bytes is not None else possible
        raise _problem(
            name, f"the header declares shape {shape}, {promised:,} bytes in all, which is too large",
            expected=f"at most {limit:,} bytes", found=f"a promise of {promised:,} bytes",
        )
    array = np.empty(payload_len, dtype=np.uint8)
    got = stream.read_into(array)
    if got < payload_len:
        raise _problem(
            name,
            f"the header declares shape {shape}, which needs {payload_len} bytes of data, but the file holds {got}",
            expected=f"{payload_len} bytes of data after the header", found=f"{got} bytes",
        )
    if stream.read(1):
        raise _problem(
            name,
            f"the header declares shape {shape}, which needs {payload_len} bytes of data, but the file holds more",
            expected=f"{payload_len} bytes of data after the header",
            found="more; decompression was stopped one byte past the promise",
        )
    return _shaped(array, shape, name)


def read_idx(path: str | Path, *, expected_magic: int | None = None, max_bytes: int | None = None) -> np.ndarray:
    """Read a gzip-compressed IDX file (``*-ubyte.gz``) into a writable uint8 array.

    Decompression is capped at the size the file's header promises (see ``decode_idx_gz``).

    Args:
        path: the ``.gz`` file.
        expected_magic: see ``parse_idx``.
        max_bytes: see ``decode_idx_gz``.

    Returns:
        A new ``uint8`` array shaped as the file's header says.

    Raises:
        MissingDataError: there is no such file.
        DataPermissionError: the file cannot be read.
        CorruptDataError: the file is damaged (see ``decode_idx_gz``).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingDataError(f"IDX file {path.name} not found.", file=path, expected="a .gz IDX file",
                               found="no such file", fix="check the path.") from None
    except PermissionError:
        raise DataPermissionError(f"Cannot read {path}: permission denied.", file=path,
                                  expected="a file you can read", found="permission denied",
                                  fix="fix the file's permissions (chmod u+r), or use another copy.") from None
    return decode_idx_gz(data, name=str(path), expected_magic=expected_magic, max_bytes=max_bytes)
