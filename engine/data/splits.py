"""Seeded train/validation split and feature standardisation from the training split."""

from __future__ import annotations

from typing import Any

import torch

from engine.config import DataConfig
from engine.data.base import DataError, Dataset, Task, labels_problem


def split_indices(n: int, fraction: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, val) row indices: a seeded shuffle, each part sorted for memory locality."""
    if not 0 <= fraction < 1:
        raise DataError(f"validation_split must be in [0, 1); got {fraction}")
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    n_val = round(n * fraction)
    if fraction > 0 and n_val == 0 and n > 1:
        n_val = 1
    return perm[n_val:].sort().values, perm[:n_val].sort().values


def fill_missing(x: torch.Tensor, train_idx: torch.Tensor) -> None:
    """Replace missing values (NaN) in place with their column's training mean."""
    mean = torch.nan_to_num(x.index_select(0, train_idx).nanmean(0))
    torch.where(torch.isnan(x), mean, x, out=x)


def standardize(x: torch.Tensor, train_idx: torch.Tensor) -> dict[str, list[float]]:
    """Standardise `x` in place with training-row statistics (constant columns keep std
    1) and return them, to be saved with the weights and applied again at predict."""
    train = x.index_select(0, train_idx)
    mean, std = train.mean(0), train.std(0, unbiased=False)
    std = torch.where(std > 1e-12, std, torch.ones_like(std))
    x.sub_(mean).div_(std)
    return {"mean": mean.tolist(), "std": std.tolist()}


def make_dataset(
    x: torch.Tensor | None,
    y: torch.Tensor,
    cfg: DataConfig,
    task: Task,
    *,
    num_classes: int | None = None,
    labels: list[str] | None = None,
    standardise: bool = False,
    impute: bool = False,
    **fields: Any,
) -> Dataset:
    """Split by `validation_split` (default 0.2) and `seed` (default 0), fill NaNs with
    training means (`impute`) and standardise (`standardise`). `x` is None when the
    samples are streamed from files."""
    if x is not None and len(x) != len(y):
        raise DataError(f"{len(x)} samples but {len(y)} targets")
    if len(y) == 0:
        raise DataError("the data has no samples")
    if problem := labels_problem(labels):
        raise DataError(f"the target column {problem}; is it really a class label?")
    train_idx, val_idx = split_indices(
        len(y), float(cfg.get("validation_split", 0.2)), int(cfg.get("seed", 0))
    )
    if impute and x is not None:
        fill_missing(x, train_idx)
    stats = standardize(x, train_idx) if standardise and x is not None else None
    if task == "classification" and num_classes is None:
        num_classes = int(y.max()) + 1
    return Dataset(
        x, y, train_idx, val_idx, task, num_classes, labels, normalization=stats, **fields
    )
