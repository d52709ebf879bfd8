"""Where the datasets come from: file names, sizes, SHA-256 checksums and official mirrors.

The sizes and checksums are the original gzip files' (the shipped copies, listed in ``SHA256SUMS``):
they let the package stop a download that grows too large, check a file before decompressing it,
and recognise a file of the other dataset.
"""

from __future__ import annotations

from dataclasses import dataclass

FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz")

_ORIGINALS = """
mnist         9912422  440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609
mnist           28881  3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c
mnist         1648877  8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6
mnist            4542  f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6
fashion-mnist 26421880 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84
fashion-mnist    29515 a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845
fashion-mnist  4422102 346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073
fashion-mnist     5148 67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5
"""
"""Each dataset's files in ``FILES`` order: compressed size in bytes, SHA-256 (as data/*/SHA256SUMS)."""


@dataclass(frozen=True)
class Source:
    """One dataset: its folder name, display title, four files with their compressed sizes (bytes)
    and SHA-256 checksums, and the base URLs of its mirrors."""

    name: str
    title: str
    sha256: dict[str, str]
    size: dict[str, int]
    mirrors: tuple[str, ...]

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(self.sha256)


def _source(name: str, title: str, mirrors: tuple[str, ...]) -> Source:
    rows = [line.split() for line in _ORIGINALS.strip().splitlines() if line.split()[0] == name]
    return Source(name, title, {file: sha for file, (_, _, sha) in zip(FILES, rows, strict=True)},
                  {file: int(size) for file, (_, size, _) in zip(FILES, rows, strict=True)}, mirrors)


MNIST = _source("mnist", "MNIST", ("https://storage.googleapis.com/cvdf-datasets/mnist/",
                                   "https://ossci-datasets.s3.amazonaws.com/mnist/",
                                   "http://yann.lecun.com/exdb/mnist/"))
FASHION_MNIST = _source("fashion-mnist", "Fashion-MNIST", ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                                                           "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"))

SOURCES = {source.name: source for source in (MNIST, FASHION_MNIST)}

KNOWN_SIZES = frozenset(size for source in SOURCES.values() for size in source.size.values())  # no other size is one

_BY_SHA256 = {sha: (source, filename) for source in SOURCES.values() for filename, sha in source.sha256.items()}


def identify(sha256: str) -> tuple[Source, str] | None:
    """Which original file has this SHA-256: ``(source, filename)``, or ``None`` if none does."""
    return _BY_SHA256.get(sha256)
