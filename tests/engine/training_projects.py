"""Small projects for the training tests: an MLP or a CNN over any data section."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from engine.project import Project, project_from_dict


def mlp(
    data: dict[str, Any],
    *,
    inputs: int = 2,
    hidden: int = 16,
    outputs: int = 1,
    dropout: float = 0.0,
    folder: Path | None = None,
    **training: Any,
) -> Project:
    """Input -> Linear(hidden) -> ReLU [-> Dropout] -> Linear(outputs) -> Output."""
    layers = [("fc1", "Linear", {"out_features": hidden}), ("act1", "ReLU", {})]
    if dropout:
        layers.append(("drop", "Dropout", {"p": dropout}))
    layers.append(("fc2", "Linear", {"out_features": outputs}))
    return chain([inputs], layers, data, folder, training)


def cnn(data: dict[str, Any], *, size: int = 12, classes: int = 3, **training: Any) -> Project:
    layers = [
        ("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}),
        ("act", "ReLU", {}),
        ("pool", "MaxPool2d", {"kernel_size": 2}),
        ("flat", "Flatten", {}),
        ("fc", "Linear", {"out_features": classes}),
    ]
    return chain([1, size, size], layers, data, None, training)


def chain(
    shape: list[int],
    layers: list[tuple[str, str, dict[str, Any]]],
    data: dict[str, Any],
    folder: Path | None,
    training: dict[str, Any],
    dtype: str = "float32",
) -> Project:
    nodes = [{"id": "in", "type": "Input", "params": {"shape": shape, "dtype": dtype}}]
    nodes += [{"id": i, "type": t, "params": p} for i, t, p in layers]
    nodes.append({"id": "out", "type": "Output"})
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(nodes)]
    settings = {"epochs": 3, "batch_size": 32, "optimizer": {"type": "Adam", "lr": 0.01}}
    settings.update(training)
    raw = {"format": "layerlab", "version": 1, "name": "test", "data": data, "training": settings}
    raw["graph"] = {"nodes": nodes, "edges": edges}
    return project_from_dict(raw, folder / "project.layerlab" if folder else None)
