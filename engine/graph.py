"""The model graph as pure data: nodes, edges, topological order, structural validation.

No torch and no layer knowledge beyond arity: this module is what the GUI edits and the
project file stores, so it must stay cheap to copy and compare.
"""

from __future__ import annotations

import copy
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from engine.errors import CycleError, GraphError, Problem

ID_PATTERN = re.compile(r"^[^.\s][^.]*$")
Role = Literal["input", "output", "layer"]  # what a layer type is to the graph


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
            data["params"] = _copy_value(self.params)
        if self.pos is not None:
            data["pos"] = [round(self.pos[0], 2), round(self.pos[1], 2)]
        if not self.trainable:
            data["trainable"] = False
        return data

    def copy(self) -> Node:
        return Node(self.id, self.type, _copy_value(self.params), self.pos, self.trainable)


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


Pos = tuple[float, float]


@dataclass(frozen=True)
class Placement:
    """Nodes and edges with the index each holds in the graph's node and edge order: what
    `remove_nodes` cut out, and what `insert` puts back exactly where it was (undo)."""

    nodes: tuple[tuple[int, Node], ...] = ()
    edges: tuple[tuple[int, Edge], ...] = ()

    @property
    def node_ids(self) -> list[str]:
        return [node.id for _, node in self.nodes]


class Graph:
    """Nodes (in insertion order) and edges (in order).

    Edits go through the mutators below; each returns what its inverse needs (an index,
    the old value, a Placement), so an editor's undo is one call of another mutator and
    gives back the identical graph, node and edge order included. Mutators keep ids
    unique; validate() finds the rest.
    """

    def __init__(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        for node in nodes:
            self.add_node(node)
        self.edges.extend(edges)

    # -- editing ------------------------------------------------------------------------
    def add_node(self, node: Node) -> Node:
        self.insert_node(node)
        return node

    def insert_node(self, node: Node, index: int | None = None) -> int:
        """Put `node` at `index` in the node order (None: last); returns the index."""
        _check_id(node.id)
        if node.id in self.nodes:
            raise GraphError(f"duplicate node id '{node.id}'")
        if index is None or index >= len(self.nodes):
            self.nodes[node.id] = node
            return len(self.nodes) - 1
        items = list(self.nodes.items())
        items.insert(index, (node.id, node))
        self.nodes = dict(items)
        return index

    def remove_nodes(self, node_ids: Iterable[str]) -> Placement:
        """Remove nodes and every edge touching them, in one pass; `insert` undoes it."""
        gone = set(node_ids)
        missing = gone - self.nodes.keys()
        if missing:
            raise GraphError(f"no node '{min(missing)}'")
        nodes = tuple((i, n) for i, n in enumerate(self.nodes.values()) if n.id in gone)
        edges = tuple(
            (i, e) for i, e in enumerate(self.edges) if e.source in gone or e.target in gone
        )
        self.nodes = {k: n for k, n in self.nodes.items() if k not in gone}
        if edges:
            self.edges = [e for e in self.edges if e.source not in gone and e.target not in gone]
        return Placement(nodes, edges)

    def remove_node(self, node_id: str) -> Placement:
        """Remove a node and every edge touching it; `insert` undoes it."""
        return self.remove_nodes([node_id])

    def insert(self, placement: Placement) -> None:
        """Put nodes and edges at their indices (the inverse of remove_nodes); the node
        order is rebuilt once, however many nodes come back."""
        nodes, taken = list(self.nodes.values()), set(self.nodes)
        for index, node in sorted(placement.nodes, key=lambda p: p[0]):
            _check_id(node.id)
            if node.id in taken:
                raise GraphError(f"duplicate node id '{node.id}'")
            taken.add(node.id)
            nodes.insert(index, node)
        self.nodes = {n.id: n for n in nodes}
        for index, edge in sorted(placement.edges, key=lambda p: p[0]):
            self.insert_edge(edge, index)

    def insert_edge(self, edge: Edge, index: int | None = None) -> int:
        """Put `edge` at `index` in the edge order (None: last); returns the index."""
        if index is None:
            index = len(self.edges)
        self.edges.insert(index, edge)
        return index

    def remove_edge(self, edge: Edge, index: int | None = None) -> int:
        """Remove an edge (the one at `index` when given: a graph may hold an edge twice);
        returns the index it had (for insert_edge)."""
        if index is None:
            index = self.edges.index(edge)
        elif self.edges[index] != edge:
            raise GraphError(f"edge {index} is not {edge.source} -> {edge.target}")
        del self.edges[index]
        return index

    def connect(self, source: str, target: str, port: int = 0) -> Edge:
        edge = Edge(source, target, port)
        self.insert_edge(edge)
        return edge

    def rename_node(self, old: str, new: str) -> None:
        """Give a node a new id, keeping its place in the order and rewiring its edges."""
        _check_id(new)
        if new in self.nodes:
            raise GraphError(f"duplicate node id '{new}'")
        node = self.nodes[old]
        node.id = new
        self.nodes = {(new if k == old else k): n for k, n in self.nodes.items()}
        for i, e in enumerate(self.edges):
            if old in (e.source, e.target):
                source = new if e.source == old else e.source
                self.edges[i] = Edge(source, new if e.target == old else e.target, e.port)

    def set_params(self, node_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Replace a node's params; returns the old ones (the dict itself, unchanged)."""
        node = self.nodes[node_id]
        old, node.params = node.params, params
        return old

    def set_trainable(self, node_id: str, trainable: bool) -> bool:
        """Freeze (False) or unfreeze a node; returns the old setting."""
        node = self.nodes[node_id]
        old, node.trainable = node.trainable, trainable
        return old

    def move_nodes(self, positions: Mapping[str, Pos | None]) -> dict[str, Pos | None]:
        """Place nodes (None: unplaced); returns their old positions."""
        old = {}
        for node_id, pos in positions.items():
            node = self.nodes[node_id]
            old[node_id], node.pos = node.pos, pos
        return old

    def unique_id(self, base: str) -> str:
        """A fresh id like `linear3` for a new node of the given base name."""
        stem = re.sub(r"[^A-Za-z0-9_]", "", base).lower() or "node"
        n = 1
        while f"{stem}{n}" in self.nodes:
            n += 1
        return f"{stem}{n}"

    def copy(self) -> Graph:
        return Graph((n.copy() for n in self.nodes.values()), list(self.edges))

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
        """Edges into a node, sorted by port (O(edges); use edges_into() for every node)."""
        return sorted((e for e in self.edges if e.target == node_id), key=lambda e: e.port)

    def outgoing(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.source == node_id]

    def edges_into(self) -> dict[str, list[Edge]]:
        """Every known node's incoming edges, sorted by port, in one pass over the edges.

        Whole-graph passes (validation, shape inference, lint) use this so that their cost
        stays linear in the size of the graph.
        """
        into: dict[str, list[Edge]] = {n: [] for n in self.nodes}
        for e in self.edges:
            if e.target in into:
                into[e.target].append(e)
        for edges in into.values():
            if len(edges) > 1:
                edges.sort(key=lambda e: e.port)
        return into

    def _neighbours(self, forward: bool) -> dict[str, list[str]]:
        """node -> its children (forward) or parents, over edges between known nodes."""
        links: dict[str, list[str]] = {n: [] for n in self.nodes}
        for e in self.edges:
            if e.source in links and e.target in links:
                if forward:
                    links[e.source].append(e.target)
                else:
                    links[e.target].append(e.source)
        return links

    def nodes_of_type(self, type_name: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.type == type_name]

    def topological_order(self) -> list[str]:
        """Node ids so that every edge goes forward; ties keep insertion order.

        Raises CycleError naming the nodes of one cycle.
        """
        children = self._neighbours(forward=True)
        indegree = dict.fromkeys(self.nodes, 0)
        for targets in children.values():
            for target in targets:
                indegree[target] += 1
        ready = deque(n for n in self.nodes if indegree[n] == 0)
        order: list[str] = []
        while ready:
            current = ready.popleft()
            order.append(current)
            for child in children[current]:
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
        if len(order) < len(self.nodes):
            raise CycleError(self._find_cycle(set(order)))
        return order

    def _find_cycle(self, done: set[str]) -> list[str]:
        """One cycle among the nodes a topological sort could not place, in edge order.

        Every such node has a parent that was not placed either, so walking parents never
        dead-ends (walking children can: a node fed by a cycle may feed nothing) and must
        come back to a node it has seen. The cycle starts at its first node in graph order.
        """
        parents = self._neighbours(forward=False)
        current = next(n for n in self.nodes if n not in done)
        seen: dict[str, int] = {}
        path: list[str] = []
        while current not in seen:
            seen[current] = len(path)
            path.append(current)
            current = next(p for p in parents[current] if p not in done)
        cycle = path[seen[current] :][::-1]  # walked backwards: reverse into edge order
        rank = {n: i for i, n in enumerate(self.nodes)}
        first = min(range(len(cycle)), key=lambda i: rank[cycle[i]])
        return cycle[first:] + cycle[:first]

    def would_create_cycle(self, source: str, target: str) -> bool:
        """True if an edge source -> target would close a cycle (target reaches source)."""
        return source in self._reachable([target], forward=True)

    # -- validation ---------------------------------------------------------------------
    def validate(
        self,
        arity: Mapping[str, tuple[int, int | None]] | None = None,
        roles: Mapping[str, Role] | None = None,
    ) -> list[Problem]:
        """Structural problems: cycles, dangling/duplicate edges, ports, arity, endpoints.

        `arity` maps a layer type to (min, max) inputs (max None = unbounded) and `roles`
        a layer type to "input", "output" or "layer"; the layer registry provides both,
        keeping this module free of layer knowledge. Linear in nodes + edges.
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
        if roles is not None:
            problems += self._io_problems(roles)
        return problems

    def _arity_problems(self, arity: Mapping[str, tuple[int, int | None]]) -> list[Problem]:
        problems = []
        ports: dict[str, set[int]] = {n: set() for n in self.nodes}
        for e in self.edges:
            if e.target in ports:
                ports[e.target].add(e.port)
        for node in self.nodes.values():
            if node.type not in arity:
                continue
            low, high = arity[node.type]
            used = sorted(ports[node.id])
            count = len(used)
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
            elif used and used[-1] != count - 1:
                missing = sorted(set(range(used[-1] + 1)) - set(used))
                problems.append(
                    Problem("error", f"input port(s) {missing} not connected", node.id, "arity")
                )
        return problems

    def _io_problems(self, roles: Mapping[str, Role]) -> list[Problem]:
        problems = []
        inputs = [n.id for n in self.nodes.values() if roles.get(n.type) == "input"]
        outputs = [n.id for n in self.nodes.values() if roles.get(n.type) == "output"]
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
        links = self._neighbours(forward)
        seen: set[str] = set()
        stack = [s for s in starts if s in links]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(links[current])
        return seen

    # -- serialisation ------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [n.to_dict() for n in self.nodes.values()],
            "edges": [e.to_dict() for e in self.edges],
        }


def _check_id(node_id: object) -> None:
    if not isinstance(node_id, str) or not ID_PATTERN.match(node_id):
        raise GraphError(
            f"invalid node id {node_id!r}: ids are non-empty, contain no '.', "
            "and do not start with a space"
        )


def _copy_value(value: Any) -> Any:
    """A deep copy of a param value (JSON-like), several times faster than copy.deepcopy:
    editors copy graphs of thousands of nodes for every trial check."""
    if isinstance(value, str | int | float | bool | None):
        return value
    if isinstance(value, dict):
        return {k: _copy_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy_value(v) for v in value)
    return copy.deepcopy(value)
