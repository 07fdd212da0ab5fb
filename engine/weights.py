"""Weights as safetensors files that carry their own graph.

Metadata values are strings (a safetensors rule): `layerlab.graph` (graph JSON),
`layerlab.format_version`, and JSON for `layerlab.labels`, `layerlab.normalization`,
`layerlab.data` and `layerlab.training`. So `load_model(path)` rebuilds the model from the
file alone, and predict can standardise new data and name classes exactly as in training.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_model
from torch import nn

from engine.build import GraphModule, build_model
from engine.errors import LayerLabError
from engine.project import FORMAT_VERSION, Project, graph_from_dict

PREFIX = "layerlab."


class WeightsError(LayerLabError):
    """A weights file that cannot be read or does not fit the model."""


def save_weights(
    model: nn.Module, path: str | os.PathLike[str], project: Project | None = None, **meta: Any
) -> None:
    """Write the model's tensors (tied weights stored once) and metadata, atomically.

    `meta` keys (labels, normalization, data, training, ...) are stored as JSON under
    `layerlab.<key>`; the graph comes from `project` or from a GraphModule itself.
    """
    path = Path(path)
    graph = project.graph if project is not None else getattr(model, "graph", None)
    metadata = {"format": "pt", PREFIX + "format_version": str(FORMAT_VERSION)}
    if graph is not None:
        metadata[PREFIX + "graph"] = json.dumps(graph.to_dict())
    if project is not None:
        metadata[PREFIX + "name"] = project.name
    for key, value in meta.items():
        if value is not None:
            metadata[PREFIX + key] = json.dumps(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        save_model(model, str(tmp), metadata=metadata, force_contiguous=True)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The file's LayerLab metadata, JSON decoded (`graph` stays a dict)."""
    path = Path(path)
    try:
        with safe_open(str(path), framework="pt") as handle:
            raw = handle.metadata() or {}
    except FileNotFoundError:
        raise WeightsError(f"{path}: no such file") from None
    except (SafetensorError, OSError) as err:
        raise WeightsError(f"{path}: not a safetensors weights file ({err})") from None
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key.startswith(PREFIX):
            name = key[len(PREFIX) :]
            out[name] = value if name in ("name", "format_version") else json.loads(value)
    return out


def load_model(path: str | os.PathLike[str]) -> GraphModule:
    """Rebuild the model from the graph inside the file and load its weights (eval mode)."""
    meta = read_metadata(path)
    if "graph" not in meta:
        raise WeightsError(f"{path}: has no layerlab.graph metadata; use load_weights_into")
    if int(meta.get("format_version", 1)) > FORMAT_VERSION:
        raise WeightsError(f"{path}: written by a newer LayerLab; please upgrade")
    model = build_model(graph_from_dict(meta["graph"]))
    load_weights_into(model, path)
    return model.eval()


def load_weights_into(model: nn.Module, path: str | os.PathLike[str]) -> nn.Module:
    """Copy the file's tensors into `model`; every missing, unexpected or misshapen
    tensor is listed in one error."""
    tensors = read_tensors(path)
    state = model.state_dict()
    problems = [
        f"{key}: file has {tuple(t.shape)}, model has {tuple(state[key].shape)}"
        for key, t in tensors.items()
        if key in state and t.shape != state[key].shape
    ]
    problems += [f"{key}: not in the model" for key in tensors if key not in state]
    present = {_storage(state[k]) for k in tensors if k in state}
    problems += [
        f"{key}: missing from the file"
        for key in state
        if key not in tensors and _storage(state[key]) not in present
    ]
    if problems:
        raise WeightsError(f"{path}: the weights do not fit the model:\n  " + "\n  ".join(problems))
    with torch.no_grad():
        for key, value in state.items():
            source = tensors.get(key)
            if source is not None:
                value.copy_(source)
    return model


def read_tensors(path: str | os.PathLike[str]) -> dict[str, torch.Tensor]:
    try:
        with safe_open(str(path), framework="pt") as handle:
            return {key: handle.get_tensor(key) for key in handle.keys()}  # noqa: SIM118
    except FileNotFoundError:
        raise WeightsError(f"{path}: no such file") from None
    except (SafetensorError, OSError) as err:
        raise WeightsError(f"{path}: not a safetensors weights file ({err})") from None


def _storage(t: torch.Tensor) -> tuple[int, int]:
    """Identity of a tensor's memory, so tied weights count as present once stored."""
    return (t.untyped_storage().data_ptr(), t.storage_offset())
