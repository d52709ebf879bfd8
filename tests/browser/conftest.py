"""Fixtures for the browser tests: a real JupyterLab on 127.0.0.1 with a fresh home folder, and
Debian's Chromium driven by Playwright.

Both are optional: without the ``playwright`` package (``pip install -e ".[browser]"``) or
without a Chromium binary (``apt-get install chromium``), the tests are skipped with a reason
that says what to install. Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The lessons to open; MNIST_LESSONS_BROWSER_NOTEBOOKS points the test at another folder (a workspace copy).
NOTEBOOKS = Path(os.environ.get("MNIST_LESSONS_BROWSER_NOTEBOOKS") or ROOT / "notebooks")

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 720}  # a 720p projector

# One line per lesson, printed at the end of the run (see pytest_terminal_summary).
REPORT: list[str] = []


def find_chromium() -> str | None:
    """The Chromium to drive: ``$MNIST_LESSONS_CHROMIUM`` if set, else the first of the usual names on PATH."""
    explicit = os.environ.get("MNIST_LESSONS_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def sync_playwright():
    module = pytest.importorskip(
        "playwright.sync_api",
        reason="the browser tests need Playwright for Python: pip install -e \".[browser]\" "
        "(never `playwright install`; the browser comes from the system, e.g. apt-get install chromium)",
    )
    return module.sync_playwright


@pytest.fixture(scope="session")
def chromium_path(sync_playwright) -> str:
    path = find_chromium()
    if path is None:
        explicit = os.environ.get("MNIST_LESSONS_CHROMIUM")
        found = f"MNIST_LESSONS_CHROMIUM={explicit} does not exist" if explicit else f"none of {CHROMIUM_CANDIDATES} is on PATH"
        pytest.skip(
            "the browser tests need Chromium from the system package manager "
            f"(apt-get install chromium), or MNIST_LESSONS_CHROMIUM=/path/to/chromium; {found}"
        )
    return path


@pytest.fixture(scope="session")
def browser(sync_playwright, chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A running JupyterLab server: ``url``, the ``workspace`` it serves, its fresh ``home``."""

    def __init__(self, workspace: Path, home: Path):
        self.workspace, self.home = workspace, home
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = home / "jupyterlab.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> None:
        # A newcomer's environment: no Jupyter settings, no W&B key or mode, an empty home folder.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "WANDB_"))}
        env["HOME"] = str(self.home)
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=", "--ServerApp.password=",
            f"--ServerApp.root_dir={self.workspace}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to read the notebook's state
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        log = self.log_path.open("w")
        self.process = subprocess.Popen(command, env=env, cwd=self.workspace, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else "(no log)"

    def api(self, path: str) -> dict:
        with urllib.request.urlopen(f"{self.url}/api/{path}", timeout=10) as response:
            return json.load(response)


@pytest.fixture(scope="session")
def lab(tmp_path_factory, chromium_path):
    """JupyterLab serving copies of the lessons (so nothing here can change the repository's files)."""
    base = tmp_path_factory.mktemp("lab")
    workspace, home = base / "workspace", base / "home"
    workspace.mkdir()
    home.mkdir()
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        shutil.copy2(notebook, workspace / notebook.name)
    # Autosave off, in this test's own settings only: the test checks that *presenting* never
    # writes the notebook, and JupyterLab's two-minute autosave would blur that. (Autosave is
    # why the README has students and instructors work on copies of the lessons.)
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    server = Lab(workspace, home)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.section("lessons in the browser (1280x720)")
        for line in REPORT:
            terminalreporter.write_line(line)
