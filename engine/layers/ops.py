"""Tensor operations people write inline in forward(): scalar arithmetic, dimension
reordering, reductions, squeeze/unsqueeze, indexing and slicing along a dim, padding,
stochastic depth, and learned tensors that are not layers (class tokens, layer scale).

Dims follow torch, counting the batch as dim 0; no op may touch the batch dimension.
"""

from __future__ import annotations

import math
from typing import Any

from engine.errors import ShapeError
from engine.layers.spec import (
    ANY_DTYPE,
    MODULES,
    TORCH_DOCS,
    VIEW,
    Category,
    LayerSpec,
    ParamSpec,
    Shape,
    fmt_shape,
    numel,
    register,
)

ARITHMETIC = ("add", "sub", "rsub", "mul", "div", "rdiv", "pow")
SYMBOL = {"add": "+", "sub": "-", "rsub": "-", "mul": "*", "div": "/", "rdiv": "/", "pow": "**"}


def axis_of(dim: int, shape: Shape, extra: int = 0) -> int:
    """Index into the sample shape of torch dim `dim` (batch = 0); `extra` widens the
    range for ops that add a dim. Refuses the batch and dims out of range."""
    rank = len(shape) + 1 + extra
    if not -rank <= dim < rank:
        raise ShapeError(f"dim {dim} is out of range for input {fmt_shape(shape)} (batch is dim 0)")
    if dim % rank == 0:
        raise ShapeError(f"dim {dim} is the batch dimension")
    return dim % rank - 1


def _arithmetic_label(p: dict[str, Any]) -> str:
    op, value = p["op"], f"{p['value']:g}"
    return f"{value} {SYMBOL[op]} x" if op.startswith("r") else f"x {SYMBOL[op]} {value}"


register(
    LayerSpec(
        "Arithmetic",
        Category.MATH,
        infer=lambda shapes, p: shapes[0],
        module=MODULES + "Arithmetic",
        params=(
            ParamSpec(
                "op",
                "choice",
                "mul",
                "x + v, x - v, v - x, x * v, x / v, v / x or x ** v",
                choices=ARITHMETIC,
            ),
            ParamSpec("value", "float", 1.0, "The constant v"),
        ),
        formula="y = x op v:  x + v, x − v, v − x, x · v, x / v, v / x or xᵛ",
        docs="https://docs.pytorch.org/docs/stable/torch.html#pointwise-ops",
        help="Arithmetic with a constant, like x * 0.5 or 1 - x.",
        label=_arithmetic_label,
    )
)


def _permute_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    shape, dims = shapes[0], p["dims"]
    rank = len(shape) + 1
    if len(dims) != rank or sorted(d % rank for d in dims if -rank <= d < rank) != list(
        range(rank)
    ):
        raise ShapeError(f"dims {dims} are not an order of the dims 0..{rank - 1} (batch is 0)")
    if dims[0] % rank != 0:
        raise ShapeError("dims must start with 0: the batch dimension stays first")
    full = (1, *shape)
    return tuple(full[d] for d in dims[1:])


register(
    LayerSpec(
        "Permute",
        Category.RESHAPE,
        infer=_permute_infer,
        module=MODULES + "Permute",
        params=(
            ParamSpec(
                "dims", "shape", help="New order of the dims, batch (0) first", initial=[0, 2, 1]
            ),
        ),
        formula="y = x.permute(dims):  y[…, i, …, j, …] = x at the same indices in the old order",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.permute.html",
        help="Reorders dimensions, like x.permute(0, 2, 3, 1) (channels last).",
        **VIEW,
        label=lambda p: fmt_shape(tuple(p["dims"])),
    )
)


def _transpose_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    out = list(shapes[0])
    a, b = axis_of(p["dim0"], shapes[0]), axis_of(p["dim1"], shapes[0])
    out[a], out[b] = out[b], out[a]
    return tuple(out)


register(
    LayerSpec(
        "Transpose",
        Category.RESHAPE,
        infer=_transpose_infer,
        module=MODULES + "Transpose",
        params=(
            ParamSpec("dim0", "int", help="One dim to swap (batch is dim 0)", initial=1),
            ParamSpec("dim1", "int", help="The other dim", initial=2),
        ),
        formula="y = x.transpose(dim0, dim1)",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.transpose.html",
        help="Swaps two dimensions, like x.transpose(1, 2).",
        **VIEW,
        label=lambda p: f"{p['dim0']} <-> {p['dim1']}",
    )
)


def _reduce_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    dims = p["dim"] if isinstance(p["dim"], list) else [p["dim"]]
    axes = {axis_of(d, shapes[0]) for d in dims}
    if len(axes) < len(dims):
        raise ShapeError(f"dim {dims} names a dimension twice")
    if p["keepdim"]:
        return tuple(1 if i in axes else s for i, s in enumerate(shapes[0]))
    out = tuple(s for i, s in enumerate(shapes[0]) if i not in axes)
    if not out:
        raise ShapeError("would reduce every sample to a scalar; keep one dim (keepdim)")
    return out


REDUCTIONS = {  # what it is, its formula
    "Mean": ("Average", "y = (1 / n) · Σ x over dim,  n: the values reduced"),
    "Sum": ("Sum", "y = Σ x over dim"),
    "Amax": ("Largest value", "y = max of x over dim"),
    "Amin": ("Smallest value", "y = min of x over dim"),
}
for _name, (_what, _formula) in REDUCTIONS.items():
    register(
        LayerSpec(
            _name,
            Category.MATH,
            infer=_reduce_infer,
            module=MODULES + _name,
            params=(
                ParamSpec("dim", "ints", help="Dim or dims to reduce (batch is dim 0)", initial=-1),
                ParamSpec("keepdim", "bool", False, "Keep reduced dims with size 1"),
            ),
            help=f"{_what} over one or more dims, like x.{_name.lower()}(dim).",
            formula=_formula,
            docs=TORCH_DOCS.format(f"torch.{_name.lower()}"),
            label=lambda p: f"dim {p['dim']}",
        )
    )


def _squeeze_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    axis = axis_of(p["dim"], shapes[0])
    if shapes[0][axis] != 1:
        return shapes[0]  # torch leaves a dim that is not 1 alone
    if len(shapes[0]) == 1:
        raise ShapeError("would leave a scalar per sample")
    return (*shapes[0][:axis], *shapes[0][axis + 1 :])


def _unsqueeze_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    axis = axis_of(p["dim"], shapes[0], extra=1)
    return (*shapes[0][:axis], 1, *shapes[0][axis:])


register(
    LayerSpec(
        "Squeeze",
        Category.RESHAPE,
        infer=_squeeze_infer,
        module=MODULES + "Squeeze",
        params=(ParamSpec("dim", "int", help="Dim of size 1 to drop (batch is 0)", initial=1),),
        formula="y = x.squeeze(dim)",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.squeeze.html",
        help="Drops a dimension of size 1 (others are left alone, as in torch).",
        **VIEW,
        label=lambda p: f"dim {p['dim']}",
    )
)
register(
    LayerSpec(
        "Unsqueeze",
        Category.RESHAPE,
        infer=_unsqueeze_infer,
        module=MODULES + "Unsqueeze",
        params=(ParamSpec("dim", "int", help="Where the new size-1 dim goes", initial=1),),
        formula="y = x.unsqueeze(dim)",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.unsqueeze.html",
        help="Inserts a dimension of size 1.",
        **VIEW,
        label=lambda p: f"dim {p['dim']}",
    )
)


def _select_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    axis = axis_of(p["dim"], shapes[0])
    size = shapes[0][axis]
    if not -size <= p["index"] < size:
        raise ShapeError(f"index {p['index']} is outside dim {p['dim']} of size {size}", 0)
    if len(shapes[0]) == 1:
        raise ShapeError("would leave a scalar per sample; use Slice to keep the dim")
    return (*shapes[0][:axis], *shapes[0][axis + 1 :])


def _slice_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    axis = axis_of(p["dim"], shapes[0])
    out = list(shapes[0])
    out[axis] = len(range(out[axis])[slice(p["start"], p["end"], p["step"])])
    return tuple(out)


register(
    LayerSpec(
        "Select",
        Category.RESHAPE,
        infer=_select_infer,
        module=MODULES + "Select",
        params=(
            ParamSpec("dim", "int", help="Dim to index (batch is 0)", initial=1),
            ParamSpec("index", "int", help="Position; -1 is the last", initial=-1),
        ),
        formula="y = x.select(dim, index)",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.select.html",
        help="Picks one position along a dim and drops it, like x[:, -1].",
        **VIEW,
        label=lambda p: f"dim {p['dim']}, [{p['index']}]",
    )
)
register(
    LayerSpec(
        "Slice",
        Category.RESHAPE,
        infer=_slice_infer,
        module=MODULES + "Slice",
        params=(
            ParamSpec("dim", "int", help="Dim to slice (batch is 0)", initial=1),
            ParamSpec("start", "int", 0, "First position (negative counts from the end)"),
            ParamSpec("end", "int", None, "Stop before this (empty: the end)", nullable=True),
            ParamSpec("step", "int", 1, "Take every step-th position", min=1),
        ),
        formula="y = x[start:end:step] along dim",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.narrow.html",
        help="A range along a dim, like x[:, 1:] or one piece of torch.chunk / split.",
        **VIEW,
        label=lambda p: f"dim {p['dim']}, [{p['start']}:{'' if p['end'] is None else p['end']}]",
    )
)

PAD_MODES = ("constant", "reflect", "replicate", "circular")


def _pad_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    shape, pad, mode = shapes[0], p["pad"], p["mode"]
    if len(pad) % 2:
        raise ShapeError(f"pad {pad} needs (before, after) pairs; it has an odd length")
    padded = len(pad) // 2
    if padded > len(shape):
        raise ShapeError(f"pad {pad} pads {padded} dims; the input {fmt_shape(shape)} has fewer")
    if mode != "constant":
        if padded > 3 or len(shape) not in (padded, padded + 1):
            raise ShapeError(f"expects {padded} or {padded + 1} sample dims input for {mode} pad")
        if p["value"] != 0:
            raise ShapeError(f"value only applies to constant padding, not {mode}")
    out = list(shape)
    for i in range(padded):
        axis = len(shape) - 1 - i
        before, after = pad[2 * i], pad[2 * i + 1]
        limit = out[axis] if mode == "circular" else out[axis] - 1
        if mode in ("reflect", "circular") and max(before, after) > limit:
            raise ShapeError(f"{mode} pad {max(before, after)} is too large for size {out[axis]}")
        out[axis] += before + after
    return tuple(out)


register(
    LayerSpec(
        "Pad",
        Category.RESIZE,
        infer=_pad_infer,
        module=MODULES + "Pad",
        params=(
            ParamSpec(
                "pad",
                "shape",
                help="(before, after) pairs from the last dim backwards, like F.pad",
                initial=[1, 1],
            ),
            ParamSpec("mode", "choice", "constant", "How the border is filled", choices=PAD_MODES),
            ParamSpec("value", "float", 0.0, "Fill value for constant mode"),
        ),
        formula="y = F.pad(x, pad, mode, value)",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.pad.html",
        help="Pads the last dims (F.pad): constant, reflect, replicate or circular.",
        label=lambda p: f"{p['mode']} {p['pad']}",
    )
)

register(
    LayerSpec(
        "StochasticDepth",
        Category.REGULARIZATION,
        infer=lambda shapes, p: shapes[0],
        module=MODULES + "StochasticDepth",
        params=(
            ParamSpec("p", "float", 0.1, "Probability of dropping the branch", min=0, max=1),
            ParamSpec(
                "mode",
                "choice",
                "row",
                "row: per sample; batch: the whole batch at once",
                choices=("row", "batch"),
            ),
        ),
        formula="y = m · x / (1 − p), "
        " m ~ Bernoulli(1 − p) per sample (row) or per batch while training;  y = x in eval",
        docs="https://docs.pytorch.org/vision/stable/generated/torchvision.ops.stochastic_depth.html",
        help="Drops a residual branch at random while training (identity in eval).",
        dropout=True,
        label=lambda p: f"p={p['p']:g}",
    )
)

INITS = ("zeros", "ones", "normal")


def _check_parameter(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    if math.prod(p["shape"]) > 2**31:
        raise ShapeError(f"shape {p['shape']} is too large")
    return tuple(p["shape"])


register(
    LayerSpec(
        "Parameter",
        Category.UTILITY,
        infer=_check_parameter,
        module=MODULES + "Parameter",
        params=(
            ParamSpec("shape", "shape", help="Shape of the learned tensor", min=1, initial=[8]),
            ParamSpec(
                "init", "choice", "zeros", "Starting values (normal: std 0.02)", choices=INITS
            ),
        ),
        formula="y = P repeated for each sample,  P: a learned tensor of the given shape",
        count_formula="{shape}",
        docs="https://docs.pytorch.org/docs/stable/generated/torch.nn.parameter.Parameter.html",
        help="A learned tensor (class token, positional embedding, layer scale), repeated "
        "for each sample of the batch its input carries.",
        accepts=ANY_DTYPE,  # the input only gives the batch size: token ids are fine
        batch_only=True,
        count=lambda s, p: numel(tuple(p["shape"])),
        label=lambda p: fmt_shape(tuple(p["shape"])),
    )
)
