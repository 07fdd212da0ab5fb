"""Character-level next-token data for small language models.

Characters map to ASCII ids 0..127 (others become '?'), so a model uses 128 classes.
Samples are windows of `context` ids, `stride` apart; x and y are views into one id
tensor (y shifted by one), so a large corpus is not copied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from engine.config import DataConfig
from engine.data.base import DataError, Dataset
from engine.data.splits import make_dataset
from engine.files import FileLimitError, file_problem, read_capped

VOCAB = 128


def encode(text: str) -> torch.Tensor:
    data = text.encode("ascii", errors="replace")  # non-ASCII -> b"?"
    return torch.frombuffer(bytearray(data), dtype=torch.uint8).long()


def decode(ids: torch.Tensor) -> str:
    return bytes(ids.tolist()).decode("ascii")


def load(cfg: DataConfig, base_dir: Path, hints: dict[str, Any]) -> Dataset:
    if "path" not in cfg:
        raise DataError('a text data section needs "path"')
    path = base_dir / cfg["path"]
    if problem := file_problem(path):
        raise DataError(problem, path)
    try:
        text = read_capped(path).decode("utf-8", errors="replace")
    except FileLimitError as err:
        raise DataError(err.detail, path) from None
    except OSError as err:
        raise DataError(f"cannot read ({err.strerror or err})", path) from None
    shape = hints.get("input")
    context = int(cfg.get("context", shape[0] if shape else 64))
    stride = int(cfg.get("stride", max(1, context // 4)))
    ids = encode(text)
    if len(ids) < context + 1:
        raise DataError(f"has {len(ids)} characters; needs more than context ({context})", path)
    x = ids[:-1].unfold(0, context, stride)
    y = ids[1:].unfold(0, context, stride)
    return make_dataset(x, y, cfg, "classification", num_classes=VOCAB)
