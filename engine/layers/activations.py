"""Element-wise activations and the (soft)max family: shape in = shape out."""

from __future__ import annotations

from typing import Any

from engine.errors import ShapeError
from engine.layers.spec import Category, InferFn, LayerSpec, ParamSpec, Shape, expect_rank, register


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


def _ordered(low: str, high: str, strict: bool = True) -> InferFn:
    """Inference that refuses bounds out of order, as torch's constructor does."""

    def infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
        if p[high] < p[low] or (strict and p[high] == p[low]):
            raise ShapeError(f"{high} {p[high]:g} must be above {low} {p[low]:g}")
        return shapes[0]

    return infer


def _image(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    expect_rank(shapes[0], [3], "(C, H, W)")
    return shapes[0]


def _glu(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    _along_dim(shapes, p)
    axis = p["dim"] % (len(shapes[0]) + 1) - 1
    if shapes[0][axis] % 2:
        raise ShapeError(f"dim {p['dim']} has odd size {shapes[0][axis]}; GLU halves it", 0)
    out = list(shapes[0])
    out[axis] //= 2
    return tuple(out)


INPLACE = ParamSpec("inplace", "bool", False, "Overwrite the input (saves memory)")
DIM = ParamSpec("dim", "int", -1, "Dimension to normalise over (batch is dim 0)")


def _activation(
    name: str, help: str, *params: ParamSpec, infer=_same, count=None, **facts: Any
) -> None:
    extra = {"count": count} if count else {}
    register(
        LayerSpec(
            name,
            Category.ACTIVATION,
            infer=infer,
            params=params,
            help=help,
            **{"elementwise": True, **facts},  # most are plotted; softmaxes say False
            **extra,
        )
    )


_activation(
    "ReLU",
    "max(0, x).",
    INPLACE,
    dead_units=True,
    squashes="non-negative",
    formula="ReLU(x) = max(0, x)",
)
_activation(
    "LeakyReLU",
    "x if x > 0 else slope * x.",
    ParamSpec("negative_slope", "float", 0.01, "Slope for x < 0"),
    INPLACE,
    formula="f(x) = x if x ≥ 0, else negative_slope · x",
)
_activation(
    "PReLU",
    "LeakyReLU with a learned slope.",
    ParamSpec("num_parameters", "int", 1, "1, or one slope per channel", min=1),
    ParamSpec("init", "float", 0.25, "Initial slope"),
    infer=_prelu,
    count=lambda s, p: p["num_parameters"],
    formula="f(x) = x if x ≥ 0, else a · x  (a is learned, starting at init)",
    count_formula="{num_parameters}",
)
_activation(
    "ELU",
    "Exponential linear unit.",
    ParamSpec("alpha", "float", 1.0, "Saturation for x < 0", min=0),
    INPLACE,
    formula="f(x) = x if x > 0, else alpha · (eˣ − 1)",
)
_activation(
    "SELU",
    "Self-normalising ELU.",
    INPLACE,
    formula="f(x) = λ · (x if x > 0, else α · (eˣ − 1)),  λ ≈ 1.0507, α ≈ 1.6733",
)
_activation(
    "GELU",
    "Gaussian error linear unit (transformers).",
    ParamSpec("approximate", "choice", "none", "tanh approximation", choices=("none", "tanh")),
    formula="f(x) = x · Φ(x),  Φ: the standard normal CDF",
)
_activation(
    "SiLU", "x * sigmoid(x), a.k.a. swish.", INPLACE, formula="f(x) = x · σ(x) = x / (1 + e⁻ˣ)"
)
_activation("Mish", "x * tanh(softplus(x)).", INPLACE, formula="f(x) = x · tanh(ln(1 + eˣ))")
_activation(
    "Sigmoid", "Squashes to (0, 1).", squashes="probabilities", formula="σ(x) = 1 / (1 + e⁻ˣ)"
)
_activation("Tanh", "Squashes to (-1, 1).", formula="tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)")
_activation(
    "Softplus",
    "Smooth ReLU: log(1 + exp(beta x)) / beta.",
    ParamSpec("beta", "float", 1.0, "Sharpness", min=1e-6),
    ParamSpec("threshold", "float", 20.0, "Linear above this"),
    formula="f(x) = ln(1 + e^(beta · x)) / beta,  x where beta · x > threshold",
)
_activation(
    "Hardswish",
    "Cheap swish for mobile nets: x * ReLU6(x + 3) / 6.",
    INPLACE,
    formula="f(x) = x · min(max(0, x + 3), 6) / 6",
)
_activation(
    "ReLU6",
    "min(max(0, x), 6): ReLU capped at 6 (mobile nets).",
    INPLACE,
    formula="f(x) = min(max(0, x), 6)",
)
_activation(
    "Hardtanh",
    "x clipped to [min_val, max_val].",
    ParamSpec("min_val", "float", -1.0, "Lower bound"),
    ParamSpec("max_val", "float", 1.0, "Upper bound (above min_val)"),
    INPLACE,
    infer=_ordered("min_val", "max_val"),
    formula="f(x) = min(max(min_val, x), max_val)",
)
_activation(
    "Hardsigmoid",
    "Cheap sigmoid: ReLU6(x + 3) / 6.",
    INPLACE,
    formula="f(x) = min(max(0, x + 3), 6) / 6",
)
_activation(
    "CELU",
    "Continuously differentiable ELU.",
    ParamSpec("alpha", "float", 1.0, "Saturation for x < 0", min=1e-6),
    INPLACE,
    formula="f(x) = max(0, x) + min(0, alpha · (e^(x / alpha) − 1))",
)
_activation(
    "RReLU",
    "LeakyReLU with a random slope in [lower, upper] while training, their mean in eval.",
    ParamSpec("lower", "float", 1 / 8, "Smallest slope", min=0),
    ParamSpec("upper", "float", 1 / 3, "Largest slope", min=0),
    INPLACE,
    infer=_ordered("lower", "upper", strict=False),
    formula="f(x) = x if x ≥ 0, else a · x, "
    " a ~ U(lower, upper) while training, (lower + upper) / 2 in eval",
    exports_onnx=False,  # torch's ONNX exporter has no rrelu
)
_activation(
    "Threshold",
    "x if x > threshold else value.",
    ParamSpec("threshold", "float", help="Values at or below this are replaced", initial=0.0),
    ParamSpec("value", "float", help="What replaces them", initial=0.0),
    INPLACE,
    formula="f(x) = x if x > threshold, else value",
)
_activation(
    "Hardshrink",
    "x where |x| > lambd, else 0.",
    ParamSpec("lambd", "float", 0.5, "Half-width of the zero band", min=0),
    formula="f(x) = x if |x| > lambd, else 0",
)
_activation(
    "Softshrink",
    "Shrinks x towards 0 by lambd (0 inside the band).",
    ParamSpec("lambd", "float", 0.5, "Half-width of the zero band", min=0),
    formula="f(x) = x − lambd if x > lambd, x + lambd if x < −lambd, else 0",
)
_activation("Tanhshrink", "x - tanh(x).", formula="f(x) = x − tanh(x)")
_activation("Softsign", "x / (1 + |x|).", formula="f(x) = x / (1 + |x|)")
_activation(
    "LogSigmoid", "log(sigmoid(x)), computed stably.", formula="f(x) = ln σ(x) = −ln(1 + e⁻ˣ)"
)
_activation(
    "Softmin",
    "Softmax of -x along dim.",
    DIM,
    infer=_along_dim,
    formula="yᵢ = e^(−xᵢ) / Σⱼ e^(−xⱼ), along dim",
    elementwise=False,
)
_activation(
    "Softmax2d",
    "Softmax over the channels of (C, H, W) input.",
    infer=_image,
    formula="y_c = e^(x_c) / Σ_k e^(x_k), over the channels at each pixel",
    elementwise=False,
)
_activation(
    "GLU",
    "Gated linear unit: splits dim in halves a, b and returns a * sigmoid(b).",
    ParamSpec("dim", "int", -1, "Dimension to split in halves (batch is dim 0)"),
    infer=_glu,
    formula="GLU(x) = a ⊙ σ(b),  where a, b are the two halves of x along dim",
    elementwise=False,
)
_activation(
    "Softmax",
    "Turns scores into probabilities along dim.",
    DIM,
    infer=_along_dim,
    formula="yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ), along dim",
    elementwise=False,
    squashes="probabilities",
)
_activation(
    "LogSoftmax",
    "log(Softmax); pair with NLLLoss.",
    DIM,
    infer=_along_dim,
    formula="yᵢ = xᵢ − ln Σⱼ e^(xⱼ), along dim",
    elementwise=False,
    squashes="log-probabilities",
)
