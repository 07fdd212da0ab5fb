"""The open project and its undo stack: the only place the GUI changes a graph.

Every edit becomes a QUndoCommand (gui.commands) that calls an engine.Graph mutator and
emits the fine-grained signal naming what changed (nodesAdded, edgesRemoved, ...); views
update only those items. Once the whole edit is done (a macro included), `graphChanged`
says the analysis is stale, once: panels read the fresh `analysis` then, computed once
per edit. Moves change no shape and no finding, so they emit only `nodesMoved`.

Edits are checked here first (cycles, shapes, ids, params, the training lock), so a refused
edit never reaches the graph and the reason goes out on `refused` for the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

import engine
from engine import Analysis, Edge, Graph, LayerLabError, Node, ParamError, Project
from engine.i18n import translate_message
from gui import commands
from gui.canvas.layout import Direction, free_offset, layered_layout, needs_layout

Pos = tuple[float, float]
PASTE_OFFSET = 40.0


class Document(QObject):
    """Holds `project` and `undo_stack`; emits a signal for every change."""

    # what one step of an edit changed (emitted by gui.commands), for views of the graph
    nodesAdded = Signal(list)  # node ids
    nodesRemoved = Signal(list)  # node ids (their edges went first, on edgesRemoved)
    edgesAdded = Signal(list)  # Edge objects
    edgesRemoved = Signal(list)
    paramsChanged = Signal(str)  # a node's params or trainable flag
    nodeRenamed = Signal(str, str)  # old id, new id (its edges now name the new id)
    nodesMoved = Signal(list)  # ids of nodes whose position alone changed: no re-analysis
    # once per finished edit that can change the analysis (not after moves)
    graphChanged = Signal()
    projectReplaced = Signal()
    settingsChanged = Signal()
    lockedChanged = Signal(bool)
    pathChanged = Signal()
    refused = Signal(str)

    def __init__(self, project: Project | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project or Project(name="Untitled")
        self.undo_stack = QUndoStack(self)
        self.locked = False
        self._analysis: Analysis | None = None
        self._edited = False  # a step changed the graph; graphChanged when the edit ends
        for signal in (
            self.nodesAdded,
            self.nodesRemoved,
            self.edgesAdded,
            self.edgesRemoved,
            self.paramsChanged,
            self.nodeRenamed,
        ):
            signal.connect(self._step_done)
        self.undo_stack.indexChanged.connect(self._edit_done)
        self.settingsChanged.connect(self._forget_analysis)  # batch size, optimizer: memory
        self._place_unplaced()

    # -- files ----------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.project.path

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def replace_project(self, project: Project, dirty: bool = False) -> None:
        """Show another project (open, new, recover); the undo history starts over."""
        self.project = project
        self._place_unplaced()
        self.undo_stack.clear()
        if dirty:
            self.undo_stack.resetClean()  # clean index -1: the stack can never be clean again
        self._analysis = None
        self.projectReplaced.emit()
        self.graphChanged.emit()
        self.pathChanged.emit()

    def open(self, path: str | Path) -> None:
        """Load a project file; raises ProjectError with a message for the user."""
        self.replace_project(engine.load_project(path))

    def save(self, path: str | Path | None = None) -> None:
        target = Path(path) if path else self.project.path
        if target is None:
            raise ValueError("save() needs a path for a project never saved")
        engine.save_project(self.project, target)
        self.undo_stack.setClean()
        self.pathChanged.emit()

    def _place_unplaced(self) -> None:
        """A file with unplaced or overlapping nodes (hand-written) opens laid out."""
        graph = self.project.graph
        if needs_layout(graph):
            graph.move_nodes(layered_layout(graph))

    # -- what the engine thinks -----------------------------------------------------------
    @property
    def analysis(self) -> Analysis:
        """Shapes, params and problems of the current graph and whether the data fits it
        (file headers only), computed once per change (engine.analyze)."""
        if self._analysis is None:
            self._analysis = engine.analyze(self.project)
        return self._analysis

    def _forget_analysis(self) -> None:
        self._analysis = None

    def _step_done(self, *_: object) -> None:
        self._analysis = None
        self._edited = True

    def _edit_done(self) -> None:
        """The undo stack finished a push, an undo or a redo (a whole macro at once)."""
        if self._edited:
            self._edited = False
            self.graphChanged.emit()

    # -- locking (training) ---------------------------------------------------------------
    def set_locked(self, locked: bool) -> None:
        if locked != self.locked:
            self.locked = locked
            self.lockedChanged.emit(locked)

    def _push(self, text: str, *steps: QUndoCommand) -> bool:
        """Push the steps as one undo entry (a macro when there are several)."""
        if self.locked:
            return self._refuse(
                self.tr("The graph is locked while training runs; stop training to edit.")
            )
        if len(steps) == 1:
            self.undo_stack.push(steps[0])
            return True
        self.undo_stack.beginMacro(text)
        for step in steps:
            self.undo_stack.push(step)
        self.undo_stack.endMacro()
        return True

    def _refuse(self, message: str) -> bool:
        self.refused.emit(message)
        return False

    # -- edits ----------------------------------------------------------------------------
    def new_node(self, type_name: str, pos: Pos) -> Node:
        """A fresh node of a registered type at the free spot nearest `pos`."""
        spec = engine.get_spec(type_name)
        graph = self.project.graph
        pos = self.free_spot([(0.0, 0.0)], pos)
        return Node(graph.unique_id(spec.type), spec.type, spec.initial_params(), pos)

    def free_spot(self, positions: list[Pos], wanted: Pos) -> Pos:
        """The shift nearest `wanted` that puts node cards at `positions` clear of every
        node of the graph."""
        taken = [n.pos for n in self.project.graph if n.pos is not None]
        return free_offset(taken, positions, wanted)

    def add_node(self, type_name: str, pos: Pos) -> str | None:
        """Add a fresh node of a registered type; returns its id."""
        node = self.new_node(type_name, pos)
        ok = self._push(
            "", commands.AddNodes(self, [node], [], self.tr("Add {node}").format(node=node.id))
        )
        return node.id if ok else None

    def insert_on_edge(self, type_name: str, edge: Edge, pos: Pos) -> str | None:
        """Add a node in the middle of an edge: source -> new -> target, as one step."""
        node = self.new_node(type_name, pos)
        if engine.get_spec(type_name).inputs[1] == 0:
            self._refuse(
                self.tr("{type} takes no input, so it cannot go on an edge").format(type=type_name)
            )
            return None
        trial = self.project.graph.copy()
        trial.insert_node(node.copy())
        trial.remove_edge(edge)
        new_edges = [Edge(edge.source, node.id), Edge(node.id, edge.target, edge.port)]
        for new_edge in new_edges:
            trial.insert_edge(new_edge)
        if reason := _shape_refusal(trial, [node.id, edge.target]):
            self._refuse(
                self.tr("Cannot insert {type} there: {reason}").format(
                    type=type_name, reason=translate_message(reason)
                )
            )
            return None
        ok = self._push(
            self.tr("Insert {node}").format(node=node.id),
            commands.Disconnect(self, edge),
            commands.AddNodes(self, [node], new_edges, self.tr("Add {node}").format(node=node.id)),
        )
        return node.id if ok else None

    def delete(self, node_ids: list[str], edges: list[Edge] = ()) -> bool:
        """Remove nodes (with their edges) and edges, as one undo step."""
        graph = self.project.graph
        ids = [i for i in node_ids if i in graph.nodes]
        gone = set(ids)
        steps: list[QUndoCommand] = [
            commands.Disconnect(self, e)
            for e in edges
            if e in graph.edges and not {e.source, e.target} & gone
        ]
        if ids:
            if len(ids) == 1:
                text = self.tr("Delete {node}").format(node=ids[0])
            else:
                text = self.tr("Delete {n} nodes").format(n=len(ids))
            steps.append(commands.RemoveNodes(self, ids, text))
        return bool(steps) and self._push(self.tr("Delete"), *steps)

    def disconnect_nodes(self, node_ids: list[str]) -> bool:
        """Remove every edge into or out of the nodes, as one undo step."""
        ids = set(node_ids)
        edges = [e for e in self.project.graph.edges if e.source in ids or e.target in ids]
        if not edges:
            return False
        if len(ids) == 1:
            text = self.tr("Disconnect {node}").format(node=node_ids[0])
        else:
            text = self.tr("Disconnect {n} nodes").format(n=len(ids))
        return self._push(text, *(commands.Disconnect(self, e) for e in edges))

    def connect(self, source: str, target: str, port: int = 0) -> bool:
        """Connect source's output to `port` of target, replacing what fed that port.

        Refused (False, reason on `refused`) when it would close a cycle, the target takes
        no input, or the target cannot accept the source's shape.
        """
        graph = self.project.graph
        spec = engine.get_spec(graph.nodes[target].type)
        if source == target:
            return self._refuse(self.tr("A node cannot feed itself."))
        if spec.inputs[1] == 0:
            return self._refuse(
                self.tr("{node} is an {type} node: it takes no input.").format(
                    node=target, type=spec.type
                )
            )
        if graph.would_create_cycle(source, target):
            return self._refuse(
                self.tr("Connecting {source} → {target} would create a cycle.").format(
                    source=source, target=target
                )
            )
        edge = Edge(source, target, port)
        if edge in graph.edges:
            return False
        old = [e for e in graph.incoming(target) if e.port == port]
        trial = graph.copy()
        for e in old:
            trial.remove_edge(e)
        trial.insert_edge(edge)
        if reason := _shape_refusal(trial, [target]):
            return self._refuse(
                self.tr("Cannot connect {source} → {target}: {reason}").format(
                    source=source, target=target, reason=translate_message(reason)
                )
            )
        steps = [commands.Disconnect(self, e) for e in old]
        return self._push(
            self.tr("Connect {source} → {target}").format(source=source, target=target),
            *steps,
            commands.Connect(self, edge),
        )

    def set_param(self, node_id: str, name: str, value: Any) -> bool:
        """Set a param after the layer's ParamSpec accepts it; equal values are no-ops."""
        node = self.project.graph.nodes[node_id]
        try:
            value = engine.get_spec(node.type).param(name).validate(value)
        except ParamError as err:
            return self._refuse(f"{node_id}: {err}")
        if node.params.get(name) == value and name in node.params:
            return False
        return self._push("", commands.SetParams.one(self, node_id, name, value))

    def apply_fix(self, fix: engine.Fix) -> bool:
        """A problem's one-click fix, as one undoable param edit."""
        if fix.node_id not in self.project.graph.nodes:
            return False
        return self.set_param(fix.node_id, fix.param, fix.value)

    def set_trainable(self, node_id: str, trainable: bool) -> bool:
        """Freeze (False) or unfreeze a layer; training leaves frozen weights as they are."""
        if self.project.graph.nodes[node_id].trainable == trainable:
            return False
        return self._push("", commands.SetTrainable(self, node_id, trainable))

    def rename(self, old: str, new: str) -> bool:
        new = new.strip()
        if new == old:
            return False
        if new in self.project.graph.nodes:
            return self._refuse(
                self.tr("There is already a node called '{node}'.").format(node=new)
            )
        try:
            Graph().add_node(Node(new, "Identity"))
        except LayerLabError as err:
            return self._refuse(str(err))
        return self._push("", commands.Rename(self, old, new))

    def move_nodes(
        self, positions: dict[str, Pos], text: str = "", mergeable: bool = False
    ) -> bool:
        """Move nodes as one undo step (one drag, one layout); `mergeable` steps of the
        same nodes (arrow-key nudges) fold into the previous one.
        """
        nodes = self.project.graph.nodes
        moves = {
            k: (round(p[0], 2), round(p[1], 2)) for k, p in positions.items() if nodes[k].pos != p
        }
        if not moves:
            return False
        return self._push("", commands.MoveNodes(self, moves, text, mergeable))

    def auto_layout(self, direction: Direction | None = None) -> bool:
        """Lay the graph out left to right or top to bottom (None: top to bottom for deep
        graphs), as one undo step."""
        text = {"right": self.tr("Left-to-right layout"), "down": self.tr("Top-to-bottom layout")}
        return self.move_nodes(
            layered_layout(self.project.graph, direction=direction),
            text.get(direction or "", self.tr("Auto-layout")),
        )

    def set_settings(self, section: str, value: dict[str, Any], text: str) -> None:
        """Replace project.data or project.training as one undoable step."""
        self.undo_stack.push(commands.SetSettings(self, section, value, text))

    # -- clipboard ------------------------------------------------------------------------
    def fragment(self, node_ids: list[str]) -> dict[str, Any]:
        """The nodes and the edges among them, as project-file JSON (for the clipboard)."""
        graph, chosen = self.project.graph, set(node_ids)
        part = Graph(  # shares the nodes for a moment: to_dict copies what it writes
            (n for n in graph if n.id in chosen),
            [e for e in graph.edges if e.source in chosen and e.target in chosen],
        )
        return part.to_dict()

    def paste(self, fragment: dict[str, Any], at: Pos | None = None) -> list:
        """Add a copied fragment with fresh ids, its top-left corner at `at` (None: just
        below and right of where it was copied from), moved to the nearest free space;
        returns the new ids."""
        try:
            nodes, edges = _parse_fragment(fragment)
        except (KeyError, TypeError, ValueError, LayerLabError) as err:
            self._refuse(
                self.tr("Cannot paste: the clipboard holds no LayerLab nodes ({error}).").format(
                    error=err
                )
            )
            return []
        if not nodes:
            return []
        placed = [n.pos or (0.0, 0.0) for n in nodes]
        left, top = min(x for x, _ in placed), min(y for _, y in placed)
        if at is None:
            at = (left + PASTE_OFFSET, top + PASTE_OFFSET)
        offset = self.free_spot(placed, (at[0] - left, at[1] - top))
        reserved = self.project.graph.copy()
        renamed: dict[str, str] = {}
        for node in nodes:
            new_id = node.id if node.id not in reserved.nodes else reserved.unique_id(node.type)
            renamed[node.id] = node.id = new_id
            reserved.add_node(Node(new_id, node.type))
            x, y = node.pos or (0.0, 0.0)
            node.pos = (x + offset[0], y + offset[1])
        edges = [Edge(renamed[e.source], renamed[e.target], e.port) for e in edges]
        text = (
            self.tr("Paste {n} node") if len(nodes) == 1 else self.tr("Paste {n} nodes")
        ).format(n=len(nodes))
        if not self._push("", commands.AddNodes(self, nodes, edges, text)):
            return []
        return [n.id for n in nodes]


def _parse_fragment(fragment: dict[str, Any]) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges from clipboard JSON (the project file's graph format)."""
    nodes = [
        Node(
            str(n["id"]),
            engine.get_spec(n["type"]).type,
            dict(n.get("params", {})),
            tuple(n["pos"]) if n.get("pos") else None,
        )
        for n in fragment["nodes"]
    ]
    ids = {n.id for n in nodes}
    edges = [Edge(e["from"], e["to"], int(e.get("port", 0))) for e in fragment["edges"]]
    if any(e.source not in ids or e.target not in ids for e in edges):
        raise ValueError(QCoreApplication.translate("Document", "an edge leaves the copied nodes"))
    return nodes, edges


def _shape_refusal(trial: Graph, targets: list[str]) -> str | None:
    """Why the first of `targets` that cannot take its inputs in `trial` cannot, if the
    reason is about shapes (only the graph above them is inferred)."""
    report = engine.infer_upstream(trial, targets)
    for target in targets:
        info = report.get(target)
        if info is None or info.problem is None or info.params is None:
            continue
        spec = engine.get_spec(trial.nodes[target].type)
        if len(info.inputs) < spec.inputs[0] or any(s is None for s in info.inputs):
            continue  # still waiting for inputs, not a shape clash
        return info.problem
    return None
