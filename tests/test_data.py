import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from mnist_lessons import data
from mnist_lessons.data import FASHION_CLASSES, is_five, load_fashion_mnist, load_mnist, scale_pixels
from mnist_lessons.errors import CorruptDataError, MissingDataError
from mnist_lessons.sources import SOURCES

from .conftest import DATA, ROOT

MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_load_mnist_matches_keras_layout_and_known_counts():
    (x_train, y_train), (x_test, y_test) = load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert y_train.shape == (60000,) and y_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert y_test.shape == (10000,) and y_test.dtype == np.uint8
    assert np.bincount(y_train).tolist() == MNIST_TRAIN_COUNTS
    assert np.bincount(y_test).tolist() == MNIST_TEST_COUNTS
    assert x_train.max() == 255 and x_train.min() == 0


def test_load_fashion_mnist_has_balanced_classes():
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert len(FASHION_CLASSES) == 10 and FASHION_CLASSES[0] == "T-shirt/top" and FASHION_CLASSES[9] == "Ankle boot"


def test_every_load_returns_fresh_writable_arrays():
    (x1, y1), _ = load_mnist()
    x1[0, 0, 0] = 77
    y1[0] = 9
    (x2, y2), _ = load_mnist()
    assert x2[0, 0, 0] == 0 and y2[0] == 5
    assert x2.flags.writeable


def test_import_is_fast_and_does_not_import_tensorflow():
    code = (
        "import time, sys; t = time.perf_counter(); import mnist_lessons; dt = time.perf_counter() - t;"
        "import json, os; print(json.dumps([dt, 'tensorflow' in sys.modules, 'keras' in sys.modules,"
        " os.environ['TF_CPP_MIN_LOG_LEVEL'], os.environ['TF_ENABLE_ONEDNN_OPTS']]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    seconds, tf_loaded, keras_loaded, log_level, onednn = json.loads(out.stdout)
    assert not tf_loaded and not keras_loaded
    assert (log_level, onednn) == ("2", "0")
    assert seconds < 0.5


def test_cold_load_takes_under_a_second_and_warm_is_faster():
    code = (
        "import time, json; from mnist_lessons.data import load_mnist;"
        "t = time.perf_counter(); load_mnist(); cold = time.perf_counter() - t;"
        "t = time.perf_counter(); load_mnist(); warm = time.perf_counter() - t; print(json.dumps([cold, warm]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    cold, warm = json.loads(out.stdout)
    assert cold < 1.0
    assert warm < cold


def test_shipped_checksums_match_the_package_sources():
    for name, source in SOURCES.items():
        listed = dict(reversed(line.split()) for line in (DATA / name / "SHA256SUMS").read_text().splitlines())
        assert listed == source.sha256
        assert (DATA / name / "SOURCE.txt").is_file()


def test_data_dir_accepts_the_folder_or_its_parent(mnist_copy):
    (x, _), _ = load_mnist(data_dir=mnist_copy)
    (x2, _), _ = load_mnist(data_dir=mnist_copy.parent)
    assert x.shape == x2.shape == (60000, 28, 28)


def test_environment_variable_chooses_the_folder(mnist_copy, monkeypatch):
    (mnist_copy / "t10k-labels-idx1-ubyte.gz").unlink()
    monkeypatch.setenv(data.DATA_ENV, str(mnist_copy))
    with pytest.raises(MissingDataError, match=data.DATA_ENV):
        load_mnist()


def test_missing_file_says_which_where_and_how_to_fix(mnist_copy):
    (mnist_copy / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(MissingDataError) as info:
        load_mnist(data_dir=mnist_copy)
    message = str(info.value)
    assert "'train-labels-idx1-ubyte.gz'" in message
    assert str(mnist_copy) in message
    assert "To fix:" in message
    assert isinstance(info.value, FileNotFoundError)


def test_empty_folder_lists_all_four_files(tmp_path):
    with pytest.raises(MissingDataError, match="train-images.*train-labels.*t10k-images.*t10k-labels"):
        load_mnist(data_dir=tmp_path)


def _expect_corrupt(folder, filename, *fragments):
    with pytest.raises(CorruptDataError) as info:
        load_mnist(data_dir=folder)
    message = str(info.value)
    assert str(folder / filename) in message, message
    assert "corrupt" in message and "To fix:" in message, message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_truncated_file_is_reported_as_corrupt(mnist_copy):
    path = mnist_copy / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:1_000_000])
    _expect_corrupt(mnist_copy, path.name, "not a valid gzip file")


@pytest.mark.parametrize("offset", [5, 1000, 5_000_000, -3])
def test_flipped_byte_is_reported_as_corrupt(mnist_copy, offset):
    # Offset 5 is inside gzip's timestamp: the file still decompresses, so only the
    # SHA-256 check can notice. The others break the compressed stream or its CRC.
    path = mnist_copy / "train-images-idx3-ubyte.gz"
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0xFF
    path.write_bytes(bytes(raw))
    _expect_corrupt(mnist_copy, path.name)


def test_wrong_magic_number_is_reported(mnist_copy):
    path = mnist_copy / "t10k-labels-idx1-ubyte.gz"
    raw = bytearray(gzip.decompress(path.read_bytes()))
    raw[3] = 0x03  # claims to be an image file (0x00000803)
    path.write_bytes(gzip.compress(bytes(raw)))
    _expect_corrupt(mnist_copy, path.name, "wrong magic number 0x00000803, expected 0x00000801")


def test_valid_idx_with_other_content_fails_the_checksum(mnist_copy):
    # A Fashion-MNIST file dropped into the MNIST folder: well-formed, but not MNIST.
    (mnist_copy / "t10k-labels-idx1-ubyte.gz").write_bytes((DATA / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz").read_bytes())
    _expect_corrupt(mnist_copy, "t10k-labels-idx1-ubyte.gz", "SHA-256")


def test_a_corrupt_file_returns_no_partial_data(mnist_copy):
    path = mnist_copy / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-100])
    result = None
    with pytest.raises(CorruptDataError):
        result = load_mnist(data_dir=mnist_copy)
    assert result is None


def test_corrupt_repository_copy_suggests_git_checkout():
    message = data._restore_hint(SOURCES["mnist"], DATA / "mnist")
    assert "git checkout -- data/mnist" in message


def test_is_five_builds_binary_targets():
    targets = is_five(np.array([5, 0, 5, 9], dtype=np.uint8))
    assert targets.dtype == np.float32
    assert targets.tolist() == [1.0, 0.0, 1.0, 0.0]
    _, (_, y_test) = load_mnist()
    assert int(is_five(y_test).sum()) == 892


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (np.eye(10)[[5, 1]], "1-D integer array"),
        (np.array([0.0, 5.0]), "1-D integer array"),
        (np.array([3, 12]), "0..9"),
    ],
)
def test_is_five_refuses_what_is_not_digit_labels(labels, message):
    with pytest.raises(ValueError, match=message):
        is_five(labels)


def test_scale_pixels_maps_0_255_to_float32_0_1():
    (x, _), _ = load_mnist()
    scaled = scale_pixels(x[:100])
    assert scaled.dtype == np.float32 and scaled.shape == (100, 28, 28)
    assert scaled.min() == 0.0 and scaled.max() == 1.0
    np.testing.assert_allclose(scaled * 255, x[:100], atol=1e-4)


def test_scale_pixels_refuses_already_scaled_input():
    (x, _), _ = load_mnist()
    scaled = scale_pixels(x[:10])
    with pytest.raises(ValueError, match="already scaled"):
        scale_pixels(scaled)


@pytest.mark.parametrize("values", [np.array([-1, 20]), np.array([0.0, 300.0]), np.array([0, 256])])
def test_scale_pixels_refuses_out_of_range_values(values):
    with pytest.raises(ValueError, match="0..255"):
        scale_pixels(values)


def test_repository_data_folder_is_the_default():
    assert data.find_data(SOURCES["mnist"]) == ROOT / "data" / "mnist"
