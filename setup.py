"""The one build step pyproject.toml cannot declare: the course's content ships inside the package.

When a wheel is built (pip install ., pip wheel ., python -m build), the lesson notebooks in
notebooks/ are copied into mnist_lessons/lessons/ of the built package, the website's sources
in site/ into mnist_lessons/site/, and the datasets in data/ (about 41 MB of .gz files, with their
SHA256SUMS and SOURCE.txt) into mnist_lessons/datasets/, so that `mnist-lessons sync`, `mnist-lessons
site` and the lessons work without the repository and without a network. Git keeps one copy of each.
Editable installs (pip install -e .) copy nothing: from a clone, mnist_lessons.course reads
notebooks/ and site/, and mnist_lessons.data reads data/, directly.

The package also brings JupyterLab setting defaults (pyproject.toml, [tool.setuptools.data-files]:
the deck button presents from the first slide). setuptools' editable wheel asks the distribution
`has_data()` before installing data files, a method setuptools' Distribution does not have (it has
`has_data_files()`; checked with setuptools 84.2), so `pip install -e .` would silently leave them
out. DistributionWithData supplies it, and editable installs get the data files as wheels do.

Everything else about the package is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
COURSE_CONTENT = {  # folder in the repository -> folder in the package, and what to copy
    "notebooks": ("lessons", ["*.ipynb"]),
    "site": ("site", ["conf.py", "*.md", "_static/*", "_templates/*"]),
    "docs": ("site/docs", ["*.md"]),  # the instructors' and maintainers' pages, for `mnist-lessons site`
    "data": ("datasets", ["mnist/*", "fashion-mnist/*"]),  # so that the wheel runs offline too
}


class BuildPyWithCourse(build_py):
    """build_py, then the lessons and the website's sources into the built package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "mnist_lessons"
        for source, (target, patterns) in COURSE_CONTENT.items():
            files = sorted({path for pattern in patterns for path in (ROOT / source).glob(pattern) if path.is_file()})
            if source in ("notebooks", "data") and not files:
                raise RuntimeError(f"nothing in {ROOT / source}: the package would ship without its {source}")
            for path in files:
                destination = package / target / path.relative_to(ROOT / source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)


class DistributionWithData(Distribution):
    """setuptools' Distribution, plus the has_data() its editable wheel calls to decide whether to install data files."""

    def has_data(self):
        return self.has_data_files()


setup(cmdclass={"build_py": BuildPyWithCourse}, distclass=DistributionWithData)
