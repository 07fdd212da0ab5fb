"""Convolutions and transposed convolutions over 1, 2 or 3 spatial dimensions."""

from __future__ import annotations

import math
from typing import Any

from engine.errors import ShapeError
from engine.layers.spec import (
    Category,
    LayerSpec,
    ParamSpec,
    Shape,
    as_tuple,
    expect_rank,
    register,
)

LAYOUTS = {1: "(C, L)", 2: "(C, H, W)", 3: "(C, D, H, W)"}


def conv_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """torch's output length of a convolution or pooling window sweep (floor mode)."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def kernel_label(p: dict[str, Any], n: int) -> str:
    text = "x".join(str(k) for k in as_tuple(p["kernel_size"], n))
    stride = as_tuple(p.get("stride") or 1, n)
    return text if set(stride) == {1} else f"{text} /{'x'.join(map(str, stride))}"


def _check_groups(channels: int, p: dict[str, Any]) -> None:
    groups = p["groups"]
    for what, value in (("input channels", channels), ("out_channels", p["out_channels"])):
        if value % groups:
            raise ShapeError(f"{what} {value} are not divisible by groups {groups}", 0)


def _conv_params(n: int, transposed: bool) -> tuple[ParamSpec, ...]:
    padding = (
        ParamSpec("padding", "ints", 0, "Zeros added on each side", min=0, length=n)
        if transposed
        else ParamSpec(
            "padding",
            "ints",
            0,
            'Zeros added on each side; "same" keeps the size (stride 1)',
            min=0,
            length=n,
            choices=("same", "valid"),
        )
    )
    extra = (
        (ParamSpec("output_padding", "ints", 0, "Extra size on one side", min=0, length=n),)
        if transposed
        else ()
    )
    return (
        ParamSpec("out_channels", "int", help="Output channels (filters)", min=1, initial=32),
        ParamSpec("kernel_size", "ints", help="Window size", min=1, length=n, initial=3),
        ParamSpec("stride", "ints", 1, "Step between windows", min=1, length=n),
        padding,
        *extra,
        ParamSpec("dilation", "ints", 1, "Spacing between kernel taps", min=1, length=n),
        ParamSpec("groups", "int", 1, "Split channels into independent groups", min=1),
        ParamSpec("bias", "bool", True, "Learn an additive bias per channel"),
    )


def _conv(n: int) -> None:
    def infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
        shape = shapes[0]
        expect_rank(shape, [n + 1], LAYOUTS[n])
        _check_groups(shape[0], p)
        kernel, stride, dilation = (
            as_tuple(p[k], n) for k in ("kernel_size", "stride", "dilation")
        )
        if p["padding"] == "same":
            if set(stride) != {1}:
                raise ShapeError('padding "same" needs stride 1')
            return (p["out_channels"], *shape[1:])
        padding = as_tuple(0 if p["padding"] == "valid" else p["padding"], n)
        sizes = map(conv_size, shape[1:], kernel, stride, padding, dilation)
        return (p["out_channels"], *sizes)

    def count(shapes: list[Shape], p: dict[str, Any]) -> int:
        kernel = math.prod(as_tuple(p["kernel_size"], n))
        weights = p["out_channels"] * shapes[0][0] // p["groups"] * kernel
        return weights + (p["out_channels"] if p["bias"] else 0)

    register(
        LayerSpec(
            f"Conv{n}d",
            Category.CONVOLUTION,
            infer=infer,
            params=_conv_params(n, transposed=False),
            inferred={"in_channels": lambda s: s[0][0]},
            help=f"Slides learned filters over {LAYOUTS[n]} input.",
            formula="y[o] = b[o] + Σᵢ W[o, i] ⋆ x[i],  ⋆: the kernel slid over the input "
            "(cross-correlation), o: output channel, i: input channel of its group",
            count_formula="{out_channels} × {in_channels} / {groups} × {kernel_size} "
            "+ {out_channels} × {bias}",
            channel_bias=True,
            count=count,
            label=lambda p: f"{kernel_label(p, n)}, {p['out_channels']}",
        )
    )


def _conv_transpose(n: int) -> None:
    def infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
        shape = shapes[0]
        expect_rank(shape, [n + 1], LAYOUTS[n])
        _check_groups(shape[0], p)
        names = ("kernel_size", "stride", "padding", "output_padding", "dilation")
        kernel, stride, padding, extra, dilation = (as_tuple(p[k], n) for k in names)
        sizes = []
        for size, k, s, pad, out_pad, d in zip(
            shape[1:], kernel, stride, padding, extra, dilation, strict=True
        ):
            if out_pad >= max(s, d):
                raise ShapeError(
                    f"output_padding {out_pad} must be smaller than stride or dilation"
                )
            sizes.append((size - 1) * s - 2 * pad + d * (k - 1) + out_pad + 1)
        return (p["out_channels"], *sizes)

    def count(shapes: list[Shape], p: dict[str, Any]) -> int:
        kernel = math.prod(as_tuple(p["kernel_size"], n))
        weights = shapes[0][0] * p["out_channels"] // p["groups"] * kernel
        return weights + (p["out_channels"] if p["bias"] else 0)

    register(
        LayerSpec(
            f"ConvTranspose{n}d",
            Category.CONVOLUTION,
            infer=infer,
            params=_conv_params(n, transposed=True),
            inferred={"in_channels": lambda s: s[0][0]},
            help=f"Learned upsampling: the gradient of Conv{n}d, growing {LAYOUTS[n]} input.",
            formula="y = b + Σᵢ x[i] · W[i] placed at stride steps: each input value "
            "stamps a weighted kernel into the output (the transpose of a convolution)",
            count_formula="{in_channels} × {out_channels} / {groups} × {kernel_size} "
            "+ {out_channels} × {bias}",
            channel_bias=True,
            count=count,
            label=lambda p: f"{kernel_label(p, n)}, {p['out_channels']}",
            # torch allows output_padding below the dilation; ONNX only below the stride
            exports_onnx=lambda p: all(
                extra < step
                for extra, step in zip(
                    as_tuple(p["output_padding"], n), as_tuple(p["stride"], n), strict=True
                )
            ),
        )
    )


for _n in (1, 2, 3):
    _conv(_n)
for _n in (1, 2):
    _conv_transpose(_n)
