"""BatchSource: what the Trainer pulls batches from, whatever way the samples are kept.

In-memory samples are indexed where they live (on the training device when they were
moved there). Memory-mapped samples are indexed on the host, pinned and copied with
non_blocking on CUDA. Streamed samples come from DataLoader worker processes that decode
the files of each batch in the order the Trainer chose (so sharding across ranks and
seeded shuffling work as for in-memory data). Every batch is converted to float,
scaled and normalised on the device; training batches are also augmented there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import torch

from engine.data.augment import Augment
from engine.data.base import Dataset
from engine.data.imagefiles import worker_count

Batch = tuple[torch.Tensor, torch.Tensor]


class BatchSource:
    """Batches of (model inputs, targets) on `device`, augmented only for training."""

    def __init__(
        self,
        data: Dataset,
        targets: torch.Tensor,
        device: torch.device,
        augment: Augment | None = None,
        workers: int | None = None,
    ) -> None:
        self.data = data.to(device)
        self.device = device
        self.targets = targets.to(device)
        self.augment = augment
        self.pin = device.type == "cuda"
        self.on_device = data.x is not None and data.x.device == device
        self.workers = worker_count() if workers is None else workers
        self._order = _Batches()
        self._loader: Any = None

    def train(self, order: torch.Tensor, batch_size: int, epoch: int) -> Iterator[Batch]:
        """The epoch's training batches in `order`, augmented."""
        gen = self.augment.generator(epoch, self.device) if self.augment else None
        for idx, raw in self._raw(order, batch_size):
            x = self.data.to_model(raw)
            if self.augment is not None and gen is not None:
                x = self.augment(x, gen)
            yield x, self.targets.index_select(0, idx)

    def evaluate(self, idx: torch.Tensor, batch_size: int) -> Iterator[Batch]:
        """Rows `idx` in order, never augmented (validation, metrics)."""
        for rows, raw in self._raw(idx, batch_size):
            yield self.data.to_model(raw), self.targets.index_select(0, rows)

    def _raw(self, order: torch.Tensor, batch_size: int) -> Iterator[tuple[torch.Tensor, Any]]:
        """(row indices on the device, stored rows on the device) per batch."""
        chunks = order.split(batch_size)
        if self.data.x is None:
            yield from self._streamed(chunks)
            return
        x = self.data.x
        for idx in chunks:
            if self.on_device:
                yield idx, x.index_select(0, idx)
                continue
            raw = x.index_select(0, idx.cpu())
            if self.pin:
                raw = raw.pin_memory()
            yield (
                idx.to(self.device, non_blocking=True),
                raw.to(self.device, non_blocking=True),
            )

    def _streamed(self, chunks: tuple[torch.Tensor, ...]) -> Iterator[tuple[torch.Tensor, Any]]:
        self._order.batches = [c.tolist() for c in chunks]
        if self._loader is None:
            self._loader = self.data.stream.loader(self._order, self.workers, self.pin)
        for rows, raw in self.data.stream.checked(self._loader):
            yield (
                rows.to(self.device, non_blocking=True),
                raw.to(self.device, non_blocking=True),
            )


class _Batches:
    """A batch sampler whose batches change each epoch, so worker processes persist."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    def __iter__(self) -> Iterator[list[int]]:
        return iter(self.batches)

    def __len__(self) -> int:
        return len(self.batches)
