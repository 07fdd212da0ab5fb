"""Journeys a new user takes, end to end through the real widgets: menus and shortcuts,
palette drops and port drags on the canvas, the data and settings forms, F5 on a real
QThread, the real file dialogs answered as a user would, files written and read back.
Runs are kept tiny (a few hundred samples, one or two epochs).
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import pytest
import torch
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMenu,
    QToolButton,
)
from test_editor import drag, palette_drop, port_point

import engine
from engine.paths import examples
from gui.main_window import MainWindow, _example_title
from gui.panels.param_editors import BoolEditor, ChoiceEditor, IntEditor, TextEditor
from gui.panels.problems import FIX_ROLE
from gui.training.settings_form import SpecForm

RUN_TIMEOUT_MS = 120_000


# -- how a user answers things ---------------------------------------------------------------
def answer_file_dialog(monkeypatch, path: Path, title: str) -> list[str]:
    """The next save dialog called `title` is answered with `path` as if typed (Qt's static
    dialogs may be native, and a native dialog cannot be driven from a test); returns the
    list that receives the name the dialog suggested."""
    suggested: list[str] = []

    def answer(parent: Any, caption: str, directory: str = "", *args: Any, **kw: Any):
        assert caption.startswith(title), caption
        suggested.append(directory)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return suggested


def menu_action(win: MainWindow, *path: str) -> Any:
    """The action at File > Examples > ... by its visible text (no '&')."""
    actions = win.menuBar().actions()
    for name in path:
        action = next(a for a in actions if a.text().replace("&", "") == name)
        menu: QMenu | None = action.menu()
        actions = menu.actions() if menu is not None else []
    return action


def shown(editor: Any) -> Any:
    """The value a form row displays, read off its widget."""
    if isinstance(editor, IntEditor):
        return editor.box.value()
    if isinstance(editor, BoolEditor):
        return editor.box.isChecked()
    if isinstance(editor, ChoiceEditor):
        return editor.box.currentData()
    if isinstance(editor, TextEditor):
        return editor._parse()
    raise TypeError(type(editor))


def form_matches(form: SpecForm, section: dict[str, Any]) -> None:
    """Every row the form shows holds the project's value, or is empty where the project
    has none: what a form shows is what the project holds."""
    for name, editor in form.editors.items():
        if not form.form.isRowVisible(editor):
            continue
        value = shown(editor)
        value = None if value == "auto" else value  # "auto" is how a form shows "not set"
        assert value == section.get(name), f"the form shows {name}={value!r}"


def press_f5_and_wait(qtbot, win: MainWindow) -> Any:
    QTest.keyClick(win.view, Qt.Key.Key_F5)
    panel = win.training
    assert panel.run is not None, "F5 starts a run"
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)
    return panel.records[-1]


def new_project(win: MainWindow) -> None:
    win.document.undo_stack.setClean()
    QTest.keyClick(win.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


# -- File > New to an exported model -----------------------------------------------------------
def test_new_project_build_train_save_weights_and_export(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    new_project(window)
    doc, panel = window.document, window.training
    assert sorted(doc.project.graph.nodes) == ["in", "out"]
    data_form, settings = panel.data_form, panel.settings_form
    assert doc.project.data == {
        "source": "synthetic",
        "name": "blobs",
        "samples": 1000,
        "validation_split": 0.2,
    }
    form_matches(data_form.forms["synthetic"], doc.project.data)
    form_matches(data_form.split, doc.project.data)
    form_matches(settings.basics, doc.project.training)
    form_matches(settings.optimizer.params, doc.project.training["optimizer"])
    assert "batch 32," in window.summary.totals.text()  # the batch Settings shows

    # build Input(10) -> Linear -> ReLU -> Linear -> Output with palette drops and port drags
    window.view.resetTransform()
    window.view.centerOn(window.scene.nodes["in"])
    origin = port_point(window, "in", True)
    for type_name, dx in (("Linear", 150), ("ReLU", 300), ("Linear", 450)):
        palette_drop(window, type_name, origin + QPoint(dx, 120))
    chain = ["in", "linear1", "relu1", "linear2", "out"]
    for source, target in itertools.pairwise(chain):
        drag(window, port_point(window, source, True), port_point(window, target, False))
    graph = doc.project.graph
    assert {(e.source, e.target) for e in graph.edges} == set(itertools.pairwise(chain))
    window.scene.select_nodes(["linear2"])
    window.properties.editors["out_features"].box.setValue(2)
    assert graph.nodes["linear2"].params["out_features"] == 2
    data_form.forms["synthetic"].editors["samples"].box.setValue(300)
    settings.basics.editors["epochs"].box.setValue(3)
    settings.optimizer.params.editors["lr"].edit.setText("0.05")
    settings.optimizer.params.editors["lr"].edit.editingFinished.emit()

    record = press_f5_and_wait(qtbot, window)
    assert record.status == "completed" and record.final["val_accuracy"] > 0.9

    button = next(
        b for b in panel.findChildren(QToolButton) if b.defaultAction() is panel.save_weights_action
    )
    assert button.isEnabled()
    suggested = answer_file_dialog(monkeypatch, tmp_path / "mlp_w", "Save weights")
    panel.save_weights_action.trigger()  # the name typed without an extension
    assert Path(suggested[0]).name == f"{doc.project.name}.safetensors"
    weights = tmp_path / "mlp_w.safetensors"
    assert weights.is_file(), "Save Weights adds .safetensors"
    x = torch.randn(5, 10)
    assert torch.equal(engine.load_model(weights).eval()(x), panel.model.eval()(x))

    answer_file_dialog(monkeypatch, tmp_path / "mlp.py", "Export")
    menu_action(window, "File", "Export", "PyTorch code (.py)…").trigger()
    qtbot.waitUntil(lambda: not window.interop.busy_now, timeout=RUN_TIMEOUT_MS)
    assert (tmp_path / "mlp.py").is_file()
    assert "With the trained weights" in window.interop.message.text()


# -- every example from the menu, trained from another folder --------------------------------
@pytest.mark.parametrize("example", examples(), ids=lambda p: p.stem)
def test_each_example_opens_from_the_menu_and_trains_anywhere(
    qtbot, window, tmp_path: Path, monkeypatch, example: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # relative data paths must not depend on this
    new_project(window)
    menu_action(window, "File", "Examples", _example_title(example)).trigger()
    doc = window.document
    assert doc.path is None, "an untitled copy: Save never overwrites the example"
    data = dict(doc.project.data)
    if "samples" in data:
        data["samples"] = 120
    doc.set_settings("data", data, "few samples")
    training = {**doc.project.training, "epochs": 1, "device": "cpu"}
    doc.set_settings("training", training, "one epoch")
    assert not [p for p in doc.analysis.problems if p.severity == "error"]
    record = press_f5_and_wait(qtbot, window)
    assert record.status == "completed", window.training.view.error.message.text()
    assert math.isfinite(record.final["train_loss"])


# -- a real CSV file ---------------------------------------------------------------------------
def test_csv_journey_writes_the_target_and_fixes_the_input_in_one_click(
    qtbot, window, tmp_path: Path
) -> None:
    gen = torch.Generator().manual_seed(0)
    points = torch.rand(200, 3, generator=gen) * 2 - 1
    rows = [
        f"{a:.4f},{b:.4f},{c:.4f},{'in' if a * a + b * b < 0.5 else 'out'}"
        for a, b, c in points.tolist()
    ]
    (tmp_path / "points.csv").write_text("a,b,c,label\n" + "\n".join(rows) + "\n")
    window.document.save(tmp_path / "model.layerlab")  # paths are relative to this folder
    panel = window.training
    form = panel.data_form
    form.source.setCurrentText("csv")
    field = form.paths[("csv", "path")].edit
    field.setFocus()
    QTest.keyClicks(field, "points.csv")
    QTest.keyClick(field, Qt.Key.Key_Return)
    data = window.document.project.data
    assert data["path"] == "points.csv" and data["target"] == "label"
    assert form.target.currentText() == "label"
    form_matches(form.forms["csv"], data)

    problems = window.problems
    problems.parentWidget().raise_()  # the Problems tab of the bottom dock
    qtbot.waitUntil(problems.isVisible)
    rows = problems.rows()
    at = rows.index(
        "in: the data (points.csv) gives samples of shape (3,) but Input 'in' takes (10,)"
    )
    assert rows[at + 1] == "  Fix: Set in's shape to (3,)"  # right under its problem
    fix = next(
        problems.topLevelItem(i).child(0)
        for i in range(problems.topLevelItemCount())
        if problems.topLevelItem(i).childCount()
        and problems.topLevelItem(i).child(0).data(0, FIX_ROLE)
    )
    problems.scrollToItem(fix)
    rect = problems.visualItemRect(fix)
    QTest.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document.project.graph.nodes["in"].params["shape"] == [3]
    assert not [p for p in window.document.analysis.problems if p.code == "data-input"]

    window.document.set_settings(
        "training", {**window.document.project.training, "epochs": 2, "device": "cpu"}, "short"
    )
    record = press_f5_and_wait(qtbot, window)
    assert record.status == "completed"
    assert record.labels == ["in", "out"]


# -- open A, train, open B ---------------------------------------------------------------------
def test_opening_another_project_shows_a_clean_training_view(
    qtbot, window, examples_dir: Path
) -> None:
    doc, panel = window.document, window.training
    doc.set_settings("data", {**doc.project.data, "samples": 200}, "few")
    doc.set_settings("training", {**doc.project.training, "epochs": 2, "device": "cpu"}, "short")
    press_f5_and_wait(qtbot, window)
    view = panel.view
    assert view.plots.curve_data("loss", "val_loss")[0] and view.device.text()
    assert panel.confusion.table.isVisible() or panel.confusion.table.rowCount() == 2
    view.error.show_error("left over", False)

    doc.undo_stack.setClean()
    assert window.open_path(str(examples_dir / "lstm_sequence.layerlab"))
    view.plots.redraw()
    assert view.plots.current is None and not view.plots.curves, "no curves of project A"
    assert view.status.text() == "Press F5 to train." and view.device.text() == ""
    assert not view.error.isVisible() and not view.warnings.isVisible()
    assert panel.runs_list.count() == 0 and panel.confusion.table.rowCount() == 0
    assert panel.try_it.output.text() == "Train or load weights first."
    button = next(
        b for b in panel.findChildren(QToolButton) if b.defaultAction() is panel.save_weights_action
    )
    assert not button.isEnabled()  # and Qt draws a disabled button greyed


# -- smaller journeys --------------------------------------------------------------------------
def test_try_it_numbers_rows_as_entered_and_offers_only_what_fits(qtbot, window) -> None:
    doc, panel = window.document, window.training
    doc.set_settings("data", {**doc.project.data, "samples": 200}, "few")
    doc.set_settings("training", {**doc.project.training, "epochs": 1, "device": "cpu"}, "short")
    press_f5_and_wait(qtbot, window)
    try_it = panel.try_it
    assert not try_it.form.isRowVisible(try_it.image_button), "no images for a tabular model"
    assert try_it.values.placeholderText().startswith("10 values separated by commas")
    for row in (0, 5):
        try_it.row.setValue(row)
        QTest.mouseClick(try_it.row_button, Qt.MouseButton.LeftButton)
        assert try_it.output.text().startswith(f"validation row {row} (true: ")


def test_pause_says_paused_instead_of_a_frozen_speed(qtbot, window) -> None:
    doc, panel = window.document, window.training
    doc.set_settings("data", {**doc.project.data, "samples": 20_000}, "many")
    settings = {**doc.project.training, "epochs": 50, "batch_size": 4, "device": "cpu"}
    doc.set_settings("training", settings, "long")
    QTest.keyClick(window.view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "samples/s" in panel.view.status.text(), timeout=RUN_TIMEOUT_MS)
    QTest.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.wait(300)  # batches in flight land
    status = panel.view.status.text()
    assert "paused at epoch 1/50" in status and "samples/s" not in status and "ETA" not in status
    assert panel.view.progress.text().startswith("Paused")
    QTest.keyClick(window.view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "samples/s" in panel.view.status.text(), timeout=RUN_TIMEOUT_MS)
    assert not panel.view.progress.text().startswith("Paused")
    panel.stop_action.trigger()
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)


def test_lint_warnings_show_at_f5_and_the_run_goes_ahead(qtbot, window) -> None:
    doc = window.document
    doc.insert_on_edge(
        "Sigmoid", next(e for e in doc.project.graph.edges if e.target == "out"), (0.0, 0.0)
    )
    doc.set_settings("data", {**doc.project.data, "samples": 200}, "few")
    training = {**doc.project.training, "epochs": 1, "device": "cpu"}
    doc.set_settings("training", {**training, "loss": {"type": "BCEWithLogitsLoss"}}, "bce")
    record = press_f5_and_wait(qtbot, window)
    assert record.status == "completed"
    banner = window.training.view.warnings
    assert banner.isVisible()
    assert "sigmoid1: Sigmoid feeds Output 'out': BCEWithLogitsLoss" in banner.message.text()
    assert "warning: sigmoid1: Sigmoid feeds Output" in window.training.view.log.toPlainText()


def test_disabled_buttons_are_drawn_greyed_in_both_themes(qtbot, window) -> None:
    """Save Weights looked enabled before a run (ButtonText had no disabled colour)."""
    from PySide6.QtGui import QPalette

    from gui import theme

    button = next(
        b
        for b in window.training.findChildren(QToolButton)
        if b.defaultAction() is window.training.save_weights_action
    )
    assert not button.isEnabled()
    app = QApplication.instance()
    before = (app.palette(), app.styleSheet())
    try:
        for name in ("light", "dark"):
            theme.apply(app, theme.THEMES[name])
            palette = button.palette()
            role = QPalette.ColorRole.ButtonText
            disabled = palette.color(QPalette.ColorGroup.Disabled, role)
            assert disabled != palette.color(QPalette.ColorGroup.Active, role)
    finally:
        app.setPalette(before[0])
        app.setStyleSheet(before[1])
