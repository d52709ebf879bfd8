"""The download path, against real HTTP servers on 127.0.0.1: one serving the real files, one
whose mirrors misbehave (an endless body, a drip, a stall), and real processes killed mid-download.

Times are printed, never asserted; a hang would hit the subprocess or pytest timeouts."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from mnist_lessons.download import DEADLINE_ENV, MIRROR_ENV, download_dataset
from mnist_lessons.errors import DataSettingError, DownloadError
from mnist_lessons.files import file_sha256, remove_stale_parts
from mnist_lessons.sources import FASHION_MNIST, MNIST

from .conftest import DATA, ROOT, run_python, wait_for

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"


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
    out = capsys.readouterr().out
    assert "Downloading MNIST train-images-idx3-ubyte.gz: 100% of 9.9 MB" in out
    assert "Downloading MNIST t10k-labels-idx1-ubyte.gz: 100% of 4.5 kB" in out


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


def test_installed_without_the_repository_one_mirror_serves_both_datasets(package_only, tmp_path):
    """The Colab or classroom case: the package alone, no data/ beside it, and MNIST_LESSONS_MIRROR
    naming a mirror laid out as data/ is: here `python -m http.server` run in data/, as the README
    says. Both loaders fetch their files from it into the cache; a second process downloads nothing."""
    server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
                              cwd=DATA, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = re.search(r"port (\d+)", server.stdout.readline())[1]
        env = dict(os.environ, MNIST_LESSONS_CACHE=str(tmp_path / "cache"), MNIST_LESSONS_MIRROR=f"http://127.0.0.1:{port}")
        env.pop("MNIST_LESSONS_DATA", None)
        code = ("import mnist_lessons, numpy as np; from mnist_lessons.data import load_mnist, load_fashion_mnist;"
                "(x, _), (_, y) = load_mnist(); (_, f), _ = load_fashion_mnist(); print(mnist_lessons.__file__);"
                "print(x.shape, np.bincount(y)[5], np.bincount(f).tolist())")
        out = run_python(code, env=env, pythonpath=package_only, cwd=tmp_path, timeout=120)
    finally:
        server.kill()
        server.wait()
    assert out.returncode == 0, out.stderr
    *_, package, figures = out.stdout.splitlines()
    assert package.startswith(str(package_only)) and figures == f"(60000, 28, 28) 892 {[6000] * 10}"
    for source in (MNIST, FASHION_MNIST):
        folder = tmp_path / "cache" / source.name
        assert {p.name: file_sha256(p) for p in folder.iterdir()} == source.sha256
    # The server is gone: a second process finds the cache and downloads nothing.
    again = run_python(code, env=env, pythonpath=package_only, cwd=tmp_path, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "Downloading" not in again.stdout and again.stdout.splitlines()[-1] == figures


def test_a_mirror_without_the_dataset_names_every_other_way_to_supply_it(http_server, tmp_path, monkeypatch):
    """A classroom mirror that serves MNIST alone: Fashion-MNIST's download fails, and the error
    lists the URLs tried and every way to supply the files, without blaming the internet alone."""
    base, www, _ = http_server
    _serve_real_files(www)
    monkeypatch.setenv(MIRROR_ENV, base)
    with pytest.raises(DownloadError) as info:
        download_dataset(FASHION_MNIST, tmp_path / "cache", progress=False)
    message = str(info.value)
    print(message)
    assert f"{base}/fashion-mnist/train-images-idx3-ubyte.gz: HTTP 404" in message
    for way in ("a clone of the course has them in data/fashion-mnist/", f"the originals are at {FASHION_MNIST.mirrors[0]}",
                "load_fashion_mnist(data_dir=...)", "MNIST_LESSONS_DATA", f"copy the files into {tmp_path / 'cache'}",
                f"set {MIRROR_ENV} to a base URL serving fashion-mnist/<file name>",
                f"so check that {base}/fashion-mnist/ serves them", f"the official mirrors: unset {MIRROR_ENV}, check"):
        assert way in message, way
    assert not list((tmp_path / "cache").iterdir())


def _refused(cache, mirror, **kwargs):
    """Download from a faulty mirror; return (the DownloadError's message, seconds taken)."""
    started = time.monotonic()
    with pytest.raises(DownloadError) as info:
        download_dataset(MNIST, cache, mirrors=[mirror], **kwargs)
    took = time.monotonic() - started
    assert not (cache / TRAIN_IMAGES).exists()
    assert not list(cache.glob("*.part")), "a half-written file was left behind"
    return str(info.value), took


def test_an_endless_body_is_cut_off_one_byte_past_the_known_size(faulty_mirror, tmp_path):
    message, took = _refused(tmp_path / "cache", faulty_mirror + "/endless/", progress=False)
    print(f"endless body: refused after {took:.2f} s")
    assert f"{faulty_mirror}/endless/{TRAIN_IMAGES}: the server sent more than the 9,912,422 bytes" in message
    assert "Nothing was saved" in message


def test_a_larger_announced_size_is_refused_before_reading(faulty_mirror, tmp_path):
    message, took = _refused(tmp_path / "cache", faulty_mirror + "/oversized/", progress=False)
    print(f"oversized Content-Length: refused after {took:.2f} s")
    assert "the server offers 9,912,422,000 bytes, but the file has 9,912,422: refused" in message


def test_a_drip_ends_at_the_deadline(faulty_mirror, tmp_path):
    """One byte every 0.1 s: each read succeeds, so only the overall deadline can end it."""
    message, took = _refused(tmp_path / "cache", faulty_mirror + "/drip/", progress=False, deadline=1.5)
    print(f"drip, deadline 1.5 s: gave up after {took:.2f} s")
    assert "gave up after the 1.5 s deadline, with " in message and " of 9,912,422 bytes received" in message
    assert f"set {DEADLINE_ENV}" in message


def test_a_stall_shows_on_the_progress_line_and_ends_at_the_deadline_set_by_variable(
        faulty_mirror, tmp_path, monkeypatch, capsys):
    """Three bytes, then nothing: the progress line counts the seconds without data, and the
    deadline (set by environment variable here) ends it."""
    monkeypatch.setenv(DEADLINE_ENV, "3.5")
    message, took = _refused(tmp_path / "cache", faulty_mirror + "/stall/")
    out = capsys.readouterr().out
    print(f"stall, {DEADLINE_ENV}=3.5: gave up after {took:.2f} s; last progress line: {out.split(chr(13))[-1]!r}")
    # Redrawn twice a second: seconds without data show from 2 s on (how many depends on when
    # the busy machine last redrew the line).
    assert re.search(rf"\rDownloading MNIST {TRAIN_IMAGES}:   0% of 9.9 MB, no data for [23] s", out), out
    assert ": failed (gave up after the 3.5 s deadline, with 3 of 9,912,422 bytes received" in out
    assert "gave up after the 3.5 s deadline" in message
    assert out.endswith("\n")


def test_a_deadline_that_is_not_a_positive_number_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv(DEADLINE_ENV, "soon")
    with pytest.raises(DataSettingError, match=f"{DEADLINE_ENV} must be a positive number of seconds; received 'soon'"):
        download_dataset(MNIST, tmp_path / "cache", mirrors=["http://127.0.0.1:9/"])
    with pytest.raises(DataSettingError, match="the deadline argument must be a positive number of seconds; received 0"):
        download_dataset(MNIST, tmp_path / "cache", mirrors=["http://127.0.0.1:9/"], deadline=0)


def test_a_stalled_mirror_is_abandoned_for_the_next(faulty_mirror, http_server, tmp_path, monkeypatch):
    from mnist_lessons import download

    monkeypatch.setattr(download, "STALL_SECONDS", 0.5)  # instead of 30 s, to keep the test short
    base, www, _ = http_server
    _serve_real_files(www)
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in MNIST.files[1:]:  # only the training images are missing
        shutil.copy(DATA / "mnist" / name, cache / name)
    started = time.monotonic()
    download_dataset(MNIST, cache, mirrors=[faulty_mirror + "/stall/", base + "/mnist/"], progress=False)
    print(f"first mirror stalls, second serves: {time.monotonic() - started:.2f} s")
    assert file_sha256(cache / TRAIN_IMAGES) == MNIST.sha256[TRAIN_IMAGES]
    assert not list(cache.glob("*.part"))


def _download_in_a_process(cache, mirror) -> subprocess.Popen:
    """Start a real download of MNIST from ``mirror`` into ``cache`` in another process."""
    code = ("import sys; from mnist_lessons.download import download_dataset; from mnist_lessons.sources import MNIST;"
            "download_dataset(MNIST, sys.argv[1], mirrors=[sys.argv[2]], progress=False, deadline=60)")
    return subprocess.Popen([sys.executable, "-c", code, str(cache), mirror], env=dict(os.environ, PYTHONPATH=str(ROOT)))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_the_next_download_removes_what_a_killed_one_left(faulty_mirror, http_server, tmp_path, sig):
    """A real download, killed mid-transfer, leaves its .part file (nothing can run after
    SIGKILL, and Python's default SIGTERM does not unwind); the next attempt removes it."""
    cache = tmp_path / "cache"
    process = _download_in_a_process(cache, faulty_mirror + "/drip/")
    try:
        (part,) = wait_for(lambda: [p for p in cache.glob("*.part") if p.stat().st_size >= 5])
        process.send_signal(sig)
        assert process.wait(timeout=20) == -sig
    finally:
        process.kill()
    assert part.exists()  # what the killed run left
    print(f"{sig.name} mid-transfer left {part.name} ({part.stat().st_size} bytes); the next download removes it")
    base, www, _ = http_server
    _serve_real_files(www)
    download_dataset(MNIST, cache, mirrors=[base + "/mnist/"], progress=False)
    assert sorted(p.name for p in cache.iterdir()) == sorted(MNIST.files)
    assert file_sha256(cache / TRAIN_IMAGES) == MNIST.sha256[TRAIN_IMAGES]


def test_a_part_file_a_live_download_is_writing_is_left_alone(faulty_mirror, tmp_path):
    cache = tmp_path / "cache"
    process = _download_in_a_process(cache, faulty_mirror + "/drip/")
    try:
        # Bytes in it mean the download holds its lock (taken right after creating the file).
        (live,) = wait_for(lambda: [p for p in cache.glob("*.part") if p.stat().st_size >= 3])
        stale = cache / f".{TRAIN_IMAGES}.0badcafe.part"  # as files.atomic_write names them
        stale.write_bytes(b"\x1f\x8b")
        assert remove_stale_parts(cache, MNIST.files) == [stale]
        assert live.exists() and process.poll() is None
    finally:
        process.kill()
        process.wait()


def test_concurrent_downloads_into_one_cache_are_safe(http_server, tmp_path):
    base, www, _ = http_server
    _serve_real_files(www)
    cache = tmp_path / "cache"
    processes = [_download_in_a_process(cache, base + "/mnist/") for _ in range(3)]
    assert [p.wait(timeout=60) for p in processes] == [0, 0, 0]
    assert sorted(p.name for p in cache.iterdir()) == sorted(MNIST.files)
    for name, sha in MNIST.sha256.items():
        assert file_sha256(cache / name) == sha
