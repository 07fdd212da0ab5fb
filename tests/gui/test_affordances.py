"""What users of desktop editors expect, driven through the real widgets: right-click
menus (opened by a real context-menu event, or built at a scene point), F2 renaming in
place, the Help menu, layouts, free placement, refusals shown at the cursor.
"""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QCursor, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

import engine
from engine import Edge, Graph, Node, Project
from gui.canvas.layout import FREE_MARGIN, NODE_HEIGHT, NODE_WIDTH, auto_direction
from gui.canvas.view import MIN_ZOOM, READABLE_ZOOM
from gui.document import Document
from gui.help import shortcut_rows, versions
from gui.main_window import MainWindow
from tests.gui.test_editor import drag, graph, port_point, show, vp

CTRL = Qt.KeyboardModifier.ControlModifier


def action(menu: QMenu, *path: str):
    """The action at `path` (texts without '&' and '…'), through submenus."""
    for step, text in enumerate(path):
        found = next(
            a for a in menu.actions() if a.text().replace("&", "").rstrip("…").strip() == text
        )
        if step == len(path) - 1:
            return found
        menu = found.menu()
    raise AssertionError(path)


def texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def right_click(win: MainWindow, at: QPoint) -> QMenu:
    """A real context-menu event on the canvas; returns the menu it popped up."""
    viewport = win.view.viewport()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at), Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(viewport, event)
    menu = win.view.menu
    assert menu is not None and menu.isVisible()
    return menu


def on_edge(win: MainWindow, edge: Edge) -> QPointF:
    """A point of the edge's curve where the edge is the topmost item (no card, no port)."""
    item = win.scene.edges[edge]
    points = (item.path().pointAtPercent(t / 20) for t in range(1, 20))
    return next(p for p in points if win.canvas_menus._item_at(p) is item)


def centre(win: MainWindow, node_id: str) -> QPoint:
    show(win, node_id)
    return vp(win, win.scene.nodes[node_id].sceneBoundingRect().center())


def overlapping(g: Graph) -> list[tuple[str, str]]:
    """Pairs of node cards that touch (closer than the free-space margin)."""
    nodes = [n for n in g if n.pos is not None]
    return [
        (a.id, b.id)
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
        if abs(a.pos[0] - b.pos[0]) < NODE_WIDTH + FREE_MARGIN
        and abs(a.pos[1] - b.pos[1]) < NODE_HEIGHT + FREE_MARGIN
    ]


# -- right-click menus ----------------------------------------------------------------------
def test_node_menu_selects_the_node_and_offers_its_actions(window):
    menu = right_click(window, centre(window, "fc2"))
    assert window.scene.selected_node_ids() == ["fc2"]
    shown = [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]
    assert shown == ["Rename…", "Duplicate", "Copy", "Delete", "Disconnect", "Help: Linear"]
    assert action(menu, "Rename").shortcut() == QKeySequence("F2")
    action(menu, "Disconnect").trigger()
    assert not [e for e in graph(window).edges if "fc2" in (e.source, e.target)]
    window.document.undo_stack.undo()  # one step
    assert Edge("act1", "fc2") in graph(window).edges and Edge("fc2", "act2") in graph(window).edges
    menu.close()


def test_node_menu_duplicate_lands_in_free_space(window):
    menu = window.canvas_menus.menu_at(window.scene.nodes["fc1"].sceneBoundingRect().center())
    for _ in range(3):  # three copies of the same node: none on another
        action(menu, "Duplicate").trigger()
        window.scene.select_nodes(["fc1"])
    assert {"linear1", "linear2", "linear3"} <= set(graph(window).nodes)
    assert overlapping(graph(window)) == []


def test_node_menu_help_explains_that_node_with_its_shapes(window):
    window.scene.select_nodes(["fc1", "fc2"])  # the click, not the selection, says which
    menu = window.canvas_menus.menu_at(window.scene.nodes["fc2"].sceneBoundingRect().center())
    action(menu, "Help: Linear").trigger()
    assert window.help.dock.isVisible() and window.scene.selected_node_ids() == ["fc2"]
    assert window.help.panel.view.page.name == "Linear"
    text = window.help.panel.view.browser.toPlainText()
    assert "This node: (128,) → (64,)" in text


def test_edge_menu_inserts_a_layer_on_the_edge_and_deletes_it(window):
    edge_item = window.scene.edges[Edge("fc2", "act2")]
    window.view.centerOn(edge_item)
    point = edge_item.path().pointAtPercent(0.5)
    menu = right_click(window, vp(window, point))
    assert texts(menu) == ["Delete Connection", "Insert Layer Here"]
    action(menu, "Insert Layer Here", "Regularization", "Dropout").trigger()
    edges = graph(window).edges
    assert Edge("fc2", "dropout1") in edges and Edge("dropout1", "act2") in edges
    assert window.scene.selected_node_ids() == ["dropout1"]
    assert overlapping(graph(window)) == []
    menu.close()
    menu = window.canvas_menus.menu_at(on_edge(window, Edge("dropout1", "act2")))
    action(menu, "Delete Connection").trigger()
    assert Edge("dropout1", "act2") not in graph(window).edges


def test_edge_menu_offers_no_layer_that_takes_no_input(window):
    edge_item = window.scene.edges[Edge("fc2", "act2")]
    menu = window.canvas_menus.menu_at(edge_item.path().pointAtPercent(0.5))
    insert = action(menu, "Insert Layer Here").menu()
    offered = {a.text() for sub in insert.actions() for a in sub.menu().actions()}
    assert "Input" not in offered and {"Linear", "Output", "Add"} <= offered


def test_canvas_menu_adds_a_layer_and_pastes_at_the_click_point(window):
    empty = QPointF(window.scene.nodes_rect().right() + 400, 0)
    menu = window.canvas_menus.menu_at(empty)
    assert not action(menu, "Paste Here").isEnabled()  # nothing copied yet
    action(menu, "Add Layer Here", "Linear", "Linear").trigger()
    node = graph(window).nodes["linear1"]
    assert abs(node.pos[0] + NODE_WIDTH / 2 - empty.x()) <= 10
    assert abs(node.pos[1] + NODE_HEIGHT / 2 - empty.y()) <= 10
    window.scene.select_nodes(["fc1", "act1"])
    window.copy()
    target = QPointF(empty.x(), 600)
    menu = window.canvas_menus.menu_at(target)
    action(menu, "Paste Here").trigger()
    pasted = window.scene.selected_node_ids()
    assert sorted(graph(window).nodes[n].type for n in pasted) == ["Linear", "ReLU"]
    left = min(graph(window).nodes[n].pos[0] for n in pasted)
    top = min(graph(window).nodes[n].pos[1] for n in pasted)
    assert (abs(left - target.x()) <= 10, abs(top - target.y()) <= 10) == (True, True)
    action(menu, "Paste Here").trigger()  # again at the same point: beside, not on top
    assert overlapping(graph(window)) == []


def test_canvas_menu_has_view_actions_with_shortcuts(window):
    menu = window.canvas_menus.menu_at(QPointF(-5000, -5000))
    assert action(menu, "Fit to Window").shortcut() == QKeySequence("F")
    assert action(menu, "Auto-layout").shortcut() == QKeySequence("Ctrl+L")
    assert {"Lay Out Left to Right", "Lay Out Top to Bottom", "Select All"} <= set(texts(menu))


def test_ctrl_v_pastes_at_the_pointer_in_free_space(window):
    window.scene.select_nodes(["fc1"])
    QTest.keyClick(window.view, Qt.Key.Key_C, CTRL)
    show(window, "act2")
    pointer = vp(window, window.scene.nodes["act2"].sceneBoundingRect().center())
    QCursor.setPos(window.view.viewport().mapToGlobal(pointer))
    if window.view.viewport().mapFromGlobal(QCursor.pos()) != pointer:
        pytest.skip("this platform cannot move the pointer")
    QTest.keyClick(window.view, Qt.Key.Key_V, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_V, CTRL)
    assert overlapping(graph(window)) == []
    act2 = graph(window).nodes["act2"].pos
    for new in ("linear1", "linear2"):
        x, y = graph(window).nodes[new].pos
        assert abs(x - act2[0]) < 3 * NODE_WIDTH and abs(y - act2[1]) < 3 * NODE_HEIGHT


# -- rename in place --------------------------------------------------------------------------
def test_f2_renames_in_place_and_escape_cancels(window):
    window.scene.select_nodes(["fc1"])
    QTest.keyClick(window.view, Qt.Key.Key_F2)
    editor = window.view.renamer
    assert editor is not None and editor.isVisible() and editor.selectedText() == "fc1"
    QTest.keyClicks(editor, "hidden")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert "hidden" in graph(window).nodes and "fc1" not in graph(window).nodes
    assert Edge("in", "hidden") in graph(window).edges
    assert window.scene.selected_node_ids() == ["hidden"]
    QTest.keyClick(window.view, Qt.Key.Key_F2)
    QTest.keyClicks(window.view.renamer, "other")
    QTest.keyClick(window.view.renamer, Qt.Key.Key_Escape)
    assert window.view.renamer is None and "hidden" in graph(window).nodes


def test_f2_rename_to_a_taken_id_is_refused_at_the_cursor(window):
    window.scene.select_nodes(["fc1"])
    QTest.keyClick(window.view, Qt.Key.Key_F2)
    QTest.keyClicks(window.view.renamer, "fc2")
    QTest.keyClick(window.view.renamer, Qt.Key.Key_Return)
    assert "fc1" in graph(window).nodes
    assert window.view.note.isVisible() and "already a node called 'fc2'" in window.view.note.text()


# -- refusals where the user looks ------------------------------------------------------------
def test_a_refused_connection_is_explained_at_the_cursor(window):
    window.view.set_zoom(0.5)
    show(window, "act1")
    end = port_point(window, "fc1", False)
    QCursor.setPos(window.view.viewport().mapToGlobal(end))
    drag(window, port_point(window, "act2", True), end)
    note = window.view.note
    assert note.isVisible() and "would create a cycle" in note.text()
    pointer = window.view.viewport().mapFromGlobal(QCursor.pos())
    if window.view.viewport().rect().contains(pointer):  # placed beside the pointer
        assert (note.pos() - pointer).manhattanLength() < 80
    assert "cycle" in window.statusBar().currentMessage()  # and kept in the status bar


# -- layouts and fitting ----------------------------------------------------------------------
def chain(n: int) -> Project:
    nodes = [Node("in", "Input", {"shape": [8]})]
    nodes += [Node(f"fc{i}", "Linear", {"out_features": 8}) for i in range(n)]
    nodes += [Node("out", "Output")]
    edges = [Edge(a.id, b.id) for a, b in pairwise(nodes)]
    return Project(Graph(nodes, edges), name="Deep chain")


def test_deep_graphs_open_top_to_bottom_and_fitted(window):
    window.document.replace_project(chain(14))
    g = graph(window)
    assert auto_direction(g) == "down"
    ys = [g.nodes[n].pos[1] for n in ["in", *(f"fc{i}" for i in range(14)), "out"]]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert window.scene.direction == "down"
    item = window.scene.nodes["fc3"]  # ports on the top and bottom edges
    assert item.inputs[0].pos().y() == 0 and item.output.pos().y() == NODE_HEIGHT
    # too long to fit readably: fitted across (its width), shown from the input down
    view = window.view
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    graph_rect = window.scene.nodes_rect()
    assert view.zoom >= READABLE_ZOOM
    assert visible.left() <= graph_rect.left() and visible.right() >= graph_rect.right()
    assert visible.contains(window.scene.nodes["in"].sceneBoundingRect())
    assert not visible.contains(window.scene.nodes["out"].sceneBoundingRect())
    window.document.replace_project(chain(1))  # a short one opens whole
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.nodes_rect())


def test_a_graph_drifting_sideways_opens_on_its_input(window):
    """An imported ViT's layout drifts sideways as it goes down: centring its start on
    the whole graph's middle left the Input off screen."""
    project = chain(40)
    for k, node_id in enumerate(project.graph.nodes):
        project.graph.nodes[node_id].pos = (3000.0 - 90.0 * k, 120.0 * k)
    window.document.replace_project(project)
    view = window.view
    assert window.scene.direction == "down" and view.zoom >= READABLE_ZOOM
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.nodes["in"].sceneBoundingRect())
    assert visible.contains(window.scene.nodes["fc0"].sceneBoundingRect())


def test_fitting_a_graph_too_long_to_show_whole_shows_its_start(window):
    """A 1,000-node transformer laid out top to bottom fitted at 0.5%: every card under a
    pixel, an empty canvas. Fit stops at the smallest zoom and shows where the graph
    starts."""
    window.document.replace_project(chain(600))
    view = window.view
    view.fit()
    assert view.zoom == pytest.approx(MIN_ZOOM)
    assert window.zoom_label.text() == "10%"
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.nodes["in"].sceneBoundingRect())
    assert not visible.contains(window.scene.nodes["out"].sceneBoundingRect())
    window.document.replace_project(chain(20))  # one that fits at a visible zoom: whole
    view.fit()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert MIN_ZOOM < view.zoom < READABLE_ZOOM and visible.contains(window.scene.nodes_rect())


def test_view_menu_switches_the_layout_direction(window):
    view_menu = window.view_menu
    action(view_menu, "Lay Out Top to Bottom").trigger()
    g = graph(window)
    assert g.nodes["out"].pos[1] > g.nodes["in"].pos[1] and window.scene.direction == "down"
    window.document.undo_stack.undo()
    assert window.scene.direction == "right"
    action(view_menu, "Lay Out Left to Right").trigger()
    assert graph(window).nodes["out"].pos[0] > graph(window).nodes["in"].pos[0]
    assert auto_direction(graph(window)) == "right"  # a 7-node chain stays left to right


def test_examples_open_fitted_and_are_listed_by_name(window, examples_dir):
    file_menu = window.menuBar().actions()[0].menu()
    examples = action(file_menu, "Examples").menu()
    names = {json.loads(p.read_text())["name"] for p in examples_dir.glob("*.layerlab")}
    assert set(texts(examples)) == names
    action(examples, "Small CNN (shapes)").trigger()
    assert window.document.project.name == "Small CNN (shapes)"
    view = window.view
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    whole = visible.contains(window.scene.nodes_rect())
    start = view.zoom >= READABLE_ZOOM and visible.contains(
        window.scene.nodes["in"].sceneBoundingRect()
    )
    assert whole or start


# -- Help menu ----------------------------------------------------------------------------------
def test_shortcuts_dialog_lists_every_action_with_a_shortcut(window):
    help_menu = window.menuBar().actions()[-1].menu()
    action(help_menu, "Keyboard Shortcuts").trigger()
    table = window.help.shortcuts.table
    rows = {(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    for a in window.actions():
        if a.shortcut().isEmpty():
            continue
        text = a.text().replace("&", "").rstrip("…").strip()
        assert any(t == text and a.shortcut().toString() in k for t, k in rows), text
    assert ("Rename", "F2") in rows
    assert ("Zoom In", QKeySequence("Ctrl++").toString() + ", Ctrl+=") in rows
    window.help.shortcuts.close()


def test_shortcut_rows_follow_the_actions(window):
    window.fit_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
    assert ("View", "Fit to Window", "Ctrl+Shift+F") in shortcut_rows(window)


def test_about_shows_the_versions(window):
    import torch
    from PySide6.QtCore import qVersion

    help_menu = window.menuBar().actions()[-1].menu()
    action(help_menu, "About LayerLab").trigger()
    text = window.help.about.text()
    assert engine.__version__ in text and torch.__version__ in text and qVersion() in text
    assert "cpu" in versions()["Training device"] or "cuda" in versions()["Training device"]
    window.help.about.close()


# -- small polish -------------------------------------------------------------------------------
def test_ctrl_equals_zooms_in_and_tooltips_carry_shortcuts(window):
    before = window.view.zoom
    QTest.keyClick(window.view, Qt.Key.Key_Equal, CTRL)
    assert window.view.zoom == pytest.approx(before * 1.25)
    assert window.files.save_action.toolTip() == f"Save ({QKeySequence('Ctrl+S').toString()})"
    assert "(F)" in window.fit_action.toolTip()


def test_saving_an_untitled_project_takes_the_file_name(window, tmp_path):
    window.document.replace_project(Project(Graph([Node("in", "Input", {"shape": [3]})])))
    assert window.document.project.name == "Untitled"
    window.files.save_to(tmp_path / "my model.layerlab")
    assert engine.load_project(tmp_path / "my model.layerlab").name == "my model"
    window.files.save_to(tmp_path / "copy.layerlab")  # a named project keeps its name
    assert engine.load_project(tmp_path / "copy.layerlab").name == "my model"


# -- problems ---------------------------------------------------------------------------------
def test_identical_downstream_warnings_fold_under_their_cause(window, examples_dir):
    window.files.open_path(str(examples_dir / "residual_cnn.layerlab"), ask=False)
    first = next(e for e in graph(window).edges if e.source == "in")
    window.document.delete([], [first])  # cut the input: every node is off the path
    problems = window.problems
    assert problems.topLevelItemCount() == 1  # one row: the cause
    cause = problems.topLevelItem(0)
    assert cause.text(0) == "stem: Conv2d needs 1 input(s); 0 connected"
    group = cause.child(0)
    n = len(graph(window).nodes)
    assert group.text(0) == (
        f"{n} nodes: not on any path from an Input to an Output; it will not be trained"
    )
    assert cause.isExpanded() and not group.isExpanded()
    problems.itemClicked.emit(group.child(3), 0)  # a node row selects its node
    assert window.scene.selected_node_ids() == [group.child(3).text(0)]
    window.document.undo_stack.undo()
    assert problems.rows() == ["No problems found."]


def test_palette_enter_adds_the_first_match_and_says_no_match(window, qtbot):
    search = window.palette.search
    before = set(graph(window).nodes)
    search.setFocus()
    QTest.keyClicks(search, "dropout")
    QTest.keyClick(search, Qt.Key.Key_Return)
    added = set(graph(window).nodes) - before
    assert [graph(window).nodes[n].type for n in added] == ["Dropout"]
    assert window.scene.selected_node_ids() == list(added)
    assert overlapping(graph(window)) == []
    search.clear()
    QTest.keyClicks(search, "lstm")  # an exact name wins over earlier partial matches
    QTest.keyClick(search, Qt.Key.Key_Return)
    assert "lstm1" in graph(window).nodes
    search.clear()
    QTest.keyClicks(search, "zzzq")
    assert window.palette.no_match.isVisible()
    assert window.palette.no_match.text() == "No layer matches “zzzq”."
    count = len(graph(window).nodes)
    QTest.keyClick(search, Qt.Key.Key_Return)
    assert len(graph(window).nodes) == count
    search.clear()
    assert not window.palette.no_match.isVisible()


def test_double_click_focuses_the_first_property_field(window):
    point = centre(window, "fc2")
    QTest.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    editor = window.properties.editors["out_features"]
    focused = QApplication.focusWidget()
    assert focused is not None and (focused is editor or editor.isAncestorOf(focused))
    QTest.keyClick(focused, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(focused, "32")
    QTest.keyClick(focused, Qt.Key.Key_Return)
    assert graph(window).nodes["fc2"].params["out_features"] == 32


# -- export after reopening: which weights ------------------------------------------------------
def answer_offer(window, button_text: str) -> None:
    """Click a button of the "which weights?" question once it is open (it is modal)."""

    def click() -> None:
        box = window.files.interop.offer
        if box is None:
            QTimer.singleShot(10, click)
            return
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)


def reopened_with_weights(window, tmp_path):
    """The window's project saved, weights trained for it saved beside it (plus a file
    that fits another graph), and the project reopened: no model in this session."""
    import torch

    project_path = tmp_path / "clf.layerlab"
    window.files.save_to(project_path)
    trained = engine.build_model(graph(window))
    torch.manual_seed(5)
    for tensor in trained.state_dict().values():
        tensor.copy_(torch.randn_like(tensor))
    engine.save_weights(trained, tmp_path / "clf.safetensors", window.document.project)
    other = engine.load_project(project_path)
    other.graph.nodes["fc1"].params["out_features"] = 3
    engine.save_weights(engine.build_model(other.graph), tmp_path / "zz_other.safetensors", other)
    window.files.open_path(str(project_path), ask=False)
    assert window.training.model is None
    return trained


def test_export_after_reopening_offers_the_fitting_weights(qtbot, window, tmp_path, monkeypatch):
    import torch

    from gui import interop

    trained = reopened_with_weights(window, tmp_path)
    out = tmp_path / "exported.py"
    asked = []

    def save_name(parent, caption, start, filter):
        asked.append(start)
        return str(out), filter

    monkeypatch.setattr(interop.QFileDialog, "getSaveFileName", save_name)
    answer_offer(window, "Use clf.safetensors")  # the other file does not fit this graph
    with qtbot.waitSignal(window.files.interop.finished, timeout=60_000):
        window.files.interop.export("python")
    assert asked == [str(tmp_path / "binary_classifier.py")]  # in the project's folder
    text = window.files.interop.message.text()
    assert "With the trained weights, written next to it as exported.safetensors" in text
    exported = engine.load_model(tmp_path / "exported.safetensors")
    x = torch.randn(4, 10)
    with torch.no_grad():
        assert torch.allclose(exported(x), trained.eval()(x), atol=1e-6)
    assert window.training.model is not None  # loaded for Try it and Save Weights too


def test_export_untrained_is_said_plainly_and_cancel_writes_nothing(
    qtbot, window, tmp_path, monkeypatch
):
    from gui import interop

    reopened_with_weights(window, tmp_path)
    out = tmp_path / "fresh.onnx"
    monkeypatch.setattr(
        interop.QFileDialog, "getSaveFileName", lambda *a: (str(out), "ONNX models (*.onnx)")
    )
    answer_offer(window, "Cancel")
    window.files.interop.export("onnx")
    assert not out.exists() and not window.files.interop.busy_now
    answer_offer(window, "Export Untrained")
    with qtbot.waitSignal(window.files.interop.finished, timeout=60_000):
        window.files.interop.export("onnx")
    assert out.exists()
    assert "Untrained weights" in window.files.interop.message.text()


def test_import_dialog_opens_in_the_project_folder(window, tmp_path, monkeypatch):
    from gui import interop

    window.files.save_to(tmp_path / "here.layerlab")
    seen = []

    def open_name(parent, caption, start, filter):
        seen.append(start)
        return "", filter

    monkeypatch.setattr(interop.QFileDialog, "getOpenFileName", open_name)
    window.files.interop.import_file()
    assert seen == [str(tmp_path)]


def test_shortcuts_name_undo_and_redo_steadily(window):
    window.document.rename("fc1", "hidden")
    assert window.undo_action.text().startswith("&Undo") and "hidden" in window.undo_action.text()
    rows = shortcut_rows(window)
    assert ("Edit", "Undo", QKeySequence("Ctrl+Z").toString()) in rows


@pytest.mark.parametrize("direction", ["right", "down"])
def test_laid_out_edges_never_cross_a_card(window, examples_dir, direction):
    window.files.open_path(str(examples_dir / "residual_cnn.layerlab"), ask=False)
    window.auto_layout(direction)
    assert window.scene.direction == direction
    for edge, item in window.scene.edges.items():
        others = [n for i, n in window.scene.nodes.items() if i not in (edge.source, edge.target)]
        for t in range(1, 20):
            point = item.path().pointAtPercent(t / 20)
            hit = [n.node_id for n in others if n.sceneBoundingRect().contains(point)]
            assert not hit, f"{edge.source} → {edge.target} crosses {hit}"


def test_first_look_at_the_training_tab_gives_it_room(window):
    dock = window.training_dock
    assert dock.visibleRegion().isEmpty()  # the Summary tab shows first
    before = dock.height()
    dock.raise_()  # as clicking its tab does
    QApplication.processEvents()
    assert dock.height() >= 0.45 * window.height() > before
    assert window.view.height() > 150  # the canvas keeps a usable strip


def test_a_1000x650_window_keeps_every_panel_usable(qtbot, tmp_path, examples_dir):
    QApplication.setApplicationName("LayerLabSmall")
    document = Document(engine.load_project(examples_dir / "residual_cnn.layerlab"))
    win = MainWindow(document, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    win.resize(1000, 650)  # a first start on a small screen
    win.show()
    qtbot.waitExposed(win)
    canvas = win.view.viewport()  # docks are sized once the first layout has settled
    qtbot.waitUntil(lambda: canvas.width() >= 450 and canvas.height() >= 220, timeout=2000)
    assert win.palette.tree.width() >= 150 and win.properties.width() >= 230
    assert win.summary.table.height() >= 120
    assert win.view.zoom >= READABLE_ZOOM  # the graph readable at once
    win.training_dock.raise_()
    QApplication.processEvents()
    assert win.training.height() >= 250 and canvas.height() >= 150
