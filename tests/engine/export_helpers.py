"""Helpers shared by the export and import tests."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import torch

import engine
from engine import Graph, Node
from engine.export.common import sample_inputs

ALLOWED_IMPORTS = {"__future__", "torch", "safetensors.torch"}


def load_file(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"exported_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


def single_layer_graph(spec: engine.LayerSpec) -> Graph:
    """Input -> one `spec` layer with its initial params (every input port fed) -> Output,
    for the first sample shape and dtype the built model actually runs on."""
    for dtype in ("float32", "int64"):
        for shape in ([8], [4, 8], [3, 8, 8], [2, 3, 8, 8]):
            graph = Graph(
                [
                    Node("x", "Input", {"shape": shape, "dtype": dtype}),
                    Node("layer", spec.type, spec.initial_params()),
                    Node("y", "Output"),
                ]
            )
            for port in range(spec.inputs[0]):
                graph.connect("x", "layer", port)
            graph.connect("layer", "y")
            if engine.infer_shapes(graph).problems():
                continue
            model = engine.build_model(graph).eval()
            try:
                with torch.no_grad():
                    model(*sample_inputs(model, batch_size=2))
            except (RuntimeError, IndexError):
                continue
            return graph
    raise AssertionError(f"no sample input runs a single {spec.type}")
