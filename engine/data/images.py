"""Image folders: one sub-folder per class (its name is the label), read with Pillow,
converted to `channels` (1 grey, 3 RGB) and resized to `size` x `size`, scaled to [0, 1].
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.data.base import DataError, Dataset
from engine.data.splits import make_dataset
from engine.files import file_problem

MAX_PIXELS = 50_000_000  # a 7000 x 7000 photo; a bomb declares billions
EXTENSIONS = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


def load(cfg: dict[str, Any], base_dir: Path, hints: dict[str, Any]) -> Dataset:
    from PIL import Image, UnidentifiedImageError

    if "path" not in cfg:
        raise DataError('an images data section needs "path" (a folder of class folders)')
    root = base_dir / cfg["path"]
    if not root.is_dir():
        raise DataError("no such folder", root)
    shape = hints.get("input")
    rank3 = shape is not None and len(shape) == 3
    size = int(cfg.get("size", shape[-1] if rank3 else 32))
    channels = int(cfg.get("channels", shape[0] if rank3 else 3))
    if channels not in (1, 3):
        raise DataError(f"channels must be 1 or 3; got {channels}")
    classes = sorted(p.name for p in root.iterdir() if p.is_dir())
    if not classes:
        raise DataError("holds no class folders (one sub-folder per class)", root)
    arrays, targets = [], []
    for k, name in enumerate(classes):
        for file in sorted((root / name).iterdir()):
            if file.suffix.lower() not in EXTENSIONS:
                continue
            if problem := file_problem(file):
                raise DataError(problem, file)
            try:
                with Image.open(file) as image:
                    if image.width * image.height > MAX_PIXELS:  # checked before decoding
                        raise DataError(
                            f"is {image.width} x {image.height} pixels; LayerLab reads images "
                            f"up to {MAX_PIXELS:,} pixels (a decompression bomb?)",
                            file,
                        )
                    image = image.convert("L" if channels == 1 else "RGB")
                    image = image.resize((size, size), Image.Resampling.BILINEAR)
                    arrays.append(np.asarray(image, dtype=np.uint8))
            except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as err:
                raise DataError(f"cannot read the image ({err})", file) from None
            targets.append(k)
    if not arrays:
        raise DataError("holds no images", root)
    x = torch.from_numpy(np.stack(arrays)).float().div_(255)
    x = x.unsqueeze(1) if channels == 1 else x.permute(0, 3, 1, 2).contiguous()
    y = torch.tensor(targets, dtype=torch.int64)
    return make_dataset(x, y, cfg, "classification", num_classes=len(classes), labels=classes)
