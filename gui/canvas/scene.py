"""The canvas scene: one NodeItem per graph node, one EdgeItem per edge, kept in step with
the document by diffing on every `graphChanged`; a move (`nodesMoved`) touches only the
moved nodes and their edges. Items never edit the graph; the scene turns finished drags
into document commands.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent

import engine
from engine import Edge
from gui import theme
from gui.canvas.edge_item import EdgeItem
from gui.canvas.layout import Direction, direction_of
from gui.canvas.node_item import GRID, NodeItem
from gui.canvas.port_item import PortItem
from gui.document import Document

MAJOR_GRID = 5  # a darker line every N grid cells
MIN_GRID_PX = 12  # zoomed out, grid lines thin out to stay at least this far apart


class GraphScene(QGraphicsScene):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[Edge, EdgeItem] = {}
        self._touching: dict[str, list[Edge]] = {}  # node id -> its edges, for live re-routing
        self._pressed_at: dict[str, QPointF] = {}  # node positions when a drag began
        self.direction: Direction = "right"  # the way the placed graph flows: port sides
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        document.graphChanged.connect(self.sync)
        document.nodesMoved.connect(self.follow_moves)
        document.projectReplaced.connect(self._reset)
        self.sync()

    # -- following the document -----------------------------------------------------------
    def _reset(self) -> None:
        """Another project: new items, at once (the view fits them next)."""
        self.clear()
        self.nodes.clear()
        self.edges.clear()
        self.sync()

    def sync(self) -> None:
        """Bring items in line with the graph: add, remove, move and relabel. Only nodes
        whose content or place changed are redrawn and only their edges re-routed, so an
        edit on a graph of thousands of nodes costs little more than the analysis."""
        graph = self.document.project.graph
        analysis = self.document.analysis
        self.direction = direction_of(graph)
        for node_id in [n for n in self.nodes if n not in graph.nodes]:
            self.removeItem(self.nodes.pop(node_id))
        live = set(graph.edges)
        for edge in [e for e in self.edges if e not in live]:
            self.removeItem(self.edges.pop(edge))
        self._touching = {node_id: [] for node_id in graph.nodes}
        used_ports: dict[str, set[int]] = {node_id: set() for node_id in graph.nodes}
        for edge in graph.edges:
            for end in (edge.source, edge.target):
                if end in self._touching:
                    self._touching[end].append(edge)
            if edge.target in used_ports:
                used_ports[edge.target].add(edge.port)
        changed: set[str] = set()  # nodes whose ports or place may have moved
        for node in graph:
            item = self.nodes.get(node.id)
            if item is None:
                item = self.nodes[node.id] = NodeItem(node.id)
                self.addItem(item)
            row = analysis.row(node.id)
            problems = analysis.problems_of(node.id)
            error = row.problem if row and row.problem else None
            error = error or next((p.message for p in problems if p.severity == "error"), None)
            spec = engine.get_spec(node.type)
            used = len(used_ports[node.id])
            ports = spec.inputs[0] if not spec.is_merge else max(spec.inputs[0], used + 1)
            ports = max(ports, used, 1 if spec.inputs[1] != 0 else 0)
            if item.refresh(
                node.type,
                row.label if row else "",
                row.output_shape if row else None,
                error,
                [p.message for p in problems if p.severity == "warning"],
                ports,
                spec.role != "output",
                self.direction,
            ):
                changed.add(node.id)
            pos = QPointF(*(node.pos or (0.0, 0.0)))
            if item.pos() != pos:
                item.setPos(pos)
                changed.add(node.id)
        for edge in graph.edges:
            item = self.edges.get(edge)
            new = item is None
            if item is None:
                item = self.edges[edge] = EdgeItem(edge)
                self.addItem(item)
            row = analysis.row(edge.source)
            shape = row.output_shape if row else None
            item.set_label(engine.layers.fmt_shape(shape) if shape else "")
            if new or edge.source in changed or edge.target in changed:
                self._route(edge)

    def follow_moves(self, node_ids: list[str]) -> None:
        """Place the moved nodes' items where the graph has them (their edges re-route
        as each item moves, through NodeItem.itemChange). A move that turns the graph's
        flow (a top-down layout) resyncs every item, from the analysis already made."""
        graph = self.document.project.graph
        if direction_of(graph) != self.direction:
            self.sync()
            return
        nodes = graph.nodes
        for node_id in node_ids:
            item = self.nodes.get(node_id)
            if item is not None and node_id in nodes:
                pos = QPointF(*(nodes[node_id].pos or (0.0, 0.0)))
                if item.pos() != pos:
                    item.setPos(pos)

    def _route(self, edge: Edge) -> None:
        source, target = self.nodes.get(edge.source), self.nodes.get(edge.target)
        if source and target:
            self.edges[edge].set_ends(
                source.output_anchor(), target.input_anchor(edge.port), self.direction == "down"
            )

    def node_moved(self, node_id: str) -> None:
        """A node item moved (dragging): re-route its edges live."""
        for edge in self._touching.get(node_id, ()):
            if edge in self.edges:
                self._route(edge)

    def restyle(self) -> None:
        """Repaint every item in the current theme (items cache their pixels)."""
        for item in self.items():
            if isinstance(item, PortItem):
                item.set_hover(False)
            item.update()
        self.update()

    # -- selection ------------------------------------------------------------------------
    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edges(self) -> list[Edge]:
        return [i.edge for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def select_nodes(self, node_ids: list[str]) -> None:
        self.clearSelection()
        for node_id in node_ids:
            if node_id in self.nodes:
                self.nodes[node_id].setSelected(True)

    def nodes_rect(self) -> QRectF:
        rect = QRectF()
        for item in self.nodes.values():
            rect = rect.united(item.sceneBoundingRect())
        return rect

    # -- finishing a drag -----------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._pressed_at = {node_id: item.pos() for node_id, item in self.nodes.items()}
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        before, self._pressed_at = self._pressed_at, {}
        moved = {
            node_id: (item.pos().x(), item.pos().y())
            for node_id, item in self.nodes.items()
            if node_id in before and item.pos() != before[node_id]
        }
        if moved:
            if len(moved) == 1:
                text = self.tr("Move {node}").format(node=next(iter(moved)))
            else:
                text = self.tr("Move {n} nodes").format(n=len(moved))
            if not self.document.move_nodes(moved, text):
                self.sync()  # refused (locked): put the items back

    # -- background -----------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        t = theme.current()
        painter.fillRect(rect, QColor(t.canvas))
        step = GRID * 2
        while step * painter.transform().m11() < MIN_GRID_PX:
            step *= MAJOR_GRID
        left = int(rect.left() // step) * step
        top = int(rect.top() // step) * step
        minor, major = QColor(t.grid), QColor(t.grid).darker(112)
        x = left
        while x < rect.right():
            major_line = round(x / step) % MAJOR_GRID == 0
            painter.setPen(QPen(major if major_line else minor, 0))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            x += step
        y = top
        while y < rect.bottom():
            major_line = round(y / step) % MAJOR_GRID == 0
            painter.setPen(QPen(major if major_line else minor, 0))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            y += step
