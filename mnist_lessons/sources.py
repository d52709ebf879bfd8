"""Where the datasets come from: file names, sizes, SHA-256 checksums and official mirrors.

The sizes and checksums are those of the original, gzip-compressed distribution files (the same
bytes as the copies shipped in the repository's ``data/`` folder, listed there in ``SHA256SUMS``).
Knowing them lets the package refuse a download that grows past the real size, check a file
before decompressing it, and recognise a file of the other dataset.
"""

from __future__ import annotations

from dataclasses import dataclass

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"


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


MNIST = Source(
    name="mnist",
    title="MNIST",
    sha256={
        TRAIN_IMAGES: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        TRAIN_LABELS: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        TEST_IMAGES: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        TEST_LABELS: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    },
    size={TRAIN_IMAGES: 9_912_422, TRAIN_LABELS: 28_881, TEST_IMAGES: 1_648_877, TEST_LABELS: 4_542},
    mirrors=(
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ),
)

FASHION_MNIST = Source(
    name="fashion-mnist",
    title="Fashion-MNIST",
    sha256={
        TRAIN_IMAGES: "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        TRAIN_LABELS: "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        TEST_IMAGES: "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        TEST_LABELS: "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    },
    size={TRAIN_IMAGES: 26_421_880, TRAIN_LABELS: 29_515, TEST_IMAGES: 4_422_102, TEST_LABELS: 5_148},
    mirrors=(
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
    ),
)

SOURCES = {source.name: source for source in (MNIST, FASHION_MNIST)}

KNOWN_SIZES = frozenset(size for source in SOURCES.values() for size in source.size.values())
"""Every original file's size: a file of any other size cannot be one of them."""

_BY_SHA256 = {sha: (source, filename) for source in SOURCES.values() for filename, sha in source.sha256.items()}


def identify(sha256: str) -> tuple[Source, str] | None:
    """Which original file has this SHA-256: ``(source, filename)``, or ``None`` if none does."""
    return _BY_SHA256.get(sha256)
