"""Generated data sets for trying a model in seconds: blobs, moons, spirals, xor,
regression, shapes and digits (small images drawn with Pillow, engine.data.drawn) and
sequence tasks. Everything is seeded; the tabular sets are built with torch in one
vectorised pass.

Sizes a section leaves out (features, size, channels, length, classes) come from the
model: `hints` carries the graph's Input and Output shapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from engine.config import DataConfig
from engine.data import drawn
from engine.data.base import DataError, Dataset, setting
from engine.data.splits import make_dataset

Hints = dict[str, tuple[int, ...] | None]


def load(cfg: DataConfig, hints: Hints) -> Dataset:
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


def _classes(cfg: DataConfig, hints: Hints, default: int) -> int:
    """`classes`, else the model's output width (1 output = binary), else the default."""
    if "classes" in cfg:
        return int(cfg["classes"])
    out = hints.get("output")
    if out and len(out) == 1:
        return max(2, out[0])
    return default


def _labels(y: torch.Tensor, cfg: DataConfig, **kw: Any) -> Dataset:
    n = int(kw.pop("classes"))
    return make_dataset(
        kw.pop("x"), y, cfg, "classification", num_classes=n, labels=[str(i) for i in range(n)]
    )


def blobs(cfg: DataConfig, hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Gaussian clusters, one per class, centres spread in a cube of side 10."""
    features = int(setting(cfg, "features", _input_dim(hints, 0, 1, 2)))
    classes = _classes(cfg, hints, 2)
    noise = float(setting(cfg, "noise", 1.0))
    centres = torch.rand(classes, features, generator=gen) * 10 - 5
    y = torch.arange(n) % classes
    y = y[torch.randperm(n, generator=gen)]
    x = centres[y] + noise * torch.randn(n, features, generator=gen)
    return _labels(y, cfg, x=x, classes=classes)


def moons(cfg: DataConfig, hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Two interleaving half circles (2 features)."""
    noise = float(setting(cfg, "noise", 0.1))
    y = torch.randint(0, 2, (n,), generator=gen)
    t = torch.rand(n, generator=gen) * math.pi
    x = torch.stack([torch.cos(t), torch.sin(t)], 1)
    x[y == 1] = torch.stack([1 - x[y == 1, 0], 0.5 - x[y == 1, 1]], 1)
    x += noise * torch.randn(n, 2, generator=gen)
    return _labels(y, cfg, x=x, classes=2)


def spirals(cfg: DataConfig, hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Interleaved spiral arms, one per class (2 features); hard for a linear model."""
    classes = _classes(cfg, hints, 3)
    noise = float(setting(cfg, "noise", 0.2))
    y = torch.arange(n) % classes
    r = torch.rand(n, generator=gen)
    theta = r * 4 + y * (2 * math.pi / classes) + noise * torch.randn(n, generator=gen)
    x = torch.stack([r * torch.sin(theta), r * torch.cos(theta)], 1)
    return _labels(y, cfg, x=x, classes=classes)


def xor(cfg: DataConfig, hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Points in [-1, 1]^2, class 1 where the coordinates' signs differ."""
    noise = float(setting(cfg, "noise", 0.05))
    x = torch.rand(n, 2, generator=gen) * 2 - 1
    y = (x[:, 0] * x[:, 1] < 0).long()
    x += noise * torch.randn(n, 2, generator=gen)
    return _labels(y, cfg, x=x, classes=2)


def regression(cfg: DataConfig, hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """y = sum(sin(2 x_i)) + 0.5 x_0^2 + noise, x uniform in [-2, 2]; target shape (1,)."""
    features = int(setting(cfg, "features", _input_dim(hints, 0, 1, 1)))
    noise = float(setting(cfg, "noise", 0.1))
    x = torch.rand(n, features, generator=gen) * 4 - 2
    y = torch.sin(2 * x).sum(1) + 0.5 * x[:, 0] ** 2 + noise * torch.randn(n, generator=gen)
    return make_dataset(x, y.unsqueeze(1), cfg, "regression")


def shapes(cfg: DataConfig, hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """uint8 images (C, size, size) of up to 10 filled shapes drawn with Pillow."""
    return _drawn(cfg, hints, gen, n, drawn.SHAPES, 3)


def digits(cfg: DataConfig, hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """uint8 images (C, size, size) of the digits 0-9 in Pillow's font."""
    return _drawn(cfg, hints, gen, n, drawn.DIGITS, 10)


def _drawn(
    cfg: DataConfig,
    hints: Hints,
    gen: torch.Generator,
    n: int,
    names: tuple[str, ...],
    default: int,
) -> Dataset:
    size = int(setting(cfg, "size", _input_dim(hints, 2, 3, 16)))
    channels = int(setting(cfg, "channels", _input_dim(hints, 0, 3, 1)))
    classes = _classes(cfg, hints, default)
    if not 2 <= classes <= len(names) or channels < 1 or size < 8:
        raise DataError(
            f"{cfg.get('name')} needs classes 2 to {len(names)}, channels >= 1 and size >= 8; "
            f"got classes {classes}, channels {channels}, size {size}"
        )
    y = torch.arange(n) % classes
    y = y[torch.randperm(n, generator=gen)]
    seed = int(torch.randint(0, 2**31 - 1, (1,), generator=gen))
    noise = float(setting(cfg, "noise", 0.05))
    pixels = drawn.draw([names[k] for k in y.tolist()], size, channels, noise, seed)
    return make_dataset(
        torch.from_numpy(pixels),
        y,
        cfg,
        "classification",
        num_classes=classes,
        labels=list(names[:classes]),
        scale=1 / 255,
    )


def sequence(cfg: DataConfig, hints: Hints, gen: torch.Generator, n: int) -> Dataset:
    """Series of shape (length, 1). task "trend": rising (1) vs falling (0) noisy lines;
    "parity": odd number of ones among bits (1) or not; "sum": the sum (regression)."""
    length = int(setting(cfg, "length", _input_dim(hints, 0, 2, 20)))
    task = cfg.get("task", "trend")
    if task == "trend":
        y = torch.randint(0, 2, (n,), generator=gen)
        slope = (0.5 + torch.rand(n, 1, generator=gen)) * (y.unsqueeze(1) * 2 - 1) / length
        t = torch.arange(length, dtype=torch.float32).unsqueeze(0)
        noise = float(setting(cfg, "noise", 0.1))
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


GENERATORS: dict[str, Callable[[DataConfig, Hints, torch.Generator, int], Dataset]] = {
    "blobs": blobs,
    "moons": moons,
    "spirals": spirals,
    "xor": xor,
    "regression": regression,
    "shapes": shapes,
    "digits": digits,
    "sequence": sequence,
}
