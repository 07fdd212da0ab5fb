"""One QUndoCommand per kind of edit. Each redo and undo is one engine.Graph mutator call
(which returns what its inverse needs: an index, the old value, the cut-out nodes) and the
document signal that names what changed, so undo restores the identical graph (same node
and edge order) and views update only the items named.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from engine import Edge, Graph, Node, Placement

if TYPE_CHECKING:
    from gui.document import Document

Pos = tuple[float, float]
_ABSENT = object()  # a param the node did not set (it takes the layer's default)
MOVE_ID = 1


class GraphCommand(QUndoCommand):
    """Base: holds the document, whose graph it edits and whose signals it emits."""

    def __init__(self, document: Document, text: str) -> None:
        super().__init__(text)
        self.document = document

    @property
    def graph(self) -> Graph:
        return self.document.project.graph

    def _inserted(self, placement: Placement) -> None:
        self.graph.insert(placement)
        self.document.nodesAdded.emit(placement.node_ids)
        if placement.edges:
            self.document.edgesAdded.emit([e for _, e in placement.edges])

    def _removed(self, node_ids: list[str]) -> Placement:
        cut = self.graph.remove_nodes(node_ids)
        if cut.edges:
            self.document.edgesRemoved.emit([e for _, e in cut.edges])
        self.document.nodesRemoved.emit(cut.node_ids)
        return cut


class AddNodes(GraphCommand):
    """Add nodes, and edges among them or to the graph, after everything there is (a new
    node, a paste, a duplicate, the node inserted on an edge)."""

    def __init__(self, document: Document, nodes: list[Node], edges: list[Edge], text: str) -> None:
        super().__init__(document, text)
        self.nodes = nodes
        self.edges = edges

    def redo(self) -> None:
        graph = self.graph
        self._inserted(
            Placement(
                tuple(enumerate(self.nodes, len(graph.nodes))),
                tuple(enumerate(self.edges, len(graph.edges))),
            )
        )

    def undo(self) -> None:
        self._removed([n.id for n in self.nodes])


class RemoveNodes(GraphCommand):
    """Remove nodes with every edge that touches them; undo puts all back in place."""

    def __init__(self, document: Document, node_ids: list[str], text: str) -> None:
        super().__init__(document, text)
        self.node_ids = node_ids
        self.cut = Placement()

    def redo(self) -> None:
        self.cut = self._removed(self.node_ids)

    def undo(self) -> None:
        self._inserted(self.cut)


class Connect(GraphCommand):
    def __init__(self, document: Document, edge: Edge) -> None:
        super().__init__(
            document,
            QCoreApplication.translate("Commands", "Connect {source} → {target}").format(
                source=edge.source, target=edge.target
            ),
        )
        self.edge = edge
        self.index: int | None = None

    def redo(self) -> None:
        self.index = self.graph.insert_edge(self.edge, self.index)
        self.document.edgesAdded.emit([self.edge])

    def undo(self) -> None:
        self.graph.remove_edge(self.edge, self.index)
        self.document.edgesRemoved.emit([self.edge])


class Disconnect(GraphCommand):
    def __init__(self, document: Document, edge: Edge) -> None:
        super().__init__(
            document,
            QCoreApplication.translate("Commands", "Disconnect {source} → {target}").format(
                source=edge.source, target=edge.target
            ),
        )
        self.edge = edge
        self.index: int | None = None

    def redo(self) -> None:
        self.index = self.graph.remove_edge(self.edge, self.index)
        self.document.edgesRemoved.emit([self.edge])

    def undo(self) -> None:
        self.graph.insert_edge(self.edge, self.index)
        self.document.edgesAdded.emit([self.edge])


class SetParams(GraphCommand):
    """Replace a node's params (one param set, or removed so the layer default applies)."""

    def __init__(self, document: Document, node_id: str, params: dict[str, Any], text: str):
        super().__init__(document, text)
        self.node_id = node_id
        self.params = params

    @classmethod
    def one(cls, document: Document, node_id: str, name: str, value: Any) -> SetParams:
        """Set param `name` to `value` (`_ABSENT`: remove it)."""
        params = dict(document.project.graph.nodes[node_id].params)
        if value is _ABSENT:
            params.pop(name, None)
        else:
            params[name] = copy.deepcopy(value)
        text = QCoreApplication.translate("Commands", "Set {node}.{param}")
        return cls(document, node_id, params, text.format(node=node_id, param=name))

    def redo(self) -> None:
        self.params = self.graph.set_params(self.node_id, self.params)
        self.document.paramsChanged.emit(self.node_id)

    undo = redo  # set_params hands back the params it replaced: swapping twice restores


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

    def redo(self) -> None:
        self.trainable = self.graph.set_trainable(self.node_id, self.trainable)
        self.document.paramsChanged.emit(self.node_id)

    undo = redo


class MoveNodes(GraphCommand):
    """Move nodes (one drag, or an auto-layout); consecutive nudges of the same nodes merge."""

    def __init__(
        self,
        document: Document,
        positions: dict[str, Pos],
        text: str = "",
        mergeable: bool = False,
    ) -> None:
        super().__init__(document, text or QCoreApplication.translate("Commands", "Move"))
        self.new: dict[str, Pos | None] = dict(positions)
        self.old: dict[str, Pos | None] = {}
        self.mergeable = mergeable

    def id(self) -> int:
        return MOVE_ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveNodes) or set(other.new) != set(self.new):
            return False
        self.new = other.new  # self.old stays: where the nodes were before the first nudge
        return True

    def redo(self) -> None:
        self.old = self.graph.move_nodes(self.new)
        self.document.nodesMoved.emit(list(self.new))

    def undo(self) -> None:
        self.graph.move_nodes(self.old)
        self.document.nodesMoved.emit(list(self.old))


class Rename(GraphCommand):
    """Change a node id, keeping its place in the node order and rewiring its edges."""

    def __init__(self, document: Document, old: str, new: str) -> None:
        super().__init__(
            document,
            QCoreApplication.translate("Commands", "Rename {old} → {new}").format(old=old, new=new),
        )
        self.old = old
        self.new = new

    def redo(self) -> None:
        self.graph.rename_node(self.old, self.new)
        self.document.nodeRenamed.emit(self.old, self.new)

    def undo(self) -> None:
        self.graph.rename_node(self.new, self.old)
        self.document.nodeRenamed.emit(self.new, self.old)


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
