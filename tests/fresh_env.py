"""Helpers for the tests that install the course into a fresh virtual environment, as a student
or a hub would: make the venv, install into it, run a lesson in it, compare the lesson's checked
outputs with the stored ones.

These tests take minutes (a fresh install of TensorFlow, JAX and JupyterLab), so plain `pytest`
skips them; `.ci/run` runs them with MNIST_LESSONS_INSTALL_TESTS=1.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ENABLED = os.environ.get("MNIST_LESSONS_INSTALL_TESTS") == "1"
needs_fresh_installs = pytest.mark.skipif(
    not ENABLED,
    reason="installs the course into fresh virtual environments (minutes); .ci/run runs these with "
    "MNIST_LESSONS_INSTALL_TESTS=1",
)

# Run a notebook in a folder with the environment's own kernel, as JupyterLab would, and save the result.
RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
notebook, folder, out = sys.argv[1:4]
nb = nbformat.read(notebook, as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
nbformat.write(nb, out)
"""


@contextlib.contextmanager
def scratch_folder(prefix: str):
    """A folder for a fresh venv, removed afterwards: in memory (/dev/shm) when there is room.

    A fresh install writes about 1.5 GB; on a shared machine with a slow disk, flushing that
    stalled a later import for minutes (a lesson that runs in 45 s took 11 minutes, its kernel
    waiting on the disk). In memory, that cannot happen; nothing a test checks depends on where
    the venv lives."""
    shm = Path("/dev/shm")
    in_memory = shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 8e9
    folder = Path(tempfile.mkdtemp(prefix=f"mnist-lessons-{prefix}-", dir=shm if in_memory else None))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make_venv(path: Path) -> Path:
    """A new virtual environment at ``path`` (no system site-packages); returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    return path / ("Scripts" if os.name == "nt" else "bin") / "python"


def pip_install(python: Path, *args: str, cwd: Path | None = None) -> float:
    """``pip install ARGS`` with the venv's pip; returns the seconds it took (printed too).

    With ``--no-compile``: byte-compiling TensorFlow's and JAX's thousands of modules at install
    time doubles the install here (about 100 s against 50 s) and changes nothing a test sees
    (Python compiles what a lesson imports when it imports it)."""
    started = time.perf_counter()
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-compile", *args], cwd=cwd, capture_output=True,
                            text=True, timeout=1200, env=clean_env())
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"pip install {' '.join(args)}: {seconds:.0f} s")
    return seconds


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that would point a fresh venv back at the
    repository or its data (PYTHONPATH, the package's data variables, Jupyter's paths)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MNIST_LESSONS_DATA", "MNIST_LESSONS_MIRROR",
                        "MNIST_LESSONS_CACHE") and not k.startswith("JUPYTER")}
    env.update(extra)
    return env


def run_lesson(python: Path, notebook: Path, env: dict[str, str]) -> tuple[dict, float]:
    """Execute ``notebook`` in its own folder with the venv's kernel; return the executed notebook
    and the seconds it took (printed too). Raises if a cell fails (other than one tagged
    ``raises-exception``)."""
    out = notebook.with_name(notebook.stem + ".executed.ipynb")
    started = time.perf_counter()
    result = subprocess.run([str(python), "-c", RUNNER, str(notebook), str(notebook.parent), str(out)],
                            cwd=notebook.parent, env=env, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, f"{notebook.name} failed:\n{result.stderr[-5000:]}"
    print(f"{notebook.name} ran in {seconds:.0f} s")
    executed = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return executed, seconds


def checked_output_differences(stored: dict, executed: dict) -> list[str]:
    """The cells tagged ``nbval-check-output`` whose text outputs differ between the stored and
    the executed notebook, compared as nbval's lax mode does: consecutive stream outputs merged,
    figures not compared. Download progress lines are left out: a first run without the
    repository downloads the data (see download.py), which the saved notebook never shows."""

    def texts(cell):
        parts = []
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                text = "".join(output["text"])
                if parts and parts[-1][0] == output["name"]:
                    parts[-1] = (output["name"], parts[-1][1] + text)
                else:
                    parts.append((output["name"], text))
            elif output["output_type"] == "error":
                parts.append(("error", output["ename"]))
            elif "text/plain" in output.get("data", {}) and not any(k.startswith("image/") for k in output["data"]):
                parts.append(("text", "".join(output["data"]["text/plain"])))
        return [(name, _without_progress(text)) for name, text in parts]

    differences = []
    for number, (before, after) in enumerate(zip(stored["cells"], executed["cells"], strict=True)):
        if "nbval-check-output" in before.get("metadata", {}).get("tags", []) and texts(before) != texts(after):
            differences.append(f"cell {number}: stored {texts(before)!r}, got {texts(after)!r}")
    return differences


def _without_progress(text: str) -> str:
    """``text`` without its download progress lines (each redrawn in place with ``\\r``)."""
    lines = text.split("\n")
    return "\n".join(line for line in lines if not any(part.startswith("Downloading ") for part in line.split("\r")))


def errors(executed: dict) -> list[str]:
    """Error outputs of cells not tagged ``raises-exception``, and anything written to stderr."""
    found = []
    for number, cell in enumerate(executed["cells"]):
        allowed = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        for output in cell.get("outputs", []):
            if output["output_type"] == "error" and not allowed:
                found.append(f"cell {number}: {output['ename']}: {output['evalue']}")
            if output["output_type"] == "stream" and output["name"] == "stderr":
                found.append(f"cell {number} wrote to stderr: {''.join(output['text'])[:500]}")
    return found
