"""A start without the repository: the built wheel, installed into a fresh venv, gives working lessons.

The wheel is built from this checkout, installed with its dependencies into a new virtual
environment, and used from a folder outside the repository with a fresh home folder: `mnist-lessons
sync` makes the workspace from the lessons inside the package, and lesson 00 (both datasets) runs
there with the datasets the wheel carries: no network, no mirror, nothing downloaded.

Slow (a fresh install of JAX and JupyterLab): plain `pytest` skips it; `.ci/run` runs it with
MNIST_LESSONS_INSTALL_TESTS=1.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mnist_lessons import course
from mnist_lessons.sources import FASHION_MNIST, MNIST

from .conftest import DATA, ROOT
from .fresh_env import (
    checked_output_differences,
    clean_env,
    errors,
    make_venv,
    needs_fresh_installs,
    pip_install,
    run_lesson,
    scratch_folder,
)

pytestmark = needs_fresh_installs

LESSON = "00_look_at_the_data.ipynb"  # it loads both datasets


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    (path,) = out.glob("mnist_lessons-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel):
    """(python, bin folder, a home folder, a working folder outside the repository)."""
    with scratch_folder("student") as root:
        python = make_venv(root / "venv")
        pip_install(python, str(wheel))
        home, elsewhere = root / "home", root / "elsewhere"
        home.mkdir()
        elsewhere.mkdir()
        yield python, python.parent, home, elsewhere


def test_the_wheel_carries_the_lessons_the_site_sources_and_the_datasets(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for lesson in course.lesson_files():
            assert archive.read(f"mnist_lessons/lessons/{lesson.name}") == lesson.read_bytes()
        for source in ("conf.py", "index.md", "_static/mnist-lessons.css"):
            assert archive.read(f"mnist_lessons/site/{source}") == (ROOT / "site" / source).read_bytes()
        for page in sorted((ROOT / "docs").glob("*.md")):  # the instructors' and maintainers' pages, for the site
            assert archive.read(f"mnist_lessons/site/docs/{page.name}") == page.read_bytes()
        subpackages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "mnist_lessons").rglob("__init__.py")}
        for package in subpackages:
            assert f"{package}/__init__.py" in names, f"{package} is missing from the wheel"
        for source in (MNIST, FASHION_MNIST):  # byte for byte, with their checksums and terms
            for name in (*source.files, "SHA256SUMS", "SOURCE.txt"):
                shipped = archive.read(f"mnist_lessons/datasets/{source.name}/{name}")
                assert shipped == (DATA / source.name / name).read_bytes(), f"{source.name}/{name} differs"
        assert "mnist-lessons = mnist_lessons.cli:main" in archive.read(
            next(n for n in names if n.endswith("entry_points.txt"))).decode()
    print(f"wheel: {wheel.stat().st_size / 1e6:.1f} MB")


STUDENT_INSTALL_LIMIT_MB = 1_600
"""A student's environment (the wheel and its dependencies, JAX only). It was 2.5 GB while TensorFlow
(1.3 GB of it) came with every install; measured at about 1.1 GB since TensorFlow became an extra."""


def test_a_students_install_has_no_tensorflow_and_stays_small(installed):
    python, _, _, _ = installed
    prefix = python.parent.parent
    site = next((prefix / "lib").glob("python3*/site-packages"))
    present = {path.name.lower() for path in site.iterdir()}
    assert not {"tensorflow", "tensorflow_cpu", "keras_nightly"} & present, "TensorFlow came with a student's install"
    total = sum(f.stat().st_size for f in prefix.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"student environment: {total / 1e6:,.0f} MB")
    assert total / 1e6 < STUDENT_INSTALL_LIMIT_MB, (
        f"a student's environment takes {total / 1e6:,.0f} MB, more than {STUDENT_INSTALL_LIMIT_MB:,} MB: "
        "did a heavy dependency come back into pyproject.toml's dependencies (not an extra)?")


def test_the_install_brings_the_setting_that_presents_from_the_first_slide(wheel, installed):
    """The deck button's JupyterLab setting (jupyter-settings/) lands where JupyterLab reads it."""
    python, _, _, _ = installed
    name = "mnist-lessons.json5"
    with zipfile.ZipFile(wheel) as archive:
        (shipped,) = [n for n in archive.namelist() if n.endswith(f".data/data/share/jupyter/lab/settings/overrides.d/{name}")]
        assert archive.read(shipped) == (ROOT / "jupyter-settings" / name).read_bytes()
    prefix = subprocess.run([str(python), "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True,
                            check=True).stdout.strip()
    installed_file = Path(prefix) / "share/jupyter/lab/settings/overrides.d" / name
    assert installed_file.read_bytes() == (ROOT / "jupyter-settings" / name).read_bytes()


def test_sync_without_the_repository_fills_the_home_workspace(wheel, installed):
    python, bindir, home, elsewhere = installed
    env = clean_env(HOME=str(home), USERPROFILE=str(home))
    where = subprocess.run([str(python), "-c", "import mnist_lessons, mnist_lessons.course as c; "
                            "print(mnist_lessons.__file__); print(c.repository_root())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    package_file, repository = where.stdout.splitlines()
    assert Path(package_file).is_relative_to(python.parent.parent) and repository == "None"
    result = subprocess.run([str(bindir / "mnist-lessons"), "sync"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    workspace = home / "my-mnist-lessons"
    assert f"Your lessons are in {workspace}" in result.stdout
    with zipfile.ZipFile(wheel) as archive:
        shipped = {Path(n).name: archive.read(n) for n in archive.namelist() if n.startswith("mnist_lessons/lessons/")}
    assert shipped and {p.name: p.read_bytes() for p in workspace.glob("*.ipynb")} == shipped


def test_site_without_its_extra_says_how_to_install_it(installed, tmp_path):
    python, bindir, home, elsewhere = installed
    result = subprocess.run([str(bindir / "mnist-lessons"), "site", str(tmp_path / "html")], cwd=elsewhere,
                            env=clean_env(HOME=str(home)), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert 'pip install "mnist-lessons[site]"' in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "html").exists()


def test_lesson_00_runs_from_the_wheel_offline_with_the_datasets_it_carries(installed, tmp_path):
    python, bindir, home, elsewhere = installed
    cache = tmp_path / "cache"
    # No mirror, and every download would go to a proxy that does not exist: only the shipped files can serve.
    dead = "http://127.0.0.1:9"
    env = clean_env(HOME=str(home), USERPROFILE=str(home), MNIST_LESSONS_CACHE=str(cache), WANDB_MODE="disabled",
                    WANDB_SILENT="true", http_proxy=dead, https_proxy=dead, HTTP_PROXY=dead, HTTPS_PROXY=dead)
    workspace = home / "my-mnist-lessons"
    subprocess.run([str(bindir / "mnist-lessons"), "sync"], cwd=elsewhere, env=env, check=True, capture_output=True)
    notebook = workspace / LESSON
    executed, _ = run_lesson(python, notebook, env)
    assert not errors(executed), "\n".join(errors(executed))
    differences = checked_output_differences(_load(notebook), executed)
    assert not differences, "\n".join(differences)
    # Nothing was downloaded: the data came from the package.
    assert not cache.exists() or not any(cache.rglob("*.gz"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
