"""The errors a student can meet while finding, downloading and loading the datasets.

Each is a ``DataError`` whose message (and attributes) give the problem, ``file``, ``expected``,
``found`` and ``fix``; each also derives from the built-in exception one would expect
(``FileNotFoundError``, ``PermissionError``, ``ValueError``...).
"""

from __future__ import annotations


class DataError(Exception):
    """Every dataset problem: one sentence, then the file, what was expected and found, and the fix."""

    def __init__(self, problem: str, *, file=None, expected: str | None = None, found: str | None = None,
                 fix: str | None = None):
        self.problem = problem
        self.file = None if file is None else str(file)
        self.expected = expected
        self.found = found
        self.fix = fix
        parts = (("File", self.file), ("Expected", expected), ("Found", found), ("To fix", fix))
        super().__init__("\n".join([problem] + [f"  {label}: {value}" for label, value in parts if value]))

    def __str__(self) -> str:
        return self.args[0]


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
