"""The download path, against a real HTTP server on 127.0.0.1 serving the real files."""

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from mnist_lessons.download import download_dataset, file_sha256
from mnist_lessons.errors import DownloadError
from mnist_lessons.sources import MNIST

from .conftest import DATA, ROOT


def _serve_real_files(www):
    folder = www / "mnist"
    shutil.copytree(DATA / "mnist", folder)
    return folder


def test_downloads_all_four_files_and_verifies_them(http_server, tmp_path, capsys):
    base, www, _ = http_server
    _serve_real_files(www)
    target = download_dataset(MNIST, tmp_path / "cache", mirrors=[base + "/mnist/"])
    for name, sha in MNIST.sha256.items():
        assert file_sha256(target / name) == sha
    assert sorted(p.name for p in target.iterdir()) == sorted(MNIST.files)
    assert "Downloading MNIST train-images-idx3-ubyte.gz: 100% of 9.9 MB" in capsys.readouterr().out


def test_falls_back_to_the_next_mirror(http_server, tmp_path):
    base, www, _ = http_server
    _serve_real_files(www)
    target = download_dataset(MNIST, tmp_path / "cache", mirrors=[base + "/nothing-here/", base + "/mnist/"], progress=False)
    assert file_sha256(target / "t10k-labels-idx1-ubyte.gz") == MNIST.sha256["t10k-labels-idx1-ubyte.gz"]


def test_corrupt_download_is_refused_and_nothing_is_left(http_server, tmp_path):
    base, www, _ = http_server
    folder = _serve_real_files(www)
    bad = folder / "t10k-images-idx3-ubyte.gz"
    raw = bytearray(bad.read_bytes())
    raw[1000] ^= 0xFF
    bad.write_bytes(bytes(raw))
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError) as info:
        download_dataset(MNIST, cache, mirrors=[base + "/mnist/"], progress=False)
    message = str(info.value)
    assert "t10k-images-idx3-ubyte.gz" in message and "corrupt copy" in message and "Nothing was saved" in message
    assert not (cache / "t10k-images-idx3-ubyte.gz").exists()
    assert not list(cache.glob("*.part"))


def test_broken_off_download_leaves_no_half_written_file(http_server, tmp_path):
    base, www, cut_short = http_server
    _serve_real_files(www)
    cut_short.add("train-images-idx3-ubyte.gz")
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match="train-images-idx3-ubyte.gz") as info:
        download_dataset(MNIST, cache, mirrors=[base + "/mnist/"], progress=False)
    assert "broke off" in str(info.value) or "closed after" in str(info.value)
    assert not (cache / "train-images-idx3-ubyte.gz").exists()
    assert not list(cache.glob("*.part"))


def test_missing_on_server_lists_the_urls_tried(http_server, tmp_path):
    base, _, _ = http_server
    with pytest.raises(DownloadError) as info:
        download_dataset(MNIST, tmp_path / "cache", mirrors=[base + "/a/", base + "/b/"], progress=False)
    message = str(info.value)
    assert f"{base}/a/train-images-idx3-ubyte.gz: HTTP 404" in message
    assert f"{base}/b/train-images-idx3-ubyte.gz: HTTP 404" in message


def test_damaged_cached_file_is_replaced_and_good_ones_kept(http_server, tmp_path):
    base, www, _ = http_server
    _serve_real_files(www)
    cache = tmp_path / "cache"
    download_dataset(MNIST, cache, mirrors=[base + "/mnist/"], progress=False)
    (cache / "t10k-labels-idx1-ubyte.gz").write_bytes(b"damaged")
    kept = cache / "train-images-idx3-ubyte.gz"
    mtime = kept.stat().st_mtime_ns
    download_dataset(MNIST, cache, mirrors=[base + "/mnist/"], progress=False)
    assert file_sha256(cache / "t10k-labels-idx1-ubyte.gz") == MNIST.sha256["t10k-labels-idx1-ubyte.gz"]
    assert kept.stat().st_mtime_ns == mtime


def test_installed_without_the_repository_load_mnist_downloads_into_the_cache(http_server, tmp_path):
    """The Colab case: the package alone, no data/ beside it. load_mnist() fetches the files
    (from the mirror named by MNIST_LESSONS_MIRROR, here the loopback server) into the cache."""
    base, www, _ = http_server
    _serve_real_files(www)
    package_only = tmp_path / "site"
    shutil.copytree(ROOT / "mnist_lessons", package_only / "mnist_lessons", ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PYTHONPATH=str(package_only), MNIST_LESSONS_CACHE=str(tmp_path / "cache"),
               MNIST_LESSONS_MIRROR=base + "/mnist/")
    env.pop("MNIST_LESSONS_DATA", None)
    code = (
        "import mnist_lessons, numpy as np; from mnist_lessons.data import load_mnist;"
        "(x, y), (xt, yt) = load_mnist(); print(mnist_lessons.__file__); print(x.shape, np.bincount(yt)[5])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    lines = out.stdout.strip().splitlines()
    assert lines[-2].startswith(str(package_only))
    assert lines[-1] == "(60000, 28, 28) 892"
    assert sorted(p.name for p in (tmp_path / "cache" / "mnist").iterdir()) == sorted(MNIST.files)
    # A second process finds the cache and downloads nothing: the server may go away.
    shutil.rmtree(www / "mnist")
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    assert "Downloading" not in again.stdout
    assert np.fromstring(again.stdout.strip().splitlines()[-1].split(")")[-1], sep=" ")[0] == 892
