"""Inference peak memory: a ResNet-50 written in plain torch vs the same model imported
into LayerLab (GraphModule) and exported back as Python, batch 8 at 224x224 under no_grad.

Each variant runs in its own process; the figure is how much the process's peak resident
memory (Linux VmHWM, reset just before) grows during one forward, weights already loaded. The three
ratios print side by side; the target is LayerLab <= 1.2x plain torch.

    python tests/benchmarks/inference_memory.py [--batch 8] [--size 224]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]


class Bottleneck(nn.Module):
    def __init__(self, cin: int, width: int, stride: int) -> None:
        super().__init__()
        cout = width * 4
        self.conv1 = nn.Conv2d(cin, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = (
            nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            if stride != 1 or cin != cout
            else None
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        out += identity
        return self.relu(out)


class ResNet50(nn.Module):
    """torchvision's resnet50 layout (3, 4, 6, 3 bottlenecks), written by hand."""

    def __init__(self, classes: int = 1000) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        blocks, cin = [], 64
        for i, (count, width) in enumerate(zip((3, 4, 6, 3), (64, 128, 256, 512), strict=True)):
            stage = []
            for j in range(count):
                stage.append(Bottleneck(cin, width, 2 if i and not j else 1))
                cin = width * 4
            blocks.append(nn.Sequential(*stage))
        self.layer1, self.layer2, self.layer3, self.layer4 = blocks
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(2048, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> None:
    """Linux: writing 5 to clear_refs resets the peak resident size (VmHWM) to now."""
    Path("/proc/self/clear_refs").write_text("5")


def measure(variant: str, folder: Path, batch: int, size: int) -> float:
    """In this process: build the variant, then the peak growth of one forward (MiB)."""
    import engine

    torch.set_num_threads(1)
    if variant == "torch":
        model = ResNet50().eval()
    elif variant == "layerlab":
        model = engine.load_model(folder / "w.safetensors")
    else:
        sys.path.insert(0, str(folder))
        from resnet50 import Model  # the exported file

        model = Model().load_weights(str(folder / "w.safetensors")).eval()
    x = torch.randn(batch, 3, size, size)
    _reset_peak()
    before = _status_mib("VmRSS")
    with torch.no_grad():
        model(x)
    return _status_mib("VmHWM") - before


def prepare(folder: Path, size: int) -> None:
    """Import the torch model (traced at a small size; only the Input shape differs) and
    write its weights file (graph inside) and its exported Python."""
    import engine

    module = ResNet50().eval()
    result = engine.import_module(module, [(3, 64, 64)])
    graph = result.graph
    graph.nodes[next(iter(graph.nodes))].params["shape"] = [3, size, size]
    model = engine.build_model(graph).eval()
    model.load_state_dict(result.convert_state_dict(module.state_dict()))
    engine.save_weights(model, folder / "w.safetensors")
    (folder / "resnet50.py").write_text(engine.export.python_source(graph), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, Path(args.folder), args.batch, args.size)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        prepare(Path(tmp), args.size)
        figures = {}
        for variant in ("torch", "layerlab", "exported"):
            command = [sys.executable, __file__, "--measure", variant, "--folder", tmp]
            command += ["--batch", str(args.batch), "--size", str(args.size)]
            env = {"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "PATH": ""}
            out = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            figures[variant] = json.loads(out.stdout.strip().splitlines()[-1])
    base = figures["torch"]
    print(f"ResNet-50, batch {args.batch} at {args.size}x{args.size}, no_grad, peak growth:")
    for variant, mib in figures.items():
        print(f"  {variant:9} {mib:8.0f} MiB  {mib / base:5.2f}x")
    return 0 if figures["layerlab"] <= 1.2 * base else 1


if __name__ == "__main__":
    sys.exit(main())
