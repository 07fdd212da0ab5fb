"""Metrics that accumulate on the device as small vectors of sums, so nothing syncs per
batch; `reduce` (sum across processes under DDP) happens once per epoch, then `value`.
A batch's count is the target's element count, known on the host, so a training step
adds only the few ops a hand-written loop would (argmax, compare, sum, add).

Names: accuracy, top<k>_accuracy (top5_accuracy, or top_k_accuracy with k=5), mae, rmse, r2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import torch

from engine.optim import Objective, SettingsError

Sums = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass
class Metric:
    name: str
    sums: Sums  # (output, target) -> 1-D tensor of sums for one batch, on the device
    value: Callable[[list[float], float], float]  # (summed totals, target elements) -> value


def make_metrics(names: list[str], objective: Objective) -> list[Metric]:
    return [_make(str(n).lower(), objective) for n in names]


def _make(name: str, objective: Objective) -> Metric:
    kind = objective.kind
    top = re.fullmatch(r"top_?(\d+|k)_accuracy", name)
    if name == "accuracy":
        if kind == "values":
            raise SettingsError("metric 'accuracy' needs a classification loss; try mae or r2")
        return Metric(name, _accuracy(objective), _ratio)
    if top:
        if kind not in ("classes", "tokens"):
            raise SettingsError(f"metric '{name}' needs more than two classes")
        k = 5 if top.group(1) == "k" else int(top.group(1))
        return Metric(name, _top_k(k), _ratio)
    if name in ("mae", "rmse", "r2"):
        if kind in ("classes", "tokens"):
            raise SettingsError(f"metric '{name}' needs a regression loss; try accuracy")
        return Metric(name, _errors, _ERROR_VALUES[name])
    raise SettingsError(f"unknown metric '{name}'; choose accuracy, top5_accuracy, mae, rmse or r2")


def _accuracy(objective: Objective) -> Sums:
    if objective.kind == "binary":
        threshold = objective.threshold

        def binary(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            return ((out > threshold) == (y > 0.5)).sum().view(1)

        return binary

    def classes(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return (out.argmax(-1) == y).sum().view(1)

    return classes


def _top_k(k: int) -> Sums:
    def top(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        best = out.topk(min(k, out.shape[-1]), -1).indices
        return (best == y.unsqueeze(-1)).any(-1).sum().view(1)

    return top


def _errors(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    diff = (out.float() - y).double()
    yd = y.double()
    return torch.stack([diff.abs().sum(), (diff**2).sum(), yd.sum(), (yd**2).sum()])


def _ratio(s: list[float], n: float) -> float:
    return s[0] / n if n else 0.0


def _r2(s: list[float], n: float) -> float:
    _, sq_err, total, sq_total = s
    spread = sq_total - total * total / n if n else 0.0
    return 1.0 - sq_err / spread if spread > 0 else 0.0


_ERROR_VALUES: dict[str, Callable[[list[float], float], float]] = {
    "mae": lambda s, n: s[0] / n if n else 0.0,
    "rmse": lambda s, n: (s[1] / n) ** 0.5 if n else 0.0,
    "r2": _r2,
}


def predicted_classes(out: torch.Tensor, objective: Objective) -> torch.Tensor:
    """Class ids the model's outputs stand for: above the threshold for binary outputs,
    the largest logit otherwise."""
    if objective.kind == "binary":
        return (out.reshape(-1) > objective.threshold).long()
    return out.argmax(-1).reshape(-1)


def confusion_matrix(
    batches: Iterable[tuple[torch.Tensor, torch.Tensor]], classes: int
) -> list[list[int]]:
    """Counts [true][predicted] over (predicted ids, true ids) batches, summed on the
    device and read back once."""
    counts: torch.Tensor | None = None
    for pred, true in batches:
        flat = true.reshape(-1).long() * classes + pred.reshape(-1).long()
        batch = torch.bincount(flat, minlength=classes * classes)
        counts = batch if counts is None else counts + batch
    if counts is None:
        return [[0] * classes for _ in range(classes)]
    return counts.cpu().view(classes, classes).tolist()


def format_confusion(counts: list[list[int]], labels: list[str] | None = None) -> str:
    """A text table, rows true and columns predicted, for a terminal."""
    names = [str(n) for n in (labels or range(len(counts)))][: len(counts)]
    names += [str(i) for i in range(len(names), len(counts))]
    width = max([len(n) for n in names] + [len(str(c)) for row in counts for c in row])
    head = " " * (width + 2) + " ".join(n.rjust(width) for n in names)
    lines = [head + "   (columns: predicted)"]
    for name, row in zip(names, counts, strict=True):
        lines.append(f"{name.rjust(width)}  " + " ".join(str(c).rjust(width) for c in row))
    return "\n".join(lines)
