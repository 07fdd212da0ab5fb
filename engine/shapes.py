"""Shape inference over a whole graph, in pure Python (no torch), fast enough to run on
every edit. Each node gets its output shape and element type or one human-readable
problem; nodes downstream of a problem are simply unknown, so one mistake shows as one
red node. One pass in topological order: linear in the size of the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.errors import CycleError, LayerLabError, ParamError, ShapeError
from engine.graph import Edge, Graph
from engine.layers import DType, Shape, fmt_shape, get_spec


@dataclass(slots=True)
class NodeShapes:
    """What inference learned about one node."""

    inputs: list[Shape | None] = field(default_factory=list)
    output: Shape | None = None
    dtype: DType | None = None  # element type of the output, when the output is known
    params: dict[str, Any] | None = None  # resolved (defaults filled), when valid
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.output is not None


class ShapeReport(dict[str, NodeShapes]):
    """node id -> NodeShapes, in topological order when the graph has none cycle."""

    def problems(self) -> dict[str, str]:
        return {nid: info.problem for nid, info in self.items() if info.problem}

    def problem_text(self) -> str:
        """Every node problem on one line ("fc: ...; out: ..."), or "" when there is none."""
        return "; ".join(f"{nid}: {msg}" for nid, msg in self.problems().items())

    def output(self, node_id: str) -> Shape | None:
        info = self.get(node_id)
        return info.output if info else None


def infer_shapes(graph: Graph) -> ShapeReport:
    report = ShapeReport()
    try:
        order = graph.topological_order()
    except CycleError as err:
        for node_id in graph.nodes:
            on_cycle = node_id in err.nodes
            report[node_id] = NodeShapes(problem=str(err) if on_cycle else None)
        return report
    edges_into = graph.edges_into()
    for node_id in order:
        report[node_id] = _infer_node(graph, node_id, edges_into[node_id], report)
    return report


def infer_upstream(graph: Graph, targets: list[str]) -> ShapeReport:
    """Shapes of `targets` and of every node they depend on, nothing downstream: what the
    editor needs to refuse a connection whose shapes clash, on graphs of thousands of
    nodes, before the edit is made. On a cycle, nodes on it read as unknown."""
    edges_into = graph.edges_into()
    order: list[str] = []
    seen: set[str] = set()
    stack = [(t, False) for t in targets if t in graph.nodes]
    while stack:  # depth first over inputs; a node follows everything it reads
        node_id, inputs_done = stack.pop()
        if inputs_done:
            order.append(node_id)
        elif node_id not in seen:
            seen.add(node_id)
            stack.append((node_id, True))
            stack.extend((e.source, False) for e in edges_into[node_id] if e.source in graph.nodes)
    report = ShapeReport()
    for node_id in order:
        report[node_id] = _infer_node(graph, node_id, edges_into[node_id], report)
    return report


def _infer_node(graph: Graph, node_id: str, edges: list[Edge], report: ShapeReport) -> NodeShapes:
    node = graph.nodes[node_id]
    info = NodeShapes()
    try:
        spec = get_spec(node.type)
        info.params = spec.resolve(node.params, node_id)
    except ParamError as err:
        info.problem = f"param '{err.param}': {err.detail}" if err.param else err.detail
        return info
    except LayerLabError as err:
        info.problem = str(err)
        return info
    sources = [e.source for e in edges]
    info.inputs = [report.output(s) if s in report else None for s in sources]
    low, high = spec.inputs
    if len(edges) < low:
        info.problem = (
            f"{node.type} needs {low} input(s); {len(edges)} connected"
            if low > 1
            else "input is not connected"
        )
        return info
    if high is not None and len(edges) > high:
        info.problem = f"{node.type} takes at most {high} input(s); {len(edges)} connected"
        return info
    if any(shape is None for shape in info.inputs):
        return info  # unknown upstream: stay quiet, the upstream node carries the problem
    shapes: list[Shape] = [s for s in info.inputs if s is not None]
    for source in sources:
        if get_spec(graph.nodes[source].type).role == "output":
            info.problem = (
                f"'{source}' is an Output, which ends the model and cannot feed other nodes; "
                "connect the layer before it instead"
            )
            return info
    dtypes: list[DType] = [report[s].dtype or "float32" for s in sources]
    for port, dtype in enumerate(dtypes):
        if dtype not in spec.accepts:
            info.problem = _dtype_problem(node.type, spec.accepts, dtype, sources[port])
            return info
    try:
        info.output = tuple(spec.infer(shapes, info.params))
    except ShapeError as err:
        src = (
            f" from {sources[err.port]}" if err.port is not None and err.port < len(sources) else ""
        )
        info.problem = f"{node.type} {err}{src}"
    except (ValueError, ZeroDivisionError, TypeError) as err:
        info.problem = f"{node.type} cannot take input {_shapes(shapes)}: {err}"
    else:
        if any(d <= 0 for d in info.output):
            info.problem = (
                f"{node.type} output would be {fmt_shape(info.output)} for input "
                f"{_shapes(shapes)}: a size is not positive"
            )
            info.output = None
        else:
            info.dtype = spec.dtype(dtypes, info.params)
    return info


def _dtype_problem(type_name: str, accepts: tuple[DType, ...], got: DType, source: str) -> str:
    if got == "int64":
        return (
            f"{type_name} takes float32 values but '{source}' gives int64 ids; add an "
            "Embedding to turn ids into vectors (or set the Input's dtype to float32)"
        )
    return (
        f"{type_name} takes {' or '.join(accepts)} ids but '{source}' gives float32 values; "
        "set the Input's dtype to int64"
    )


def _shapes(shapes: list[Shape]) -> str:
    return ", ".join(fmt_shape(s) for s in shapes)
