"""GUI test fixtures: a real MainWindow (offscreen) on a copy of an example project, with
settings and autosaves kept in the test's tmp_path.
"""

from __future__ import annotations

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


@pytest.fixture(autouse=True)
def _delete_closed_widgets():
    """Delete each test's closed windows before the next test starts: left to pile up,
    deferred deletes run at random later points. No gc.collect(): a forced collection of
    Qt wrappers is a known source of segfaults (the process ends with os._exit instead,
    see tests/conftest.py)."""
    yield
    if QApplication.instance() is None:  # a test of files alone (catalogs) made no app
        return
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.clipboard().clear()  # a copy made by one test is not the next one's paste
