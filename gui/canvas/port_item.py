"""A node's connection point: inputs on the left edge, the output on the right."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem

from gui import theme

RADIUS = 5.5


class PortItem(QGraphicsEllipseItem):
    """`index` is the input slot (edge.port) for inputs; outputs have index 0."""

    def __init__(self, parent: QGraphicsItem, node_id: str, is_output: bool, index: int) -> None:
        super().__init__(QRectF(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS), parent)
        self.node_id = node_id
        self.is_output = is_output
        self.index = index
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(2)
        self.set_hover(False)
        kind = (
            QCoreApplication.translate("PortItem", "output")
            if is_output
            else QCoreApplication.translate("PortItem", "input {n}").format(n=index)
        )
        self.setToolTip(
            QCoreApplication.translate("PortItem", "{node}: {port} — drag to connect").format(
                node=node_id, port=kind
            )
        )

    def set_hover(self, hover: bool) -> None:
        t = theme.current()
        self.setPen(QPen(QColor(t.highlight if hover else t.edge), 1.6))
        self.setBrush(QBrush(QColor(t.highlight if hover else t.node)))
        self.setScale(1.35 if hover else 1.0)

    def hoverEnterEvent(self, event) -> None:
        self.set_hover(True)

    def hoverLeaveEvent(self, event) -> None:
        self.set_hover(False)
