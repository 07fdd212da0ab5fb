"""Plain-Python training events: what the Trainer tells its listener (the CLI's progress
bar, the GUI's worker thread). Small frozen dataclasses, safe to pass between threads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunStarted:
    device: str  # as --device takes it: cpu, cuda:0, mps
    device_name: str
    task: str
    n_train: int
    n_val: int
    epochs: int
    start_epoch: int  # > 0 when resuming
    batch_size: int
    steps_per_epoch: int  # per process
    params: int
    processes: int = 1  # data-parallel ranks
    threads: str = ""  # torch's CPU threads and why: "2 CPU threads (2.0 of 2 cores free)"
    compile: str = "eager"  # how the train step runs: eager, torch.compile, or when to decide


@dataclass(frozen=True)
class RunNote:
    """A line for the run's log: the plan changed (compiled, fell back to eager)."""

    message: str


@dataclass(frozen=True)
class BatchProgress:
    """Sent at most every `progress_interval` seconds; `loss` is the epoch's running mean."""

    epoch: int  # 1-based
    epochs: int
    batch: int  # 1-based, batches done this epoch
    batches: int
    loss: float
    samples_per_s: float
    eta_s: float
    elapsed_s: float


@dataclass(frozen=True)
class EpochEnded:
    epoch: int  # 1-based
    epochs: int
    metrics: dict[str, float]  # train_loss, train_<metric>..., val_loss, val_<metric>..., lr
    elapsed_s: float


@dataclass(frozen=True)
class RunFinished:
    status: str  # "completed" or "early_stopped"
    epochs_run: int
    history: dict[str, list[float]] = field(default_factory=dict)
    elapsed_s: float = 0.0


@dataclass(frozen=True)
class RunStopped:
    """stop() was called; the model keeps what it learned so far."""

    epochs_run: int
    history: dict[str, list[float]] = field(default_factory=dict)
    elapsed_s: float = 0.0


@dataclass(frozen=True)
class RunFailed:
    message: str
    diverged: bool = False  # the loss went NaN/inf (the run itself worked)
    node: str = ""  # when diverged: the first node whose output was not finite, if any


EXPLODING_GRAD = 1e2  # a node's gradient norm above this: exploding gradients
VANISHING_GRAD = 1e-7  # ...below this (a node with parameters): vanishing gradients
DEAD_SHARE = 0.9  # a ReLU-like layer with this share of dead units is a dead layer
LARGE_UPDATE = 0.1  # an update above 10% of the weights in one step is too large


@dataclass(frozen=True)
class NodeStats:
    """One node's health at a sampled step (engine.probes); None where a statistic does
    not apply (no parameters, not a ReLU-like layer, a non-tensor output)."""

    act_mean: float | None = None
    act_std: float | None = None
    dead: float | None = None  # share of units at zero on every sample (ReLU-like layers)
    grad_norm: float | None = None  # of the node's parameters, before clipping
    update_ratio: float | None = None  # |weights after step - before| / |before|

    @property
    def verdict(self) -> str:
        """What looks broken, in words ("" when nothing does)."""
        values = (self.act_mean, self.act_std, self.grad_norm, self.update_ratio)
        if any(v is not None and not math.isfinite(v) for v in values):
            return "non-finite values"
        if self.grad_norm is not None and self.grad_norm > EXPLODING_GRAD:
            return f"exploding gradients (norm {self.grad_norm:.3g})"
        if self.grad_norm is not None and self.grad_norm < VANISHING_GRAD:
            return f"vanishing gradients (norm {self.grad_norm:.2g})"
        if self.dead is not None and self.dead >= DEAD_SHARE:
            return f"dead layer ({self.dead:.0%} of its units never fire)"
        if self.update_ratio is not None and self.update_ratio > LARGE_UPDATE:
            return f"updates too large ({self.update_ratio:.2g} of the weights per step)"
        return ""


@dataclass(frozen=True)
class ProbeSample:
    """Every node's health at one sampled step (Trainer(probes=...))."""

    step: int  # 1-based optimizer step over the whole run
    epoch: int  # 1-based
    nodes: dict[str, NodeStats] = field(default_factory=dict)


@dataclass(frozen=True)
class DataProgress:
    """Decoding the data's files before training (into memory or the disk cache)."""

    done: int  # files decoded so far
    total: int
    elapsed_s: float


Event = (
    DataProgress
    | RunStarted
    | BatchProgress
    | EpochEnded
    | RunFinished
    | RunStopped
    | RunFailed
    | RunNote
    | ProbeSample
)
