"""IDX files (the MNIST format), gzip-compressed or not: `images` (N, H, W) and
`labels` (N,) of unsigned bytes, so downloaded MNIST / Fashion-MNIST files just work.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.data.base import DataError, Dataset
from engine.data.splits import make_dataset
from engine.files import MAX_ARRAY_BYTES, file_problem

DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: Path) -> np.ndarray:
    """The array in one IDX file; a short or malformed file names what is wrong.

    Gzip data is decompressed only as far as the header promises, so a small file that
    inflates to gigabytes (a decompression bomb) is never expanded.
    """
    if problem := file_problem(path):
        raise DataError(problem, path)
    try:
        with open(path, "rb") as raw_file:
            gz = raw_file.read(2) == b"\x1f\x8b"
            raw_file.seek(0)
            handle = gzip.GzipFile(fileobj=raw_file) if gz else raw_file
            head = handle.read(4)
            if len(head) < 4 or head[:2] != b"\0\0" or head[2] not in DTYPES:
                raise DataError("not an IDX file (bad magic number)", path)
            ndim = head[3]
            if ndim == 0:
                raise DataError("holds no dimensions (a 0-dimensional IDX array)", path)
            sizes = handle.read(4 * ndim)
            if len(sizes) < 4 * ndim:
                raise DataError("truncated: the header ends early", path)
            dims = [int.from_bytes(sizes[4 * i : 4 * i + 4], "big") for i in range(ndim)]
            dtype = np.dtype(DTYPES[head[2]])
            expected = math.prod(dims) * dtype.itemsize
            if expected > MAX_ARRAY_BYTES:
                raise DataError(
                    f"the header promises {dims} values ({expected:,} bytes), more than "
                    f"the {MAX_ARRAY_BYTES:,} bytes LayerLab reads",
                    path,
                )
            body = handle.read(expected)
    except (EOFError, OSError, gzip.BadGzipFile) as err:
        raise DataError(f"the data is truncated or damaged ({err})", path) from None
    if len(body) < expected:
        raise DataError(
            f"truncated: the header promises {dims} values ({expected} bytes) but only "
            f"{len(body)} bytes follow",
            path,
        )
    return np.frombuffer(body, dtype, math.prod(dims)).reshape(dims)


def load(cfg: dict[str, Any], base_dir: Path) -> Dataset:
    if "images" not in cfg or "labels" not in cfg:
        raise DataError('an idx data section needs "images" and "labels" (file paths)')
    images = read_idx(base_dir / cfg["images"])
    labels = read_idx(base_dir / cfg["labels"])
    if images.ndim < 2:
        raise DataError("images must have a sample dimension and a size", base_dir / cfg["images"])
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise DataError("labels must be one whole number per sample", base_dir / cfg["labels"])
    if len(labels) and int(labels.min()) < 0:
        raise DataError("class ids must not be negative", base_dir / cfg["labels"])
    if images.dtype.kind == "f" and not np.isfinite(images).all():
        raise DataError("holds NaN or infinite values", base_dir / cfg["images"])
    if len(images) != len(labels):
        raise DataError(
            f"{len(images)} images but {len(labels)} labels in {cfg['labels']}",
            base_dir / cfg["images"],
        )
    pixels = images.dtype == np.uint8  # kept as uint8, scaled to [0, 1] per batch
    x = torch.from_numpy(images.copy() if pixels else images.astype(np.float32))
    if x.ndim == 3:
        x = x.unsqueeze(1)  # (N, 1, H, W)
    y = torch.from_numpy(labels.astype(np.int64)).reshape(-1)
    return make_dataset(x, y, cfg, "classification", scale=1 / 255 if pixels else 1.0)
