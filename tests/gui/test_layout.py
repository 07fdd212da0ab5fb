"""The layered auto-layout on imported graphs (pure Python: no window needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import torch

import engine
from engine.importers import import_module
from gui.canvas.layout import DOWN_LAYER_GAP, layered_layout

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))  # the zoo
from zoo import TimmViT


def test_a_learned_tensor_sits_just_above_its_first_use() -> None:
    """A ViT's class token, positional embedding and layer scales take only the batch from
    the input: each is placed one layer above the node that uses it, not in a row under
    the input with edges running down the whole graph."""
    torch.manual_seed(0)
    graph = import_module(TimmViT().eval(), [(3, 16, 16)]).graph
    pos = layered_layout(graph, direction="down")
    learned = [n for n, node in graph.nodes.items() if node.type == "Parameter"]
    assert len(learned) == 4  # class token, positional embedding, two layer scales
    for node_id in learned:
        uses = [pos[e.target][1] for e in graph.edges if e.source == node_id]
        assert min(uses) - pos[node_id][1] == DOWN_LAYER_GAP, node_id
    inputs = [n for n, node in graph.nodes.items() if node.type == "Input"]
    assert all(pos[n][1] == 0 for n in inputs)  # sources stay on top


def test_a_learned_tensors_batch_edge_is_drawn_faint(window) -> None:
    """The edge into a Parameter node carries only the batch size: the canvas marks it
    (drawn dashed, without a shape label); data edges are not marked."""
    torch.manual_seed(0)
    graph = import_module(TimmViT().eval(), [(3, 16, 16)]).graph
    window.document.replace_project(engine.Project(graph, name="vit"))
    faint = {e.target for e, item in window.scene.edges.items() if item.batch_only}
    assert faint == {n for n, node in graph.nodes.items() if node.type == "Parameter"}
    assert len(window.scene.edges) > 2 * len(faint)
