"""nn.Module -> LayerLab graph, by torch.fx symbolic tracing.

Every traced operation must become a registry layer: a submodule whose class some spec
builds (its params read back from the module's attributes), the merges and reshapes people
write inline (`x + y`, `x * g`, `torch.cat`, `flatten`, `view`, `reshape`), or a function
named like a layer (`F.relu`, `torch.sigmoid`, `x.softmax(-1)`, `F.max_pool2d`). What is
left is reported all at once, each with its source line. The result is then proven: the
graph is built, given the module's weights, and must compute the same outputs.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import operator
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import fx, nn

from engine.build import build_model
from engine.errors import LayerLabError, ParamError
from engine.export.common import as_outputs, check_parity, sample_inputs
from engine.graph import Graph, Node
from engine.layers import LayerSpec, all_specs, get_spec
from engine.shapes import infer_shapes

TOLERANCE = 1e-5
ADD = {operator.add, torch.add, "add"}
MULTIPLY = {operator.mul, torch.mul, "mul"}
CONCAT = {torch.cat, torch.concat, torch.concatenate}
FLATTEN = {torch.flatten, "flatten"}
RESHAPE = {torch.reshape, "reshape", "view"}


class ImportFailed(LayerLabError):
    """The module cannot be traced, uses operations LayerLab lacks, or does not reproduce."""


@dataclass
class ImportResult:
    """The imported graph and how the module's weights map onto it.

    `weight_keys` maps each of the module's state_dict keys to the built graph's key;
    `max_abs_diff` is the largest output difference found by the check.
    """

    graph: Graph
    weight_keys: dict[str, str] = field(default_factory=dict)
    max_abs_diff: float = 0.0

    def convert_state_dict(self, state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """The module's state_dict renamed for `engine.build_model(self.graph)`."""
        return {new: state[old] for old, new in self.weight_keys.items()}


def import_module(module: nn.Module, input_shapes: Sequence[Sequence[int]]) -> ImportResult:
    """Trace `module` and turn it into a LayerLab graph (shapes exclude the batch).

    Raises ImportFailed listing every unsupported operation with its file and line, or
    when the built graph does not reproduce the module's outputs.
    """
    tracer = _Tracer()
    name = type(module).__name__
    try:
        traced = tracer.trace(module)
    except Exception as err:
        raise ImportFailed(f"cannot trace {name} with torch.fx: {_first_line(err)}") from None
    inputs = [node.name for node in traced.nodes if node.op == "placeholder"]
    if len(input_shapes) > len(inputs):
        raise ImportFailed(
            f"{name}.forward takes {len(inputs)} input(s) ({', '.join(inputs)}); "
            f"got {len(input_shapes)} input shapes"
        )
    converter = _Converter(module, [tuple(s) for s in input_shapes])
    for node in traced.nodes:
        converter.visit(node)
    if converter.unsupported:
        lines = "\n".join(f"  {item}" for item in converter.unsupported)
        count = len(converter.unsupported)
        raise ImportFailed(
            f"cannot import {name}: {count} operation(s) have no LayerLab layer:\n{lines}"
        )
    result = ImportResult(converter.graph, converter.weight_keys)
    problems = infer_shapes(result.graph).problems()
    if problems:
        lines = "\n".join(
            f"  {converter.where[nid]}: '{nid}': {msg}" for nid, msg in problems.items()
        )
        raise ImportFailed(f"cannot import {name}: the graph does not fit together:\n{lines}")
    result.max_abs_diff = _verify(module, result)
    return result


def load_module_class(target: str) -> type[nn.Module]:
    """The class named by "path/to/file.py:ClassName". This runs the user's file, with its
    folder importable (for its sibling modules), as `python file.py` would."""
    file, sep, class_name = target.rpartition(":")
    if not sep or not file or not class_name:
        raise ImportFailed(f"expected MODULE.py:ClassName; got {target!r}")
    path = Path(file).resolve()
    if not path.is_file():
        raise ImportFailed(f"{file}: no such file")
    name = f"layerlab_user_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportFailed(f"{file}: not a Python module")
    user_module = importlib.util.module_from_spec(spec)
    sys.modules[name] = user_module  # dataclasses and pickling look the module up
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(user_module)
    except Exception as err:
        raise ImportFailed(
            f"{file}: running it failed: {type(err).__name__}: {_first_line(err)}"
        ) from None
    finally:
        sys.path.remove(str(path.parent))
    cls = getattr(user_module, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, nn.Module)):
        raise ImportFailed(f"{file}: has no nn.Module class named {class_name!r}")
    return cls


@functools.cache
def _specs_by_class() -> dict[type, LayerSpec]:
    """torch class -> the spec that builds it; a spec named like the class wins a tie."""
    table: dict[type, LayerSpec] = {}
    for spec in all_specs():
        if spec.build is not None or spec.type in ("Input", "Output"):
            continue
        path, _, name = spec.module_path.rpartition(".")
        cls = getattr(importlib.import_module(path), name)
        if cls not in table or spec.type == cls.__name__:
            table[cls] = spec
    return table


@functools.cache
def _specs_by_function_name() -> dict[str, LayerSpec]:
    """`leakyrelu` -> LeakyReLU: names of one-input layers without underscores or case."""
    return {
        spec.type.lower(): spec
        for spec in all_specs()
        if spec.inputs == (1, 1) and spec.type not in ("Output", "Identity")
    }


class _Tracer(fx.Tracer):
    """Keeps every module LayerLab has a layer for whole (LayerLab's own modules are not
    in torch.nn, so fx would trace into them), and records where each op was written."""

    def __init__(self) -> None:
        super().__init__()
        self.record_stack_traces = True

    def is_leaf_module(self, m: nn.Module, module_qualified_name: str) -> bool:
        return type(m) in _specs_by_class() or super().is_leaf_module(m, module_qualified_name)


class _Converter:
    """Walks the fx graph once, building LayerLab nodes and collecting what it cannot."""

    def __init__(self, module: nn.Module, input_shapes: list[tuple[int, ...]]) -> None:
        self.module = module
        self.input_shapes = input_shapes
        self.graph = Graph()
        self.weight_keys: dict[str, str] = {}
        self.unsupported: list[str] = []
        self.where: dict[str, str] = {}  # node id -> source location, for later errors
        self.tensors: dict[fx.Node, str] = {}  # fx value -> LayerLab node id
        self.batch: set[fx.Node] = set()  # fx values holding the batch size
        self.shapes: set[fx.Node] = set()  # fx values holding x.shape / x.size()
        self.called: dict[str, str] = {}  # stateful submodule -> first node calling it
        self.failed: set[fx.Node] = set()

    def visit(self, node: fx.Node) -> None:
        """Convert one fx node; what depends on an unsupported one is not reported again."""
        if any(n in self.failed for n in node.all_input_nodes):
            self.failed.add(node)
            return
        reason = getattr(self, f"_{node.op}")(node)
        if reason:
            self.failed.add(node)
            self.unsupported.append(f"{_location(node)}: {reason}")

    # -- fx ops -------------------------------------------------------------------------
    def _placeholder(self, node: fx.Node) -> str | None:
        index = len(self.tensors)
        if index >= len(self.input_shapes):
            return f"input '{node.name}' has no shape (give one input shape per forward argument)"
        params: dict[str, Any] = {"shape": list(self.input_shapes[index])}
        if any(isinstance(self._submodule(user), nn.Embedding) for user in node.users):
            params["dtype"] = "int64"
        self._add(node, "Input", params, [])
        return None

    def _call_module(self, node: fx.Node) -> str | None:
        target = str(node.target)
        sub = self.module.get_submodule(target)
        cls = type(sub)
        spec = _specs_by_class().get(cls)
        label = f"{cls.__module__}.{cls.__qualname__} ('{target}')"
        if spec is None:
            return f"{label} has no LayerLab layer"
        if node.kwargs or not all(map(self._tracked, node.args)):
            return f"{label} is called with arguments LayerLab cannot pass"
        stateful = bool(sub.state_dict())
        if stateful and target in self.called:
            return f"{label} is called again after '{self.called[target]}' (shared weights)"
        params, reason = _read_params(spec, sub)
        if reason:
            return f"{label}: {reason}"
        node_id = self._add(node, spec.type, params, list(node.args))
        if stateful:
            self.called[target] = node_id
        for key in sub.state_dict():
            self.weight_keys[f"{target}.{key}"] = f"{node_id}.{key}"
        return None

    def _call_function(self, node: fx.Node) -> str | None:
        return self._call(node, node.target, _function_name(node.target))

    def _call_method(self, node: fx.Node) -> str | None:
        return self._call(node, node.target, f"Tensor.{node.target}")

    def _get_attr(self, node: fx.Node) -> str | None:
        return f"reads the tensor '{node.target}' directly; LayerLab layers own their weights"

    def _output(self, node: fx.Node) -> str | None:
        value = node.args[0]
        values = list(value) if isinstance(value, (tuple, list)) else [value]
        if not all(map(self._tracked, values)):
            return "returns something other than tensors or a tuple of tensors"
        for v in values:
            self._add(node, "Output", {}, [v])
        return None

    # -- functions and methods ----------------------------------------------------------
    def _call(self, node: fx.Node, target: Any, label: str) -> str | None:
        args, kwargs = list(node.args), dict(node.kwargs)
        if target in (getattr, "size") or (target is operator.getitem and args[0] in self.shapes):
            return self._batch_size(node, target, args)
        if target in CONCAT:
            return self._concat(node, args, kwargs, label)
        if not args or not self._tracked(args[0]):
            return f"{label} is not applied to a tensor LayerLab tracks"
        if target in ADD or target in MULTIPLY:
            if kwargs or len(args) != 2 or not self._tracked(args[1]):
                return f"{label} of a tensor and something else (only tensor + tensor merges)"
            self._add(node, "Add" if target in ADD else "Multiply", {}, args)
            return None
        if target in FLATTEN:
            start, end = _options(args[1:], kwargs, ("start_dim", "end_dim"), (0, -1))
            params = {"start_dim": start, "end_dim": end}
            return self._layer(node, get_spec("Flatten"), params, args[:1], label)
        if target in RESHAPE:
            return self._reshape(node, args, label)
        name = target if isinstance(target, str) else getattr(target, "__name__", "")
        spec = _specs_by_function_name().get(name.replace("_", "").lower())
        if spec is None:
            return f"{label} has no LayerLab layer"
        return self._functional(node, spec, args, kwargs, label)

    def _batch_size(self, node: fx.Node, target: Any, args: list[Any]) -> str | None:
        """x.shape, x.size(), x.size(0), x.shape[0]: only the batch size may be used."""
        if (target is getattr and args[1] == "shape") or (target == "size" and len(args) == 1):
            self.shapes.add(node)
        elif (target == "size" and args[1:] == [0]) or (
            target is operator.getitem and args[1] == 0
        ):
            self.batch.add(node)
        else:
            return "reads a tensor attribute other than the batch size; LayerLab shapes are static"
        return None

    def _concat(self, node: fx.Node, args: list[Any], kwargs: dict, label: str) -> str | None:
        tensors = args[0] if args else kwargs.get("tensors")
        if not isinstance(tensors, (list, tuple)) or not all(map(self._tracked, tensors)):
            return f"{label} of something other than a list of tracked tensors"
        (dim,) = _options(args[1:], kwargs, ("dim",), (0,))
        return self._layer(node, get_spec("Concat"), {"dim": dim}, list(tensors), label)

    def _reshape(self, node: fx.Node, args: list[Any], label: str) -> str | None:
        """view/reshape keeping the batch first: (B, -1) is Flatten, anything else Reshape."""
        packed = len(args) == 2 and isinstance(args[1], (list, tuple))
        dims = list(args[1] if packed else args[1:])
        if not dims or not (dims[0] in self.batch or (dims[0] == -1 and -1 not in dims[1:])):
            return f"{label} must keep the batch first, as in x.view(x.size(0), ...)"
        rest = dims[1:]
        if not all(isinstance(d, int) for d in rest):
            return f"{label} to a size computed at run time; LayerLab shapes are static"
        if rest == [-1]:
            return self._layer(node, get_spec("Flatten"), {}, args[:1], label)
        return self._layer(node, get_spec("Reshape"), {"shape": rest}, args[:1], label)

    def _functional(
        self, node: fx.Node, spec: LayerSpec, args: list[Any], kwargs: dict, label: str
    ) -> str | None:
        """F.leaky_relu(x, 0.2) -> LeakyReLU(negative_slope=0.2): positional options in
        the spec's (constructor) order, keywords by name. Other keywords must be switched
        off (None, False, private) or be `training`, which a layer takes from its mode."""
        names = [p.name for p in spec.params]
        if len(args) - 1 > len(names):
            return f"{label} has more arguments than {spec.type} takes ({', '.join(names)})"
        params = dict(zip(names, args[1:], strict=False))
        for key, value in kwargs.items():
            if key in names and key not in params:
                params[key] = value
            elif key not in names and (value in (None, False) or key[0] == "_"):
                continue
            elif key != "training":
                return f"{label}: argument {key}={value!r} has no {spec.type} equivalent"
        if any(isinstance(v, fx.Node) for v in params.values()):
            return f"{label} with a tensor argument; use the nn.{spec.type} module instead"
        return self._layer(node, spec, params, args[:1], label)

    def _layer(
        self, node: fx.Node, spec: LayerSpec, params: dict, inputs: list[Any], label: str
    ) -> str | None:
        """Add a node of `spec` with validated params (defaults left out)."""
        try:
            resolved = spec.resolve(_plain(params))
        except ParamError as err:
            return f"{label} as {spec.type}: {err}"
        self._add(node, spec.type, _non_default(spec, resolved), inputs)
        return None

    # -- helpers ------------------------------------------------------------------------
    def _add(self, node: fx.Node, type_name: str, params: dict, inputs: list[Any]) -> str:
        node_id = node.name if node.op != "output" else self._fresh("output")
        self.graph.add_node(Node(node_id, type_name, params))
        for port, value in enumerate(inputs):
            self.graph.connect(self.tensors[value], node_id, port)
        self.tensors[node] = node_id
        self.where[node_id] = _location(node)
        return node_id

    def _tracked(self, value: Any) -> bool:
        return isinstance(value, fx.Node) and value in self.tensors

    def _fresh(self, base: str) -> str:
        name, n = base, 1
        while name in self.graph.nodes:
            name, n = f"{base}_{n}", n + 1
        return name

    def _submodule(self, node: fx.Node) -> nn.Module | None:
        return self.module.get_submodule(str(node.target)) if node.op == "call_module" else None


def _read_params(spec: LayerSpec, module: nn.Module) -> tuple[dict[str, Any], str | None]:
    """The spec's params as the module's attributes hold them."""
    raw: dict[str, Any] = {}
    for param in spec.params:
        if not hasattr(module, param.name):
            return {}, f"cannot read '{param.name}' from the module"
        value = getattr(module, param.name)
        if param.kind == "bool" and isinstance(value, torch.Tensor):
            value = True  # bias=True leaves a tensor in module.bias
        elif param.kind == "bool" and value is None and not param.nullable:
            value = False  # ... and bias=False leaves None
        elif param.kind in ("ints", "floats") and isinstance(value, tuple) and len(set(value)) == 1:
            value = value[0]  # kernel_size (3, 3) is written 3, as people write it
        raw[param.name] = value
    try:
        resolved = spec.resolve(_plain(raw))
    except ParamError as err:
        return {}, err.detail if err.param is None else f"param '{err.param}': {err.detail}"
    return _non_default(spec, resolved), None


def _non_default(spec: LayerSpec, resolved: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the spec's defaults, as a user would write the file."""
    return {
        p.name: resolved[p.name]
        for p in spec.params
        if p.required
        or resolved[p.name] != p.default
        or type(resolved[p.name]) is not type(p.default)
    }


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    """Tuples as lists, as project files hold them."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


def _options(args: list[Any], kwargs: dict, names: tuple[str, ...], defaults: tuple) -> list:
    return [
        args[i] if i < len(args) else kwargs.get(name, default)
        for i, (name, default) in enumerate(zip(names, defaults, strict=True))
    ]


def _function_name(target: Any) -> str:
    if target is operator.getitem:
        return "indexing x[...]"
    owner = getattr(target, "__module__", None) or ""
    name = getattr(target, "__name__", str(target))
    if owner.startswith("torch.nn.functional"):
        return f"F.{name}"
    return f"torch.{name}" if owner.startswith("torch") else f"{owner.strip('_')}.{name}"


def _location(node: fx.Node) -> str:
    """file.py:LINE (the code) of the traced line, from fx's recorded stack trace."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in \S+\n\s*(.*)', node.stack_trace or "")
    torch_dir = str(Path(torch.__file__).parent)
    user = [f for f in frames if not f[0].startswith(torch_dir)]
    if not user:
        return f"'{node.name}'"
    file, line, code = user[-1]
    return f"{Path(file).name}:{line} ({code.strip()})"


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _verify(module: nn.Module, result: ImportResult) -> float:
    """Run the module, build the graph with the module's weights, and compare outputs
    (both in eval mode, so dropout is off and batch norm uses its running statistics)."""
    model = build_model(result.graph).eval()
    inputs = sample_inputs(model, batch_size=2)
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            expected = as_outputs(module(*inputs))
    except Exception as err:
        shapes = ", ".join(str(tuple(x.shape[1:])) for x in inputs)
        raise ImportFailed(
            f"{type(module).__name__} fails on inputs of shape {shapes}: {_first_line(err)}"
        ) from None
    finally:
        module.train(was_training)
    try:
        model.load_state_dict(result.convert_state_dict(module.state_dict()))
    except RuntimeError as err:  # a module option the layer's params do not cover
        raise ImportFailed(f"the module's weights do not fit the graph: {err}") from None
    with torch.no_grad():
        actual = as_outputs(model(*inputs))
    module_name = type(module).__name__
    return check_parity(
        expected, actual, TOLERANCE, "the imported graph", ImportFailed, module_name
    )
