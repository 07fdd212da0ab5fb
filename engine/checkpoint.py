"""Checkpoints without pickle: tensors (model, optimizer state, RNG states as uint8) in a
safetensors file, everything else (epoch, history, optimizer groups, scheduler) in a JSON
sidecar next to it. Both files are replaced atomically and carry one random `binding`
written by the same save, so a crash between the two renames, or a sidecar copied from
another run, is refused instead of resuming from a mixed state.

Both files are untrusted input: the sidecar is type-checked, and every state is compared
with the live model, optimizer and scheduler before it is loaded into them.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_file

from engine.atomic import atomic_path, atomic_write_text
from engine.errors import LayerLabError
from engine.files import FileLimitError, file_problem, read_capped

FORMAT = "layerlab-checkpoint"
MAX_SIDECAR_BYTES = 64 << 20


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
    binding = secrets.token_hex(16)
    meta = {
        **info,
        "format": FORMAT,
        "binding": binding,
        "param_groups": state["param_groups"],
        "scalars": scalars,
    }
    header = {"epoch": str(info["epoch"]), "binding": binding}
    tensors = {k: v.contiguous().cpu() for k, v in tensors.items()}
    needed = sum(t.numel() * t.element_size() for t in tensors.values())
    with atomic_path(path, needed) as tmp:
        save_file(tensors, str(tmp), header)
    atomic_write_text(sidecar(path), json.dumps(meta, indent=1) + "\n")


def load_checkpoint(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """(tensors, info) of a checkpoint; errors name the file and what is wrong."""
    path = Path(path)
    side = sidecar(path)
    for file in (path, side):
        if problem := file_problem(file):
            raise CheckpointError(
                f"{file}: {problem} (a checkpoint is a .safetensors file and its .json sidecar)"
            )
    try:
        info = json.loads(read_capped(side, MAX_SIDECAR_BYTES))
        with safe_open(str(path), framework="pt") as handle:
            header = handle.metadata() or {}
            tensors = {k: handle.get_tensor(k) for k in handle.keys()}  # noqa: SIM118
    except FileLimitError as err:
        raise CheckpointError(str(err)) from None
    except (SafetensorError, OSError, ValueError) as err:  # JSONDecodeError, UnicodeError
        raise CheckpointError(f"{path}: not a readable checkpoint ({err})") from None
    except RecursionError:
        raise CheckpointError(f"{side}: nested too deeply") from None
    if problem := _sidecar_problem(info):
        raise CheckpointError(f"{side}: {problem}")
    if header.get("binding") != info["binding"] or header.get("epoch") != str(info["epoch"]):
        raise CheckpointError(
            f"{path}: the checkpoint and its .json sidecar come from different saves "
            "(a crash between them, or files from another run)"
        )
    return tensors, info


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _sidecar_problem(info: Any) -> str | None:
    """What is wrong with a sidecar's structure (values are checked against the live
    objects in `restore`), or None."""
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        return f'not a LayerLab checkpoint sidecar ("format" must be "{FORMAT}")'
    epoch = info.get("epoch")
    if not isinstance(epoch, int) or isinstance(epoch, bool) or epoch < 0:
        return "epoch must be a whole number >= 0"
    expected = {
        "binding": str,
        "history": dict,
        "param_groups": list,
        "scalars": dict,
        "early_stopping": dict,
        "graph": dict,
        "optimizer": str,
    }
    for key, kind in expected.items():
        if not isinstance(info.get(key), kind):
            return f"{key} is missing or has the wrong type"
    for key in ("scheduler", "scaler"):
        if info.get(key) is not None and not isinstance(info[key], dict):
            return f"{key} must be an object or null"
    for name, values in info["history"].items():
        if not isinstance(values, list) or not all(_is_number(v) for v in values):
            return f"history.{name} must be a list of numbers"
    stopping = info["early_stopping"]
    best, waited = stopping.get("best"), stopping.get("waited")
    if (
        "best" not in stopping
        or not (best is None or _is_number(best))
        or not isinstance(waited, int)
        or isinstance(waited, bool)
        or waited < 0
    ):
        return "early_stopping must hold best (a number or null) and waited (a count)"
    for pid, entries in info["scalars"].items():
        if not pid.isdigit() or not isinstance(entries, dict):
            return "scalars must map parameter numbers to objects"
        if not all(v is None or isinstance(v, (int, float)) for v in entries.values()):
            return "scalars must hold numbers"
    return None


def _fits(value: Any, ref: Any) -> bool:
    """True when `value` (from JSON) has the structure of `ref` (a live state dict)."""
    if isinstance(ref, bool):
        return isinstance(value, bool)
    if isinstance(ref, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(ref, float):
        return _is_number(value)
    if ref is None:
        return value is None or _is_number(value)
    if isinstance(ref, str):
        return isinstance(value, str)
    if isinstance(ref, (list, tuple)):
        return (
            isinstance(value, list)
            and len(value) == len(ref)
            and all(_fits(v, r) for v, r in zip(value, ref, strict=True))
        )
    if isinstance(ref, dict):
        keys = {str(k): v for k, v in ref.items()}
        return (
            isinstance(value, dict)
            and value.keys() == keys.keys()
            and all(_fits(value[k], r) for k, r in keys.items())
        )
    return False


def restore(
    tensors: dict[str, torch.Tensor],
    info: dict[str, Any],
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any = None,
    scaler: Any = None,
    path: Path | str = "the checkpoint",
) -> None:
    """Put model, optimizer, scheduler, scaler and RNG states back exactly as they were
    saved, after checking that each one fits what it is loaded into (errors name `path`)."""
    model_state = {k[6:]: v for k, v in tensors.items() if k.startswith("model/")}
    try:
        model.load_state_dict(model_state)
    except RuntimeError as err:
        raise CheckpointError(f"{path}: the checkpoint does not fit this model: {err}") from None
    params = [p for group in optimizer.param_groups for p in group["params"]]
    if not _fits(info["param_groups"], optimizer.state_dict()["param_groups"]):
        raise CheckpointError(f"{path}: the optimizer settings do not fit this optimizer")
    state: dict[int, dict[str, Any]] = {}
    for key, value in tensors.items():
        if key.startswith("optim/"):
            _, pid, name = [*key.split("/", 2), "", ""][:3]
            if not pid.isdigit() or int(pid) >= len(params) or not name:
                raise CheckpointError(f"{path}: a stray optimizer tensor {key!r}")
            if value.ndim and value.shape != params[int(pid)].shape:
                raise CheckpointError(f"{path}: optimizer tensor {key!r} does not fit")
            state.setdefault(int(pid), {})[name] = value
    for pid, entries in info["scalars"].items():
        state.setdefault(int(pid), {}).update(entries)
    try:
        optimizer.load_state_dict({"state": state, "param_groups": info["param_groups"]})
    except (ValueError, KeyError, RuntimeError, TypeError, IndexError) as err:
        raise CheckpointError(f"{path}: the optimizer state does not fit: {err}") from None
    for name, target in (("scheduler", scheduler), ("scaler", scaler)):
        saved = info.get(name)
        if target is None or not saved:
            continue
        if not _fits(saved, target.state_dict()):
            raise CheckpointError(f"{path}: the {name} state does not fit this run's {name}")
        target.load_state_dict(saved)
    _restore_rng(tensors, path)


def _restore_rng(tensors: dict[str, torch.Tensor], path: Path | str) -> None:
    rng = tensors.get("rng/torch")
    cuda_keys = [k for k in tensors if k.startswith("rng/cuda/")]
    try:
        if rng is None or rng.dtype != torch.uint8:
            raise ValueError("missing")
        torch.set_rng_state(rng)
        cuda_keys.sort(key=lambda k: int(k[9:]))
        cuda = [tensors[k] for k in cuda_keys]
        if cuda and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(cuda[: torch.cuda.device_count()])
    except (ValueError, RuntimeError, TypeError):
        raise CheckpointError(f"{path}: the random number state is damaged") from None
