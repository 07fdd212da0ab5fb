"""Data-parallel training: per-rank indices, and a real 2-process gloo run on the CPU."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from training_projects import mlp

import engine
from engine.distributed import DistributedTrainer, launch_command

ROOT = Path(__file__).resolve().parents[2]


def test_ranks_split_each_epoch_evenly_and_completely(monkeypatch):
    project = mlp({"source": "synthetic", "name": "moons", "samples": 9, "validation_split": 0})
    shares = []
    for rank in (0, 1):
        monkeypatch.setenv("RANK", str(rank))
        monkeypatch.setenv("WORLD_SIZE", "2")
        trainer = DistributedTrainer(project, device="cpu")
        trainer.data, trainer.seed = engine.load_data(project), 0
        shares.append(trainer.epoch_indices(3))
    assert len(shares[0]) == len(shares[1]) == 5  # 9 rows padded to 10
    assert set(torch.cat(shares).tolist()) == set(range(9))


@pytest.mark.slow  # starts torch.distributed.run and two ranks: ~15 s on 2 cores
def test_two_cpu_processes_train_and_rank_0_saves(tmp_path):
    example = ROOT / "resources" / "examples" / "binary_classifier.layerlab"
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", str(example), "--nproc", "2",
         "--epochs", "2", "--out", "w.safetensors"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # torchrun gives each rank one thread (OMP_NUM_THREADS=1), so two never oversubscribe
    assert lines[0].startswith(
        "training on cpu x 2 processes (CPU, 1 CPU thread (OMP_NUM_THREADS)): "
        "1600 train / 400 validation"
    )
    assert sum(line.startswith("epoch 2/2") for line in lines) == 1  # rank 0 reports alone
    assert float(lines[-2].split("val_accuracy ")[1].split()[0]) >= 0.95
    model = engine.load_model(tmp_path / "w.safetensors")
    assert model(torch.zeros(1, 10)).shape == (1, 1)


def test_several_machines_meet_at_the_master_address():
    command = launch_command(
        4, ["train", "m.layerlab"], nnodes=2, node_rank=1, master_addr="10.0.0.1", master_port=29400
    )
    assert command[1:] == [
        "-m",
        "torch.distributed.run",
        "--nnodes=2",
        "--node-rank=1",
        "--master-addr=10.0.0.1",
        "--master-port=29400",
        "--nproc-per-node=4",
        "-m",
        "engine.cli",
        "train",
        "m.layerlab",
    ]
    assert "--standalone" in launch_command(2, ["train", "m.layerlab"])


def test_several_machines_without_master_address_is_a_usage_error(tmp_path):
    example = ROOT / "resources" / "examples" / "binary_classifier.layerlab"
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", str(example), "--nnodes", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "layerlab: error: --nnodes above 1 needs --master-addr (the node-rank 0 machine)"
    )
