"""Data sources for training: `load_data(project)` reads the project's data section.

One module per source family: synthetic, csvfile, arrays (npz), images, idx, text; splits
holds the seeded split and standardisation. Relative paths resolve against the project
file's folder; sizes the section leaves out come from the graph's Input node.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.choices import SOURCES
from engine.data.base import DataError, Dataset, Task
from engine.shapes import infer_shapes

if TYPE_CHECKING:
    from engine.graph import Graph
    from engine.project import Project


def graph_hints(graph: Graph) -> dict[str, Any]:
    """The first Input's shape and dtype and the first Output's shape (None if unknown)."""
    report = infer_shapes(graph)
    inputs = graph.nodes_of_type("Input")
    outputs = graph.nodes_of_type("Output")
    return {
        "input": report.output(inputs[0].id) if inputs else None,
        "input_dtype": inputs[0].params.get("dtype", "float32") if inputs else "float32",
        "output": report.output(outputs[0].id) if outputs else None,
    }


def load_data(
    data: dict[str, Any] | Project, base_dir: Path | None = None, graph: Graph | None = None
) -> Dataset:
    """Read a data section (or a project's) into a split Dataset shaped for the graph."""
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

        dataset = images.load(data, base_dir, hints)
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
    return fit_to_input(dataset, hints)


def fit_to_input(dataset: Dataset, hints: dict[str, Any]) -> Dataset:
    """View samples in the Input's shape when only the layout differs (784 vs 1x28x28),
    and match its dtype (float32 features, int64 token ids)."""
    import torch

    shape = hints.get("input")
    if (
        shape
        and dataset.sample_shape != tuple(shape)
        and math.prod(shape) == math.prod(dataset.sample_shape)
    ):
        dataset.x = dataset.x.reshape(len(dataset.x), *shape)
    if "input_dtype" not in hints:
        return dataset
    want = torch.int64 if hints["input_dtype"] == "int64" else torch.float32
    if dataset.x.dtype != want and (want == torch.float32 or not dataset.x.is_floating_point()):
        dataset.x = dataset.x.to(want)
    return dataset


__all__ = ["SOURCES", "DataError", "Dataset", "Task", "graph_hints", "load_data"]
