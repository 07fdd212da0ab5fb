"""The canvas view: zoom about the cursor, middle-drag and space-drag pan, fit, rubber-band
selection, port-to-port wiring, drops from the palette (onto empty space: a new node;
onto an edge: inserted there) or of project files, right-click menus, renaming a node in
place (F2), and refusals shown as a note at the cursor, where the user is looking.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QCursor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

from gui import theme
from gui.canvas.edge_item import EdgeItem, curve
from gui.canvas.node_item import GRID, HEIGHT, WIDTH, NodeItem
from gui.canvas.port_item import PortItem
from gui.canvas.scene import GraphScene

LAYER_MIME = "application/x-layerlab-layer"
NODES_MIME = "application/x-layerlab-nodes"  # copied nodes, as project-file JSON
NOTE_MS = 4500  # how long a refusal note stays by the cursor
READABLE_ZOOM = 0.75  # below this, node labels get hard to read
PROJECT_SUFFIX = ".layerlab"
MIN_ZOOM, MAX_ZOOM, MAX_FIT_ZOOM = 0.1, 3.0, 1.25
CANVAS = 200_000.0
NUDGES = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


class GraphView(QGraphicsView):
    fileDropped = Signal(str)
    nodeActivated = Signal(str)  # double-click on a node
    zoomChanged = Signal(float)

    def __init__(self, scene: GraphScene) -> None:
        super().__init__(scene)
        self.graph_scene = scene
        self.setSceneRect(QRectF(-CANVAS / 2, -CANVAS / 2, CANVAS, CANVAS))  # room to pan
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._wire: QGraphicsPathItem | None = None
        self._wire_from: PortItem | None = None
        self._pan_from: QPoint | None = None
        self._space = False
        self._drop_edge: EdgeItem | None = None
        self._hint = ""
        self.menu_builder: Callable[[QPointF, QWidget], QMenu] | None = None
        self.menu: QMenu | None = None  # the open right-click menu
        self.renamer: _Renamer | None = None  # the in-place id editor (F2)
        self.note = QLabel(self.viewport())
        self.note.setObjectName("canvasNote")
        self.note.setWordWrap(True)
        self.note.setMaximumWidth(380)
        self.note.hide()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(self.note.hide)
        self.zoomChanged.connect(scene.zoom_changed)
        scene.document.lockedChanged.connect(self._on_locked)
        scene.document.refused.connect(self.show_note)

    # -- zoom and pan ---------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        self.scale(factor / self.zoom, factor / self.zoom)
        self.zoomChanged.emit(self.zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.set_zoom(self.zoom * 1.0015 ** event.angleDelta().y())

    def fit(self) -> None:
        """Show every node, never zooming in past MAX_FIT_ZOOM nor out past MIN_ZOOM: a
        graph too long for that (a 1,000-node transformer fitted at 0.5% drew nothing at
        all) shows its start at MIN_ZOOM, where cards are still coloured blocks."""
        rect = self.graph_scene.nodes_rect()
        if rect.isNull():
            return
        margin = 40
        rect = rect.adjusted(-margin, -margin, margin, margin)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > MAX_FIT_ZOOM:
            self.set_zoom(MAX_FIT_ZOOM)
        if self.zoom < MIN_ZOOM:
            self._show_start_at(MIN_ZOOM)
            return
        self.centerOn(rect.center())
        self.zoomChanged.emit(self.zoom)

    def show_start(self) -> None:
        """The first view of a project: the whole graph, fitted, when that leaves it
        readable; else, as model viewers do, its start (the inputs, at the top or the left)
        at the smallest readable zoom, centred across the flow."""
        self.fit()
        if self.zoom < READABLE_ZOOM:
            self._show_start_at(READABLE_ZOOM)

    def _show_start_at(self, zoom: float) -> None:
        """The graph's start (its inputs' side) at `zoom`, centred across the flow."""
        rect = self.graph_scene.nodes_rect()
        if rect.isNull():
            return
        margin = 40
        self.set_zoom(zoom)
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        down = self.graph_scene.direction == "down"
        # Centred on the nodes of the first screenful, not the whole graph: an imported
        # ViT drifts sideways as it goes, and its centre left the input off screen.
        start = rect.top() if down else rect.left()
        reach = (visible.height() if down else visible.width()) - 2 * margin
        band = QRectF()
        for item in self.graph_scene.nodes.values():
            box = item.sceneBoundingRect()
            if (box.top() if down else box.left()) <= start + reach:
                band = band.united(box)
        if down:
            self.centerOn(band.center().x(), rect.top() - margin + visible.height() / 2)
        else:
            self.centerOn(rect.left() - margin + visible.width() / 2, band.center().y())

    def _pan(self, pos: QPoint) -> None:
        if self._pan_from is None:
            return
        delta = pos - self._pan_from
        self._pan_from = pos
        for bar, step in (
            (self.horizontalScrollBar(), delta.x()),
            (self.verticalScrollBar(), delta.y()),
        ):
            bar.setValue(bar.value() - step)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        step = NUDGES.get(Qt.Key(event.key()))
        selected = self.graph_scene.selected_node_ids()
        if step is not None and selected:
            graph = self.graph_scene.document.project.graph
            dx, dy = step[0] * GRID, step[1] * GRID
            moved = {}
            for node_id in selected:
                x, y = graph.nodes[node_id].pos or (0.0, 0.0)
                moved[node_id] = (x + dx, y + dy)
            self.graph_scene.document.move_nodes(moved, self.tr("Nudge"), mergeable=True)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self._pan_from = None
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    # -- mouse: panning and wiring --------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pan = event.button() == Qt.MouseButton.MiddleButton or (
            self._space and event.button() == Qt.MouseButton.LeftButton
        )
        if pan:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        port = self._port_at(event.position().toPoint())
        if port is not None and event.button() == Qt.MouseButton.LeftButton:
            self._wire_from = port
            self._wire = QGraphicsPathItem()
            self._wire.setPen(QPen(QColor(theme.current().highlight), 2, Qt.PenStyle.DashLine))
            self._wire.setZValue(3)
            self.scene().addItem(self._wire)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan(event.position().toPoint())
            return
        if self._wire is not None and self._wire_from is not None:
            here = self.mapToScene(event.position().toPoint())
            start = self._wire_from.scenePos()
            down = self.graph_scene.direction == "down"
            self._wire.setPath(
                curve(start, here, down) if self._wire_from.is_output else curve(here, start, down)
            )
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            if self._space:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            return
        if self._wire is not None:
            self.scene().removeItem(self._wire)
            self._wire = None
            start, self._wire_from = self._wire_from, None
            end = self._connect_target(event.position().toPoint(), start)
            if start is not None and end is not None:
                out, into = (start, end) if start.is_output else (end, start)
                self.graph_scene.document.connect(out.node_id, into.node_id, into.index)
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        node = item if isinstance(item, NodeItem) else None
        if node is None and item is not None and isinstance(item.parentItem(), NodeItem):
            node = item.parentItem()
        if node is not None:
            self.graph_scene.select_nodes([node.node_id])
            self.nodeActivated.emit(node.node_id)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.menu_builder is None or self.graph_scene.document.locked:
            return
        self.menu = self.menu_builder(self.mapToScene(event.pos()), self)
        self.menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per right-click
        self.menu.popup(event.globalPos())

    # -- renaming in place (F2) -----------------------------------------------------------
    def start_rename(self, node_id: str) -> None:
        """Edit the node's id over its card: Enter (or clicking away) renames, Escape keeps
        the old id."""
        item = self.graph_scene.nodes.get(node_id)
        if item is None or self.graph_scene.document.locked:
            return
        if not self._visible(item):
            self.centerOn(item)
        if self.renamer is not None:
            self.renamer.finish(commit=False)
        top_left = self.mapFromScene(item.mapToScene(QPointF(0, 0)))
        bottom_right = self.mapFromScene(item.mapToScene(QPointF(WIDTH, 30)))
        self.renamer = _Renamer(self, node_id)
        self.renamer.setGeometry(
            top_left.x(), top_left.y(), max(120, bottom_right.x() - top_left.x()), 26
        )
        self.renamer.show()
        self.renamer.setFocus(Qt.FocusReason.OtherFocusReason)
        self.renamer.selectAll()

    def _visible(self, item: NodeItem) -> bool:
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        return visible.contains(item.sceneBoundingRect())

    # -- refusals where the user looks ----------------------------------------------------
    def show_note(self, text: str) -> None:
        """Show a refused edit's reason for a few seconds by the mouse pointer (or at the
        top of the canvas when the pointer is elsewhere, e.g. in the property panel)."""
        self.note.setText(text)
        width = min(self.note.maximumWidth(), self.note.fontMetrics().horizontalAdvance(text) + 32)
        self.note.resize(width, self.note.heightForWidth(width))
        area = self.viewport().rect()
        at = self.viewport().mapFromGlobal(QCursor.pos())
        if not area.contains(at):
            at = QPoint((area.width() - self.note.width()) // 2, 48)
        else:
            at += QPoint(14, 18)
        x = max(4, min(at.x(), area.width() - self.note.width() - 4))
        y = max(4, min(at.y(), area.height() - self.note.height() - 4))
        self.note.move(x, y)
        self.note.show()
        self.note.raise_()
        self._note_timer.start(NOTE_MS)

    def _port_at(self, pos: QPoint) -> PortItem | None:
        for item in self.items(pos):
            if isinstance(item, PortItem):
                return item
        return None

    def _connect_target(self, pos: QPoint, start: PortItem | None) -> PortItem | None:
        """The port under the cursor, or a node's fitting port when dropped on its body."""
        if start is None:
            return None
        port = self._port_at(pos)
        if port is not None:
            return port if port.is_output != start.is_output else None
        for item in self.items(pos):
            if isinstance(item, NodeItem) and item.node_id != start.node_id:
                if start.is_output:
                    return item.inputs[-1] if item.inputs else None
                return item.output
        return None

    # -- drops ----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(LAYER_MIME) or _project_paths(mime):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(LAYER_MIME):
            self._set_drop_edge(self._edge_at(event.position().toPoint()))
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._set_drop_edge(None)

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        self._set_drop_edge(None)
        if mime.hasFormat(LAYER_MIME):
            type_name = bytes(mime.data(LAYER_MIME).data()).decode()
            point = event.position().toPoint()
            centre = self.mapToScene(point)
            pos = (
                round((centre.x() - WIDTH / 2) / GRID) * GRID,
                round((centre.y() - HEIGHT / 2) / GRID) * GRID,
            )
            edge = self._edge_at(point)
            document = self.graph_scene.document
            if edge is not None:
                node_id = document.insert_on_edge(type_name, edge.edge, pos)
            else:
                node_id = document.add_node(type_name, pos)
            if node_id:
                self.graph_scene.select_nodes([node_id])
            event.acceptProposedAction()
        elif paths := _project_paths(mime):
            self.fileDropped.emit(paths[0])
            event.acceptProposedAction()

    def _edge_at(self, pos: QPoint) -> EdgeItem | None:
        for item in self.items(pos):
            if isinstance(item, EdgeItem):
                return item
            if isinstance(item, NodeItem):
                return None
        return None

    def _set_drop_edge(self, edge: EdgeItem | None) -> None:
        if self._drop_edge is not None and self._drop_edge.scene() is not None:
            self._drop_edge.set_highlighted(False)
        self._drop_edge = edge
        if edge is not None:
            edge.set_highlighted(True)

    # -- the training lock ----------------------------------------------------------------
    def _on_locked(self, locked: bool) -> None:
        self._hint = self.tr("Training — the graph is locked") if locked else ""
        self.setInteractive(not locked)
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect) -> None:
        if not self._hint:
            return
        painter.save()
        painter.resetTransform()
        t = theme.current()
        font = painter.font()
        font.setPixelSize(13)
        font.setBold(True)
        painter.setFont(font)
        box = self.viewport().rect().adjusted(0, 10, 0, 0)
        box.setHeight(28)
        width = painter.fontMetrics().horizontalAdvance(self._hint) + 28
        box.setLeft((self.viewport().width() - width) // 2)
        box.setWidth(width)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.warning))
        painter.drawRoundedRect(box, 14, 14)
        painter.setPen(QColor("#2b2100"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._hint)
        painter.restore()


class _Renamer(QLineEdit):
    """The one-line editor F2 puts over a node card."""

    def __init__(self, view: GraphView, node_id: str) -> None:
        super().__init__(node_id, view.viewport())
        self.view = view
        self.node_id = node_id
        self.setObjectName("renamer")
        self.returnPressed.connect(lambda: self.finish(commit=True))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.finish(commit=False)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.finish(commit=True)

    def finish(self, commit: bool) -> None:
        if self.view.renamer is not self:
            return
        self.view.renamer = None
        new = self.text().strip()
        self.hide()
        self.deleteLater()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if commit and new and new != self.node_id:
            scene = self.view.graph_scene
            if scene.document.rename(self.node_id, new):
                scene.select_nodes([new])


def _project_paths(mime) -> list[str]:
    if not mime.hasUrls():
        return []
    return [
        u.toLocalFile()
        for u in mime.urls()
        if u.isLocalFile() and Path(u.toLocalFile()).suffix == PROJECT_SUFFIX
    ]
