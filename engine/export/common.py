"""What every exporter shares: the model to export, a sample batch, and the parity figure.

An export is only trusted after the exported artefact has been run on the same batch as
the LayerLab model; `ExportReport` carries that figure to the CLI and the GUI.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from engine.build import GraphModule, build_model
from engine.errors import LayerLabError
from engine.graph import Graph
from engine.project import Project
from engine.weights import load_weights_into

Source = Graph | Project | GraphModule
DEFAULT_TOLERANCE = 1e-4


class ExportError(LayerLabError):
    """An export could not be written."""


class ParityError(ExportError):
    """An export was written but its outputs differ from the LayerLab model's."""


@dataclass(frozen=True)
class ExportReport:
    """Where an export went and how closely it reproduces the LayerLab model.

    `max_abs_diff` is the largest absolute difference between the two on `batch_size`
    random samples; the export fails when it exceeds `tolerance` (scaled by the output
    magnitude when that is above 1).
    """

    path: Path
    format: str
    max_abs_diff: float
    tolerance: float
    batch_size: int

    def summary(self) -> str:
        return (
            f"wrote {self.path} ({self.format}); largest difference from the LayerLab model "
            f"on {self.batch_size} samples: {self.max_abs_diff:.3g} "
            f"(tolerance {self.tolerance:g})"
        )


def resolve_model(source: Source, weights: str | os.PathLike[str] | None = None) -> GraphModule:
    """The LayerLab model to export, on the CPU in eval mode, with `weights` loaded when
    given. A built model is copied, never changed."""
    if isinstance(source, GraphModule):
        model = copy.deepcopy(source).cpu()  # the caller's model keeps its device and mode
    else:
        graph = source.graph if isinstance(source, Project) else source
        model = build_model(graph)
    if weights is not None:
        load_weights_into(model, weights)
    return model.eval()


def sample_inputs(model: GraphModule, batch_size: int, seed: int = 0) -> tuple[torch.Tensor, ...]:
    """One random batch per Input node: floats ~ N(0, 1), token ids within every consumer's
    vocabulary (the smallest `num_embeddings` downstream, else 0..1)."""
    generator = torch.Generator().manual_seed(seed)
    graph = model.graph
    batch = []
    for node_id in model.input_ids:
        shape = (batch_size, *model.input_shapes[node_id])
        if graph.nodes[node_id].params.get("dtype", "float32") == "int64":
            sizes = [
                graph.nodes[e.target].params.get("num_embeddings") for e in graph.outgoing(node_id)
            ]
            high = min((s for s in sizes if isinstance(s, int)), default=2)
            batch.append(torch.randint(0, high, shape, generator=generator))
        else:
            batch.append(torch.randn(shape, generator=generator))
    return tuple(batch)


def fresh(batch: Sequence[torch.Tensor]) -> list[torch.Tensor]:
    """A copy of a batch for one model to run on: a layer with inplace=True overwrites
    its input, so two models compared on one batch would not see the same values."""
    return [x.clone() for x in batch]


def as_outputs(value: object) -> list[torch.Tensor]:
    """A model's result as a flat list of tensors (one per Output node); a None in a
    tuple (nanoGPT's loss without targets) is no output."""
    if isinstance(value, (tuple, list)):
        return [t for v in value if v is not None for t in as_outputs(v)]
    return [torch.as_tensor(value)]


def check_parity(
    expected: list[torch.Tensor],
    actual: list[torch.Tensor],
    tolerance: float,
    what: str,
    error: type[LayerLabError] = ParityError,
    reference: str = "the LayerLab model",
) -> float:
    """The largest absolute difference; raises `error` when it is above tolerance (scaled
    by the largest expected magnitude when that exceeds 1) or not a finite number."""
    if len(expected) != len(actual):
        raise error(f"{what} returned {len(actual)} outputs; {reference} {len(expected)}")
    diff = 0.0
    scale = 1.0
    for ref, out in zip(expected, actual, strict=True):
        if tuple(ref.shape) != tuple(out.shape):
            raise error(
                f"{what} output has shape {tuple(out.shape)}; {reference}'s {tuple(ref.shape)}"
            )
        ref, out = ref.detach().double(), out.detach().double()
        if not (torch.isfinite(ref).all() and torch.isfinite(out).all()):
            raise error(f"{what} cannot be checked: outputs are not finite (NaN or inf weights?)")
        if ref.numel():
            diff = max(diff, float((ref - out).abs().max()))
            scale = max(scale, float(ref.abs().max()))
    if diff > tolerance * scale:
        raise error(
            f"{what} differs from {reference} by up to {diff:.3g} "
            f"(tolerance {tolerance * scale:.3g})"
        )
    return diff
