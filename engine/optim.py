"""Factories for what a training section names: optimizer, loss (wrapped in an
`Objective` that shapes targets once), learning-rate scheduler. Types are torch class
names, options their constructor kwargs; a wrong name lists the choices.
"""

from __future__ import annotations

import inspect
import sys
import types
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from engine import choices
from engine.choices import BINARY_LOSSES, CLASS_LOSSES, LOSSES
from engine.data import Dataset
from engine.errors import LayerLabError
from engine.layers import fmt_shape

OPTIMIZERS = tuple(choices.OPTIMIZERS)
FUSABLE = ("SGD", "Adam", "AdamW", "Adagrad")
SCHEDULERS = tuple(choices.SCHEDULERS)
# Optimizer methods torch wraps so that torch.compile never traces them.
DYNAMO_DISABLED = ("add_param_group", "zero_grad", "state_dict", "load_state_dict")


class SettingsError(LayerLabError):
    """A training setting names something unknown or has a bad value."""


def _typed(cfg: Any, key: str, default: str | None) -> tuple[str | None, dict[str, Any]]:
    """("Adam", {"lr": 0.01}) from {"type": "Adam", "lr": 0.01} or the string "Adam"."""
    if cfg is None:
        return default, {}
    if isinstance(cfg, str):
        return cfg, {}
    if not isinstance(cfg, dict):
        raise SettingsError(f'training.{key} must be a name or an object with "type"')
    options = {k: v for k, v in cfg.items() if k != "type"}
    return cfg.get("type", default), options


def _check(name: str | None, choices: tuple[str, ...], key: str) -> str:
    if name not in choices:
        raise SettingsError(f"training.{key}: unknown type {name!r}; choose {', '.join(choices)}")
    return name


def make_optimizer(
    cfg: Any, params: list[nn.Parameter], device: torch.device
) -> torch.optim.Optimizer:
    """The optimizer, fused (one kernel for all parameters) where torch offers it."""
    name, options = _typed(cfg, "optimizer", "Adam")
    cls = getattr(torch.optim, _check(name, OPTIMIZERS, "optimizer.type"))
    if "foreach" not in options and "fused" not in options:
        if name in FUSABLE and device.type in ("cpu", "cuda"):
            options["fused"] = True
        else:
            options["foreach"] = True
    skip_dynamo_import()
    try:
        optimizer = cls(params, **options)
    except (TypeError, ValueError) as err:
        raise SettingsError(f"training.optimizer: {err}") from None
    step_outside_compile(optimizer)
    return optimizer


def skip_dynamo_import() -> None:
    """Spare eager runs torch's dynamo import (1.5 s on 2 cores, as long as `import
    torch`): the wrappers around DYNAMO_DISABLED import torch._dynamo on their first call
    to build a "disabled" form which, outside a compiled region, only calls the method.
    No compiled region of ours calls them (the compiled step is the forward pass and
    loss, engine.compiling), so each is given itself as that form. Process-wide; once
    dynamo is imported anyway, torch builds its own forms."""
    if "torch._dynamo" in sys.modules:
        return
    for name in DYNAMO_DISABLED:
        raw = getattr(getattr(torch.optim.Optimizer, name), "__wrapped__", None)
        if raw is not None and not hasattr(raw, "__dynamo_disable"):
            setattr(raw, "__dynamo_disable", raw)


def step_outside_compile(optimizer: torch.optim.Optimizer) -> None:
    """Make `optimizer.step` what torch's wrappers around it do outside torch.compile,
    less their `import torch._dynamo` on every call (for a graph break that only matters
    inside a compiled region, which never runs our optimizer): gradients off unless the
    optimizer is differentiable. Not done once dynamo is imported (the import is then
    free) or with step hooks registered (the wrappers run them).
    tests/engine/test_optim.py checks that an eager run never imports dynamo, which
    catches a torch whose wrappers differ."""
    if "torch._dynamo" in sys.modules or _has_step_hooks(optimizer):
        return
    step = inspect.unwrap(type(optimizer).step)
    grad = bool(optimizer.defaults.get("differentiable", False))

    def outside_compile(self: torch.optim.Optimizer, closure: Any = None) -> Any:
        with torch.set_grad_enabled(grad):
            return step(self, closure)

    optimizer.step = types.MethodType(outside_compile, optimizer)  # type: ignore[method-assign]


def _has_step_hooks(optimizer: torch.optim.Optimizer) -> bool:
    from torch.optim import optimizer as module

    return bool(
        module._global_optimizer_pre_hooks
        or module._global_optimizer_post_hooks
        or optimizer._optimizer_step_pre_hooks
        or optimizer._optimizer_step_post_hooks
    )


def make_scheduler(
    cfg: Any, optimizer: torch.optim.Optimizer, epochs: int, steps_per_epoch: int
) -> tuple[Any, str]:
    """(scheduler or None, when it steps: "batch", "epoch" or "plateau")."""
    if cfg is None:
        return None, "epoch"
    name, options = _typed(cfg, "scheduler", None)
    name = _check(name, SCHEDULERS, "scheduler.type")
    cls = getattr(torch.optim.lr_scheduler, name)
    if name == "StepLR":
        options.setdefault("step_size", max(1, epochs // 3))
    if name == "ExponentialLR":
        options.setdefault("gamma", 0.95)
    if name == "CosineAnnealingLR":
        options.setdefault("T_max", epochs)
    if name == "OneCycleLR":
        options.setdefault("max_lr", [g["lr"] for g in optimizer.param_groups])
        options.setdefault("epochs", epochs)
        options.setdefault("steps_per_epoch", steps_per_epoch)
    try:
        scheduler = cls(optimizer, **options)
    except (TypeError, ValueError) as err:
        raise SettingsError(f"training.scheduler: {err}") from None
    when = {"OneCycleLR": "batch", "ReduceLROnPlateau": "plateau"}.get(name, "epoch")
    return scheduler, when


@dataclass
class Objective:
    """The loss plus how outputs meet targets. kind: "binary" (one logit or probability
    per sample), "classes" (C scores vs a class id), "tokens" (L x V scores vs L ids),
    "values" (regression, shapes equal)."""

    loss: nn.Module
    kind: str
    name: str

    def __call__(self, out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if self.kind == "tokens":
            return self.loss(out.reshape(-1, out.shape[-1]), target.reshape(-1))
        return self.loss(out, target)

    @property
    def threshold(self) -> float:
        """Where a binary output switches class: logit 0 or probability 0.5."""
        return 0.0 if self.name == "BCEWithLogitsLoss" else 0.5


def make_objective(
    cfg: Any, data: Dataset, output_id: str, output_shape: tuple[int, ...]
) -> tuple[Objective, torch.Tensor]:
    """The objective and the data's targets converted to what its loss expects (once, so
    no per-batch casts). Shapes that cannot meet are an error naming both."""
    out = tuple(output_shape)
    name, options = _typed(cfg, "loss", choices.auto_loss(data.task, out))
    name = _check(name, LOSSES, "loss.type")
    try:
        loss = getattr(nn, name)(**options)
    except (TypeError, ValueError) as err:
        raise SettingsError(f"training.loss: {err}") from None
    y = data.y
    target = fmt_shape(data.target_shape)
    where = f"the model's Output '{output_id}' gives {fmt_shape(out)}"
    if name in CLASS_LOSSES:
        if data.task != "classification":
            raise SettingsError(f"{name} needs class targets; the data is a regression task")
        classes = data.num_classes or 0
        if len(out) == 1 and data.target_shape == ():
            kind = "classes"
        elif len(out) == 2 and data.target_shape == out[:1]:
            kind = "tokens"
        else:
            raise SettingsError(f"the data's targets have shape {target} but {where}")
        if out[-1] < classes:
            raise SettingsError(
                f"the data has {classes} classes but {where}; set its last size to {classes}"
            )
        return Objective(loss, kind, name), y.long()
    if name in BINARY_LOSSES and data.task == "classification" and data.target_shape == ():
        if out != (1,) or (data.num_classes or 2) > 2:
            raise SettingsError(
                f"{name} needs 2 classes and one output; the data has {data.num_classes} "
                f"classes and {where} (use CrossEntropyLoss for more classes)"
            )
        return Objective(loss, "binary", name), y.float().unsqueeze(1)
    y = y.float()
    if data.target_shape != out:
        if y[0].numel() != torch.Size(out).numel():
            raise SettingsError(f"the data's targets have shape {target} but {where}")
        y = y.reshape(len(y), *out)
    kind = "binary" if name in BINARY_LOSSES else "values"
    return Objective(loss, kind, name), y
