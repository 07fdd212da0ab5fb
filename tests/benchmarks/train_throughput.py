"""Training throughput: LayerLab's Trainer against a tight hand-written PyTorch loop and a
typical DataLoader loop, on the same models and data, in one run; then the peak memory
of a `layerlab train` process against the same hand loop in its own process.

Every loop trains on the same split and runs a validation pass (loss + accuracy) after
each epoch, as real loops do; samples/s counts training samples over the wall time of
the epochs (setup excluded). The hand loops use the optimizer settings LayerLab picks
(fused Adam), so the ratio measures the loop's own overhead. Loops are interleaved and
each keeps its best round, which damps noise from other processes on the machine.

    python tests/benchmarks/train_throughput.py [--rounds 3] [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import engine  # noqa: E402
from engine.data import Dataset, load_data  # noqa: E402
from engine.project import Project, project_from_dict  # noqa: E402

BATCH = 64


def chain(
    name: str,
    shape: list[int],
    layers: list[tuple[str, dict[str, Any]]],
    data: dict,
    loss: str,
    epochs: int,
) -> Project:
    nodes = [{"id": "in", "type": "Input", "params": {"shape": shape}}]
    nodes += [{"id": f"n{i}", "type": t, "params": p} for i, (t, p) in enumerate(layers)]
    nodes.append({"id": "out", "type": "Output"})
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(nodes)]
    return project_from_dict(
        {
            "format": "layerlab",
            "version": 1,
            "name": name,
            "graph": {"nodes": nodes, "edges": edges},
            "data": data,
            "training": {
                "epochs": epochs,
                "batch_size": BATCH,
                "optimizer": {"type": "Adam", "lr": 1e-3},
                "loss": {"type": loss},
                "metrics": ["accuracy"],
                "seed": 0,
                "device": "cpu",
            },
        }
    )


def mlp_project(samples: int, epochs: int) -> Project:
    layers = [
        ("Linear", {"out_features": 128}),
        ("ReLU", {}),
        ("Linear", {"out_features": 64}),
        ("ReLU", {}),
        ("Linear", {"out_features": 1}),
    ]
    data = {
        "source": "synthetic",
        "name": "blobs",
        "samples": samples,
        "features": 10,
        "classes": 2,
        "seed": 0,
        "validation_split": 0.2,
    }
    return chain("MLP 10-128-64-1", [10], layers, data, "BCEWithLogitsLoss", epochs)


def cnn_project(samples: int, epochs: int) -> Project:
    layers = [
        ("Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}),
        ("ReLU", {}),
        ("MaxPool2d", {"kernel_size": 2}),
        ("Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
        ("ReLU", {}),
        ("MaxPool2d", {"kernel_size": 2}),
        ("Flatten", {}),
        ("Linear", {"out_features": 3}),
    ]
    data = {
        "source": "synthetic",
        "name": "shapes",
        "samples": samples,
        "size": 16,
        "channels": 1,
        "classes": 3,
        "seed": 0,
        "validation_split": 0.2,
    }
    return chain("CNN 2xConv 16x16", [1, 16, 16], layers, data, "CrossEntropyLoss", epochs)


def plain_model(project: Project) -> nn.Module:
    """The same layers as a plain nn.Sequential, as a hand-written script would have."""
    model = engine.build_model(project.graph)
    return nn.Sequential(*[m for nid, m in model.named_children() if nid not in model.output_ids])


def targets(project: Project, data: Dataset) -> torch.Tensor:
    binary = project.training["loss"]["type"] == "BCEWithLogitsLoss"
    return data.y.float().unsqueeze(1) if binary else data.y


def accuracy_sum(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if out.shape[-1] == 1:
        return ((out > 0) == (y > 0.5)).sum()
    return (out.argmax(-1) == y).sum()


def validate(model: nn.Module, loss_fn: nn.Module, x: torch.Tensor, y: torch.Tensor) -> None:
    model.eval()
    with torch.no_grad():
        loss, correct = torch.zeros(()), torch.zeros((), dtype=torch.long)
        for i in range(0, len(x), 256):
            out = model(x[i : i + 256])
            loss += loss_fn(out, y[i : i + 256]) * len(out)
            correct += accuracy_sum(out, y[i : i + 256])
        _ = (loss / len(x)).item(), correct.item() / len(x)
    model.train()


def tight_loop(project: Project, data: Dataset, epochs: int) -> float:
    """In-memory tensors, randperm + index_select, fused Adam, loss summed on device."""
    torch.manual_seed(0)
    model = plain_model(project)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    loss_fn = getattr(nn, project.training["loss"]["type"])()
    y_all = targets(project, data)
    x, y = data.inputs(data.train_idx), y_all[data.train_idx]
    xv, yv = data.inputs(data.val_idx), y_all[data.val_idx]
    n = len(x)
    began = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        total = torch.zeros(())
        for i in range(0, n, BATCH):
            idx = perm[i : i + BATCH]
            xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach()
        _ = total.item()
        validate(model, loss_fn, xv, yv)
    return n * epochs / (time.perf_counter() - began)


def dataloader_loop(project: Project, data: Dataset, epochs: int) -> float:
    """The tutorial loop: TensorDataset + DataLoader(shuffle=True), loss.item() per step."""
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(0)
    model = plain_model(project)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    loss_fn = getattr(nn, project.training["loss"]["type"])()
    y_all = targets(project, data)
    train = TensorDataset(data.inputs(data.train_idx), y_all[data.train_idx])
    loader = DataLoader(train, batch_size=BATCH, shuffle=True)
    xv, yv = data.inputs(data.val_idx), y_all[data.val_idx]
    began = time.perf_counter()
    for _ in range(epochs):
        running = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item()
        validate(model, loss_fn, xv, yv)
    return len(train) * epochs / (time.perf_counter() - began)


def layerlab_loop(project: Project, data: Dataset, epochs: int) -> float:
    """engine.Trainer end to end; timed from RunStarted to RunFinished (setup excluded)."""
    marks: dict[str, float] = {}

    def on_event(event: object) -> None:
        marks[type(event).__name__] = time.perf_counter()

    engine.Trainer(project, epochs=epochs, device="cpu", on_event=on_event).run()
    return data.n_train * epochs / (marks["RunFinished"] - marks["RunStarted"])


LOOPS: dict[str, Callable[[Project, Dataset, int], float]] = {
    "tight loop": tight_loop,
    "DataLoader loop": dataloader_loop,
    "LayerLab Trainer": layerlab_loop,
}


def throughput(project: Project, epochs: int, rounds: int) -> dict[str, float]:
    data = load_data(project)
    for loop in LOOPS.values():  # warm-up: first-call costs (kernels, lazy imports)
        loop(project, data, 1)
    best = dict.fromkeys(LOOPS, 0.0)
    for _ in range(rounds):
        for name, loop in LOOPS.items():
            best[name] = max(best[name], loop(project, data, epochs))
    return best


HAND_SCRIPT = textwrap.dedent(
    """
    import resource, sys, time, torch
    from torch import nn
    torch.manual_seed(0)
    n, epochs = int(sys.argv[1]), int(sys.argv[2])
    centres = torch.rand(2, 10) * 10 - 5
    y = torch.arange(n) % 2
    x = centres[y] + torch.randn(n, 10)
    y = y.float().unsqueeze(1)
    model = nn.Sequential(nn.Linear(10, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                          nn.Linear(64, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    loss_fn = nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, 64):
            idx = perm[i : i + 64]
            loss = loss_fn(model(x.index_select(0, idx)), y.index_select(0, idx))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    """
)


def peak_rss(command: list[str], cwd: Path) -> int:
    """Peak resident set size (bytes) of one child process, from wait4's rusage."""
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(
            f"{command[:3]} failed: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def memory(samples: int, epochs: int) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = mlp_project(samples, epochs)
        project.data["validation_split"] = 0.0
        engine.save_project(project, folder / "mlp.layerlab")
        env_python = sys.executable
        layerlab = [
            env_python,
            "-m",
            "engine.cli",
            "train",
            "mlp.layerlab",
            "--out",
            "w.safetensors",
        ]
        os.environ["PYTHONPATH"] = str(ROOT)
        return {
            "layerlab train": peak_rss(layerlab, folder),
            "hand loop": peak_rss(
                [env_python, "-c", HAND_SCRIPT, str(samples), str(epochs)], folder
            ),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="smaller data, one round")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch CPU threads (default 1: small batches gain nothing from more, and on a "
        "shared machine multi-thread timings swing wildly)",
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    scale, rounds = (0.25, 1) if args.quick else (1.0, args.rounds)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU thread(s), batch {BATCH}")
    figures: dict[str, Any] = {}
    for project, epochs in (
        (mlp_project(int(20000 * scale), 4), 3),
        (cnn_project(int(4000 * scale), 2), 2),
    ):
        best = throughput(project, epochs, rounds)
        tight = best["tight loop"]
        print(f"\n{project.name} (batch {BATCH}, train samples/s, best of {rounds})")
        for name, rate in best.items():
            print(f"  {name:18} {rate:>10,.0f}   {rate / tight:5.2f}x tight loop")
        figures[project.name] = best
    rss = memory(int(20000 * scale), 2)
    ratio = rss["layerlab train"] / rss["hand loop"]
    print("\nPeak RSS, MLP, one process each")
    for name, value in rss.items():
        print(f"  {name:18} {value / 2**20:>8.1f} MiB")
    print(f"  ratio              {ratio:8.2f}x")
    figures["peak_rss"] = rss
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
