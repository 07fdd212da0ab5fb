"""LayerLab's headless engine: graphs, layers, shapes, models, projects. Never imports Qt.

The names exported here are the stable Python API (DESIGN.md section 5). Names whose
modules need torch load on first use, so `import engine` stays fast for the GUI.
"""

from __future__ import annotations

import importlib
from typing import Any

from engine.errors import (
    CycleError,
    GraphError,
    LayerLabError,
    ParamError,
    Problem,
    ProjectError,
    ShapeError,
)
from engine.graph import Edge, Graph, Node
from engine.layers import LayerSpec, ParamSpec, all_specs, get_spec
from engine.lint import check
from engine.project import Project, load_project, save_project
from engine.shapes import infer_shapes
from engine.summary import SummaryReport, SummaryRow, format_bytes, summary

__version__ = "0.1.0"

# name -> module that defines it; imported lazily because these pull in torch.
_LAZY = {
    "build_model": "engine.build",
    "GraphModule": "engine.build",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


__all__ = [
    "CycleError",
    "Edge",
    "Graph",
    "GraphError",
    "GraphModule",
    "LayerLabError",
    "LayerSpec",
    "Node",
    "ParamError",
    "ParamSpec",
    "Problem",
    "Project",
    "ProjectError",
    "ShapeError",
    "SummaryReport",
    "SummaryRow",
    "__version__",
    "all_specs",
    "build_model",
    "check",
    "format_bytes",
    "get_spec",
    "infer_shapes",
    "load_project",
    "save_project",
    "summary",
]
