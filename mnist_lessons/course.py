"""Where the course's own files are: the lesson notebooks and the website's sources.

Two cases, decided by what is on disk next to the package:

- **From a clone** (``pip install -e .`` in the repository): the package sits beside the
  repository's ``notebooks/`` and ``site/`` folders, and those are used directly, so an edit
  to a lesson shows up at once.
- **Installed without the repository** (``pip install`` of the wheel, on Colab, in a hub's
  image): the wheel carries the same files inside the package, as ``mnist_lessons/lessons/``
  and ``mnist_lessons/site/`` (see ``setup.py``).
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LESSON_PATTERN = "*.ipynb"


def repository_root() -> Path | None:
    """The repository the package is running from, or ``None`` when it is installed without one.

    A clone is recognised by ``pyproject.toml`` and ``notebooks/`` beside the package folder.
    """
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir():
        return root
    return None


def lessons_dir() -> Path:
    """The folder holding the course's lesson notebooks (the repository's ``notebooks/``, else the
    copy inside the installed package).

    Raises:
        FileNotFoundError: neither exists (a package built without its lessons).
    """
    root = repository_root()
    folder = root / "notebooks" if root else PACKAGE_DIR / "lessons"
    if not folder.is_dir():
        raise FileNotFoundError(
            f"The course's lessons were not found: expected a folder of notebooks at {folder}. "
            "Reinstall the package from a wheel or a clone of the repository "
            "(pip install --force-reinstall mnist-lessons)."
        )
    return folder


def lesson_files() -> list[Path]:
    """The lesson notebooks, sorted by name (``00_...``, ``01_...``, ...).

    Checkpoints and hidden files (``.ipynb_checkpoints``, ``.~...``) are not lessons.
    """
    return sorted(
        path for path in lessons_dir().glob(LESSON_PATTERN) if path.is_file() and not path.name.startswith((".", "~"))
    )


def site_dir() -> Path:
    """The folder holding the website's sources (``conf.py``, ``index.md``, ``_static/``).

    Raises:
        FileNotFoundError: neither the repository's ``site/`` nor the packaged copy exists.
    """
    root = repository_root()
    folder = root / "site" if root else PACKAGE_DIR / "site"
    if not (folder / "conf.py").is_file():
        raise FileNotFoundError(
            f"The website's sources were not found: expected {folder / 'conf.py'}. "
            "Reinstall the package from a wheel or a clone of the repository."
        )
    return folder


def changed_lessons(root: Path | None = None) -> dict[str, str]:
    """Lessons changed in a clone's ``notebooks/`` but not committed: a student who worked in the
    course's own folder, as the README once said to.

    Args:
        root: the repository; default ``repository_root()``.

    Returns:
        ``{file name: SHA-256 of the committed version}`` for every lesson git reports as
        modified; empty when not in a git checkout or when git cannot be run.
    """
    root = root if root is not None else repository_root()
    if root is None or not (root / ".git").exists():
        return {}
    try:
        status = subprocess.run(["git", "status", "--porcelain", "--", "notebooks"], cwd=root,
                                capture_output=True, text=True, timeout=20)
        changed = {}
        for line in status.stdout.splitlines() if status.returncode == 0 else []:
            path = line[3:].strip('"')
            if "M" in line[:2] and path.endswith(".ipynb") and path.count("/") == 1:
                committed = subprocess.run(["git", "show", f"HEAD:{path}"], cwd=root, capture_output=True, timeout=20)
                if committed.returncode == 0:
                    changed[Path(path).name] = hashlib.sha256(committed.stdout).hexdigest()
        return changed
    except (OSError, subprocess.SubprocessError):
        return {}
