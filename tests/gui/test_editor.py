"""The canvas editor driven through real Qt events (mouse on the view's viewport, key
presses, drops carrying the palette's MIME data); each test checks the document's graph.
"""

from __future__ import annotations

from hover import hovered_tooltip
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

import engine
from engine import Edge
from gui.canvas.node_item import GRID, HEIGHT, WIDTH
from gui.main_window import MainWindow
from gui.panels.palette import TYPE_ROLE

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def vp(win: MainWindow, point: QPointF) -> QPoint:
    return win.view.mapFromScene(point)


def show(win: MainWindow, node_id: str) -> None:
    win.view.centerOn(win.scene.nodes[node_id])


def port_point(win: MainWindow, node_id: str, output: bool, index: int = 0) -> QPoint:
    item = win.scene.nodes[node_id]
    port = item.output if output else item.inputs[index]
    return vp(win, port.scenePos())


def drag(win: MainWindow, start: QPoint, end: QPoint) -> None:
    viewport = win.view.viewport()
    QTest.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + (end - start) * (step / 5))
    QTest.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, end)


def palette_drop(win: MainWindow, type_name: str, at: QPoint) -> None:
    """Drop the palette's own drag data for `type_name` onto the canvas at `at`."""
    tree = win.palette.tree
    items = [
        tree.topLevelItem(g).child(i)
        for g in range(tree.topLevelItemCount())
        for i in range(tree.topLevelItem(g).childCount())
    ]
    item = next(i for i in items if i.data(0, TYPE_ROLE) == type_name)
    mime = tree.mimeData([item])
    viewport = win.view.viewport()
    action = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(at, action, mime, buttons, mods),
        QDragMoveEvent(at, action, mime, buttons, mods),
        QDropEvent(QPointF(at), action, mime, buttons, mods),
    ):
        QApplication.sendEvent(viewport, event)


def graph(win: MainWindow) -> engine.Graph:
    return win.document.project.graph


def test_drop_from_palette_creates_node_at_drop_point(window):
    at = QPoint(300, 500)
    palette_drop(window, "Dropout", at)
    node = graph(window).nodes["dropout1"]
    centre = window.view.mapToScene(at)
    assert abs(node.pos[0] + WIDTH / 2 - centre.x()) <= GRID
    assert abs(node.pos[1] + HEIGHT / 2 - centre.y()) <= GRID
    assert window.scene.selected_node_ids() == ["dropout1"]
    assert window.windowTitle().startswith("Binary classifier*") or window.isWindowModified()


def test_drag_from_output_port_to_input_port_connects(window):
    window.document.add_node("Linear", (200.0, 250.0))
    window.document.delete(["act1"])  # frees fc2's input
    show(window, "fc1")
    drag(window, port_point(window, "fc1", True), port_point(window, "linear1", False))
    assert Edge("fc1", "linear1") in graph(window).edges
    show(window, "linear1")
    drag(window, port_point(window, "linear1", True), port_point(window, "fc2", False))
    assert Edge("linear1", "fc2") in graph(window).edges
    assert window.document.analysis.row("fc2").output_shape == (64,)


def test_connection_that_would_close_a_cycle_is_refused(window):
    before = graph(window).to_dict()
    window.view.set_zoom(0.5)
    show(window, "act1")
    drag(window, port_point(window, "act2", True), port_point(window, "fc1", False))
    assert graph(window).to_dict() == before
    assert "cycle" in window.statusBar().currentMessage()


def test_connection_joining_incompatible_shapes_is_refused(window):
    add = window.document.add_node("Add", (400.0, 250.0))
    assert window.document.connect("fc1", add, 0)  # (128,)
    before = graph(window).to_dict()
    window.view.set_zoom(0.5)
    show(window, add)
    drag(window, port_point(window, "act2", True), port_point(window, add, False, 1))  # (64,)
    assert graph(window).to_dict() == before
    assert "same shape" in window.statusBar().currentMessage()


def test_dropping_a_layer_on_an_edge_inserts_it(window):
    edge_item = window.scene.edges[Edge("fc2", "act2")]
    window.view.centerOn(edge_item)
    at = vp(window, edge_item.path().pointAtPercent(0.3))
    palette_drop(window, "Dropout", at)
    edges = graph(window).edges
    assert Edge("fc2", "act2") not in edges
    assert Edge("fc2", "dropout1") in edges and Edge("dropout1", "act2") in edges
    window.document.undo_stack.undo()  # one step undoes the whole insertion
    assert "dropout1" not in graph(window).nodes and Edge("fc2", "act2") in graph(window).edges


def test_delete_key_removes_selected_nodes_and_their_edges(window):
    window.scene.select_nodes(["act1"])
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert "act1" not in graph(window).nodes
    assert not [e for e in graph(window).edges if "act1" in (e.source, e.target)]


def test_copy_paste_and_duplicate_keep_internal_edges(window):
    original = set(graph(window).nodes)
    window.scene.select_nodes(["fc1", "act1"])
    QTest.keyClick(window.view, Qt.Key.Key_C, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_V, CTRL)
    pasted = set(graph(window).nodes) - original
    assert {graph(window).nodes[n].type for n in pasted} == {"Linear", "ReLU"}
    inner = [e for e in graph(window).edges if e.source in pasted or e.target in pasted]
    assert len(inner) == 1 and inner[0].source in pasted and inner[0].target in pasted
    assert sorted(window.scene.selected_node_ids()) == sorted(pasted)
    QTest.keyClick(window.view, Qt.Key.Key_D, CTRL)
    assert len(graph(window).nodes) == len(original) + 4
    assert len(graph(window).edges) == 6 + 2
    QTest.keyClick(window.view, Qt.Key.Key_A, CTRL)
    assert len(window.scene.selected_node_ids()) == len(original) + 4


def test_dragging_a_node_is_one_snapped_undo_step(window):
    count = window.document.undo_stack.count()
    show(window, "fc2")
    start = vp(window, window.scene.nodes["fc2"].sceneBoundingRect().center())
    drag(window, start, start + QPoint(83, 117))
    x, y = graph(window).nodes["fc2"].pos
    assert (x, y) != (600.0, 0.0) and x % GRID == 0 and y % GRID == 0
    assert window.document.undo_stack.count() == count + 1
    window.document.undo_stack.undo()
    assert graph(window).nodes["fc2"].pos == (600.0, 0.0)


def test_undo_and_redo_restore_identical_graphs(window):
    doc = window.document
    before = graph(window).to_dict()
    doc.add_node("Dropout", (50.0, 300.0))
    doc.insert_on_edge("Tanh", Edge("fc1", "act1"), (300.0, 100.0))
    doc.set_param("fc2", "out_features", 32)
    doc.rename("fc3", "head")
    doc.delete(["act2"])
    doc.auto_layout()
    after = graph(window).to_dict()
    stack: QUndoStack = doc.undo_stack
    while stack.canUndo():
        stack.undo()
    assert graph(window).to_dict() == before
    assert not window.isWindowModified()
    while stack.canRedo():
        stack.redo()
    assert graph(window).to_dict() == after
    assert set(window.scene.nodes) == set(graph(window).nodes)


def test_save_and_reopen_gives_the_identical_project(window, tmp_path):
    window.document.set_param("fc1", "out_features", 96)
    assert window.isWindowModified()
    path = tmp_path / "mine.layerlab"
    assert window.files.save_to(path)
    assert not window.isWindowModified() and "mine.layerlab" in window.windowTitle()
    reopened = engine.load_project(path)
    assert reopened.to_dict() == window.document.project.to_dict()
    assert window.files.open_path(str(path))
    assert graph(window).nodes["fc1"].params["out_features"] == 96


def test_property_editor_refuses_invalid_input_at_the_widget(window):
    window.scene.select_nodes(["in"])
    editor = window.properties.editors["shape"]
    edit = editor.edit
    edit.selectAll()
    QTest.keyClicks(edit, "10, x")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert graph(window).nodes["in"].params["shape"] == [10]
    assert editor.hint.isVisibleTo(editor) and "numbers" in editor.hint.text()
    edit.selectAll()
    QTest.keyClicks(edit, "0")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert graph(window).nodes["in"].params["shape"] == [10]
    assert ">= 1" in editor.hint.text()
    edit.selectAll()
    QTest.keyClicks(edit, "12")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert graph(window).nodes["in"].params["shape"] == [12]
    assert not editor.hint.isVisibleTo(editor)
    assert window.document.analysis.row("fc1").params == 12 * 128 + 128


def test_spin_box_param_edit_updates_graph_and_canvas(window):
    window.scene.select_nodes(["fc1"])
    box = window.properties.editors["out_features"].box
    assert box.minimum() == 1
    box.setValue(256)
    assert graph(window).nodes["fc1"].params["out_features"] == 256
    assert window.scene.nodes["fc1"].label == "256"
    assert window.scene.edges[Edge("fc1", "act1")].label == "(256,)"


def test_problem_node_turns_red_and_problem_click_selects_it(window):
    window.document.set_param("in", "shape", [1, 28, 28])
    window.document.insert_on_edge("Conv2d", Edge("in", "fc1"), (100.0, 100.0))
    window.document.set_param("in", "shape", [10])  # Conv2d needs (C, H, W)
    item = window.scene.nodes["conv2d1"]
    assert item.error and "expects" in hovered_tooltip(window, item)
    problems = window.problems
    row = next(
        problems.topLevelItem(i)
        for i in range(problems.topLevelItemCount())
        if problems.topLevelItem(i).text(0).startswith("conv2d1")
    )
    problems.itemClicked.emit(row, 0)
    assert window.scene.selected_node_ids() == ["conv2d1"]


def test_wheel_zoom_fit_and_middle_drag_pan(window, qtbot):
    view = window.view
    view.set_zoom(1.0)
    QTest.keyClick(view, Qt.Key.Key_F)
    fitted = view.zoom
    assert (
        view.mapToScene(view.viewport().rect()).boundingRect().contains(window.scene.nodes_rect())
    )
    view.set_zoom(fitted * 2)
    assert abs(view.zoom - fitted * 2) < 1e-6
    before = view.mapToScene(QPoint(0, 0))
    viewport = view.viewport()
    QTest.mousePress(
        viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(400, 300)
    )
    QTest.mouseMove(viewport, QPoint(300, 250))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 250)
    )
    after = view.mapToScene(QPoint(0, 0))
    assert after.x() > before.x() and after.y() > before.y()


def test_auto_layout_is_one_command(window):
    doc = window.document
    doc.move_nodes({node.id: (0.0, 0.0) for node in graph(window)})
    count = doc.undo_stack.count()
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL)
    xs = [n.pos[0] for n in graph(window)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # a chain runs left to right
    assert doc.undo_stack.count() == count + 1


def test_locked_document_refuses_graph_edits(window):
    before = graph(window).to_dict()
    window.document.set_locked(True)
    assert window.document.add_node("ReLU", (0.0, 0.0)) is None
    window.scene.select_nodes(["act1"])
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert graph(window).to_dict() == before
    assert "locked" in window.statusBar().currentMessage()
    window.document.set_locked(False)
    assert window.document.add_node("ReLU", (0.0, 0.0)) == "relu1"


def test_settings_edits_are_undoable(window):
    doc = window.document
    old = dict(doc.project.training)
    doc.set_settings("training", {**old, "epochs": 3}, "Set epochs")
    assert doc.project.training["epochs"] == 3
    doc.undo_stack.undo()
    assert doc.project.training == old


def test_arrow_key_nudges_merge_into_one_undo_step(window):
    window.scene.select_nodes(["fc2"])
    count = window.document.undo_stack.count()
    for _ in range(3):
        QTest.keyClick(window.view, Qt.Key.Key_Right)
    QTest.keyClick(window.view, Qt.Key.Key_Down)
    assert graph(window).nodes["fc2"].pos == (600.0 + 3 * GRID, GRID)
    assert window.document.undo_stack.count() == count + 1
    window.document.undo_stack.undo()
    assert graph(window).nodes["fc2"].pos == (600.0, 0.0)


def test_space_drag_pans(window):
    view, viewport = window.view, window.view.viewport()
    before = view.mapToScene(QPoint(0, 0))
    QTest.keyPress(view, Qt.Key.Key_Space)
    drag(window, QPoint(500, 400), QPoint(380, 300))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    after = view.mapToScene(QPoint(0, 0))
    assert after.x() > before.x() and after.y() > before.y()
    assert len(graph(window).nodes) == 7  # panning selected or moved nothing
    assert viewport.cursor().shape() != Qt.CursorShape.ClosedHandCursor


def test_lint_warning_shows_a_yellow_mark_not_red(window):
    window.document.insert_on_edge("Linear", Edge("fc1", "act1"), (300.0, 150.0))
    item = window.scene.nodes["linear1"]
    assert item.warnings and not item.error
    assert "Linear" in item.warnings[0] and "⚠" in hovered_tooltip(window, item)


def test_palette_search_filters_layers(window):
    window.palette.search.setText("conv")
    tree = window.palette.tree
    shown = [
        tree.topLevelItem(g).child(i).text(0)
        for g in range(tree.topLevelItemCount())
        for i in range(tree.topLevelItem(g).childCount())
        if not tree.topLevelItem(g).child(i).isHidden()
    ]
    assert "Conv2d" in shown and "ReLU" not in shown


def test_dropping_a_project_file_opens_it(window, tmp_path, examples_dir):
    target = tmp_path / "cnn.layerlab"
    target.write_bytes((examples_dir / "cnn.layerlab").read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(target))])
    viewport = window.view.viewport()
    at = QPoint(200, 200)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(at), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    assert window.document.path.resolve() == target.resolve()
    opened, on_disk = graph(window), engine.load_project(target).graph
    assert [(n.id, n.type, n.params) for n in opened] == [(n.id, n.type, n.params) for n in on_disk]
    assert opened.edges == on_disk.edges
    assert all(n.pos is not None for n in opened), "nodes the file does not place are laid out"
    assert "cnn.layerlab" in window.windowTitle()


def test_tuple_editor_with_named_choices(window):
    doc = window.document
    doc.set_param("in", "shape", [3, 8, 8])
    conv = doc.insert_on_edge("Conv2d", Edge("in", "fc1"), (100.0, 150.0))
    doc.set_param(conv, "padding", "same")
    window.scene.select_nodes([conv])
    editor = window.properties.editors["padding"]
    assert editor.mode.currentText() == "same" and not editor.boxes[0].isEnabled()
    editor.mode.setCurrentIndex(0)  # back to explicit sizes
    editor.boxes[1].setValue(2)
    assert graph(window).nodes[conv].params["padding"] == [0, 2]
    assert window.properties.shape_label.text() == "(32, 6, 10)"


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(window):
    window.document.add_node("ReLU", (0.0, 300.0))
    asked = []

    def cancel() -> None:
        box = QApplication.activeModalWidget()
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(50, cancel)
    assert not window.close()
    assert window.isVisible() and "Save changes" in asked[0]
