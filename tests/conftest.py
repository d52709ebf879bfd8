"""Shared fixtures: the shipped data folder, fresh copies of it to damage, real HTTP servers on
127.0.0.1 (a mirror, a faulty mirror, a stand-in for the W&B server), and a way to run Python in
a fresh process, optionally without root's power to ignore file permissions."""

from __future__ import annotations

import ctypes
import http.server
import json
import os
import shutil
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import matplotlib
import pytest

import mnist_lessons  # noqa: F401  (first: sets TensorFlow's logging variables before any test imports keras)

matplotlib.use("Agg")  # unit tests draw off-screen; notebooks keep their inline backend

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture
def package_only(tmp_path) -> Path:
    """A folder holding a copy of the package alone, without the repository's data/ beside it:
    the package as pip installs it on Colab. Run code against it with
    ``run_python(..., pythonpath=package_only)``."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "mnist_lessons", site / "mnist_lessons", ignore=shutil.ignore_patterns("__pycache__"))
    return site


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
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", www, cut_short
    finally:
        server.shutdown()
        server.server_close()


class _FaultyMirror(http.server.BaseHTTPRequestHandler):
    """A mirror that misbehaves, chosen by the first path segment:

    - ``/endless/<name>``: 200 with no Content-Length, then zero bytes forever, fast;
    - ``/drip/<name>``: 200 with the real MNIST file's Content-Length, then one byte every ``drip`` s;
    - ``/stall/<name>``: 200 with the real Content-Length and three bytes, then nothing;
    - ``/oversized/<name>``: 200 claiming a Content-Length larger than the real file.

    Each handler ends when its client goes away or the fixture stops.
    """

    protocol_version = "HTTP/1.0"
    sizes: dict[str, int] = {}
    drip = 0.1
    stop: threading.Event

    def log_message(self, *args):
        pass

    def do_GET(self):
        kind, _, name = self.path.strip("/").partition("/")
        size = self.sizes.get(name, 1000)
        try:
            self.send_response(200)
            if kind == "endless":
                self.end_headers()
                block = bytes(1 << 16)
                while not self.stop.is_set():
                    self.wfile.write(block)
            elif kind == "oversized":
                self.send_header("Content-Length", str(size * 1000))
                self.end_headers()
                self.wfile.write(bytes(1 << 16))
            else:
                self.send_header("Content-Length", str(size))
                self.end_headers()
                self.wfile.write(b"\x1f\x8b\x08")
                self.wfile.flush()
                while not self.stop.wait(self.drip if kind == "drip" else 60):
                    self.wfile.write(b"\0")
                    self.wfile.flush()
        except OSError:  # the client gave up: good
            pass


@pytest.fixture
def faulty_mirror():
    """A real HTTP server on 127.0.0.1 whose mirrors misbehave (see ``_FaultyMirror``).

    Yields its base URL; ``base + "/drip/"`` is a mirror base URL, for example.
    """
    from mnist_lessons.sources import MNIST

    stop = threading.Event()
    sizes = dict(MNIST.size)  # the tests download MNIST from it
    handler = type("Handler", (_FaultyMirror,), {"stop": stop, "sizes": sizes})
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


class _QuietServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server that does not print a traceback when a client hangs up."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class WandbStandIn:
    """A stand-in for the W&B server on 127.0.0.1, speaking just enough of its API (GraphQL and
    the file stream) for wandb 0.31 to start, log and finish a run, or failing on purpose.

    ``behaviour`` chooses how it answers:

    - ``"stall"``: accepts every request, never answers;
    - ``"500"`` / ``"401"``: answers every request with that status;
    - ``"ok"``: a working server (the viewer query, run creation, file stream, file uploads);
    - ``"stall-after-start"``: answers the viewer query and run creation, then stalls everything
      else (uploads, file stream): an outage that begins once the run has started;
    - ``"stall-run-creation"``: answers the viewer query, stalls run creation.

    ``requests`` records ``(method, path, GraphQL operation, Authorization header)``;
    ``history`` the rows that reached the file stream.
    """

    def __init__(self, behaviour: str):
        self.behaviour = behaviour
        self.requests: list[tuple[str, str, str, str]] = []
        self.history: list[dict] = []
        self.stop = threading.Event()
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                standin._handle(self)

            do_GET = do_PUT = do_POST

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def operations(self) -> list[str]:
        return [op for _, _, op, _ in self.requests if op]

    def _send(self, handler, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _stall(self) -> None:
        self.stop.wait(120)

    def _handle(self, handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        operation = ""
        query = {}
        if handler.path == "/graphql" and body:
            query = json.loads(body)
            words = query.get("query", "").replace("(", " ").replace("{", " ").split()
            operation = words[1] if len(words) > 1 and words[0] in ("query", "mutation") else words[0]
        self.requests.append((handler.command, handler.path, operation, handler.headers.get("Authorization", "")))
        if handler.path.startswith("/sdk/otel"):  # wandb's own telemetry: not offered here
            return self._send(handler, 404, {})
        behaviour = self.behaviour
        if behaviour == "stall":
            return self._stall()
        if behaviour in ("500", "401"):
            return self._send(handler, int(behaviour), {"errors": [{"message": f"stand-in says {behaviour}"}]})
        if operation == "Viewer" or "viewer" in query.get("query", "") and operation != "UpsertBucket":
            return self._send(handler, 200, {"data": {"viewer": {
                "id": "VXNlcjox", "entity": "student", "username": "student", "flags": "{}",
                "teams": {"edges": []}}}})
        if behaviour == "stall-run-creation":
            return self._stall()
        if operation == "UpsertBucket":
            variables = query.get("variables") or {}
            return self._send(handler, 200, {"data": {"upsertBucket": {"inserted": True, "bucket": {
                "id": "QnVja2V0", "name": variables.get("name"), "displayName": variables.get("displayName") or "run",
                "description": "", "config": "{}", "sweepName": None, "historyLineCount": 0,
                "project": {"id": "UHJvamVjdA==", "name": variables.get("project") or "p",
                            "entity": {"id": "RW50aXR5", "name": "student"}}}}}})
        if behaviour == "stall-after-start":
            return self._stall()
        if operation == "CreateRunFiles":
            files = (query.get("variables") or {}).get("files") or []
            return self._send(handler, 200, {"data": {"createRunFiles": {
                "runID": "QnVja2V0", "uploadHeaders": [],
                "files": [{"name": name, "uploadUrl": f"{self.url}/upload/{name}"} for name in files]}}})
        if operation == "ServerFeaturesQuery":
            return self._send(handler, 200, {"data": {"serverInfo": {"features": []}}})
        if handler.path.endswith("/file_stream"):
            stream = json.loads(body or b"{}").get("files", {}).get("wandb-history.jsonl", {})
            self.history.extend(json.loads(line) for line in stream.get("content", []))
            return self._send(handler, 200, {})
        return self._send(handler, 200, {"data": {}})


@pytest.fixture
def wandb_standin():
    """A factory: ``wandb_standin("stall")`` starts a ``WandbStandIn`` that stops with the test."""
    started = []

    def start(behaviour: str) -> WandbStandIn:
        server = WandbStandIn(behaviour)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


def _without_permission_override():
    """In the child, before exec: drop root's CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the
    capability bounding set, so file permissions apply to it as they do to any user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_python(code: str, *, env: dict | None = None, cwd=None, timeout: float = 60,
               respect_permissions: bool = False, pythonpath: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``code`` with this interpreter in a fresh process, ``pythonpath`` (the repository)
    importable; return the finished process with its text output. ``respect_permissions`` makes
    file permissions apply even when the tests run as root (as in a container)."""
    full_env = dict(os.environ if env is None else env)
    full_env["PYTHONPATH"] = str(pythonpath) + os.pathsep + full_env.get("PYTHONPATH", "")
    preexec = _without_permission_override if respect_permissions and os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full_env,
                          cwd=cwd, timeout=timeout, preexec_fn=preexec)


def clean_wandb_env(home: Path) -> dict:
    """This environment without any W&B setting, and a fresh, empty home folder (no ~/.netrc, no
    ~/.config/wandb): what a student who never used W&B has."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WANDB_", "NETRC"))}
    env.update(HOME=str(home), WANDB_SILENT="true")
    return env


def wait_for(predicate, timeout: float = 20, interval: float = 0.02):
    """Poll ``predicate`` until it returns something true (returned), or fail after ``timeout`` s."""
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        if value := predicate():
            return value
        time.sleep(interval)
    raise AssertionError(f"gave up waiting after {timeout} s")


def gzip_bomb(header: bytes, inflated_mb: int, *, pad_to: int | None = None) -> bytes:
    """A valid gzip file about 1 KB per MB it inflates to: ``header`` followed by ``inflated_mb``
    MB of zero bytes (built from one compressed block repeated, so it takes well under a
    second), optionally padded with trailing zero bytes (which gzip allows) to ``pad_to`` bytes."""
    zeros = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(header) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)  # the same every time
    crc = zlib.crc32(header)
    for _ in range(inflated_mb):
        crc = zlib.crc32(zeros, crc)
    size = len(header) + inflated_mb * len(zeros)
    data = (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + head + block * inflated_mb + compressor.flush()
            + struct.pack("<II", crc, size & 0xFFFFFFFF))
    if pad_to is not None:
        assert len(data) <= pad_to
        data += bytes(pad_to - len(data))
    return data


def idx_header(shape, magic_type: int = 0x08) -> bytes:
    """The header of an IDX file of this shape."""
    return bytes([0, 0, magic_type, len(shape)]) + b"".join(n.to_bytes(4, "big") for n in shape)
