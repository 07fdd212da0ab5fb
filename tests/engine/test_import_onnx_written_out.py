"""GELU and LayerNorm as older exporters write them, op by op (TorchScript's
torch.onnx.export before opset 17 has no LayerNormalization, and writes GELU with Erf or
Tanh at every opset): each imports as one GELU or LayerNorm layer with the outputs of
onnxruntime and of the module. What is almost but not quite one of them stays refused,
naming the node and what differs."""

from __future__ import annotations

import logging
import math
import warnings
from pathlib import Path

import pytest
import torch
from torch import nn
from zoo import AnnotatedEncoder, TimmViT

import engine
from engine.importers import ImportFailed
from engine.importers.onnx_import import import_onnx


def _export(module: nn.Module, x: torch.Tensor, path: Path, opset: int) -> None:
    logging.getLogger("torch.onnx").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module, (x,), str(path), dynamo=False, opset_version=opset, input_names=["x"]
        )


class Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(6, eps=1e-6)
        self.fc = nn.Linear(6, 6)
        self.plain = nn.LayerNorm(6, elementwise_affine=False)
        self.gelu, self.tanh = nn.GELU(), nn.GELU(approximate="tanh")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.plain(self.tanh(self.fc(self.gelu(self.norm(x))))) + x


def _types(result: engine.importers.ImportResult) -> list[str]:
    return [node.type for node in result.graph.nodes.values()]


@pytest.mark.parametrize("opset", [11, 13, 14, 17])
def test_gelu_and_layer_norm_written_out_import_as_layers(opset: int, tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = Block().eval()
    with torch.no_grad():  # a scale and shift that are not 1 and 0
        module.norm.weight.uniform_(0.5, 1.5)
        module.norm.bias.uniform_(-0.5, 0.5)
    _export(module, torch.randn(2, 4, 6), tmp_path / "m.onnx", opset)
    result = import_onnx(tmp_path / "m.onnx", weights=tmp_path / "w.safetensors")
    assert result.max_abs_diff <= 1e-5  # against onnxruntime, checked by the import
    types = _types(result)
    assert types.count("GELU") == 2 and types.count("LayerNorm") == 2
    assert not {"Arithmetic", "Multiply", "Divide", "Subtract"} & set(types)
    params = {
        n.type + str(n.params.get("approximate", "")): n.params for n in result.graph.nodes.values()
    }
    assert params["GELUtanh"] == {"approximate": "tanh"} and params["GELU"] == {}
    norms = [n.params for n in result.graph.nodes.values() if n.type == "LayerNorm"]
    assert norms[0]["eps"] == pytest.approx(1e-6) and norms[0].get("elementwise_affine", True)
    assert norms[1].get("eps", 1e-5) == 1e-5 and norms[0]["eps"] == 1e-6  # as written
    model = engine.load_model(tmp_path / "w.safetensors")
    x = torch.randn(3, 4, 6)
    with torch.no_grad():
        assert (model(x) - module(x)).abs().max().item() <= 1e-5


@pytest.mark.parametrize(("cls", "shape"), [(TimmViT, (3, 16, 16)), (AnnotatedEncoder, (10,))])
def test_transformer_at_opset_14_imports_with_its_norms_and_gelus(
    cls: type[nn.Module], shape: tuple[int, ...], tmp_path: Path
) -> None:
    torch.manual_seed(0)
    module = cls().eval()
    x = torch.randn(2, *shape) if len(shape) > 1 else torch.randint(0, 40, (2, *shape))
    _export(module, x, tmp_path / "m.onnx", 14)
    result = import_onnx(tmp_path / "m.onnx", weights=tmp_path / "w.safetensors")
    assert result.max_abs_diff <= 1e-4
    types = _types(result)
    assert types.count("LayerNorm") == sum(isinstance(m, nn.LayerNorm) for m in module.modules())
    assert types.count("GELU") == sum(isinstance(m, nn.GELU) for m in module.modules())
    model = engine.load_model(tmp_path / "w.safetensors")
    x = torch.randn(3, *shape) if len(shape) > 1 else torch.randint(0, 40, (3, *shape))
    with torch.no_grad():
        assert (model(x) - module(x)).abs().max().item() <= 1e-4


class HandWritten(nn.Module):
    """BERT's and minGPT's spellings: x * 0.5 * (1 + erf(x * (1/sqrt 2))), pow(x, 3), a
    LayerNorm writing x - mean twice, (x-u)*(x-u), and weight * x + bias, and one taking
    its scale first, weight * (x - u) / sqrt(...)."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.rand(6) + 0.5)
        self.bias = nn.Parameter(torch.rand(6) - 0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        u = x.mean(-1, keepdim=True)
        s = ((x - u) * (x - u)).mean(-1, keepdim=True)
        x = self.weight * ((x - u) / torch.sqrt(s + 1e-12)) + self.bias
        x = x * 0.5 * (1.0 + torch.erf(x * (1 / math.sqrt(2.0))))
        c = math.sqrt(2.0 / math.pi)
        x = 0.5 * x * (1.0 + torch.tanh(c * (x + 0.044715 * torch.pow(x, 3.0))))
        u = x.mean(-1, keepdim=True)
        return self.weight * (x - u) / torch.sqrt((x - u).pow(2).mean(-1, keepdim=True) + 1e-5)


@pytest.mark.parametrize("opset", [11, 13])
def test_hand_written_gelu_and_layer_norm_import_as_layers(opset: int, tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = HandWritten().eval()
    _export(module, torch.randn(2, 4, 6), tmp_path / "m.onnx", opset)
    result = import_onnx(tmp_path / "m.onnx")
    assert result.max_abs_diff <= 1e-5
    assert _types(result) == ["Input", "LayerNorm", "GELU", "GELU", "LayerNorm", "Output"]
    norms = [n.params for n in result.graph.nodes.values() if n.type == "LayerNorm"]
    assert norms == [{"eps": 1e-12}, {"bias": False}]  # BERT's eps, as written


def _erf_gelu(half: float, path: Path) -> None:
    """0.5 * x * (1 + erf(x / sqrt(2))) written with onnx.helper, `half` for the 0.5."""
    import onnx
    from onnx import TensorProto, helper

    def scalar(name: str, value: float) -> onnx.TensorProto:
        return helper.make_tensor(name, TensorProto.FLOAT, [], [value])

    nodes = [
        helper.make_node("Div", ["x", "root2"], ["scaled"], name="scale"),
        helper.make_node("Erf", ["scaled"], ["erf"], name="erf"),
        helper.make_node("Add", ["erf", "one"], ["shifted"], name="shift"),
        helper.make_node("Mul", ["x", "shifted"], ["product"], name="times_x"),
        helper.make_node("Mul", ["product", "half"], ["y"], name="halve"),
    ]
    graph = helper.make_graph(
        nodes,
        "gelu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 5])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 5])],
        [scalar("root2", math.sqrt(2)), scalar("one", 1.0), scalar("half", half)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))


def test_an_erf_gelu_with_its_constants_imports(tmp_path: Path) -> None:
    _erf_gelu(0.5, tmp_path / "g.onnx")
    result = import_onnx(tmp_path / "g.onnx")
    assert _types(result) == ["Input", "GELU", "Output"]
    assert result.max_abs_diff <= 1e-6


def test_almost_an_erf_gelu_stays_refused_saying_what_differs(tmp_path: Path) -> None:
    _erf_gelu(0.4, tmp_path / "g.onnx")
    with pytest.raises(ImportFailed) as info:
        import_onnx(tmp_path / "g.onnx")
    assert str(info.value).splitlines() == [
        "cannot import g.onnx: 1 ONNX node(s) have no LayerLab form:",
        "  erf (Erf): an Erf outside GELU (0.5 * x * (1 + erf(x / sqrt(2)))): 'halve' "
        "computes 0.4*x + 0.4*x*erf(...), not 0.5*x + 0.5*x*erf(...)",
    ]


class NearMisses(nn.Module):
    """A tanh GELU with 0.04 for 0.044715, and a LayerNorm over dim 1."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        c = math.sqrt(2.0 / math.pi)
        x = 0.5 * x * (1.0 + torch.tanh(c * (x + 0.04 * torch.pow(x, 3.0))))
        u = x.mean(1, keepdim=True)
        return (x - u) / torch.sqrt(((x - u) ** 2).mean(1, keepdim=True) + 1e-5)


def test_almost_a_tanh_gelu_or_layer_norm_stays_refused_saying_what_differs(
    tmp_path: Path,
) -> None:
    _export(NearMisses(), torch.randn(2, 4, 6), tmp_path / "m.onnx", 13)
    with pytest.raises(ImportFailed) as info:
        import_onnx(tmp_path / "m.onnx")
    assert str(info.value).splitlines() == [
        "cannot import m.onnx: 3 ONNX node(s) have no LayerLab form:",
        "  /Pow (Pow): a Pow outside GELU (0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 "
        "* x^3)))): its argument is 0.797885*x + 0.0319154*x^3, not sqrt(2 / pi) * (x + "
        "0.044715 * x^3) = 0.797885*x + 0.0356774*x^3",
        "  /Pow_1 (Pow): this op has no LayerLab layer",
        "  /Sqrt (Sqrt): a Sqrt outside LayerNorm ((x - mean(x)) / sqrt(mean((x - mean(x))^2) "
        "+ eps) over the last dim): '/ReduceMean_1' is not a mean over the last dim",
    ]


class ErfUsedTwice(nn.Module):
    """A GELU whose erf is also used outside it: not one GELU layer."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e = torch.erf(x / math.sqrt(2.0))
        return 0.5 * x * (1.0 + e) + e


def test_a_gelu_whose_inner_value_is_used_elsewhere_stays_refused(tmp_path: Path) -> None:
    _export(ErfUsedTwice(), torch.randn(2, 4, 6), tmp_path / "m.onnx", 13)
    with pytest.raises(ImportFailed) as info:
        import_onnx(tmp_path / "m.onnx")
    assert str(info.value).splitlines() == [
        "cannot import m.onnx: 1 ONNX node(s) have no LayerLab form:",
        "  /Erf (Erf): an Erf outside GELU (0.5 * x * (1 + erf(x / sqrt(2)))): its result "
        "is used outside it too",
    ]


class ShiftOnly(nn.Module):
    """A LayerNorm with a shift and no scale, its result used twice."""

    def __init__(self) -> None:
        super().__init__()
        self.bias = nn.Parameter(torch.rand(6))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        d = x - x.mean(-1, keepdim=True)
        y = d / torch.sqrt(d.pow(2).mean(-1, keepdim=True) + 1e-5) + self.bias
        return y * y


def test_a_layer_norm_with_a_shift_alone_has_a_scale_of_one(tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = ShiftOnly().eval()
    _export(module, torch.randn(2, 4, 6), tmp_path / "m.onnx", 13)
    result = import_onnx(tmp_path / "m.onnx", weights=tmp_path / "w.safetensors")
    assert result.max_abs_diff <= 1e-5
    assert _types(result) == ["Input", "LayerNorm", "Multiply", "Output"]
    model = engine.load_model(tmp_path / "w.safetensors")
    (norm,) = [n.id for n in model.graph.nodes.values() if n.type == "LayerNorm"]
    assert torch.equal(model.layer(norm).weight, torch.ones(6))
    assert torch.equal(model.layer(norm).bias, module.bias.detach())
