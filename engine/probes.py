"""Live per-layer health: what each node's output and parameters do while a run trains.

Every `every` steps the Trainer samples one step: forward hooks (registered for that
step only, so the other steps pay nothing) read each node's activation mean and std and,
after ReLU-like layers (`LayerSpec.dead_units`), the share of units that are zero on
every sample of the batch; after backward the gradient norm of the node's parameters;
after the optimizer step the size of the update relative to the weights. All values of
one sample are stacked on the device and read back with a single sync.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from engine.events import NodeStats, ProbeSample
from engine.layers import get_spec
from engine.optim import SettingsError


@dataclass(frozen=True)
class Probes:
    """Which steps to sample: every `every`-th optimizer step (the first one included)."""

    every: int = 50

    def __post_init__(self) -> None:
        if isinstance(self.every, bool) or not isinstance(self.every, int) or self.every < 1:
            raise SettingsError(f"probes sample every N steps with N >= 1; got {self.every!r}")


class Recorder:
    """Samples the Trainer's steps for one model; `begin` before the forward pass,
    `after_backward` before the optimizer step, `finish` after it."""

    def __init__(self, probes: Probes, model: nn.Module, graph: Any) -> None:
        self.every = probes.every
        self.modules = dict(model.named_children())  # node id -> module
        self.dead_units = {nid: get_spec(graph.nodes[nid].type).dead_units for nid in self.modules}
        self.params = {
            nid: [p for p in m.parameters() if p.requires_grad] for nid, m in self.modules.items()
        }
        self._hooks: dict[str, Any] = {}
        self._acts: dict[str, torch.Tensor] = {}
        self._grads: dict[str, torch.Tensor] = {}
        self._before: dict[str, list[torch.Tensor]] = {}

    def due(self, step: int) -> bool:
        """Whether 0-based global `step` is sampled."""
        return step % self.every == 0

    def begin(self) -> None:
        self._acts = {}
        self._hooks = {
            nid: module.register_forward_hook(functools.partial(self._activation, nid))
            for nid, module in self.modules.items()
        }

    @torch.no_grad()
    def _activation(self, node_id: str, module: nn.Module, args: Any, output: Any) -> None:
        self._hooks.pop(node_id).remove()  # one forward pass per sample, even if it fails
        out = output[0] if isinstance(output, tuple) else output
        if not isinstance(out, torch.Tensor) or not out.is_floating_point() or out.numel() == 0:
            return
        out = out.detach().float()
        dead = (out <= 0).flatten(1).all(0).float().mean() if self.dead_units[node_id] else None
        nan = out.new_tensor(math.nan)
        std = out.std() if out.numel() > 1 else nan
        self._acts[node_id] = torch.stack([out.mean(), std, nan if dead is None else dead])

    @torch.no_grad()
    def after_backward(self, grad_scale: float = 1.0) -> None:
        """Read gradient norms (unscaled) and keep the weights the step will change."""
        self._grads, self._before = {}, {}
        for nid, params in self.params.items():
            grads = [p.grad for p in params if p.grad is not None]
            if grads:
                norm = torch.linalg.vector_norm(torch.stack([g.float().norm() for g in grads]))
                self._grads[nid] = norm / grad_scale
                self._before[nid] = [p.detach().clone() for p in params]

    @torch.no_grad()
    def finish(self, step: int, epoch: int) -> ProbeSample:
        """The sample for 0-based `step`, after the optimizer step (one host sync)."""
        ratios = {}
        for nid, before in self._before.items():
            pairs = zip(self.params[nid], before, strict=True)
            delta = torch.stack([(a.detach().float() - b.float()).norm() for a, b in pairs])
            weight = torch.stack([b.float().norm() for b in before])
            ratios[nid] = delta.norm() / weight.norm().clamp_min(1e-12)
        layout, parts = [], []
        for nid in self.modules:
            found = (self._acts.get(nid), self._grads.get(nid), ratios.get(nid))
            layout.append(tuple(t is not None for t in found))
            parts += [t.reshape(-1) for t in found if t is not None]
        values = iter(torch.cat([p.cpu() for p in parts]).tolist() if parts else [])
        nodes = {}
        for nid, (has_act, has_grad, has_ratio) in zip(self.modules, layout, strict=True):
            mean = std = dead = None
            if has_act:
                mean, std, dead = next(values), next(values), next(values)
            nodes[nid] = NodeStats(
                act_mean=mean,
                act_std=None if std is None or math.isnan(std) else std,
                dead=dead if self.dead_units[nid] else None,
                grad_norm=next(values) if has_grad else None,
                update_ratio=next(values) if has_ratio else None,
            )
        self._acts, self._grads, self._before = {}, {}, {}
        return ProbeSample(step + 1, epoch + 1, nodes)


def as_probes(value: Probes | int | bool | None) -> Probes | None:
    """Trainer(probes=...) takes a Probes, a step interval, True (the default) or None."""
    if value is None or value is False:
        return None
    if value is True:
        return Probes()
    if isinstance(value, Probes):
        return value
    return Probes(every=value)
