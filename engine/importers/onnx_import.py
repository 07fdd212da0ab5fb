"""ONNX file -> LayerLab graph with its weights.

The file is read with the onnx package, its shapes inferred with onnx's own shape
inference (batch fixed), and everything computed from constants alone (the shape
arithmetic exporters emit) folded by onnx's reference evaluator. Each remaining node
becomes one torch call in `OnnxModule`, a plain nn.Module holding the file's weights,
which the torch.fx importer then maps onto the registry like any hand-written model.
The result is checked twice: against that module by the fx importer, and against
onnxruntime running the file itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from engine.export.common import check_parity
from engine.importers.torch_import import ImportFailed, ImportResult, import_module

BATCH = 7  # the batch size shapes are inferred for, when the file leaves it open
TOLERANCE = 1e-4

Handler = Callable[..., Any]
# Ops whose other inputs (weights, shapes, pads) are read when the step is made.
FIRST_ONLY = {
    "Conv",
    "ConvTranspose",
    "BatchNormalization",
    "Gemm",
    "MatMul",
    "Reshape",
    "ReduceMean",
    "Resize",
    "Pad",
    "Clip",
    "Dropout",
}


def import_onnx(
    path: str | os.PathLike[str], weights: str | os.PathLike[str] | None = None
) -> ImportResult:
    """Import an .onnx file (no input shape needed: the file has it). Raises ImportFailed
    listing every ONNX node that has no LayerLab form, by node name and op type."""
    import onnx

    path = Path(path)
    try:
        model = onnx.load(str(path))
    except Exception as err:  # protobuf and file errors
        raise ImportFailed(f"{path}: not a readable ONNX file ({err})") from None
    module = OnnxModule(model, path.name)
    shapes = [shape[1:] for shape in module.input_shapes]
    result = import_module(module, shapes, name=path.name)
    result.max_abs_diff = max(result.max_abs_diff, _check_with_onnxruntime(path, module, result))
    if weights is not None:
        result.save_weights(weights)
    return result


class OnnxModule(nn.Module):
    """The ONNX graph as torch calls: one step per node, weights as submodules or buffers."""

    def __init__(self, model: Any, name: str) -> None:
        super().__init__()
        import onnx

        graph = model.graph
        self.file = name
        stored = {init.name for init in graph.initializer}
        inputs = [i for i in graph.input if i.name not in stored]
        self.input_names = [i.name for i in inputs]
        self.input_shapes = [_input_shape(i, name) for i in inputs]
        self.batch = self.input_shapes[0][0]
        fixed = _fix_batch(model, self.batch)
        inferred = onnx.shape_inference.infer_shapes(fixed)
        self.shapes = _value_shapes(inferred.graph)
        self.constants: dict[str, np.ndarray] = {
            init.name: onnx.numpy_helper.to_array(init) for init in graph.initializer
        }
        self.steps: list[tuple[Handler, list[str], list[str]]] = []
        problems: list[tuple[str, str, str]] = []  # (node, op type, why)
        for node in graph.node:
            foldable = all(i in self.constants or not i for i in node.input)
            if (foldable or node.op_type == "Shape") and self._fold(node, model):
                continue
            try:
                handler = self._handler(node)
            except ValueError as err:
                problems.append((_node_name(node), node.op_type, str(err)))
                continue
            first_only = node.op_type in FIRST_ONLY and handler is not torch.matmul
            names = list(node.input)[: 1 if first_only else None]
            self.steps.append((handler, names, list(node.output)))
        if problems:
            raise ImportFailed(
                f"cannot import {name}: {len(problems)} ONNX node(s) have no LayerLab form:\n"
                f"{_grouped(problems)}"
            )
        self.output_names = [o.name for o in graph.output]

    def forward(self, *xs: torch.Tensor) -> Any:
        """The file's inputs in order (the importer traces one placeholder for each)."""
        env: dict[str, Any] = dict(zip(self.input_names, xs, strict=True))
        for handler, names, outs in self.steps:
            result = handler(*[env[n] if n in env else self._constant(n) for n in names if n])
            env[outs[0]] = result
        out = [env[n] for n in self.output_names]
        return out[0] if len(out) == 1 else tuple(out)

    # -- folding ------------------------------------------------------------------------
    def _fold(self, node: Any, model: Any) -> bool:
        """Evaluate a node of constants (or Shape of a tensor whose shape is known)."""
        if node.op_type == "Shape":
            shape = self.shapes.get(node.input[0])
            if shape is None or any(d is None for d in shape) or node.attribute:
                return False
            self.constants[node.output[0]] = np.array(shape, dtype=np.int64)
            return True
        from onnx import helper
        from onnx.reference import ReferenceEvaluator

        graph = helper.make_graph(
            [node],
            "fold",
            [],
            [helper.make_tensor_value_info(o, 0, None) for o in node.output],
            [
                _constant_tensor(name, self.constants[name])
                for name in node.input
                if name and name in self.constants
            ],
        )
        opset = [helper.make_opsetid(o.domain, o.version) for o in model.opset_import]
        try:
            values = ReferenceEvaluator(helper.make_model(graph, opset_imports=opset)).run(None, {})
        except Exception:
            return False
        for name, value in zip(node.output, values, strict=True):
            self.constants[name] = np.asarray(value)
        return True

    def _constant(self, name: str) -> Any:
        """A constant operand: a Python number, or a buffer (fx reads it as a get_attr)."""
        value = self.constants[name]
        if value.size == 1 and value.dtype.kind == "f" and value.ndim <= 1:
            return float(value.reshape(()))
        attr = "const_" + _identifier(name)
        if not hasattr(self, attr):
            self.register_buffer(attr, torch.from_numpy(np.array(value)))
        return getattr(self, attr)

    # -- one handler per op type --------------------------------------------------------
    def _handler(self, node: Any) -> Handler:
        make = getattr(self, f"_op_{node.op_type}", None)
        if make is None or node.domain not in ("", "ai.onnx"):
            raise ValueError("this op has no LayerLab layer")
        return make(node, _attributes(node))

    def _tensor_inputs(self, node: Any, count: int) -> None:
        if any(name in self.constants for name in node.input[:count]):
            raise ValueError("a constant where a tensor is expected")

    def _module(self, node: Any, module: nn.Module) -> Handler:
        name = _identifier(_node_name(node)) or f"layer{len(self._modules)}"
        while name in self._modules:
            name += "_"
        self.add_module(name, module)
        return module

    def _weight(self, name: str) -> torch.Tensor:
        if name not in self.constants:
            raise ValueError(f"weight '{name}' is computed, not stored in the file")
        return torch.from_numpy(np.array(self.constants[name], dtype=np.float32))

    def _op_Conv(self, node: Any, a: dict[str, Any]) -> Handler:
        weight = self._weight(node.input[1])
        n = weight.dim() - 2
        if n not in (1, 2) or a.get("auto_pad", "NOTSET") not in ("NOTSET", ""):
            raise ValueError("only 1-d and 2-d convolutions with explicit pads")
        pads = a.get("pads", [0] * 2 * n)
        if pads[:n] != pads[n:]:
            raise ValueError(f"asymmetric pads {pads}")
        conv = (nn.Conv1d, nn.Conv2d)[n - 1](
            weight.shape[1] * a.get("group", 1),
            weight.shape[0],
            tuple(weight.shape[2:]),  # type: ignore[arg-type]  # stubs: a fixed-length tuple
            stride=tuple(a.get("strides", [1] * n)),
            padding=tuple(pads[:n]),
            dilation=tuple(a.get("dilations", [1] * n)),
            groups=a.get("group", 1),
            bias=len(node.input) > 2 and bool(node.input[2]),
        )
        with torch.no_grad():
            conv.weight.copy_(weight)
            if conv.bias is not None:
                conv.bias.copy_(self._weight(node.input[2]))
        self._tensor_inputs(node, 1)
        return self._module(node, conv)

    def _op_ConvTranspose(self, node: Any, a: dict[str, Any]) -> Handler:
        weight = self._weight(node.input[1])
        if weight.dim() != 4 or a.get("output_shape"):
            raise ValueError("only 2-d transposed convolutions without output_shape")
        pads = a.get("pads", [0] * 4)
        if pads[:2] != pads[2:]:
            raise ValueError(f"asymmetric pads {pads}")
        group = a.get("group", 1)
        conv = nn.ConvTranspose2d(
            weight.shape[0],
            weight.shape[1] * group,
            tuple(weight.shape[2:]),  # type: ignore[arg-type]  # stubs: a fixed-length tuple
            stride=tuple(a.get("strides", [1, 1])),
            padding=tuple(pads[:2]),
            output_padding=tuple(a.get("output_padding", [0, 0])),
            dilation=tuple(a.get("dilations", [1, 1])),
            groups=group,
            bias=len(node.input) > 2 and bool(node.input[2]),
        )
        with torch.no_grad():
            conv.weight.copy_(weight)
            if conv.bias is not None:
                conv.bias.copy_(self._weight(node.input[2]))
        return self._module(node, conv)

    def _op_BatchNormalization(self, node: Any, a: dict[str, Any]) -> Handler:
        scale, bias, mean, var = (self._weight(n) for n in node.input[1:5])
        rank = len(self.shapes.get(node.input[0]) or (0, 0, 0, 0))
        norm = (nn.BatchNorm1d if rank in (2, 3) else nn.BatchNorm2d)(
            scale.numel(), eps=a.get("epsilon", 1e-5), momentum=1 - a.get("momentum", 0.9)
        )
        with torch.no_grad():
            for tensor, value in zip(
                (norm.weight, norm.bias, norm.running_mean, norm.running_var),
                (scale, bias, mean, var),
                strict=True,
            ):
                tensor.copy_(value)  # type: ignore[union-attr]  # running stats are tracked
        return self._module(node, norm)

    def _op_Gemm(self, node: Any, a: dict[str, Any]) -> Handler:
        if a.get("transA", 0) or a.get("alpha", 1.0) != 1.0 or a.get("beta", 1.0) != 1.0:
            raise ValueError("only x @ W^T + b (transA 0, alpha and beta 1)")
        weight = self._weight(node.input[1])
        weight = weight if a.get("transB", 0) else weight.t()
        return self._linear(node, weight, node.input[2] if len(node.input) > 2 else "")

    def _op_MatMul(self, node: Any, a: dict[str, Any]) -> Handler:
        if node.input[1] not in self.constants:
            return torch.matmul  # of two computed tensors (attention's q @ k): MatMul
        weight = self._weight(node.input[1])
        if weight.dim() != 2:
            raise ValueError("only a product with a stored matrix (a Linear layer)")
        return self._linear(node, weight.t(), "")

    def _linear(self, node: Any, weight: torch.Tensor, bias: str) -> Handler:
        linear = nn.Linear(weight.shape[1], weight.shape[0], bias=bool(bias))
        with torch.no_grad():
            linear.weight.copy_(weight)
            if bias:
                linear.bias.copy_(self._weight(bias).reshape(-1))
        return self._module(node, linear)

    def _op_MaxPool(self, node: Any, a: dict[str, Any]) -> Handler:
        kernel = a["kernel_shape"]
        n = len(kernel)
        pads = a.get("pads", [0] * 2 * n)
        if pads[:n] != pads[n:] or n != 2:
            raise ValueError("only 2-d pooling with symmetric pads")
        return _bind(
            F.max_pool2d,
            kernel_size=tuple(kernel),
            stride=tuple(a.get("strides", kernel)),
            padding=tuple(pads[:n]),
            dilation=tuple(a.get("dilations", [1] * n)),
            ceil_mode=bool(a.get("ceil_mode", 0)),
        )

    def _op_AveragePool(self, node: Any, a: dict[str, Any]) -> Handler:
        kernel = a["kernel_shape"]
        pads = a.get("pads", [0] * 4)
        if pads[:2] != pads[2:] or len(kernel) != 2:
            raise ValueError("only 2-d pooling with symmetric pads")
        return _bind(
            F.avg_pool2d,
            kernel_size=tuple(kernel),
            stride=tuple(a.get("strides", kernel)),
            padding=tuple(pads[:2]),
            ceil_mode=bool(a.get("ceil_mode", 0)),
            count_include_pad=bool(a.get("count_include_pad", 0)),
        )

    def _op_GlobalAveragePool(self, node: Any, a: dict[str, Any]) -> Handler:
        return _bind(F.adaptive_avg_pool2d, output_size=1)

    def _op_ReduceMean(self, node: Any, a: dict[str, Any]) -> Handler:
        axes = a.get("axes")
        if axes is None and len(node.input) > 1:
            axes = self.constants.get(node.input[1])
            axes = None if axes is None else [int(v) for v in axes]
        if not axes:
            raise ValueError("a mean over every dim (the batch too)")
        keep = bool(a.get("keepdims", 1))

        def mean(x: torch.Tensor, *_: Any) -> torch.Tensor:
            return x.mean(axes, keepdim=keep)

        return mean

    def _op_Flatten(self, node: Any, a: dict[str, Any]) -> Handler:
        if a.get("axis", 1) != 1:
            raise ValueError(f"axis {a['axis']} (LayerLab keeps the batch: axis 1)")
        return _bind(torch.flatten, start_dim=1)

    def _op_Reshape(self, node: Any, a: dict[str, Any]) -> Handler:
        target = self.constants.get(node.input[1])
        source = self.shapes.get(node.input[0])
        if target is None or source is None:
            raise ValueError("a shape computed at run time")
        dims = [int(d) for d in target]
        if dims[0] not in (self.batch, -1, 0):
            raise ValueError(f"reshape to {dims} does not keep the batch first")
        rest = [source[i] if d == 0 and not a.get("allowzero") else d for i, d in enumerate(dims)]
        tail = [d for d in rest[1:] if d is not None]
        if len(tail) < len(rest) - 1:
            raise ValueError(f"reshape to {dims} copies a dimension of unknown size")

        def reshape(x: torch.Tensor, *_: Any) -> torch.Tensor:
            return x.reshape(x.shape[0], *tail)

        return reshape

    def _op_Transpose(self, node: Any, a: dict[str, Any]) -> Handler:
        perm = a.get("perm")
        if not perm:
            raise ValueError("a transpose of every dim (the batch too)")

        def permute(x: torch.Tensor) -> torch.Tensor:
            return x.permute(*perm)

        return permute

    def _op_Concat(self, node: Any, a: dict[str, Any]) -> Handler:
        axis = a["axis"]

        def cat(*xs: torch.Tensor) -> torch.Tensor:
            return torch.cat(list(xs), dim=axis)

        return cat

    def _op_Resize(self, node: Any, a: dict[str, Any]) -> Handler:
        mode, where = a.get("mode", "nearest"), a.get("coordinate_transformation_mode")
        names = [*node.input, "", "", ""]
        scales, sizes = self.constants.get(names[2]), self.constants.get(names[3])
        if mode not in ("nearest", "linear") or (scales is None and sizes is None):
            raise ValueError(f"mode {mode!r} with scales or sizes computed at run time")
        corners = where == "align_corners"
        if mode == "linear" and where not in ("align_corners", "half_pixel", "pytorch_half_pixel"):
            raise ValueError(f"coordinate_transformation_mode {where!r}")
        if mode == "nearest" and where not in ("asymmetric", None):
            raise ValueError(f"nearest with coordinate_transformation_mode {where!r}")
        options: dict[str, Any] = {"mode": "bilinear" if mode == "linear" else "nearest"}
        if mode == "linear":
            options["align_corners"] = corners
        if scales is not None and scales.size:
            options["scale_factor"] = tuple(float(s) for s in scales[2:])
        elif sizes is not None:
            options["size"] = tuple(int(s) for s in sizes[2:])
        else:
            raise ValueError("empty scales and no sizes")

        def resize(x: torch.Tensor, *_: Any) -> torch.Tensor:
            return F.interpolate(x, **options)

        return resize

    def _op_Pad(self, node: Any, a: dict[str, Any]) -> Handler:
        pads = self.constants.get(node.input[1]) if len(node.input) > 1 else a.get("pads")
        if pads is None:
            raise ValueError("pads computed at run time")
        pads = [int(p) for p in pads]
        rank = len(pads) // 2
        if pads[0] or pads[rank]:
            raise ValueError("padding the batch dimension")
        mode = {"constant": "constant", "reflect": "reflect", "edge": "replicate"}.get(
            a.get("mode", "constant")
        )
        if mode is None:
            raise ValueError(f"mode {a.get('mode')!r}")
        value = self.constants.get(node.input[2]) if len(node.input) > 2 and node.input[2] else 0
        torch_pads: list[int] = []
        for dim in reversed(range(1, rank)):
            torch_pads += [pads[dim], pads[dim + rank]]
        while torch_pads[-2:] == [0, 0] and len(torch_pads) > 2:
            torch_pads = torch_pads[:-2]
        fill = float(np.asarray(value).reshape(()))

        def pad(x: torch.Tensor, *_: Any) -> torch.Tensor:
            if mode == "constant":
                return F.pad(x, torch_pads, value=fill) if fill else F.pad(x, torch_pads)
            return F.pad(x, torch_pads, mode=mode)

        return pad

    def _op_Clip(self, node: Any, a: dict[str, Any]) -> Handler:
        names = [*node.input, "", ""]
        low = a.get("min", self._scalar(names[1], float("-inf")))
        high = a.get("max", self._scalar(names[2], float("inf")))
        if (low, high) == (0.0, 6.0):
            return F.relu6
        if (low, high) == (0.0, float("inf")):
            return F.relu
        return _bind(F.hardtanh, min_val=low, max_val=high)

    def _scalar(self, name: str, default: float) -> float:
        return float(self.constants[name].reshape(())) if name else default

    def _op_Add(self, node: Any, a: dict[str, Any]) -> Handler:
        return _add

    def _op_Sub(self, node: Any, a: dict[str, Any]) -> Handler:
        return _sub

    def _op_Mul(self, node: Any, a: dict[str, Any]) -> Handler:
        return _mul

    def _op_Div(self, node: Any, a: dict[str, Any]) -> Handler:
        return _div

    def _op_Relu(self, node: Any, a: dict[str, Any]) -> Handler:
        return F.relu

    def _op_Sigmoid(self, node: Any, a: dict[str, Any]) -> Handler:
        return torch.sigmoid

    def _op_Tanh(self, node: Any, a: dict[str, Any]) -> Handler:
        return torch.tanh

    def _op_HardSwish(self, node: Any, a: dict[str, Any]) -> Handler:
        return F.hardswish

    def _op_HardSigmoid(self, node: Any, a: dict[str, Any]) -> Handler:
        if abs(a.get("alpha", 0.2) - 1 / 6) > 1e-6 or a.get("beta", 0.5) != 0.5:
            raise ValueError("alpha/beta other than torch's Hardsigmoid (1/6, 0.5)")
        return F.hardsigmoid

    def _op_LeakyRelu(self, node: Any, a: dict[str, Any]) -> Handler:
        return _bind(F.leaky_relu, negative_slope=a.get("alpha", 0.01))

    def _op_Softmax(self, node: Any, a: dict[str, Any]) -> Handler:
        return _bind(F.softmax, dim=a.get("axis", -1))

    def _op_Gelu(self, node: Any, a: dict[str, Any]) -> Handler:
        return _bind(F.gelu, approximate=a.get("approximate", "none"))

    def _op_Identity(self, node: Any, a: dict[str, Any]) -> Handler:
        return _same

    def _op_Dropout(self, node: Any, a: dict[str, Any]) -> Handler:
        return _same


def _add(a: Any, b: Any) -> Any:
    return a + b


def _sub(a: Any, b: Any) -> Any:
    return a - b


def _mul(a: Any, b: Any) -> Any:
    return a * b


def _div(a: Any, b: Any) -> Any:
    return a / b


def _same(x: Any, *_: Any) -> Any:
    return x


def _bind(function: Handler, **options: Any) -> Handler:
    def call(x: torch.Tensor, *_: Any) -> torch.Tensor:
        return function(x, **options)

    return call


def _attributes(node: Any) -> dict[str, Any]:
    from onnx import helper

    out = {}
    for attribute in node.attribute:
        value = helper.get_attribute_value(attribute)
        out[attribute.name] = value.decode() if isinstance(value, bytes) else value
        if isinstance(value, list):
            out[attribute.name] = list(value)
    return out


def _input_shape(value: Any, file: str) -> tuple[int, ...]:
    dims = value.type.tensor_type.shape.dim
    shape = []
    for i, dim in enumerate(dims):
        if dim.HasField("dim_value"):
            shape.append(dim.dim_value)
        elif i == 0:
            shape.append(BATCH)
        else:
            raise ImportFailed(
                f"{file}: input '{value.name}' has no fixed size in dim {i}; "
                "LayerLab models take fixed sample shapes"
            )
    if len(shape) < 2:
        raise ImportFailed(f"{file}: input '{value.name}' has no batch and sample dims")
    return tuple(shape)


def _fix_batch(model: Any, batch: int) -> Any:
    """A copy whose inputs have batch `batch`, so inferred shapes are all static."""
    import copy

    fixed = copy.deepcopy(model)
    for value in fixed.graph.input:
        dims = value.type.tensor_type.shape.dim
        if dims and not dims[0].HasField("dim_value"):
            dims[0].dim_value = batch
    return fixed


def _value_shapes(graph: Any) -> dict[str, tuple[int | None, ...]]:
    shapes = {}
    for value in [*graph.input, *graph.value_info, *graph.output]:
        dims = value.type.tensor_type.shape.dim
        shapes[value.name] = tuple(d.dim_value if d.HasField("dim_value") else None for d in dims)
    return shapes


def _constant_tensor(name: str, value: np.ndarray) -> Any:
    from onnx import numpy_helper

    return numpy_helper.from_array(np.asarray(value), name)


def _grouped(problems: list[tuple[str, str, str]]) -> str:
    """One line per op type and reason, naming the first node: a transformer's 12 blocks
    repeat each problem 12 times, which is one thing to fix."""
    groups: dict[tuple[str, str], list[str]] = {}
    for node_name, op_type, reason in problems:
        groups.setdefault((op_type, reason), []).append(node_name)
    lines = []
    for (op_type, reason), names in groups.items():
        more = f" and {len(names) - 1} more {op_type} node(s)" if len(names) > 1 else ""
        lines.append(f"  {names[0]} ({op_type}){more}: {reason}")
    return "\n".join(lines)


def _node_name(node: Any) -> str:
    return node.name or node.output[0]


def _identifier(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]+", "_", text).strip("_")


def _check_with_onnxruntime(path: Path, module: OnnxModule, result: ImportResult) -> float:
    """The imported graph against onnxruntime running the file itself."""
    from engine.export.common import as_outputs
    from engine.export.onnx import run_onnx

    generator = torch.Generator().manual_seed(1)
    batch = [torch.randn(shape, generator=generator) for shape in module.input_shapes]
    expected = run_onnx(path, dict(zip(module.input_names, batch, strict=True)))
    assert result.model is not None
    with torch.no_grad():
        actual = as_outputs(result.model(*batch))
    return check_parity(
        expected,
        actual,
        TOLERANCE,
        "the imported graph",
        ImportFailed,
        f"{path.name} (onnxruntime)",
    )
