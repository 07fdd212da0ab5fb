"""Generated data sets for trying a model in seconds: blobs, moons, spirals, xor,
regression, shapes (small images) and sequence tasks. Everything is seeded and built
with torch in one vectorised pass.

Sizes a section leaves out (features, size, channels, length, classes) come from the
model: `hints` carries the graph's Input and Output shapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from engine.data.base import DataError, Dataset
from engine.data.splits import make_dataset

Hints = dict[str, tuple[int, ...] | None]


def load(cfg: dict[str, Any], hints: Hints) -> Dataset:
    name = cfg.get("name", "blobs")
    maker = GENERATORS.get(name)
    if maker is None:
        raise DataError(
            f"unknown synthetic data set '{name}'; choose one of {', '.join(GENERATORS)}"
        )
    gen = torch.Generator().manual_seed(int(cfg.get("seed", 0)))
    samples = int(cfg.get("samples", 1000))
    if samples < 2:
        raise DataError(f"samples must be at least 2; got {samples}")
    return maker(cfg, hints, gen, samples)


def _input_dim(hints: Hints, axis: int, rank: int, default: int) -> int:
    """One size of the model's Input shape when it has the expected rank."""
    shape = hints.get("input")
    return shape[axis] if shape and len(shape) == rank else default


def _classes(cfg: dict[str, Any], hints: Hints, default: int) -> int:
    """`classes`, else the model's output width (1 output = binary), else the default."""
    if "classes" in cfg:
        return int(cfg["classes"])
    out = hints.get("output")
    if out and len(out) == 1:
        return max(2, out[0])
    return default


def _labels(y: torch.Tensor, cfg: dict[str, Any], **kw: Any) -> Dataset:
    n = int(kw.pop("classes"))
    return make_dataset(
        kw.pop("x"), y, cfg, "classification", num_classes=n, labels=[str(i) for i in range(n)]
    )


def blobs(cfg: dict[str, Any], hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Gaussian clusters, one per class, centres spread in a cube of side 10."""
    features = int(cfg.get("features", _input_dim(hints, 0, 1, 2)))
    classes = _classes(cfg, hints, 2)
    noise = float(cfg.get("noise", 1.0))
    centres = torch.rand(classes, features, generator=gen) * 10 - 5
    y = torch.arange(n) % classes
    y = y[torch.randperm(n, generator=gen)]
    x = centres[y] + noise * torch.randn(n, features, generator=gen)
    return _labels(y, cfg, x=x, classes=classes)


def moons(cfg: dict[str, Any], hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Two interleaving half circles (2 features)."""
    noise = float(cfg.get("noise", 0.1))
    y = torch.randint(0, 2, (n,), generator=gen)
    t = torch.rand(n, generator=gen) * math.pi
    x = torch.stack([torch.cos(t), torch.sin(t)], 1)
    x[y == 1] = torch.stack([1 - x[y == 1, 0], 0.5 - x[y == 1, 1]], 1)
    x += noise * torch.randn(n, 2, generator=gen)
    return _labels(y, cfg, x=x, classes=2)


def spirals(cfg: dict[str, Any], hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Interleaved spiral arms, one per class (2 features); hard for a linear model."""
    classes = _classes(cfg, hints, 3)
    noise = float(cfg.get("noise", 0.2))
    y = torch.arange(n) % classes
    r = torch.rand(n, generator=gen)
    theta = r * 4 + y * (2 * math.pi / classes) + noise * torch.randn(n, generator=gen)
    x = torch.stack([r * torch.sin(theta), r * torch.cos(theta)], 1)
    return _labels(y, cfg, x=x, classes=classes)


def xor(cfg: dict[str, Any], hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Points in [-1, 1]^2, class 1 where the coordinates' signs differ."""
    noise = float(cfg.get("noise", 0.05))
    x = torch.rand(n, 2, generator=gen) * 2 - 1
    y = (x[:, 0] * x[:, 1] < 0).long()
    x += noise * torch.randn(n, 2, generator=gen)
    return _labels(y, cfg, x=x, classes=2)


def regression(cfg: dict[str, Any], hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """y = sum(sin(2 x_i)) + 0.5 x_0^2 + noise, x uniform in [-2, 2]; target shape (1,)."""
    features = int(cfg.get("features", _input_dim(hints, 0, 1, 1)))
    noise = float(cfg.get("noise", 0.1))
    x = torch.rand(n, features, generator=gen) * 4 - 2
    y = torch.sin(2 * x).sum(1) + 0.5 * x[:, 0] ** 2 + noise * torch.randn(n, generator=gen)
    return make_dataset(x, y.unsqueeze(1), cfg, "regression")


SHAPE_NAMES = ("circle", "square", "triangle")


def shapes(cfg: dict[str, Any], hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Images (C, size, size) of a filled circle, square or triangle at a random place."""
    size = int(cfg.get("size", _input_dim(hints, 2, 3, 16)))
    channels = int(cfg.get("channels", _input_dim(hints, 0, 3, 1)))
    classes = _classes(cfg, hints, 3)
    if classes not in (2, 3) or channels not in (1, 3) or size < 8:
        raise DataError(
            "shapes needs classes 2 or 3, channels 1 or 3 and size >= 8; got "
            f"classes {classes}, channels {channels}, size {size}"
        )
    noise = float(cfg.get("noise", 0.05))
    y = torch.arange(n) % classes
    y = y[torch.randperm(n, generator=gen)]
    r = (0.15 + 0.15 * torch.rand(n, 1, 1, generator=gen)) * size
    cx = r + torch.rand(n, 1, 1, generator=gen) * (size - 2 * r)
    cy = r + torch.rand(n, 1, 1, generator=gen) * (size - 2 * r)
    grid = torch.arange(size, dtype=torch.float32) + 0.5
    dx, dy = grid.view(1, 1, -1) - cx, grid.view(1, -1, 1) - cy
    circle = dx**2 + dy**2 <= r**2
    square = torch.maximum(dx.abs(), dy.abs()) <= 0.8 * r
    triangle = (dy <= 0.8 * r) & (dx.abs() <= (dy + r) * 0.55)
    kind = y.view(n, 1, 1)
    mask = torch.where(kind == 0, circle, torch.where(kind == 1, square, triangle))
    colour = 0.6 + 0.4 * torch.rand(n, channels, 1, 1, generator=gen)
    x = mask.unsqueeze(1) * colour + noise * torch.randn(n, channels, size, size, generator=gen)
    return make_dataset(
        x.float(), y, cfg, "classification", num_classes=classes, labels=list(SHAPE_NAMES[:classes])
    )


def sequence(cfg: dict[str, Any], hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Series of shape (length, 1). task "trend": rising (1) vs falling (0) noisy lines;
    "parity": odd number of ones among bits (1) or not; "sum": the sum (regression)."""
    length = int(cfg.get("length", _input_dim(hints, 0, 2, 20)))
    task = cfg.get("task", "trend")
    if task == "trend":
        y = torch.randint(0, 2, (n,), generator=gen)
        slope = (0.5 + torch.rand(n, 1, generator=gen)) * (y.unsqueeze(1) * 2 - 1) / length
        t = torch.arange(length, dtype=torch.float32).unsqueeze(0)
        noise = float(cfg.get("noise", 0.1))
        x = (
            slope * t
            + torch.randn(n, 1, generator=gen)
            + noise * torch.randn(n, length, generator=gen)
        )
        return _labels(y, cfg, x=x.unsqueeze(2), classes=2)
    if task == "parity":
        bits = torch.randint(0, 2, (n, length), generator=gen)
        return _labels(bits.sum(1) % 2, cfg, x=bits.float().unsqueeze(2), classes=2)
    if task == "sum":
        x = torch.rand(n, length, generator=gen)
        return make_dataset(x.unsqueeze(2), x.sum(1, keepdim=True), cfg, "regression")
    raise DataError(f"unknown sequence task '{task}'; choose trend, parity or sum")


GENERATORS: dict[str, Callable[[dict[str, Any], Hints, torch.Generator, int], Dataset]] = {
    "blobs": blobs,
    "moons": moons,
    "spirals": spirals,
    "xor": xor,
    "regression": regression,
    "shapes": shapes,
    "sequence": sequence,
}
