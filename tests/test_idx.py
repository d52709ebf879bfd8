import gzip

import numpy as np

from mnist_lessons import idx
from mnist_lessons.sources import SOURCES

from .conftest import DATA

SHAPES = {"train-images-idx3-ubyte.gz": (60000, 28, 28), "train-labels-idx1-ubyte.gz": (60000,),
          "t10k-images-idx3-ubyte.gz": (10000, 28, 28), "t10k-labels-idx1-ubyte.gz": (10000,)}


def test_decodes_every_original_file_as_plain_gzip_reads_it():
    """The header's shape, the payload after it byte for byte, read-only uint8 (the training
    images, 10 and 26 MB, are decoded by every load test already)."""
    for name in SOURCES:
        for filename, shape in SHAPES.items():
            if filename.startswith("train-images"):
                continue
            data = (DATA / name / filename).read_bytes()
            array = idx.decode_idx_gz(data)
            raw = gzip.decompress(data)
            magic = 0x00000803 if "images" in filename else 0x00000801
            assert int.from_bytes(raw[:4], "big") == magic
            assert array.shape == shape and array.dtype == np.uint8 and not array.flags.writeable
            assert array.tobytes() == raw[4 + 4 * len(shape):], (name, filename)


def test_labels_are_the_known_counts():
    labels = idx.decode_idx_gz((DATA / "mnist" / "t10k-labels-idx1-ubyte.gz").read_bytes())
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
