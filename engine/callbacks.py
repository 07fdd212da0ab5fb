"""The Trainer's seams: what happens around the loop, as small objects with hooks.

The Trainer runs the steps; early stopping, checkpoints and the diagnosis of a diverged
run are callbacks it builds from the settings (the CLI, the app and `engine.train` get the
same ones). More can be passed as `Trainer(callbacks=[...])`. A hook that does not apply
is simply not overridden.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from engine.atomic import SaveError
from engine.checkpoint import save_checkpoint
from engine.config import EarlyStopping as StoppingConfig
from engine.optim import SettingsError

if TYPE_CHECKING:
    from engine.training import Trainer


@dataclass(frozen=True)
class Divergence:
    """Where the loss first went NaN or infinite (0-based epoch and batch)."""

    epoch: int
    batch: int
    value: float


class Callback:
    """Hooks the Trainer calls; each does nothing unless overridden."""

    def on_epoch_end(self, trainer: Trainer, epoch: int, row: dict[str, float]) -> bool:
        """After an epoch's row is recorded and reported; True asks the run to stop."""
        return False

    def on_diverged(self, trainer: Trainer, bad: Divergence) -> str:
        """After the loss diverged: a clause for the message (what was found), or ""."""
        return ""


def _monitor_mode(monitor: str, mode: str) -> str:
    if mode in ("min", "max"):
        return mode
    return "min" if any(k in monitor for k in ("loss", "mae", "rmse")) else "max"


class EarlyStopping(Callback):
    """Stop when the monitored value has not improved for `patience` epochs. Its state
    (best value, epochs waited) travels in checkpoints, so a resumed run waits as long."""

    def __init__(self, config: StoppingConfig) -> None:
        self.config = config
        self.best: float | None = None
        self.waited = 0

    def state(self) -> dict[str, Any]:
        return {"best": self.best, "waited": self.waited}

    def restore(self, state: dict[str, Any]) -> None:
        self.best, self.waited = state["best"], state["waited"]

    def on_epoch_end(self, trainer: Trainer, epoch: int, row: dict[str, float]) -> bool:
        cfg = self.config
        monitor = cfg.monitor or ("val_loss" if "val_loss" in row else "train_loss")
        if monitor not in row:
            raise SettingsError(
                f"early_stopping.monitor: no metric '{monitor}'; have {', '.join(row)}"
            )
        mode = _monitor_mode(monitor, cfg.mode)
        value, delta = row[monitor], cfg.min_delta
        better = self.best is None or (
            value < self.best - delta if mode == "min" else value > self.best + delta
        )
        if better:
            self.best, self.waited = value, 0
            return False
        self.waited += 1
        return self.waited >= cfg.patience


class Checkpointing(Callback):
    """Write model, optimizer and run state to `path` after every epoch (rank 0 only). A
    save that fails (a full disk) must not cost the run: it goes on without checkpoints,
    and `error` says why."""

    def __init__(self, path: Path) -> None:
        self.path: Path | None = path
        self.error: str | None = None

    def on_epoch_end(self, trainer: Trainer, epoch: int, row: dict[str, float]) -> bool:
        if self.path is None or not trainer.is_main:
            return False
        info = {
            "epoch": epoch + 1,
            "history": trainer.history,
            "scheduler": trainer.scheduler.state_dict() if trainer.scheduler else None,
            "scaler": trainer.scaler.state_dict() if trainer.scaler else None,
            "early_stopping": trainer.stopping_state(),
            "graph": trainer.project.graph.to_dict(),
            "optimizer": type(trainer.optimizer).__name__,
        }
        try:
            save_checkpoint(self.path, trainer.model, trainer.optimizer, info)
        except SaveError as err:
            self.error = f"{err}; training goes on without checkpoints"
            self.path = None
        return False


class Diagnosis(Callback):
    """Name the first node whose output is not finite on the batch that diverged (run
    again in eval mode with forward hooks); sets `trainer.nonfinite_node`."""

    def on_diverged(self, trainer: Trainer, bad: Divergence) -> str:
        order = trainer.epoch_indices(bad.epoch)
        size = trainer.batch_size
        idx = order[bad.batch * size : (bad.batch + 1) * size]
        culprit = first_nonfinite_node(trainer, trainer.data.inputs(idx).to(trainer.device))
        trainer.nonfinite_node = culprit
        if culprit is None:
            return "; every node's output was finite, so the loss itself overflowed"
        node = trainer.project.graph.nodes[culprit]
        return f"; the first non-finite output is at node '{culprit}' ({node.type})"


def first_nonfinite_node(trainer: Trainer, xb: torch.Tensor) -> str | None:
    found: list[str] = []

    def check(node_id: str, module: torch.nn.Module, args: Any, output: Any) -> None:
        first = output[0] if isinstance(output, tuple) else output
        if (
            not found
            and isinstance(first, torch.Tensor)
            and first.is_floating_point()
            and not bool(torch.isfinite(first).all())
        ):
            found.append(node_id)

    model = trainer.model
    hooks = [
        module.register_forward_hook(functools.partial(check, node_id))
        for node_id, module in model.named_children()
    ]
    try:
        with torch.no_grad(), trainer.autocast():
            model(xb)
    finally:
        for hook in hooks:
            hook.remove()
    return found[0] if found else None


def diverged_message(bad: Divergence, found: list[str]) -> str:
    """The run's failure message: where the loss went bad, what the callbacks found."""
    what = "NaN" if math.isnan(bad.value) else "infinite"
    return (
        f"training diverged: the loss became {what} in epoch {bad.epoch + 1}, "
        f"batch {bad.batch + 1}" + "".join(found) + ". Try a lower learning rate, "
        "grad_clip, or check the data."
    )
