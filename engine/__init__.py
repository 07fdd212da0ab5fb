"""LayerLab's headless engine: graphs, layers, shapes, models, projects. Never imports Qt.

The names exported here are the stable Python API (DESIGN.md section 5). Names whose
modules need torch load on first use, so `import engine` stays fast for the GUI.
"""

from __future__ import annotations

import importlib
from typing import Any

from engine.analysis import Analysis, analyze
from engine.config import DataConfig, TrainingConfig
from engine.datafit import DataFacts, auto_loss_for, fit_problems
from engine.datafit import describe as describe_data
from engine.errors import (
    ConfigError,
    CycleError,
    Fix,
    GraphError,
    LayerLabError,
    ParamError,
    Problem,
    ProjectError,
    ShapeError,
)
from engine.graph import Edge, Graph, Node, Placement
from engine.layers import (
    Category,
    LayerSpec,
    ParamSpec,
    all_specs,
    get_spec,
    input_nodes,
    output_nodes,
)
from engine.lint import check
from engine.model_summary import SummaryReport, SummaryRow, format_bytes, summary
from engine.project import Project, load_project, save_project
from engine.shapes import infer_shapes, infer_upstream

__version__ = "0.1.0"

# name -> module that defines it; imported lazily because these pull in torch.
_LAZY = {
    "build_model": "engine.build",
    "GraphModule": "engine.build",
    "Trainer": "engine.training",
    "TrainResult": "engine.training",
    "TrainingError": "engine.training",
    "train": "engine.training",
    "Probes": "engine.probes",
    "NodeStats": "engine.events",
    "ProbeSample": "engine.events",
    "find_lr": "engine.lr_finder",
    "LRFinderResult": "engine.lr_finder",
    "DeviceError": "engine.devices",
    "DeviceInfo": "engine.devices",
    "list_devices": "engine.devices",
    "resolve_device": "engine.devices",
    "WeightsError": "engine.weights",
    "load_model": "engine.weights",
    "load_weights_into": "engine.weights",
    "read_metadata": "engine.weights",
    "save_weights": "engine.weights",
    "DataError": "engine.data",
    "data_outside_project": "engine.data.location",
    "DiskFullError": "engine.atomic",
    "SaveError": "engine.atomic",
    "Dataset": "engine.data",
    "load_data": "engine.data",
    "preview_data": "engine.data",
    "Preview": "engine.data",
    "DataSource": "engine.data",
    "data_sources": "engine.data",
    "get_source": "engine.data",
    "augment_preview": "engine.data.preview",
    "ExportError": "engine.export",
    "ExportReport": "engine.export",
    "ImportFailed": "engine.importers",
    "ImportResult": "engine.importers",
    "ParityError": "engine.export",
    "export_model": "engine.export",
    "export_onnx": "engine.export",
    "export_python": "engine.export",
    "import_file": "engine.importers",
    "import_module": "engine.importers",
    "import_onnx": "engine.importers",
    "load_module_class": "engine.importers",
    "warm_up": "engine.warmup",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


__all__ = [
    "Analysis",
    "Category",
    "ConfigError",
    "CycleError",
    "DataConfig",
    "DataError",
    "DataFacts",
    "DataSource",
    "Dataset",
    "DeviceError",
    "DeviceInfo",
    "DiskFullError",
    "Edge",
    "ExportError",
    "ExportReport",
    "Fix",
    "Graph",
    "GraphError",
    "GraphModule",
    "ImportFailed",
    "ImportResult",
    "LRFinderResult",
    "LayerLabError",
    "LayerSpec",
    "Node",
    "NodeStats",
    "ParamError",
    "ParamSpec",
    "ParityError",
    "Placement",
    "Preview",
    "ProbeSample",
    "Probes",
    "Problem",
    "Project",
    "ProjectError",
    "SaveError",
    "ShapeError",
    "SummaryReport",
    "SummaryRow",
    "TrainResult",
    "Trainer",
    "TrainingConfig",
    "TrainingError",
    "WeightsError",
    "__version__",
    "all_specs",
    "analyze",
    "augment_preview",
    "auto_loss_for",
    "build_model",
    "check",
    "data_outside_project",
    "data_sources",
    "describe_data",
    "export_model",
    "export_onnx",
    "export_python",
    "find_lr",
    "fit_problems",
    "format_bytes",
    "get_source",
    "get_spec",
    "import_file",
    "import_module",
    "import_onnx",
    "infer_shapes",
    "infer_upstream",
    "input_nodes",
    "list_devices",
    "load_data",
    "load_model",
    "load_module_class",
    "load_project",
    "load_weights_into",
    "output_nodes",
    "preview_data",
    "read_metadata",
    "resolve_device",
    "save_project",
    "save_weights",
    "summary",
    "train",
    "warm_up",
]
