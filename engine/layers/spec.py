"""LayerSpec and ParamSpec: the one declaration per layer type that drives everything.

The palette, the property editor, shape inference, model building, parameter counting and
code export all read these; a new layer is one `register(LayerSpec(...))` call.
"""

from __future__ import annotations

import difflib
import math
import reprlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from engine.errors import LayerLabError, ParamError, ShapeError

if TYPE_CHECKING:
    from torch import nn

    from engine.graph import Graph, Node

Shape = tuple[int, ...]
DType = Literal["float32", "int64"]  # element types that flow along edges
Role = Literal["input", "output", "layer"]
Squash = Literal["probabilities", "log-probabilities", "non-negative"]
FLOAT: tuple[DType, ...] = ("float32",)
ANY_DTYPE: tuple[DType, ...] = ("float32", "int64")
ParamKind = Literal["int", "float", "bool", "choice", "str", "strs", "ints", "shape", "floats"]
MODULES = "engine.layers.modules."  # prefix of LayerLab's own module classes
REQUIRED = object()  # marks a param torch requires (no default); `initial` seeds new nodes
INT_LIMIT = 2**31 - 1  # no size, index or count torch builds from a param needs more
FLOAT_LIMIT = 1e30  # no rate, factor or epsilon needs more; float32 tops out at 3.4e38
_SHORT = reprlib.Repr()  # keyword arguments need Python 3.12
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxdict = 2, 8, 8, 4
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = 40


@dataclass(frozen=True)
class ParamSpec:
    """One constructor argument: its kind, default, bounds or choices, and a line of help.

    Kinds: int, float, bool, choice (one of `choices`), str, ints (an int or a tuple of
    `length` ints, like kernel_size; or one of `choices`, like padding "same"), floats (a
    float or a tuple), shape (a list of ints), strs (a list of strings). `initial` seeds
    new nodes (a required param's starting value, or a friendlier start than torch's
    default, e.g. scale 2).
    """

    name: str
    kind: ParamKind
    default: Any = REQUIRED
    help: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] = ()
    length: int | None = None
    nullable: bool = False
    initial: Any = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def initial_value(self) -> Any:
        """The value a freshly dropped node starts with."""
        return self.initial if self.required or self.initial is not None else self.default

    def validate(self, value: Any) -> Any:
        """Return the value in canonical JSON form, or raise ParamError with a reason."""
        if value is None:
            if self.nullable:
                return None
            raise ParamError("must not be null", param=self.name)
        check = getattr(self, f"_check_{self.kind}")
        return check(value)

    def _bounded(self, value: float) -> None:
        if self.min is not None and value < self.min:
            raise ParamError(f"must be >= {_fmt(self.min)}; got {_fmt(value)}", param=self.name)
        if self.max is not None and value > self.max:
            raise ParamError(f"must be <= {_fmt(self.max)}; got {_fmt(value)}", param=self.name)

    def _check_int(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParamError(f"must be an integer; got {_show(value)}", param=self.name)
        self._bounded(value)
        if abs(value) > INT_LIMIT:
            raise ParamError(f"must be within +-{INT_LIMIT}; got {_show(value)}", param=self.name)
        return value

    def _check_float(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(f"must be a number; got {_show(value)}", param=self.name)
        if not math.isfinite(value):
            raise ParamError(f"must be finite; got {_show(value)}", param=self.name)
        self._bounded(value)
        if abs(value) > FLOAT_LIMIT:
            raise ParamError(
                f"must be within +-{FLOAT_LIMIT:g}; got {_show(value)}", param=self.name
            )
        return float(value)

    def _check_bool(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ParamError(f"must be true or false; got {_show(value)}", param=self.name)
        return value

    def _check_choice(self, value: Any) -> Any:
        # type-exact: 1 is not True, and 1.0 is not the choice 1
        if not any(value == c and type(value) is type(c) for c in self.choices):
            options = ", ".join(_choice_text(c) for c in self.choices)
            raise ParamError(f"must be one of {options}; got {_show(value)}", param=self.name)
        return value

    def _check_str(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ParamError(f"must be a string; got {_show(value)}", param=self.name)
        return value

    def _check_strs(self, value: Any) -> list[str]:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ParamError(f"must be a list of strings; got {_show(value)}", param=self.name)
        return list(value)

    def _check_ints(self, value: Any) -> int | list[int] | str:
        if isinstance(value, str) and self.choices:
            return self._check_choice(value)
        if isinstance(value, (list, tuple)):
            if self.length is not None and len(value) != self.length:
                raise ParamError(
                    f"must be an integer or {self.length} integers; got {_show(list(value))}",
                    param=self.name,
                )
            return [self._check_int(v) for v in value]
        return self._check_int(value)

    def _check_floats(self, value: Any) -> float | list[float]:
        if isinstance(value, (list, tuple)):
            if self.length is not None and len(value) != self.length:
                raise ParamError(
                    f"must be a number or {self.length} numbers; got {_show(list(value))}",
                    param=self.name,
                )
            return [self._check_float(v) for v in value]
        return self._check_float(value)

    def _check_shape(self, value: Any) -> list[int]:
        if not isinstance(value, (list, tuple)) or not value:
            raise ParamError(
                f"must be a non-empty list of integers; got {_show(value)}", param=self.name
            )
        return [self._check_int(v) for v in value]


def _choice_text(choice: Any) -> str:
    """A choice as the file spells it: true/false for booleans, repr otherwise."""
    return ("true" if choice else "false") if isinstance(choice, bool) else repr(choice)


def _show(value: Any) -> str:
    """A short repr for messages: a hostile file's 10-million-item list stays one line."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    return _SHORT.repr(value)


def _fmt(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else _show(value)


class Category(str, Enum):
    """The palette's groups: a closed set, each owning the accent colour its nodes wear
    (a spec with a category outside it cannot be declared)."""

    colour: str

    def __str__(self) -> str:  # as enum.StrEnum (3.11+) shows it: its name
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    def __new__(cls, name: str, colour: str) -> Category:
        member = str.__new__(cls, name)
        member._value_ = name
        member.colour = colour
        return member

    INPUT_OUTPUT = "Input/Output", "#3f9d5a"
    LINEAR = "Linear", "#2f7ae5"
    CONVOLUTION = "Convolution", "#7b5cd6"
    POOLING = "Pooling", "#a066c9"
    NORMALIZATION = "Normalization", "#d08a1c"
    ACTIVATION = "Activation", "#e0663a"
    REGULARIZATION = "Regularization", "#8a8f98"
    RECURRENT = "Recurrent", "#1d9aa8"
    ATTENTION = "Attention", "#c2407a"
    EMBEDDING = "Embedding", "#4f9a2f"
    RESHAPE = "Reshape", "#6b7c93"
    RESIZE = "Resize", "#aa324e"
    MERGE = "Merge", "#b8860b"
    MATH = "Math", "#aa5432"
    UTILITY = "Utility", "#7a8594"


_CATEGORY_NAMES: dict[str, Category] = {c.value: c for c in Category}
InferFn = Callable[[list[Shape], dict[str, Any]], Shape]
BuildFn = Callable[[list[Shape], dict[str, Any]], "nn.Module"]
InferredFn = Callable[[list[Shape]], Any]
CountFn = Callable[[list[Shape], dict[str, Any]], int]
LabelFn = Callable[[dict[str, Any]], str]
DTypeFn = Callable[[list[DType], dict[str, Any]], DType]
InlineFn = Callable[[list[str], dict[str, Any]], str]


def same_dtype(dtypes: list[DType], p: dict[str, Any]) -> DType:
    """Output dtype of a layer that passes values through: int64 only if every input is."""
    return "int64" if dtypes and all(d == "int64" for d in dtypes) else "float32"


# Layers that pass integer ids through unchanged (merges of ids stay ids).
PASSES_IDS: dict[str, Any] = {"accepts": ANY_DTYPE, "dtype": same_dtype}
# Layers that only rearrange their input's values: a view, no new tensor, ids pass.
VIEW: dict[str, Any] = {**PASSES_IDS, "view": True}
ReadFn = Callable[["nn.Module"], dict[str, Any]]
TORCH_DOCS = "https://docs.pytorch.org/docs/stable/generated/{}.html"


def _no_count(shapes: list[Shape], p: dict[str, Any]) -> int:
    return 0


_NO_COUNT: CountFn = _no_count


@dataclass(frozen=True)
class LayerSpec:
    """Everything LayerLab knows about one layer type.

    `infer` maps input shapes (no batch dim) and resolved params to the output shape or
    raises ShapeError. The module is `module` (a dotted class path, default torch.nn.<type>)
    called with the params plus the `inferred` input-size kwargs (e.g. in_features) and
    the `fixed` ones LayerLab does not expose (batch_first=True); `build` overrides that
    for the odd layer. `count` gives the trainable parameter count
    in pure Python; `label` the key params shown on a canvas node. `inputs` is (min, max)
    input count, max None = any number. `role` says what the node is to the graph (an
    Input, an Output, or a layer in between). `accepts` lists the element types its inputs
    may have and `dtype` gives its output's (float32 unless said otherwise), so check
    refuses float features into an Embedding or token ids into an LSTM before torch does.

    For import from PyTorch: `imports` names other torch classes (dotted paths) whose
    instances become this layer with the same weights, and `read` turns such a module into
    params when its attributes are not simply the params; it raises ValueError naming a
    constructor option LayerLab has no setting for. `dead_units` marks
    ReLU-like layers, whose units can die (output 0 on every sample, so no gradient flows
    back): the live health probes report their dead fraction.

    Reference facts (the Help pages read them; a test requires them of every spec):
    `formula` says what the layer computes in screen math (Unicode), `count_formula`
    its learned parameter count as a template whose {names} are params or inferred sizes
    (booleans count 1 or 0, kernel sizes multiply out), for every layer that learns
    weights; `docs` is its documentation URL where the module is not a torch.nn class.
    `elementwise` marks a function of each value alone, which the reference plots.

    Facts the rules, the summary and the exporters read: `view` (the output is the input's
    values rearranged, no new tensor: lint looks through it, memory counts nothing),
    `dropout` (zeroes values at random while training, the identity in eval),
    `channel_bias` (its `bias` param adds one value per output channel, which a
    following batch norm cancels), `normalizes_batch` (normalises each channel over the
    batch), `inline` (the expression the Python export writes instead of a module call,
    given the argument names and params), `exports_onnx` (False, or a test of the
    resolved params, where torch's ONNX exporter has no operator for the layer: the
    export is then a clear error),
    `squashes` (the range its outputs are squashed into, for the loss checks: a
    Sigmoid's probabilities clash with a loss that applies its own sigmoid), `merges`
    (the arithmetic op, as Arithmetic names it, a merge computes between its inputs:
    `a + b` in a module imports as the merge whose op is "add"), `batch_only` (its input
    gives only the batch size, as a learned tensor's does: the canvas draws that edge
    faint and unlabelled).
    """

    type: str
    category: Category
    infer: InferFn
    params: tuple[ParamSpec, ...] = ()
    module: str = ""
    inferred: dict[str, InferredFn] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)
    build: BuildFn | None = None
    help: str = ""
    inputs: tuple[int, int | None] = (1, 1)
    count: CountFn = field(default=_NO_COUNT)
    label: LabelFn = field(default=lambda p: "")
    role: Role = "layer"
    accepts: tuple[DType, ...] = FLOAT
    dtype: DTypeFn = field(default=lambda dtypes, p: "float32")
    imports: tuple[str, ...] = ()
    read: ReadFn | None = None
    dead_units: bool = False
    formula: str = ""
    count_formula: str = ""
    docs: str = ""
    elementwise: bool = False

    @property
    def docs_url(self) -> str:
        """The documentation of what this layer builds: `docs`, else torch's page of the
        torch.nn class it builds or imports from."""
        if self.docs:
            return self.docs
        torch_classes = [self.module_path, *self.imports]
        name = next((c for c in torch_classes if c.startswith("torch.nn.")), "")
        return TORCH_DOCS.format(name) if name else ""

    def onnx_exportable(self, params: dict[str, Any]) -> bool:
        """Whether torch's ONNX exporter has an operator for this layer with `params`."""
        facts = self.exports_onnx
        return facts(self.resolve(params)) if callable(facts) else facts

    @property
    def learns(self) -> bool:
        """Whether the layer has learned parameters (its count is not the default 0)."""
        return self.count is not _NO_COUNT

    view: bool = False
    dropout: bool = False
    channel_bias: bool = False
    normalizes_batch: bool = False
    inline: InlineFn | None = None
    exports_onnx: bool | Callable[[dict[str, Any]], bool] = True
    squashes: Squash | None = None
    merges: str | None = None
    batch_only: bool = False

    def __post_init__(self) -> None:
        # a category spelled as its name is the same category; any other is refused here
        category = _CATEGORY_NAMES.get(self.category)
        if category is None:
            names = ", ".join(_CATEGORY_NAMES)
            raise ValueError(f"{self.type}: category {self.category!r} is not one of {names}")
        object.__setattr__(self, "category", category)

    @property
    def module_path(self) -> str:
        return self.module or f"torch.nn.{self.type}"

    def constructor_kwargs(self, shapes: list[Shape], params: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments `module` is called with: inferred sizes, fixed, params.

        JSON lists become tuples, the form torch constructors take for sizes.
        """
        given = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
        return {**{k: f(shapes) for k, f in self.inferred.items()}, **self.fixed, **given}

    def build_module(self, shapes: list[Shape], params: dict[str, Any]) -> nn.Module:
        """A fresh torch module for resolved params and known input shapes."""
        if self.build is not None:
            return self.build(shapes, params)
        import importlib

        path, name = self.module_path.rsplit(".", 1)
        cls = getattr(importlib.import_module(path), name)
        return cls(**self.constructor_kwargs(shapes, params))

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def initial_params(self) -> dict[str, Any]:
        """Params a new node gets: the required ones and those with an `initial` value."""
        return {p.name: p.initial_value for p in self.params if p.required or p.initial is not None}

    def resolve(self, params: dict[str, Any], node_id: str | None = None) -> dict[str, Any]:
        """Validate a node's params and fill in defaults; errors name the node and param."""
        if not isinstance(params, dict):
            raise ParamError(f"params must be an object; got {params!r}", node_id)
        names = [p.name for p in self.params]
        for key in params:
            if key not in names:
                takes = ", ".join(names) if names else "no params"
                hint = difflib.get_close_matches(key, names, n=1)
                did_you = f" (did you mean '{hint[0]}'?)" if hint else ""
                raise ParamError(
                    f"{self.type} has no param '{key}'{did_you}; it takes: {takes}", node_id, key
                )
        resolved: dict[str, Any] = {}
        for spec in self.params:
            if spec.name in params:
                try:
                    resolved[spec.name] = spec.validate(params[spec.name])
                except ParamError as err:
                    raise ParamError(err.detail, node_id, spec.name) from None
            elif spec.required:
                raise ParamError(f"{self.type} needs this param", node_id, spec.name)
            else:
                resolved[spec.name] = spec.default
        return resolved

    @property
    def is_merge(self) -> bool:
        return self.inputs[1] is None


_REGISTRY: dict[str, LayerSpec] = {}


def register(spec: LayerSpec) -> LayerSpec:
    if spec.type in _REGISTRY:
        raise ValueError(f"layer type {spec.type} registered twice")
    _REGISTRY[spec.type] = spec
    return spec


def get_spec(type_name: str) -> LayerSpec:
    """The spec of a layer type; an unknown type is an error with a close-match hint."""
    try:
        return _REGISTRY[type_name]
    except KeyError:
        hint = difflib.get_close_matches(str(type_name), _REGISTRY, n=1)
        did_you = f"; did you mean '{hint[0]}'?" if hint else ""
        raise LayerLabError(f"unknown layer type '{type_name}'{did_you}") from None


def find_spec(type_name: str) -> LayerSpec | None:
    """The spec of a layer type, or None for a type nothing registered."""
    return _REGISTRY.get(type_name)


def all_specs() -> list[LayerSpec]:
    return list(_REGISTRY.values())


def arity_table() -> dict[str, tuple[int, int | None]]:
    return {name: spec.inputs for name, spec in _REGISTRY.items()}


def role_table() -> dict[str, Role]:
    return {name: spec.role for name, spec in _REGISTRY.items()}


def role_of(type_name: str) -> Role:
    """What a node of this type is to the graph; an unknown type is a plain layer (its
    own error is reported elsewhere)."""
    spec = _REGISTRY.get(type_name)
    return spec.role if spec is not None else "layer"


def input_nodes(graph: Graph) -> list[Node]:
    """The nodes where data enters, in graph order (a built model's input order)."""
    return [node for node in graph if role_of(node.type) == "input"]


def output_nodes(graph: Graph) -> list[Node]:
    """The model's outputs, in graph order (a built model's output order)."""
    return [node for node in graph if role_of(node.type) == "output"]


# -- small helpers the declarations share -----------------------------------------------
def expect_rank(shape: Shape, ranks: Sequence[int], layout: str, port: int = 0) -> None:
    """Raise the standard 'X expects (C, H, W) input; got (32,)' style error."""
    if len(shape) not in ranks:
        raise ShapeError(f"expects {layout} input; got {fmt_shape(shape)}", port)


def fmt_shape(shape: Shape | None) -> str:
    if shape is None:
        return "?"
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def as_tuple(value: Any, n: int) -> tuple[Any, ...]:
    """A per-dimension param (a size, or Upsample's float scale), given once or per dimension."""
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * n


def numel(shape: Shape) -> int:
    return math.prod(shape)
