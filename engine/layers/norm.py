"""Normalisation (batch, layer, group, instance) and dropout. Shape in = shape out."""

from __future__ import annotations

from typing import Any

from engine.errors import ShapeError
from engine.layers.spec import Category, LayerSpec, ParamSpec, Shape, expect_rank, numel, register

EPS = ParamSpec("eps", "float", 1e-5, "Added to the variance for stability", min=1e-12)
MOMENTUM = ParamSpec(
    "momentum", "float", 0.1, "Running statistics update rate", min=0, max=1, nullable=True
)


def _batch_norm(name: str, ranks: list[int], layout: str) -> None:
    def infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
        expect_rank(shapes[0], ranks, layout)
        return shapes[0]

    register(
        LayerSpec(
            name,
            Category.NORMALIZATION,
            infer=infer,
            params=(
                EPS,
                MOMENTUM,
                ParamSpec("affine", "bool", True, "Learn a scale and shift per channel"),
                ParamSpec("track_running_stats", "bool", True, "Keep statistics for eval"),
            ),
            inferred={"num_features": lambda s: s[0][0]},
            help=f"Normalises each channel of {layout} input over the batch.",
            formula="y = (x − μ) / √(σ² + eps) · γ + β,  μ, σ²: mean and variance of each "
            "channel over the batch (running averages in eval)",
            count_formula="2 × {num_features} × {affine}",
            normalizes_batch=True,
            count=lambda s, p: 2 * s[0][0] if p["affine"] else 0,
        )
    )


_batch_norm("BatchNorm1d", [1, 2], "(C,) or (C, L)")
_batch_norm("BatchNorm2d", [3], "(C, H, W)")


register(
    LayerSpec(
        "LayerNorm",
        Category.NORMALIZATION,
        infer=lambda shapes, p: shapes[0],
        params=(
            EPS,
            ParamSpec("elementwise_affine", "bool", True, "Learn a scale per feature"),
            ParamSpec("bias", "bool", True, "Learn a shift per feature (with the scale)"),
        ),
        inferred={"normalized_shape": lambda s: s[0][-1]},
        formula="y = (x − μ) / √(σ² + eps) · γ + β, "
        " μ, σ²: mean and variance over the last dimension of each sample",
        count_formula="{normalized_shape} × (1 + {bias}) × {elementwise_affine}",
        help="Normalises the last dimension of each sample (transformers).",
        count=lambda s, p: s[0][-1] * (1 + p["bias"]) if p["elementwise_affine"] else 0,
    )
)


def _group_norm_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    expect_rank(shapes[0], range(1, 5), "(C, ...)")
    channels, groups = shapes[0][0], p["num_groups"]
    if channels % groups:
        raise ShapeError(f"{channels} channels are not divisible by num_groups {groups}", 0)
    return shapes[0]


register(
    LayerSpec(
        "GroupNorm",
        Category.NORMALIZATION,
        infer=_group_norm_infer,
        params=(
            ParamSpec("num_groups", "int", help="Channel groups to normalise", min=1, initial=1),
            EPS,
            ParamSpec("affine", "bool", True, "Learn a scale and shift per channel"),
        ),
        inferred={"num_channels": lambda s: s[0][0]},
        formula="y = (x − μ) / √(σ² + eps) · γ + β, "
        " μ, σ²: mean and variance of each group of channels in each sample",
        count_formula="2 × {num_channels} × {affine}",
        help="Normalises groups of channels per sample; batch-size independent.",
        count=lambda s, p: 2 * s[0][0] if p["affine"] else 0,
        label=lambda p: f"{p['num_groups']} groups",
    )
)


def _instance_norm_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    expect_rank(shapes[0], [3], "(C, H, W)")
    if numel(shapes[0][1:]) < 2:
        raise ShapeError("needs more than one spatial value per channel", 0)
    return shapes[0]


register(
    LayerSpec(
        "InstanceNorm2d",
        Category.NORMALIZATION,
        infer=_instance_norm_infer,
        params=(
            EPS,
            MOMENTUM,
            ParamSpec("affine", "bool", False, "Learn a scale and shift per channel"),
            ParamSpec("track_running_stats", "bool", False, "Keep statistics for eval"),
        ),
        inferred={"num_features": lambda s: s[0][0]},
        formula="y = (x − μ) / √(σ² + eps) · γ + β, "
        " μ, σ²: mean and variance over H × W of each channel of each image",
        count_formula="2 × {num_features} × {affine}",
        help="Normalises each channel of each image on its own (style transfer).",
        count=lambda s, p: 2 * s[0][0] if p["affine"] else 0,
    )
)

P = ParamSpec("p", "float", 0.5, "Probability of zeroing", min=0, max=1)
INPLACE = ParamSpec("inplace", "bool", False, "Overwrite the input (saves memory)")


def _dropout2d_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    expect_rank(shapes[0], [3], "(C, H, W)")
    return shapes[0]


register(
    LayerSpec(
        "Dropout",
        Category.REGULARIZATION,
        infer=lambda shapes, p: shapes[0],
        params=(P, INPLACE),
        formula="y = m ⊙ x / (1 − p), "
        " m ~ Bernoulli(1 − p) per value while training;  y = x in eval",
        help="Zeroes random values while training (scaling the rest); off in eval.",
        dropout=True,
        label=lambda p: f"p={p['p']:g}",
    )
)
register(
    LayerSpec(
        "Dropout2d",
        Category.REGULARIZATION,
        infer=_dropout2d_infer,
        params=(P, INPLACE),
        formula="y[c] = m_c · x[c] / (1 − p), "
        " one m_c ~ Bernoulli(1 − p) per channel while training;  y = x in eval",
        help="Zeroes whole random channels of images while training.",
        dropout=True,
        label=lambda p: f"p={p['p']:g}",
    )
)
