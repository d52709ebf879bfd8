import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from mnist_lessons import data
from mnist_lessons.data import FASHION_CLASSES, is_five, load_fashion_mnist, load_mnist, scale_pixels
from mnist_lessons.errors import (
    CorruptDataError,
    DataError,
    DataSettingError,
    MissingDataError,
    NotAFolderError,
    WrongDatasetError,
)
from mnist_lessons.sources import SOURCES

from .conftest import DATA, ROOT, gzip_bomb, idx_header, run_python

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


def test_a_warm_load_reuses_the_verified_arrays():
    """Timings are printed, not asserted (the machine may be busy): the benchmark checks the
    cold-load target. What is asserted: the second load decodes nothing again."""
    code = (
        "import time, json; from mnist_lessons import data;"
        "t = time.perf_counter(); data.load_mnist(); cold = time.perf_counter() - t; first = dict(data._verified);"
        "t = time.perf_counter(); data.load_mnist(); warm = time.perf_counter() - t;"
        "print(json.dumps([cold, warm, len(first), all(data._verified[k] is v for k, v in first.items()),"
        " len(data._verified)]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    cold, warm, cached, same, after = json.loads(out.stdout)
    print(f"load_mnist(): cold {cold:.2f} s, warm {warm:.3f} s")
    assert cached == after == 4 and same


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
    _expect_corrupt(mnist_copy, path.name, "Expected: MNIST's original train-images-idx3-ubyte.gz: 9,912,422 bytes",
                    "Found: 1,000,000 bytes (shorter than the original: an interrupted copy?)")


@pytest.mark.parametrize("offset", [5, 1000, 5_000_000, -3])
def test_flipped_byte_is_reported_as_corrupt(mnist_copy, offset):
    # Offset 5 is inside gzip's timestamp: the file still decompresses, so only the
    # SHA-256 check can notice. The others break the compressed stream or its CRC.
    path = mnist_copy / "train-images-idx3-ubyte.gz"
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0xFF
    path.write_bytes(bytes(raw))
    _expect_corrupt(mnist_copy, path.name, "the right size, different content: damaged")


def test_wrong_magic_number_is_reported(mnist_copy):
    path = mnist_copy / "t10k-labels-idx1-ubyte.gz"
    raw = bytearray(gzip.decompress(path.read_bytes()))
    raw[3] = 0x03  # claims to be an image file (0x00000803)
    path.write_bytes(gzip.compress(bytes(raw)))
    # Checked before decompressing: not the original file, whatever its header says.
    _expect_corrupt(mnist_copy, path.name, "it is not the original file")


def test_one_file_of_the_other_dataset_is_named_as_such(mnist_copy):
    # A Fashion-MNIST file dropped into the MNIST folder: intact, but not MNIST's, and not corrupt.
    name = "t10k-labels-idx1-ubyte.gz"
    (mnist_copy / name).write_bytes((DATA / "fashion-mnist" / name).read_bytes())
    with pytest.raises(WrongDatasetError) as info:
        load_mnist(data_dir=mnist_copy)
    message = str(info.value)
    assert f"{mnist_copy / name} is Fashion-MNIST's {name}, not MNIST's {name}." in message
    assert "corrupt" not in message and "To fix: replace it with MNIST's" in message


@pytest.mark.parametrize(("loader", "folder", "holds", "wanted"), [
    (load_fashion_mnist, "mnist", "MNIST", "Fashion-MNIST"),
    (load_mnist, "fashion-mnist", "Fashion-MNIST", "MNIST"),
])
def test_a_folder_of_the_other_dataset_is_recognised(loader, folder, holds, wanted):
    with pytest.raises(WrongDatasetError) as info:
        loader(data_dir=DATA / folder)
    message = str(info.value)
    assert message.startswith(f"This folder holds {holds}, not {wanted}.\n"), message
    assert f"Found: {holds}'s train-images-idx3-ubyte.gz, intact (all four files in {DATA / folder} are {holds}'s)" in message
    assert "corrupt" not in message
    print(message)


def test_swapped_files_are_named_as_such(mnist_copy):
    a, b = mnist_copy / "t10k-labels-idx1-ubyte.gz", mnist_copy / "train-labels-idx1-ubyte.gz"
    a_bytes = a.read_bytes()
    a.write_bytes(b.read_bytes())
    b.write_bytes(a_bytes)
    with pytest.raises(WrongDatasetError, match="holds MNIST's t10k-labels-idx1-ubyte.gz, not "
                       "train-labels-idx1-ubyte.gz: files were renamed or swapped"):
        load_mnist(data_dir=mnist_copy)


def test_every_loading_error_names_file_expected_found_and_fix(mnist_copy, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    (mnist_copy / "t10k-images-idx3-ubyte.gz").write_bytes(b"damaged")
    cases = [
        lambda: load_mnist(data_dir=mnist_copy),
        lambda: load_mnist(data_dir=tmp_path / "nowhere"),
        lambda: load_mnist(data_dir=tmp_path / "a-file"),
        lambda: load_fashion_mnist(data_dir=DATA / "mnist"),
        lambda: load_mnist(data_dir=5),
    ]
    for case in cases:
        with pytest.raises(DataError) as info:
            case()
        error = info.value
        assert error.expected and error.found and error.fix, error
        assert error.file or isinstance(error, DataSettingError), error
        for part in ("Expected:", "Found:", "To fix:"):
            assert part in str(error)


@pytest.mark.parametrize("value", [5, 2.5, ["data"], "", b"data"])
def test_data_dir_that_is_not_a_path_is_a_clear_error(value):
    with pytest.raises(DataSettingError) as info:
        load_mnist(data_dir=value)
    assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)
    message = str(info.value)
    assert message.startswith("data_dir must name a folder; received ")
    assert "Expected: a folder path" in message and "To fix:" in message


def test_data_dir_naming_a_file_suggests_its_folder(mnist_copy):
    with pytest.raises(NotAFolderError) as info:
        load_mnist(data_dir=mnist_copy / "train-images-idx3-ubyte.gz")
    assert f"To fix: pass the folder holding it instead: data_dir='{mnist_copy}'." in str(info.value)


@pytest.mark.parametrize("by_variable", [False, True], ids=["data_dir", "MNIST_LESSONS_DATA"])
def test_a_data_dir_that_is_a_loop_of_links_is_a_clear_error(tmp_path, monkeypatch, by_variable):
    loop, back = tmp_path / "data", tmp_path / "back"
    loop.symlink_to(back)
    back.symlink_to(loop)
    if by_variable:
        monkeypatch.setenv(data.DATA_ENV, str(loop))
    with pytest.raises(NotAFolderError) as info:
        load_mnist(data_dir=None if by_variable else loop)
    how = f"the {data.DATA_ENV} environment variable" if by_variable else "the data_dir argument"
    message = str(info.value)
    assert message.startswith(f"Cannot open {loop} (chosen by {how}): "), message
    assert f"  File: {loop}\n" in message and "Found: symbolic links that lead back to themselves" in message
    assert f"To fix: point it at the real folder instead (`ls -l '{loop}'` shows where a link leads" in message


def _bomb_in(folder, size=None):
    """Replace the training images in ``folder`` by a gzip bomb (1 GB of zeros from about 1 MB,
    its header promising 60000 images), optionally padded with zeros to ``size`` bytes."""
    path = folder / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip_bomb(idx_header((60000, 28, 28)), 1000, pad_to=size))
    return path


@pytest.mark.parametrize("same_size", [False, True], ids=["any-size", "padded-to-the-real-size"])
def test_a_gzip_bomb_in_data_dir_is_refused_before_it_is_decompressed(mnist_copy, same_size):
    """A bomb of another size is refused by its size without being read; one padded (validly)
    to the original's exact size, by its checksum: memory grows by the file, never the bomb."""
    path = _bomb_in(mnist_copy, SOURCES["mnist"].size["train-images-idx3-ubyte.gz"] if same_size else None)
    code = f"""
import json
from mnist_lessons.data import load_mnist
from mnist_lessons.errors import CorruptDataError
def kib(field):
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(field))
open("/proc/self/clear_refs", "w").write("5")  # reset the peak (VmHWM) to the memory in use now
before = kib("VmRSS")
try:
    load_mnist(data_dir={str(mnist_copy)!r})
    message = None
except CorruptDataError as exc:
    message = str(exc)
print(json.dumps({{"message": message, "grown_mb": (kib("VmHWM") - before) / 1024}}))
"""
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    print(f"gzip bomb of {path.stat().st_size / 1e6:.2f} MB (1 GB inflated) in data_dir: refused, "
          f"peak memory grew {result['grown_mb']:.1f} MB")
    assert "MNIST file train-images-idx3-ubyte.gz is corrupt: it is not the original file." in result["message"]
    assert ("different content: damaged" if same_size else "(shorter than the original") in result["message"]
    assert result["grown_mb"] < 9.9 + 30  # at most the expected file, read to check its SHA-256


def test_unreadable_file_and_folder_are_permission_errors_with_a_fix(mnist_copy):
    """Real permissions (as root, the child process drops root's power to ignore them)."""
    code = f"""
from mnist_lessons.data import load_mnist
from mnist_lessons.errors import DataPermissionError
try:
    load_mnist(data_dir={str(mnist_copy)!r})
except DataPermissionError as exc:
    print(exc)
"""
    path = mnist_copy / "t10k-images-idx3-ubyte.gz"
    path.chmod(0o000)
    out = run_python(code, respect_permissions=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Cannot read {path}: permission denied.\n"), out.stdout
    assert f"To fix: fix the file's permissions (chmod u+r '{path}'), or pass data_dir= to use another copy." in out.stdout
    path.chmod(0o644)
    mnist_copy.chmod(0o000)
    try:
        out = run_python(code, respect_permissions=True)
    finally:
        mnist_copy.chmod(0o755)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Cannot look inside {mnist_copy}: permission denied.\n"), out.stdout


@pytest.mark.parametrize("inside", [False, True], ids=["names-a-file", "inside-a-file"])
def test_a_cache_variable_naming_a_file_is_a_clear_error(package_only, tmp_path, inside):
    (tmp_path / "a-file").write_text("x")
    cache = tmp_path / "a-file" / "cache" if inside else tmp_path / "a-file"
    env = dict(os.environ, MNIST_LESSONS_CACHE=str(cache), MNIST_LESSONS_MIRROR="http://127.0.0.1:9/")
    code = ("from mnist_lessons.data import load_mnist\nfrom mnist_lessons.errors import NotAFolderError\n"
            "try:\n    load_mnist()\nexcept NotAFolderError as exc:\n    print(exc)")
    out = run_python(code, env=env, pythonpath=package_only, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    the_file = tmp_path / "a-file"
    assert out.stdout.startswith(f"Cannot save downloads in {cache / 'mnist'}: {the_file} is a file, not a folder.\n"
                                 f"  File: {the_file}\n"), out.stdout
    assert "internet" not in out.stdout and "To fix: set MNIST_LESSONS_CACHE to a folder" in out.stdout


def test_a_read_only_cache_is_not_blamed_on_the_internet(package_only, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    env = dict(os.environ, MNIST_LESSONS_CACHE=str(cache), MNIST_LESSONS_MIRROR="http://127.0.0.1:9/")
    code = ("from mnist_lessons.data import load_mnist\nfrom mnist_lessons.errors import DataPermissionError\n"
            "try:\n    load_mnist()\nexcept DataPermissionError as exc:\n    print(exc)")
    try:
        out = run_python(code, env=env, pythonpath=package_only, respect_permissions=True, cwd=tmp_path)
    finally:
        cache.chmod(0o755)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Cannot save downloads in {cache / 'mnist'}: permission denied.\n"), out.stdout
    assert f"  File: {cache}\n" in out.stdout and f"To fix: make {cache} writable" in out.stdout
    assert "internet" not in out.stdout and "MNIST_LESSONS_CACHE" in out.stdout


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


@pytest.mark.parametrize(("bad", "named"), [(np.nan, "1 NaN"), (np.inf, "1 +inf"), (-np.inf, "1 -inf")])
def test_scale_pixels_refuses_nan_and_infinity_saying_where(bad, named):
    images = np.full((4, 28, 28), 100.0, dtype=np.float32)
    images[2, 5, 7] = bad
    with pytest.raises(ValueError) as info:
        scale_pixels(images)
    message = str(info.value)
    assert f"found {named}." in message and "is at index (2, 5, 7) (image 2)" in message, message


def test_one_nan_does_not_smuggle_scaled_images_past_the_guard():
    (x, _), _ = load_mnist()
    scaled = scale_pixels(x[:10])
    scaled[3, 0, 0] = np.nan
    with pytest.raises(ValueError, match="found 1 NaN"):
        scale_pixels(scaled)


def test_repository_data_folder_is_the_default():
    assert data.find_data(SOURCES["mnist"]) == ROOT / "data" / "mnist"
