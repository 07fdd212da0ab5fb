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

DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: Path) -> np.ndarray:
    """The array in one IDX file; a short or malformed file names what is wrong."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("no such file", path) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError) as err:
            raise DataError(f"the gzip data is truncated or damaged ({err})", path) from None
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in DTYPES:
        raise DataError("not an IDX file (bad magic number)", path)
    ndim = raw[3]
    head = 4 + 4 * ndim
    if len(raw) < head:
        raise DataError("truncated: the header ends early", path)
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    dtype = np.dtype(DTYPES[raw[2]])
    expected = math.prod(dims) * dtype.itemsize
    if len(raw) - head < expected:
        raise DataError(
            f"truncated: the header promises {dims} values ({expected} bytes) but only "
            f"{len(raw) - head} bytes follow",
            path,
        )
    return np.frombuffer(raw, dtype, math.prod(dims), head).reshape(dims)


def load(cfg: dict[str, Any], base_dir: Path) -> Dataset:
    if "images" not in cfg or "labels" not in cfg:
        raise DataError('an idx data section needs "images" and "labels" (file paths)')
    images = read_idx(base_dir / cfg["images"])
    labels = read_idx(base_dir / cfg["labels"])
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
