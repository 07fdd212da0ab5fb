"""Combo and spin boxes for forms that scroll (properties, training settings, data).

Qt's own boxes take the wheel whenever the pointer is over them, so scrolling down a form
silently changed whatever setting passed under the pointer (a compile mode, an optimizer).
These change only once the box has focus (clicked or tabbed into); otherwise the wheel
goes on to scroll the form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QSpinBox


class _WheelWhenFocused:
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the scroll area around the form


class FormComboBox(_WheelWhenFocused, QComboBox):
    pass


class FormSpinBox(_WheelWhenFocused, QSpinBox):
    pass
