"""Freezing a layer from the property panel: one checkbox, undoable, shown in the summary
and kept in the saved project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import engine


def test_untick_trainable_freezes_the_layer_and_undo_restores_it(window, tmp_path: Path):
    window.scene.select_nodes(["fc1"])
    box = window.properties.trainable_box
    assert box.isChecked()
    total = engine.summary(window.document.project.graph).trainable_params
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    graph = window.document.project.graph
    assert graph.nodes["fc1"].trainable is False
    fc1 = window.document.analysis.row("fc1").params
    assert engine.summary(graph).trainable_params == total - fc1
    engine.save_project(window.document.project, tmp_path / "p.layerlab")
    assert engine.load_project(tmp_path / "p.layerlab").graph.nodes["fc1"].trainable is False
    window.document.undo_stack.undo()
    assert graph.nodes["fc1"].trainable is True
    assert box.isChecked()
