"""Checks that a canvas kept up to date edit by edit shows what one drawn from scratch does."""

from __future__ import annotations

from gui.canvas.node_item import NodeItem
from gui.canvas.scene import GraphScene


def shown(item: NodeItem) -> tuple:
    """What a node card shows and where its ports are."""
    ports = [p.pos() for p in item.inputs] + ([item.output.pos()] if item.output else [])
    owners = {p.node_id for p in item.inputs} | ({item.output.node_id} if item.output else set())
    return (
        item.node_id,
        item.type_name,
        item.label,
        item.shape_text,
        item.error,
        item.warnings,
        item.direction,
        ports,
        owners,
        item.pos(),
        item.tooltip_text(),
    )


def assert_mirrors(scene: GraphScene) -> None:
    """`scene` (updated edit by edit from the document's signals) equals a scene drawn
    from the document now: the same node and edge items, contents, places and routes."""
    fresh = GraphScene(scene.document)
    try:
        graph = scene.document.project.graph
        assert scene.nodes.keys() == fresh.nodes.keys() == graph.nodes.keys()
        for node_id, item in fresh.nodes.items():
            assert shown(scene.nodes[node_id]) == shown(item), node_id
        assert scene.edges.keys() == fresh.edges.keys() == set(graph.edges)
        for edge, item in fresh.edges.items():
            mine = scene.edges[edge]
            assert (mine.edge, mine.label, mine.tooltip_text()) == (
                edge,
                item.label,
                item.tooltip_text(),
            )
            assert mine.path() == item.path(), edge
        assert len(scene.items()) == len(fresh.items())  # no item left behind
    finally:
        fresh.deleteLater()
