"""What a person sees when the pointer rests on a canvas item."""

from __future__ import annotations

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsItem

from gui.main_window import MainWindow


def hovered_tooltip(window: MainWindow, item: QGraphicsItem) -> str:
    """Move the pointer onto `item` in the window's view (scrolled into sight) and return
    the tooltip Qt would show there."""
    view = window.view
    view.centerOn(item)
    QApplication.processEvents()
    point = view.mapFromScene(item.sceneBoundingRect().center())
    QTest.mouseMove(view.viewport(), point)
    QApplication.processEvents()
    return item.toolTip()
