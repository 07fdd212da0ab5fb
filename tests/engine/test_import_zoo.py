"""The architectures people use, written as the zoo writes them (tests/engine/zoo.py),
import from PyTorch with their weights: equal parameter counts, equal outputs."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn
from zoo import ZOO

import engine
from engine.importers import import_module


def _params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize(("cls", "shapes"), ZOO, ids=lambda v: getattr(v, "__name__", ""))
def test_zoo_model_imports_with_its_weights(
    cls: type[nn.Module], shapes: list[tuple[int, ...]], tmp_path: Path
) -> None:
    torch.manual_seed(0)
    module = cls().eval()
    weights = tmp_path / "w.safetensors"
    result = import_module(module, shapes, weights=weights)

    summary = engine.summary(result.graph)
    assert summary.total_params == _params(module)
    model = engine.load_model(weights)
    assert _params(model) == _params(module)
    inputs = [
        torch.randint(0, 10, (4, *s))
        if model.graph.nodes[i].params.get("dtype") == "int64"
        else torch.randn(4, *s)
        for i, s in zip(model.input_ids, shapes, strict=True)
    ]
    with torch.no_grad():
        expected = module(*inputs)
        if isinstance(expected, tuple):  # minGPT's (logits, loss): no loss without targets
            expected, loss = expected
            assert loss is None
        diff = (model(*inputs) - expected).abs().max().item()
    assert diff <= 1e-4


EXPORTED = [
    *("Functional", "ShuffleNet", "ConvNeXt", "ViT", "GPTBlock", "GRUClassifier", "UNet"),
    *("TimmViT", "AnnotatedEncoder", "TimmViTFused", "NanoGPT", "MinGPT"),
]


@pytest.mark.parametrize(
    ("cls", "shapes"),
    [(c, s) for c, s in ZOO if c.__name__ in EXPORTED],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_imported_model_exports_to_python(
    cls: type[nn.Module], shapes: list[tuple[int, ...]], tmp_path: Path
) -> None:
    """The new layers (slices, permutes, learned tensors, broadcasting merges...) export
    as code (and, below, as ONNX), each checked against the model by the exporter."""
    torch.manual_seed(0)
    model = import_module(cls().eval(), shapes).model
    assert engine.export_model(model, tmp_path / "m.py").max_abs_diff <= 1e-5


@pytest.mark.slow  # the torch.export-based ONNX exporter takes seconds per model
@pytest.mark.parametrize(
    ("cls", "shapes"),
    [(c, s) for c, s in ZOO if c.__name__ in EXPORTED],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_imported_model_exports_to_onnx(
    cls: type[nn.Module], shapes: list[tuple[int, ...]], tmp_path: Path
) -> None:
    torch.manual_seed(0)
    model = import_module(cls().eval(), shapes).model
    assert engine.export_model(model, tmp_path / "m.onnx").max_abs_diff <= 1e-4


def test_imported_learned_tensors_train() -> None:
    """A class token and positional embedding become Parameter nodes that learn; a frozen
    node (trainable false) gets no gradient."""
    from zoo import ViT

    graph = import_module(ViT().eval(), [(3, 16, 16)]).graph
    graph.nodes["conv_proj"].trainable = False
    model = engine.build_model(graph)
    model(torch.randn(2, 3, 16, 16)).square().mean().backward()
    assert model.layer("class_token").weight.grad.abs().sum() > 0
    assert model.layer("pos_embedding").weight.grad.abs().sum() > 0
    assert model.layer("conv_proj").weight.grad is None


def test_positions_looked_up_by_a_constant_range_are_a_learned_tensor() -> None:
    """nanoGPT's `self.wpe(torch.arange(t))`: the table's rows become a Parameter node
    holding the module's values, which learns."""
    from zoo import NanoGPT

    module = NanoGPT().eval()
    graph = import_module(module, [(12,)]).graph
    assert graph.nodes["wpe"].type == "Parameter" and graph.nodes["wpe"].trainable
    model = engine.build_model(graph)
    model.load_state_dict(import_module(module, [(12,)]).convert_state_dict(module.state_dict()))
    assert torch.equal(model.layer("wpe").weight.reshape(12, 16), module.wpe.weight)
    model(torch.randint(0, 50, (2, 12))).square().mean().backward()
    assert model.layer("wpe").weight.grad.abs().sum() > 0


def test_mingpt_shorter_than_its_block_imports_its_sliced_mask_as_causal_attention() -> None:
    """minGPT slices its causal-mask buffer to the input's length (bias[:, :, :T, :T]) and
    masks by masked_fill before the softmax: each block's attention, from q @ kᵀ to @ v,
    is one causal ScaledDotProductAttention, and the graph computes the module's logits."""
    from zoo import MinGPT

    torch.manual_seed(0)
    module = MinGPT().eval()
    result = import_module(module, [(12,)])
    attention = [n for n in result.graph if n.type == "ScaledDotProductAttention"]
    assert [(n.id, n.params) for n in attention] == [
        ("attention", {"is_causal": True, "dropout": 0.1}),
        ("attention_1", {"is_causal": True, "dropout": 0.1}),
    ]
    assert not result.graph.nodes_of_type("MatMul")
    assert result.graph.nodes["transformer_wpe"].params == {"shape": [12, 32]}
    assert result.notes == [  # why the graph counts fewer parameters than the module
        "the graph holds 12 of the 16 rows of 'transformer.wpe' (the positions an input of "
        "this length uses)"
    ]
    idx = torch.randint(0, 50, (5, 12))
    with torch.no_grad():
        logits, loss = module(idx)
        assert loss is None
        assert (result.model(idx) - logits).abs().max().item() <= 1e-5
