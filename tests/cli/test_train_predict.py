"""`layerlab train`, `predict` and `devices` as a user runs them: real processes, files
written here, exit statuses and the lines printed."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def layerlab(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def csv_project(folder: Path, epochs: int = 8, lr: float = 0.05) -> Path:
    """A 2-feature CSV with text labels (inside vs outside a circle) and its project."""
    rng = np.random.default_rng(0)
    points = rng.uniform(-1, 1, size=(300, 2)) * [10, 0.1] + [50, 3]
    inside = ((points - [50, 3]) / [10, 0.1]) ** 2
    labels = np.where(inside.sum(1) < 0.5, "in", "out")
    rows = [f"{x:.5f},{label},{y:.5f}" for (x, y), label in zip(points, labels, strict=True)]
    (folder / "points.csv").write_text("x,label,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    nodes = [
        {"id": "in", "type": "Input", "params": {"shape": [2]}},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
        {"id": "out", "type": "Output"},
    ]
    project = {
        "format": "layerlab",
        "version": 1,
        "name": "circle",
        "graph": {
            "nodes": nodes,
            "edges": [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(nodes)],
        },
        "data": {"source": "csv", "path": "points.csv", "target": "label"},
        "training": {
            "epochs": epochs,
            "batch_size": 16,
            "optimizer": {"type": "Adam", "lr": lr},
            "loss": {"type": "CrossEntropyLoss"},
        },
    }
    path = folder / "circle.layerlab"
    path.write_text(json.dumps(project), encoding="utf-8")
    return path


def test_train_then_predict_on_a_csv_with_text_labels(tmp_path):
    project = csv_project(tmp_path)
    done = layerlab("train", str(project), "--out", "w.safetensors", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(
        "training on cpu (CPU, 1 CPU thread (OMP_NUM_THREADS)): 240 train / 60 validation samples"
    )
    assert lines[1].startswith("epoch 1/8  train_loss ")
    assert "\r" not in done.stdout  # plain lines when piped
    assert lines[-1] == "weights saved to w.safetensors"
    assert (tmp_path / "w.ckpt.safetensors").exists() and (tmp_path / "w.ckpt.json").exists()
    accuracy = float(lines[-2].split("val_accuracy ")[1].split()[0])
    assert accuracy >= 0.9

    # Fresh points, columns in another order plus one the model never saw; raw units:
    # predict must pick the columns by name and standardise as in training.
    fresh = "note,y,x\na,3.0,50.0\nb,3.09,59.0\nc,2.91,41.5\nd,3.01,50.5\n"
    (tmp_path / "fresh.csv").write_text(fresh, encoding="utf-8")
    done = layerlab("predict", "w.safetensors", "fresh.csv", "-o", "p.csv", "--probs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with (tmp_path / "p.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["prediction"] for r in rows] == ["in", "out", "out", "in"]
    assert set(rows[0]) == {"prediction", "prob_in", "prob_out"}
    assert abs(float(rows[0]["prob_in"]) + float(rows[0]["prob_out"]) - 1) < 1e-5


def test_predict_names_a_missing_column(tmp_path):
    project = csv_project(tmp_path, epochs=1)
    layerlab("train", str(project), "--out", "w.safetensors", "--no-checkpoint", cwd=tmp_path)
    (tmp_path / "bad.csv").write_text("x\n1\n", encoding="utf-8")
    done = layerlab("predict", "w.safetensors", "bad.csv", "-o", "p.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "layerlab: error: bad.csv: missing feature column(s) y (the model was trained on x, y)\n"
    )


def test_diverged_training_exits_1_and_saves_nothing(tmp_path):
    project = csv_project(tmp_path, epochs=3, lr=1e30)
    done = layerlab("train", str(project), "--out", "w.safetensors", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("layerlab: error: training diverged: the loss became")
    assert not (tmp_path / "w.safetensors").exists()


def test_resume_continues_from_the_checkpoint(tmp_path):
    project = csv_project(tmp_path, epochs=2)
    layerlab("train", str(project), "--out", "w.safetensors", cwd=tmp_path)
    done = layerlab(
        "train", str(project), "--epochs", "3", "--resume", "w.ckpt.safetensors", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "resuming after epoch 2" in done.stdout
    assert "epoch 3/3" in done.stdout and "epoch 1/3" not in done.stdout


def test_ctrl_c_stops_cleanly_and_saves(tmp_path):
    project = csv_project(tmp_path, epochs=100000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "train", str(project), "--out", "w.safetensors"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("training on"), first
    proc.stdout.readline()  # epoch 1 done: the run is in its loop
    began = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert time.monotonic() - began < 10
    assert proc.returncode == 130, err
    assert "stopping after this batch and saving" in out
    assert "weights saved to w.safetensors" in out
    assert (tmp_path / "w.safetensors").exists()


def test_devices_and_unknown_device(tmp_path):
    done = layerlab("devices", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("cpu ")
    project = csv_project(tmp_path, epochs=1)
    done = layerlab("train", str(project), "--device", "npu", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("layerlab: error: no device 'npu' here; available: auto, cpu")


def test_progress_bar_redraws_on_a_terminal():
    from engine.cli.train import Reporter
    from engine.events import BatchProgress, EpochEnded

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    reporter = Reporter(screen)
    reporter(BatchProgress(1, 2, 5, 10, 0.25, 1234.0, 65.0, 1.0))
    reporter(EpochEnded(1, 2, {"train_loss": 0.2}, 2.0))
    assert screen.getvalue() == (
        "\repoch 1/2 [##########..........] 5/10 loss 0.2500  1,234 samples/s  ETA 0:01:05 "
        "\r\033[Kepoch 1/2  train_loss 0.2  (2.0s)\n"
    )


def test_threads_flag_sets_the_header_and_a_bad_count_is_refused(tmp_path):
    project = csv_project(tmp_path, epochs=1)
    done = layerlab("train", project.name, "--threads", "2", "--no-checkpoint", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("training on cpu (CPU, 2 CPU threads (as set)): ")
    bad = layerlab("train", project.name, "--threads", "0", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip() == "layerlab: error: --threads must be at least 1; got 0"


def test_compile_flag_without_a_compiler_trains_eagerly_and_says_why(tmp_path):
    project = csv_project(tmp_path, epochs=1)
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", project.name, "--compile"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "CXX": "/nonexistent/c++",
            "TORCHINDUCTOR_FORCE_DISABLE_CACHES": "1",
        },
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(
        "training on cpu (CPU, 1 CPU thread (OMP_NUM_THREADS), torch.compile)"
    )
    assert any("torch.compile failed (" in line and "continues eagerly" in line for line in lines)
    assert (tmp_path / "circle.safetensors").exists()


def test_train_prints_lint_warnings_first_and_still_trains(tmp_path: Path) -> None:
    """The Keras-style Sigmoid before BCEWithLogitsLoss: warned about, not refused."""
    nodes = [
        {"id": "in", "type": "Input", "params": {"shape": [4]}},
        {"id": "fc", "type": "Linear", "params": {"out_features": 1}},
        {"id": "squash", "type": "Sigmoid"},
        {"id": "out", "type": "Output"},
    ]
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(nodes)]
    project = {
        "format": "layerlab",
        "version": 1,
        "name": "squashed",
        "graph": {"nodes": nodes, "edges": edges},
        "data": {"source": "synthetic", "name": "blobs", "samples": 64, "classes": 2},
        "training": {"epochs": 1, "loss": {"type": "BCEWithLogitsLoss"}, "device": "cpu"},
    }
    (tmp_path / "sq.layerlab").write_text(json.dumps(project), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", "sq.layerlab", "--no-checkpoint"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    warning = "sq.layerlab: squash: warning: Sigmoid feeds Output 'out': BCEWithLogitsLoss"
    first = next(i for i, line in enumerate(lines) if line.startswith(warning))
    assert first < next(i for i, line in enumerate(lines) if line.startswith("training on"))
    assert (tmp_path / "sq.safetensors").is_file()
