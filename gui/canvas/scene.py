"""The canvas scene: one NodeItem per graph node, one EdgeItem per edge, kept in step with
the document's fine-grained signals: a step that adds, removes or renames a node or an
edge touches only those items; when the edit is done (`graphChanged`) only the nodes it
named and the nodes whose analysis changed are redrawn. A move (`nodesMoved`) places only
the moved nodes and re-routes their edges. Items never edit the graph; the scene turns
finished drags into document commands.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent

import engine
from engine import Analysis, Edge
from engine.i18n import language
from engine.layers import find_spec
from gui import theme
from gui.canvas.edge_item import EdgeItem
from gui.canvas.layout import Direction, direction_of
from gui.canvas.node_item import GRID, TEXT_LOD, NodeItem
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
        self._touching: dict[str, list[Edge]] = {}  # node id -> its edges, for re-routing
        self._stale: set[str] = set()  # nodes an edit re-wired, added or renamed
        self._unrouted: set[Edge] = set()  # edges added by an edit
        self._drawn: Analysis | None = None  # the analysis the items show
        self._pressed_at: dict[str, QPointF] = {}  # node positions when a drag began
        self._placing = False  # following a move: edges are routed after all items moved
        self.direction: Direction = "right"  # the way the placed graph flows: port sides
        self._language = language()  # the cards' tooltips and problems are in this one
        self.text_drawn = True  # the view's zoom leaves text readable (else cards show colours)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        document.nodesAdded.connect(self._add_nodes)
        document.nodesRemoved.connect(self._remove_nodes)
        document.edgesAdded.connect(self._add_edges)
        document.edgesRemoved.connect(self._remove_edges)
        document.nodeRenamed.connect(self._rename)
        document.nodesMoved.connect(self.follow_moves)
        document.graphChanged.connect(self.refresh)
        document.settingsChanged.connect(self.refresh)  # lint reads the loss, for one
        document.projectReplaced.connect(self._reset)
        self._reset()

    # -- following the document -----------------------------------------------------------
    def _reset(self) -> None:
        """Another project: new items for everything, at once (the view fits them next)."""
        self.clear()
        self.nodes.clear()
        self.edges.clear()
        self._touching.clear()
        self._stale.clear()
        self._unrouted.clear()
        self._drawn = None
        graph = self.document.project.graph
        self._add_nodes(list(graph.nodes))
        self._add_edges(graph.edges)
        self.refresh()

    def _add_nodes(self, node_ids: list[str]) -> None:
        nodes = self.document.project.graph.nodes
        for node_id in node_ids:
            item = self.nodes[node_id] = NodeItem(node_id)
            self._touching[node_id] = []
            self.addItem(item)
            item.setPos(QPointF(*(nodes[node_id].pos or (0.0, 0.0))))
        self._stale.update(node_ids)

    def _remove_nodes(self, node_ids: list[str]) -> None:
        for node_id in node_ids:
            self.removeItem(self.nodes.pop(node_id))
            del self._touching[node_id]
            self._stale.discard(node_id)

    def _add_edges(self, edges: list[Edge]) -> None:
        for edge in edges:
            for end in {edge.source, edge.target} & self._touching.keys():
                self._touching[end].append(edge)
            self._stale.add(edge.target)  # its input ports may change
            if edge not in self.edges:  # a graph may hold an edge twice: one item
                target = self.document.project.graph.nodes.get(edge.target)
                spec = find_spec(target.type) if target else None
                self.edges[edge] = EdgeItem(edge, batch_only=bool(spec and spec.batch_only))
                self.addItem(self.edges[edge])
                self._unrouted.add(edge)

    def _remove_edges(self, edges: list[Edge]) -> None:
        for edge in edges:
            for end in {edge.source, edge.target} & self._touching.keys():
                self._touching[end].remove(edge)
            self._stale.add(edge.target)
            if edge not in self._touching.get(edge.source, ()):  # its last copy
                self.removeItem(self.edges.pop(edge))
                self._unrouted.discard(edge)

    def _rename(self, old: str, new: str) -> None:
        """Re-key the node's item and its edges' items; selection and position stay."""
        item = self.nodes.pop(old)
        item.rename(new)
        self.nodes[new] = item
        renamed = {
            e: Edge(
                new if e.source == old else e.source, new if e.target == old else e.target, e.port
            )
            for e in self._touching.pop(old)
        }
        self._touching[new] = list(renamed.values())
        for edge, now in renamed.items():
            other = edge.target if edge.source == old else edge.source
            if other != old:
                self._touching[other] = [renamed.get(e, e) for e in self._touching[other]]
            if edge in self.edges:
                edge_item = self.edges.pop(edge)
                edge_item.set_edge(now)
                self.edges[now] = edge_item
        self._stale.add(new)

    def refresh(self) -> None:
        """Redraw what the last edit changed: the nodes its steps named and the nodes whose
        shapes or problems differ from the analysis drawn; then label and route their edges.
        A graph that turned its flow (a top-down layout) or a language switch redraws every
        node."""
        graph = self.document.project.graph
        analysis = self.document.analysis
        direction = direction_of(graph)
        if direction != self.direction or language() != self._language:
            self.direction, self._language = direction, language()
            stale = set(self.nodes)
        else:
            stale = self._stale | analysis.changed_nodes(self._drawn)
        self._drawn, self._stale = analysis, set()
        new_edges, self._unrouted = self._unrouted, set()
        unrouted, relabel = set(new_edges), set(new_edges)
        for node_id in stale & self.nodes.keys():
            touching = self._touching[node_id]
            if self._refresh_node(node_id, analysis):
                unrouted.update(touching)
            relabel.update(e for e in touching if e.source == node_id)
        labels: dict[str, str] = {}  # a source's edges all carry its shape
        for edge in relabel & self.edges.keys():
            if (label := labels.get(edge.source)) is None:
                row = analysis.row(edge.source)
                shape = row.output_shape if row else None
                label = labels[edge.source] = engine.layers.fmt_shape(shape) if shape else ""
            self.edges[edge].set_label(label, self.text_drawn)
        for edge in unrouted & self.edges.keys():
            self._route(edge)

    def _refresh_node(self, node_id: str, analysis: Analysis) -> bool:
        """Show a node's analysis and ports; True when its ports moved."""
        node = self.document.project.graph.nodes[node_id]
        row = analysis.row(node_id)
        problems = analysis.problems_of(node_id)
        error = row.problem if row and row.problem else None
        error = error or next((p.message for p in problems if p.severity == "error"), None)
        spec = engine.get_spec(node.type)
        used = len({e.port for e in self._touching[node_id] if e.target == node_id})
        ports = spec.inputs[0] if not spec.is_merge else max(spec.inputs[0], used + 1)
        ports = max(ports, used, 1 if spec.inputs[1] != 0 else 0)
        return self.nodes[node_id].refresh(
            node.type,
            row.label if row else "",
            row.output_shape if row else None,
            error,
            [p.message for p in problems if p.severity == "warning"],
            ports,
            spec.role != "output",
            self.direction,
            self.text_drawn,
        )

    def zoom_changed(self, zoom: float) -> None:
        """Whether cards and edges draw text at the view's new zoom (node_item.TEXT_LOD):
        zoomed out, an edit that changes only text repaints nothing."""
        self.text_drawn = zoom >= TEXT_LOD

    def follow_moves(self, node_ids: list[str]) -> None:
        """Place the moved nodes' items where the graph has them, then re-route their
        edges, each once. A move that turns the graph's flow (a top-down layout) redraws
        every item, from the analysis already made."""
        graph = self.document.project.graph
        nodes = graph.nodes
        self._placing = True  # route each edge once below, not once per moved end
        try:
            for node_id in node_ids:
                item = self.nodes.get(node_id)
                if item is not None and node_id in nodes:
                    pos = QPointF(*(nodes[node_id].pos or (0.0, 0.0)))
                    if item.pos() != pos:
                        item.setPos(pos)
        finally:
            self._placing = False
        if direction_of(graph) != self.direction:
            self.refresh()
            return
        for edge in {e for node_id in node_ids for e in self._touching.get(node_id, ())}:
            self._route(edge)

    def _route(self, edge: Edge) -> None:
        source, target = self.nodes.get(edge.source), self.nodes.get(edge.target)
        if source and target:
            self.edges[edge].set_ends(
                source.output_anchor(), target.input_anchor(edge.port), self.direction == "down"
            )

    def node_moved(self, node_id: str) -> None:
        """A node item moved (dragging): re-route its edges live."""
        if self._placing:
            return
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
                self.follow_moves(list(moved))  # refused (locked): put the items back

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
