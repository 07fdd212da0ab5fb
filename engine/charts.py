"""Line charts written without Qt: PNG (Pillow) or SVG, chosen by the file's suffix.

For the learning-rate finder's plot on a server (`layerlab lr-find --plot`) and a run's
exported curves. Panels stack vertically; each has its own axes, optional log x axis,
curves and labelled vertical marks (a suggested learning rate).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape  # xml.sax.saxutils imports urllib and http: 35 ms of app start
from pathlib import Path

from engine.atomic import atomic_path, atomic_write_text
from engine.errors import LayerLabError

COLORS = ("#4c8bf5", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948")
WIDTH, PANEL_HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 30, 40  # margins around each panel's plot area


@dataclass
class Panel:
    title: str
    xlabel: str
    ylabel: str
    curves: list[tuple[str, Sequence[float], Sequence[float]]] = field(default_factory=list)
    log_x: bool = False
    marks: list[tuple[float, str]] = field(default_factory=list)  # (x, label)
    ylim: tuple[float, float] | None = None  # values outside are drawn at the edge


def write_chart(path: str | Path, panels: list[Panel]) -> None:
    """Write the panels to `path` (.png or .svg), atomically; engine.atomic.SaveError
    (a LayerLabError) says why when it cannot."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".png", ".svg"):
        raise LayerLabError(f"{path}: a chart is written as .png or .svg")
    shapes = [_layout(p, i * PANEL_HEIGHT) for i, p in enumerate(panels)]
    height = PANEL_HEIGHT * max(1, len(panels))
    if kind == ".svg":
        atomic_write_text(path, _svg(shapes, height), make_folder=False)
    else:
        with atomic_path(path, make_folder=False) as tmp:
            _png(shapes, height).save(tmp, format="PNG")


# Drawing is done twice (Pillow, SVG) from one list of primitives:
# ("line", points, colour, width), ("text", x, y, text, anchor), ("rect", x0, y0, x1, y1).
def _layout(panel: Panel, top: float) -> list[tuple]:
    x0, y0 = LEFT, top + TOP
    x1, y1 = WIDTH - RIGHT, top + PANEL_HEIGHT - BOTTOM
    points = [p for _, xs, ys in panel.curves for p in _points(panel, xs, ys)]
    shapes: list[tuple] = [("rect", x0, y0, x1, y1)]
    shapes.append(("text", (x0 + x1) / 2, top + 8, panel.title, "mt"))
    shapes.append(("text", (x0 + x1) / 2, y1 + 26, panel.xlabel, "mt"))
    shapes.append(("text", 8, (y0 + y1) / 2, panel.ylabel, "lm"))
    if not points:
        shapes.append(("text", (x0 + x1) / 2, (y0 + y1) / 2, "no data", "mm"))
        return shapes
    lo_x, hi_x = min(p[0] for p in points), max(p[0] for p in points)
    lo_y, hi_y = panel.ylim or (min(p[1] for p in points), max(p[1] for p in points))
    hi_x, hi_y = (hi_x if hi_x > lo_x else lo_x + 1), (hi_y if hi_y > lo_y else lo_y + 1)

    def to_px(x: float, y: float) -> tuple[float, float]:
        y = min(max(y, lo_y), hi_y)
        return (
            x0 + (x - lo_x) / (hi_x - lo_x) * (x1 - x0),
            y1 - (y - lo_y) / (hi_y - lo_y) * (y1 - y0),
        )

    for i in range(5):  # ticks
        tx = lo_x + (hi_x - lo_x) * i / 4
        ty = lo_y + (hi_y - lo_y) * i / 4
        label = f"{10**tx:.2g}" if panel.log_x else f"{tx:.4g}"
        shapes.append(("text", to_px(tx, lo_y)[0], y1 + 4, label, "mt"))
        shapes.append(("text", x0 - 4, to_px(lo_x, ty)[1], f"{ty:.4g}", "rm"))
    for n, (name, xs, ys) in enumerate(panel.curves):
        colour = COLORS[n % len(COLORS)]
        line = [to_px(x, y) for x, y in _points(panel, xs, ys)]
        if len(line) > 1:
            shapes.append(("line", line, colour, 2))
        key_y = y0 + 12 + 14 * n
        shapes.append(("line", [(x1 - 24, key_y), (x1 - 8, key_y)], colour, 2))
        shapes.append(("text", x1 - 28, key_y, name, "rm", colour))
    for x, label in panel.marks:
        if x > 0 or not panel.log_x:
            px = to_px(math.log10(x) if panel.log_x else x, lo_y)[0]
            shapes.append(("line", [(px, y0), (px, y1)], "#d62728", 1))
            shapes.append(("text", px + 4, y0 + 4, label, "lt", "#d62728"))
    return shapes


def _points(panel: Panel, xs: Sequence[float], ys: Sequence[float]) -> list[tuple[float, float]]:
    """The drawable points of a curve, x in axis units (log10 on a log axis)."""
    return [
        (math.log10(x) if panel.log_x else x, y)
        for x, y in zip(xs, ys, strict=True)
        if math.isfinite(x) and math.isfinite(y) and (x > 0 or not panel.log_x)
    ]


def _png(shapes: list[list[tuple]], height: int):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    for shape in (s for panel in shapes for s in panel):
        if shape[0] == "rect":
            draw.rectangle(shape[1:], outline="#999999")
        elif shape[0] == "line":
            draw.line(shape[1], fill=shape[2], width=shape[3])
        else:
            _, x, y, text, anchor, *colour = shape
            draw.text((x, y), text, fill=colour[0] if colour else "#222222", anchor=anchor)
    return image


_SVG_ANCHOR = {"l": "start", "m": "middle", "r": "end"}
_SVG_BASE = {"t": "hanging", "m": "middle", "b": "auto"}


def _svg(shapes: list[list[tuple]], height: int) -> str:
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        'font-family="sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
    ]
    for shape in (s for panel in shapes for s in panel):
        if shape[0] == "rect":
            x0, y0, x1, y1 = shape[1:]
            out.append(
                f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" '
                'fill="none" stroke="#999"/>'
            )
        elif shape[0] == "line":
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape[1])
            out.append(
                f'<polyline points="{pts}" fill="none" stroke="{shape[2]}" '
                f'stroke-width="{shape[3]}"/>'
            )
        else:
            _, x, y, text, anchor, *colour = shape
            out.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{_SVG_ANCHOR[anchor[0]]}" '
                f'dominant-baseline="{_SVG_BASE[anchor[1]]}" '
                f'fill="{colour[0] if colour else "#222"}">{escape(text, quote=False)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
