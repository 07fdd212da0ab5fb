"""Weights as safetensors files that carry their own graph.

Metadata values are strings (a safetensors rule): `layerlab.graph` (graph JSON),
`layerlab.format_version`, and JSON for `layerlab.labels`, `layerlab.normalization`,
`layerlab.data` and `layerlab.training`. So `load_model(path)` rebuilds the model from the
file alone, and predict can standardise new data and name classes exactly as in training.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_model
from torch import nn

from engine.atomic import atomic_path
from engine.build import GraphModule, build_model
from engine.data.base import labels_problem
from engine.errors import LayerLabError
from engine.files import file_problem
from engine.model_summary import summary
from engine.project import FORMAT_VERSION, Project, graph_from_dict

PREFIX = "layerlab."


class WeightsError(LayerLabError):
    """A weights file that cannot be read or does not fit the model."""


def save_weights(
    model: nn.Module, path: str | os.PathLike[str], project: Project | None = None, **meta: Any
) -> None:
    """Write the model's tensors (tied weights stored once) and metadata, atomically.

    `meta` keys (labels, normalization, data, training, ...) are stored as JSON under
    `layerlab.<key>`; the graph comes from `project` or from a GraphModule itself. A full
    disk raises DiskFullError (the model is untouched: save it elsewhere).
    """
    path = Path(path)
    if problem := labels_problem(meta.get("labels")):
        raise WeightsError(f"{path}: labels {problem}")
    graph = project.graph if project is not None else getattr(model, "graph", None)
    metadata = {"format": "pt", PREFIX + "format_version": str(FORMAT_VERSION)}
    if graph is not None:
        metadata[PREFIX + "graph"] = json.dumps(graph.to_dict())
    if project is not None:
        metadata[PREFIX + "name"] = project.name
    for key, value in meta.items():
        if value is not None:
            metadata[PREFIX + key] = json.dumps(value)
    needed = weights_size(model) + sum(len(k) + len(v) for k, v in metadata.items())
    with atomic_path(path, needed) as tmp:
        save_model(model, str(tmp), metadata=metadata, force_contiguous=True)


def weights_size(model: nn.Module) -> int:
    """Bytes the model's tensors take in a weights file (shared storage counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for tensor in model.state_dict().values():
        key = _storage(tensor)
        if key not in seen:
            seen.add(key)
            total += tensor.numel() * tensor.element_size()
    return total


def read_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The file's LayerLab metadata, JSON decoded and checked (`graph` stays a dict).

    Metadata is untrusted: every known key is type-checked and bounded here, so the rest
    of LayerLab can use it as it is.
    """
    path = Path(path)
    raw = _open(path, lambda handle: handle.metadata() or {})
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if not key.startswith(PREFIX):
            continue
        name = key[len(PREFIX) :]
        if name in ("name", "format_version"):
            out[name] = value
            continue
        try:
            out[name] = json.loads(value)
        except json.JSONDecodeError as err:
            raise WeightsError(f"{path}: {key} is not valid JSON ({err.msg})") from None
        except RecursionError:
            raise WeightsError(f"{path}: {key} is nested too deeply") from None
    for name, check in _CHECKS.items():
        if name in out and (problem := check(out[name])):
            raise WeightsError(f"{path}: {PREFIX}{name} {problem}")
    return out


def _version_problem(value: str) -> str | None:
    try:
        version = int(value)
    except ValueError:
        return f"must be a whole number; got {value[:20]!r}"
    if version > FORMAT_VERSION:
        return f"is {version}: written by a newer LayerLab; please upgrade"
    return None if version >= 1 else f"is {version}: not a LayerLab format version"


def _normalization_problem(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict) or "mean" not in value or "std" not in value:
        return 'must be {"mean": [...], "std": [...]}'
    try:
        mean = torch.tensor(value["mean"], dtype=torch.float64)
        std = torch.tensor(value["std"], dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError, OverflowError):
        return "mean and std must be lists of numbers"
    if mean.shape != std.shape or mean.ndim == 0:
        return "mean and std must be lists of the same shape"
    if not (torch.isfinite(mean).all() and torch.isfinite(std).all()) or bool((std <= 0).any()):
        return "mean must be finite and std finite and positive"
    return None


def _data_problem(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be an object"
    features = value.get("features")
    if features is not None and (
        not isinstance(features, list) or not all(isinstance(f, str) for f in features)
    ):
        return "features must be a list of column names"
    if value.get("task") not in (None, "classification", "regression"):
        return 'task must be "classification" or "regression"'
    if not isinstance(value.get("loss", ""), str):
        return "loss must be a loss name"
    return None


_CHECKS = {
    "name": lambda v: None if len(v) <= 1000 else "is longer than 1000 characters",
    "format_version": _version_problem,
    "graph": lambda v: None if isinstance(v, dict) else "must be a graph object",
    "labels": labels_problem,
    "normalization": _normalization_problem,
    "data": _data_problem,
}


def load_model(path: str | os.PathLike[str]) -> GraphModule:
    """Rebuild the model from the graph inside the file and load its weights (eval mode).

    The graph is checked against the file's tensors before anything is allocated, so a
    tampered graph that asks for absurd sizes is refused instead of filling the memory.
    """
    meta = read_metadata(path)
    if "graph" not in meta:
        raise WeightsError(f"{path}: has no layerlab.graph metadata; use load_weights_into")
    try:
        graph = graph_from_dict(meta["graph"])
        needed = summary(graph).total_params
        stored = sum(math.prod(shape) for shape in _tensor_shapes(path).values())
        if needed > stored:
            raise WeightsError(
                f"{path}: the graph in the file needs {needed:,} parameters but the file holds "
                f"{stored:,} values; the file is damaged or was changed"
            )
        model = build_model(graph)
    except WeightsError:
        raise
    except LayerLabError as err:
        raise WeightsError(f"{path}: {PREFIX}graph: {err}") from None
    except RecursionError:
        raise WeightsError(f"{path}: {PREFIX}graph is nested too deeply") from None
    stats = meta.get("normalization")
    if stats is not None and model.input_ids:
        shape = tuple(model.input_shapes[model.input_ids[0]])
        features = math.prod(shape)
        if not _fits(torch.tensor(stats["mean"]).shape, shape):
            raise WeightsError(
                f"{path}: {PREFIX}normalization does not fit the model's Input "
                f"({features} values); the file is damaged or was changed"
            )
    load_weights_into(model, path)
    return model.eval()


def _fits(stats: tuple[int, ...], shape: tuple[int, ...]) -> bool:
    """Normalisation values fit an Input: one per value (CSV features, maybe reshaped) or
    broadcast over it (one per image channel, shaped (C, 1, 1))."""
    if math.prod(stats) == math.prod(shape):
        return True
    try:
        return torch.broadcast_shapes(stats, shape) == shape
    except RuntimeError:
        return False


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
    return _open(Path(path), lambda h: {key: h.get_tensor(key) for key in h.keys()})  # noqa: SIM118


def _tensor_shapes(path: str | os.PathLike[str]) -> dict[str, list[int]]:
    """Each tensor's shape from the file's header, without reading the tensors."""
    return _open(Path(path), lambda h: {key: h.get_slice(key).get_shape() for key in h.keys()})  # noqa: SIM118


def _open(path: Path, read: Any) -> Any:
    """`read(handle)` on the opened file; every failure is a WeightsError naming it."""
    if problem := file_problem(path):
        raise WeightsError(f"{path}: {problem}")
    try:
        with safe_open(str(path), framework="pt") as handle:
            return read(handle)
    except (SafetensorError, OSError) as err:
        raise WeightsError(f"{path}: not a safetensors weights file ({err})") from None


def _storage(t: torch.Tensor) -> tuple[int, int]:
    """Identity of a tensor's memory, so tied weights count as present once stored."""
    return (t.untyped_storage().data_ptr(), t.storage_offset())
