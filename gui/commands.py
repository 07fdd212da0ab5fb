"""One QUndoCommand per kind of edit. Each redo/undo changes the graph exactly and then
asks the document to announce it, so undo restores the identical graph (same node and
edge order) and views never need to know which command ran.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from engine import Edge, Graph, Node

if TYPE_CHECKING:
    from gui.document import Document

Pos = tuple[float, float]
_ABSENT = object()  # a param the node did not set (it takes the layer's default)
MOVE_ID = 1


def _insert_nodes(graph: Graph, placed: list[tuple[int, Node]]) -> None:
    """Put nodes back at their old positions in the insertion order."""
    items = list(graph.nodes.items())
    for index, node in sorted(placed, key=lambda p: p[0]):
        items.insert(index, (node.id, node))
    graph.nodes = dict(items)


def _insert_edges(graph: Graph, placed: list[tuple[int, Edge]]) -> None:
    for index, edge in sorted(placed, key=lambda p: p[0]):
        graph.edges.insert(index, edge)


class GraphCommand(QUndoCommand):
    """Base: holds the document and announces the change after every redo/undo."""

    def __init__(self, document: Document, text: str) -> None:
        super().__init__(text)
        self.document = document

    @property
    def graph(self) -> Graph:
        return self.document.project.graph

    def redo(self) -> None:
        self.apply()
        self.document.graph_edited()

    def undo(self) -> None:
        self.revert()
        self.document.graph_edited()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddNodes(GraphCommand):
    """Add nodes and edges among them (a new node, a paste, a duplicate)."""

    def __init__(self, document: Document, nodes: list[Node], edges: list[Edge], text: str) -> None:
        super().__init__(document, text)
        self.nodes = nodes
        self.edges = edges

    def apply(self) -> None:
        for node in self.nodes:
            self.graph.add_node(copy.deepcopy(node))
        self.graph.edges.extend(self.edges)

    def revert(self) -> None:
        for edge in self.edges:
            self.graph.edges.remove(edge)
        for node in self.nodes:
            self.graph.nodes.pop(node.id)


class RemoveNodes(GraphCommand):
    """Remove nodes with every edge that touches them."""

    def __init__(self, document: Document, node_ids: list[str], text: str) -> None:
        super().__init__(document, text)
        self.node_ids = set(node_ids)
        self.placed_nodes: list[tuple[int, Node]] = []
        self.placed_edges: list[tuple[int, Edge]] = []

    def apply(self) -> None:
        graph = self.graph
        self.placed_nodes = [
            (i, node) for i, node in enumerate(graph.nodes.values()) if node.id in self.node_ids
        ]
        self.placed_edges = [
            (i, e) for i, e in enumerate(graph.edges) if {e.source, e.target} & self.node_ids
        ]
        for node_id in self.node_ids:
            graph.remove_node(node_id)

    def revert(self) -> None:
        _insert_nodes(self.graph, self.placed_nodes)
        _insert_edges(self.graph, self.placed_edges)


class Connect(GraphCommand):
    def __init__(self, document: Document, edge: Edge) -> None:
        super().__init__(
            document,
            QCoreApplication.translate("Commands", "Connect {source} → {target}").format(
                source=edge.source, target=edge.target
            ),
        )
        self.edge = edge

    def apply(self) -> None:
        self.graph.edges.append(self.edge)

    def revert(self) -> None:
        self.graph.edges.remove(self.edge)


class Disconnect(GraphCommand):
    def __init__(self, document: Document, edge: Edge) -> None:
        super().__init__(
            document,
            QCoreApplication.translate("Commands", "Disconnect {source} → {target}").format(
                source=edge.source, target=edge.target
            ),
        )
        self.edge = edge
        self.index = 0

    def apply(self) -> None:
        self.index = self.graph.edges.index(self.edge)
        self.graph.edges.pop(self.index)

    def revert(self) -> None:
        self.graph.edges.insert(self.index, self.edge)


class SetParam(GraphCommand):
    """Set one param; `_ABSENT` as value removes it so the layer default applies."""

    def __init__(self, document: Document, node_id: str, name: str, value: Any) -> None:
        super().__init__(
            document,
            QCoreApplication.translate("Commands", "Set {node}.{param}").format(
                node=node_id, param=name
            ),
        )
        self.node_id = node_id
        self.name = name
        self.value = copy.deepcopy(value)
        self.old = document.project.graph.nodes[node_id].params.get(name, _ABSENT)

    def _set(self, value: Any) -> None:
        params = self.graph.nodes[self.node_id].params
        if value is _ABSENT:
            params.pop(self.name, None)
        else:
            params[self.name] = copy.deepcopy(value)

    def apply(self) -> None:
        self._set(self.value)

    def revert(self) -> None:
        self._set(self.old)


class SetTrainable(GraphCommand):
    """Freeze or unfreeze one layer's weights."""

    def __init__(self, document: Document, node_id: str, trainable: bool) -> None:
        text = (
            QCoreApplication.translate("Commands", "Unfreeze {node}")
            if trainable
            else QCoreApplication.translate("Commands", "Freeze {node}")
        )
        super().__init__(document, text.format(node=node_id))
        self.node_id, self.trainable = node_id, trainable

    def apply(self) -> None:
        self.graph.nodes[self.node_id].trainable = self.trainable

    def revert(self) -> None:
        self.graph.nodes[self.node_id].trainable = not self.trainable


class MoveNodes(GraphCommand):
    """Move nodes (one drag, or an auto-layout); consecutive nudges of the same nodes merge."""

    def __init__(
        self,
        document: Document,
        moves: dict[str, tuple[Pos | None, Pos]],
        text: str = "",
        mergeable: bool = False,
    ) -> None:
        super().__init__(document, text or QCoreApplication.translate("Commands", "Move"))
        self.moves = moves
        self.mergeable = mergeable

    def id(self) -> int:
        return MOVE_ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveNodes) or set(other.moves) != set(self.moves):
            return False
        self.moves = {k: (old, other.moves[k][1]) for k, (old, _) in self.moves.items()}
        return True

    def apply(self) -> None:
        for node_id, (_, new) in self.moves.items():
            self.graph.nodes[node_id].pos = new

    def revert(self) -> None:
        for node_id, (old, _) in self.moves.items():
            self.graph.nodes[node_id].pos = old

    def redo(self) -> None:
        self.apply()
        self.document.nodes_moved(list(self.moves))

    def undo(self) -> None:
        self.revert()
        self.document.nodes_moved(list(self.moves))


class Rename(GraphCommand):
    """Change a node id, keeping its place in the node order and rewriting its edges."""

    def __init__(self, document: Document, old: str, new: str) -> None:
        super().__init__(
            document,
            QCoreApplication.translate("Commands", "Rename {old} → {new}").format(old=old, new=new),
        )
        self.old = old
        self.new = new

    def _rename(self, old: str, new: str) -> None:
        graph = self.graph
        node = graph.nodes[old]
        node.id = new
        graph.nodes = {(new if k == old else k): v for k, v in graph.nodes.items()}
        graph.edges = [
            Edge(new if e.source == old else e.source, new if e.target == old else e.target, e.port)
            for e in graph.edges
        ]

    def apply(self) -> None:
        self._rename(self.old, self.new)

    def revert(self) -> None:
        self._rename(self.new, self.old)


class SetSettings(QUndoCommand):
    """Replace the project's `data` or `training` section (edited by the training panel)."""

    def __init__(self, document: Document, section: str, value: dict[str, Any], text: str):
        super().__init__(text)
        if section not in ("data", "training"):
            raise ValueError(f"unknown settings section {section!r}")
        self.document = document
        self.section = section
        self.value = copy.deepcopy(value)
        self.old = copy.deepcopy(getattr(document.project, section))

    def _set(self, value: dict[str, Any]) -> None:
        setattr(self.document.project, self.section, copy.deepcopy(value))
        self.document.settingsChanged.emit()

    def redo(self) -> None:
        self._set(self.value)

    def undo(self) -> None:
        self._set(self.old)
