"""Data sources for training: `load_data(project)` reads the project's data section.

One module per source family: synthetic, csvfile, arrays (npz), images, idx, text; splits
holds the seeded split and standardisation. Relative paths resolve against the project
file's folder; sizes the section leaves out come from the graph's Input node.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.choices import SOURCES
from engine.data.base import DataError, Dataset, Task
from engine.layers import input_nodes, output_nodes
from engine.shapes import infer_shapes

if TYPE_CHECKING:
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
    data: dict[str, Any] | Project,
    base_dir: Path | None = None,
    graph: Graph | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Dataset:
    """Read a data section (or a project's) into a split Dataset shaped for the graph.
    `on_progress(done, total)` hears how far decoding files has come."""
    if not isinstance(data, dict):
        base_dir = base_dir or data.base_dir
        graph = graph or data.graph
        data = data.data
    base_dir = base_dir or Path.cwd()
    hints = graph_hints(graph) if graph is not None else {}
    source = data.get("source")
    if source == "synthetic":
        from engine.data import synthetic

        dataset = synthetic.load(data, hints)
    elif source == "csv":
        from engine.data import csvfile

        dataset = csvfile.load(data, base_dir)
    elif source == "npz":
        from engine.data import arrays

        dataset = arrays.load(data, base_dir)
    elif source == "images":
        from engine.data import images

        dataset = images.load(data, base_dir, hints, on_progress)
    elif source == "idx":
        from engine.data import idx

        dataset = idx.load(data, base_dir)
    elif source == "text":
        from engine.data import text

        dataset = text.load(data, base_dir, hints)
    elif source is None:
        raise DataError('the project has no data section ("data": {"source": ...})')
    else:
        raise DataError(f"unknown data source '{source}'; choose one of {', '.join(SOURCES)}")
    dataset = fit_to_input(dataset, hints)
    if data.get("augment"):
        from engine.data.augment import attach_normalize, parse

        parse(data["augment"], dataset.sample_shape)  # a bad list fails before training
        attach_normalize(dataset, data["augment"])
    return dataset


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
    if same_size and dataset.sample_shape != tuple(shape):
        dataset.x = x = x.reshape(len(x), *shape)
    if hints.get("input_dtype") == "int64" and x.dtype != torch.int64 and not x.is_floating_point():
        dataset.x = x.to(torch.int64)
    return dataset


__all__ = ["SOURCES", "DataError", "Dataset", "Task", "graph_hints", "load_data"]
