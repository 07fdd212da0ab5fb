"""The editor's fast paths, checked on a real window: a move never re-analyses the graph
and touches only what moved; an edit rewrites only what its analysis changed; the
training path is warmed in the background without touching the project."""

from __future__ import annotations

import copy

import engine
from engine import Edge
from gui import warmup


def test_a_move_and_its_undo_never_rerun_the_analysis(window):
    document, scene = window.document, window.scene
    analysis = document.analysis
    edge = scene.edges[Edge("fc2", "act2")]
    before_path, before_pos = edge.path().boundingRect(), document.project.graph.nodes["fc2"].pos
    x, y = before_pos
    document.move_nodes({"fc2": (x + 120.0, y + 60.0)})
    assert document.analysis is analysis  # shapes, lint and summary were not recomputed
    assert scene.nodes["fc2"].pos().x() == x + 120.0
    assert edge.path().boundingRect() != before_path  # its edges followed
    document.undo_stack.undo()
    assert document.analysis is analysis
    assert (scene.nodes["fc2"].pos().x(), scene.nodes["fc2"].pos().y()) == before_pos
    assert edge.path().boundingRect() == before_path


def test_an_edit_redraws_only_what_its_analysis_changed(window):
    document, scene = window.document, window.scene
    model, table = window.summary.model, window.summary.table
    ids = [r.node_id for r in model.rows]
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))
    document.set_param("fc1", "out_features", 256)
    assert document.analysis.row("fc1").output_shape == (256,)
    assert scene.nodes["fc1"].label == "256"
    assert scene.edges[Edge("fc1", "act1")].label == "(256,)"
    fc1 = ids.index("fc1")
    assert model.index(fc1, 3).data() == "(256,)"
    assert table.columnWidth(3) >= table.fontMetrics().horizontalAdvance("(256,)")
    # fc1 (width), act1 (shape) and fc2 (weights) changed; the rows around them did not
    assert changed == [(fc1, ids.index("fc2"))] and ids.index("fc2") == fc1 + 2
    document.undo_stack.undo()
    assert model.index(fc1, 3).data() == "(128,)"


def test_warm_up_runs_on_every_example_without_touching_it(examples_dir):
    for path in sorted(examples_dir.glob("*.layerlab")):
        project = engine.load_project(path)
        before = copy.deepcopy(project.to_dict())
        thread = warmup.start(project)
        thread.join(timeout=120)
        assert not thread.is_alive(), path.name
        assert project.to_dict() == before, path.name
        engine.warm_up(project)  # raises if the example's model cannot take a step
