"""The wheel over a form scrolls the form: it changes a combo or spin box only once the
user has clicked or tabbed into it (scrolling the Settings tab used to flip Compile)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from gui.main_window import MainWindow


def wheel_down(widget: QWidget) -> bool:
    """One notch of the wheel, down, over the middle of `widget`; True if it took it.

    (Qt passes a declined wheel event on to the parents, the scroll area, only for events
    from the window system, which a test cannot make: checked by hand under Xvfb.)"""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_scrolls_the_settings_instead_of_changing_them(qtbot, window: MainWindow):
    window.training_dock.raise_()
    panel = window.training
    panel.tabs.setCurrentIndex(1)  # Settings
    assert isinstance(panel.tabs.currentWidget(), QScrollArea)
    editors = panel.settings_form.basics.editors
    compile_box, epochs_box = editors["compile"].box, editors["epochs"].box
    before = dict(window.document.project.training)
    shown = compile_box.currentText()

    assert not wheel_down(compile_box), "declined: on to the scroll area"
    assert not wheel_down(epochs_box)
    assert compile_box.currentText() == shown
    assert window.document.project.training == before, "no setting changed"

    compile_box.setFocus()  # clicked or tabbed into: now the wheel is the user's choice
    qtbot.waitUntil(compile_box.hasFocus)
    assert wheel_down(compile_box)
    assert compile_box.currentText() != shown
    assert window.document.project.training != before
