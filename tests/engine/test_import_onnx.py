"""ONNX files import as LayerLab graphs with their weights: a ResNet-18-like net and a
U-Net exported by torch (both exporters) give the same outputs as onnxruntime and as the
torch model they came from; what cannot be mapped is listed by node name."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch import nn
from zoo import ResNet, UNet

import engine
from engine.importers import ImportFailed
from engine.importers.onnx_import import import_onnx


def _export(module: nn.Module, shape: tuple[int, ...], path: Path, dynamo: bool) -> None:
    options = (
        {"dynamic_shapes": ({0: torch.export.Dim("batch")},)}
        if dynamo
        else {"dynamic_axes": {"x": {0: "batch"}}, "input_names": ["x"]}
    )
    logging.getLogger("torch.onnx").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (torch.randn(2, *shape),),
            str(path),
            dynamo=dynamo,
            external_data=False,
            verbose=False,
            **options,
        )


@pytest.mark.parametrize(
    "dynamo",
    [False, pytest.param(True, marks=pytest.mark.slow)],  # torch.export takes its time
    ids=["torchscript", "dynamo"],
)
@pytest.mark.parametrize(
    ("cls", "shape"), [(ResNet, (3, 32, 32)), (UNet, (3, 13, 13))], ids=["ResNet18", "UNet"]
)
def test_onnx_file_imports_with_equal_outputs(
    cls: type[nn.Module], shape: tuple[int, ...], dynamo: bool, tmp_path: Path
) -> None:
    torch.manual_seed(0)
    module = cls().eval()
    _export(module, shape, tmp_path / "m.onnx", dynamo)
    result = import_onnx(tmp_path / "m.onnx", weights=tmp_path / "w.safetensors")
    assert result.max_abs_diff <= 1e-4  # against onnxruntime, checked by the import
    model = engine.load_model(tmp_path / "w.safetensors")
    x = torch.randn(3, *shape)
    with torch.no_grad():
        assert (model(x) - module(x)).abs().max().item() <= 1e-4
    # the exporter folds batch norm into the convolutions: fewer, never other, weights
    assert engine.summary(model.graph).total_params <= sum(p.numel() for p in module.parameters())


class SelfAttentionScores(nn.Module):
    """Products of two computed tensors, as attention takes them: softmax(x @ f(x)^T) @ x."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(6, 6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x @ self.fc(x).transpose(1, 2), dim=-1) @ x


def test_a_product_of_two_computed_tensors_imports_as_matmul(tmp_path: Path) -> None:
    """ONNX MatMul with a stored matrix is a Linear layer; with two computed inputs it
    is the MatMul layer."""
    torch.manual_seed(0)
    module = SelfAttentionScores().eval()
    _export(module, (4, 6), tmp_path / "a.onnx", dynamo=False)
    result = import_onnx(tmp_path / "a.onnx", weights=tmp_path / "w.safetensors")
    types = [node.type for node in result.graph.nodes.values()]
    assert types.count("MatMul") == 2 and "Linear" in types
    model = engine.load_model(tmp_path / "w.safetensors")
    x = torch.randn(3, 4, 6)
    with torch.no_grad():
        assert (model(x) - module(x)).abs().max().item() <= 1e-5


class Odd(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cos(x) + torch.sin(x)


def test_unmappable_onnx_nodes_are_listed_by_name(tmp_path: Path) -> None:
    _export(Odd(), (4,), tmp_path / "odd.onnx", dynamo=False)
    with pytest.raises(ImportFailed) as info:
        import_onnx(tmp_path / "odd.onnx")
    message = str(info.value)
    assert message.startswith("cannot import odd.onnx: 2 ONNX node(s) have no LayerLab form")
    assert "/Cos (Cos): this op has no LayerLab layer" in message
    assert "/Sin (Sin): this op has no LayerLab layer" in message


def test_a_file_that_is_not_onnx_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.onnx").write_text("not a model", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"bad.onnx: not a readable ONNX file"):
        import_onnx(tmp_path / "bad.onnx")


def test_a_problem_repeated_in_every_block_is_one_line(tmp_path: Path) -> None:
    """A transformer repeats each unmappable node once per block: one line per op type
    and reason, naming the first node and how many more there are. (nn.MultiheadAttention
    runs sequence-first inside, which LayerLab's batch-first layers cannot hold.)"""
    from zoo import ViT

    _export(ViT().eval(), (3, 16, 16), tmp_path / "vit.onnx", dynamo=False)
    with pytest.raises(ImportFailed) as info:
        import_onnx(tmp_path / "vit.onnx")
    header, *lines = str(info.value).splitlines()
    nodes = int(header.split(": ")[1].split(" ONNX node")[0])  # 42 with torch 2.13
    assert len(lines) <= nodes / 3  # 13
    assert (
        "  /layers/layers.0/self_attention/Transpose (Transpose) and 9 more Transpose node(s): "
        "perm [1, 0, 2] moves the batch away from dim 0 (LayerLab keeps it first; a batch "
        "moved to dim 1 and taken apart along dim 0 is fine)"
    ) in lines


def _linear_file(path: Path, weight_dims: list[int], perm: list[int] | None = None) -> Path:
    """A hand-built file: x (N, 4) @ W (4, 3), optionally a Transpose with `perm` after."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper

    data = np.ones(12, np.float32).tobytes()
    weight = helper.make_tensor("W", TensorProto.FLOAT, [4, 3], data, raw=True)
    weight.dims[:] = weight_dims  # as a hostile file may say
    nodes = [helper.make_node("MatMul", ["x", "W"], ["y" if perm is None else "h"], name="mm")]
    if perm is not None:
        nodes.append(helper.make_node("Transpose", ["h"], ["y"], name="flip", perm=perm))
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])],
        [weight],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, path)
    return path


def test_hostile_files_are_refused_as_the_files_fault(tmp_path: Path) -> None:
    """Broken in themselves: a stored tensor whose data does not fill its shape, a node
    whose attributes do not fit its input; never an internal error."""
    short = _linear_file(tmp_path / "short.onnx", [4, 4])  # 12 values for 16
    with pytest.raises(ImportFailed) as err:
        import_onnx(short)
    assert str(err.value).startswith(
        f"{short}: not a valid ONNX model (TensorProto (tensor name: W)"
    )
    flipped = _linear_file(tmp_path / "flip.onnx", [4, 3], perm=[0, 1, 2, 3])
    with pytest.raises(ImportFailed) as err:
        import_onnx(flipped)
    assert str(err.value).startswith("flip.onnx fails on inputs of shape (4,): permute")


class Mixer(nn.Module):
    """Small, with the ops mutations can break in interesting ways (attributes, stored
    tensors, reshapes, a transpose, a normalisation)."""

    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Linear(8, 8)
        self.norm = nn.LayerNorm(8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.norm(self.proj(x)).reshape(x.shape[0], 2, 4).transpose(1, 2)
        return torch.nn.functional.gelu(h).flatten(1)


@pytest.fixture(scope="module")
def mixer_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mixer") / "mixer.onnx"
    with warnings.catch_warnings():  # the TorchScript exporter's deprecation notice
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Mixer().eval(), (torch.randn(2, 8),), path, dynamo=False, opset_version=14
        )
    return path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_mutated_file_imports_or_is_refused_never_an_internal_error(
    mixer_file: Path, tmp_path: Path, data
) -> None:
    """Hostile input: one field of a real export changed (an attribute, a node's input or
    op type, a stored tensor's shape, a node dropped)."""
    import onnx

    model = onnx.load(str(mixer_file))
    nodes = model.graph.node
    node = nodes[data.draw(st.integers(0, len(nodes) - 1))]
    kind = data.draw(st.sampled_from(["attribute", "input", "op", "drop", "stored"]))
    if kind == "attribute" and node.attribute:
        attribute = node.attribute[data.draw(st.integers(0, len(node.attribute) - 1))]
        value = data.draw(st.sampled_from([-5, 0, 3, 99]))
        if attribute.ints:
            attribute.ints[data.draw(st.integers(0, len(attribute.ints) - 1))] = value
        elif attribute.type == onnx.AttributeProto.INT:
            attribute.i = value
        elif attribute.type == onnx.AttributeProto.FLOAT:
            attribute.f = data.draw(st.sampled_from([float("nan"), -1.0, 1e30]))
    elif kind == "input" and node.input:
        other = nodes[data.draw(st.integers(0, len(nodes) - 1))]
        node.input[data.draw(st.integers(0, len(node.input) - 1))] = other.output[0]
    elif kind == "op":
        node.op_type = data.draw(st.sampled_from(["Relu", "Erf", "Sqrt", "Transpose", "Foo"]))
    elif kind == "drop":
        nodes.remove(node)
    elif kind == "stored" and model.graph.initializer:
        stored = model.graph.initializer
        tensor = stored[data.draw(st.integers(0, len(stored) - 1))]
        if tensor.dims:
            tensor.dims[0] += 1
    path = tmp_path / "mutated.onnx"
    onnx.save(model, path)
    try:
        import_onnx(path)
    except ImportFailed as err:
        assert "mutated.onnx" in str(err) or str(err).startswith("cannot import")
