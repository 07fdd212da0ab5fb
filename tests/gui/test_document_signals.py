"""The document's fine-grained signals and what they cost: each edit names what changed,
the analysis (one shape inference) runs once per edit and never for a move, the canvas
redraws only the nodes whose analysis changed, and undo/redo of every kind of edit gives
back the exact graph and the same canvas as one drawn from scratch."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from scene_mirror import assert_mirrors

import engine
from engine import Edge
from engine import i18n as engine_i18n
from gui import i18n
from gui.canvas.node_item import NodeItem

SIGNALS = (
    "nodesAdded",
    "nodesRemoved",
    "edgesAdded",
    "edgesRemoved",
    "paramsChanged",
    "nodeRenamed",
    "nodesMoved",
    "graphChanged",
)


@pytest.fixture
def heard(window) -> list[tuple]:
    """Every signal the document emits, in order, with its arguments."""
    found: list[tuple] = []
    for name in SIGNALS:
        getattr(window.document, name).connect(lambda *args, n=name: found.append((n, *args)))
    return found


@pytest.fixture
def inferences(monkeypatch) -> list[int]:
    """Each shape inference the engine runs (the real one, counted), by graph size."""
    calls: list[int] = []
    real = engine.infer_shapes

    def counted(graph):
        calls.append(len(graph))
        return real(graph)

    for name in ("engine.analysis", "engine.lint", "engine.model_summary", "engine.datafit"):
        monkeypatch.setattr(sys.modules[name], "infer_shapes", counted)
    return calls


@pytest.fixture
def redrawn(monkeypatch) -> list[str]:
    """The node cards the canvas refreshes, by node id."""
    calls: list[str] = []
    real = NodeItem.refresh

    def counted(self, *args):
        calls.append(self.node_id)
        return real(self, *args)

    monkeypatch.setattr(NodeItem, "refresh", counted)
    return calls


def test_a_move_never_reruns_inference_and_an_edit_runs_it_once(window, inferences):
    document = window.document
    x, y = document.project.graph.nodes["fc2"].pos
    document.move_nodes({"fc2": (x + 100, y)})
    document.move_nodes({"fc2": (x + 110, y)}, "Nudge", mergeable=True)
    document.auto_layout("down")
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert inferences == []
    # every view (canvas, summary, problems, properties, status bar) reads one analysis
    window.scene.select_nodes(["fc1"])
    document.set_param("fc1", "out_features", 32)
    assert inferences == [7]
    assert window.summary.model.index(1, 3).data() == "(32,)"
    document.undo_stack.undo()
    assert inferences == [7, 7]


def test_an_edit_redraws_only_the_nodes_whose_analysis_changed(window, redrawn):
    document = window.document
    document.set_param("fc2", "out_features", 32)  # fc2 and act2 change shape, fc3 weights
    assert sorted(redrawn) == ["act2", "fc2", "fc3"]
    redrawn.clear()
    x, y = document.project.graph.nodes["fc2"].pos
    document.move_nodes({"fc2": (x, y + 50)})
    assert redrawn == []
    document.rename("act2", "relu")
    assert redrawn == ["relu"]
    assert_mirrors(window.scene)


def test_each_edit_emits_what_it_changed_and_graph_changed_once(window, heard):
    document = window.document
    node = document.add_node("Tanh", (600.0, 600.0))
    assert heard == [("nodesAdded", [node]), ("graphChanged",)]
    heard.clear()
    assert document.connect("act1", node)
    assert heard == [("edgesAdded", [Edge("act1", node)]), ("graphChanged",)]
    heard.clear()
    inserted = document.insert_on_edge("ReLU", Edge("fc2", "act2"), (300.0, 300.0))
    assert heard == [  # one undo step of two commands: one graphChanged at its end
        ("edgesRemoved", [Edge("fc2", "act2")]),
        ("nodesAdded", [inserted]),
        ("edgesAdded", [Edge("fc2", inserted), Edge(inserted, "act2")]),
        ("graphChanged",),
    ]
    heard.clear()
    document.delete(["act1"])
    assert heard == [
        ("edgesRemoved", [Edge("fc1", "act1"), Edge("act1", "fc2"), Edge("act1", node)]),
        ("nodesRemoved", ["act1"]),
        ("graphChanged",),
    ]
    heard.clear()
    document.set_trainable("fc1", False)
    document.rename("fc1", "first")
    assert heard == [
        ("paramsChanged", "fc1"),
        ("graphChanged",),
        ("nodeRenamed", "fc1", "first"),
        ("graphChanged",),
    ]
    heard.clear()
    document.move_nodes({"first": (0.0, 0.0)})
    assert heard == [("nodesMoved", ["first"])]  # no graphChanged: nothing to re-analyse
    heard.clear()
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert heard == [
        ("nodesMoved", ["first"]),
        ("nodeRenamed", "first", "fc1"),
        ("graphChanged",),
    ]


EDITS: dict[str, Callable] = {
    "add": lambda d: d.add_node("Dropout", (500.0, 400.0)),
    "delete": lambda d: d.delete(["act1"]),
    "delete edge": lambda d: d.delete([], [Edge("fc2", "act2")]),
    "connect": lambda d: d.connect("act1", "act2"),  # replaces fc2 -> act2
    "insert on edge": lambda d: d.insert_on_edge("Dropout", Edge("fc1", "act1"), (0.0, 0.0)),
    "rename": lambda d: d.rename("fc2", "hidden"),
    "param": lambda d: d.set_param("fc1", "out_features", 7),
    "freeze": lambda d: d.set_trainable("fc3", False),
    "disconnect": lambda d: d.disconnect_nodes(["fc2"]),
    "paste": lambda d: d.paste(d.fragment(["fc1", "act1", "fc2"]), (900.0, 900.0)),
}


@pytest.mark.parametrize("name", EDITS)
def test_undo_and_redo_give_back_the_exact_graph_and_canvas(window, name):
    document = window.document
    before = document.project.graph.to_dict()
    assert EDITS[name](document)
    after = document.project.graph.to_dict()
    assert after != before
    assert_mirrors(window.scene)
    document.undo_stack.undo()
    assert document.project.graph.to_dict() == before
    assert_mirrors(window.scene)
    document.undo_stack.redo()
    assert document.project.graph.to_dict() == after
    assert_mirrors(window.scene)


def test_a_language_switch_redraws_every_card_and_the_summary(window, redrawn):
    document = window.document
    redrawn.clear()
    try:
        window.set_language("zh_CN")
        assert sorted(redrawn) == sorted(document.project.graph.nodes)
        assert window.summary.model.headerData(3, Qt.Orientation.Horizontal) == "输出"
    finally:
        window.set_language(i18n.ENGLISH)
        engine_i18n.set_language(None)
    assert window.summary.model.headerData(3, Qt.Orientation.Horizontal) == "Output"
