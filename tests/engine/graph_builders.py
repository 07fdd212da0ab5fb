"""Small graph builders shared by the engine tests."""

from __future__ import annotations

from typing import Any

from engine import Graph, Node, Project


def chain(*layers: tuple[str, dict[str, Any]] | str, shape: list[int] | None = None) -> Graph:
    """Input(shape) -> layers... -> Output, node ids n1, n2, ... in order."""
    graph = Graph([Node("in", "Input", {"shape": shape or [10]})])
    previous = "in"
    for i, layer in enumerate(layers, start=1):
        type_name, params = (layer, {}) if isinstance(layer, str) else layer
        graph.add_node(Node(f"n{i}", type_name, params))
        graph.connect(previous, f"n{i}")
        previous = f"n{i}"
    graph.add_node(Node("out", "Output"))
    graph.connect(previous, "out")
    return graph


def project(graph: Graph, loss: str = "CrossEntropyLoss", **data: Any) -> Project:
    return Project(graph, "test", dict(data), {"loss": {"type": loss}})
