"""Layered auto-layout (Sugiyama style) in pure Python, left to right or top to bottom,
and finding free space for new nodes.

Steps: layer = longest path from a source; long edges get dummy nodes so they bend around
layers; orders within layers come from barycenter sweeps, keeping the order with the
fewest crossings; then cross-axis positions are pulled toward neighbours so chains run
straight. Deep graphs (a long chain, like most real models) read better top to bottom, as
in Netron: `auto_direction` picks that for them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise
from typing import Literal

from engine import CycleError, Graph

Pos = tuple[float, float]
Direction = Literal["right", "down"]
NODE_WIDTH = 140.0  # a node card on the canvas
NODE_HEIGHT = 68.0
LAYER_GAP = NODE_WIDTH + 74.0  # x distance between layers: room for a shape label
ROW_GAP = NODE_HEIGHT + 60.0  # y distance between nodes in one layer
DOWN_LAYER_GAP = NODE_HEIGHT + 52.0  # top to bottom: y distance between layers
DOWN_ROW_GAP = NODE_WIDTH + 40.0  # top to bottom: x distance between nodes in one layer
DUMMY_GAP = 40.0  # cross-axis room a passing edge needs
# Edges are drawn straight from port to port, not through their dummies, and a skip
# edge's ends sit halfway between the branch and the dummies: top to bottom, a card is
# wide, so the branch keeps a card's width and a margin on each side from the skip
DOWN_PASSING_GAP = NODE_WIDTH + 100.0  # and room for its shape label
SWEEPS = 8
DEEP = 9  # from this many layers, a graph taller than wide is laid out top to bottom
FREE_MARGIN = 20.0  # the gap a placed node keeps from the cards around it
GRID_STEP = 10.0


def layered_layout(
    graph: Graph, origin: Pos = (0.0, 0.0), direction: Direction | None = None
) -> dict[str, Pos]:
    """Canvas positions for every node of the graph (`direction` None: `auto_direction`)."""
    if not graph.nodes:
        return {}
    rank = _ranks(graph)
    direction = direction or _direction_for(rank)
    order = list(rank)
    edges = [
        (e.source, e.target)
        for e in graph.edges
        if e.source in graph.nodes and e.target in graph.nodes
    ]
    # a learned tensor placed by its use: its edge from the input (the batch size) is
    # drawn, but routes no dummies down the graph and pulls neither end sideways
    hung = {t for s, t in edges if rank[t] - rank[s] > 1} & _fed_by_sources(edges, rank)
    edges = [(s, t) for s, t in edges if t not in hung]
    layers, up, down, real = _with_dummies(order, edges, rank)
    layers = _reduce_crossings(layers, up, down)
    x0, y0 = origin
    if direction == "down":
        xs = _assign_y(layers, up, down, real, DOWN_ROW_GAP, DOWN_PASSING_GAP)
        return {n: (round(x0 + xs[n], -1), y0 + rank[n] * DOWN_LAYER_GAP) for n in order}
    ys = _assign_y(layers, up, down, real, ROW_GAP, (ROW_GAP + DUMMY_GAP) / 2)
    return {n: (x0 + rank[n] * LAYER_GAP, round(y0 + ys[n], -1)) for n in order}  # on the grid


def auto_direction(graph: Graph) -> Direction:
    """ "down" for deep graphs (at least DEEP layers, more layers than the widest has
    nodes, twice over), else "right"."""
    return _direction_for(_ranks(graph))


def _direction_for(ranks: dict[str, int]) -> Direction:
    if not ranks:
        return "right"
    depth = max(ranks.values()) + 1
    widths: dict[int, int] = {}
    for r in ranks.values():
        widths[r] = widths.get(r, 0) + 1
    return "down" if depth >= DEEP and depth >= 2 * max(widths.values()) else "right"


def direction_of(graph: Graph) -> Direction:
    """Which way the placed graph flows: "down" when most edges run more down than across."""
    down = across = 0
    for e in graph.edges:
        a, b = graph.nodes.get(e.source), graph.nodes.get(e.target)
        if a is None or b is None or a.pos is None or b.pos is None:
            continue
        dx, dy = b.pos[0] - a.pos[0], b.pos[1] - a.pos[1]
        if dy > abs(dx):
            down += 1
        else:
            across += 1
    return "down" if down > across else "right"


def _ranks(graph: Graph) -> dict[str, int]:
    """Layer of each node (longest path from a source), in topological order."""
    try:
        order = graph.topological_order()
    except CycleError:
        order = list(graph.nodes)
    rank: dict[str, int] = {}
    preds: dict[str, list[str]] = {n: [] for n in order}
    for e in graph.edges:
        if e.source in preds and e.target in preds:
            preds[e.target].append(e.source)
    for n in order:
        rank[n] = max((rank[p] + 1 for p in preds[n] if p in rank), default=0)
    # A node fed by sources alone (a class token or a layer scale, which takes only the
    # batch size from the input) sits just above its first use, not in the first layer
    # with an edge down the whole graph: 24 layer scales of a ViT all hung from its input.
    edges = [(e.source, e.target) for e in graph.edges if e.source in rank and e.target in rank]
    first_use: dict[str, int] = {}
    for s, t in edges:
        first_use[s] = min(first_use.get(s, rank[t]), rank[t])
    for n in _fed_by_sources(edges, rank) & first_use.keys():
        rank[n] = first_use[n] - 1
    return rank


def _fed_by_sources(edges: list[tuple[str, str]], rank: dict[str, int]) -> set[str]:
    """Nodes below the first layer whose every input comes from a source."""
    only_sources: dict[str, bool] = {}
    for s, t in edges:
        if rank[t] > 0:
            only_sources[t] = only_sources.get(t, True) and rank[s] == 0
    return {t for t, only in only_sources.items() if only}


def free_offset(
    taken: Iterable[Pos],
    placing: list[Pos],
    wanted: Pos,
    size: Pos = (NODE_WIDTH, NODE_HEIGHT),
) -> Pos:
    """The offset nearest `wanted` (on the grid) that moves every card at `placing` into
    free space: no card of `taken` within FREE_MARGIN of it. New, pasted and duplicated
    nodes go there, never on top of others."""
    w, h = size[0] + FREE_MARGIN, size[1] + FREE_MARGIN
    cell = max(w, h)
    buckets: dict[tuple[int, int], list[Pos]] = {}
    for x, y in taken:
        buckets.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append((x, y))

    def clear(dx: float, dy: float) -> bool:
        for px, py in placing:
            x, y = px + dx, py + dy
            cx, cy = math.floor(x / cell), math.floor(y / cell)
            for i in (cx - 1, cx, cx + 1):
                for j in (cy - 1, cy, cy + 1):
                    for ox, oy in buckets.get((i, j), ()):
                        if abs(ox - x) < w and abs(oy - y) < h:
                            return False
        return True

    wx, wy = (round(v / GRID_STEP) * GRID_STEP for v in wanted)
    step = 2 * GRID_STEP
    for ring in range(0, 200):  # rings of candidates around `wanted`, nearest first
        candidates = [
            (wx + i * step, wy + j * step)
            for i in range(-ring, ring + 1)
            for j in range(-ring, ring + 1)
            if max(abs(i), abs(j)) == ring
        ]
        candidates.sort(key=lambda c: (c[0] - wx) ** 2 + (c[1] - wy) ** 2)
        for dx, dy in candidates:
            if clear(dx, dy):
                return dx, dy
    return wx, wy


def needs_layout(graph: Graph) -> bool:
    """True when a node has no position or two node cards overlap (hand-written files)."""
    if any(n.pos is None for n in graph):
        return True
    boxes = sorted(n.pos for n in graph)
    for i, (x, y) in enumerate(boxes):
        for x2, y2 in boxes[i + 1 :]:
            if x2 - x >= NODE_WIDTH:
                break
            if abs(y2 - y) < NODE_HEIGHT:
                return True
    return False


def _with_dummies(
    order: list[str], edges: list[tuple[str, str]], rank: dict[str, int]
) -> tuple[list[list[str]], dict[str, list[str]], dict[str, list[str]], set[str]]:
    """Layers of node ids, with a chain of dummies for every edge longer than one layer."""
    up: dict[str, list[str]] = {n: [] for n in order}
    down: dict[str, list[str]] = {n: [] for n in order}
    layers: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for n in order:
        layers[rank[n]].append(n)
    for i, (s, t) in enumerate(edges):
        prev = s
        for level in range(rank[s] + 1, rank[t]):
            dummy = f"\0{i}.{level}"
            layers[level].append(dummy)
            up[dummy], down[dummy] = [prev], []
            down[prev].append(dummy)
            prev = dummy
        if rank[t] > rank[s]:
            down[prev].append(t)
            up[t].append(prev)
    return layers, up, down, set(order)


def _reduce_crossings(
    layers: list[list[str]], up: dict[str, list[str]], down: dict[str, list[str]]
) -> list[list[str]]:
    best = [list(layer) for layer in layers]
    best_crossings = _crossings(best, down)
    current = [list(layer) for layer in layers]
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        indices = range(1, len(current)) if forward else range(len(current) - 2, -1, -1)
        for i in indices:
            fixed = current[i - 1] if forward else current[i + 1]
            where = {n: k for k, n in enumerate(fixed)}
            links = up if forward else down
            current[i] = _by_barycenter(current[i], links, where)
        crossings = _crossings(current, down)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in current], crossings
        if best_crossings == 0:
            break
    return best


def _by_barycenter(layer: list[str], links: dict[str, list[str]], where: dict[str, int]):
    def key(item: tuple[int, str]) -> float:
        index, node = item
        around = [where[n] for n in links[node] if n in where]
        return sum(around) / len(around) if around else float(index)

    return [n for _, n in sorted(enumerate(layer), key=key)]


def _crossings(layers: list[list[str]], down: dict[str, list[str]]) -> int:
    total = 0
    for left, right in pairwise(layers):
        where = {n: k for k, n in enumerate(right)}
        pairs = sorted((i, where[t]) for i, s in enumerate(left) for t in down[s] if t in where)
        for a, (i1, j1) in enumerate(pairs):
            for i2, j2 in pairs[a + 1 :]:
                if i2 > i1 and j2 < j1:
                    total += 1
    return total


def _assign_y(
    layers: list[list[str]],
    up: dict[str, list[str]],
    down: dict[str, list[str]],
    real: set[str],
    row_gap: float,
    passing_gap: float,
) -> dict[str, float]:
    """Pull each node toward its neighbours' mean cross-axis position, keeping the order
    and the gaps (`row_gap` between two real nodes, `passing_gap` between a node and
    a passing edge)."""

    def gap(a: str, b: str) -> float:
        return (
            row_gap
            if a in real and b in real
            else DUMMY_GAP
            if a not in real and b not in real
            else passing_gap
        )

    ys: dict[str, float] = {}
    for layer in layers:
        y = 0.0
        for k, n in enumerate(layer):
            y += gap(layer[k - 1], n) if k else 0.0
            ys[n] = y
        shift = y / 2
        for n in layer:
            ys[n] -= shift
    for sweep in range(4):
        sequence = layers if sweep % 2 == 0 else layers[::-1]
        links = up if sweep % 2 == 0 else down
        for layer in sequence:
            wanted = [
                sum(ys[m] for m in links[n]) / len(links[n]) if links[n] else ys[n] for n in layer
            ]
            _pack(layer, wanted, ys, gap)
    return ys


def _pack(layer: list[str], wanted: list[float], ys: dict[str, float], gap) -> None:
    """Place the layer's nodes as near `wanted` as the minimum gaps allow."""
    low = list(wanted)
    for k in range(1, len(layer)):
        low[k] = max(low[k], low[k - 1] + gap(layer[k - 1], layer[k]))
    high = list(wanted)
    for k in range(len(layer) - 2, -1, -1):
        high[k] = min(high[k], high[k + 1] - gap(layer[k], layer[k + 1]))
    for k, n in enumerate(layer):
        ys[n] = (low[k] + high[k]) / 2
