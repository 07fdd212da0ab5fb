"""Whole-graph passes (check, shape inference, summary) do a fixed number of passes over
the nodes and edges whatever the graph's size: linear work, counted rather than timed
(tests/benchmarks/check_scaling.py measures the time)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import engine
from engine import Edge, Graph, Node, Project


class Passes:
    """Counts full passes over a graph's node dict and edge list."""

    def __init__(self) -> None:
        self.count = 0


def _counting(graph: Graph, passes: Passes) -> None:
    class Edges(list):
        def __iter__(self) -> Iterator[Edge]:
            passes.count += 1
            return super().__iter__()

    class Nodes(dict):
        def __iter__(self) -> Iterator[str]:
            passes.count += 1
            return super().__iter__()

        def values(self) -> Any:
            passes.count += 1
            return super().values()

        def items(self) -> Any:
            passes.count += 1
            return super().items()

        def keys(self) -> Any:
            passes.count += 1
            return super().keys()

    graph.edges = Edges(graph.edges)
    graph.nodes = Nodes(graph.nodes)


def residual_chain(blocks: int) -> Project:
    """Input, then blocks of Linear -> ReLU -> Add(skip) -> ..., then Output."""
    graph = Graph([Node("in", "Input", {"shape": [8]})])
    last = "in"
    for b in range(blocks):
        fc, act, add = f"fc{b}", f"act{b}", f"add{b}"
        graph.add_node(Node(fc, "Linear", {"out_features": 8}))
        graph.add_node(Node(act, "ReLU"))
        graph.add_node(Node(add, "Add"))
        graph.edges += [Edge(last, fc), Edge(fc, act), Edge(act, add), Edge(last, add, 1)]
        last = add
    graph.add_node(Node("out", "Output"))
    graph.connect(last, "out")
    return Project(graph, training={"loss": "MSELoss"})


PASSES: dict[str, Callable[[Project], Any]] = {
    "check": engine.check,
    "infer_shapes": lambda p: engine.infer_shapes(p.graph),
    "summary": lambda p: engine.summary(p.graph),
    "topological_order": lambda p: p.graph.topological_order(),
}


@pytest.mark.parametrize("name", PASSES)
def test_passes_over_the_graph_do_not_grow_with_its_size(name):
    counts = []
    for blocks in (50, 500):
        project = residual_chain(blocks)
        passes = Passes()
        _counting(project.graph, passes)
        assert not [p for p in PASSES["check"](project) if p.severity == "error"]
        passes.count = 0
        PASSES[name](project)
        counts.append(passes.count)
    assert counts[0] == counts[1], f"{name}: {counts[0]} passes at 50 blocks, {counts[1]} at 500"
    assert counts[0] < 40


def test_a_cycle_in_a_large_graph_is_found_in_linear_work():
    project = residual_chain(500)
    project.graph.connect("add400", "fc10")  # a long cycle through 390 blocks
    passes = Passes()
    _counting(project.graph, passes)
    problems = engine.check(project)
    assert passes.count < 40
    (cycle,) = [p for p in problems if p.code == "cycle"]
    assert cycle.node_id == "fc10"
    assert cycle.message.startswith("the graph has a cycle: fc10 -> act10 -> add10 -> fc11")
