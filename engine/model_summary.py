"""Per-node summary of a graph: output shapes, parameter counts, a memory estimate.

Pure Python on top of shape inference and each LayerSpec's `count`, so the GUI can call
it on every edit without importing torch.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from engine.graph import Graph
from engine.layers import Shape, find_spec, fmt_shape
from engine.layers.spec import numel
from engine.shapes import infer_shapes

FLOAT_BYTES = 4
# Tensors of optimizer state kept per parameter (Adam: two moments; SGD: momentum buffer).
OPTIMIZER_STATE = {
    "Adam": 2,
    "AdamW": 2,
    "Adamax": 2,
    "NAdam": 2,
    "RAdam": 2,
    "Adadelta": 2,
    "Adagrad": 1,
    "RMSprop": 1,
    "SGD": 0,
}


@dataclass(frozen=True)
class SummaryRow:
    """One node: its output shape (None when unknown), parameter count and canvas label."""

    node_id: str
    type: str
    output_shape: Shape | None
    params: int
    label: str
    problem: str | None = None


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes needed to train: weights, their gradients, optimizer state, activations."""

    weights: int
    gradients: int
    optimizer_state: int
    activations: int

    @property
    def total(self) -> int:
        return self.weights + self.gradients + self.optimizer_state + self.activations


@dataclass(frozen=True)
class SummaryReport:
    rows: list[SummaryRow]
    total_params: int
    trainable_params: int
    memory: MemoryEstimate
    batch_size: int
    optimizer: str

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON form (the `layerlab summary --json` output)."""
        nodes = []
        for row in self.rows:
            item = asdict(row)
            item["output_shape"] = list(row.output_shape) if row.output_shape else None
            nodes.append(item)
        return {
            "nodes": nodes,
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.total_params - self.trainable_params,
            "batch_size": self.batch_size,
            "optimizer": self.optimizer,
            "memory": {**asdict(self.memory), "total": self.memory.total},
        }

    def format_table(self) -> str:
        """A terminal table: one line per node, then totals and the memory estimate."""
        header = ("Node", "Type", "Settings", "Output shape", "Params")
        lines = [(r.node_id, r.type, r.label, _shape_text(r), f"{r.params:,}") for r in self.rows]
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

        def fmt(row: tuple[str, ...]) -> str:
            cells = [c.ljust(w) for c, w in zip(row[:-1], widths[:-1], strict=True)]
            return "  ".join([*cells, row[-1].rjust(widths[-1])])

        rule = "-" * len(fmt(header))
        mem = self.memory
        out = [fmt(header), rule, *(fmt(line) for line in lines), rule]
        out += [
            f"Total params:         {self.total_params:,}",
            f"Trainable params:     {self.trainable_params:,}",
            f"Non-trainable params: {self.total_params - self.trainable_params:,}",
            f"Training memory (batch {self.batch_size}, {self.optimizer}): "
            f"{format_bytes(mem.total)}",
            f"  weights {format_bytes(mem.weights)}, gradients {format_bytes(mem.gradients)}, "
            f"optimizer state {format_bytes(mem.optimizer_state)}, "
            f"activations {format_bytes(mem.activations)}",
        ]
        return "\n".join(out)


def _shape_text(row: SummaryRow) -> str:
    if row.problem:
        return "? (problem)"
    return fmt_shape(row.output_shape)


def summary(
    graph: Graph, batch_size: int = 1, optimizer: str | dict[str, Any] = "Adam"
) -> SummaryReport:
    """Summarise a graph for training with `batch_size` and `optimizer` (a torch optimizer
    class name, or a training-settings dict like {"type": "SGD", "momentum": 0.9}).
    """
    report = infer_shapes(graph)
    rows: list[SummaryRow] = []
    activation_bytes = 0
    for node_id, info in report.items():
        node = graph.nodes[node_id]
        params = 0
        label = ""
        spec = find_spec(node.type)
        if spec is not None and info.params is not None:
            label = spec.label(info.params)
            if info.ok:
                params = spec.count([s for s in info.inputs if s is not None], info.params)
        if info.output is not None and not (spec and spec.view):  # a view allocates nothing
            dtype = 8 if info.dtype == "int64" else FLOAT_BYTES
            activation_bytes += numel(info.output) * dtype
        rows.append(SummaryRow(node_id, node.type, info.output, params, label, info.problem))
    total = sum(r.params for r in rows)
    trainable = sum(r.params for r in rows if graph.nodes[r.node_id].trainable)
    name, states = _optimizer_states(optimizer)
    memory = MemoryEstimate(  # frozen layers need no gradients and no optimizer state
        weights=total * FLOAT_BYTES,
        gradients=trainable * FLOAT_BYTES,
        optimizer_state=trainable * FLOAT_BYTES * states,
        activations=activation_bytes * batch_size,
    )
    return SummaryReport(rows, total, trainable, memory, batch_size, name)


def _optimizer_states(optimizer: str | dict[str, Any]) -> tuple[str, int]:
    """(name, optimizer state tensors per parameter); unknown optimizers count as Adam."""
    settings = optimizer if isinstance(optimizer, dict) else {"type": optimizer}
    name = str(settings.get("type", "Adam"))
    states = OPTIMIZER_STATE.get(name, 2)
    if name in ("SGD", "RMSprop") and settings.get("momentum", 0):
        states += 1
    if name == "RMSprop" and settings.get("centered", False):
        states += 1
    return name, states


def format_bytes(n: float) -> str:
    """Readable size in decimal units: 512 B, 1.2 MB, 3.4 GB."""
    if abs(n) < 1000:
        return f"{n:.0f} B"
    for unit in ("KB", "MB", "GB"):
        n /= 1000
        if abs(n) < 1000:
            return f"{n:.1f} {unit}"
    return f"{n / 1000:.1f} TB"
