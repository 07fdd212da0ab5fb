"""A node's `trainable: false` freezes its layer: training leaves its weights as they were,
the summary counts them as non-trainable, and the flag survives the project file."""

from __future__ import annotations

from pathlib import Path

import torch

import engine
from engine import Graph, Node


def _project() -> engine.Project:
    graph = Graph(
        [
            Node("in", "Input", {"shape": [10]}),
            Node("body", "Linear", {"out_features": 8}, trainable=False),
            Node("act", "ReLU"),
            Node("head", "Linear", {"out_features": 2}),
            Node("out", "Output"),
        ]
    )
    for a, b in [("in", "body"), ("body", "act"), ("act", "head"), ("head", "out")]:
        graph.connect(a, b)
    data = {
        "source": "synthetic",
        "name": "blobs",
        "samples": 200,
        "features": 10,
        "classes": 2,
        "seed": 0,
    }
    training = {"epochs": 2, "batch_size": 32, "loss": {"type": "CrossEntropyLoss"}}
    return engine.Project(graph, "frozen", data, training)


def test_training_leaves_a_frozen_layer_as_it_was_and_trains_the_rest() -> None:
    project = _project()
    torch.manual_seed(0)  # the trainer seeds with the project's seed (0) before building
    start = engine.build_model(project.graph)
    result = engine.train(project, device="cpu")
    assert result.history  # it trained
    assert torch.equal(result.model.layer("body").weight.cpu(), start.layer("body").weight)
    assert not torch.equal(result.model.layer("head").weight.cpu(), start.layer("head").weight)


def test_summary_counts_frozen_weights_as_non_trainable(tmp_path: Path) -> None:
    project = _project()
    engine.save_project(project, tmp_path / "p.layerlab")
    graph = engine.load_project(tmp_path / "p.layerlab").graph
    assert graph.nodes["body"].trainable is False
    assert graph.nodes["head"].trainable is True
    report = engine.summary(graph)
    assert (report.total_params, report.trainable_params) == (88 + 18, 18)
    assert "Non-trainable params: 88" in report.format_table()
