"""Training throughput: LayerLab's Trainer against a tight hand-written PyTorch loop and a
typical DataLoader loop, on the same models and data, in one run; then the peak memory
of a `layerlab train` process against the same hand loop in its own process.

Every loop reports the same figures: the training loss and accuracy of the batches as
they ran, and, when the project holds out a validation split, a validation pass (loss +
accuracy) after each epoch. Each model runs with and without a validation split; the
models are the MLP, a small CNN and a residual CNN (the residual_cnn example). samples/s
counts training samples over the wall time of the epochs (setup excluded). The hand
loops use the optimizer settings LayerLab picks (fused Adam), so the ratio measures the
loop's own overhead. Each round runs the loops back to back; a loop's ratio is the
median of its rounds' ratios to the tight loop (this VM's speed swings +-15% over
minutes, so loops measured side by side carry the comparison).

    python tests/benchmarks/train_throughput.py [--rounds 5] [--quick] [--threads 1]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
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


def residual_project(samples: int, epochs: int) -> Project:
    """The residual_cnn example (two residual blocks with BatchNorm) on more samples."""
    project = engine.load_project(ROOT / "resources" / "examples" / "residual_cnn.layerlab")
    project.name = "Residual CNN 16x16x3"
    project.data.update(samples=samples, validation_split=0.2)
    project.training.update(epochs=epochs, batch_size=BATCH, device="cpu")
    return project


class HandResidual(nn.Module):
    """The residual example's forward pass written out by hand, on the same modules."""

    def __init__(self, graph_model: nn.Module) -> None:
        super().__init__()
        for name, module in graph_model.named_children():
            setattr(self, name, module)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem_relu(self.stem_bn(self.stem(x)))
        y = self.b1_bn2(self.b1_conv2(self.b1_relu(self.b1_bn1(self.b1_conv1(x)))))
        x = self.pool(self.b1_out(y + x))
        y = self.b2_bn2(self.b2_conv2(self.b2_relu(self.b2_bn1(self.b2_conv1(x)))))
        x = self.b2_out(y + x)
        return self.fc(self.flat(self.gap(x)))


def plain_model(project: Project) -> nn.Module:
    """The same layers as a hand-written script would have them: an nn.Sequential, or
    the residual network's forward written out."""
    model = engine.build_model(project.graph)
    if any(node.type == "Add" for node in project.graph.nodes.values()):
        return HandResidual(model)
    return nn.Sequential(*[m for nid, m in model.named_children() if nid not in model.output_ids])


def targets(project: Project, data: Dataset) -> torch.Tensor:
    binary = project.training["loss"]["type"] == "BCEWithLogitsLoss"
    return data.y.float().unsqueeze(1) if binary else data.y


def accuracy_sum(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if out.shape[-1] == 1:
        return ((out > 0) == (y > 0.5)).sum()
    return (out.argmax(-1) == y).sum()


def validate(model: nn.Module, loss_fn: nn.Module, x: torch.Tensor, y: torch.Tensor) -> None:
    if not len(x):
        return
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
    """In-memory tensors, randperm + index_select, fused Adam, loss and accuracy of the
    batches summed on the device and read once an epoch."""
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
        total, correct = torch.zeros(()), torch.zeros((), dtype=torch.long)
        for i in range(0, n, BATCH):
            idx = perm[i : i + BATCH]
            xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            out = model(xb)
            loss = loss_fn(out, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach()
            correct += accuracy_sum(out.detach(), yb)
        _ = total.item(), correct.item() / n
        validate(model, loss_fn, xv, yv)
    return n * epochs / (time.perf_counter() - began)


def dataloader_loop(project: Project, data: Dataset, epochs: int) -> float:
    """The tutorial loop: TensorDataset + DataLoader(shuffle=True), .item() per step."""
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
        running, correct = 0.0, 0
        for xb, yb in loader:
            optimizer.zero_grad()
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            optimizer.step()
            running += loss.item()
            correct += accuracy_sum(out.detach(), yb).item()
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


def throughput(project: Project, epochs: int, rounds: int) -> dict[str, list[float]]:
    """Each loop's samples/s in every round; a round runs the loops back to back."""
    data = load_data(project)
    for loop in LOOPS.values():  # warm-up: first-call costs (kernels, lazy imports)
        loop(project, data, 1)
    rates: dict[str, list[float]] = {name: [] for name in LOOPS}
    for _ in range(rounds):
        for name, loop in LOOPS.items():
            rates[name].append(loop(project, data, epochs))
    return rates


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
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="a quarter of the data")
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
    scale, rounds = (0.25 if args.quick else 1.0), args.rounds
    load = os.getloadavg()[0]
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} CPU thread(s), batch {BATCH}, "
        f"{os.cpu_count()} cores, load average {load:.2f} at start"
    )
    figures: dict[str, Any] = {}
    for make, samples, epochs in (
        (mlp_project, 60000, 3),
        (cnn_project, 4000, 2),
        (residual_project, 1500, 2),
    ):
        for split in (0.2, 0.0):
            project = make(int(samples * scale), epochs)
            project.data["validation_split"] = split
            rates = throughput(project, epochs, rounds)
            title = f"{project.name}, validation split {split}"
            print(f"\n{title} (batch {BATCH}, train samples/s, median of {rounds} rounds)")
            for name, each in rates.items():
                # this VM's speed swings +-15% over minutes: loops measured back to back
                # carry the comparison, so the ratio is the median of the rounds' ratios
                ratio = statistics.median(
                    r / t for r, t in zip(each, rates["tight loop"], strict=True)
                )
                rate = statistics.median(each)
                print(f"  {name:18} {rate:>10,.0f}   {ratio:5.2f}x tight loop")
            figures[title] = rates
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
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
