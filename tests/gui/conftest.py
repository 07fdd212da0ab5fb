"""GUI test fixtures: a real MainWindow (offscreen) on a copy of an example project, with
settings and autosaves kept in the test's tmp_path.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication

import engine
from gui.document import Document
from gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


@pytest.fixture
def window(qtbot, tmp_path: Path, examples_dir: Path) -> MainWindow:
    QApplication.setApplicationName("LayerLabTest")
    document = Document(engine.load_project(examples_dir / "binary_classifier.layerlab"))
    win = MainWindow(document, autosave_dir=tmp_path / "autosave")
    # no "unsaved changes" prompt when pytest-qt closes the window
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    win.view.set_zoom(1.0)
    return win


@pytest.fixture(autouse=True, scope="session")
def _empty_clipboard_before_exit():
    """Empty Qt's clipboard and delete pending objects while Qt and Python are both alive:
    left to interpreter shutdown, Qt frees them after Python's wrappers and segfaults."""
    yield
    app = QApplication.instance()
    if app is not None:
        app.clipboard().clear()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
