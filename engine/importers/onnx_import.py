"""ONNX file -> LayerLab graph with its weights.

The file is read with the onnx package; with its batch fixed, everything computed from
constants alone (the shape arithmetic exporters emit for an open batch) is folded, and
every value's shape known (`onnx_fold`). Each remaining node becomes one torch call in
`OnnxModule`, a plain nn.Module holding the file's weights, which the torch.fx importer
then maps onto the registry like any hand-written model. A computed value must keep the
batch whole in dim 0, as LayerLab's layers do; a file with an open batch is folded at two
batch sizes, so that this is known, not guessed from a size that happens to match. The
result is checked twice: against that module by the fx importer, and against onnxruntime
running the file itself.
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
from engine.importers.onnx_fold import fold
from engine.importers.onnx_patterns import Fused, find_patterns
from engine.importers.torch_import import ImportFailed, ImportResult, first_line, import_module

BATCH = 7  # the batch size shapes are inferred for, when the file leaves it open
OTHER_BATCH = 11  # ... and the second one, which tells what depends on the batch
TOLERANCE = 1e-4
INT64 = 7  # onnx element types
INTEGER_TYPES = {2, 3, 4, 5, 6, 7, 12, 13}
MULTI_OUTPUT = {"Split"}  # ops whose step gives every output
VIEWS = {"Identity", "Reshape", "Expand", "Squeeze", "Unsqueeze", "Transpose", "Flatten"}

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
    "LayerNormalization",
    "Gather",
    "Slice",
    "Split",
    "Squeeze",
    "Unsqueeze",
    "Softmax",
    "Cast",
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
    _check_structure(model, path)
    module = OnnxModule(model, path.name)
    shapes = [shape[1:] for shape in module.input_shapes]
    result = import_module(module, shapes, name=path.name)
    result.max_abs_diff = max(result.max_abs_diff, _check_with_onnxruntime(path, module, result))
    if weights is not None:
        result.save_weights(weights)
    return result


class OnnxModule(nn.Module):
    """The ONNX graph as torch calls: one step per node, weights as submodules, stored
    tensors as parameters, constants computed on the way as buffers."""

    def __init__(self, model: Any, name: str) -> None:
        super().__init__()
        graph = model.graph
        self.file = name
        self.stored = {init.name for init in graph.initializer}
        inputs = [i for i in graph.input if i.name not in self.stored]
        if not inputs:
            raise ImportFailed(f"{name}: the model has no inputs")
        self.input_names = [i.name for i in inputs]
        self.input_shapes = [_input_shape(i, name) for i in inputs]
        self.input_types = [i.type.tensor_type.elem_type for i in inputs]
        self.batch = self.input_shapes[0][0]
        self.open = any(_open_batch(i) for i in inputs)
        self.opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 1)
        folded = fold(model, self.batch, OTHER_BATCH if self.open else None)
        self.shapes, self.types = folded.shapes, folded.types
        self.other_shapes = folded.other_shapes
        batch_sized = folded.batch_sized | self._expanded_to_batch(graph, folded.constants)
        self.constants = {k: v for k, v in folded.constants.items() if k not in batch_sized}
        for node in graph.node:  # a stored tensor renamed, reshaped or repeated is learned
            if node.op_type in VIEWS and node.input and node.input[0] in self.stored:
                self.stored.update(o for o in node.output if o in self.constants)
        self.users: dict[str, list[Any]] = {}
        for node in graph.node:
            for source in node.input:
                self.users.setdefault(source, []).append(node)
        self.output_names = [o.name for o in graph.output]
        live = [n for n in graph.node if not all(o in self.constants for o in n.output if o)]
        self.picks, self.squeezed = self._unit_picks(live)
        self.free: set[str] = set()  # values allowed another layout (taken apart right away)
        self.passed: set[str] = set()  # nodes that pass their input on (see _merged_transposes)
        self.expanded: set[str] = set()
        self.steps: list[tuple[Handler, list[str], list[str]]] = []
        problems: list[tuple[str, str, str]] = []  # (node, op type, why)
        self.merged = self._merged_transposes(live)
        patterns = find_patterns(live, self.constants, self.users, self.output_names, self.shapes)
        self.fused, self.misses = patterns.fused, patterns.misses
        for node in live:
            if _node_name(node) in patterns.covered:
                continue  # part of a GELU or LayerNorm written out, one call at its last node
            try:
                handler, names = self._handler(node)
                self._check_outputs(node)
                names = [self._batch_rows(n, node) for n in names]
            except ValueError as err:
                problems.append((_node_name(node), node.op_type, str(err)))
                continue
            except (IndexError, KeyError) as err:  # a hostile node: attributes or inputs short
                why = f"its attributes or inputs do not fit the op ({first_line(err)})"
                problems.append((_node_name(node), node.op_type, why))
                continue
            self.steps.append((handler, names, list(node.output)))
        if problems:
            raise ImportFailed(
                f"cannot import {name}: {len(problems)} ONNX node(s) have no LayerLab form:\n"
                f"{_grouped(problems)}"
            )
        made = {o for _, _, outs in self.steps for o in outs} | set(self.input_names)
        for _, names, _ in self.steps:
            for n in names:
                if n and n not in made:
                    self._constant(n)  # registered now, so tracing finds it in place

    def forward(self, *xs: torch.Tensor) -> Any:
        """The file's inputs in order (the importer traces one placeholder for each)."""
        env: dict[str, Any] = dict(zip(self.input_names, xs, strict=True))
        for handler, names, outs in self.steps:
            result = handler(*[env[n] if n in env else self._constant(n) for n in names if n])
            if isinstance(result, tuple):  # Split: one value per output
                env.update(zip(outs, result, strict=False))
            else:
                env[outs[0]] = result
        out = [env[n] if n in env else self._constant(n) for n in self.output_names]
        return out[0] if len(out) == 1 else tuple(out)

    def sample_batch(self, generator: torch.Generator) -> list[torch.Tensor]:
        """A random batch of the file's inputs: ids below every table an input indexes
        for an integer input, floats ~ N(0, 1) otherwise."""
        batch = []
        for name, shape, kind in zip(
            self.input_names, self.input_shapes, self.input_types, strict=True
        ):
            if kind in INTEGER_TYPES:
                rows = [
                    len(self.constants[user.input[0]])
                    for user in self.users.get(name, [])
                    if user.op_type == "Gather" and user.input[0] in self.constants
                ]
                dtype = torch.int64 if kind == INT64 else torch.int32
                batch.append(torch.randint(0, min(rows, default=2), shape, generator=generator))
                batch[-1] = batch[-1].to(dtype)
            else:
                batch.append(torch.randn(shape, generator=generator))
        return batch

    # -- what is computed, and in which layout ------------------------------------------
    def _expanded_to_batch(self, graph: Any, constants: dict[str, np.ndarray]) -> set[str]:
        """In a file with a fixed batch, a stored tensor expanded to the batch (a class
        token) and what is computed from it: data, not constants. (With an open batch,
        `fold` sees this by folding at two batch sizes.)"""
        if self.open or self.batch == 1:
            return set()
        found: set[str] = set()
        for node in graph.node:
            out = node.output[0] if node.output else ""
            if out not in constants:
                continue
            if node.op_type == "Expand":
                data, value = constants.get(node.input[0]), constants[out]
                if (
                    data is not None
                    and data.dtype.kind == "f"
                    and value.ndim >= 2
                    and value.shape[0] == self.batch
                    and (data.ndim < value.ndim or data.shape[0] == 1)
                ):
                    found.add(out)
            elif node.op_type != "Shape" and any(i in found for i in node.input):
                found.update(o for o in node.output if o)
        return found

    def _unit_picks(self, live: list[Any]) -> tuple[dict[str, int], set[str]]:
        """Split or Slice nodes cutting one-wide pieces along an axis, each piece only
        squeezed on that axis (q, k, v = qkv.unbind(0) as exporters write it): each piece
        is a pick of one position (the Squeeze nodes pass it on). Returns the node names
        with their axis, and the names of the Squeeze nodes that pass on."""
        picks: dict[str, int] = {}
        squeezed: set[str] = set()
        for node in live:
            if node.op_type not in ("Split", "Slice") or not self._known(node.input[0]):
                continue
            try:
                axis, pieces = self._pieces(node)
            except (ValueError, KeyError, IndexError):
                continue
            users = [u for o in node.output if o for u in self.users.get(o, [])]
            if (
                axis is None
                or any(stop - start != 1 for start, stop, _ in pieces)
                or any(o in self.output_names for o in node.output)
                or not users
                or not all(self._squeeze_axes(u) == [axis] for u in users)
            ):
                continue
            picks[_node_name(node)] = axis
            squeezed.update(_node_name(u) for u in users)
        return picks, squeezed

    def _batch_rows(self, name: str, node: Any) -> str:
        """A file exported with a fixed batch may hold a tensor repeated over that batch
        (a class token the exporter expanded, of shape (2, 1, D)): one row of it, expanded
        to the batch there is. A stored tensor whose rows differ is made for that batch.
        With a batch of 1 only a concatenation needs the rows (a sum broadcasts them)."""
        value = self.constants.get(name)
        out = self.shapes.get(node.output[0]) or ()
        if (
            self.open
            or (self.batch == 1 and node.op_type != "Concat")
            or value is None
            or value.ndim < 2
            or value.ndim != len(out)
            or value.shape[0] != self.batch
        ):
            return name
        if not (value == value[:1]).all():
            raise ValueError(
                f"it takes '{name}', a stored tensor of shape {_dims(value.shape)} made for "
                f"a batch of {self.batch} (its rows differ)"
            )
        row, expanded = name + "/row", name + "/batch"
        if expanded not in self.expanded:
            self.expanded.add(expanded)
            self.constants[row] = value[:1]
            if name in self.stored:
                self.stored.add(row)
            rest = [-1] * (value.ndim - 1)

            def expand(x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
                return x.expand(like.shape[0], *rest)

            self.steps.append((expand, [row, self.input_names[0]], [expanded]))
        return expanded

    def _merged_transposes(self, live: list[Any]) -> dict[str, list[int]]:
        """Reshape (B, h, n, d) -> (B*h, n, d), a transpose keeping dim 0, and a reshape
        back to (B, h, ...), as torch.export writes k.transpose(-2, -1) in attention: one
        permute of the original tensor. Returns the last Reshape's name with that permute;
        the first two pass their input on."""
        merged: dict[str, list[int]] = {}
        for first in live:
            if first.op_type != "Reshape" or not self._known(first.input[0]):
                continue
            out = first.output[0]
            users = self.users.get(out, [])
            if len(users) != 1 or users[0].op_type != "Transpose" or out in self.output_names:
                continue
            transpose = users[0]
            after = self.users.get(transpose.output[0], [])
            if len(after) != 1 or after[0].op_type != "Reshape":
                continue
            last = after[0]
            source = self._shape(first.input[0])
            if not (self._known(out) and self._known(transpose.output[0])):
                continue
            flat, turned = self._shape(out), self._shape(transpose.output[0])
            perm = _attributes(transpose).get("perm") or list(reversed(range(len(flat))))
            lead = len(source) - len(flat)  # source dims merged into dim 0, besides the batch
            if (
                lead < 1
                or perm[0] != 0
                or flat[1:] != source[lead + 1 :]
                or not self._known(last.output[0])
                or self._shape(last.output[0]) != source[: lead + 1] + turned[1:]
            ):
                continue
            for node in (first, transpose):
                self.free.add(node.output[0])
                self.passed.add(_node_name(node))
            merged[_node_name(last)] = [*range(lead + 1), *(p + lead for p in perm[1:])]
        return merged

    def _check_outputs(self, node: Any) -> None:
        """Each output the graph uses must hold the batch in dim 0, and only the first
        may be used unless the step gives them all."""
        outs = [o for o in node.output if o]
        for k, out in enumerate(outs):
            used = out in self.output_names or out in self.users
            if k and used and node.op_type not in MULTI_OUTPUT:
                raise ValueError(f"its output {k} ('{out}') is used; LayerLab layers give one")
            if used and out not in self.free and (problem := self._layout(out)):
                raise ValueError(problem)

    def _layout(self, name: str) -> str | None:
        """Why a computed value does not keep the batch whole in dim 0, if it does not
        (nothing when its shapes are not known: the parity checks still run)."""
        shape = self.shapes.get(name)
        if not shape or any(d is None for d in shape):
            return None
        if not self.open:
            if shape[0] == self.batch:
                return None
            return (
                f"its result, of shape {_dims(shape)}, does not start with the batch "
                f"({self.batch}); LayerLab keeps the batch in dim 0"
            )
        other = self.other_shapes.get(name)
        if not other or len(other) != len(shape) or any(d is None for d in other):
            return None
        changed = [i for i, (a, b) in enumerate(zip(shape, other, strict=True)) if a != b]
        batch = [i for i in changed if (shape[i], other[i]) == (BATCH, OTHER_BATCH)]
        if changed == [0] and batch == [0]:
            return None
        text = _symbolic(shape, other)
        if not changed:
            return f"its result, of shape {text}, has no batch dim (LayerLab keeps it in dim 0)"
        if changed == batch and len(batch) == 1:
            return (
                f"its result, of shape {text}, has the batch in dim {batch[0]} "
                "(LayerLab keeps it in dim 0)"
            )
        return (
            f"its result, of shape {text}, merges the batch with other dims "
            "(LayerLab keeps it whole in dim 0)"
        )

    def _text(self, name: str) -> str:
        """A value's shape for a message, its batch written B when the file leaves it open."""
        shape, other = self._shape(name), self.other_shapes.get(name)
        if other is None or len(other) != len(shape) or any(d is None for d in other):
            return _dims(shape)
        return _symbolic(shape, other)

    def _known(self, name: str) -> bool:
        shape = self.shapes.get(name)
        return shape is not None and all(d is not None for d in shape)

    def _shape(self, name: str) -> tuple[int, ...]:
        shape = self.shapes.get(name)
        if shape is None or any(d is None for d in shape):
            raise ValueError("its input's shape is not known")
        return tuple(int(d) for d in shape)  # type: ignore[arg-type]  # None ruled out

    def _ints(self, node: Any, a: dict[str, Any], attribute: str, index: int) -> list[int] | None:
        """A list of ints given as an attribute (older opsets) or a constant input (newer
        ones, e.g. Squeeze's axes from opset 13); None when given neither way."""
        if attribute in a:
            return [int(v) for v in np.atleast_1d(a[attribute])]
        if len(node.input) > index and node.input[index]:
            value = self.constants.get(node.input[index])
            if value is None:
                raise ValueError(f"{attribute} computed at run time")
            return [int(v) for v in np.atleast_1d(value)]
        return None

    def _squeeze_axes(self, node: Any) -> list[int] | None:
        if node.op_type != "Squeeze":
            return None
        try:
            axes = self._ints(node, _attributes(node), "axes", 1)
        except ValueError:
            return None
        rank = len(self.shapes.get(node.input[0]) or ())
        return None if axes is None or not rank else sorted(a % rank for a in axes)

    def _constant(self, name: str) -> Any:
        """A constant operand: a Python number, or a tensor attribute (fx reads it as a
        get_attr). A tensor stored in the file is a weight, so a parameter that learns (a
        class token, a position embedding); one computed from constants is a buffer."""
        value = self.constants[name]
        if value.size == 1 and value.dtype.kind == "f" and value.ndim <= 1:
            return float(value.reshape(()))
        attr = "const_" + _identifier(name)
        if not hasattr(self, attr):
            tensor = torch.from_numpy(np.array(value))
            if name in self.stored and value.dtype.kind == "f":
                self.register_parameter(attr, nn.Parameter(tensor))
            else:
                self.register_buffer(attr, tensor)
        return getattr(self, attr)

    # -- one handler per op type --------------------------------------------------------
    def _handler(self, node: Any) -> tuple[Handler, list[str]]:
        """The step for a node and the names of the inputs it is called with."""
        name = _node_name(node)
        if name in self.passed:
            return _same, list(node.input[:1])
        if name in self.merged:
            perm = self.merged[name]
            return (lambda x: x.permute(*perm)), list(node.input[:1])
        if name in self.fused:
            return self._fused(node, self.fused[name]), [self.fused[name].x]
        make = getattr(self, f"_op_{node.op_type}", None)
        if make is None or node.domain not in ("", "ai.onnx"):
            raise ValueError(self.misses.get(name, "this op has no LayerLab layer"))
        made = make(node, _attributes(node))
        if isinstance(made, tuple):
            return made
        first_only = node.op_type in FIRST_ONLY and made is not torch.matmul
        return made, list(node.input)[: 1 if first_only else None]

    def _fused(self, node: Any, fused: Fused) -> Handler:
        """A GELU or LayerNorm the file writes out op by op (`onnx_patterns`)."""
        if fused.kind == "gelu":
            return _bind(F.gelu, approximate=fused.approximate)
        width = self._shape(fused.x)[-1]
        affine = bool(fused.weight or fused.bias)  # a shift alone: a scale of 1
        eps = _decimal(fused.eps)
        norm = nn.LayerNorm(width, eps=eps, elementwise_affine=affine, bias=bool(fused.bias))
        with torch.no_grad():
            if fused.weight:
                norm.weight.copy_(self._weight(fused.weight).reshape(-1))
            if fused.bias:
                norm.bias.copy_(self._weight(fused.bias).reshape(-1))
        return self._module(node, norm)

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
        """Any target, computed or stored, whose result keeps the batch first (checked on
        the result's shapes): x.reshape(batch, *the result's other dims)."""
        out = self.shapes.get(node.output[0])
        if out is None or any(d is None for d in out):
            raise ValueError("a shape computed at run time")
        tail = [int(d) for d in out[1:]]  # type: ignore[arg-type]  # None ruled out

        def reshape(x: torch.Tensor, *_: Any) -> torch.Tensor:
            return x.reshape(x.shape[0], *tail)

        return reshape

    def _op_Transpose(self, node: Any, a: dict[str, Any]) -> Handler:
        perm = a.get("perm")
        if not perm:
            perm = list(reversed(range(len(self._shape(node.input[0])))))
        if perm[0] != 0:
            self._moves_batch(node, perm)

        def permute(x: torch.Tensor) -> torch.Tensor:
            return x.permute(*perm)

        return permute

    def _moves_batch(self, node: Any, perm: list[int]) -> None:
        """A transpose putting the batch in dim 1 whose result is only taken apart along
        dim 0 (timm's qkv.permute(2, 0, 3, 1, 4).unbind(0)): each piece has the batch
        first again. Any other use of a batch moved away from dim 0 is refused."""
        out = node.output[0]
        users = self.users.get(out, [])
        taken_apart = users and all(
            self.picks.get(_node_name(u)) == 0
            or (
                u.op_type == "Gather"
                and _attributes(u).get("axis", 0) == 0
                and np.ndim(self.constants.get(u.input[1], [])) == 0
            )
            for u in users
        )
        if perm[1] != 0 or not taken_apart or out in self.output_names:
            raise ValueError(
                f"perm {list(perm)} moves the batch away from dim 0 (LayerLab keeps it "
                "first; a batch moved to dim 1 and taken apart along dim 0 is fine)"
            )
        self.free.add(out)

    def _op_Concat(self, node: Any, a: dict[str, Any]) -> Handler:
        axis = a["axis"]

        def cat(*xs: torch.Tensor) -> torch.Tensor:
            return torch.cat(list(xs), dim=axis)

        return cat

    def _op_LayerNormalization(self, node: Any, a: dict[str, Any]) -> Handler:
        rank = len(self._shape(node.input[0]))
        axis = a.get("axis", -1) % rank
        if axis != rank - 1:
            raise ValueError(
                f"normalizes over dims {list(range(axis, rank))}; LayerLab's LayerNorm "
                "normalizes the last dim"
            )
        scale = self._weight(node.input[1])
        bias = len(node.input) > 2 and bool(node.input[2])
        norm = nn.LayerNorm(scale.numel(), eps=_decimal(a.get("epsilon", 1e-5)), bias=bias)
        with torch.no_grad():
            norm.weight.copy_(scale.reshape(-1))
            if bias:
                norm.bias.copy_(self._weight(node.input[2]).reshape(-1))
        return self._module(node, norm)

    def _op_Gather(self, node: Any, a: dict[str, Any]) -> Handler | tuple[Handler, list[str]]:
        """Rows of a stored table picked by computed ids: an Embedding. Positions of a
        computed tensor picked by constants: x[:, i] (Select) or x[:, i:j] (Slice)."""
        data, indices = node.input[0], node.input[1]
        axis = a.get("axis", 0)
        if data in self.constants and indices not in self.constants:
            table = self._weight(data)
            if table.dim() != 2 or axis != 0:
                raise ValueError("a lookup in a stored tensor that is not a table of rows")
            embedding = nn.Embedding(table.shape[0], table.shape[1])
            with torch.no_grad():
                embedding.weight.copy_(table)
            return self._module(node, embedding), [indices]
        if indices not in self.constants:
            raise ValueError("positions computed at run time; LayerLab picks by constants")
        shape = self._shape(data)
        axis %= len(shape)
        picked = self.constants[indices].astype(np.int64) % shape[axis]
        if picked.ndim == 0:
            return _pick(axis, int(picked))
        steps = set(np.diff(picked).tolist())
        if picked.ndim != 1 or not picked.size or len(steps) > 1 or min(steps, default=1) < 1:
            raise ValueError(
                f"picks positions {picked.tolist()}; LayerLab picks one position or a range"
            )
        step = steps.pop() if steps else 1
        return _pick(axis, slice(int(picked[0]), int(picked[-1]) + 1, step))

    def _pieces(self, node: Any) -> tuple[int | None, list[tuple[int, int, int]]]:
        """A Split's or Slice's pieces as (start, stop, step) along one axis (axis None:
        a Slice along several)."""
        a = _attributes(node)
        shape = self._shape(node.input[0])
        if node.op_type == "Split":
            axis = a.get("axis", 0) % len(shape)
            size, count = shape[axis], len(node.output)
            sizes = self._ints(node, a, "split", 1)
            if sizes is None and "num_outputs" in a:  # opset 18: the last piece may be short
                part = -(-size // a["num_outputs"])
                sizes = [min(part, size - i * part) for i in range(a["num_outputs"])]
            if sizes is None:
                if size % count:
                    raise ValueError(f"{size} does not split into {count} equal pieces")
                sizes = [size // count] * count
            if sum(sizes) != size or len(sizes) != count:
                raise ValueError(f"pieces {sizes} do not cover dim {axis} ({size})")
            starts = [sum(sizes[:i]) for i in range(count)]
            return axis, [(b, b + n, 1) for b, n in zip(starts, sizes, strict=True)]
        ranges = self._ranges(node, a, shape)
        if len(ranges) == 1:
            ((axis, piece),) = ranges.items()
            return axis, [piece]
        return None, list(ranges.values()) or [(0, 0, 1)]

    def _ranges(
        self, node: Any, a: dict[str, Any], shape: tuple[int, ...]
    ) -> dict[int, tuple[int, int, int]]:
        """A Slice's (start, stop, step) per axis it cuts, clamped as Python slices are
        (attributes before opset 10, constant inputs after)."""
        if self.opset < 10:
            starts, ends, axes = a.get("starts"), a.get("ends"), a.get("axes")
            steps: list[int] | None = None
        else:
            if not all(n in self.constants for n in node.input[1:] if n):
                raise ValueError("starts or ends computed at run time")
            starts, ends = self._ints(node, a, "starts", 1), self._ints(node, a, "ends", 2)
            axes, steps = self._ints(node, a, "axes", 3), self._ints(node, a, "steps", 4)
        if starts is None or ends is None:
            raise ValueError("starts and ends are missing")
        axes = axes if axes is not None else list(range(len(starts)))
        ranges = {}
        for start, end, ax, step in zip(
            starts, ends, axes, steps or [1] * len(starts), strict=True
        ):
            if step < 1:
                raise ValueError(f"step {step}; LayerLab slices forwards")
            ax %= len(shape)
            piece = slice(start, end, step).indices(shape[ax])
            if piece != (0, shape[ax], 1):
                ranges[ax] = piece
        return ranges

    def _op_Slice(self, node: Any, a: dict[str, Any]) -> Handler:
        name = _node_name(node)
        if name in self.picks:
            self.free.add(node.output[0])
            ((start, _, _),) = self._pieces(node)[1]
            return _pick(self.picks[name], start)
        shape = self._shape(node.input[0])
        index: list[Any] = [slice(None)] * len(shape)
        for axis, piece in self._ranges(node, a, shape).items():
            index[axis] = slice(*piece)
        return _index(index)

    def _op_Split(self, node: Any, a: dict[str, Any]) -> Handler:
        axis, pieces = self._pieces(node)
        assert axis is not None
        name = _node_name(node)
        if name in self.picks:
            self.free.update(node.output)
            picks = [_pick(axis, start) for start, _, _ in pieces]
        else:
            picks = [_pick(axis, slice(start, stop)) for start, stop, _ in pieces]

        def split(x: torch.Tensor, *_: Any) -> tuple[torch.Tensor, ...]:
            return tuple(pick(x) for pick in picks)

        return split

    def _op_Squeeze(self, node: Any, a: dict[str, Any]) -> Handler:
        if _node_name(node) in self.squeezed:
            return _same  # the Split or Slice before it picked the position already
        shape = self._shape(node.input[0])
        axes = self._ints(node, a, "axes", 1)
        if axes is None:
            axes = [i for i, d in enumerate(shape) if d == 1]
        dims = sorted({d % len(shape) for d in axes}, reverse=True)
        if any(shape[d] != 1 for d in dims):
            raise ValueError(
                f"squeezes dims {dims} of shape {self._text(node.input[0])}, not all of size 1"
            )

        def squeeze(x: torch.Tensor, *_: Any) -> torch.Tensor:
            for d in dims:
                x = x.squeeze(d)
            return x

        return squeeze

    def _op_Unsqueeze(self, node: Any, a: dict[str, Any]) -> Handler:
        rank = len(self._shape(node.input[0]))
        axes = self._ints(node, a, "axes", 1)
        if axes is None:
            raise ValueError("no axes")
        dims = sorted({d % (rank + len(axes)) for d in axes})

        def unsqueeze(x: torch.Tensor, *_: Any) -> torch.Tensor:
            for d in dims:
                x = x.unsqueeze(d)
            return x

        return unsqueeze

    def _op_Expand(self, node: Any, a: dict[str, Any]) -> Handler | tuple[Handler, list[str]]:
        """A stored tensor repeated over the batch (cls_token.expand(B, -1, -1)): the
        tensor with the batch of the file's first input. A computed tensor expanded to
        its own shape is itself."""
        data, out = node.input[0], self._shape(node.output[0])
        if data not in self.constants:
            if self._shape(data) != out:
                raise ValueError(
                    f"repeats a computed tensor {self._text(data)} -> "
                    f"{self._text(node.output[0])}; LayerLab layers do not"
                )
            return _same
        value = self.constants[data]
        value = value.reshape((1,) * (len(out) - value.ndim) + value.shape)
        if value.shape != (1, *out[1:]):
            raise ValueError(
                f"repeats a stored tensor {_dims(value.shape)} along more than the batch "
                f"(to {self._text(node.output[0])})"
            )
        name = data + "/batch" if value.ndim != self.constants[data].ndim else data
        self.constants[name] = value
        if data in self.stored:
            self.stored.add(name)
        rest = [-1] * (len(out) - 1)

        def expand(x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
            return x.expand(like.shape[0], *rest)

        return expand, [name, self.input_names[0]]

    def _op_Cast(self, node: Any, a: dict[str, Any]) -> Handler:
        source = self.types.get(node.input[0])
        if a.get("to") == source:
            return _same
        from onnx import helper

        names = [helper.tensor_dtype_to_string(t) if t else "unknown" for t in (source, a["to"])]
        raise ValueError(f"a cast from {names[0]} to {names[1]}")

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
        rank = len(self._shape(node.input[0]))
        axis = a.get("axis", -1 if self.opset >= 13 else 1) % rank
        if self.opset < 13 and axis != rank - 1:
            raise ValueError(
                f"axis {axis} before opset 13 is a softmax over dims {axis} to {rank - 1} "
                "flattened; LayerLab's Softmax takes one dim"
            )
        return _bind(F.softmax, dim=axis)

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


def _decimal(value: float) -> float:
    """A float32 from the file as the shortest decimal that is that float32: the 1e-12 it
    was written from, not 9.999999960041972e-13 (below LayerNorm's least eps, 1e-12)."""
    return float(str(np.float32(value)))


def _same(x: Any, *_: Any) -> Any:
    return x


def _pick(axis: int, position: int | slice) -> Handler:
    """x[:, :, position] with `position` at `axis` (x[position] for axis 0)."""
    return _index([slice(None)] * axis + [position])


def _index(index: list[Any]) -> Handler:
    while len(index) > 1 and index[-1] == slice(None):
        index = index[:-1]
    key = index[0] if len(index) == 1 else tuple(index)

    def pick(x: torch.Tensor, *_: Any) -> torch.Tensor:
        return x[key]

    return pick


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


def _open_batch(value: Any) -> bool:
    dims = value.type.tensor_type.shape.dim
    return bool(dims) and not dims[0].HasField("dim_value")


def _dims(shape: Any) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _symbolic(shape: tuple[Any, ...], other: tuple[Any, ...]) -> str:
    """A shape with the batch written B: (10, B*4, 4) from its two folded versions."""
    out = []
    for a, b in zip(shape, other, strict=True):
        if a == b:
            out.append(str(a))
        elif a % BATCH == 0 and b % OTHER_BATCH == 0 and a // BATCH == b // OTHER_BATCH:
            out.append("B" if a == BATCH else f"B*{a // BATCH}")
        else:
            out.append("?")
    return _dims(out)


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


def _check_structure(model: Any, path: Path) -> None:
    """Refuse a file broken in itself (nodes, types, stored tensors whose data does not
    fill their shape) before any of it is used: its fault, said as such, not ours."""
    import onnx

    try:
        onnx.checker.check_model(model)
    except onnx.checker.ValidationError as err:
        raise ImportFailed(f"{path}: not a valid ONNX model ({first_line(err)})") from None


def _check_with_onnxruntime(path: Path, module: OnnxModule, result: ImportResult) -> float:
    """The imported graph against onnxruntime running the file itself."""
    from engine.export.common import as_outputs
    from engine.export.onnx import run_onnx

    batch = module.sample_batch(torch.Generator().manual_seed(1))
    try:
        expected = run_onnx(path, dict(zip(module.input_names, batch, strict=True)))
    except Exception as err:  # onnxruntime's own errors: a file it will not load or run
        raise ImportFailed(f"{path}: onnxruntime cannot run it ({first_line(err)})") from None
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
