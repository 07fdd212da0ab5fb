"""`check(project)`: structural validation, shape and param problems, and lint warnings.

Lint rules catch graphs that build and run but train badly (a Sigmoid in front of a
from-logits loss, two Linear layers that collapse into one, ...). Each rule is a small
function over a `_Context`; a rule yields warnings tied to the node to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from engine.config import DataConfig, TrainingConfig
from engine.data.location import location_problems
from engine.errors import ConfigError, Problem
from engine.graph import Edge, Graph, Node
from engine.layers import LayerSpec, arity_table, find_spec, fmt_shape, output_nodes, role_table
from engine.project import Project
from engine.shapes import ShapeReport, infer_shapes

# (what the last layer squashes its outputs to, the loss) -> why the pair trains badly;
# the layer's own fact (LayerSpec.squashes) says which layers squash.
SQUASH_CLASH = {
    ("probabilities", "BCEWithLogitsLoss"): "BCEWithLogitsLoss applies its own sigmoid, so "
    "the output is squashed twice and learning stalls; remove the {layer} (the loss wants "
    "raw logits) or use BCELoss",
    ("probabilities", "CrossEntropyLoss"): "CrossEntropyLoss applies its own log-softmax; "
    "remove the {layer} (the loss wants raw logits)",
    ("log-probabilities", "CrossEntropyLoss"): "CrossEntropyLoss applies its own "
    "log-softmax; remove the {layer} or use NLLLoss",
    ("probabilities", "NLLLoss"): "NLLLoss expects log-probabilities; use LogSoftmax instead",
    ("non-negative", "CrossEntropyLoss"): "{layer} before the Output clips negative logits "
    "to 0, so the loss cannot push scores down; remove it",
    ("non-negative", "BCEWithLogitsLoss"): "{layer} before the Output clips negative logits "
    "to 0, so the model can never predict the negative class well; remove it",
}
# Losses that need the outputs squashed one way (what their input must be).
LOSS_NEEDS = {
    "BCELoss": (
        "probabilities",
        "BCELoss expects probabilities in [0, 1]; end with a Sigmoid, "
        "or better, drop it and use BCEWithLogitsLoss",
    ),
    "NLLLoss": (
        "log-probabilities",
        "NLLLoss expects log-probabilities; end with a LogSoftmax, "
        "or better, drop it and use CrossEntropyLoss",
    ),
}


def _passes_values(spec: LayerSpec) -> bool:
    """A layer that keeps the values it is given (rearranged, or zeroed at random only
    while training): rules asking what computed a value look through it."""
    return spec.view or spec.dropout


def _view(spec: LayerSpec) -> bool:
    return spec.view


def check(project: Project) -> list[Problem]:
    """Every problem of a project: errors (it cannot build) first, then lint warnings."""
    graph = project.graph
    problems = graph.validate(arity_table(), role_table())
    if any(p.code == "cycle" for p in problems):
        return problems  # shapes and lint need an order
    flagged = {p.node_id for p in problems if p.severity == "error"}
    report = infer_shapes(graph)
    for node_id, info in report.items():
        if info.problem and node_id not in flagged:
            code = "param" if info.params is None else "shape"
            problems.append(Problem("error", info.problem, node_id, code))
    try:
        training, data = project.training_config, project.data_config
    except ConfigError as err:  # a form or script set a bad value after loading
        problems.append(Problem("error", str(err), None, "settings"))
        training, data = TrainingConfig(), DataConfig()
    for message in data.path_problems(project.base_dir):
        problems.append(Problem("error", message, None, "data-path"))
    context = _Context(graph, report, training, data, graph.edges_into())
    for rule in RULES:
        problems.extend(rule(context))
    return problems + location_problems(project)


@dataclass
class _Context:
    graph: Graph
    report: ShapeReport
    training: TrainingConfig
    data: DataConfig
    edges_into: dict[str, list[Edge]]  # built once: rules ask for a node's inputs often

    @property
    def loss(self) -> str | None:
        return self.training.loss.type if self.training.loss else None

    @property
    def classes(self) -> int | None:
        """Number of target classes the data declares (text data: 128 ASCII ids)."""
        if self.data.source == "text":
            return 128
        return self.data.get("classes")

    def source(
        self, node_id: str, skip: Callable[[LayerSpec], bool] = lambda spec: False
    ) -> Node | None:
        """The single node feeding `node_id`, looking through layers `skip` is true of;
        None if not one."""
        seen = {node_id}
        while True:
            edges = self.edges_into[node_id]
            if len(edges) != 1 or edges[0].source not in self.graph.nodes:
                return None
            node = self.graph.nodes[edges[0].source]
            spec = find_spec(node.type)
            if spec is None or not skip(spec) or node.id in seen:
                return node
            seen.add(node.id)
            node_id = node.id

    def spec(self, node: Node) -> LayerSpec | None:
        return find_spec(node.type)

    def params(self, node_id: str) -> dict[str, Any]:
        info = self.report.get(node_id)
        return (info.params if info else None) or {}

    def outputs(self) -> list[Node]:
        return output_nodes(self.graph)


Rule = Callable[[_Context], Iterator[Problem]]


def _loss_activation(ctx: _Context) -> Iterator[Problem]:
    for out in ctx.outputs():
        last = ctx.source(out.id, _view)
        if last is None or ctx.loss is None:
            continue
        spec = ctx.spec(last)
        squashes = spec.squashes if spec is not None else None
        clash = SQUASH_CLASH.get((squashes or "", ctx.loss))
        if clash:
            clash = clash.format(layer=last.type)
            yield Problem(
                "warning",
                f"{last.type} feeds Output '{out.id}': {clash}",
                last.id,
                "output-activation",
            )
        needed = LOSS_NEEDS.get(ctx.loss)
        if needed and squashes != needed[0]:
            yield Problem("warning", needed[1], out.id, "output-activation")


def _class_count(ctx: _Context) -> Iterator[Problem]:
    for out in ctx.outputs():
        shape = ctx.report.output(out.id)
        if not shape or len(shape) > 2:
            continue
        scores, classes = shape[-1], ctx.classes
        if ctx.loss == "CrossEntropyLoss" and scores == 1:
            yield Problem(
                "warning",
                "CrossEntropyLoss needs one score per class but the "
                "Output gives 1; use 2 outputs, or 1 output with BCEWithLogitsLoss",
                out.id,
                "class-count",
            )
        elif ctx.loss == "CrossEntropyLoss" and classes and scores != classes:
            yield Problem(
                "warning",
                f"the data has {classes} classes but the Output gives "
                f"{scores} scores; set the last layer's size to {classes}",
                out.id,
                "class-count",
            )
        elif ctx.loss == "BCEWithLogitsLoss" and classes and classes > 2:
            yield Problem(
                "warning",
                f"BCEWithLogitsLoss is for 2 classes; the data has "
                f"{classes}: use CrossEntropyLoss with {classes} outputs",
                out.id,
                "class-count",
            )


def _linear_after_linear(ctx: _Context) -> Iterator[Problem]:
    for node in ctx.graph.nodes_of_type("Linear"):
        before = ctx.source(node.id, _passes_values)
        if before is not None and before.type == "Linear":
            yield Problem(
                "warning",
                f"follows Linear '{before.id}' with no activation "
                "between; two Linear layers in a row act as one: add an activation "
                "such as ReLU",
                node.id,
                "linear-linear",
            )


def _dropout_before_output(ctx: _Context) -> Iterator[Problem]:
    for out in ctx.outputs():
        last = ctx.source(out.id, _view)
        spec = ctx.spec(last) if last is not None else None
        if last is not None and spec is not None and spec.dropout:
            yield Problem(
                "warning",
                f"{last.type} right before the Output randomly zeroes "
                "predictions while training; move it before the last layer",
                last.id,
                "dropout-output",
            )


def _bias_before_batchnorm(ctx: _Context) -> Iterator[Problem]:
    for node in ctx.graph:
        spec = ctx.spec(node)
        if spec is None or not spec.normalizes_batch:
            continue
        before = ctx.source(node.id)
        if before is None:
            continue
        before_spec = ctx.spec(before)
        if before_spec and before_spec.channel_bias and ctx.params(before.id).get("bias"):
            yield Problem(
                "warning",
                f"its bias is cancelled by {node.type} '{node.id}' "
                "(which subtracts the mean); set bias to false",
                before.id,
                "bias-batchnorm",
            )


def _linear_on_images(ctx: _Context) -> Iterator[Problem]:
    for node in ctx.graph.nodes_of_type("Linear"):
        info = ctx.report.get(node.id)
        shape = info.inputs[0] if info and info.inputs else None
        if shape is not None and len(shape) >= 3:
            yield Problem(
                "warning",
                f"Linear acts on the last dimension only of input "
                f"{fmt_shape(shape)}; add a Flatten before it if you meant all "
                "values",
                node.id,
                "linear-rank",
            )


RULES: tuple[Rule, ...] = (
    _loss_activation,
    _class_count,
    _linear_after_linear,
    _dropout_before_output,
    _bias_before_batchnorm,
    _linear_on_images,
)
