"""The Help dock, F1, the reference dialog, the training settings' "?" buttons and the
First Model walkthrough, driven through real widgets as a user would."""

from __future__ import annotations

import torch
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

import engine
from engine import choices, i18n
from gui.main_window import MainWindow

RUN_TIMEOUT_MS = 120_000


def menu_action(window: MainWindow, *path: str):
    """The QAction at a menu path like ("Help", "First Model")."""
    menu: QMenu | None = None
    actions = window.menuBar().actions()
    for name in path:
        found = next(a for a in actions if a.text().replace("&", "").rstrip("…") == name)
        menu = found.menu()
        actions = menu.actions() if menu is not None else []
    return found


def press_f1(window: MainWindow) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_F1)


def page_text(window: MainWindow) -> str:
    return window.help.panel.view.browser.toPlainText()


def test_f1_on_a_node_opens_its_page_with_the_nodes_real_shapes(window) -> None:
    assert not window.help.dock.isVisible()
    window.scene.select_nodes(["fc2"])
    press_f1(window)
    assert window.help.dock.isVisible()
    page = window.help.panel.view.page
    assert page is not None and page.name == "Linear"
    text = page_text(window)
    assert "This node: (128,) → (64,)" in text
    assert "in_features = 128" in text
    assert "= 128 × 64 + 64 × 1 = 8,256" in text
    assert "y = x · Wᵀ + b" in text
    assert "torch.nn.Linear.html" in text
    assert not window.help.panel.view.plot or not window.help.panel.view.plot.isVisible()


def test_view_menu_shows_the_help_dock_with_room_to_read(qtbot, window) -> None:
    """View > Help places the dock as F1 does: below Properties, the larger share."""
    dock = window.help.dock
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(dock.isVisible)
    qtbot.waitUntil(lambda: dock.height() > window.properties_dock.height())
    assert dock.y() > window.properties_dock.y(), "below Properties"
    assert dock.width() >= 420, "room for a formula"


def test_f1_with_nothing_selected_opens_the_reference(window) -> None:
    window.scene.clearSelection()
    press_f1(window)
    reference = window.help.reference
    assert reference is not None and reference.isVisible()
    browser = reference.view.browser  # no page chosen yet: it says what to do, not blank
    assert browser.toPlainText() == ""
    assert browser.placeholderText().startswith("Choose a layer, loss or optimizer")
    reference.close()


def test_the_help_dock_follows_the_selection_and_the_nodes_edits(qtbot, window) -> None:
    window.scene.select_nodes(["fc1"])
    press_f1(window)
    panel = window.help.panel
    assert "= 10 × 128 + 128 × 1 = 1,408" in page_text(window)
    window.document.set_param("fc1", "out_features", 32)  # an edit re-works the numbers
    qtbot.waitUntil(lambda: "= 10 × 32 + 32 × 1 = 352" in page_text(window))
    window.scene.select_nodes(["act1"])
    assert panel.view.page.name == "ReLU"
    assert "This node: (32,) → (32,)" in page_text(window)
    assert panel.view.plot is not None and panel.view.plot.isVisible()
    window.scene.clearSelection()
    assert panel.hint.isVisible() and not panel.view.isVisible()


def test_the_activation_plot_is_torchs_function_and_derivative(window) -> None:
    node_id = window.document.add_node("Sigmoid", (300.0, 300.0))
    window.scene.select_nodes([node_id])
    press_f1(window)
    x, y, dy = window.help.panel.view.plotted()
    points = torch.tensor(x)
    sigmoid = torch.sigmoid(points)
    assert len(x) > 100 and x[0] == -4.0 and x[-1] == 4.0
    assert torch.allclose(torch.tensor(y), sigmoid, atol=1e-6)
    assert torch.allclose(torch.tensor(dy), sigmoid * (1 - sigmoid), atol=1e-6)
    window.scene.select_nodes(["act1"])
    x, y, dy = window.help.panel.view.plotted()
    assert [y[i] for i in (0, 80, 160)] == [0.0, 0.0, 4.0]
    assert [dy[i] for i in (0, 159, 160)] == [0.0, 1.0, 1.0]


def test_the_reference_dialog_shows_a_complete_page_for_everything(window) -> None:
    menu_action(window, "Help", "Layer Reference").trigger()
    reference = window.help.reference
    assert set(reference.items) == {
        *(("layer", s.type) for s in engine.all_specs()),
        *(("loss", n) for n in choices.LOSSES),
        *(("optimizer", n) for n in choices.OPTIMIZERS),
    }
    for (kind, name), item in reference.items.items():
        reference.contents.setCurrentItem(item)
        page = reference.view.page
        assert page.name == name and page.kind == kind
        text = reference.view.browser.toPlainText()
        assert page.formula in text and page.summary in text and page.docs_url in text
        assert all(row.meaning in text for row in page.params)
        if page.plot:
            assert reference.view.plot.isVisible()
    reference.search.setText("lstm")
    visible = [n for (_, n), item in reference.items.items() if not item.isHidden()]
    assert visible == ["LSTM"]
    reference.close()


def test_training_settings_explain_the_loss_and_the_optimizer(window) -> None:
    settings = window.training.settings_form
    settings.loss.setCurrentText("BCEWithLogitsLoss")
    QTest.mouseClick(settings.loss_help, Qt.MouseButton.LeftButton)
    reference = window.help.reference
    assert reference.isVisible() and reference.view.page.name == "BCEWithLogitsLoss"
    assert "A Sigmoid before it is a mistake" in reference.view.browser.toPlainText()
    settings.loss.setCurrentText("auto")
    window.document.project.data = {"source": "synthetic", "name": "regression"}
    QTest.mouseClick(settings.loss_help, Qt.MouseButton.LeftButton)
    assert reference.view.page.name == "MSELoss", "the loss auto picks for this data"
    QTest.mouseClick(settings.optimizer.help_button, Qt.MouseButton.LeftButton)
    assert reference.view.page.name == "Adam"
    text = reference.view.browser.toPlainText()
    assert "β₁ = 0.9" in text and "lr" in text
    reference.close()


def test_first_model_walkthrough_trains_and_keeps_the_users_work(qtbot, window) -> None:
    window.document.set_param("fc1", "out_features", 33)  # unsaved work in the open window
    before = window.document.project.to_dict()
    menu_action(window, "Help", "First Model").trigger()
    walk_window = window.help.walkthrough
    qtbot.addWidget(walk_window, before_close_func=lambda w: w.document.undo_stack.setClean())
    walk = walk_window.walkthrough
    assert walk_window is not window
    qtbot.waitUntil(walk.isVisible)  # its tab is raised
    graph = walk_window.document.project.graph
    assert not graph.nodes

    def click(button) -> None:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    for _ in range(3):  # Input, Dense 128, ReLU
        click(walk.next_button)
    assert [graph.nodes[n].type for n in walk.chain] == ["Input", "Linear", "ReLU"]
    assert walk_window.help.panel.view.page.name == "ReLU"  # the dock explains the step
    click(walk.back_button)  # Back is Undo of the step
    assert list(graph.nodes) == walk.chain == ["input1", "linear1"]
    assert len(graph.edges) == 1
    while walk.index < len(walk.steps) - 1:
        click(walk.next_button)
    assert walk_window.training.run is not None, "the last step trains"
    assert not walk.next_button.isEnabled() and not walk.back_button.isEnabled()
    qtbot.waitUntil(lambda: walk.trained, timeout=RUN_TIMEOUT_MS)

    project = walk_window.document.project
    types = [project.graph.nodes[n].type for n in walk.chain]
    assert types == ["Input", "Linear", "ReLU", "Linear", "ReLU", "Linear", "Output"]
    sizes = [project.graph.nodes[n].params.get("out_features") for n in walk.chain]
    assert sizes == [None, 128, None, 64, None, 1, None]
    assert engine.summary(project.graph).total_params == 1408 + 8256 + 65
    assert project.training["loss"] == {"type": "BCEWithLogitsLoss"}
    assert project.data["features"] == 10 and project.data["classes"] == 2
    assert walk.result()["val_accuracy"] > 0.9
    assert "Validation accuracy" in walk.text.toPlainText()
    assert walk.next_button.isEnabled() and walk.next_button.text() == "Finish"

    # the user's window is untouched: same project, still unsaved, its undo still there
    assert window.document.project.to_dict() == before and window.document.dirty
    window.document.undo_stack.undo()
    assert window.document.project.graph.nodes["fc1"].params["out_features"] == 128
    click(walk.next_button)  # Finish
    QApplication.processEvents()
    assert not walk.isVisible() and walk_window.isVisible()  # the trained model stays


def test_pages_follow_a_language_change(qtbot, window) -> None:
    window.scene.select_nodes(["fc2"])
    press_f1(window)
    menu_action(window, "Help", "Layer Reference").trigger()
    reference = window.help.reference
    reference.show_page("loss", "BCEWithLogitsLoss")
    try:
        i18n.set_language("zh_CN")  # what View > Language does, with Qt's translators
        for widget in (window.help.panel, reference):
            QApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
        qtbot.waitUntil(lambda: "这个节点：(128,) → (64,)" in page_text(window))
        browser = reference.view.browser
        qtbot.waitUntil(lambda: "在它前面加 Sigmoid 是错误的" in browser.toPlainText())
        titles = [group.text(0) for _, group in reference.groups]
        assert "激活函数" in titles and "优化器" in titles
    finally:
        i18n.set_language(None)
        reference.close()
