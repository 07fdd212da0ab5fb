"""Synthetic images drawn with Pillow: up to 10 shapes or the digits 0-9, each at a random
place, scale, rotation and colour, with pixel noise, at any size and channel count.

Drawn at up to 4x (64 pixels at least) and shrunk for anti-aliased edges; returned as
uint8 (N, C, size, size), kept like decoded image files. Seeded with NumPy: the same
section gives the same images on every machine.
"""

from __future__ import annotations

import math
import threading

import numpy as np

SHAPES = (
    "circle",
    "square",
    "triangle",
    "plus",
    "ring",
    "star",
    "bar",
    "corner",
    "arrow",
    "crescent",
)
DIGITS = tuple(str(d) for d in range(10))
CHUNK = 1024  # images coloured and noised at once
MEMO_BYTES = 64 * 2**20  # the last set drawn, up to this size, is kept for the next load

Points = list[tuple[float, float]]


def _star() -> Points:
    return [
        (r * math.cos(a), r * math.sin(a))
        for i in range(10)
        for r, a in [((1.0 if i % 2 == 0 else 0.42), -math.pi / 2 + i * math.pi / 5)]
    ]


# Outlines in the unit square [-1, 1]^2 (y down); round shapes are drawn as ellipses.
POLYGONS: dict[str, Points] = {
    "square": [(-0.75, -0.75), (0.75, -0.75), (0.75, 0.75), (-0.75, 0.75)],
    "triangle": [(0.0, -0.95), (0.9, 0.7), (-0.9, 0.7)],
    "plus": [
        (-0.3, -1),
        (0.3, -1),
        (0.3, -0.3),
        (1, -0.3),
        (1, 0.3),
        (0.3, 0.3),
        (0.3, 1),
        (-0.3, 1),
        (-0.3, 0.3),
        (-1, 0.3),
        (-1, -0.3),
        (-0.3, -0.3),
    ],
    "star": _star(),
    "bar": [(-1, -0.28), (1, -0.28), (1, 0.28), (-1, 0.28)],
    "corner": [(-0.8, -0.95), (-0.25, -0.95), (-0.25, 0.4), (0.8, 0.4), (0.8, 0.95), (-0.8, 0.95)],
    "arrow": [
        (-0.95, -0.22),
        (0.15, -0.22),
        (0.15, -0.65),
        (0.95, 0),
        (0.15, 0.65),
        (0.15, 0.22),
        (-0.95, 0.22),
    ],
}


_last: tuple[tuple[object, ...], np.ndarray] | None = None
_drawing = threading.Lock()


def draw(kinds: list[str], size: int, channels: int, noise: float, seed: int) -> np.ndarray:
    """One uint8 image (channels, size, size) per entry of `kinds` (shape names or
    digits), all randomly placed, scaled, turned and coloured.

    The same request again gets a copy of the last result: the app's warm-up draws the
    open project's images, so its first run starts without drawing them (a second). A
    run started while the warm-up draws waits for those images rather than drawing its
    own beside it."""
    global _last
    key = (tuple(kinds), size, channels, noise, seed)
    with _drawing:
        last = _last
        if last is not None and last[0] == key:
            return last[1].copy()
        out = _draw(kinds, size, channels, noise, seed)
        if out.nbytes <= MEMO_BYTES:
            _last = (key, out.copy())
        return out


def _draw(kinds: list[str], size: int, channels: int, noise: float, seed: int) -> np.ndarray:
    from PIL import Image, ImageDraw, ImageFont

    rng = np.random.default_rng(seed)
    big = size * max(1, min(4, 64 // size))
    font = ImageFont.load_default(size=max(8, int(big * 0.8)))
    masks = np.empty((len(kinds), 1, size, size), np.float32)
    for i, kind in enumerate(kinds):
        radius = big * rng.uniform(0.26, 0.4)
        cx, cy = rng.uniform(radius, big - radius, 2)
        angle = rng.uniform(-0.5, 0.5)  # radians, about +-30 degrees
        canvas = Image.new("L", (big, big), 0)
        pen = ImageDraw.Draw(canvas)
        if kind in DIGITS:
            layer = Image.new("L", (big, big), 0)
            ImageDraw.Draw(layer).text((big / 2, big / 2), kind, fill=255, font=font, anchor="mm")
            scale = radius / (big * 0.33)
            layer = layer.rotate(math.degrees(angle), Image.Resampling.BILINEAR)
            side = max(1, int(big * scale))
            layer = layer.resize((side, side), Image.Resampling.BILINEAR)
            canvas.paste(layer, (int(cx - side / 2), int(cy - side / 2)))
        elif kind in POLYGONS:
            cos, sin = math.cos(angle), math.sin(angle)
            pen.polygon(
                [
                    (cx + radius * (x * cos - y * sin), cy + radius * (x * sin + y * cos))
                    for x, y in POLYGONS[kind]
                ],
                fill=255,
            )
        else:
            box = [cx - radius, cy - radius, cx + radius, cy + radius]
            pen.ellipse(box, fill=255)
            if kind == "ring":
                inner = radius * 0.55
                pen.ellipse([cx - inner, cy - inner, cx + inner, cy + inner], fill=0)
            elif kind == "crescent":
                dx, dy = radius * 0.55 * math.cos(angle), radius * 0.55 * math.sin(angle)
                pen.ellipse([b + d for b, d in zip(box, (dx, dy, dx, dy), strict=True)], fill=0)
        masks[i, 0] = np.asarray(canvas.resize((size, size), Image.Resampling.BOX), np.float32)
    out = np.empty((len(kinds), channels, size, size), np.uint8)
    for at in range(0, len(kinds), CHUNK):
        mask = masks[at : at + CHUNK]
        colour = rng.uniform(0.55, 1.0, (len(mask), channels, 1, 1)).astype(np.float32)
        pixels = mask * colour + rng.normal(0, noise * 255, (len(mask), channels, size, size))
        out[at : at + CHUNK] = np.clip(pixels + 0.5, 0, 255).astype(np.uint8)
    return out
