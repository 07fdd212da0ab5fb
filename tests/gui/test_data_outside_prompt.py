"""A project whose data lies outside its folder: F5 asks before the first training, No
trains nothing, Yes trains and is remembered (real window, real dialog, real run)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.main_window import MainWindow

RUN_TIMEOUT_MS = 60_000


def outside_project(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    rows = "".join(f"{i % 7},{(i * 3) % 5},{'yes' if i % 2 else 'no'}\n" for i in range(64))
    (secret / "d.csv").write_text("a,b,label\n" + rows)
    folder = tmp_path / "downloaded"
    folder.mkdir()
    nodes = [
        {"id": "in", "type": "Input", "params": {"shape": [2]}},
        {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
        {"id": "out", "type": "Output"},
    ]
    project = {
        "format": "layerlab",
        "version": 1,
        "name": "outside",
        "graph": {
            "nodes": nodes,
            "edges": [{"from": "in", "to": "fc"}, {"from": "fc", "to": "out"}],
        },
        "data": {"source": "csv", "path": "../elsewhere/d.csv", "target": "label"},
        "training": {"epochs": 1, "batch_size": 16, "device": "cpu"},
    }
    path = folder / "p.layerlab"
    path.write_text(json.dumps(project))
    return path


def press_f5_and_answer(qtbot, win: MainWindow, button: QMessageBox.StandardButton) -> list[str]:
    """Trigger Train; answer the dialog that appears with `button`; the texts seen."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()

    QTimer.singleShot(200, answer)
    win.training.train_action.trigger()
    qtbot.wait(300)
    return seen


def test_training_data_outside_the_folder_asks_first(qtbot, window: MainWindow, tmp_path):
    project = outside_project(tmp_path)
    assert window.files.open_path(str(project), ask=False)
    panel = window.training

    seen = press_f5_and_answer(qtbot, window, QMessageBox.StandardButton.No)
    assert len(seen) == 1
    assert "reads data from outside its folder" in seen[0]
    assert str(tmp_path / "elsewhere" / "d.csv") in seen[0]
    assert panel.run is None and panel.records == []

    seen = press_f5_and_answer(qtbot, window, QMessageBox.StandardButton.Yes)
    assert len(seen) == 1
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)
    assert [r.status for r in panel.records] == ["completed"]

    seen = press_f5_and_answer(qtbot, window, QMessageBox.StandardButton.No)
    assert seen == []  # agreed once for these paths: no second question
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)
    assert len(panel.records) == 2


def test_data_inside_the_folder_trains_without_a_question(qtbot, window: MainWindow, tmp_path):
    project = outside_project(tmp_path)
    (project.parent / "d.csv").write_text((tmp_path / "elsewhere" / "d.csv").read_text())
    doc = json.loads(project.read_text())
    doc["data"]["path"] = "d.csv"
    project.write_text(json.dumps(doc))
    assert window.files.open_path(str(project), ask=False)
    assert press_f5_and_answer(qtbot, window, QMessageBox.StandardButton.No) == []
    qtbot.waitUntil(lambda: window.training.run is None, timeout=RUN_TIMEOUT_MS)
    assert [r.status for r in window.training.records] == ["completed"]
