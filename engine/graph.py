"""The model graph as pure data: nodes, edges, topological order, structural validation.

No torch and no layer knowledge beyond arity: this module is what the GUI edits and the
project file stores, so it must stay cheap to copy and compare.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from engine.errors import CycleError, GraphError, Problem

ID_PATTERN = re.compile(r"^[^.\s][^.]*$")


@dataclass
class Node:
    """A layer instance. `params` holds only the values the user set (omitted = default);
    `trainable` False freezes the layer's weights (fine-tuning an imported model)."""

    id: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    pos: tuple[float, float] | None = None
    trainable: bool = True

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.params:
            data["params"] = copy.deepcopy(self.params)
        if self.pos is not None:
            data["pos"] = [round(self.pos[0], 2), round(self.pos[1], 2)]
        if not self.trainable:
            data["trainable"] = False
        return data


@dataclass(frozen=True, order=True)
class Edge:
    """Data flows from `source`'s output into input slot `port` of `target`."""

    source: str
    target: str
    port: int = 0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"from": self.source, "to": self.target}
        if self.port:
            data["port"] = self.port
        return data


class Graph:
    """Nodes (in insertion order) and edges. Mutators keep ids unique; validate() finds the rest."""

    def __init__(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        for node in nodes:
            self.add_node(node)
        for edge in edges:
            self.edges.append(edge)

    # -- editing ------------------------------------------------------------------------
    def add_node(self, node: Node) -> Node:
        if not isinstance(node.id, str) or not ID_PATTERN.match(node.id):
            raise GraphError(
                f"invalid node id {node.id!r}: ids are non-empty, contain no '.', "
                "and do not start with a space"
            )
        if node.id in self.nodes:
            raise GraphError(f"duplicate node id '{node.id}'")
        self.nodes[node.id] = node
        return node

    def remove_node(self, node_id: str) -> tuple[Node, list[Edge]]:
        """Remove a node and every edge touching it; returns both (for undo)."""
        node = self.nodes.pop(node_id)
        removed = [e for e in self.edges if node_id in (e.source, e.target)]
        self.edges = [e for e in self.edges if node_id not in (e.source, e.target)]
        return node, removed

    def connect(self, source: str, target: str, port: int = 0) -> Edge:
        edge = Edge(source, target, port)
        self.edges.append(edge)
        return edge

    def disconnect(self, edge: Edge) -> None:
        self.edges.remove(edge)

    def unique_id(self, base: str) -> str:
        """A fresh id like `linear3` for a new node of the given base name."""
        stem = re.sub(r"[^A-Za-z0-9_]", "", base).lower() or "node"
        n = 1
        while f"{stem}{n}" in self.nodes:
            n += 1
        return f"{stem}{n}"

    def copy(self) -> Graph:
        return Graph((copy.deepcopy(n) for n in self.nodes.values()), list(self.edges))

    # -- queries ------------------------------------------------------------------------
    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes.values())

    def __len__(self) -> int:
        return len(self.nodes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Graph):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def incoming(self, node_id: str) -> list[Edge]:
        """Edges into a node, sorted by port."""
        return sorted((e for e in self.edges if e.target == node_id), key=lambda e: e.port)

    def outgoing(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.source == node_id]

    def nodes_of_type(self, type_name: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.type == type_name]

    def topological_order(self) -> list[str]:
        """Node ids so that every edge goes forward; ties keep insertion order.

        Raises CycleError naming the nodes of one cycle.
        """
        known = [e for e in self.edges if e.source in self.nodes and e.target in self.nodes]
        indegree = dict.fromkeys(self.nodes, 0)
        children: dict[str, list[str]] = {n: [] for n in self.nodes}
        for e in known:
            indegree[e.target] += 1
            children[e.source].append(e.target)
        ready = [n for n in self.nodes if indegree[n] == 0]
        order: list[str] = []
        while ready:
            current = ready.pop(0)
            order.append(current)
            for child in children[current]:
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
        if len(order) < len(self.nodes):
            raise CycleError(self._find_cycle(children, set(order)))
        return order

    def _find_cycle(self, children: dict[str, list[str]], done: set[str]) -> list[str]:
        start = next(n for n in self.nodes if n not in done)
        path: list[str] = []
        seen: dict[str, int] = {}
        current = start
        while current not in seen:
            seen[current] = len(path)
            path.append(current)
            current = next(c for c in children[current] if c not in done)
        return path[seen[current] :]

    def would_create_cycle(self, source: str, target: str) -> bool:
        """True if an edge source -> target would close a cycle (target reaches source)."""
        stack, seen = [target], set()
        while stack:
            current = stack.pop()
            if current == source:
                return True
            if current in seen:
                continue
            seen.add(current)
            stack.extend(e.target for e in self.edges if e.source == current)
        return False

    # -- validation ---------------------------------------------------------------------
    def validate(self, arity: dict[str, tuple[int, int | None]] | None = None) -> list[Problem]:
        """Structural problems: cycles, dangling/duplicate edges, ports, arity, reachability.

        `arity` maps a layer type to (min, max) inputs (max None = unbounded); the layer
        registry provides it, keeping this module free of layer knowledge.
        """
        problems: list[Problem] = []
        seen_edges: set[Edge] = set()
        port_owner: dict[tuple[str, int], str] = {}
        for e in self.edges:
            for end in (e.source, e.target):
                if end not in self.nodes:
                    problems.append(
                        Problem(
                            "error",
                            f"edge {e.source} -> {e.target} refers to unknown node '{end}'",
                            e.target if end == e.source else e.source,
                            "dangling-edge",
                        )
                    )
            if e.source == e.target:
                problems.append(Problem("error", "a node cannot feed itself", e.source, "cycle"))
            if e in seen_edges:
                problems.append(
                    Problem(
                        "error",
                        f"duplicate edge {e.source} -> {e.target}",
                        e.target,
                        "duplicate-edge",
                    )
                )
                continue
            seen_edges.add(e)
            if e.port < 0:
                problems.append(Problem("error", f"negative port {e.port}", e.target, "bad-port"))
            key = (e.target, e.port)
            if key in port_owner and e.target in self.nodes:
                problems.append(
                    Problem(
                        "error",
                        f"input port {e.port} is fed twice (by '{port_owner[key]}' and "
                        f"'{e.source}')",
                        e.target,
                        "port-taken",
                    )
                )
            port_owner.setdefault(key, e.source)
        try:
            self.topological_order()
        except CycleError as err:
            problems.append(Problem("error", str(err), err.nodes[0], "cycle"))
        if arity is not None:
            problems += self._arity_problems(arity)
        problems += self._io_problems()
        return problems

    def _arity_problems(self, arity: dict[str, tuple[int, int | None]]) -> list[Problem]:
        problems = []
        for node in self.nodes.values():
            if node.type not in arity:
                continue
            low, high = arity[node.type]
            ports = sorted({e.port for e in self.edges if e.target == node.id})
            count = len(ports)
            if high is not None and count > high:
                problems.append(
                    Problem(
                        "error",
                        f"{node.type} takes at most {high} input(s); {count} connected",
                        node.id,
                        "arity",
                    )
                )
            elif count < low:
                problems.append(
                    Problem(
                        "error",
                        f"{node.type} needs {low} input(s); {count} connected",
                        node.id,
                        "arity",
                    )
                )
            elif ports and ports != list(range(len(ports))):
                missing = sorted(set(range(max(ports) + 1)) - set(ports))
                problems.append(
                    Problem("error", f"input port(s) {missing} not connected", node.id, "arity")
                )
        return problems

    def _io_problems(self) -> list[Problem]:
        problems = []
        inputs = [n.id for n in self.nodes.values() if n.type == "Input"]
        outputs = [n.id for n in self.nodes.values() if n.type == "Output"]
        if not inputs:
            problems.append(Problem("error", "the graph has no Input node", None, "no-input"))
        if not outputs:
            problems.append(Problem("error", "the graph has no Output node", None, "no-output"))
        if inputs and outputs:
            from_inputs = self._reachable(inputs, forward=True)
            to_outputs = self._reachable(outputs, forward=False)
            for node_id in self.nodes:
                if node_id not in from_inputs or node_id not in to_outputs:
                    problems.append(
                        Problem(
                            "warning",
                            "not on any path from an Input to an Output; it will not be trained",
                            node_id,
                            "unreachable",
                        )
                    )
        return problems

    def _reachable(self, starts: list[str], forward: bool) -> set[str]:
        seen: set[str] = set()
        stack = list(starts)
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for e in self.edges:
                if forward and e.source == current:
                    stack.append(e.target)
                elif not forward and e.target == current:
                    stack.append(e.source)
        return seen

    # -- serialisation ------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [n.to_dict() for n in self.nodes.values()],
            "edges": [e.to_dict() for e in self.edges],
        }
