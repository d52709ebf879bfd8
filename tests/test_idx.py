import gzip

import numpy as np
import pytest

from mnist_lessons import idx
from mnist_lessons.errors import CorruptDataError

from .conftest import DATA


def _idx_bytes(shape, payload: bytes, magic_type=0x08) -> bytes:
    header = bytes([0, 0, magic_type, len(shape)]) + b"".join(n.to_bytes(4, "big") for n in shape)
    return header + payload


def test_reads_the_real_label_file():
    labels = idx.read_idx(DATA / "mnist" / "t10k-labels-idx1-ubyte.gz", expected_magic=idx.LABELS_MAGIC)
    assert labels.shape == (10000,) and labels.dtype == np.uint8
    assert labels.flags.writeable
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_parses_a_small_array_in_c_order():
    raw = _idx_bytes((2, 3), bytes(range(6)))
    assert idx.parse_idx(raw).tolist() == [[0, 1, 2], [3, 4, 5]]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x00\x00", "too short"),
        (b"\x01\x00\x08\x01" + (1).to_bytes(4, "big") + b"\x00", "wrong magic number 0x01000801"),
        (b"\x00\x00\x0d\x01" + (1).to_bytes(4, "big") + b"\x00\x00\x00\x00", "element type code 0x0d"),
        (b"\x00\x00\x08\x03" + (1).to_bytes(4, "big"), "ends inside it"),
        (_idx_bytes((2, 3), bytes(5)), "needs 6 bytes of data, but the file holds 5"),
        (_idx_bytes((2, 3), bytes(7)), "needs 6 bytes of data, but the file holds 7"),
        (b"\x00\x00\x08\x00", "0 dimensions"),
    ],
)
def test_rejects_malformed_headers_and_payloads(raw, message):
    with pytest.raises(CorruptDataError, match=message):
        idx.parse_idx(raw, name="sample")


def test_rejects_an_image_file_where_labels_are_expected():
    raw = _idx_bytes((1, 2, 2), bytes(4))
    with pytest.raises(CorruptDataError, match="expected 0x00000801"):
        idx.parse_idx(raw, expected_magic=idx.LABELS_MAGIC)


def test_gunzip_turns_damage_into_corrupt_data_error():
    data = gzip.compress(b"x" * 1000)
    with pytest.raises(CorruptDataError, match="not a valid gzip file"):
        idx.gunzip(data[: len(data) // 2], name="half.gz")
    with pytest.raises(CorruptDataError, match="not a valid gzip file"):
        idx.gunzip(b"plain text, not gzip", name="plain.gz")
