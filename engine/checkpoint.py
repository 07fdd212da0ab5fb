"""Checkpoints without pickle: tensors (model, optimizer state, RNG states as uint8) in a
safetensors file, everything else (epoch, history, optimizer groups, scheduler) in a JSON
sidecar next to it. Both files are replaced atomically; the epoch is written into each so
a crash between the two renames is detected instead of resuming from a mixed state.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_file

from engine.errors import LayerLabError
from engine.project import atomic_write_text

FORMAT = "layerlab-checkpoint"


class CheckpointError(LayerLabError):
    """A checkpoint that cannot be read or does not belong to this project."""


def sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def save_checkpoint(
    path: Path,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    info: dict[str, Any],
) -> None:
    """Write `path` (tensors) and its .json sidecar (`info` plus optimizer groups)."""
    tensors = {f"model/{k}": v.detach().clone() for k, v in model.state_dict().items()}
    state = optimizer.state_dict()
    scalars: dict[str, dict[str, Any]] = {}
    for pid, entry in state["state"].items():
        for key, value in entry.items():
            if isinstance(value, torch.Tensor):
                tensors[f"optim/{pid}/{key}"] = value.detach().clone()
            else:
                scalars.setdefault(str(pid), {})[key] = value
    tensors["rng/torch"] = torch.get_rng_state()
    if torch.cuda.is_available():
        for i, rng in enumerate(torch.cuda.get_rng_state_all()):
            tensors[f"rng/cuda/{i}"] = rng
    meta = {**info, "format": FORMAT, "param_groups": state["param_groups"], "scalars": scalars}
    epoch = str(info["epoch"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        save_file({k: v.contiguous().cpu() for k, v in tensors.items()}, str(tmp), {"epoch": epoch})
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    atomic_write_text(sidecar(path), json.dumps(meta, indent=1) + "\n")


def load_checkpoint(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """(tensors, info) of a checkpoint; errors name the file and what is wrong."""
    try:
        info = json.loads(sidecar(path).read_text(encoding="utf-8"))
        with safe_open(str(path), framework="pt") as handle:
            epoch = (handle.metadata() or {}).get("epoch")
            tensors = {k: handle.get_tensor(k) for k in handle.keys()}  # noqa: SIM118
    except FileNotFoundError as err:
        raise CheckpointError(
            f"{err.filename}: no such file (a checkpoint is a .safetensors "
            "file and its .json sidecar)"
        ) from None
    except (SafetensorError, OSError, json.JSONDecodeError) as err:
        raise CheckpointError(f"{path}: not a readable checkpoint ({err})") from None
    if info.get("format") != FORMAT or str(info.get("epoch")) != epoch:
        raise CheckpointError(f"{path}: the checkpoint and its .json sidecar do not match")
    return tensors, info


def restore(
    tensors: dict[str, torch.Tensor],
    info: dict[str, Any],
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
) -> None:
    """Put model, optimizer and RNG states back exactly as they were saved."""
    model_state = {k[6:]: v for k, v in tensors.items() if k.startswith("model/")}
    try:
        model.load_state_dict(model_state)
    except RuntimeError as err:
        raise CheckpointError(f"the checkpoint does not fit this model: {err}") from None
    state: dict[int, dict[str, Any]] = {}
    for key, value in tensors.items():
        if key.startswith("optim/"):
            _, pid, name = key.split("/", 2)
            state.setdefault(int(pid), {})[name] = value
    for pid, entries in info["scalars"].items():
        state.setdefault(int(pid), {}).update(entries)
    try:
        optimizer.load_state_dict({"state": state, "param_groups": info["param_groups"]})
    except (ValueError, KeyError, RuntimeError) as err:
        raise CheckpointError(f"the checkpoint's optimizer state does not fit: {err}") from None
    torch.set_rng_state(tensors["rng/torch"])
    cuda_keys = sorted((k for k in tensors if k.startswith("rng/cuda/")), key=lambda k: int(k[9:]))
    cuda = [tensors[k] for k in cuda_keys]
    if cuda and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(cuda[: torch.cuda.device_count()])
