"""Shared helpers for the hostile-input tests: a trained weights file and checkpoint
made once per session, and ways to tamper with their metadata."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from safetensors import safe_open
from safetensors.torch import save_file

ROOT = Path(__file__).resolve().parents[2]


def layerlab(
    *args: str, cwd: Path, stdin: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
        timeout=timeout,
    )


def tiny_project(folder: Path, name: str = "tiny.layerlab", **data: Any) -> Path:
    """A 4-feature, 3-class MLP on synthetic blobs: trains in well under a second."""
    nodes = [
        {"id": "in", "type": "Input", "params": {"shape": [4]}},
        {"id": "fc", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act", "type": "ReLU"},
        {"id": "head", "type": "Linear", "params": {"out_features": 3}},
        {"id": "out", "type": "Output"},
    ]
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(nodes)]
    project = {
        "format": "layerlab",
        "version": 1,
        "name": "tiny",
        "graph": {"nodes": nodes, "edges": edges},
        "data": data
        or {"source": "synthetic", "name": "blobs", "samples": 120, "features": 4, "classes": 3},
        "training": {
            "epochs": 2,
            "batch_size": 32,
            "optimizer": {"type": "Adam", "lr": 0.01},
            "loss": {"type": "CrossEntropyLoss"},
        },
    }
    path = folder / name
    path.write_text(json.dumps(project), encoding="utf-8")
    return path


def read_all(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    with safe_open(str(path), framework="pt") as handle:
        return {k: handle.get_tensor(k) for k in handle.keys()}, dict(handle.metadata() or {})  # noqa: SIM118


def tamper_metadata(source: Path, target: Path, **changes: str | None) -> Path:
    """Copy a weights file with metadata keys replaced (None removes the key)."""
    tensors, meta = read_all(source)
    for key, value in changes.items():
        key = "layerlab." + key
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    save_file(tensors, str(target), meta)
    return target


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth
