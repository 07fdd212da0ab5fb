"""Graph validation (typed problems naming nodes) and multi-input/output model building."""

from __future__ import annotations

import pytest
import torch

import engine
from engine import CycleError, Edge, Graph, Node
from engine.layers import arity_table


def _graph(*edges: tuple[str, str] | tuple[str, str, int], **types: str) -> Graph:
    graph = Graph()
    for node_id, type_name in types.items():
        params = {"shape": [4]} if type_name == "Input" else {}
        graph.add_node(Node(node_id, type_name, params))
    for edge in edges:
        graph.edges.append(Edge(*edge))
    return graph


def _found(graph: Graph) -> list[tuple[str, str | None, str]]:
    return [(p.code, p.node_id, p.message) for p in graph.validate(arity_table())]


def test_cycle_names_its_nodes():
    graph = _graph(
        ("in", "a"),
        ("a", "b"),
        ("b", "c"),
        ("c", "a", 1),
        ("c", "out"),
        **{"in": "Input", "a": "Add", "b": "ReLU", "c": "ReLU", "out": "Output"},
    )
    with pytest.raises(CycleError) as caught:
        graph.topological_order()
    assert caught.value.nodes == ["a", "b", "c"]
    assert ("cycle", "a", "the graph has a cycle: a -> b -> c -> a") in _found(graph)


def test_dangling_duplicate_and_port_taken():
    graph = _graph(
        ("in", "r"),
        ("in", "r"),
        ("ghost", "out"),
        ("r", "out"),
        **{"in": "Input", "r": "ReLU", "out": "Output"},
    )
    found = _found(graph)
    assert ("duplicate-edge", "r", "duplicate edge in -> r") in found
    assert ("dangling-edge", "out", "edge ghost -> out refers to unknown node 'ghost'") in found
    merge = _graph(
        ("in", "add"),
        ("in2", "add"),
        ("add", "out"),
        **{"in": "Input", "in2": "Input", "add": "Add", "out": "Output"},
    )
    assert ("port-taken", "add", "input port 0 is fed twice (by 'in' and 'in2')") in _found(merge)


def test_arity_and_missing_endpoints():
    graph = _graph(("r", "out"), **{"r": "ReLU", "add": "Add", "out": "Output"})
    found = _found(graph)
    assert ("arity", "r", "ReLU needs 1 input(s); 0 connected") in found
    assert ("arity", "add", "Add needs 2 input(s); 0 connected") in found
    assert ("no-input", None, "the graph has no Input node") in found
    assert ("no-output", None, "the graph has no Output node") in _found(_graph(**{"i": "Input"}))


def test_unreachable_node_is_a_warning():
    graph = _graph(
        ("in", "out"), ("in", "side"), **{"in": "Input", "out": "Output", "side": "ReLU"}
    )
    (problem,) = graph.validate(arity_table())
    assert (problem.severity, problem.node_id, problem.code) == ("warning", "side", "unreachable")
    assert problem.message == "not on any path from an Input to an Output; it will not be trained"


def test_model_with_two_inputs_and_two_outputs():
    graph = Graph(
        [
            Node("image", "Input", {"shape": [1, 8, 8]}),
            Node("meta", "Input", {"shape": [3]}),
            Node("conv", "Conv2d", {"out_channels": 2, "kernel_size": 3}),
            Node("flat", "Flatten"),
            Node("join", "Concat", {"dim": 1}),
            Node("head_a", "Linear", {"out_features": 5}),
            Node("head_b", "Linear", {"out_features": 1}),
            Node("out_a", "Output"),
            Node("out_b", "Output"),
        ]
    )
    for source, target, port in [
        ("image", "conv", 0),
        ("conv", "flat", 0),
        ("flat", "join", 0),
        ("meta", "join", 1),
        ("join", "head_a", 0),
        ("join", "head_b", 0),
        ("head_a", "out_a", 0),
        ("head_b", "out_b", 0),
    ]:
        graph.connect(source, target, port)
    model = engine.build_model(graph)
    assert dict(model.named_children()).keys() >= {"conv", "join", "head_a", "head_b"}
    a, b = model(torch.randn(4, 1, 8, 8), torch.randn(4, 3))
    assert a.shape == (4, 5) and b.shape == (4, 1)
    assert model.layer("head_a").in_features == 2 * 6 * 6 + 3
