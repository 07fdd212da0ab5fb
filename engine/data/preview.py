"""A preview of augmentation for the Data form: a few samples as stored and as training
batches would see them, read cheaply (a handful of files, not the whole folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from engine.config import DataConfig
from engine.data import graph_hints, load_data
from engine.data.augment import Augment
from engine.data.base import DataError
from engine.data.imagefiles import ImageFiles
from engine.data.images import image_settings

if TYPE_CHECKING:
    from engine.graph import Graph


@dataclass(frozen=True)
class AugmentPreview:
    """tiles: uint8 (samples, 1 + draws, H, W, C); column 0 is the sample as stored."""

    tiles: np.ndarray
    labels: list[str]


def augment_preview(
    data: dict[str, Any],
    base_dir: Path,
    graph: Graph | None = None,
    samples: int = 4,
    draws: int = 5,
    seed: int = 0,
) -> AugmentPreview | None:
    """`draws` augmented versions of `samples` samples of the section; None when the
    source has no images to show (tabular noise is not a picture)."""
    pixels, labels = _samples(data, base_dir, graph, samples)
    if pixels is None or pixels.dim() != 4 or pixels.shape[1] not in (1, 3):
        return None
    augment = Augment.from_section(data.get("augment"), tuple(pixels.shape[1:]), seed)
    columns = [pixels]
    for draw in range(draws):
        columns.append(
            augment(pixels, augment.generator(draw, pixels.device)) if augment else pixels
        )
    grid = torch.stack(columns, 1).clamp(0, 1).mul(255).round().to(torch.uint8)
    return AugmentPreview(grid.permute(0, 1, 3, 4, 2).numpy(), labels)


def _samples(
    data: dict[str, Any], base_dir: Path, graph: Graph | None, count: int
) -> tuple[torch.Tensor | None, list[str]]:
    """float images in [0, 1] (count, C, H, W) spread over the classes, and their labels."""
    hints = graph_hints(graph) if graph is not None else {}
    if data.get("source") == "images":
        root, size, channels = image_settings(DataConfig.parse(data), base_dir, hints)
        files = ImageFiles.scan(root, size, channels)
        rows = [i * len(files.files) // count for i in range(min(count, len(files.files)))]
        array, error, bad = files.decode_rows(rows)
        if error is not None:
            raise DataError(error, files.files[bad])
        labels = [files.classes[files.targets[r]] for r in rows]
        return torch.from_numpy(array).float() / 255, labels
    section = {k: v for k, v in data.items() if k != "augment"}
    if section.get("source") == "synthetic":
        section["samples"] = max(2, count)
    dataset = load_data(section, base_dir, graph)
    index = torch.arange(min(count, len(dataset.y)))
    x = dataset.raw(index).float() * dataset.scale
    if dataset.scale == 1.0 and x.numel():  # arbitrary ranges: stretch for display
        x = (x - x.min()) / (x.max() - x.min()).clamp(min=1e-12)
    labels = dataset.labels or [str(v) for v in dataset.y.view(len(dataset.y), -1)[:, 0].tolist()]
    names = [labels[int(k)] if dataset.labels else str(k) for k in dataset.y[index].tolist()]
    return x, names
