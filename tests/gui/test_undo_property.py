"""Property: any sequence of edits, undone completely, gives back the original graph, and
redone completely gives the edited one (same nodes, params, positions, edge order); the
canvas, updated from the document's signals only, shows what one drawn afresh shows.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scene_mirror import assert_mirrors

import engine
from gui.canvas.scene import GraphScene
from gui.document import Document

TYPES = ["Linear", "ReLU", "Dropout", "Add", "Tanh", "Output"]

edit = st.tuples(
    st.sampled_from(["add", "connect", "delete", "param", "move", "rename", "layout", "insert"]),
    st.integers(0, 1000),
    st.integers(0, 1000),
)


def apply(document: Document, kind: str, a: int, b: int) -> None:
    graph = document.project.graph
    ids = list(graph.nodes)
    pick = ids[a % len(ids)] if ids else None
    other = ids[b % len(ids)] if ids else None
    if kind == "add" or pick is None:
        document.add_node(TYPES[a % len(TYPES)], (float(a), float(b)))
    elif kind == "connect":
        document.connect(pick, other, b % 2)
    elif kind == "delete":
        document.delete([pick])
    elif kind == "param" and graph.nodes[pick].type == "Linear":
        document.set_param(pick, "out_features", 1 + b % 300)
    elif kind == "move":
        document.move_nodes({pick: (float(b), float(a))})
    elif kind == "rename":
        document.rename(pick, f"n{b}")
    elif kind == "layout":
        document.auto_layout()
    elif kind == "insert" and graph.edges:
        document.insert_on_edge("ReLU", graph.edges[a % len(graph.edges)], (0.0, 0.0))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(edit, min_size=1, max_size=15))
def test_undo_all_restores_and_redo_all_replays(qapp, examples_dir, edits):
    document = Document(engine.load_project(examples_dir / "binary_classifier.layerlab"))
    scene = GraphScene(document)
    original = document.project.graph.to_dict()
    for kind, a, b in edits:
        apply(document, kind, a, b)
    edited = document.project.graph.to_dict()
    assert_mirrors(scene)
    stack = document.undo_stack
    while stack.canUndo():
        stack.undo()
    assert document.project.graph.to_dict() == original
    assert_mirrors(scene)
    while stack.canRedo():
        stack.redo()
    assert document.project.graph.to_dict() == edited
    assert_mirrors(scene)
    scene.deleteLater()
