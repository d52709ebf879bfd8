"""The errors a student can meet while loading data.

Each message says what was expected, what was found, and what to do next.
"""


class DataError(Exception):
    """Base class for every dataset problem raised by mnist_lessons."""


class MissingDataError(DataError, FileNotFoundError):
    """A dataset file is not where it was looked for."""


class CorruptDataError(DataError, ValueError):
    """A dataset file exists but is damaged: bad gzip, bad IDX header, wrong checksum."""


class DownloadError(DataError, OSError):
    """A dataset could not be downloaded from any mirror."""
