"""Image folders at scale, side by side in one run:

1. Peak RSS of `layerlab train` (its own process) on a folder of N and 4N PNG files, for
   cache=disk, cache=none and cache=memory: disk and none should grow <= 1.2x.
2. Throughput over the same files: LayerLab (cache=disk: first run builds the cache,
   second re-uses it; and cache=none, streamed) against a hand-written ImageFolder-style
   Dataset + DataLoader(num_workers=all cores) loop, same model, split, batch and epochs
   (training plus a validation pass per epoch, as real loops do).
3. The first decode, serially and on all cores: files/s, and how many cores are busy
   (CPU seconds of the process and its worker processes over wall seconds). On a machine
   other jobs load, both are capped by what they leave.

    python tests/benchmarks/data_pipeline.py [--images 2500] [--size 32] [--epochs 2]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import engine  # noqa: E402
from engine.data import drawn, imagefiles, load_data  # noqa: E402
from engine.data.imagefiles import CACHE_DIR, cpu_cores  # noqa: E402
from engine.project import project_from_dict, save_project  # noqa: E402

BATCH = 64
LAYERS = [
    ("c1", "Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}),
    ("a1", "ReLU", {}),
    ("p1", "MaxPool2d", {"kernel_size": 2}),
    ("c2", "Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
    ("a2", "ReLU", {}),
    ("p2", "MaxPool2d", {"kernel_size": 2}),
    ("flat", "Flatten", {}),
    ("fc", "Linear", {"out_features": 10}),
]


def write_folder(root: Path, count: int, size: int) -> Path:
    """`count` PNG files of the 10 drawn shapes, one folder per class."""
    names = drawn.SHAPES
    for start in range(0, count, 1000):
        kinds = [names[i % 10] for i in range(start, min(count, start + 1000))]
        pixels = drawn.draw(kinds, size, 3, 0.05, seed=start)
        for i, array in enumerate(pixels, start):
            folder = root / names[i % 10]
            folder.mkdir(parents=True, exist_ok=True)
            Image.fromarray(array.transpose(1, 2, 0)).save(folder / f"{i:06d}.png")
    return root


def project(folder: Path, size: int, cache: str, epochs: int) -> engine.Project:
    nodes = [{"id": "in", "type": "Input", "params": {"shape": [3, size, size]}}]
    nodes += [{"id": i, "type": t, "params": p} for i, t, p in LAYERS]
    nodes.append({"id": "out", "type": "Output"})
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(nodes)]
    return project_from_dict(
        {
            "format": "layerlab",
            "version": 1,
            "name": "bench",
            "graph": {"nodes": nodes, "edges": edges},
            "data": {"source": "images", "path": str(folder), "cache": cache},
            "training": {
                "epochs": epochs,
                "batch_size": BATCH,
                "optimizer": {"type": "Adam", "lr": 0.001},
                "loss": {"type": "CrossEntropyLoss"},
            },
        }
    )


# -- 1. peak memory of `layerlab train` ------------------------------------------------------
PEAK = """
import resource, sys
from engine.cli import main
code = main(sys.argv[1:])
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def peak_rss(folder: Path, size: int, cache: str, work: Path) -> tuple[float, float]:
    """(MiB of the train process, MiB of its largest worker) for one epoch."""
    shutil.rmtree(folder / CACHE_DIR, ignore_errors=True)
    path = work / f"{folder.name}-{cache}.layerlab"
    save_project(project(folder, size, cache, 1), path)
    args = ["train", str(path), "--no-checkpoint", "--out", str(work / "w.safetensors")]
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("PEAK"))
    own, workers = (int(v) / 1024 for v in line.split()[1:])  # KiB on Linux
    return own, workers


# -- 2. throughput ----------------------------------------------------------------------------
class ImageFolderFiles(torch.utils.data.Dataset):
    """What people write by hand (torchvision.datasets.ImageFolder + ToTensor)."""

    def __init__(self, files: list[tuple[Path, int]]) -> None:
        self.files = files

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        path, label = self.files[i]
        with Image.open(path) as image:
            array = np.asarray(image.convert("RGB"), dtype=np.float32) / 255
        return torch.from_numpy(array.transpose(2, 0, 1).copy()), label


def hand_loop(folder: Path, size: int, epochs: int) -> float:
    """samples/s of the hand-written loop on the split LayerLab uses."""
    data = load_data(project(folder, size, "none", epochs))
    files = list(zip(data.stream.files, data.stream.targets, strict=True))
    train = ImageFolderFiles([files[i] for i in data.train_idx.tolist()])
    val = ImageFolderFiles([files[i] for i in data.val_idx.tolist()])
    workers = cpu_cores()
    began = time.perf_counter()
    torch.manual_seed(0)
    model = engine.build_model(project(folder, size, "none", epochs).graph)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    common = {"batch_size": BATCH, "num_workers": workers, "persistent_workers": True}
    train_loader = torch.utils.data.DataLoader(train, shuffle=True, **common)
    val_loader = torch.utils.data.DataLoader(val, **common)
    for _ in range(epochs):
        model.train()
        for xb, yb in train_loader:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for xb, yb in val_loader:
                correct += int((model(xb).argmax(1) == yb).sum())
    return len(train) * epochs / (time.perf_counter() - began)


def layerlab(folder: Path, size: int, cache: str, epochs: int) -> float:
    """samples/s of engine.train, setup (decoding, cache building) included."""
    began = time.perf_counter()
    result = engine.train(project(folder, size, cache, epochs), device="cpu")
    n_train = len(load_data(project(folder, size, "none", 1)).train_idx)
    assert result.status == "completed"
    return n_train * epochs / (time.perf_counter() - began)


# -- 3. cores busy while decoding ---------------------------------------------------------------
def decode_speed(folder: Path, size: int, workers: bool) -> tuple[float, float]:
    """(files/s, cores busy) decoding the folder into memory, serially or on all cores:
    CPU seconds of this process and its worker processes over wall seconds."""
    files = imagefiles.ImageFiles.scan(folder, size, 3)
    imagefiles.SERIAL_BELOW = 0 if workers else len(files.files) + 1
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    began = time.perf_counter()
    files.to_memory()
    wall = time.perf_counter() - began
    after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(
        a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
        for a, b in zip(after, before, strict=True)
    )
    return len(files.files) / wall, cpu / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--images", type=int, default=2500, help="the small folder (x4 large)")
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--skip-memory", action="store_true", help="only the throughput part")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="layerlab-bench-"))
    try:
        small = write_folder(work / "small", args.images, args.size)
        report: dict = {"cores": cpu_cores(), "images": args.images, "size": args.size}
        print(f"{cpu_cores()} cores; images {args.size}x{args.size} RGB PNG", flush=True)
        if not args.skip_memory:
            large = write_folder(work / "large", 4 * args.images, args.size)
            print(f"\npeak RSS of `layerlab train` (1 epoch), {args.images} vs {4 * args.images}")
            for cache in ("disk", "none", "memory"):
                a, wa = peak_rss(small, args.size, cache, work)
                b, wb = peak_rss(large, args.size, cache, work)
                report[f"rss_{cache}"] = [a, b, b / a]
                print(
                    f"  cache={cache:6}  {a:7.0f} MiB -> {b:7.0f} MiB  ({b / a:.2f}x)"
                    f"   largest worker {wa:.0f} -> {wb:.0f} MiB",
                    flush=True,
                )
        print(f"\nfirst decode of {args.images} files into memory")
        serial_below = imagefiles.SERIAL_BELOW
        for label, workers in (("serial (one process)", False), ("LayerLab (all cores)", True)):
            rate, busy = decode_speed(small, args.size, workers)
            report[f"decode_{workers}"] = [rate, busy]
            print(f"  {label:22} {rate:7.0f} files/s, {busy:.2f} of {cpu_cores()} cores busy")
        imagefiles.SERIAL_BELOW = serial_below
        print(f"\nthroughput, {args.epochs} epochs incl. setup (train samples/s)", flush=True)
        shutil.rmtree(small / CACHE_DIR, ignore_errors=True)
        hand = hand_loop(small, args.size, args.epochs)
        rows = {"hand ImageFolder + DataLoader(workers)": hand}
        print(f"  {'hand ImageFolder + DataLoader(workers)':40} {hand:8.0f}  (1.00x)", flush=True)
        for name, cache in (
            ("LayerLab cache=disk, first run", "disk"),
            ("LayerLab cache=disk, cache re-used", "disk"),
            ("LayerLab cache=none (streamed)", "none"),
        ):
            rows[name] = rate = layerlab(small, args.size, cache, args.epochs)
            print(f"  {name:40} {rate:8.0f}  ({rate / hand:.2f}x)", flush=True)
        report["throughput"] = rows
        print(json.dumps(report))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
