"""The learning-rate finder: a short sweep that raises the learning rate exponentially,
one batch per step, on a fresh copy of the model, and suggests the rate where the
smoothed loss falls fastest.

It uses the Trainer's own setup (data, model, loss, optimizer, precision, seed), so what
it measures is what training will do; nothing it touches is shared with the project or
with a model passed in (its weights are copied).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from engine.optim import SettingsError
from engine.project import Project
from engine.training import Trainer

SMOOTHING = 0.98  # the loss curve is an exponential moving average with this decay...
EXPLODE = 4.0  # ...and the sweep stops once it is this many times its lowest value


@dataclass(frozen=True)
class LRFinderResult:
    """The sweep: per step the learning rate, its batch's loss and the smoothed loss."""

    lrs: list[float]
    losses: list[float]
    smoothed: list[float]
    suggestion: float | None  # None when the loss never fell steadily
    exploded: bool  # the sweep stopped early because the loss blew up
    message: str  # what happened, in a sentence or two


def find_lr(
    project: Project,
    *,
    start: float = 1e-7,
    end: float = 10.0,
    steps: int = 100,
    device: str | None = None,
    seed: int | None = None,
    model: nn.Module | None = None,
    on_step: Callable[[int, float, float], None] | None = None,
    reserve_cores: int = 0,
) -> LRFinderResult:
    """Sweep the learning rate from `start` to `end` over `steps` batches.

    `model` (optional) gives the weights to start from; they are copied, never changed.
    `on_step(index, lr, smoothed_loss)` hears each step (a progress bar). CPU threads are
    chosen as for training (`reserve_cores` kept free for an app) and restored after.
    """
    if not 0 < start < end or not math.isfinite(end):
        raise SettingsError(f"the sweep needs 0 < start < end; got start {start:g}, end {end:g}")
    if steps < 5:
        raise SettingsError(f"the sweep needs at least 5 steps; got {steps}")
    threads = torch.get_num_threads()
    try:
        return _sweep(project, start, end, steps, device, seed, model, on_step, reserve_cores)
    finally:
        torch.set_num_threads(threads)


def _sweep(
    project: Project,
    start: float,
    end: float,
    steps: int,
    device: str | None,
    seed: int | None,
    model: nn.Module | None,
    on_step: Callable[[int, float, float], None] | None,
    reserve_cores: int,
) -> LRFinderResult:
    trainer = Trainer(project, device=device, seed=seed, reserve_cores=reserve_cores)
    trainer._setup()
    if model is not None:
        trainer.model.load_state_dict(model.state_dict())  # copies into the sweep's model
    lrs, losses, smoothed = [], [], []
    exploded, reason = False, ""
    average, best = 0.0, math.inf
    batches = _batches(trainer)
    net, optimizer, scaler = trainer.train_model, trainer.optimizer, trainer.scaler
    net.train()
    for i in range(steps):
        lr = start * (end / start) ** (i / (steps - 1))
        for group in optimizer.param_groups:
            group["lr"] = lr
        xb, yb = next(batches)
        with trainer.autocast():
            loss = trainer.objective(net(xb), yb)
        value = float(loss.detach())
        if not math.isfinite(value):
            exploded, reason = True, f"the loss became {value} at lr {lr:.3g}"
            break
        average = SMOOTHING * average + (1 - SMOOTHING) * value
        current = average / (1 - SMOOTHING ** (i + 1))
        lrs.append(lr)
        losses.append(value)
        smoothed.append(current)
        if on_step is not None:
            on_step(i, lr, current)
        if current > EXPLODE * best:
            exploded = True
            reason = f"the loss exploded at lr {lr:.3g} ({current:.3g}, {EXPLODE:g}x its low)"
            break
        best = min(best, current)
        optimizer.zero_grad(set_to_none=True)
        if scaler is None:
            loss.backward()
            _clip(trainer)
            optimizer.step()
        else:
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            _clip(trainer)
            scaler.step(optimizer)
            scaler.update()
    suggestion, why = suggest(lrs, smoothed)
    swept = f"swept {len(lrs)} learning rates from {start:.3g} to {lrs[-1] if lrs else start:.3g}"
    message = f"{swept}; stopped early: {reason}" if exploded else swept
    message += f". {why}"
    return LRFinderResult(lrs, losses, smoothed, suggestion, exploded, message)


def suggest(lrs: list[float], smoothed: list[float]) -> tuple[float | None, str]:
    """The steepest point of the longest stable descent, with a sentence saying why.

    The stable descent is the longest stretch over which the smoothed loss keeps falling
    (the longest decreasing subsequence, as fastai's "valley"): noise before it and the
    lucky dips just before the blow-up are left out. Its last third, where the loss
    flattens towards the minimum, is left out too; the suggestion is where the rest
    falls fastest per decade of lr.
    """
    n = len(smoothed)
    if n < 8:
        return None, "Too few steps before the loss blew up to suggest a rate; lower start."
    run = [1] * n  # length of the longest decreasing subsequence ending at each point
    end = 0
    for i in range(1, n):
        for j in range(i):
            if smoothed[i] < smoothed[j] and run[j] + 1 > run[i]:
                run[i] = run[j] + 1
        if run[i] > run[end]:
            end = i
    start = end - run[end] + 1
    stop = start + max(2, (end - start) * 2 // 3)
    if run[end] < 4 or smoothed[end] >= smoothed[start]:
        return None, "The loss never fell steadily; no rate to suggest (try a lower start)."
    loss, logs = np.asarray(smoothed[start : stop + 1]), np.log10(lrs[start : stop + 1])
    steepest = start + int(np.argmin(np.gradient(loss, logs)))
    rate = float(lrs[steepest])
    return rate, f"Suggested learning rate {rate:.3g}: where the smoothed loss falls fastest."


def _batches(trainer: Trainer) -> Any:
    """Batches in training order, epoch after epoch (the sweep may outrun one epoch)."""
    epoch = 0
    while True:  # the Trainer's own batches: stored, streamed or augmented alike
        yield from trainer.batches.train(trainer.epoch_indices(epoch), trainer.batch_size, epoch)
        epoch += 1


def _clip(trainer: Trainer) -> None:
    if trainer.clip:
        torch.nn.utils.clip_grad_norm_(trainer.params, *trainer.clip, foreach=True)
