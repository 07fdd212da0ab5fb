"""A node's connection point: inputs on the left edge, the output on the right."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem

from gui import theme

RADIUS = 5.5


class PortItem(QGraphicsEllipseItem):
    """`index` is the input slot (edge.port) for inputs; outputs have index 0."""

    def __init__(self, parent: QGraphicsItem, node_id: str, is_output: bool, index: int) -> None:
        super().__init__(QRectF(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS), parent)
        self.is_output = is_output
        self.index = index
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(2)
        self.set_hover(False)
        self.set_node(node_id)

    def set_node(self, node_id: str) -> None:
        """Belong to `node_id` (a node renamed keeps its ports)."""
        self.node_id = node_id
        kind = (
            QCoreApplication.translate("PortItem", "output")
            if self.is_output
            else QCoreApplication.translate("PortItem", "input {n}").format(n=self.index)
        )
        self.setToolTip(
            QCoreApplication.translate("PortItem", "{node}: {port} — drag to connect").format(
                node=node_id, port=kind
            )
        )

    def set_hover(self, hover: bool) -> None:
        t = theme.current()
        self.setPen(_pen(t.highlight if hover else t.edge))
        self.setBrush(_brush(t.highlight if hover else t.node))
        scale = 1.35 if hover else 1.0
        if self.scale() != scale:  # a new port (thousands in a large graph) is at 1.0
            self.setScale(scale)

    def hoverEnterEvent(self, event) -> None:
        self.set_hover(True)

    def hoverLeaveEvent(self, event) -> None:
        self.set_hover(False)


# Shared by every port (a large graph has thousands; making each its own took a third of
# the time to build them), one per colour of the themes in use.
@cache
def _pen(colour: str) -> QPen:
    return QPen(QColor(colour), 1.6)


@cache
def _brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))
