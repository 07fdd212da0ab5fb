"""engine.summary (in engine/model_summary.py): per-node rows, parameter totals against
torch, the memory estimate."""

from __future__ import annotations

import json

from graph_builders import chain

import engine
from engine import Graph, Node, format_bytes, summary


def test_rows_and_totals_match_torch(examples_dir):
    project = engine.load_project(examples_dir / "binary_classifier.layerlab")
    report = summary(project.graph)
    model = engine.build_model(project.graph)
    assert report.total_params == sum(p.numel() for p in model.parameters()) == 9729
    assert report.trainable_params == 9729
    fc1 = next(r for r in report.rows if r.node_id == "fc1")
    assert (fc1.type, fc1.output_shape, fc1.params, fc1.label) == ("Linear", (128,), 1408, "128")


def test_memory_counts_weights_gradients_adam_state_and_activations():
    graph = chain(("Linear", {"out_features": 5}), shape=[3])  # 20 params
    adam = summary(graph, batch_size=10, optimizer="Adam").memory
    assert (adam.weights, adam.gradients, adam.optimizer_state) == (80, 80, 160)
    assert adam.activations == 10 * (3 + 5) * 4  # input and Linear output, float32
    assert adam.total == 80 + 80 + 160 + 320
    assert summary(graph, optimizer={"type": "SGD"}).memory.optimizer_state == 0
    sgd = summary(graph, optimizer={"type": "SGD", "momentum": 0.9}).memory
    assert sgd.optimizer_state == 80


def test_unknown_shapes_show_as_problem_rows():
    graph = chain(("Reshape", {"shape": [7]}), "ReLU", shape=[32])
    rows = {r.node_id: r for r in summary(graph).rows}
    assert rows["n1"].output_shape is None and "cannot reshape (32,)" in (rows["n1"].problem or "")
    assert rows["n2"].output_shape is None and rows["n2"].problem is None
    assert "? (problem)" in summary(graph).format_table()


def test_to_dict_is_json_and_table_is_readable():
    report = summary(chain(("Linear", {"out_features": 2})), batch_size=4)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["nodes"][1] == {
        "node_id": "n1",
        "type": "Linear",
        "output_shape": [2],
        "params": 22,
        "label": "2",
        "problem": None,
    }
    assert data["memory"]["total"] == report.memory.total
    table = report.format_table()
    assert "Total params:         22" in table and "Training memory (batch 4, Adam)" in table


def test_format_bytes():
    assert format_bytes(512) == "512 B"
    assert format_bytes(1234) == "1.2 KB"
    assert format_bytes(12_300_000) == "12.3 MB"
    assert format_bytes(4.56e9) == "4.6 GB"


def test_an_upsample_with_neither_size_nor_scale_is_a_problem_row_not_a_crash():
    graph = Graph()
    graph.add_node(Node("in", "Input", {"shape": [3, 8, 8]}))
    graph.add_node(Node("up", "Upsample", {}))
    graph.add_node(Node("out", "Output"))
    graph.connect("in", "up")
    graph.connect("up", "out")
    row = next(r for r in engine.summary(graph).rows if r.node_id == "up")
    assert row.label == "nearest"
    assert row.problem
