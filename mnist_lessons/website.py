"""Building the course website, offline: ``mnist-lessons site OUT``.

Sphinx and myst-nb render ``site/``, ``docs/`` and every lesson with its stored outputs (prepared
by ``site_content``), MathJax included, with no network. The site is built beside OUT and moved
into place when complete; OUT must be empty, absent, or an earlier build.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

from . import course, site_content

MARKER = ".mnist-lessons-site"  # in every built site: a later build may replace that folder, nothing else

TOOLS = {"sphinx": "sphinx", "myst_nb": "myst-nb", "sphinx_book_theme": "sphinx-book-theme",
         "jupyter_server_mathjax": "jupyter-server-mathjax"}
INSTALL_HINT = 'pip install "mnist-lessons[site]" (from a clone: pip install -e ".[dev,site]")'


@dataclass
class SiteResult:
    """What a build made: the folder, its lesson pages, the time taken, the size, Sphinx's warnings."""

    out: Path
    lessons: list[str]
    seconds: float
    size_bytes: int
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """The summary ``mnist-lessons site`` prints."""
        text = (
            f"Built the course website in {self.seconds:.1f} s: {len(self.lessons)} lesson pages, "
            f"{self.size_bytes / 1e6:.1f} MB in {self.out}\n"
            f"Open {self.out / 'index.html'} in a browser (it works from the files, no server needed), "
            "or publish the folder as it is."
        )
        if self.warnings:
            text += f"\nSphinx warned {len(self.warnings)} time(s):\n" + "\n".join(self.warnings)
        return text


def build_site(out: str | Path, *, lessons=None) -> SiteResult:
    """Build the website of ``lessons`` (default ``course.lesson_files()``) into ``out``; a ``SiteResult``.
    RuntimeError: a tool of the site extra is missing, ``out`` holds something else, or Sphinx failed."""
    missing = [package for module, package in TOOLS.items() if importlib.util.find_spec(module) is None]
    if missing:
        raise RuntimeError(f"building the website needs {', '.join(missing)}, which are not installed. "
                           f"Install them with: {INSTALL_HINT}")
    out = Path(out).expanduser().resolve()
    _check_out(out)
    lessons = [Path(p) for p in (lessons if lessons is not None else course.lesson_files())]
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mnist-lessons-site-") as work:
        source = Path(work) / "source"
        _prepare_sources(source, lessons, skip=out)
        # Beside OUT, so that the finished site moves into place with a rename; Sphinx builds into
        # staging/html, and myst-nb writes its working files next to that, in staging/ too.
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
        try:
            building = staging / "html"
            warnings = _run_sphinx(source, building, Path(work) / "doctrees")
            _tidy(building)
            (building / MARKER).write_text("Built by `mnist-lessons site`; the next build replaces this folder.\n")
            _move_into_place(building, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    return SiteResult(out, [p.stem for p in lessons], time.perf_counter() - started, size, warnings)


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise RuntimeError(f"{out} is a file; give a folder for the website, e.g. mnist-lessons site site-html")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise RuntimeError(
            f"{out} already holds files that this command did not make; it will not replace them. "
            "Give a new or empty folder."
        )
    if course.repository_root() and out in (course.repository_root(), course.site_dir(), course.lessons_dir()):
        raise RuntimeError(f"{out} is part of the course's sources; give another folder for the website.")


def _prepare_sources(source: Path, lessons: list[Path], *, skip: Path) -> None:
    """The Sphinx source folder: site/ as it is (less ``skip``, a site built inside it), the lessons
    prepared for the web, the original notebooks to download, and MathJax."""
    unwanted = shutil.ignore_patterns("__pycache__", "_build", ".*")

    def ignore(folder, names):
        return set(unwanted(folder, names)) | {name for name in names if (Path(folder) / name).resolve() == skip}

    shutil.copytree(course.site_dir(), source, ignore=ignore)
    docs = _docs_dir()
    if docs.is_dir():  # the instructors' and maintainers' pages, shown beside the lessons
        shutil.copytree(docs, source / "docs", ignore=ignore, dirs_exist_ok=True)
    pages = source / "lessons"
    downloads = source / "_extra" / "notebooks"
    pages.mkdir()
    downloads.mkdir(parents=True)
    for lesson in lessons:
        notebook = json.loads(lesson.read_text(encoding="utf-8"))
        web = site_content.for_the_web(notebook, lesson.name)
        (pages / lesson.name).write_text(json.dumps(web, ensure_ascii=False), encoding="utf-8")
        shutil.copyfile(lesson, downloads / lesson.name)
    import jupyter_server_mathjax

    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(mathjax, source / "_static" / "mathjax", ignore=shutil.ignore_patterns("localization"))


def _docs_dir() -> Path:
    """The instructors' and maintainers' pages: a clone's ``docs/``, else the wheel's ``site/docs/``."""
    root = course.repository_root()
    return root / "docs" if root else course.site_dir() / "docs"


def _run_sphinx(source: Path, build: Path, doctrees: Path) -> list[str]:
    """Run Sphinx's HTML builder; return its warnings. Raises RuntimeError if it fails."""
    from sphinx.cmd.build import build_main

    warnings = doctrees.parent / "warnings.txt"
    output = io.StringIO()
    with redirect_stdout(output), redirect_stderr(output):
        code = build_main(["-b", "html", "-E", "-q", "-d", str(doctrees), "-w", str(warnings), str(source), str(build)])
    found = [line for line in warnings.read_text(encoding="utf-8").splitlines() if line.strip()] if warnings.exists() else []
    found = [_locate(line, source) for line in found]
    if code != 0:
        raise RuntimeError("Sphinx could not build the website:\n" + "\n".join(found or [output.getvalue()[-3000:]]))
    return found


def _locate(warning: str, source: Path) -> str:
    """A Sphinx warning without the source folder, a notebook's "line" (cell k: k * 10000) as the cell's start."""
    warning = warning.replace(str(source) + "/", "")
    match = re.match(r"^(lessons/[^:]+\.ipynb):(\d+): ", warning)
    if not match:
        return warning
    try:
        cells = json.loads((source / match.group(1)).read_text(encoding="utf-8"))["cells"]
        cell = cells[int(match.group(2)) // 10000 - 1]
    except (OSError, ValueError, IndexError, KeyError):
        return warning
    text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    first = text.strip().splitlines()[0][:60] if text.strip() else "(empty)"
    return f"{match.group(1)[len('lessons/'):]}, in the cell starting {first!r}: {warning[match.end():]}"


def _tidy(build: Path) -> None:
    """Remove what the theme copies but no page uses: Jinja macro files, an empty ``_sources``."""
    for template in (build / "_static").glob("*.html"):
        if "{{" in template.read_text(encoding="utf-8", errors="replace"):
            template.unlink()
    sources = build / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def _move_into_place(building: Path, out: Path) -> None:
    """Replace ``out`` by the finished build in two renames (the old site is removed after)."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    building.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
