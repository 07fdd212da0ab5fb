"""What every data source produces: a `Dataset` of samples, split by index.

Samples are kept one of three ways (`cache`): "memory", a tensor in RAM (uint8 for
images, 4x smaller than float32); "disk", a tensor over a memory-mapped file; "none",
decoded per batch from the files by `stream`. Batches are index views into `x`
(`x.index_select(0, idx)`); `inputs` turns raw rows into what the model reads (float,
scaled, normalised) one batch at a time on the training device.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from engine.errors import LayerLabError

if TYPE_CHECKING:
    import torch

    from engine.config import DataConfig

Task = Literal["classification", "regression"]

# Class names travel into the weights file: enough for ImageNet-sized label sets, small
# enough that a project cannot smuggle a data file into the metadata as "labels".
MAX_LABELS = 10_000
MAX_LABEL_CHARS = 200


def labels_problem(labels: object) -> str | None:
    """Why `labels` cannot be class names stored with weights, or None."""
    if labels is None:
        return None
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        return "must be a list of class names (strings)"
    if len(labels) > MAX_LABELS:
        return f"has {len(labels):,} class names; at most {MAX_LABELS:,} are allowed"
    if any(len(x) > MAX_LABEL_CHARS for x in labels):
        return f"has a class name longer than {MAX_LABEL_CHARS} characters"
    return None


class DataError(LayerLabError):
    """Data that cannot be read or used; names the file, row (1-based line) and column."""

    def __init__(
        self,
        message: str,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.detail = message
        where = [self.file] if self.file else []
        if row is not None:
            where.append(f"line {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(": ".join([", ".join(where), message] if where else [message]))


@dataclass
class Dataset:
    """All samples as two tensors plus which rows train and which validate.

    `labels` maps class index -> label text (classification); `normalization` holds the
    per-feature mean/std measured on the training split, saved with the weights so that
    predict applies the same transform; `features` are the CSV columns the model reads.
    """

    x: torch.Tensor | None  # None when streamed (cache "none")
    y: torch.Tensor
    train_idx: torch.Tensor
    val_idx: torch.Tensor
    task: Task
    num_classes: int | None = None
    labels: list[str] | None = None
    features: list[str] | None = None
    normalization: dict[str, list[float]] | None = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    scale: float = 1.0  # multiplies x after the float conversion (1/255 for uint8 images)
    cache: str = "memory"  # memory, disk (memory-mapped) or none (decoded per batch)
    stream: Any = None  # an ImageFiles when cache is "none"
    batch_norm: tuple[torch.Tensor, torch.Tensor] | None = None  # (mean, std) per batch

    @property
    def n_train(self) -> int:
        return int(self.train_idx.numel())

    @property
    def n_val(self) -> int:
        return int(self.val_idx.numel())

    @property
    def sample_shape(self) -> tuple[int, ...]:
        return tuple(self.x.shape[1:]) if self.x is not None else self.stream.sample_shape

    @property
    def target_shape(self) -> tuple[int, ...]:
        return tuple(self.y.shape[1:])

    def to(self, device: torch.device) -> Dataset:
        """Move in-memory tensors once (a no-op when already there); memory-mapped and
        streamed samples stay on the host and travel one batch at a time."""
        if self.cache == "memory" and self.x is not None:
            self.x = self.x.to(device)
            self.y = self.y.to(device)
            self.train_idx, self.val_idx = self.train_idx.to(device), self.val_idx.to(device)
        if self.batch_norm is not None:
            self.batch_norm = (self.batch_norm[0].to(device), self.batch_norm[1].to(device))
        return self

    def raw(self, idx: torch.Tensor) -> torch.Tensor:
        """Rows `idx` as stored (uint8 images, float features, int64 tokens)."""
        import torch

        if self.x is None:
            array, error, bad = self.stream.decode_rows(idx.tolist())
            if error is not None:
                raise DataError(error, self.stream.files[bad])
            return torch.from_numpy(array)
        return self.x.index_select(0, idx.to(self.x.device))

    def to_model(self, raw: torch.Tensor) -> torch.Tensor:
        """Raw rows as the model reads them: float32, scaled and normalised (int64 token
        ids pass through)."""
        if raw.dtype == _int64():
            return raw
        x = raw.float()
        if self.scale != 1.0:
            x = x.mul_(self.scale) if x is not raw else x * self.scale
        if self.batch_norm is not None:
            mean, std = self.batch_norm
            x = (x - mean.to(x.device)) / std.to(x.device)
        return x

    def inputs(self, idx: torch.Tensor) -> torch.Tensor:
        """Model inputs for rows `idx` (a few rows: previews, diagnostics, confusion)."""
        return self.to_model(self.raw(idx))

    def meta(self) -> dict[str, Any]:
        """What a weights file needs to predict on new data (JSON-ready)."""
        out: dict[str, Any] = {"task": self.task, "sample_shape": list(self.sample_shape)}
        if self.num_classes is not None:
            out["num_classes"] = self.num_classes
        if self.features is not None:
            out["features"] = self.features
        out.update(self.extra)
        return out


def _int64() -> Any:
    import torch

    return torch.int64


def setting(cfg: Mapping[str, Any] | DataConfig, key: str, default: Any) -> Any:
    """A data setting, or `default` when the section leaves it out or sets it to null
    (null means "choose for me", as the forms write it)."""
    value = cfg.get(key)
    return default if value is None else value
