"""An edge on the canvas: a smooth curve from an output port to an input port, labelled
with the tensor shape that flows along it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from engine import Edge
from gui import theme
from gui.canvas.lazy_tip import LazyTooltip
from gui.canvas.node_item import readable


def curve(start: QPointF, end: QPointF, down: bool = False) -> QPainterPath:
    """A cubic leaving and entering along the flow, the usual node-editor wire:
    horizontal tangents, or vertical ones when the graph flows `down`."""
    path = QPainterPath(start)
    if down:
        bend = QPointF(0, max(30.0, abs(end.y() - start.y()) * 0.5))
    else:
        bend = QPointF(max(40.0, abs(end.x() - start.x()) * 0.5), 0)
    path.cubicTo(start + bend, end - bend, end)
    return path


class EdgeItem(LazyTooltip, QGraphicsPathItem):
    def __init__(self, edge: Edge, batch_only: bool = False) -> None:
        super().__init__()
        self.edge = edge
        self.batch_only = batch_only  # into a learned tensor: carries only the batch size
        self.label = ""
        self.highlighted = False  # a palette drag hovers over it: dropping inserts here
        self._bounds = QRectF()  # set with the path (set_ends)
        self._shape = QPainterPath()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(0)
        self.setAcceptHoverEvents(True)

    def set_ends(self, start: QPointF, end: QPointF, down: bool = False) -> None:
        self.prepareGeometryChange()
        self.setPath(curve(start, end, down))
        # Qt asks for these many times per repaint (thousands of edges in a large graph):
        # kept with the path instead of recomputed in Python each time
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        self._shape = stroker.createStroke(self.path())
        self._bounds = self._shape.controlPointRect().adjusted(-50, -14, 50, 14)  # + label

    def set_label(self, label: str, text_drawn: bool = True) -> None:
        """Show a new shape label; zoomed out (`text_drawn` False) labels are not drawn, so
        nothing is repainted (a zoom that makes them readable repaints every edge)."""
        if label != self.label:
            self.label = label
            self.tip_changed()
            if text_drawn:
                self.update()

    def set_edge(self, edge: Edge) -> None:
        """The same connection under new node ids (a rename)."""
        self.edge = edge
        self.tip_changed()

    def tooltip_text(self) -> str:
        label = self.label
        return f"{self.edge.source} → {self.edge.target}: {label}" if label else ""

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def shape(self) -> QPainterPath:
        return self._shape

    def boundingRect(self) -> QRectF:
        return self._bounds

    def _label_rect(self, font: QFont) -> QRectF:
        mid = self.path().pointAtPercent(0.5)
        width = QFontMetricsF(font).horizontalAdvance(self.label) + 10
        return QRectF(mid.x() - width / 2, mid.y() - 9, width, 18)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None):
        t = theme.current()
        text = readable(painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, text)  # zoomed out: no need
        active = self.isSelected() or self.highlighted
        colour = QColor(t.highlight if active else t.edge)
        faint = self.batch_only and not active  # a learned tensor's batch size: no data
        if faint:
            colour.setAlphaF(0.45)
        style = Qt.PenStyle.DashLine if faint else Qt.PenStyle.SolidLine
        width = 3.0 if active else 1.0 if faint else 1.8
        painter.setPen(QPen(colour, width, style, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        if not self.label or not text or faint:
            return
        font = QFont(painter.font())
        font.setPixelSize(10)
        painter.setFont(font)
        rect = self._label_rect(font)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QColor(t.canvas))
        painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(QColor(t.text if active else t.muted))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label)
