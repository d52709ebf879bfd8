"""The errors a student can meet while finding, downloading and loading the datasets.

Every one is a ``DataError``, and every message has the same four parts, so a student can
always see what went wrong and what to do::

    MNIST file train-images-idx3-ubyte.gz is corrupt: it is not the original file.
      File: /home/ada/data/mnist/train-images-idx3-ubyte.gz
      Expected: MNIST's original train-images-idx3-ubyte.gz: 9,912,422 bytes, SHA-256 440fcabf...
      Found: 1,000,000 bytes (shorter than the original: an interrupted copy?)
      To fix: replace it with a fresh copy of the original (the repository ships them in data/mnist/). ...

The parts are also attributes (``file``, ``expected``, ``found``, ``fix``), for code that wants
them. Each class also derives from the built-in exception a Python programmer would expect
(``FileNotFoundError``, ``PermissionError``, ``ValueError``, ...), so ``except OSError`` and the
like keep working.
"""

from __future__ import annotations


class DataError(Exception):
    """Base class for every dataset problem raised by mnist_lessons.

    Args:
        problem: one sentence saying what went wrong.
        file: the file or folder concerned.
        expected: what should have been there.
        found: what was there instead.
        fix: what to do next.
    """

    def __init__(self, problem: str, *, file=None, expected: str | None = None, found: str | None = None,
                 fix: str | None = None):
        self.problem = problem
        self.file = None if file is None else str(file)
        self.expected = expected
        self.found = found
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [self.problem]
        for label, value in (("File", self.file), ("Expected", self.expected), ("Found", self.found),
                             ("To fix", self.fix)):
            if value:
                lines.append(f"  {label}: {value}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._message()


class MissingDataError(DataError, FileNotFoundError):
    """A dataset file is not where it was looked for."""


class CorruptDataError(DataError, ValueError):
    """A dataset file exists but is damaged: wrong size or checksum, bad gzip, bad IDX header."""


class WrongDatasetError(DataError, ValueError):
    """A file is intact, but it belongs to the other dataset (or is another file of this one)."""


class DataPermissionError(DataError, PermissionError):
    """A dataset file or folder cannot be read, or the download folder cannot be written."""


class NotAFolderError(DataError, NotADirectoryError):
    """A path that must name a folder (``data_dir``, a cache) names a file."""


class DataSettingError(DataError, ValueError, TypeError):
    """An argument or environment variable has a value that cannot work (``data_dir=5``, say)."""


class DownloadError(DataError, OSError):
    """A dataset could not be downloaded from any mirror, or could not be saved."""
