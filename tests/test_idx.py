import gzip
import json
import random
from pathlib import Path

import numpy as np
import pytest

from mnist_lessons import idx
from mnist_lessons.errors import CorruptDataError, DataError, DataPermissionError, MissingDataError

from .conftest import DATA, gzip_bomb, idx_header, run_python


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


def test_decoding_matches_plain_gzip_on_the_real_files():
    # The two training-image files (10 and 26 MB) are decoded by every load test already.
    for folder in ("mnist", "fashion-mnist"):
        for path in sorted((DATA / folder).glob("*.gz")):
            if path.name == "train-images-idx3-ubyte.gz":
                continue
            raw = gzip.decompress(path.read_bytes())
            array = idx.read_idx(path)
            assert array.tobytes() == raw[4 + 4 * raw[3] :], path
            assert array.flags.writeable


def test_gzip_members_padding_and_trailing_garbage():
    one = gzip.compress(b"abc" * 100)
    assert idx.gunzip(one + one) == b"abc" * 200  # several members, as gzip allows
    assert idx.gunzip(one + bytes(10)) == b"abc" * 100  # zero padding, as gzip allows
    for bad, why in [(one + b"junk", "unexpected data after the gzip stream"), (b"", "the file is empty"),
                     (one[:-4], "truncated")]:
        with pytest.raises(CorruptDataError, match=why):
            idx.gunzip(bad, name="sample.gz")


def test_gunzip_stops_one_byte_past_its_limit():
    data = gzip.compress(bytes(10_000))
    assert len(idx.gunzip(data, limit=10_000)) == 10_000
    with pytest.raises(CorruptDataError, match="decompresses to more than 9,999 bytes"):
        idx.gunzip(data, limit=9_999)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (bytes(5), "needs 6 bytes of data, but the file holds 5"),
        (bytes(7), "needs 6 bytes of data, but the file holds more"),
    ],
)
def test_compressed_payload_must_match_the_header(payload, message):
    with pytest.raises(CorruptDataError, match=message):
        idx.decode_idx_gz(gzip.compress(idx_header((2, 3)) + payload), name="sample.gz")


def test_a_header_promising_more_than_deflate_can_hold_is_refused_at_once():
    # 4 * 2**32 - 1 bytes promised by a 40-byte file: refused before any memory is set aside.
    data = gzip.compress(idx_header((0xFFFFFFFF, 0xFFFFFFFF)))
    with pytest.raises(CorruptDataError, match="too large"):
        idx.decode_idx_gz(data, name="liar.gz")
    with pytest.raises(CorruptDataError, match="too large"):
        idx.decode_idx_gz(gzip.compress(idx_header((100, 100)) + bytes(10_000)), max_bytes=5_000)


def test_too_many_dimensions_is_a_clear_error():
    raw = idx_header((1,) * 100) + b"\x00"  # NumPy itself refuses more than 64
    with pytest.raises(CorruptDataError, match="declares 100 dimensions"):
        idx.parse_idx(raw, name="sample")


def test_crafted_headers_only_ever_raise_corrupt_data_error():
    """Random headers and payloads, compressed or not: every failure is a CorruptDataError."""
    rng = random.Random(9)
    for _ in range(3000):
        ndim = rng.choice([0, 1, 2, 3, 4, 33, 255])
        dims = [rng.choice([0, 1, 2, 3, 28, 255, 2**31, 2**32 - 1]) for _ in range(min(ndim, 40))]
        raw = bytes([0, 0, rng.choice([8, 8, 8, 9]), ndim]) + b"".join(d.to_bytes(4, "big") for d in dims)
        raw = raw[: rng.randrange(len(raw) + 1)] + bytes(rng.randrange(20))
        for decode in (lambda r: idx.parse_idx(r), lambda r: idx.decode_idx_gz(gzip.compress(r))):
            try:
                array = decode(raw)
            except CorruptDataError:
                continue
            assert array.dtype == np.uint8 and array.size == len(raw) - 4 - 4 * ndim


def test_read_idx_errors_for_missing_and_unreadable_files(tmp_path):
    with pytest.raises(MissingDataError):
        idx.read_idx(tmp_path / "nothing.gz")
    path = tmp_path / "labels.gz"
    path.write_bytes((DATA / "mnist" / "t10k-labels-idx1-ubyte.gz").read_bytes())
    path.chmod(0o000)
    code = ("from mnist_lessons import idx; from mnist_lessons.errors import DataPermissionError\n"
            f"try:\n    idx.read_idx({str(path)!r})\nexcept DataPermissionError as e:\n    print(e)")
    out = run_python(code, respect_permissions=True)
    assert out.returncode == 0, out.stderr
    assert f"Cannot read {path}: permission denied." in out.stdout
    assert issubclass(DataPermissionError, (DataError, PermissionError))


def test_a_gzip_bomb_is_refused_with_memory_bounded_by_the_header_promise(tmp_path):
    """1 MB that inflates to 1 GB, its header promising 10000 images (7.8 MB): decompression
    stops one byte past the promise; peak memory grows by about that, not by 1 GB."""
    bomb = tmp_path / "bomb-idx3-ubyte.gz"
    bomb.write_bytes(gzip_bomb(idx_header((10000, 28, 28)), 1000))
    if not Path("/proc/self/clear_refs").exists():
        pytest.skip("measures peak memory through Linux's /proc")
    code = f"""
import json
from mnist_lessons import idx
from mnist_lessons.errors import CorruptDataError
def kib(field):
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(field))
open("/proc/self/clear_refs", "w").write("5")  # reset the peak (VmHWM) to the memory in use now
before = kib("VmRSS")
try:
    idx.read_idx({str(bomb)!r})
    problem = None
except CorruptDataError as exc:
    problem = exc.problem
grown = kib("VmHWM") - before
print(json.dumps({{"problem": problem, "grown_mb": grown / 1024}}))
"""
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    print(f"{bomb.stat().st_size / 1e6:.2f} MB gzip bomb (inflates to 1049 MB, header promises 7.84 MB): "
          f"refused, peak memory grew {result['grown_mb']:.1f} MB")
    assert "needs 7840000 bytes of data, but the file holds more" in result["problem"]
    assert result["grown_mb"] < 7.84 + 32  # the promise, one decompressed chunk and the file itself
