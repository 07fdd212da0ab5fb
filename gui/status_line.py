"""A line of text that changes often: the run's status ten times a second, the status
bar's counts at every edit.

QLabel.setText asks the layout for a new geometry at every call, and the request climbs to
the main window, which lays out (and animates) every dock again: measured at ~80 layout
animations a second while a tiny model trained, slowing the training thread by several
percent, and ~10 ms of an edit on a 1,000-node graph. This line only repaints; a text too
long for it is elided, whole in its tooltip. A line that `grows` (the status bar's
counts) asks for more room only when a text no longer fits, and never for less.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

MARGIN = 2  # px above and below the text


class StatusLine(QWidget):
    def __init__(self, text: str = "", *, grows: bool = False) -> None:
        super().__init__()
        self._text = text
        self._grows = grows
        self._room = 0  # a line that grows: the width of its widest text so far
        width = QSizePolicy.Policy.Minimum if grows else QSizePolicy.Policy.Ignored
        self.setSizePolicy(width, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            if self._grows and self._advance() > self._room:
                self._room = self._advance()
                self.updateGeometry()
            self._update_tip()
            self.update()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        text = max(self._room, self._advance())
        return QSize(text + margins.left() + margins.right(), self._height())

    def _advance(self) -> int:
        """The text's width in whole pixels, rounded up (elidedText measures fractions)."""
        return math.ceil(QFontMetricsF(self.font()).horizontalAdvance(self._text))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())

    def _height(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().height() + 2 * MARGIN + margins.top() + margins.bottom()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_tip()

    def _update_tip(self) -> None:
        elided = self._advance() > self.contentsRect().width()
        self.setToolTip(self._text if elided else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, room.width())
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(room, flags, shown)
