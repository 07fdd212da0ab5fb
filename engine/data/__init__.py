"""Data sources for training: `load_data(project)` reads the project's data section.

Sources are a registry (engine.data.sources: name, keys, load, preview, file filter); one
module per built-in family: synthetic, csvfile, arrays (npz), images, idx, text; splits
holds the seeded split and standardisation. Relative paths resolve against the project
file's folder; sizes the section leaves out come from the graph's Input node.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.data.base import DataError, Dataset, Task
from engine.data.sources import (
    DataSource,
    Preview,
    Thumbnail,
    data_sources,
    get_source,
    register,
    source_names,
    unregister,
)
from engine.layers import input_nodes, output_nodes
from engine.shapes import infer_shapes

if TYPE_CHECKING:
    from engine.config import DataConfig
    from engine.graph import Graph
    from engine.project import Project


def graph_hints(graph: Graph) -> dict[str, Any]:
    """The first Input's shape and dtype and the first Output's shape (None if unknown)."""
    report = infer_shapes(graph)
    inputs, outputs = input_nodes(graph), output_nodes(graph)
    return {
        "input": report.output(inputs[0].id) if inputs else None,
        "input_dtype": inputs[0].params.get("dtype", "float32") if inputs else "float32",
        "output": report.output(outputs[0].id) if outputs else None,
    }


def load_data(
    data: Mapping[str, Any] | DataConfig | Project,
    base_dir: Path | None = None,
    graph: Graph | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Dataset:
    """Read a data section (or a project's) into a split Dataset shaped for the graph,
    through its source's entry in the registry (engine.data.sources).
    `on_progress(done, total)` hears how far decoding files has come."""
    from engine.config import DataConfig
    from engine.data.sources import get_source, source_names

    if isinstance(data, DataConfig):
        cfg = data
    elif isinstance(data, Mapping):
        cfg = _parsed(data)
    else:
        base_dir = base_dir or data.base_dir
        graph = graph or data.graph
        cfg = data.data_config
    base_dir = base_dir or Path.cwd()
    hints = graph_hints(graph) if graph is not None else {}
    if cfg.source is None:
        raise DataError('the project has no data section ("data": {"source": ...})')
    source = get_source(cfg.source)
    if source is None:
        names = ", ".join(source_names())
        raise DataError(f"unknown data source '{cfg.source}'; choose one of {names}")
    dataset = fit_to_input(source.load(cfg, base_dir, hints, on_progress), hints)
    augment = cfg.get("augment")
    if augment:
        from engine.data.augment import attach_normalize, parse

        parse(augment, dataset.sample_shape)  # a bad list fails before training
        attach_normalize(dataset, augment)
    return dataset


def preview_data(
    data: Mapping[str, Any] | DataConfig, base_dir: Path, graph: Graph | None = None
) -> Preview:
    """What the section's source holds, cheaply, for the Data form (engine.data.sources)."""
    from engine.config import DataConfig
    from engine.data.sources import preview_data as preview

    cfg = data if isinstance(data, DataConfig) else _parsed(data)
    return preview(cfg, base_dir, graph_hints(graph) if graph is not None else {})


def _parsed(section: Mapping[str, Any]) -> DataConfig:
    """A raw section, typed; a bad key is a DataError naming it (data.samples: ...)."""
    from engine.config import DataConfig
    from engine.errors import ConfigError

    try:
        return DataConfig.parse(section)
    except ConfigError as err:
        raise DataError(str(err)) from None


def fit_to_input(dataset: Dataset, hints: dict[str, Any]) -> Dataset:
    """View samples in the Input's shape when only the layout differs (784 vs 1x28x28),
    and give int64 token ids to an int64 Input. Other samples keep their stored dtype
    (uint8 images, memory-mapped arrays) and become float32 one batch at a time."""
    import torch

    shape = hints.get("input")
    x = dataset.x
    if x is None:
        return dataset
    same_size = shape and math.prod(shape) == math.prod(dataset.sample_shape)
    if shape and same_size and dataset.sample_shape != tuple(shape):
        dataset.x = x = x.reshape(len(x), *shape)
    if hints.get("input_dtype") == "int64" and x.dtype != torch.int64 and not x.is_floating_point():
        dataset.x = x.to(torch.int64)
    return dataset


__all__ = [
    "DataError",
    "DataSource",
    "Dataset",
    "Preview",
    "Task",
    "Thumbnail",
    "data_sources",
    "get_source",
    "graph_hints",
    "load_data",
    "preview_data",
    "register",
    "source_names",
    "unregister",
]
