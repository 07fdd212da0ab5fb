"""The reference pages of layers, losses and optimizers, as plain data (no Qt).

A layer's page is generated from its LayerSpec (the registry is the one place its facts
live); for a node, it also works out the shapes and the parameter count from the node's
real input (engine shape inference). Loss and optimizer facts live in LOSSES and
OPTIMIZERS below, keyed by the names engine.choices offers. Every text on a page passes
through engine.i18n under the context "reference"; templates are translated first and
filled in after, so a catalog holds each sentence once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from engine import choices
from engine.errors import LayerLabError
from engine.graph import Graph
from engine.i18n import translate
from engine.layers import REQUIRED, LayerSpec, ParamSpec, Shape, all_specs, fmt_shape, get_spec
from engine.layers.spec import TORCH_DOCS, as_tuple
from engine.shapes import NodeShapes, infer_shapes

CONTEXT = "reference"
PageKind = Literal["layer", "loss", "optimizer"]


def tr(text: str) -> str:
    """`text` in the language the reference is shown in."""
    return translate(CONTEXT, text)


# Headings and fixed phrases of every page (the GUI shows them; translated like the rest).
HEADINGS = {
    "formula": "What it computes",
    "params": "Parameters",
    "shapes": "Shape",
    "count": "Learned parameters",
    "docs": "Documentation",
    "plot": "Function and derivative",
    "expects": "What it expects",
    "notes": "Good to know",
}
COLUMNS = ("Parameter", "Default", "This node", "Meaning")


@dataclass(frozen=True)
class ParamRow:
    name: str
    kind: str
    default: str
    value: str | None  # the node's own value, when the page is for a node
    meaning: str
    limits: str


@dataclass(frozen=True)
class ShapeChange:
    """The node's real shapes: input(s) -> output, or why there is no output."""

    inputs: tuple[str, ...]
    output: str | None
    problem: str | None
    text: str  # the sentence the page shows


@dataclass(frozen=True)
class ParamCount:
    formula: str  # in names: "in_features × out_features + out_features × bias"
    worked: str | None  # the node's numbers: "10 × 128 + 128 × 1"
    total: int | None
    text: str  # the sentence the page shows


@dataclass(frozen=True)
class Page:
    kind: PageKind
    name: str
    category: str
    summary: str
    formula: str
    params: tuple[ParamRow, ...]
    inputs: str  # how many inputs a layer takes; "" for losses and optimizers
    inferred: str  # the sizes worked out from the input, or ""
    shapes: ShapeChange | None
    count: ParamCount | None
    expects: tuple[str, ...]
    notes: tuple[str, ...]
    docs_url: str
    plot: bool  # an element-wise function: show `curve`
    headings: dict[str, str]
    columns: tuple[str, ...]


# -- layers ------------------------------------------------------------------------------
def layer_page(type_name: str, node: NodeShapes | None = None, params: dict | None = None) -> Page:
    """The page of a layer type; with a node's NodeShapes (and raw params), worked out for
    that node's real input shapes and settings."""
    spec = get_spec(type_name)
    values = dict(node.params) if node is not None and node.params is not None else None
    known = [s for s in node.inputs if s is not None] if node is not None else []
    complete = node is not None and node.output is not None and len(known) == len(node.inputs)
    shapes: list[Shape] | None = known if complete else None
    if values is None and params is not None:
        values = {**{p.name: p.default for p in spec.params if not p.required}, **params}
    return Page(
        kind="layer",
        name=spec.type,
        category=tr(spec.category),
        summary=tr(spec.help),
        formula=tr(spec.formula),
        params=tuple(_param_row(p, values) for p in spec.params),
        inputs=_inputs_text(spec),
        inferred=_inferred_text(spec, shapes),
        shapes=_shape_change(node) if node is not None else None,
        count=_count(spec, shapes, values),
        expects=(),
        notes=(tr("Shapes leave out the batch dimension."),),
        docs_url=spec.docs_url,
        plot=spec.elementwise,
        headings=_headings(),
        columns=tuple(tr(c) for c in COLUMNS),
    )


def node_page(graph: Graph, node_id: str, report: dict[str, NodeShapes] | None = None) -> Page:
    """The page of one node of `graph`, from shape inference (`report` if the caller has
    one already)."""
    node = graph.node(node_id)
    info = (report if report is not None else infer_shapes(graph)).get(node_id, NodeShapes())
    return layer_page(node.type, info, node.params)


def _headings() -> dict[str, str]:
    return {key: tr(text) for key, text in HEADINGS.items()}


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)


def _param_row(param: ParamSpec, values: dict | None) -> ParamRow:
    limits = []
    if param.choices:
        options = ", ".join(_show(c) for c in param.choices)
        limits.append(tr("one of {choices}").format(choices=options))
    if param.min is not None:
        limits.append(f"≥ {param.min:g}")
    if param.max is not None:
        limits.append(f"≤ {param.max:g}")
    if param.nullable:
        limits.append(tr("may be empty"))
    return ParamRow(
        name=param.name,
        kind=param.kind,
        default=tr("required") if param.default is REQUIRED else _show(param.default),
        value=_show(values.get(param.name)) if values is not None else None,
        meaning=tr(param.help),
        limits="; ".join(limits),
    )


def _inputs_text(spec: LayerSpec) -> str:
    low, high = spec.inputs
    if high == 0:
        return tr("No inputs: the graph starts here.")
    if high is None:
        return tr("{count} or more inputs, on ports 0, 1, …").format(count=low)
    if low == high == 1:
        return tr("One input.")
    if low == high:
        return tr("{count} inputs, on ports 0 to {last}.").format(count=low, last=low - 1)
    return tr("{low} to {high} inputs, on ports 0 to {last}.").format(
        low=low, high=high, last=high - 1
    )


def _inferred_values(spec: LayerSpec, shapes: list[Shape] | None) -> dict[str, Any]:
    if shapes is None:
        return {}
    try:
        return {name: f(shapes) for name, f in spec.inferred.items()}
    except (IndexError, TypeError):
        return {}


def _inferred_text(spec: LayerSpec, shapes: list[Shape] | None) -> str:
    if not spec.inferred:
        return ""
    names = ", ".join(spec.inferred)
    found = _inferred_values(spec, shapes)
    if found:
        names = ", ".join(f"{k} = {_show(v)}" for k, v in found.items())
    return tr("Worked out from the incoming shape: {names}").format(names=names)


def _shape_change(node: NodeShapes) -> ShapeChange:
    inputs = tuple(fmt_shape(s) for s in node.inputs)
    output = fmt_shape(node.output) if node.output is not None else None
    shown = ", ".join(inputs) or "—"
    if output is not None and inputs:
        text = tr("This node: {inputs} → {output}").format(inputs=shown, output=output)
    elif output is not None:
        text = tr("This node makes samples of shape {output}").format(output=output)
    elif node.problem:
        text = tr("This node has no output shape: {problem}").format(problem=node.problem)
    else:
        text = tr("Connect this node's inputs to see its shapes.")
    return ShapeChange(inputs, output, node.problem, text)


def _number(spec: LayerSpec, name: str, value: Any) -> str:
    """A value as the count formula multiplies it: booleans 1/0, sizes multiplied out."""
    if isinstance(value, bool):
        return str(int(value))
    param = next((p for p in spec.params if p.name == name), None)
    if param is not None and param.kind == "ints" and param.length:
        value = as_tuple(value, param.length)
    if isinstance(value, (list, tuple)):
        return str(value[0]) if len(value) == 1 else "(" + " × ".join(map(str, value)) + ")"
    return str(value)


def _count(spec: LayerSpec, shapes: list[Shape] | None, values: dict | None) -> ParamCount:
    if not spec.learns:
        return ParamCount("0", None, 0, tr("None: this layer learns no weights."))
    template = tr(spec.count_formula)
    names = {**{p.name: p.name for p in spec.params}, **{k: k for k in spec.inferred}}
    formula = template.format_map(names)
    if shapes is None or values is None:
        return ParamCount(formula, None, None, formula)
    numbers = {
        name: _number(spec, name, value)
        for name, value in {**values, **_inferred_values(spec, shapes)}.items()
    }
    worked = template.format_map(numbers)
    total = spec.count(shapes, values)
    text = tr("{formula} = {worked} = {total:,}").format(
        formula=formula, worked=worked, total=total
    )
    return ParamCount(formula, worked, total, text)


@dataclass(frozen=True)
class Curve:
    """An element-wise layer over x, and its derivative, both computed by torch."""

    x: list[float]
    y: list[float]
    dy: list[float]


def activation_curve(
    type_name: str, params: dict | None = None, low: float = -4.0, high: float = 4.0, n: int = 161
) -> Curve:
    """f(x) and f'(x) at `n` points of [low, high]: the layer's own torch module in eval
    mode, differentiated by autograd. A node's params are used where they build on one
    value per sample (PReLU's per-channel slopes do not; then torch's defaults are)."""
    import torch

    spec = get_spec(type_name)
    if not spec.elementwise:
        raise ValueError(f"{type_name} is not an element-wise function")
    start = spec.initial_params()
    x = torch.linspace(low, high, n, dtype=torch.float32).reshape(n, 1)
    x.requires_grad_(True)
    try:
        module = spec.build_module([(1,)], spec.resolve({**start, **(params or {})}))
        y = module.eval()(x)
    except (RuntimeError, ValueError, TypeError, LayerLabError):
        module = spec.build_module([(1,)], spec.resolve(start))
        y = module.eval()(x)
    (dy,) = torch.autograd.grad(y.sum(), x)
    return Curve(
        x.detach().flatten().tolist(), y.detach().flatten().tolist(), dy.flatten().tolist()
    )


# -- losses and optimizers -----------------------------------------------------------------
@dataclass(frozen=True)
class Doc:
    """The facts of a loss or optimizer page."""

    summary: str
    formula: str
    expects: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


LOSSES: dict[str, Doc] = {
    "CrossEntropyLoss": Doc(
        "Classification into one of several classes.",
        "loss = −ln( e^(z_y) / Σⱼ e^(zⱼ) ),  z: the raw scores (logits), y: the true class",
        (
            "One raw score (logit) per class for each sample: the last layer has as many "
            "outputs as classes and no activation.",
            "Targets are class numbers 0, 1, …, classes − 1.",
        ),
        (
            "It applies the softmax itself. A Softmax layer before it applies one twice: "
            "the scores are squeezed together, gradients shrink and training stalls.",
            "It is the same as LogSoftmax followed by NLLLoss, computed in one stable step.",
        ),
    ),
    "NLLLoss": Doc(
        "Negative log-likelihood: classification from log-probabilities.",
        "loss = −x_y,  x: the log-probabilities, y: the true class",
        (
            "Log-probabilities: end the model with LogSoftmax.",
            "Targets are class numbers 0, 1, …, classes − 1.",
        ),
        ("LogSoftmax + NLLLoss is the same as CrossEntropyLoss on raw scores.",),
    ),
    "BCEWithLogitsLoss": Doc(
        "Binary classification (yes or no), from raw scores.",
        "loss = −[ y · ln σ(z) + (1 − y) · ln(1 − σ(z)) ],  z: the raw score (logit), "
        "y: the target, 0 or 1",
        (
            "One raw score per sample: the last layer has 1 output and no activation.",
            "Targets are 0 or 1.",
        ),
        (
            "It applies the sigmoid itself, in a numerically stable form. A Sigmoid before "
            "it is a mistake: the sigmoid is applied twice, outputs are squeezed into "
            "(0.5, 0.73), the loss can never reach 0 and the gradients fade.",
            "For probabilities at prediction time, apply σ(z) to the output then.",
        ),
    ),
    "BCELoss": Doc(
        "Binary classification (yes or no), from probabilities.",
        "loss = −[ y · ln p + (1 − y) · ln(1 − p) ],  p: the predicted probability, "
        "y: the target, 0 or 1",
        (
            "Probabilities between 0 and 1: end the model with Sigmoid.",
            "Targets are 0 or 1.",
        ),
        (
            "Prefer BCEWithLogitsLoss without the Sigmoid: it is numerically stabler, since "
            "ln(0) cannot occur when the sigmoid saturates.",
        ),
    ),
    "MSELoss": Doc(
        "Mean squared error, for predicting numbers (regression).",
        "loss = mean( (ŷ − y)² ),  ŷ: the prediction, y: the target",
        ("Predictions and targets of the same shape, any real numbers.",),
        ("Errors are squared, so large errors and outliers dominate the loss.",),
    ),
    "L1Loss": Doc(
        "Mean absolute error, for predicting numbers (regression).",
        "loss = mean( |ŷ − y| ),  ŷ: the prediction, y: the target",
        ("Predictions and targets of the same shape, any real numbers.",),
        ("Robust to outliers: every error pulls with the same strength, however large.",),
    ),
    "HuberLoss": Doc(
        "Squared error for small errors, absolute error for large ones (regression).",
        "loss = mean of ½ (ŷ − y)² where |ŷ − y| ≤ δ, else δ · (|ŷ − y| − ½ δ),  δ = 1",
        ("Predictions and targets of the same shape, any real numbers.",),
        ("Smooth like MSELoss near the target, robust to outliers like L1Loss.",),
    ),
    "SmoothL1Loss": Doc(
        "Huber loss scaled by 1 / β, common in object detection (regression).",
        "loss = mean of ½ (ŷ − y)² / β where |ŷ − y| < β, else |ŷ − y| − ½ β,  β = 1",
        ("Predictions and targets of the same shape, any real numbers.",),
        ("With β = 1 it equals HuberLoss.",),
    ),
}

OPTIMIZERS: dict[str, Doc] = {
    "SGD": Doc(
        "Stochastic gradient descent: a step against the gradient of each batch.",
        "v ← momentum · v + g;  θ ← θ − lr · v,  g: the gradient (+ weight_decay · θ), "
        "θ: the weights",
        (),
        (
            "The simplest optimizer. Momentum averages the steps, so training rolls through "
            "small bumps and noise; nesterov takes the gradient one step ahead.",
            "Its learning rate usually needs tuning: try the LR finder.",
        ),
    ),
    "Adam": Doc(
        "Adaptive moments: momentum plus a step size per weight.",
        "m ← β₁ · m + (1 − β₁) · g;  v ← β₂ · v + (1 − β₂) · g²;  "
        "θ ← θ − lr · m̂ / (√v̂ + ε),  m̂, v̂: m and v corrected for starting at 0",
        (),
        (
            "The betas say how long Adam remembers. β₁ = 0.9 averages the gradient over "
            "about the last 10 steps (momentum); β₂ = 0.999 averages its square over about "
            "the last 1000, which sets each weight's own step size. LayerLab uses torch's "
            "betas (0.9, 0.999).",
            "Because each weight scales its own steps, lr = 0.001 works for most models.",
            "weight_decay here is added to the gradient (L2); for decay that is not "
            "rescaled, use AdamW.",
        ),
    ),
    "AdamW": Doc(
        "Adam with decoupled weight decay.",
        "m, v as in Adam;  θ ← θ − lr · ( m̂ / (√v̂ + ε) + weight_decay · θ )",
        (),
        (
            "The decay shrinks the weights directly instead of passing through Adam's "
            "scaling, so it regularises as intended. The usual choice for transformers.",
            "The betas are torch's (0.9, 0.999), as in Adam.",
        ),
    ),
    "RMSprop": Doc(
        "Divides each step by a running average of the squared gradient.",
        "v ← alpha · v + (1 − alpha) · g²;  θ ← θ − lr · g / (√v + ε)",
        (),
        (
            "Steep and flat directions take steps of similar size. A good choice for "
            "recurrent networks.",
        ),
    ),
    "Adagrad": Doc(
        "Scales each weight's step by all of its past gradients.",
        "G ← G + g²;  θ ← θ − lr · g / (√G + ε)",
        (),
        (
            "G only grows, so the steps only shrink: good for sparse features, but long "
            "runs can stall.",
        ),
    ),
}


def loss_page(name: str) -> Page:
    """The page of a loss engine.choices offers."""
    doc = LOSSES[name]
    return _training_page("loss", name, tr("Loss"), doc, ())


def optimizer_page(name: str) -> Page:
    """The page of an optimizer engine.choices offers, with its settings."""
    doc = OPTIMIZERS[name]
    rows = tuple(_param_row(p, None) for p in choices.OPTIMIZERS[name])
    return _training_page("optimizer", name, tr("Optimizer"), doc, rows)


def _training_page(
    kind: PageKind, name: str, category: str, doc: Doc, rows: tuple[ParamRow, ...]
) -> Page:
    return Page(
        kind=kind,
        name=name,
        category=category,
        summary=tr(doc.summary),
        formula=tr(doc.formula),
        params=rows,
        inputs="",
        inferred="",
        shapes=None,
        count=None,
        expects=tuple(tr(t) for t in doc.expects),
        notes=tuple(tr(t) for t in doc.notes),
        docs_url=TORCH_DOCS.format(f"torch.{'nn' if kind == 'loss' else 'optim'}.{name}"),
        plot=False,
        headings=_headings(),
        columns=tuple(tr(c) for c in COLUMNS),
    )


def all_pages() -> Iterator[Page]:
    """Every page there is: each registered layer, loss and optimizer."""
    for spec in all_specs():
        yield layer_page(spec.type)
    for name in choices.LOSSES:
        yield loss_page(name)
    for name in choices.OPTIMIZERS:
        yield optimizer_page(name)


def categories() -> dict[str, list[str]]:
    """Layer type names by (untranslated) category, in registry order."""
    found: dict[str, list[str]] = {}
    for spec in all_specs():
        found.setdefault(spec.category, []).append(spec.type)
    return found
