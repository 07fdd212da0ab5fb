"""The runs of this session: each with its settings, curves and final metrics.

A `RunRecord` turns the Trainer's events (engine.events, matched on their types as the
CLI's Reporter does) into plot-ready series. The Trainer reports the
running mean loss of the epoch every ~0.1 s; the difference of two reports is the exact
mean loss of the steps between them, so the step curve is honest without a per-step
event (which would cost the hot loop a host sync on accelerators).
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.config import TrainingConfig
from engine.errors import ConfigError
from engine.events import (
    BatchProgress,
    EpochEnded,
    Event,
    RunFailed,
    RunFinished,
    RunStarted,
    RunStopped,
)

SMOOTHING_STEPS = 100.0  # longest time constant, in steps, of the smoothed step-loss curve
SMOOTHING_SHARE = 50  # ...and at most 1/50 of the run, so short runs' curves do not lag


# A run's status as the app shows it (the engine's and the app's own words).
STATUS = {
    "starting": QT_TRANSLATE_NOOP("RunRecord", "starting"),
    "waiting": QT_TRANSLATE_NOOP("RunRecord", "waiting"),
    "running": QT_TRANSLATE_NOOP("RunRecord", "running"),
    "completed": QT_TRANSLATE_NOOP("RunRecord", "completed"),
    "stopped": QT_TRANSLATE_NOOP("RunRecord", "stopped"),
    "diverged": QT_TRANSLATE_NOOP("RunRecord", "diverged"),
    "failed": QT_TRANSLATE_NOOP("RunRecord", "failed"),
    "early_stopped": QT_TRANSLATE_NOOP("RunRecord", "stopped early"),
}


def status_text(status: str) -> str:
    return QCoreApplication.translate("RunRecord", STATUS.get(status, status))


@dataclass
class RunRecord:
    number: int
    settings: dict[str, Any]  # the project's training section at start
    data: dict[str, Any]
    device: str = ""
    status: str = "starting"
    message: str = ""
    steps_per_epoch: int = 1
    smoothing_steps: float = SMOOTHING_STEPS
    started_at: float = field(default_factory=time.time)
    elapsed_s: float = 0.0
    steps: list[float] = field(default_factory=list)  # x of the step-loss curve
    step_loss: list[float] = field(default_factory=list)
    smoothed: list[float] = field(default_factory=list)
    epochs: list[float] = field(default_factory=list)
    history: dict[str, list[float]] = field(default_factory=dict)
    confusion: list[list[int]] | None = None
    labels: list[str] | None = None
    _last: tuple[int, int, float] = (0, 0, 0.0)  # epoch, batch, running mean at that batch
    name: str = ""  # a followed run folder's name ("Run N" for this session's runs)

    @classmethod
    def begin(cls, number: int, project: Any, device: str) -> RunRecord:
        return cls(
            number, copy.deepcopy(project.training), copy.deepcopy(project.data), device=device
        )

    @property
    def title(self) -> str:
        return self.name or QCoreApplication.translate("RunRecord", "Run {n}").format(n=self.number)

    @property
    def final(self) -> dict[str, float]:
        return {k: v[-1] for k, v in self.history.items() if v}

    def apply(self, event: Event) -> None:
        """Take one event of the run into the record."""
        if isinstance(event, RunStarted):
            self.status = "running"
            self.device = event.device
            self.steps_per_epoch = max(1, event.steps_per_epoch)
            total = self.steps_per_epoch * max(1, event.epochs)
            self.smoothing_steps = max(1.0, min(SMOOTHING_STEPS, total / SMOOTHING_SHARE))
        elif isinstance(event, BatchProgress):
            self._add_steps(event.epoch, event.batch, event.loss)
            self.elapsed_s = event.elapsed_s
        elif isinstance(event, EpochEnded):
            self._add_steps(event.epoch, self.steps_per_epoch, event.metrics["train_loss"])
            self.epochs.append(float(event.epoch))
            for key, value in event.metrics.items():
                self.history.setdefault(key, []).append(float(value))
            self.elapsed_s = event.elapsed_s
        elif isinstance(event, RunFailed):
            self.message = event.message
        elif isinstance(event, (RunFinished, RunStopped)):
            self.elapsed_s = event.elapsed_s

    def _add_steps(self, epoch: int, batch: int, mean: float) -> None:
        """One point: the mean loss of the steps since the last report."""
        last_epoch, last_batch, last_mean = self._last
        if epoch == last_epoch:
            if batch <= last_batch:
                return
            value = (mean * batch - last_mean * last_batch) / (batch - last_batch)
        else:
            value = mean
        self._last = (epoch, batch, mean)
        step = float((epoch - 1) * self.steps_per_epoch + batch)
        if self.smoothed:  # an EMA per step, however many steps a point covers
            keep = math.exp(-(step - self.steps[-1]) / self.smoothing_steps)
            self.smoothed.append(keep * self.smoothed[-1] + (1 - keep) * value)
        else:
            self.smoothed.append(value)
        self.steps.append(step)
        self.step_loss.append(value)

    def summary(self) -> str:
        """One line for the run list: settings that differ between runs, final metrics."""
        try:
            cfg = TrainingConfig.parse(self.settings)
        except ConfigError:
            cfg = TrainingConfig()  # a run that could not start: its line still shows
        lr = cfg.optimizer.options.get("lr")
        parts = [cfg.optimizer.type + (f" lr={lr:g}" if isinstance(lr, (int, float)) else "")]
        parts.append(f"batch {cfg.batch_size}")
        parts += [f"{k}={v:.4g}" for k, v in self.final.items() if k != "lr"]
        return f"{self.title} · {status_text(self.status)} · " + ", ".join(parts)
