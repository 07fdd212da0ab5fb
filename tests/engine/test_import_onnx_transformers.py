"""Transformers exported by torch.onnx import: timm's ViT (both attention paths) and the
Annotated Transformer's encoder, exported with a fixed batch and with an open one (the
shape arithmetic for an open batch folds once the batch is fixed), give the outputs of
onnxruntime and of the module, train, and export back to Python. What still has no
LayerLab form is refused by ONNX node, saying why."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from zoo import AnnotatedEncoder, TimmViT, TimmViTFused

import engine
from engine.importers import ImportFailed
from engine.importers.onnx_import import import_onnx


def _export(
    module: nn.Module, x: torch.Tensor, path: Path, open_batch: bool, dynamo: bool = False
) -> None:
    options: dict = {"input_names": ["x"]} if not dynamo else {}
    if open_batch:
        options.update(
            {"dynamic_shapes": ({0: torch.export.Dim("batch")},)}
            if dynamo
            else {"dynamic_axes": {"x": {0: "batch"}}}
        )
    logging.getLogger("torch.onnx").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module, (x,), str(path), dynamo=dynamo, external_data=False, verbose=False, **options
        )


def _sample(shape: tuple[int, ...], batch: int) -> torch.Tensor:
    if len(shape) == 1:  # token ids
        return torch.randint(0, 40, (batch, *shape))
    return torch.randn(batch, *shape)


MODELS = [(TimmViT, (3, 16, 16)), (TimmViTFused, (3, 16, 16)), (AnnotatedEncoder, (10,))]


@pytest.mark.parametrize(
    "dynamo",
    [False, pytest.param(True, marks=pytest.mark.slow)],  # torch.export takes its time
    ids=["torchscript", "dynamo"],
)
@pytest.mark.parametrize("open_batch", [False, True], ids=["batch2", "open"])
@pytest.mark.parametrize(("cls", "shape"), MODELS, ids=lambda v: getattr(v, "__name__", ""))
def test_transformer_imports_with_equal_outputs(
    cls: type[nn.Module], shape: tuple[int, ...], open_batch: bool, dynamo: bool, tmp_path: Path
) -> None:
    torch.manual_seed(0)
    module = cls().eval()
    _export(module, _sample(shape, 2), tmp_path / "m.onnx", open_batch, dynamo)
    result = import_onnx(tmp_path / "m.onnx", weights=tmp_path / "w.safetensors")
    assert result.max_abs_diff <= 1e-4  # against onnxruntime, checked by the import
    norms = sum(isinstance(m, nn.LayerNorm) for m in module.modules())
    assert [n.type for n in result.graph.nodes.values()].count("LayerNorm") == norms
    model = engine.load_model(tmp_path / "w.safetensors")
    x = _sample(shape, 3)  # another batch than the file was exported with
    with torch.no_grad():
        assert (model(x) - module(x)).abs().max().item() <= 1e-4


def test_imported_vit_trains_and_exports_to_python(tmp_path: Path) -> None:
    """The class token and position embedding stored in the file learn; one step of SGD
    changes the outputs; the graph exports as Python that computes the same."""
    torch.manual_seed(0)
    _export(TimmViT().eval(), torch.randn(2, 3, 16, 16), tmp_path / "vit.onnx", open_batch=True)
    model = import_onnx(tmp_path / "vit.onnx").model
    assert model is not None
    assert engine.export_model(model, tmp_path / "vit.py").max_abs_diff <= 1e-5
    learned = [n for n in model.graph.nodes.values() if n.type == "Parameter"]
    assert learned and all(n.trainable for n in learned)
    model.train()
    x = torch.randn(4, 3, 16, 16)
    before = model(x).detach()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    F.cross_entropy(model(x), torch.tensor([0, 1, 2, 3])).backward()
    assert all(model.layer(n.id).weight.grad.abs().sum() > 0 for n in learned)
    optimizer.step()
    assert not torch.allclose(model(x), before)


class SequenceFirst(nn.Module):
    """Attention written sequence-first, as nn.MultiheadAttention runs inside."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(6, 6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x.transpose(0, 1)).transpose(0, 1)


class MergedBatch(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x.reshape(-1, 6), -1).reshape(x.shape[0], 4, 6)


class TwoDimNorm(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(x, (4, 6))


class Shuffled(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x[:, [0, 2, 1]]


class PerSample(nn.Module):
    """A stored tensor with one row per sample of the batch the file was made for."""

    def __init__(self) -> None:
        super().__init__()
        self.table = nn.Parameter(torch.arange(48.0).reshape(2, 4, 6))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.table


def _refusal(module: nn.Module, path: Path, open_batch: bool) -> list[str]:
    _export(module, torch.randn(2, 4, 6), path, open_batch)
    with pytest.raises(ImportFailed) as info:
        import_onnx(path)
    return str(info.value).splitlines()


REFUSALS = [
    (
        SequenceFirst,
        True,
        [
            "cannot import m.onnx: 4 ONNX node(s) have no LayerLab form:",
            "  /Transpose (Transpose) and 1 more Transpose node(s): perm [1, 0, 2] moves the "
            "batch away from dim 0 (LayerLab keeps it first; a batch moved to dim 1 and "
            "taken apart along dim 0 is fine)",
            "  /fc/MatMul (MatMul): its result, of shape (4, B, 6), has the batch in dim 1 "
            "(LayerLab keeps it in dim 0)",
            "  /fc/Add (Add): its result, of shape (4, B, 6), has the batch in dim 1 "
            "(LayerLab keeps it in dim 0)",
        ],
    ),
    (
        MergedBatch,
        True,
        [
            "cannot import m.onnx: 2 ONNX node(s) have no LayerLab form:",
            "  /Reshape (Reshape): its result, of shape (B*4, 6), merges the batch with "
            "other dims (LayerLab keeps it whole in dim 0)",
            "  /Softmax (Softmax): its result, of shape (B*4, 6), merges the batch with "
            "other dims (LayerLab keeps it whole in dim 0)",
        ],
    ),
    (
        MergedBatch,
        False,
        [
            "cannot import m.onnx: 2 ONNX node(s) have no LayerLab form:",
            "  /Reshape (Reshape): its result, of shape (8, 6), does not start with the "
            "batch (2); LayerLab keeps the batch in dim 0",
            "  /Softmax (Softmax): its result, of shape (8, 6), does not start with the "
            "batch (2); LayerLab keeps the batch in dim 0",
        ],
    ),
    (
        TwoDimNorm,
        True,
        [
            "cannot import m.onnx: 1 ONNX node(s) have no LayerLab form:",
            "  /LayerNormalization (LayerNormalization): normalizes over dims [1, 2]; "
            "LayerLab's LayerNorm normalizes the last dim",
        ],
    ),
    (
        Shuffled,
        True,
        [
            "cannot import m.onnx: 1 ONNX node(s) have no LayerLab form:",
            "  /Gather (Gather): picks positions [0, 2, 1]; LayerLab picks one position or a range",
        ],
    ),
    (
        PerSample,
        False,
        [
            "cannot import m.onnx: 1 ONNX node(s) have no LayerLab form:",
            "  /Add (Add): it takes 'table', a stored tensor of shape (2, 4, 6) made for "
            "a batch of 2 (its rows differ)",
        ],
    ),
]


@pytest.mark.parametrize(
    ("cls", "open_batch", "expected"),
    REFUSALS,
    ids=[f"{cls.__name__}-{'open' if open_batch else 'batch2'}" for cls, open_batch, _ in REFUSALS],
)
def test_what_keeps_no_batch_first_is_refused_by_node(
    cls: type[nn.Module], open_batch: bool, expected: list[str], tmp_path: Path
) -> None:
    assert _refusal(cls(), tmp_path / "m.onnx", open_batch) == expected


def test_a_batch_merged_only_around_a_transpose_imports(tmp_path: Path) -> None:
    """torch.export writes k.transpose(-2, -1) of (B, h, n, d) as a reshape to (B*h, n, d),
    the transpose, and a reshape back: one permute of the original."""

    class Keys(nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return F.scaled_dot_product_attention(x, x, x)

    _export(Keys(), torch.randn(2, 2, 4, 6), tmp_path / "k.onnx", open_batch=True, dynamo=True)
    result = import_onnx(tmp_path / "k.onnx")
    assert result.max_abs_diff <= 1e-5
    assert "Permute" in [n.type for n in result.graph.nodes.values()]


def test_a_class_token_exported_for_a_batch_of_one_takes_any_batch(tmp_path: Path) -> None:
    """torch.onnx.export's habit, an example input of batch 1 and no dynamic axes: the
    class token is stored (or folded) at batch 1 and concatenated; it is repeated over
    whatever batch comes."""
    torch.manual_seed(0)
    module = TimmViT().eval()
    _export(module, torch.randn(1, 3, 16, 16), tmp_path / "m.onnx", open_batch=False)
    result = import_onnx(tmp_path / "m.onnx")
    assert result.model is not None
    x = torch.randn(5, 3, 16, 16)
    with torch.no_grad():
        assert (result.model(x) - module(x)).abs().max().item() <= 1e-4
