"""The editor's fast paths, checked on a real window: a move never re-analyses the graph
and touches only what moved; an edit rewrites only what its analysis changed; the
training path is warmed in the background without touching the project."""

from __future__ import annotations

import copy

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QGraphicsItem

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


def _card(window, node_id: str) -> QImage:
    """The pixels inside a node's card as the view shows it now (its rounded corners, drawn
    over the canvas or from a cached pixmap, differ in anti-aliasing alone)."""
    view, item = window.view, window.scene.nodes[node_id]
    view.centerOn(item)
    QApplication.processEvents()
    area = view.mapFromScene(item.sceneBoundingRect()).boundingRect().adjusted(5, 5, -5, -5)
    return view.viewport().grab(area).toImage()


def _redrawn(window, node_id: str):
    """The same card drawn afresh, no cached pixels."""
    for item in window.scene.nodes.values():
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    window.scene.update()
    return _card(window, node_id)


def test_cards_edited_while_zoomed_out_show_the_edit(window):
    """Zoomed out (no text drawn) an edit repaints only cards whose colours change; the
    view must still show every card as it now is, at that zoom and after zooming in."""
    document, view = window.document, window.view
    view.set_zoom(1.0)
    zoomed_in = _card(window, "act1")
    view.set_zoom(0.3)
    assert not window.scene.text_drawn
    _card(window, "act1")  # drawn zoomed out: the view caches these pixels
    document.set_param("fc1", "out_features", 256)  # act1's shape: (128,) -> (256,)
    document.delete([], [Edge("act2", "fc3")])  # fc3 turns red zoomed out: a new colour
    zoomed_out_fc3 = _card(window, "fc3")
    view.set_zoom(1.0)
    assert window.scene.text_drawn
    act1 = _card(window, "act1")
    assert act1 != zoomed_in  # the new shape is drawn...
    view.set_zoom(0.3)
    assert _card(window, "fc3") == zoomed_out_fc3
    view.set_zoom(1.0)
    assert act1 == _redrawn(window, "act1")  # ...exactly as a fresh drawing shows it
    view.set_zoom(0.3)
    assert zoomed_out_fc3 == _redrawn(window, "fc3")


def test_warm_up_runs_on_every_example_without_touching_it(examples_dir):
    for path in sorted(examples_dir.glob("*.layerlab")):
        project = engine.load_project(path)
        before = copy.deepcopy(project.to_dict())
        thread = warmup.start(project)
        thread.join(timeout=120)
        assert not thread.is_alive(), path.name
        assert project.to_dict() == before, path.name
        engine.warm_up(project)  # raises if the example's model cannot take a step
