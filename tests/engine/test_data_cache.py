"""How samples are kept (`cache`): memory (uint8 in RAM), disk (a memory-mapped cache
re-used while the files are unchanged), none (decoded per batch by worker processes),
auto; npz archives memory-mapped. On real PNG files and real DataLoader workers."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from training_projects import chain

import engine
from engine.data import DataError, drawn, imagefiles, images, load_data
from engine.events import DataProgress, RunStarted


def image_folder(root: Path, per_class: int = 12, size: int = 12, classes: int = 3) -> Path:
    """PNG files of drawn shapes, one folder per class, larger than the model's input."""
    names = drawn.SHAPES[:classes]
    pixels = drawn.draw([n for n in names for _ in range(per_class)], size, 3, 0.05, seed=1)
    for i, array in enumerate(pixels):
        folder = root / names[i // per_class]
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(array.transpose(1, 2, 0)).save(folder / f"{i:04d}.png")
    return root


def section(root: Path, cache: str, **more) -> dict:
    return {"source": "images", "path": str(root), "size": 8, "channels": 1, "cache": cache, **more}


def small_cnn(data: dict, **training) -> engine.Project:
    layers = [
        ("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}),
        ("act", "ReLU", {}),
        ("flat", "Flatten", {}),
        ("fc", "Linear", {"out_features": 3}),
    ]
    settings = {"epochs": 2, "batch_size": 8, **training}
    return chain([1, 8, 8], layers, data, None, settings)


def test_memory_cache_holds_uint8_and_matches_serial_decoding(tmp_path):
    root = image_folder(tmp_path / "img")
    data = load_data(section(root, "memory"))
    assert data.cache == "memory" and data.x.dtype == torch.uint8
    assert data.x.nbytes == 36 * 1 * 8 * 8  # one byte per pixel, not four
    first = imagefiles.decode(sorted((root / "circle").iterdir())[0], 8, 1)
    assert torch.equal(data.x[0], torch.tensor(first))
    assert not (root / imagefiles.CACHE_DIR).exists()  # memory leaves no files behind


def test_disk_cache_is_reused_then_rebuilt_when_a_file_changes(tmp_path):
    root = image_folder(tmp_path / "img")
    first = load_data(section(root, "disk"))
    (cached,) = (root / imagefiles.CACHE_DIR).glob("*.npy")
    assert first.cache == "disk" and first.labels == ["circle", "square", "triangle"]
    assert torch.equal(first.x, load_data(section(root, "memory")).x)
    written = cached.stat().st_mtime_ns

    again = load_data(section(root, "disk"))  # unchanged files: the same cache, not rewritten
    assert list((root / imagefiles.CACHE_DIR).glob("*.npy")) == [cached]
    assert cached.stat().st_mtime_ns == written and torch.equal(again.x, first.x)
    assert again.labels == first.labels  # the hidden cache folder is not a class

    changed = sorted((root / "square").iterdir())[0]
    Image.new("RGB", (12, 12), (255, 255, 255)).save(changed)
    os.utime(changed, ns=(written + 10**9, written + 10**9))
    rebuilt = load_data(section(root, "disk"))
    (fresh,) = (root / imagefiles.CACHE_DIR).glob("*.npy")  # the stale cache is gone
    assert fresh != cached
    row = 12  # the first square
    assert bool((rebuilt.x[row] == 255).all()) and not torch.equal(first.x[row], rebuilt.x[row])
    assert torch.equal(rebuilt.x[:row], first.x[:row])

    load_data(section(root, "disk", size=6))  # other decode settings: a cache of their own
    assert len(list((root / imagefiles.CACHE_DIR).glob("*.npy"))) == 2


def test_every_cache_mode_trains_to_identical_weights(tmp_path, monkeypatch):
    """Streaming (worker processes decode each batch) and the memory-mapped cache feed
    exactly the batches that in-memory data does."""
    monkeypatch.setattr(imagefiles, "SERIAL_BELOW", 0)  # decode with worker processes too
    root = image_folder(tmp_path / "img")
    results = {}
    for cache in ("memory", "disk", "none"):
        results[cache] = engine.train(small_cnn(section(root, cache)), device="cpu")
    for cache in ("disk", "none"):
        assert results[cache].history == results["memory"].history
        for a, b in zip(
            results["memory"].model.state_dict().values(),
            results[cache].model.state_dict().values(),
            strict=True,
        ):
            assert torch.equal(a, b)


def test_streamed_data_is_not_held_in_memory(tmp_path):
    data = load_data(section(image_folder(tmp_path / "img"), "none"))
    assert data.x is None and data.cache == "none" and data.sample_shape == (1, 8, 8)
    assert data.inputs(torch.tensor([0, 35])).shape == (2, 1, 8, 8)


def test_auto_keeps_memory_under_the_budget_and_disk_above(tmp_path, monkeypatch):
    root = image_folder(tmp_path / "img")
    assert load_data(section(root, "auto")).cache == "memory"
    monkeypatch.setattr(images, "memory_budget", lambda: 36 * 64 - 1)
    assert load_data(section(root, "auto")).cache == "disk"


def test_bad_cache_and_broken_file_errors(tmp_path, monkeypatch):
    root = image_folder(tmp_path / "img")
    with pytest.raises(
        DataError,
        match=r"data\.cache: must be one of 'auto', 'memory', 'disk', 'none'; got 'ram'",
    ):
        load_data(section(root, "ram"))
    broken = root / "square" / "broken.png"
    broken.write_bytes(b"not a png")
    monkeypatch.setattr(imagefiles, "SERIAL_BELOW", 0)  # the error crosses a worker process
    for cache in ("memory", "disk"):
        with pytest.raises(DataError) as err:
            load_data(section(root, cache))
        assert str(err.value).startswith(f"{broken}: cannot read the image (")
    assert not list((root / imagefiles.CACHE_DIR).glob("*.npy"))  # no half-written cache
    with pytest.raises(DataError, match=r"broken\.png: cannot read the image"):
        engine.train(small_cnn(section(root, "none")), device="cpu")


def test_decoding_reports_progress_to_the_end(tmp_path):
    root = image_folder(tmp_path / "img", per_class=60)
    heard: list[tuple[int, int]] = []
    load_data(section(root, "disk"), on_progress=lambda done, total: heard.append((done, total)))
    assert heard[-1] == (180, 180) and [d for d, _ in heard] == sorted(d for d, _ in heard)
    events: list = []
    engine.train(small_cnn(section(root, "memory"), epochs=1), device="cpu", on_event=events.append)
    progress = [e for e in events if isinstance(e, DataProgress)]
    assert progress[-1].done == progress[-1].total == 180
    started = next(i for i, e in enumerate(events) if isinstance(e, RunStarted))
    assert events.index(progress[-1]) < started


def test_npz_and_npy_samples_are_memory_mapped_unless_compressed(tmp_path):
    x = np.random.default_rng(0).integers(0, 255, (40, 1, 8, 8), dtype=np.uint8)
    y = np.arange(40) % 3
    np.savez(tmp_path / "plain.npz", x=x, y=y)
    np.savez_compressed(tmp_path / "small.npz", x=x, y=y)
    mapped = load_data({"source": "npz", "path": str(tmp_path / "plain.npz")})
    packed = load_data({"source": "npz", "path": str(tmp_path / "small.npz")})
    in_ram = load_data({"source": "npz", "path": str(tmp_path / "plain.npz"), "cache": "memory"})
    assert mapped.cache == "disk" and packed.cache == in_ram.cache == "memory"
    assert mapped.x.dtype == torch.uint8  # stored values, made float32 per batch
    for data in (mapped, packed, in_ram):
        assert torch.equal(data.inputs(torch.arange(40)), torch.from_numpy(x).float())
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", y)
    pair = load_data({"source": "npz", "x": "x.npy", "y": "y.npy"}, base_dir=tmp_path)
    assert pair.cache == "disk" and torch.equal(
        pair.inputs(torch.arange(40)), mapped.inputs(torch.arange(40))
    )
    assert torch.equal(pair.y, mapped.y)
    project = small_cnn({"source": "npz", "path": str(tmp_path / "plain.npz")})
    assert engine.train(project, device="cpu").status == "completed"


def cnn_for(folder: Path, cache: str, augment: list | None = None, **training) -> dict:
    """A project dict: two conv blocks on 1x16x16 images of 4 classes, in `folder`."""
    project = chain(
        [1, 16, 16],
        [
            ("c1", "Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}),
            ("a1", "ReLU", {}),
            ("p1", "MaxPool2d", {"kernel_size": 2}),
            ("c2", "Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}),
            ("a2", "ReLU", {}),
            ("p2", "MaxPool2d", {"kernel_size": 2}),
            ("flat", "Flatten", {}),
            ("fc", "Linear", {"out_features": 4}),
        ],
        {"source": "images", "path": "pngs", "cache": cache, "augment": augment or []},
        folder,
        {"batch_size": 32, "optimizer": {"type": "Adam", "lr": 0.005}, **training},
    )
    return project


@pytest.mark.slow  # 600 PNG files, 20 epochs decoded by worker processes: ~10 s on 2 cores
def test_cnn_learns_from_png_files_streamed_with_augmentation(tmp_path):
    image_folder(tmp_path / "pngs", per_class=150, size=20, classes=4)
    augment = [{"type": "random_crop", "padding": 2}, {"type": "rotation", "degrees": 10.0}]
    project = cnn_for(tmp_path, "none", augment, epochs=20)
    result = engine.train(project, device="cpu")
    assert result.history["val_accuracy"][-1] >= 0.8, result.history["val_accuracy"]
    assert not (tmp_path / "pngs" / imagefiles.CACHE_DIR).exists()  # nothing decoded to disk


@pytest.mark.slow  # torch.distributed.run with two ranks: ~30 s each on 2 cores
@pytest.mark.parametrize("cache", ["none", "disk"])
def test_two_ranks_share_streamed_and_cached_image_data(tmp_path, cache):
    import subprocess
    import sys

    image_folder(tmp_path / "pngs", per_class=30, size=16, classes=4)
    engine.save_project(cnn_for(tmp_path, cache, ["hflip"], epochs=2), tmp_path / "p.layerlab")
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", "p.layerlab", "--nproc", "2",
         "--out", "w.safetensors"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "training on cpu x 2 processes (CPU, " in done.stdout
    assert "): 96 train / 24 validation" in done.stdout
    assert sum(line.startswith("epoch 2/2") for line in done.stdout.splitlines()) == 1
    caches = list((tmp_path / "pngs").glob(f"{imagefiles.CACHE_DIR}/*.npy"))
    assert len(caches) == (1 if cache == "disk" else 0)
    assert engine.load_model(tmp_path / "w.safetensors")(torch.zeros(1, 1, 16, 16)).shape == (1, 4)
