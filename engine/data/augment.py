"""Augmentation of training batches, batched on the training device with plain torch ops.

A data section's `augment` list (`[{"type": "hflip", "p": 0.5}, "rotation", ...]`, params
from engine.choices.AUGMENTATIONS) becomes an `Augment`: random transforms applied to
float batches in [0, 1] (images: (B, C, H, W)), in the listed order, drawing from one
generator seeded by (seed, epoch), so a seeded run repeats and a resumed run continues
exactly. `normalize` is not random: it is split off and applied to every batch (train,
validation, predict) through the Dataset.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F

from engine.choices import AUGMENTATIONS, IMAGE_AUGMENTATIONS
from engine.data.base import DataError
from engine.errors import ParamError

Step = tuple[str, dict[str, Any]]


def parse(items: Any, sample_shape: tuple[int, ...]) -> list[Step]:
    """Validated (type, params) steps with defaults filled; errors name augment[i]."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise DataError(f"augment must be a list of steps; got {type(items).__name__}")
    steps: list[Step] = []
    for i, item in enumerate(items):
        where = f"augment[{i}]"
        item = {"type": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or item.get("type") not in AUGMENTATIONS:
            given = item.get("type") if isinstance(item, dict) else item
            raise DataError(
                f"{where}: unknown augmentation {given!r}; choose one of {', '.join(AUGMENTATIONS)}"
            )
        kind, specs = item["type"], AUGMENTATIONS[item["type"]]
        known = {s.name for s in specs}
        extra = sorted(set(item) - known - {"type"})
        if extra:
            raise DataError(f"{where} ({kind}): unknown setting {extra[0]!r}; has {sorted(known)}")
        params: dict[str, Any] = {}
        for spec in specs:
            try:
                params[spec.name] = spec.validate(item.get(spec.name, spec.default))
            except ParamError as err:
                raise DataError(f"{where} ({kind}): {spec.name} {err.detail}") from None
        if kind in IMAGE_AUGMENTATIONS and len(sample_shape) != 3:
            raise DataError(
                f"{where} ({kind}) needs image samples (channels, height, width); "
                f"the data gives {tuple(sample_shape)}"
            )
        steps.append((kind, params))
    return steps


@dataclass(frozen=True)
class Augment:
    """The random steps of an augment list, applied to whole training batches."""

    steps: tuple[Step, ...]
    seed: int = 0

    @classmethod
    def from_section(cls, items: Any, sample_shape: tuple[int, ...], seed: int) -> Augment | None:
        steps = tuple(s for s in parse(items, sample_shape) if s[0] != "normalize")
        return cls(steps, seed) if steps else None

    def generator(self, epoch: int, device: torch.device) -> torch.Generator:
        """The epoch's random stream: depends on (seed, epoch) alone, like the order."""
        return torch.Generator(device).manual_seed(self.seed * 1_000_003 + epoch + 7919)

    def __call__(self, x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        for kind, params in self.steps:
            x = STEPS[kind](x, gen, **params)
        return x


def normalize_step(items: Any, sample_shape: tuple[int, ...]) -> dict[str, Any] | None:
    """The normalize step's params (mean/std may be None: measure them), if listed."""
    for kind, params in parse(items, sample_shape):
        if kind == "normalize":
            return params
    return None


# -- the steps: x is float (B, ...), values in [0, 1] for images -------------------------
def _uniform(gen: torch.Generator, n: int, low: float, high: float, like: torch.Tensor):
    return torch.rand(n, generator=gen, device=like.device) * (high - low) + low


def random_crop(x: torch.Tensor, gen: torch.Generator, padding: int) -> torch.Tensor:
    """Pad with zeros, then cut a random window of the original size from each image."""
    b, c, h, w = x.shape
    padded = F.pad(x, (padding, padding, padding, padding))
    oy = torch.randint(0, 2 * padding + 1, (b, 1), generator=gen, device=x.device)
    ox = torch.randint(0, 2 * padding + 1, (b, 1), generator=gen, device=x.device)
    rows = (oy + torch.arange(h, device=x.device)).view(b, 1, h, 1)
    cols = (ox + torch.arange(w, device=x.device)).view(b, 1, 1, w)
    padded = padded.gather(2, rows.expand(b, c, h, padded.shape[3]))
    return padded.gather(3, cols.expand(b, c, h, w))


def _warp(x: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def random_resized_crop(
    x: torch.Tensor, gen: torch.Generator, scale: float, ratio: float
) -> torch.Tensor:
    """Keep a random box of `scale`..1 of the area, aspect within 1/ratio..ratio, and
    stretch it back to full size."""
    b = len(x)
    area = _uniform(gen, b, scale, 1.0, x)
    log_r = _uniform(gen, b, -math.log(ratio), math.log(ratio), x).exp()
    sw = (area * log_r).sqrt().clamp(max=1.0)
    sh = (area / log_r).sqrt().clamp(max=1.0)
    tx = (torch.rand(b, generator=gen, device=x.device) * 2 - 1) * (1 - sw)
    ty = (torch.rand(b, generator=gen, device=x.device) * 2 - 1) * (1 - sh)
    zero = torch.zeros_like(sw)
    theta = torch.stack([torch.stack([sw, zero, tx], 1), torch.stack([zero, sh, ty], 1)], 1)
    return _warp(x, theta)


def rotation(x: torch.Tensor, gen: torch.Generator, degrees: float) -> torch.Tensor:
    """Turn each image by a random angle in [-degrees, degrees]; corners fill with 0."""
    b, _, h, w = x.shape
    angle = _uniform(gen, b, -math.radians(degrees), math.radians(degrees), x)
    cos, sin = angle.cos(), angle.sin()
    zero = torch.zeros_like(cos)
    theta = torch.stack(
        [torch.stack([cos, -sin * h / w, zero], 1), torch.stack([sin * w / h, cos, zero], 1)], 1
    )
    return _warp(x, theta)


def _flip(x: torch.Tensor, gen: torch.Generator, p: float, dim: int) -> torch.Tensor:
    mask = torch.rand(len(x), generator=gen, device=x.device) < p
    return torch.where(mask.view(-1, 1, 1, 1), x.flip(dim), x)


def hflip(x: torch.Tensor, gen: torch.Generator, p: float) -> torch.Tensor:
    return _flip(x, gen, p, 3)


def vflip(x: torch.Tensor, gen: torch.Generator, p: float) -> torch.Tensor:
    return _flip(x, gen, p, 2)


_GREY = (0.299, 0.587, 0.114)
_TO_YIQ = ((0.299, 0.587, 0.114), (0.596, -0.274, -0.322), (0.211, -0.523, 0.312))


def _grey(x: torch.Tensor) -> torch.Tensor:
    """Luma (B, 1, H, W) of RGB images; other channel counts are their own grey."""
    if x.shape[1] != 3:
        return x
    return (x * torch.tensor(_GREY, device=x.device).view(1, 3, 1, 1)).sum(1, keepdim=True)


def color_jitter(
    x: torch.Tensor,
    gen: torch.Generator,
    brightness: float,
    contrast: float,
    saturation: float,
    hue: float,
) -> torch.Tensor:
    """Random brightness, contrast, saturation (RGB) and hue (RGB) per image, in that
    order, clamped to [0, 1]."""
    b, c = x.shape[:2]

    def factor(amount: float) -> torch.Tensor:
        return _uniform(gen, b, 1 - amount, 1 + amount, x).view(b, 1, 1, 1)

    if brightness:
        x = x * factor(brightness)
    if contrast:
        mean = _grey(x).mean((1, 2, 3), keepdim=True)
        x = (x - mean) * factor(contrast) + mean
    if saturation and c == 3:
        grey = _grey(x)
        x = grey + (x - grey) * factor(saturation)
    if hue and c == 3:
        to_yiq = torch.tensor(_TO_YIQ, device=x.device)
        angle = _uniform(gen, b, -hue * 2 * math.pi, hue * 2 * math.pi, x)
        cos, sin = angle.cos(), angle.sin()
        one, zero = torch.ones_like(cos), torch.zeros_like(cos)
        turn = torch.stack(
            [
                torch.stack([one, zero, zero], 1),
                torch.stack([zero, cos, -sin], 1),
                torch.stack([zero, sin, cos], 1),
            ],
            1,
        )
        matrix = torch.linalg.inv(to_yiq) @ turn @ to_yiq  # (B, 3, 3)
        x = torch.einsum("bij,bjhw->bihw", matrix, x)
    return x.clamp(0, 1)


def gaussian_noise(x: torch.Tensor, gen: torch.Generator, std: float) -> torch.Tensor:
    """Add N(0, std^2) to every value (tabular data, sequences or images)."""
    return x + std * torch.randn(x.shape, generator=gen, device=x.device)


STEPS: dict[str, Callable[..., torch.Tensor]] = {
    "random_crop": random_crop,
    "random_resized_crop": random_resized_crop,
    "hflip": hflip,
    "vflip": vflip,
    "rotation": rotation,
    "color_jitter": color_jitter,
    "gaussian_noise": gaussian_noise,
}


def attach_normalize(dataset: Any, items: Any) -> None:
    """Give `dataset` the augment list's normalize step: per-channel (images) or
    per-feature mean/std, given or measured on up to 4096 training samples. It runs on
    every batch and is saved with the weights so predict applies it too."""
    params = normalize_step(items, dataset.sample_shape)
    if params is None:
        return
    if dataset.normalization is not None:
        raise DataError("normalize: these features are already standardised; remove it")
    rank = len(dataset.sample_shape)
    image = rank == 3
    width = dataset.sample_shape[0] if rank in (1, 3) else 1  # else one mean for all
    dims = {1: (0,), 3: (0, 2, 3)}.get(rank, tuple(range(rank + 1)))
    mean, std = params["mean"], params["std"]
    if mean is None or std is None:
        rows = dataset.train_idx
        rows = rows[torch.linspace(0, len(rows) - 1, min(len(rows), 4096)).long()]
        sample = dataset.raw(rows.cpu()).float() * dataset.scale
        measured_mean = sample.mean(dims).reshape(-1)
        measured_std = sample.std(dims, unbiased=False).clamp(min=1e-6).reshape(-1)
        mean = measured_mean.tolist() if mean is None else mean
        std = measured_std.tolist() if std is None else std
    values = []
    for name, given in (("mean", mean), ("std", std)):
        t = torch.tensor(given, dtype=torch.float32).reshape(-1)
        if len(t) not in (1, width):
            raise DataError(f"normalize: {name} needs 1 or {width} values; got {len(t)}")
        if name == "std" and bool((t <= 0).any()):
            raise DataError("normalize: std must be above 0")
        t = t.expand(width).clone()
        values.append(t.view(width, 1, 1) if image else t)
    dataset.batch_norm = (values[0], values[1])
    dataset.normalization = {"mean": values[0].tolist(), "std": values[1].tolist()}
