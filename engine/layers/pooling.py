"""Pooling (fixed and adaptive windows) and spatial resizing: Upsample, ZeroPad2d."""

from __future__ import annotations

import math
from typing import Any

from engine.errors import ShapeError
from engine.layers.conv import LAYOUTS, kernel_label
from engine.layers.spec import (
    Category,
    LayerSpec,
    ParamSpec,
    Shape,
    as_tuple,
    expect_rank,
    register,
)


def pool_size(size: int, kernel: int, stride: int, pad: int, dilation: int, ceil: bool) -> int:
    """torch's pooling output length, including ceil_mode's last-window rule."""
    span = size + 2 * pad - dilation * (kernel - 1) - 1
    out = (span + (stride - 1 if ceil else 0)) // stride + 1
    if ceil and (out - 1) * stride >= size + pad:
        out -= 1
    return out


def _pool(kind: str, n: int) -> None:
    is_max = kind == "Max"

    def infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
        shape = shapes[0]
        expect_rank(shape, [n + 1], LAYOUTS[n])
        kernel = as_tuple(p["kernel_size"], n)
        stride = as_tuple(p["stride"] or p["kernel_size"], n)
        padding = as_tuple(p["padding"], n)
        dilation = as_tuple(p["dilation"] if is_max else 1, n)
        for k, pad in zip(kernel, padding, strict=True):
            if pad > k // 2:
                raise ShapeError(f"padding {pad} must be at most half the kernel size {k}")
        sizes = map(pool_size, shape[1:], kernel, stride, padding, dilation, [p["ceil_mode"]] * n)
        return (shape[0], *sizes)

    params = [
        ParamSpec("kernel_size", "ints", help="Window size", min=1, length=n, initial=2),
        ParamSpec(
            "stride",
            "ints",
            None,
            "Step between windows (empty: kernel_size)",
            min=1,
            length=n,
            nullable=True,
        ),
        ParamSpec("padding", "ints", 0, "Implicit padding on each side", min=0, length=n),
    ]
    if is_max:
        params.append(ParamSpec("dilation", "ints", 1, "Spacing between taps", min=1, length=n))
    params.append(ParamSpec("ceil_mode", "bool", False, "Round the output size up"))
    if not is_max:
        params.append(ParamSpec("count_include_pad", "bool", True, "Average over padding too"))
    register(
        LayerSpec(
            f"{kind}Pool{n}d",
            Category.POOLING,
            infer=infer,
            params=tuple(params),
            help=f"{'Maximum' if is_max else 'Average'} over sliding windows of {LAYOUTS[n]} "
            "input.",
            formula=(
                "y[c, j] = max of x[c] over the window at output position j"
                if is_max
                else "y[c, j] = mean of x[c] over the window at output position j"
            ),
            label=lambda p: kernel_label(p, n),
        )
    )


def _adaptive(kind: str, n: int) -> None:
    def infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
        expect_rank(shapes[0], [n + 1], LAYOUTS[n])
        return (shapes[0][0], *as_tuple(p["output_size"], n))

    register(
        LayerSpec(
            f"Adaptive{kind}Pool{n}d",
            Category.POOLING,
            infer=infer,
            params=(
                ParamSpec(
                    "output_size",
                    "ints",
                    help="Output size, whatever the input size",
                    min=1,
                    length=n,
                    initial=1,
                ),
            ),
            help=f"{kind} pooling to a fixed output size (1 = global {kind.lower()} pool).",
            formula=(
                "y[c, j] = max of x[c] over window j, windows sized to give output_size"
                if kind == "Max"
                else "y[c, j] = mean of x[c] over window j, windows sized to give output_size"
            ),
            label=lambda p: "x".join(map(str, as_tuple(p["output_size"], n))),
            # torch's exporter has a global max pool only (ONNX has no adaptive max pool)
            exports_onnx=(
                True
                if kind == "Avg"
                else lambda p: all(s == 1 for s in as_tuple(p["output_size"], n))
            ),
        )
    )


for _kind in ("Max", "Avg"):
    for _n in (1, 2):
        _pool(_kind, _n)
_adaptive("Avg", 1)
_adaptive("Avg", 2)
_adaptive("Max", 2)

# mode -> the sample ranks it works on ((C, L), (C, H, W), (C, D, H, W)).
UPSAMPLE_RANKS = {
    "nearest": (2, 3, 4),
    "linear": (2,),
    "bilinear": (3,),
    "bicubic": (3,),
    "trilinear": (4,),
}


def _upsample_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    shape, mode = shapes[0], p["mode"]
    ranks = UPSAMPLE_RANKS[mode]
    expect_rank(shape, ranks, " or ".join(LAYOUTS[r - 1] for r in ranks))
    if (p["size"] is None) == (p["scale_factor"] is None):
        raise ShapeError("set exactly one of size and scale_factor")
    if p["align_corners"] is not None and mode == "nearest":
        raise ShapeError('align_corners only applies to the interpolating modes, not "nearest"')
    spatial = shape[1:]
    for name in ("size", "scale_factor"):
        value = p[name]
        if isinstance(value, list) and len(value) != len(spatial):
            raise ShapeError(f"{name} needs {len(spatial)} values for input {shape}")
    if p["size"] is not None:
        return (shape[0], *as_tuple(p["size"], len(spatial)))
    scales = as_tuple(p["scale_factor"], len(spatial))
    return (shape[0], *(math.floor(s * f) for s, f in zip(spatial, scales, strict=True)))


def _upsample_label(p: dict[str, Any]) -> str:
    if p["size"] is not None:
        return f"to {p['size']}, {p['mode']}"
    scale = p["scale_factor"]
    if scale is None:  # neither set: inference says so; the card shows the mode
        return str(p["mode"])
    text = "x".join(f"{s:g}" for s in scale) if isinstance(scale, list) else f"{scale:g}"
    return f"x{text}, {p['mode']}"


register(
    LayerSpec(
        "Upsample",
        Category.RESIZE,
        infer=_upsample_infer,
        params=(
            ParamSpec(
                "size", "ints", None, "Output size (or use scale_factor)", min=1, nullable=True
            ),
            ParamSpec(
                "scale_factor",
                "floats",
                None,
                "Multiply the size by this",
                min=1e-3,
                nullable=True,
                initial=2.0,
            ),
            ParamSpec(
                "mode",
                "choice",
                "nearest",
                "How new values are filled in",
                choices=tuple(UPSAMPLE_RANKS),
            ),
            ParamSpec(
                "align_corners",
                "bool",
                None,
                "Interpolating modes: align corner pixels",
                nullable=True,
            ),
        ),
        formula="y = x resized to size (or size × scale_factor), new values filled by mode",
        help="Grows the spatial size by interpolation (no weights).",
        label=_upsample_label,
    )
)


def _pad_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    shape = shapes[0]
    expect_rank(shape, [2, 3], "(C, H, W) or (H, W)")
    left, right, top, bottom = as_tuple(p["padding"], 4)
    return (*shape[:-2], shape[-2] + top + bottom, shape[-1] + left + right)


register(
    LayerSpec(
        "ZeroPad2d",
        Category.RESIZE,
        infer=_pad_infer,
        params=(
            ParamSpec(
                "padding",
                "ints",
                help="Zeros on each side, or (left, right, top, bottom)",
                min=0,
                length=4,
                initial=1,
            ),
        ),
        formula="y = x with rows and columns of zeros added: (left, right, top, bottom)",
        help="Adds a border of zeros around images.",
        label=lambda p: f"pad {p['padding']}",
    )
)
