"""Graph -> torch.nn.Module. Submodules are named after node ids; forward runs a
precomputed plan (a flat list of steps) so per-call overhead stays near a hand-written
nn.Sequential.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from engine.errors import LayerLabError
from engine.graph import Graph
from engine.layers import get_spec, input_nodes, output_nodes
from engine.shapes import infer_shapes


class GraphModule(nn.Module):
    """Runs a LayerLab graph. forward(*inputs) takes one tensor per Input node (in graph
    order) and returns one tensor per Output node (a single tensor when there is one).
    """

    def __init__(self, graph: Graph) -> None:
        super().__init__()
        report = infer_shapes(graph)
        if problems := report.problem_text():
            raise LayerLabError(f"cannot build the model: {problems}")
        order = graph.topological_order()
        self.graph = graph.copy()
        self.input_ids = [node.id for node in input_nodes(graph)]
        self.output_ids = [node.id for node in output_nodes(graph)]
        if not self.input_ids or not self.output_ids:
            raise LayerLabError("cannot build the model: it needs an Input and an Output node")
        self.input_shapes = {nid: report[nid].output for nid in self.input_ids}
        self.output_shapes = {nid: report[nid].output for nid in self.output_ids}
        slot = {nid: i for i, nid in enumerate(order)}
        # Steps hold the module objects themselves (same objects as in _modules, so .to(),
        # load_state_dict and hooks all apply) to keep dict lookups out of forward.
        self._plan: list[tuple[nn.Module, int | tuple[int, ...], int, tuple[int, ...]]] = []
        for nid in order:
            node = graph.nodes[nid]
            info = report[nid]
            spec = get_spec(node.type)
            if spec.role == "input":  # its value is fed, not computed
                continue
            inputs = [s for s in info.inputs if s is not None]
            # Direct insertion: node ids such as "eval" may shadow nn.Module attributes.
            self._modules[nid] = spec.build_module(inputs, info.params or {})
            if not node.trainable:  # frozen: the optimizer skips what needs no gradient
                self._modules[nid].requires_grad_(False)
            sources = tuple(slot[e.source] for e in graph.incoming(nid))
            step_input = sources[0] if len(sources) == 1 else sources
            self._plan.append((self._modules[nid], step_input, slot[nid], ()))
        self._input_slots = [slot[nid] for nid in self.input_ids]
        self._output_slots = [slot[nid] for nid in self.output_ids]
        self._size = len(order)
        self._plan = _free_after_last_use(self._plan, self._output_slots)

    def forward(self, *inputs: torch.Tensor) -> Any:
        if len(inputs) != len(self._input_slots):
            raise TypeError(
                f"model takes {len(self._input_slots)} input(s) "
                f"({', '.join(self.input_ids)}); got {len(inputs)}"
            )
        values: list[Any] = [None] * self._size
        for slot_index, x in zip(self._input_slots, inputs, strict=True):
            values[slot_index] = x
        for module, source, target, free in self._plan:
            if type(source) is int:
                values[target] = module(values[source])
            else:
                values[target] = module(*[values[s] for s in source])
            for s in free:  # dropped after its last use, so inference memory stays lean
                values[s] = None
        if len(self._output_slots) == 1:
            return values[self._output_slots[0]]
        return tuple(values[s] for s in self._output_slots)

    def layer(self, node_id: str) -> nn.Module:
        return self._modules[node_id]


def _free_after_last_use(plan: list, keep: list[int]) -> list:
    """Give each step the value slots whose last reader it is (never the outputs), as
    torch.fx's generated code does with `x = None`: a hand-written forward lets each
    intermediate go as soon as it is used up, and so does this one."""
    last: dict[int, int] = {}
    for step, (_, source, _, _) in enumerate(plan):
        for s in (source,) if type(source) is int else source:
            last[s] = step
    freed: dict[int, list[int]] = {}
    for s, step in last.items():
        if s not in keep:
            freed.setdefault(step, []).append(s)
    return [
        (module, source, target, tuple(sorted(freed.get(step, ()))))
        for step, (module, source, target, _) in enumerate(plan)
    ]


def build_model(graph: Graph) -> GraphModule:
    """A torch module for the graph; raises LayerLabError listing every node problem."""
    return GraphModule(graph)
