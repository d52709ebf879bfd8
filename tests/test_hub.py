"""Classroom hubs: the repo2docker configuration in binder/, installed the way repo2docker would.

There is no Docker here, so this does by hand what repo2docker's Python build pack does (its
own `--no-build` Dockerfile, checked below, runs `pip install -r binder/requirements.txt` from the
repository's root, then `binder/postBuild` from the root with the environment's bin first on
PATH and NB_PYTHON_PREFIX set), in a fresh venv. Then it acts as a student on a hub: an nbgitpuller link's
pull (the `gitpuller` command a link runs) brings the lessons into an empty home folder, and
lesson 00 runs there on the image's datasets, with no download possible.

Slow (a fresh install): plain `pytest` skips it; `.ci/run` runs it with MNIST_LESSONS_INSTALL_TESTS=1.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from importlib.metadata import metadata
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from mnist_lessons import course
from mnist_lessons.sources import SOURCES

from .conftest import ROOT
from .fresh_env import (
    checked_output_differences,
    clean_env,
    errors,
    make_venv,
    pip_install,
    run_lesson,
    scratch_folder,
)

BINDER = ROOT / "binder"
LESSON = "00_look_at_the_data.ipynb"


def test_runtime_is_a_python_the_course_supports():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime.startswith("python-")
    assert runtime.removeprefix("python-") + ".0" in SpecifierSet(metadata("mnist-lessons")["Requires-Python"])


def test_requirements_install_the_course_itself_not_an_editable_copy():
    lines = [line.split("#")[0].strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    assert "." in lines and not any(line.startswith("-e") for line in lines)
    assert any(line.startswith("nbgitpuller") for line in lines)
    assert os.access(BINDER / "postBuild", os.X_OK)


def test_repo2docker_builds_it_as_this_file_installs_it(tmp_path):
    """repo2docker itself (from PyPI), asked for the Dockerfile it would build (--no-build needs no
    Docker): a Python 3.11 environment, the whole repository copied in, then pip install -r
    binder/requirements.txt from its root, then binder/postBuild with that environment first on
    PATH. The hub fixture below does the same steps."""
    from .fresh_env import ENABLED

    if not ENABLED:
        pytest.skip("installs jupyter-repo2docker into a fresh venv; .ci/run runs this with MNIST_LESSONS_INSTALL_TESTS=1")
    python = make_venv(tmp_path / "r2d")
    pip_install(python, "jupyter-repo2docker")
    result = subprocess.run([str(python.parent / "jupyter-repo2docker"), "--no-build", "--debug", "--no-run",
                             "--user-id", "1000", "--user-name", "jovyan", str(ROOT)],
                            capture_output=True, text=True, timeout=300, env=clean_env())
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    dockerfile = [line.strip() for line in (result.stdout + result.stderr).splitlines()]
    assert any("python=3.11" in line for line in dockerfile), "runtime.txt's Python 3.11 was not picked"
    copy_all = dockerfile.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    pip = dockerfile.index('RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"')
    post_build = dockerfile.index("RUN ./binder/postBuild")
    assert copy_all < pip < post_build  # the repository is there when '.' is installed
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in dockerfile
    assert any(line.startswith("ENV PATH=${NB_PYTHON_PREFIX}/bin:") for line in dockerfile)
    assert "WORKDIR ${REPO_DIR}" in dockerfile
    assert not any("R2D_ENTRYPOINT" in line for line in dockerfile), "no start script: it would be hidden on a hub"


@pytest.fixture(scope="module")
def hub():
    """A fresh environment built from binder/ as repo2docker builds an image: (python, env)."""
    from .fresh_env import ENABLED

    if not ENABLED:
        pytest.skip("installs the course into a fresh virtual environment (minutes); .ci/run runs this with "
                    "MNIST_LESSONS_INSTALL_TESTS=1")
    with scratch_folder("hub") as root:
        python = make_venv(root / "venv")
        pip_install(python, "-r", "binder/requirements.txt", cwd=ROOT)
        prefix = python.parent.parent
        env = clean_env(PATH=f"{python.parent}{os.pathsep}{os.environ['PATH']}", NB_PYTHON_PREFIX=str(prefix))
        built = subprocess.run(["bash", str(BINDER / "postBuild")], cwd=ROOT, env=env, capture_output=True,
                               text=True, timeout=300)
        assert built.returncode == 0, built.stdout + built.stderr
        print(built.stdout.strip())
        yield python, env


def test_the_image_holds_the_datasets_and_the_kernel_names_them(hub):
    python, _ = hub
    spec = json.loads((python.parent.parent / "share/jupyter/kernels/python3/kernel.json").read_text())
    assert Path(spec["argv"][0]).parent == python.parent, spec["argv"]
    data = Path(spec["env"]["MNIST_LESSONS_DATA"])
    assert data.is_relative_to(python.parent.parent)  # in the image, outside any home folder
    for name, source in SOURCES.items():
        for filename, sha256 in source.sha256.items():
            assert hashlib.sha256((data / name / filename).read_bytes()).hexdigest() == sha256
        assert (data / name / "SOURCE.txt").is_file()


def classroom_remote_and_home(tmp_path) -> tuple[Path, Path]:
    """The course repository as a hub reaches it (a git server: here a bare clone of this checkout,
    with this commit on a ``classroom`` branch), and a student's empty home folder."""
    remote = tmp_path / "mnist-lessons.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(remote)], check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    subprocess.run(["git", "branch", "--quiet", "-f", "classroom", head.strip()], cwd=remote, check=True)
    home = tmp_path / "home"
    home.mkdir()
    return remote, home


def test_an_nbgitpuller_link_brings_the_lessons_and_lesson_00_runs_on_the_images_data(hub, tmp_path):
    python, env = hub
    remote, home = classroom_remote_and_home(tmp_path)
    student = {**env, "HOME": str(home), "MNIST_LESSONS_CACHE": str(tmp_path / "cache"),
               # Any download attempt would fail at once: the data must come from the image.
               "MNIST_LESSONS_MIRROR": "http://127.0.0.1:9/", "WANDB_MODE": "disabled", "WANDB_SILENT": "true"}
    pulled = subprocess.run([str(python.parent / "gitpuller"), remote.as_uri(), "classroom", str(home / "mnist-lessons")],
                            cwd=home, env=student, capture_output=True, text=True, timeout=300)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    notebook = home / "mnist-lessons" / "notebooks" / LESSON
    stored = json.loads(notebook.read_text(encoding="utf-8"))
    executed, _ = run_lesson(python, notebook, student)
    assert not errors(executed), "\n".join(errors(executed))
    differences = checked_output_differences(stored, executed)
    assert not differences, "\n".join(differences)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.gz")), "a dataset was downloaded"


def test_a_second_click_on_the_link_brings_the_update_and_keeps_the_students_edit(hub, tmp_path):
    """The link names a branch that the instructor moves forward (nbgitpuller 1.3 cannot update from
    a tag: its second pull runs `git diff ..origin/<tag>`, which exits 128)."""
    python, env = hub
    remote, home = classroom_remote_and_home(tmp_path)
    student = {**env, "HOME": str(home)}
    pull = [str(python.parent / "gitpuller"), remote.as_uri(), "classroom", str(home / "mnist-lessons")]

    first = subprocess.run(pull, cwd=home, env=student, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    lesson = home / "mnist-lessons" / "notebooks" / LESSON
    edited = json.loads(lesson.read_text(encoding="utf-8"))
    edited["cells"].append({"cell_type": "markdown", "id": "my-notes", "metadata": {}, "source": "My own notes."})
    lesson.write_text(json.dumps(edited, indent=1) + "\n", encoding="utf-8")

    # The instructor publishes a fix: a new commit on the classroom branch.
    author = tmp_path / "instructor"
    subprocess.run(["git", "clone", "--quiet", "--branch", "classroom", str(remote), str(author)], check=True)
    (author / "CLASS-NOTES.md").write_text("Week 2: lessons 02 and 03.\n")
    git = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org"]
    subprocess.run([*git, "add", "CLASS-NOTES.md"], cwd=author, check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "Week 2"], cwd=author, check=True)
    subprocess.run(["git", "push", "--quiet", "origin", "classroom"], cwd=author, check=True)

    second = subprocess.run(pull, cwd=home, env=student, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (home / "mnist-lessons" / "CLASS-NOTES.md").read_text() == "Week 2: lessons 02 and 03.\n"
    kept = json.loads(lesson.read_text(encoding="utf-8"))
    assert kept["cells"][-1]["source"] == "My own notes."


def test_sync_in_a_hub_terminal_uses_the_lessons_inside_the_image(hub, tmp_path):
    python, env = hub
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run([str(python.parent / "mnist-lessons"), "sync"], cwd=home, env={**env, "HOME": str(home)},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    shipped = sorted(next((python.parent.parent / "lib").glob("python3*/site-packages/mnist_lessons/lessons")).glob("*.ipynb"))
    assert [p.name for p in shipped] == [p.name for p in course.lesson_files()]
    for lesson in shipped:
        assert (home / "my-mnist-lessons" / lesson.name).read_bytes() == lesson.read_bytes()
