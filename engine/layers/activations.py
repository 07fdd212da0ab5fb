"""Element-wise activations and the (soft)max family: shape in = shape out."""

from __future__ import annotations

from typing import Any

from engine.errors import ShapeError
from engine.layers.spec import LayerSpec, ParamSpec, Shape, register


def _same(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    return shapes[0]


def _along_dim(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    rank = len(shapes[0]) + 1
    dim = p.get("dim")
    if dim is not None and not -rank <= dim < rank:
        raise ShapeError(f"dim {dim} is out of range for input with batch rank {rank}")
    if dim is not None and dim % rank == 0:
        raise ShapeError("dim 0 is the batch dimension; use 1 or -1")
    return shapes[0]


def _prelu(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    slopes = p["num_parameters"]
    if slopes != 1 and shapes[0][0] != slopes:
        raise ShapeError(f"num_parameters {slopes} must be 1 or the channel count {shapes[0][0]}")
    return shapes[0]


INPLACE = ParamSpec("inplace", "bool", False, "Overwrite the input (saves memory)")
DIM = ParamSpec("dim", "int", -1, "Dimension to normalise over (batch is dim 0)")


def _activation(
    name: str, help: str, *params: ParamSpec, infer=_same, count=None, dead_units=False
) -> None:
    extra = {"count": count} if count else {}
    register(
        LayerSpec(
            name,
            "Activation",
            infer=infer,
            params=params,
            help=help,
            dead_units=dead_units,
            **extra,
        )
    )


_activation("ReLU", "max(0, x).", INPLACE, dead_units=True)
_activation(
    "LeakyReLU",
    "x if x > 0 else slope * x.",
    ParamSpec("negative_slope", "float", 0.01, "Slope for x < 0"),
    INPLACE,
)
_activation(
    "PReLU",
    "LeakyReLU with a learned slope.",
    ParamSpec("num_parameters", "int", 1, "1, or one slope per channel", min=1),
    ParamSpec("init", "float", 0.25, "Initial slope"),
    infer=_prelu,
    count=lambda s, p: p["num_parameters"],
)
_activation(
    "ELU",
    "Exponential linear unit.",
    ParamSpec("alpha", "float", 1.0, "Saturation for x < 0", min=0),
    INPLACE,
)
_activation("SELU", "Self-normalising ELU.", INPLACE)
_activation(
    "GELU",
    "Gaussian error linear unit (transformers).",
    ParamSpec("approximate", "choice", "none", "tanh approximation", choices=("none", "tanh")),
)
_activation("SiLU", "x * sigmoid(x), a.k.a. swish.", INPLACE)
_activation("Mish", "x * tanh(softplus(x)).", INPLACE)
_activation("Sigmoid", "Squashes to (0, 1).")
_activation("Tanh", "Squashes to (-1, 1).")
_activation(
    "Softplus",
    "Smooth ReLU: log(1 + exp(beta x)) / beta.",
    ParamSpec("beta", "float", 1.0, "Sharpness", min=1e-6),
    ParamSpec("threshold", "float", 20.0, "Linear above this"),
)
_activation("Hardswish", "Cheap swish for mobile nets.", INPLACE)
_activation("Softmax", "Turns scores into probabilities along dim.", DIM, infer=_along_dim)
_activation("LogSoftmax", "log(Softmax); pair with NLLLoss.", DIM, infer=_along_dim)
