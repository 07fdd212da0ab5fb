"""Graph endpoints, dense layers, reshaping and merges."""

from __future__ import annotations

from typing import Any

from engine.errors import ShapeError
from engine.layers.spec import (
    MODULES,
    PASSES_IDS,
    TORCH_DOCS,
    VIEW,
    Category,
    InlineFn,
    LayerSpec,
    ParamSpec,
    Shape,
    expect_rank,
    fmt_shape,
    numel,
    register,
)


def _identity(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    return shapes[0]


register(
    LayerSpec(
        "Input",
        Category.INPUT_OUTPUT,
        infer=lambda shapes, p: tuple(p["shape"]),
        module="torch.nn.Identity",
        params=(
            ParamSpec(
                "shape",
                "shape",
                help="Shape of one sample, without the batch dimension",
                min=1,
                initial=[10],
            ),
            ParamSpec(
                "dtype",
                "choice",
                "float32",
                "Element type: int64 for token ids",
                choices=("float32", "int64"),
            ),
        ),
        formula="x = a batch of samples, each of the given shape",
        help="Where data enters the model.",
        inputs=(0, 0),
        role="input",
        dtype=lambda dtypes, p: p["dtype"],
        label=lambda p: fmt_shape(tuple(p["shape"])),
    )
)

register(
    LayerSpec(
        "Output",
        Category.INPUT_OUTPUT,
        infer=_identity,
        module="torch.nn.Identity",
        formula="y = x",
        help="A model output: what the loss and predictions read.",
        role="output",
        **VIEW,
    )
)

register(
    LayerSpec(
        "Identity",
        Category.UTILITY,
        infer=_identity,
        module="torch.nn.Identity",
        formula="y = x",
        help="Passes its input through unchanged.",
        **VIEW,
    )
)


def _linear_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    expect_rank(shapes[0], range(1, 8), "(*, features)")
    return (*shapes[0][:-1], p["out_features"])


register(
    LayerSpec(
        "Linear",
        Category.LINEAR,
        infer=_linear_infer,
        inferred={"in_features": lambda s: s[0][-1]},
        params=(
            ParamSpec("out_features", "int", help="Output features", min=1, initial=64),
            ParamSpec("bias", "bool", True, "Learn an additive bias"),
        ),
        formula="y = x · Wᵀ + b,  W: out_features × in_features,  b: out_features",
        count_formula="{in_features} × {out_features} + {out_features} × {bias}",
        help="Fully connected layer: y = xW^T + b over the last dimension.",
        channel_bias=True,
        count=lambda s, p: s[0][-1] * p["out_features"] + (p["out_features"] if p["bias"] else 0),
        label=lambda p: str(p["out_features"]),
    )
)


def _bilinear_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    first, second = shapes
    if not first or first[:-1] != second[:-1]:
        raise ShapeError(
            f"inputs must match except in the last dimension; got {fmt_shape(first)} and "
            f"{fmt_shape(second)}",
            1,
        )
    return (*first[:-1], p["out_features"])


register(
    LayerSpec(
        "Bilinear",
        Category.LINEAR,
        infer=_bilinear_infer,
        inferred={"in1_features": lambda s: s[0][-1], "in2_features": lambda s: s[1][-1]},
        params=(
            ParamSpec("out_features", "int", help="Output features", min=1, initial=64),
            ParamSpec("bias", "bool", True, "Learn an additive bias"),
        ),
        inputs=(2, 2),
        formula="yₖ = x₁ᵀ · Aₖ · x₂ + bₖ,  for k = 1 … out_features",
        count_formula="{in1_features} × {in2_features} × {out_features} + {out_features} × {bias}",
        help="y = x1^T A x2 + b: a learned product of two inputs (port 0 and port 1).",
        channel_bias=True,
        count=lambda s, p: s[0][-1] * s[1][-1] * p["out_features"] + p["out_features"] * p["bias"],
        label=lambda p: str(p["out_features"]),
    )
)


def _flatten_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    full = (1, *shapes[0])  # torch dims count the batch as 0
    rank = len(full)
    for name in ("start_dim", "end_dim"):
        if not -rank <= p[name] < rank:
            raise ShapeError(
                f"{name} {p[name]} is not a dimension of {fmt_shape(shapes[0])} (batch is dim 0)",
                0,
            )
    start = p["start_dim"] % rank
    end = p["end_dim"] % rank
    if start == 0:
        raise ShapeError("start_dim 0 would flatten the batch dimension")
    if start > end:
        raise ShapeError(
            f"start_dim {p['start_dim']} is after end_dim {p['end_dim']} "
            f"for input {fmt_shape(shapes[0])}",
            0,
        )
    return (*full[1:start], numel(full[start : end + 1]), *full[end + 1 :])


register(
    LayerSpec(
        "Flatten",
        Category.RESHAPE,
        infer=_flatten_infer,
        params=(
            ParamSpec("start_dim", "int", 1, "First dim to flatten (batch is dim 0)"),
            ParamSpec("end_dim", "int", -1, "Last dim to flatten"),
        ),
        formula="y = x.flatten(start_dim, end_dim)",
        help="Flattens a range of dimensions into one.",
        **VIEW,
    )
)


def _unflatten_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    full = (1, *shapes[0])  # torch dims count the batch as 0
    if not -len(full) <= p["dim"] < len(full) or p["dim"] % len(full) == 0:
        raise ShapeError(
            f"dim {p['dim']} is not a dimension of {fmt_shape(shapes[0])} (batch is dim 0)"
        )
    axis = p["dim"] % len(full) - 1
    size = shapes[0][axis]
    parts = _reshape_infer([(size,)], {"shape": p["unflattened_size"]})
    return (*shapes[0][:axis], *parts, *shapes[0][axis + 1 :])


register(
    LayerSpec(
        "Unflatten",
        Category.RESHAPE,
        infer=_unflatten_infer,
        params=(
            ParamSpec("dim", "int", help="Dimension to split (batch is dim 0)", initial=1),
            ParamSpec(
                "unflattened_size",
                "shape",
                help="Sizes it splits into; -1 infers one",
                initial=[1, -1],
            ),
        ),
        formula="y = x.unflatten(dim, unflattened_size)",
        help="Splits one dimension into several, e.g. (784,) into (1, 28, 28).",
        label=lambda p: fmt_shape(tuple(p["unflattened_size"])),
        **VIEW,
    )
)


def _reshape_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    target = list(p["shape"])
    total = numel(shapes[0])
    if target.count(-1) > 1:
        raise ShapeError("shape may contain -1 at most once")
    if any(d == 0 or d < -1 for d in target):
        raise ShapeError(f"shape {target} has a size that is not positive or -1")
    known = numel(tuple(d for d in target if d != -1))
    if -1 in target:
        if total % known:
            raise ShapeError(
                f"cannot reshape {fmt_shape(shapes[0])} ({total} values) to "
                f"{fmt_shape(tuple(target))}",
                0,
            )
        target[target.index(-1)] = total // known
    elif known != total:
        raise ShapeError(
            f"cannot reshape {fmt_shape(shapes[0])} ({total} values) to "
            f"{fmt_shape(tuple(target))} ({known} values)",
            0,
        )
    return tuple(target)


register(
    LayerSpec(
        "Reshape",
        Category.RESHAPE,
        infer=_reshape_infer,
        module=MODULES + "Reshape",
        params=(
            ParamSpec(
                "shape",
                "shape",
                help="Target shape of one sample; -1 infers one size",
                initial=[-1],
            ),
        ),
        formula="y = x.reshape(batch, *shape)",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.reshape.html",
        help="Views each sample with a new shape (same number of values).",
        label=lambda p: fmt_shape(tuple(p["shape"])),
        inline=lambda args, p: (
            f"{args[0]}.reshape({args[0]}.shape[0], {', '.join(repr(d) for d in p['shape'])})"
        ),
        **VIEW,
    )
)


def broadcast(shapes: list[Shape], p: dict[str, Any] | None = None) -> Shape:
    """numpy broadcasting of samples of one rank: each size equal or 1. Ranks must match,
    since torch would otherwise align a sample dim with the batch dim."""
    out = list(shapes[0])
    for port, shape in enumerate(shapes[1:], start=1):
        if len(shape) != len(out):
            raise ShapeError(
                f"inputs must have the same rank; got {fmt_shape(shapes[0])} and "
                f"{fmt_shape(shape)}",
                port,
            )
        for axis, (a, b) in enumerate(zip(out, shape, strict=True)):
            if a != b and 1 not in (a, b):
                raise ShapeError(
                    f"inputs must have the same shape (or size 1 to broadcast); got "
                    f"{fmt_shape(tuple(out))} and {fmt_shape(shape)}, dim {axis + 1} differs",
                    port,
                )
            out[axis] = max(a, b) if 1 in (a, b) else a
    return tuple(out)


def _merge(
    name: str,
    op: str,
    inputs: tuple[int, int | None],
    help: str,
    formula: str,
    inline: InlineFn | None = None,
) -> None:
    register(
        LayerSpec(
            name,
            Category.MERGE,
            infer=broadcast,
            module=MODULES + name,
            inputs=inputs,
            help=help + " Sizes of 1 broadcast (numpy rules).",
            formula=formula,
            docs=TORCH_DOCS.format(f"torch.{op}"),
            inline=inline,
            merges=op,
            **PASSES_IDS,
        )
    )


_merge(
    "Add",
    "add",
    (2, None),
    "Element-wise sum of its inputs, e.g. a residual skip connection.",
    "y = x₀ + x₁ + … + xₙ",
    inline=lambda args, p: " + ".join(args),
)
_merge(
    "Multiply",
    "mul",
    (2, None),
    "Element-wise product of its inputs, e.g. a gate.",
    "y = x₀ ⊙ x₁ ⊙ … ⊙ xₙ",
    inline=lambda args, p: " * ".join(args),
)
_merge("Subtract", "sub", (2, 2), "Port 0 minus port 1, element-wise.", "y = x₀ − x₁")
_merge("Divide", "div", (2, 2), "Port 0 divided by port 1, element-wise.", "y = x₀ / x₁")


def _matmul_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    """Matrices in the last two dims, the dims before them broadcast as in `broadcast`."""
    a, b = shapes
    if len(a) < 2:
        raise ShapeError(
            f"inputs must be matrices (2 dims or more besides the batch); got {fmt_shape(a)}"
        )
    if len(b) != len(a):
        raise ShapeError(
            f"inputs must have the same rank; got {fmt_shape(a)} and {fmt_shape(b)}", 1
        )
    if a[-1] != b[-2]:
        raise ShapeError(
            f"inputs' inner dims must match: port 0's last ({a[-1]}), port 1's second to "
            f"last ({b[-2]}); got {fmt_shape(a)} @ {fmt_shape(b)}",
            1,
        )
    return (*broadcast([a[:-2], b[:-2]]), a[-2], b[-1])


register(
    LayerSpec(
        "MatMul",
        Category.MERGE,
        infer=_matmul_infer,
        module=MODULES + "MatMul",
        inputs=(2, 2),
        help="Matrix product of port 0 and port 1 over their last two dims, like q @ k in "
        "attention; the dims before them broadcast (numpy rules).",
        formula="y[…, i, j] = Σₖ x₀[…, i, k] · x₁[…, k, j]",
        docs=TORCH_DOCS.format("torch.matmul"),
        inline=lambda args, p: f"{args[0]} @ {args[1]}",
    )
)


def _concat_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    rank = len(shapes[0]) + 1
    if not -rank <= p["dim"] < rank:
        raise ShapeError(f"dim {p['dim']} is out of range for inputs {fmt_shape(shapes[0])}")
    dim = p["dim"] % rank
    if dim == 0:
        raise ShapeError("cannot concatenate along the batch dimension (dim 0)")
    axis = dim - 1
    total = 0
    for port, shape in enumerate(shapes):
        if len(shape) != len(shapes[0]) or any(
            a != b for i, (a, b) in enumerate(zip(shape, shapes[0], strict=True)) if i != axis
        ):
            raise ShapeError(
                f"inputs must match except along dim {p['dim']}; got "
                f"{fmt_shape(shapes[0])} and {fmt_shape(shape)}",
                port,
            )
        total += shape[axis]
    out = list(shapes[0])
    out[axis] = total
    return tuple(out)


register(
    LayerSpec(
        "Concat",
        Category.MERGE,
        infer=_concat_infer,
        module=MODULES + "Concat",
        inputs=(2, None),
        params=(ParamSpec("dim", "int", 1, "Dimension to join along (batch is dim 0)"),),
        formula="y = cat([x₀, x₁, …], dim)",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.cat.html",
        help="Joins its inputs along one dimension (like torch.cat).",
        label=lambda p: f"dim {p['dim']}",
        inline=lambda args, p: f"torch.cat([{', '.join(args)}], dim={p['dim']!r})",
        **PASSES_IDS,
    )
)


def _stack_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    rank = len(shapes[0]) + 2  # batch and the new dim
    if not -rank <= p["dim"] < rank or p["dim"] % rank == 0:
        raise ShapeError(f"dim {p['dim']} is the batch or out of range for {fmt_shape(shapes[0])}")
    for port, shape in enumerate(shapes[1:], start=1):
        if shape != shapes[0]:
            raise ShapeError(
                f"inputs must have the same shape; got {fmt_shape(shapes[0])} and "
                f"{fmt_shape(shape)}",
                port,
            )
    axis = p["dim"] % rank - 1
    return (*shapes[0][:axis], len(shapes), *shapes[0][axis:])


register(
    LayerSpec(
        "Stack",
        Category.MERGE,
        infer=_stack_infer,
        module=MODULES + "Stack",
        inputs=(1, None),
        params=(ParamSpec("dim", "int", 1, "Where the new dimension goes (batch is dim 0)"),),
        formula="y = stack([x₀, x₁, …], dim)",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.stack.html",
        help="Stacks same-shaped inputs along a new dimension (like torch.stack).",
        label=lambda p: f"dim {p['dim']}",
        **PASSES_IDS,
    )
)
