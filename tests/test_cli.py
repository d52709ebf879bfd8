"""The `mnist-lessons` command as a student runs it: the installed console script, a real JupyterLab."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mnist_lessons import course
from mnist_lessons.cli import jupyter_lab_command

COMMAND = Path(sys.executable).parent / ("mnist-lessons.exe" if os.name == "nt" else "mnist-lessons")


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, timeout=120, **kwargs)


def test_the_console_script_is_installed():
    assert COMMAND.is_file(), 'the install command (pip install -e ".[dev]") installs the mnist-lessons command'
    out = run("--help")
    assert out.returncode == 0
    for command in ("sync", "start", "site"):
        assert command in out.stdout


def test_sync_prints_what_it_did_and_keeps_a_changed_lesson(tmp_path):
    ws = tmp_path / "my lessons"  # a space in the path, as on many laptops
    first = run("sync", str(ws))
    assert first.returncode == 0, first.stderr
    names = [p.name for p in course.lesson_files()]
    assert f"Your lessons are in {ws}" in first.stdout
    for name in names:
        assert f"added       {name}" in first.stdout
        assert (ws / name).is_file()
    (ws / names[0]).write_text("{}", encoding="utf-8")
    (ws / names[1]).unlink()
    second = run("sync", str(ws))
    assert second.returncode == 0, second.stderr
    if names[0] in course.changed_lessons():  # a checkout whose notebooks/ has uncommitted work in it
        assert f"new version {names[0]} (changed by you, so kept as it is" in second.stdout
    else:
        assert f"yours       {names[0]} (changed by you; kept as it is)" in second.stdout
    assert f"restored    {names[1]}" in second.stdout
    assert (ws / names[0]).read_text(encoding="utf-8") == "{}"


def test_errors_say_what_to_do(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    out = run("sync", str(a_file))
    assert out.returncode == 1
    assert "it is a file, not a folder" in out.stderr and "mnist-lessons sync SOME_FOLDER" in out.stderr
    assert "Traceback" not in out.stderr
    wrong = run("sync", str(tmp_path), "--", "--port=9")
    assert wrong.returncode == 2 and "only `start` takes arguments after `--`" in wrong.stderr


def test_start_runs_this_pythons_jupyterlab_in_the_workspace(tmp_path):
    command = jupyter_lab_command(tmp_path, ["--no-browser"])
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path}" in command and command[-1] == "--no-browser"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_start_syncs_then_serves_the_workspace_in_a_real_jupyterlab(tmp_path):
    home = tmp_path / "home"  # a newcomer's empty home folder
    home.mkdir()
    ws = tmp_path / "ws"
    port, token = _free_port(), "test-token-14"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(HOME=str(home), USERPROFILE=str(home))
    lab_args = ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        lab_args.append("--allow-root")
    process = subprocess.Popen(
        [str(COMMAND), "start", str(ws), "--", *lab_args],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, process.stdout.read()
            try:
                version = _get(f"{base}/api")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
                time.sleep(0.3)
        assert "version" in version
        with pytest.raises(urllib.error.HTTPError):  # the token is required
            _get(f"{base}/api/contents")
        listing = _get(f"{base}/api/contents?token={token}")
        served = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
        assert served == [p.name for p in course.lesson_files()]
        lab = urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10)
        assert lab.status == 200
    finally:
        process.send_signal(signal.SIGTERM)  # stopping the command stops JupyterLab with it
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    assert f"added       {course.lesson_files()[0].name}" in output
    assert f"Starting JupyterLab in {ws}" in output
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        _get(f"{base}/api")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs to run as root (as CI's container does)")
def test_start_as_root_explains_jupyterlabs_refusal(tmp_path):
    """Run as root, JupyterLab refuses to start; the command then says why and how to go on."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"))  # no allow_root from anyone's config
    result = run("start", str(tmp_path / "ws"), "--", "--no-browser", f"--port={_free_port()}",
                 "--ServerApp.ip=127.0.0.1", env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert "running as root" in result.stderr and "mnist-lessons start -- --allow-root" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "ws" / course.lesson_files()[0].name).is_file()  # the sync itself was done
