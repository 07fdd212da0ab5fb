"""How one layer looks on the canvas: a card with a category-coloured header (type and id),
the key params, and the output shape. Red when it has a problem, a yellow mark on a lint
warning; hovering shows the reasons.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

import engine
from engine.i18n import language, translate, translate_message
from gui import theme
from gui.canvas.layout import NODE_HEIGHT, NODE_WIDTH, Direction
from gui.canvas.lazy_tip import LazyTooltip
from gui.canvas.port_item import PortItem
from gui.overlay import HEALTH_ROOM, Health, paint_health

WIDTH = NODE_WIDTH
HEIGHT = NODE_HEIGHT
HEADER = 24.0
GRID = 10.0
RADIUS = 6.0
TEXT_LOD = 0.4  # zoomed out below this, cards and edges draw no text (12 px -> 5 px)


class NodeItem(LazyTooltip, QGraphicsItem):
    """Mirrors one graph node; the scene moves and refreshes it, never the graph."""

    def __init__(self, node_id: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.type_name = ""
        self.category: engine.Category | None = None
        self.label = ""
        self.output_shape: tuple[int, ...] | None = None  # shown; not `shape`: a Qt method
        self.error: str | None = None
        self.warnings: list[str] = []
        self.inputs: list[PortItem] = []
        self.output: PortItem | None = None
        self._shown: tuple | None = None  # the arguments of the last refresh
        self.health: Health | None = None  # layer health from a run (gui.overlay)
        self.direction: Direction = "right"  # inputs left, output right; "down": top, bottom
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1)

    def boundingRect(self) -> QRectF:
        return _WITH_HEALTH if self.health else _BOUNDS  # asked often: made once

    def refresh(
        self,
        type_name: str,
        label: str,
        shape: tuple[int, ...] | None,
        error: str | None,
        warnings: list[str],
        input_ports: int,
        has_output: bool,
        direction: Direction = "right",
        text_drawn: bool = True,
    ) -> bool:
        """Show new content (nothing to do when it is already shown); ports are rebuilt
        only when their count changes. True when the ports moved: edges need re-routing.
        `text_drawn` False (zoomed out, cards draw no text) repaints the card only when its
        colours change: the cached card is redrawn anyway when a zoom makes text readable."""
        shown = (
            type_name,
            label,
            shape,
            error,
            warnings,
            input_ports,
            has_output,
            direction,
            language(),
        )
        if shown == self._shown:
            return False
        colours = (self.category, self.error is None)
        self._shown = shown
        spec = engine.get_spec(type_name)
        self.type_name = type_name
        self.category = spec.category
        self.label = label
        self.output_shape = shape
        self.error = error
        self.warnings = warnings
        moved = self._set_ports(input_ports, has_output, direction)
        self.tip_changed()
        if text_drawn or colours != (self.category, self.error is None):
            self.update()
        return moved

    @property
    def shape_text(self) -> str:
        """The output shape as the card writes it ("" while unknown); formatted when drawn,
        not for each of the hundreds of cards an edit on a large graph refreshes."""
        shape = self.output_shape
        return engine.layers.fmt_shape(shape) if shape is not None else ""

    def tooltip_text(self) -> str:
        """What hovering the card shows: type and id, what the layer does, its problems and
        a run's health."""
        tips = [f"<b>{html.escape(self.type_name)}</b> · {html.escape(self.node_id)}"]
        if self.category is not None and (help_text := engine.get_spec(self.type_name).help):
            tips.append(html.escape(translate("reference", help_text)))
        if self.error:
            shown_error = html.escape(translate_message(self.error))
            tips.append(f"<span style='color:{theme.current().error}'>✖ {shown_error}</span>")
        tips += [f"⚠ {html.escape(translate_message(w))}" for w in self.warnings]
        if self.health:
            tips.append(self.health.tip)
        return "<br>".join(tips)

    def rename(self, node_id: str) -> None:
        """Show the node under its new id (ports, tooltip and card follow at the next refresh)."""
        self.node_id = node_id
        for port in [*self.inputs, *([self.output] if self.output else [])]:
            port.set_node(node_id)
        self._shown = None
        self.tip_changed()

    def set_health(self, health: Health | None) -> None:
        """Show (or with None hide) a run's health under the node and in its tooltip."""
        if health == self.health:
            return  # an overlay refresh on a large graph touches only what changed
        if (health is None) != (self.health is None):
            self.prepareGeometryChange()
        self.health = health
        self._show()

    def _show(self) -> None:
        self.tip_changed()
        self.update()

    def _set_ports(self, count: int, has_output: bool, direction: Direction) -> bool:
        """Ports for `count` inputs and the output, on the sides `direction` puts them;
        True when any port moved."""
        moved = direction != self.direction
        self.direction = direction
        if len(self.inputs) != count:
            for port in self.inputs:
                port.setParentItem(None)
                if self.scene():
                    self.scene().removeItem(port)
            self.inputs = [PortItem(self, self.node_id, False, i) for i in range(count)]
            moved = True
        if has_output and self.output is None:
            self.output = PortItem(self, self.node_id, True, 0)
            moved = True
        if moved:
            for i, port in enumerate(self.inputs):
                port.setPos(self._input_point(i, len(self.inputs)))
            if self.output is not None:
                self.output.setPos(self._output_point())
        return moved

    def _input_point(self, index: int, count: int) -> QPointF:
        share = (index + 1) / (count + 1)
        if self.direction == "down":
            return QPointF(WIDTH * share, 0)
        return QPointF(0, HEADER + (HEIGHT - HEADER) * share)

    def _output_point(self) -> QPointF:
        if self.direction == "down":
            return QPointF(WIDTH / 2, HEIGHT)
        return QPointF(WIDTH, HEADER + (HEIGHT - HEADER) / 2)

    def input_anchor(self, port: int) -> QPointF:
        if port < len(self.inputs):
            return self.inputs[port].scenePos()
        return self.mapToScene(self._input_point(0, 1))

    def output_anchor(self) -> QPointF:
        return self.mapToScene(self._output_point())

    # -- painting -------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None):
        t = theme.current()
        rect = QRectF(0, 0, WIDTH, HEIGHT)
        accent = QColor(t.error) if self.error else theme.category_colour(self.category)
        border = QColor(t.highlight) if self.isSelected() else QColor(t.node_border)
        if self.error:
            border = QColor(t.error)
        if not readable(painter):
            # too small to read (a large graph fitted to the window): the card's colours
            painter.fillRect(rect, QColor(t.node))
            painter.fillRect(QRectF(0, 0, WIDTH, HEADER), accent)
            painter.setPen(QPen(border, 2 if self.isSelected() or self.error else 0))
            painter.drawRect(rect)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QPainterPath()
        card.addRoundedRect(rect, RADIUS, RADIUS)
        fill = QColor(t.node)
        if self.error:
            fill = _mix(fill, QColor(t.error), 0.12)
        painter.fillPath(card, fill)
        header = QPainterPath()
        header.addRoundedRect(QRectF(0, 0, WIDTH, HEADER + RADIUS), RADIUS, RADIUS)
        painter.save()
        painter.setClipRect(QRectF(0, 0, WIDTH, HEADER))
        painter.fillPath(header, accent)
        painter.restore()
        painter.setPen(QPen(border, 2.4 if self.isSelected() or self.error else 1.0))
        painter.drawPath(card)

        # header: the type; body: key params with the id on the right, then the shape
        font = QFont(painter.font())
        font.setPixelSize(12)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        title = _elide(font, self.type_name, WIDTH - 16)
        painter.drawText(QRectF(8, 0, WIDTH - 16, HEADER), _LEFT_MIDDLE, title)

        body = QRectF(10, HEADER + 3, WIDTH - 20, HEIGHT - HEADER - 6)
        top_left = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        font.setPixelSize(12)
        painter.setFont(font)
        painter.setPen(QColor(t.text))
        label = _elide(font, self.label, body.width())  # key params first, the id gets the rest
        painter.drawText(body, top_left, label)
        label_room = QFontMetricsF(font).horizontalAdvance(label) + 8 if label else 0
        font.setBold(False)
        font.setPixelSize(11)
        painter.setFont(font)
        painter.setPen(QColor(t.muted))
        ident = _elide(font, self.node_id, body.width() - label_room, Qt.TextElideMode.ElideMiddle)
        painter.drawText(body, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight, ident)
        painter.setPen(QColor(t.error if self.error else t.muted))
        shape = f"✖ {self.error}" if self.error else f"→ {self.shape_text or '?'}"
        bottom_left = Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft
        painter.drawText(body, bottom_left, _elide(font, shape, body.width()))
        if self.warnings and not self.error:
            self._paint_warning(painter, QColor(t.warning))
        if self.health is not None:
            paint_health(painter, self.health, WIDTH, HEIGHT)

    def _paint_warning(self, painter: QPainter, colour: QColor) -> None:
        """A small yellow triangle at the top-right corner."""
        x, y, s = WIDTH - 9, -6, 16
        triangle = QPainterPath(QPointF(x, y))
        triangle.lineTo(x + s / 2, y + s)
        triangle.lineTo(x - s / 2, y + s)
        triangle.closeSubpath()
        painter.setPen(QPen(QColor("#5a4500"), 1))
        painter.setBrush(QBrush(colour))
        painter.drawPath(triangle)
        painter.setPen(QColor("#3a2d00"))
        font = QFont(painter.font())
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(x - s / 2, y + 3, s, s - 3), Qt.AlignmentFlag.AlignCenter, "!")

    # -- moving ---------------------------------------------------------------------------
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):
        # Qt calls this for every change of every card (tooltips, ports added, ...):
        # thousands of calls while a large graph opens, so the common case returns first.
        if change is _POSITION_HAS_CHANGED:
            scene = self.scene()
            if scene is not None:
                scene.node_moved(self.node_id)
        elif change is _POSITION_CHANGE:
            scene = self.scene()
            if scene is not None and scene.mouseGrabberItem() is not None:  # dragging
                return QPointF(round(value.x() / GRID) * GRID, round(value.y() / GRID) * GRID)
        return value  # what QGraphicsItem.itemChange returns


def readable(painter: QPainter) -> bool:
    """Whether text drawn now is large enough to read (zoomed out, cards draw none)."""
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform()) >= TEXT_LOD


_LEFT_MIDDLE = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
_BOUNDS = QRectF(-2, -2, WIDTH + 4, HEIGHT + 4)
_WITH_HEALTH = QRectF(-2, -2, WIDTH + 4, HEIGHT + 4 + HEALTH_ROOM)
_POSITION_CHANGE = QGraphicsItem.GraphicsItemChange.ItemPositionChange
_POSITION_HAS_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged


def _elide(
    font: QFont, text: str, width: float, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight
) -> str:
    return QFontMetricsF(font).elidedText(text, mode, width)


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )
