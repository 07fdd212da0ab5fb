"""IDX files (the MNIST format), gzip-compressed or not: `images` (N, H, W) and
`labels` (N,) of unsigned bytes, so downloaded MNIST / Fashion-MNIST files just work.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from engine.config import DataConfig
from engine.data.base import DataError, Dataset
from engine.data.idxfile import read_idx
from engine.data.splits import make_dataset


def load(cfg: DataConfig, base_dir: Path) -> Dataset:
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
