import os
import subprocess
import sys

import pytest

from mnist_lessons import tracking


def test_the_test_suite_runs_with_tracking_disabled():
    assert os.environ["WANDB_MODE"] == "disabled"
    assert tracking.default_mode() == "disabled"


@pytest.mark.parametrize("value", ["online", "offline", "disabled", "OFFLINE "])
def test_wandb_mode_decides_when_set(monkeypatch, value):
    monkeypatch.setenv("WANDB_MODE", value)
    assert tracking.default_mode() == value.strip().lower()


def test_without_an_account_the_default_is_offline(monkeypatch, tmp_path):
    monkeypatch.delenv("WANDB_MODE")
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc: not logged in
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    assert tracking.default_mode() == "offline"


def test_logged_in_but_unreachable_server_falls_back_to_offline_quickly(monkeypatch):
    monkeypatch.delenv("WANDB_MODE")
    monkeypatch.setenv("WANDB_API_KEY", "x" * 40)
    monkeypatch.setenv("WANDB_BASE_URL", "https://127.0.0.1:9")  # closed port on loopback
    assert tracking.default_mode() == "offline"


def test_disabled_run_gives_no_callbacks(capsys):
    with tracking.start_run("unit-test", {"epochs": 1}) as run:
        assert run.callbacks == []
        run.log({"test_accuracy": 0.5})
    assert capsys.readouterr().out == "Tracking is off for run 'unit-test' (WANDB_MODE=disabled).\n"


def test_bad_mode_is_refused():
    with pytest.raises(ValueError, match="mode must be one of"):
        tracking.start_run("x", mode="sometimes")


def test_offline_run_writes_its_run_directory(tmp_path):
    """A real offline run (no account, no network) in a fresh process, as a student gets it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
    env.update(HOME=str(tmp_path), NETRC=str(tmp_path / ".netrc"))
    code = (
        "from mnist_lessons.tracking import start_run\n"
        "with start_run('offline-test', {'epochs': 2}) as run:\n"
        "    assert run.mode == 'offline' and len(run.callbacks) == 1\n"
        "    run.log({'test_accuracy': 0.5})\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    runs = list((tmp_path / "wandb").glob("offline-run-*"))
    assert len(runs) == 1
    assert list(runs[0].glob("run-*.wandb"))
    assert out.stdout.startswith("Tracking run 'offline-test' offline in wandb/offline-run-")
    assert "wandb sync wandb/offline-run-" in out.stdout
