"""The Compare tab: runs side by side (differing settings, best metrics, time, device),
run folders of the project added in one click, a run's curves exported as CSV/PNG/SVG."""

from __future__ import annotations

import csv

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import engine
from engine.runlog import LoggedRun
from engine.training import Trainer
from gui.main_window import MainWindow
from gui.training.runs_table import export_curves

RUN_TIMEOUT_MS = 60_000


def train(qtbot, win: MainWindow, **training) -> None:
    doc = win.document
    settings = {**doc.project.training, "epochs": 2, "batch_size": 32, "device": "cpu"}
    doc.set_settings("training", {**settings, **training}, "tiny run")
    win.training.train_action.trigger()
    qtbot.waitUntil(lambda: win.training.run is None, timeout=RUN_TIMEOUT_MS)


def cell(table, row: int, header: str) -> str:
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return table.item(row, headers.index(header)).text()


def test_runs_compare_side_by_side_and_export(qtbot, window: MainWindow, tmp_path) -> None:
    doc = window.document
    doc.set_settings("data", {**doc.project.data, "samples": 256}, "tiny data")
    train(qtbot, window)
    train(qtbot, window, optimizer={"type": "SGD", "lr": 0.05})
    compare = window.training.compare
    table = compare.table
    records = window.training.records
    assert table.rowCount() == 2
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[:4] == ["Run", "Status", "Device", "Time"]
    assert "optimizer" in headers and "optimizer.lr" in headers and "epochs" not in headers
    assert [cell(table, r, "optimizer") for r in (0, 1)] == ["Adam", "SGD"]
    assert [cell(table, r, "optimizer.lr") for r in (0, 1)] == ["0.001", "0.05"]
    for row, record in enumerate(records):
        assert cell(table, row, "best val_loss") == f"{min(record.history['val_loss']):.4g}"
        assert cell(table, row, "best val_accuracy") == f"{max(record.history['val_accuracy']):.4g}"
        assert cell(table, row, "Device") == "cpu" and cell(table, row, "Status") == "completed"
    assert not compare.export_button.isEnabled()
    rect = table.visualItemRect(table.item(1, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert compare.selected() is records[1] and compare.export_button.isEnabled()

    export_curves(records[1], tmp_path / "c.csv")
    rows = list(csv.DictReader((tmp_path / "c.csv").open()))
    val = [(float(r["x"]), float(r["y"])) for r in rows if r["curve"] == "val_loss"]
    assert val == list(zip([1.0, 2.0], records[1].history["val_loss"], strict=True))
    steps = [float(r["y"]) for r in rows if r["curve"] == "step_loss"]
    assert steps == pytest.approx(records[1].step_loss)
    export_curves(records[1], tmp_path / "c.png")
    with Image.open(tmp_path / "c.png") as image:
        assert image.size == (720, 900)
    export_curves(records[1], tmp_path / "c.svg")
    assert "Run 2: training loss per step" in (tmp_path / "c.svg").read_text()


def test_the_project_run_folders_join_the_table(qtbot, window: MainWindow, tmp_path) -> None:
    project = window.document.project.copy()
    project.data["samples"] = 256
    engine.save_project(project, tmp_path / "p.layerlab")
    for name, lr in (("a", 0.01), ("b", 0.1)):
        project.training["optimizer"] = {"type": "Adam", "lr": lr}
        LoggedRun(Trainer(project, epochs=2, device="cpu"), tmp_path / "runs" / name).run()
    assert window.open_path(str(tmp_path / "p.layerlab"), ask=False)
    compare = window.training.compare
    assert compare.folders_button.isEnabled()
    compare.folders_button.click()
    table = compare.table
    qtbot.waitUntil(lambda: table.rowCount() == 2 and cell(table, 1, "Status") == "completed")
    assert [cell(table, r, "Run") for r in (0, 1)] == ["a", "b"]
    assert [cell(table, r, "optimizer.lr") for r in (0, 1)] == ["0.01", "0.1"]
    assert compare.open_project_runs() == 0  # already shown: not added twice
