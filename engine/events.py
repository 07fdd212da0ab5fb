"""Plain-Python training events: what the Trainer tells its listener (the CLI's progress
bar, the GUI's worker thread). Small frozen dataclasses, safe to pass between threads.
"""

from __future__ import annotations

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
    metrics: dict[str, float]  # train_loss, val_loss, val_<metric>..., lr
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


@dataclass(frozen=True)
class DataProgress:
    """Decoding the data's files before training (into memory or the disk cache)."""

    done: int  # files decoded so far
    total: int
    elapsed_s: float


Event = (
    DataProgress | RunStarted | BatchProgress | EpochEnded | RunFinished | RunStopped | RunFailed
)
