"""Where the course's own files are: the lesson notebooks and the website's sources: a clone's
``notebooks/`` and ``site/``, else the copies a wheel carries in the package (see ``setup.py``)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LESSON_PATTERN = "*.ipynb"


def repository_root() -> Path | None:
    """The clone the package runs from (``pyproject.toml`` and ``notebooks/`` beside it), or ``None``."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir():
        return root
    return None


def lessons_dir() -> Path:
    """The folder of the lesson notebooks; FileNotFoundError for a package built without them."""
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
    """The lesson notebooks, sorted by name, without checkpoints and hidden files."""
    return sorted(
        path for path in lessons_dir().glob(LESSON_PATTERN) if path.is_file() and not path.name.startswith((".", "~"))
    )


def site_dir() -> Path:
    """The folder of the website's sources (``conf.py``, ...); FileNotFoundError if there is none."""
    root = repository_root()
    folder = root / "site" if root else PACKAGE_DIR / "site"
    if not (folder / "conf.py").is_file():
        raise FileNotFoundError(
            f"The website's sources were not found: expected {folder / 'conf.py'}. "
            "Reinstall the package from a wheel or a clone of the repository."
        )
    return folder


def changed_lessons(root: Path | None = None) -> dict[str, str]:
    """``{file name: SHA-256 committed}`` of the lessons changed but not committed in a clone's
    ``notebooks/`` (a student who worked there); empty outside a git checkout."""
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
