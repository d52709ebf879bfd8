"""Shared fixtures: the shipped data folder, fresh copies of it to damage, a loopback HTTP server."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path

import matplotlib
import pytest

import mnist_lessons  # noqa: F401  (first: sets TensorFlow's logging variables before any test imports keras)

matplotlib.use("Agg")  # unit tests draw off-screen; notebooks keep their inline backend

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture
def mnist_copy(tmp_path) -> Path:
    """A private copy of data/mnist that a test may damage."""
    target = tmp_path / "mnist"
    shutil.copytree(DATA / "mnist", target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; files named in ``cut_short`` are sent with their full Content-Length
    but only half their bytes, then the connection is closed (a download that breaks off)."""

    cut_short: set[str] = set()

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        name = self.path.rsplit("/", 1)[-1]
        if name in self.cut_short:
            body = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture
def http_server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving ``tmp_path / "www"``.

    Yields ``(base_url, www_dir, cut_short)``: put files in ``www_dir``; add a file name to
    the ``cut_short`` set to make the server break that download off halfway.
    """
    www = tmp_path / "www"
    www.mkdir()
    cut_short: set[str] = set()
    handler = type("Handler", (_Handler,), {"cut_short": cut_short})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", www, cut_short
    finally:
        server.shutdown()
        server.server_close()
