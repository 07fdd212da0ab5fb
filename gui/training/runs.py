"""The runs of this session: each with its settings, curves and final metrics.

A `RunRecord` turns the Trainer's events into plot-ready series. The Trainer reports the
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

    def started(self, info: dict[str, Any]) -> None:
        self.status = "running"
        self.device = info["device"]
        self.steps_per_epoch = max(1, int(info["steps_per_epoch"]))
        total = self.steps_per_epoch * max(1, int(info["epochs"]))
        self.smoothing_steps = max(1.0, min(SMOOTHING_STEPS, total / SMOOTHING_SHARE))

    def progress(self, info: dict[str, Any]) -> None:
        self._add_steps(int(info["epoch"]), int(info["batch"]), float(info["loss"]))

    def epoch_ended(self, epoch: int, metrics: dict[str, float]) -> None:
        self._add_steps(epoch, self.steps_per_epoch, metrics["train_loss"])
        self.epochs.append(float(epoch))
        for key, value in metrics.items():
            self.history.setdefault(key, []).append(float(value))

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
        s = self.settings
        opt = s.get("optimizer", "Adam")
        opt_name = opt.get("type", "Adam") if isinstance(opt, dict) else opt
        lr = opt.get("lr") if isinstance(opt, dict) else None
        parts = [f"{opt_name}" + (f" lr={lr:g}" if lr is not None else "")]
        parts.append(f"batch {s.get('batch_size', 32)}")
        parts += [f"{k}={v:.4g}" for k, v in self.final.items() if k != "lr"]
        return f"{self.title} · {status_text(self.status)} · " + ", ".join(parts)
