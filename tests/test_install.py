"""The README's install works on every Python the course supports, 3.10 to 3.14.

A new Python must not silently break installs (TensorFlow had no stable wheel for 3.14 when
this was written), so this builds the package's wheel and resolves its full dependency set for
each end of the range, from binary wheels only, as pip would on that Python. It needs the
package index (PyPI): it is skipped when the index cannot be reached, except in CI.

pip evaluates environment markers (``python_version < '3.14'``) against the interpreter it runs
on, whatever ``--python-version`` says, so the resolution is done by uv, which evaluates them for
the target Python; then pip downloads every resolved file with ``--python-version 3.14
--only-binary=:all:``, which proves each one has a wheel for that Python.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request

import pytest

from .conftest import ROOT

PLATFORMS = ("manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64")


def _index_reachable() -> bool:
    try:
        with urllib.request.urlopen("https://pypi.org/simple/keras/", timeout=5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not os.environ.get("CI") and (shutil.which("uv") is None or not _index_reachable()),
    reason="needs uv (pip install uv, part of the dev extra) and the package index, which cannot be reached here",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, timeout=600)
    (path,) = out.glob("mnist_lessons-*.whl")
    return path


def resolve(wheel, python: str, tmp_path, extras: str = "") -> dict[str, str]:
    """Pinned name -> version of the wheel's full dependency set on ``python`` (x86-64 Linux),
    with the optional ``extras`` (``"tensorflow"``)."""
    requirements = tmp_path / "requirements.in"
    requirements.write_text(f"mnist-lessons[{extras}] @ {wheel.as_uri()}\n" if extras else f"{wheel}\n")
    out = subprocess.run(["uv", "pip", "compile", str(requirements), "--python-version", python,
                          "--python-platform", "x86_64-manylinux_2_28", "--only-binary", ":all:", "--no-header",
                          "--quiet"], capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, f"the dependencies do not resolve for Python {python}:\n{out.stderr}"
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", out.stdout, re.M))


def test_python_3_14_installs_from_wheels_with_jax_and_without_tensorflow(wheel, tmp_path):
    pins = resolve(wheel, "3.14", tmp_path)
    assert {"jax", "jaxlib", "keras", "numpy", "wandb", "jupyterlab"} <= set(pins)
    assert not {"tensorflow", "tensorflow-cpu"} & set(pins)  # no stable wheel: left out by its marker
    pinned = tmp_path / "pinned.txt"
    pinned.write_text("".join(f"{name}=={version}\n" for name, version in pins.items() if name != "mnist-lessons"))
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    out = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                          "--python-version", "3.14", *platforms, "-d", str(tmp_path / "wheels"), "-r", str(pinned)],
                         capture_output=True, text=True, timeout=900, check=False)
    assert out.returncode == 0, f"some dependency has no Python 3.14 wheel:\n{out.stderr[-3000:]}"


def test_python_3_10_installs_from_wheels_with_both_backends(wheel, tmp_path):
    pins = resolve(wheel, "3.10", tmp_path, extras="tensorflow")
    assert {"jax", "jaxlib", "keras", "tensorflow-cpu"} <= set(pins)


def test_a_students_install_brings_no_tensorflow(wheel, tmp_path):
    """The default backend is JAX: TensorFlow (1.3 GB installed) comes only with the tensorflow extra."""
    pins = resolve(wheel, "3.11", tmp_path)
    assert {"jax", "jaxlib", "keras", "jupyterlab", "wandb"} <= set(pins)
    assert not {"tensorflow", "tensorflow-cpu", "pytest", "nbval", "ruff", "uv"} & set(pins)
