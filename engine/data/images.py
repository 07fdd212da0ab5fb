"""Image folders: one sub-folder per class (its name is the label), read with Pillow,
converted to `channels` (1 grey, 3 RGB) and resized to `size` x `size`, kept as uint8
(scaled to [0, 1] per batch). `cache` says where the decoded pixels live: memory, disk
(a memory-mapped cache inside the folder, re-used while the files are unchanged), none
(decoded every epoch by DataLoader workers) or auto (memory under a budget, else disk).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from engine.config import DataConfig
from engine.data.base import DataError, Dataset, setting
from engine.data.imagefiles import EXTENSIONS, MAX_PIXELS, ImageFiles, Progress
from engine.data.splits import make_dataset

__all__ = ["EXTENSIONS", "MAX_PIXELS", "load", "memory_budget", "resolve_cache"]


def memory_budget() -> int:
    """Bytes `auto` may keep in RAM: a quarter of physical memory, at most 4 GiB."""
    import os

    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        physical = 8 << 30
    return min(physical // 4, 4 << 30)


def resolve_cache(cfg: DataConfig, nbytes: int) -> str:
    """The data section's `cache` (checked by DataConfig), auto decided by the size."""
    cache = cfg.get("cache", "auto")
    if cache == "auto":
        return "memory" if nbytes <= memory_budget() else "disk"
    return cache


def load(
    cfg: DataConfig, base_dir: Path, hints: dict[str, Any], on_progress: Progress | None = None
) -> Dataset:
    files = ImageFiles.scan(*image_settings(cfg, base_dir, hints))
    cache = resolve_cache(cfg, files.nbytes)
    x: torch.Tensor | None = None
    if cache == "memory":
        x = torch.from_numpy(files.to_memory(on_progress))
    elif cache == "disk":
        x = readonly_tensor(files.to_disk(on_progress))
    return make_dataset(
        x,
        torch.tensor(files.targets, dtype=torch.int64),
        cfg,
        "classification",
        num_classes=len(files.classes),
        labels=list(files.classes),
        scale=1 / 255,
        cache=cache,
        stream=files if x is None else None,
    )


def image_settings(cfg: DataConfig, base_dir: Path, hints: dict[str, Any]) -> tuple[Path, int, int]:
    """(folder, size, channels) of a section; sizes left out come from the graph."""
    if "path" not in cfg:
        raise DataError('an images data section needs "path" (a folder of class folders)')
    root = base_dir / cfg["path"]
    if not root.is_dir():
        raise DataError("no such folder", root)
    shape: Sequence[int] = hints.get("input") or ()
    rank3 = len(shape) == 3
    size = int(setting(cfg, "size", shape[-1] if rank3 else 32))
    channels = int(setting(cfg, "channels", shape[0] if rank3 else 3))
    if channels not in (1, 3):
        raise DataError(f"channels must be 1 or 3; got {channels}")
    return root, size, channels


def readonly_tensor(array: Any) -> torch.Tensor:
    """A tensor over a read-only memory map; LayerLab only ever reads samples."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "not writable": we never write
        return torch.from_numpy(array)
