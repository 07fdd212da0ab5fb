"""Graph validation (typed problems naming nodes) and multi-input/output model building."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine import CycleError, Edge, Graph, Node
from engine.layers import arity_table, role_table


def _graph(*edges: tuple[str, str] | tuple[str, str, int], **types: str) -> Graph:
    graph = Graph()
    for node_id, type_name in types.items():
        params = {"shape": [4]} if type_name == "Input" else {}
        graph.add_node(Node(node_id, type_name, params))
    for edge in edges:
        graph.edges.append(Edge(*edge))
    return graph


def _found(graph: Graph) -> list[tuple[str, str | None, str]]:
    return [(p.code, p.node_id, p.message) for p in graph.validate(arity_table(), role_table())]


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
    (problem,) = graph.validate(arity_table(), role_table())
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


def test_cycle_through_a_merge_is_a_problem_not_a_crash():
    """in -> a -> out with a -> a on port 1: the sort leaves `out` (fed by the cycle,
    feeding nothing) unplaced too, so walking children from it used to dead-end."""
    graph = _graph(
        ("in", "a"), ("a", "out"), ("a", "a", 1), **{"in": "Input", "a": "Add", "out": "Output"}
    )
    with pytest.raises(CycleError) as caught:
        graph.topological_order()
    assert caught.value.nodes == ["a"]
    assert ("cycle", "a", "the graph has a cycle: a -> a") in _found(graph)
    project = engine.Project(graph)
    assert {p.code for p in engine.check(project)} >= {"cycle"}
    assert engine.infer_shapes(graph)["a"].problem == "the graph has a cycle: a -> a"
    assert engine.summary(graph).rows[1].problem == "the graph has a cycle: a -> a"
    with pytest.raises(engine.LayerLabError, match="cycle: a -> a"):
        engine.build_model(graph)


def test_cycle_found_when_the_first_unplaced_node_is_downstream_of_it():
    graph = _graph(
        ("in", "m"),
        ("m", "r"),
        ("r", "m", 1),
        ("r", "tail"),
        ("tail", "out"),
        **{"in": "Input", "tail": "ReLU", "out": "Output", "m": "Add", "r": "ReLU"},
    )
    assert ("cycle", "m", "the graph has a cycle: m -> r -> m") in _found(graph)


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(1, 8),
    pairs=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20),
)
def test_topological_order_or_a_real_cycle_for_any_graph(count, pairs):
    """Either every edge goes forward in the order, or the cycle named is made of edges."""
    graph = Graph([Node(f"n{i}", "ReLU") for i in range(count)])
    edges = {(f"n{a}", f"n{b}") for a, b in pairs if a < count and b < count}
    for source, target in sorted(edges):
        graph.connect(source, target)
    try:
        order = graph.topological_order()
    except CycleError as err:
        cycle = err.nodes
        assert cycle and len(set(cycle)) == len(cycle)
        assert all((a, b) in edges for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True))
        return
    assert sorted(order) == sorted(graph.nodes)
    place = {n: i for i, n in enumerate(order)}
    assert all(place[a] < place[b] for a, b in edges)
    assert all(graph.would_create_cycle(b, a) for a, b in edges)


def _project(nodes: list[Node], *edges: tuple[str, str]) -> engine.Project:
    graph = Graph(nodes)
    for source, target in edges:
        graph.connect(source, target)
    return engine.Project(graph)


BAD_GRAPHS = {
    "output feeds a layer": (
        _project(
            [
                Node("in", "Input", {"shape": [4]}),
                Node("out", "Output"),
                Node("fc", "Linear", {"out_features": 1}),
                Node("out2", "Output"),
            ],
            ("in", "out"),
            ("out", "fc"),
            ("fc", "out2"),
        ),
        "fc",
        "'out' is an Output, which ends the model and cannot feed other nodes; "
        "connect the layer before it instead",
    ),
    "output feeds an output": (
        _project(
            [Node("in", "Input", {"shape": [4]}), Node("out", "Output"), Node("out2", "Output")],
            ("in", "out"),
            ("out", "out2"),
        ),
        "out2",
        "'out' is an Output, which ends the model and cannot feed other nodes; "
        "connect the layer before it instead",
    ),
    "embedding after float input": (
        _project(
            [
                Node("in", "Input", {"shape": [6]}),
                Node("emb", "Embedding", {"num_embeddings": 10, "embedding_dim": 3}),
                Node("out", "Output"),
            ],
            ("in", "emb"),
            ("emb", "out"),
        ),
        "emb",
        "Embedding takes int64 ids but 'in' gives float32 values; set the Input's dtype to int64",
    ),
    "lstm after int input": (
        _project(
            [
                Node("in", "Input", {"shape": [6, 2], "dtype": "int64"}),
                Node("flat", "Flatten"),
                Node("reshape", "Reshape", {"shape": [6, 2]}),
                Node("lstm", "LSTM", {"hidden_size": 3}),
                Node("out", "Output"),
            ],
            ("in", "flat"),
            ("flat", "reshape"),
            ("reshape", "lstm"),
            ("lstm", "out"),
        ),
        "lstm",
        "LSTM takes float32 values but 'reshape' gives int64 ids; add an Embedding to turn "
        "ids into vectors (or set the Input's dtype to float32)",
    ),
}


@pytest.mark.parametrize("case", BAD_GRAPHS, ids=list(BAD_GRAPHS))
def test_check_refuses_what_cannot_build_or_predict(case):
    project, node_id, message = BAD_GRAPHS[case]
    errors = [p for p in engine.check(project) if p.severity == "error"]
    assert [(p.node_id, p.message) for p in errors] == [(node_id, message)]
    with pytest.raises(engine.LayerLabError, match="cannot build the model"):
        engine.build_model(project.graph)


def test_ids_flow_through_views_and_merges_into_an_embedding():
    project = _project(
        [
            Node("in", "Input", {"shape": [2, 3], "dtype": "int64"}),
            Node("flat", "Flatten"),
            Node("emb", "Embedding", {"num_embeddings": 10, "embedding_dim": 4}),
            Node("out", "Output"),
        ],
        ("in", "flat"),
        ("flat", "emb"),
        ("emb", "out"),
    )
    assert engine.check(project) == []
    report = engine.infer_shapes(project.graph)
    assert [report[n].dtype for n in ("in", "flat", "emb", "out")] == [
        "int64",
        "int64",
        "float32",
        "float32",
    ]
    out = engine.build_model(project.graph)(torch.randint(0, 10, (5, 2, 3)))
    assert out.shape == (5, 6, 4)


def test_params_torch_cannot_hold_are_refused():
    """Found by the fuzzer: check accepted a LeakyReLU slope of 1e300 that torch cannot
    convert to float32, and sizes past int32 that no layer can allocate."""
    slope = engine.get_spec("LeakyReLU")
    with pytest.raises(engine.ParamError, match=r"must be within \+-1e\+30; got 1e\+300"):
        slope.resolve({"negative_slope": 1e300})
    linear = engine.get_spec("Linear")
    with pytest.raises(engine.ParamError, match=r"must be within \+-2147483647; got 2147483648"):
        linear.resolve({"out_features": 2**31})
