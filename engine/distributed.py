"""Data-parallel training across processes (`layerlab train --nproc N`, or torchrun).

`DistributedTrainer` fills the Trainer's seams: DDP wraps the model, each rank trains on
its share of the epoch's seeded permutation (padded so every rank runs the same number
of steps, like DistributedSampler with set_epoch), sums are all-reduced in `reduce`, and
only rank 0 reports and writes checkpoints. gloo on CPUs, NCCL on CUDA.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from typing import Any

import torch
import torch.distributed as dist
from torch import nn

from engine.training import Trainer


def launch_command(
    nproc: int,
    argv: list[str],
    nnodes: int = 1,
    node_rank: int = 0,
    master_addr: str | None = None,
    master_port: int = 29500,
) -> list[str]:
    """The torch.distributed.run command line that reruns `layerlab argv` on N ranks.

    One machine runs standalone (a free local rendezvous); several machines meet at
    master_addr:master_port, each started with its own node_rank.
    """
    if nnodes > 1:
        if not master_addr:
            raise ValueError("training on several machines needs --master-addr")
        rendezvous = [
            f"--nnodes={nnodes}",
            f"--node-rank={node_rank}",
            f"--master-addr={master_addr}",
            f"--master-port={master_port}",
        ]
    else:
        rendezvous = ["--standalone"]
    return [
        sys.executable,
        "-m",
        "torch.distributed.run",
        *rendezvous,
        f"--nproc-per-node={nproc}",
        "-m",
        "engine.cli",
        *argv,
    ]


class DistributedTrainer(Trainer):
    """A Trainer that is one rank of a torchrun job (RANK, WORLD_SIZE, LOCAL_RANK set)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rank = int(os.environ["RANK"])
        self.world_size = int(os.environ["WORLD_SIZE"])
        self.local_rank = int(os.environ.get("LOCAL_RANK", 0))

    def _setup(self) -> None:
        wanted = self.config.device  # each rank takes its own GPU, or the CPU
        if torch.cuda.is_available() and wanted in ("auto", "cuda"):
            self.config = dataclasses.replace(self.config, device=f"cuda:{self.local_rank}")
        elif wanted == "auto":
            self.config = dataclasses.replace(self.config, device="cpu")
        if not dist.is_initialized():
            cuda = self.config.device.startswith("cuda")
            if cuda:
                torch.cuda.set_device(self.local_rank)
            dist.init_process_group("nccl" if cuda else "gloo")
        super()._setup()

    def run(self) -> Any:
        try:
            result = super().run()
            dist.barrier()  # leave together: gloo aborts a rank whose peer already hung up
            return result
        finally:
            if dist.is_initialized():
                dist.destroy_process_group()

    def wrap_model(self, model: nn.Module) -> nn.Module:
        ids = [self.local_rank] if self.device.type == "cuda" else None
        return nn.parallel.DistributedDataParallel(model, device_ids=ids)

    def epoch_indices(self, epoch: int) -> torch.Tensor:
        """Every rank draws the same permutation, pads it to a multiple of the world size
        by wrapping around, and takes every world_size-th row from its rank."""
        order = super().epoch_indices(epoch)
        extra = -len(order) % self.world_size
        if extra:
            order = torch.cat([order, order[:extra]])
        return order[self.rank :: self.world_size]

    def shard(self, idx: torch.Tensor) -> torch.Tensor:
        """Every rank evaluates a share; all of it when there are fewer rows than ranks
        (sums and counts then scale alike, so the means are unchanged)."""
        return idx if len(idx) < self.world_size else idx[self.rank :: self.world_size]

    def reduce(self, sums: torch.Tensor) -> torch.Tensor:
        backend_device = self.device if self.device.type == "cuda" else torch.device("cpu")
        total = sums.to(backend_device)
        dist.all_reduce(total)
        return total.to(sums.device)
