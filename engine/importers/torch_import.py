"""nn.Module -> LayerLab graph, by torch.fx symbolic tracing.

Every traced operation must become a registry layer (see `fx_convert`): a submodule whose
class some spec builds or imports, the merges, arithmetic, reshapes, indexing and
reductions people write inline, or a function named like a layer (`F.relu6`,
`x.softmax(-1)`). What is left is reported all at once, each with its source line. The
result is then proven: the graph is built, given the module's weights, and must compute
the same outputs; `ImportResult.save_weights` writes those weights for LayerLab.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import os
import sys
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn

from engine.build import GraphModule, build_model
from engine.errors import LayerLabError
from engine.export.common import as_outputs, check_parity, fresh
from engine.graph import Edge, Graph
from engine.importers.fx_convert import (
    SIZE_KIND,
    TORCH_DIR,
    Converter,
    attribute,
    spec_for_module,
)
from engine.shapes import infer_shapes

TOLERANCE = 1e-5
SAMPLE_BATCH = 3  # the batch the module is recorded and checked with


class ImportFailed(LayerLabError):
    """The module cannot be traced, uses operations LayerLab lacks, or does not reproduce."""


@dataclass
class ImportResult:
    """The imported graph and how the module's weights map onto it.

    `weight_keys` maps each of the module's state_dict keys to the built graph's key
    (`reshape` gives the shape a key loads as, e.g. a class token (1, 1, D) as (1, D));
    `constants` holds tensors the graph needs that the state_dict lacks (a constant the
    forward builds). `max_abs_diff` is the largest output difference found by the check;
    `model` is the graph built with the module's weights (eval mode). `notes` says what
    the import changed that outputs cannot show (tied weights held as copies).
    """

    graph: Graph
    weight_keys: dict[str, str] = field(default_factory=dict)
    max_abs_diff: float = 0.0
    reshape: dict[str, tuple[int, ...]] = field(default_factory=dict)
    constants: dict[str, torch.Tensor] = field(default_factory=dict)
    model: GraphModule | None = None
    notes: list[str] = field(default_factory=list)

    def convert_state_dict(self, state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """The module's state_dict renamed (and reshaped) for `engine.build_model(self.graph)`."""
        out = {
            new: state[old].reshape(self.reshape[new]) if new in self.reshape else state[old]
            for old, new in self.weight_keys.items()
        }
        return {**out, **self.constants}

    def save_weights(self, path: str | os.PathLike[str]) -> None:
        """Write the module's weights as a LayerLab weights file (graph included), so
        `engine.load_model(path)` computes what the module does."""
        from engine.weights import save_weights

        if self.model is None:
            raise ImportFailed("the import was not checked; there are no weights to save")
        save_weights(self.model, path)


def import_module(
    module: nn.Module,
    input_shapes: Sequence[Sequence[int]],
    weights: str | os.PathLike[str] | None = None,
    name: str | None = None,
) -> ImportResult:
    """Trace `module` and turn it into a LayerLab graph (shapes exclude the batch).

    The module's weights come along: `result.model` holds them, `result.save_weights`
    writes them, and with `weights` given they are written there too. Raises ImportFailed
    listing every unsupported operation with its file and line, or when the built graph
    does not reproduce the module's outputs; messages call the module `name` (default:
    its class name). A `forward(self, *xs)` takes one input per shape given.
    """
    name = name or type(module).__name__
    try:
        traced = fx.GraphModule(module, _trace(module, [tuple(s) for s in input_shapes]))
    except Exception as err:
        where = _traced_line(err)
        raise ImportFailed(
            f"cannot trace {name} with torch.fx: {where + ': ' if where else ''}{first_line(err)}"
        ) from None
    placeholders = [node for node in traced.graph.nodes if node.op == "placeholder"]
    if len(input_shapes) > len(placeholders):
        raise ImportFailed(
            f"{name}.forward takes {len(placeholders)} input(s) "
            f"({', '.join(n.name for n in placeholders)}); got {len(input_shapes)} input shapes"
        )
    if len(input_shapes) < len(placeholders):
        missing = placeholders[len(input_shapes)].name
        raise ImportFailed(
            f"input '{missing}' has no shape (give one input shape per forward argument)"
        )
    inputs = _sample_inputs(module, placeholders, [tuple(s) for s in input_shapes])
    values = _record(module, traced, inputs, name)
    converter = Converter(module, traced, values)
    for node in traced.graph.nodes:
        converter.visit(node)
    if converter.unsupported:
        # a block repeated 48 times is one line to fix, not 48 lines to read
        seen = Counter(converter.unsupported)
        lines = "\n".join(
            f"  {item}" + (f" ({times} times)" if times > 1 else "") for item, times in seen.items()
        )
        count = len(converter.unsupported)
        raise ImportFailed(
            f"cannot import {name}: {count} operation(s) have no LayerLab layer:\n{lines}"
        )
    graph = _fold_last_steps(converter.graph)
    for node_id in converter.frozen:
        graph.nodes[node_id].trainable = False
    result = ImportResult(graph, converter.weight_keys, 0.0, converter.reshape, converter.constants)
    _strip_wrapper_prefix(module, result, converter.where)
    problems = infer_shapes(result.graph).problems()
    if problems:
        lines = "\n".join(
            f"  {converter.where.get(nid, nid)}: '{nid}': {msg}" for nid, msg in problems.items()
        )
        raise ImportFailed(f"cannot import {name}: the graph does not fit together:\n{lines}")
    result.max_abs_diff = _verify(module, result, inputs, name)
    result.notes = converter.notes + tied_weight_notes(module, result.weight_keys)
    if weights is not None:
        result.save_weights(weights)
    return result


def tied_weight_notes(module: nn.Module, weight_keys: dict[str, str]) -> list[str]:
    """One note per tensor the module uses under several names (nanoGPT ties its token
    embedding to its output layer): the graph holds a copy under each."""
    names: dict[int, list[str]] = {}
    for key, tensor in module.named_parameters(remove_duplicate=False):
        names.setdefault(id(tensor), []).append(key)
    return [
        f"{' and '.join(keys)} are one tensor in the module (tied weights); the graph "
        "holds a copy for each, which train apart"
        for keys in names.values()
        if len(keys) > 1 and all(k in weight_keys for k in keys)
    ]


def _sample_inputs(
    module: nn.Module, placeholders: list[fx.Node], shapes: list[tuple[int, ...]]
) -> list[torch.Tensor]:
    """A random batch per input: token ids for an input fed straight into an Embedding
    (within its vocabulary), floats ~ N(0, 1) otherwise."""
    generator = torch.Generator().manual_seed(0)
    batch = []
    for node, shape in zip(placeholders, shapes, strict=True):
        full = (SAMPLE_BATCH, *shape)
        vocab: list[int] = [
            module.get_submodule(str(user.target)).num_embeddings  # type: ignore[misc]
            for user in node.users
            if user.op == "call_module"
            and isinstance(module.get_submodule(str(user.target)), nn.Embedding)
        ]
        if vocab:
            batch.append(torch.randint(0, min(vocab), full, generator=generator))
        else:
            batch.append(torch.randn(full, generator=generator))
    return batch


class _Recorder(fx.Interpreter):
    """Runs the traced module once, keeping every node's value."""

    def __init__(self, traced: fx.GraphModule) -> None:
        super().__init__(traced, garbage_collect_values=False)
        self.values: dict[fx.Node, Any] = {}

    def run_node(self, n: fx.Node) -> Any:
        value = super().run_node(n)
        self.values[n] = value
        return value


def _trace(module: nn.Module, shapes: list[tuple[int, ...]]) -> fx.Graph:
    """fx's graph of `module`, sizes read from its inputs specialised (see `_Tracer`); fx
    cannot trace `*xs` itself, so a forward taking only `*xs` is traced with one
    placeholder per shape (input_0, input_1, ...). Arguments after the given shapes that
    have defaults keep them (nanoGPT's `targets=None`: the inference path)."""
    count = len(shapes)
    forward = inspect.unwrap(type(module).forward)
    code = forward.__code__
    only_varargs = code.co_argcount == 1 and code.co_flags & inspect.CO_VARARGS
    concrete: Any = tuple(fx.PH for _ in range(count)) if only_varargs else None
    if not only_varargs:
        rest = list(inspect.signature(forward).parameters.values())[1 + count :]
        named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        defaults = {p.name: p.default for p in rest if p.kind in named and p.default is None}
        concrete = defaults or None
    tokens: dict[int, int] = {}
    while True:
        try:
            graph = _Tracer(module, shapes, tokens).trace(module, concrete_args=concrete)
            break
        except _TokenIds as ids:  # an input turned out to be token ids: trace again
            tokens[ids.index] = ids.vocabulary
    if not only_varargs and concrete:
        _drop_defaults(graph, count)
    return graph


def _drop_defaults(graph: fx.Graph, count: int) -> None:
    """An argument traced at its default None leaves a placeholder and fx's check that
    it is None: neither is part of the model."""
    for node in [n for n in graph.nodes if n.op == "placeholder"][count:]:
        for user in list(node.users):
            if getattr(user.target, "__name__", "") == "_assert_is_none":
                graph.erase_node(user)
        if not node.users:
            graph.erase_node(node)


def _record(
    module: nn.Module, traced: fx.GraphModule, inputs: list[torch.Tensor], name: str
) -> dict:
    """Every fx node's value on the sample batch, in eval mode (no dropout)."""
    was_training = module.training
    traced.eval()
    recorder = _Recorder(traced)
    try:
        with torch.no_grad():
            recorder.run(*fresh(inputs))
    except Exception as err:
        shapes = ", ".join(str(tuple(x.shape[1:])) for x in inputs)
        raise ImportFailed(f"{name} fails on inputs of shape {shapes}: {first_line(err)}") from None
    finally:
        module.train(was_training)
    return recorder.values


def _strip_wrapper_prefix(module: nn.Module, result: ImportResult, where: dict) -> None:
    """A model wrapped as the one child of another (`self.m = resnet`) names every layer
    `m_...`; the wrapper's attribute says nothing, so node ids drop it when free."""
    children = [name for name, _ in module.named_children()]
    if len(children) != 1:
        return
    prefix = children[0] + "_"
    graph = result.graph
    renamed = {
        nid: nid[len(prefix) :]
        for nid in graph.nodes
        if nid.startswith(prefix) and len(nid) > len(prefix)
    }
    if not renamed or len(set(renamed.values()) | (set(graph.nodes) - set(renamed))) != len(graph):
        return  # a clash: keep the ids as they are
    nodes = []
    for node in graph:
        node.id = renamed.get(node.id, node.id)
        nodes.append(node)
    edges = [
        Edge(renamed.get(e.source, e.source), renamed.get(e.target, e.target), e.port)
        for e in graph.edges
    ]
    result.graph = Graph(nodes, edges)

    def key(k: str) -> str:
        node, dot, rest = k.partition(".")
        return renamed.get(node, node) + dot + rest

    result.weight_keys = {old: key(new) for old, new in result.weight_keys.items()}
    result.reshape = {key(k): v for k, v in result.reshape.items()}
    result.constants = {key(k): v for k, v in result.constants.items()}
    for old, new in renamed.items():
        if old in where:
            where[new] = where.pop(old)


def _fold_last_steps(graph: Graph) -> Graph:
    """A one-direction recurrent layer read only through its last step (h_n[-1] or
    out[:, -1]) becomes the layer with return_sequences off: the LayerLab way to write it."""
    for node in list(graph):
        if not node.params.get("return_sequences") or node.params.get("bidirectional"):
            continue
        users = graph.outgoing(node.id)
        if len(users) != 1:
            continue
        step = graph.nodes[users[0].target]
        if step.type != "Select" or step.params != {"dim": 1, "index": -1}:
            continue
        after = graph.outgoing(step.id)
        graph.remove_node(step.id)
        for edge in after:
            graph.connect(node.id, edge.target, edge.port)
        node.params = {k: v for k, v in node.params.items() if k != "return_sequences"}
    return graph


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
            f"{file}: running it failed: {type(err).__name__}: {first_line(err)}"
        ) from None
    finally:
        sys.path.remove(str(path.parent))
    cls = getattr(user_module, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, nn.Module)):
        raise ImportFailed(f"{file}: has no nn.Module class named {class_name!r}")
    return cls


SHADOW_BATCHES = (2, 3)  # a size differing between the two depends on the batch


class _TokenIds(Exception):
    """Input `index` feeds an nn.Embedding: its sample values must be ids below `vocabulary`."""

    def __init__(self, index: int, vocabulary: int) -> None:
        super().__init__(index, vocabulary)
        self.index, self.vocabulary = index, vocabulary


class _Refused(Exception):
    """What the module does while traced has no LayerLab form (the message says what)."""


_NO_VALUE = object()  # a node the shadow run could not compute


class _SizedProxy(fx.Proxy):
    """A proxy whose shape is known while tracing: `x.shape`, `x.size()`, `x.size(i)`,
    `x.dim()` and `x.ndim` give the sizes as ints, except those that follow the batch
    size, which stay symbolic (an fx `x.size(i)` node). So `B, T, C = x.size()` leaves
    only B in the graph, `assert t <= self.block_size` and `math.sqrt(k.size(-1))` work,
    and a buffer sliced by T (minGPT's `bias[:, :, :T, :T]`) is a constant. A value the
    input does not reach (a buffer, what is computed from buffers alone) is its value
    where Python needs one: its dtype, device, len, item() and truth, as the tensor
    itself was before buffers were traced."""

    def __getattr__(self, k: str) -> Any:
        tracer = self.tracer
        if k in _PYTHON_READS and isinstance(tracer, _Tracer):
            value = tracer.constant(self)
            if value is not _NO_VALUE:
                return getattr(value, k)
        if k in ("shape", "size", "dim", "ndim"):
            sizes = tracer.sizes(self) if isinstance(tracer, _Tracer) else None
            if sizes is not None:
                if k == "shape":
                    return sizes
                if k == "ndim":
                    return len(sizes)
                if k == "dim":
                    return lambda: len(sizes)
                return functools.partial(_size_of, sizes)
        return super().__getattr__(k)

    def __len__(self) -> int:
        tracer = self.tracer
        value: Any = tracer.constant(self) if isinstance(tracer, _Tracer) else _NO_VALUE
        return len(value) if value is not _NO_VALUE else super().__len__()


_PYTHON_READS = {"dtype", "device", "is_cuda", "item", "tolist"}


def _size_of(sizes: tuple[Any, ...], dim: int | None = None) -> Any:
    return sizes if dim is None else sizes[dim]


try:  # fx patches nn.Module's call and attribute reads while it traces; this (private)
    # helper lifts the patches, as fx does where it runs code itself
    from torch.fx._symbolic_trace import _maybe_revert_all_patches as _untraced
except ImportError:  # pragma: no cover - a torch without it: sizes are traced as fx does
    _untraced = None  # type: ignore[assignment]


class _Tracer(fx.Tracer):
    """Keeps every module LayerLab has a layer for whole (LayerLab's own modules are not
    in torch.nn, so fx would trace into them), records where each op was written, and
    knows every traced value's shape.

    The shapes come from a shadow run: each node is computed, when a shape is first
    asked for, on two sample batches of different sizes (SHADOW_BATCHES), with the
    module's tensors copied and its layers in eval mode, so the module is left as it was.
    A size equal in both runs is a constant of the model; one that differs follows the
    batch and stays an fx node (marked in its meta, see `fx_convert.SIZE_KIND`).

    Buffers are traced (get_attr nodes), as parameters are: a buffer used as data, a
    fixed token expanded over the batch or a sinusoidal table added to x, is then a
    tensor LayerLab tracks (a frozen Parameter node), not a tensor fx cannot give a
    traced size. What only Python can use (an `if` on a buffer) gets the value."""

    proxy_buffer_attributes = True

    def __init__(
        self, module: nn.Module, shapes: list[tuple[int, ...]], tokens: dict[int, int]
    ) -> None:
        super().__init__()
        self.record_stack_traces = True
        self.module = module
        self.shapes, self.tokens = shapes, tokens
        self.shadow: dict[fx.Node, Any] = {}  # node -> (value on batch 2, on batch 3)
        self.generator = torch.Generator().manual_seed(0)
        self.fed: dict[fx.Node, bool] = {}  # node -> whether an input feeds it

    def trace(self, root: Any, concrete_args: Any = None) -> fx.Graph:
        """fx's trace, refusing a forward that assigns a traced value to a buffer (a
        counter or cache updated as the model runs), which would leave a proxy in it."""
        assign = nn.Module.__setattr__

        def guarded(module: nn.Module, name: str, value: Any) -> None:
            if isinstance(value, fx.Proxy) and name in module._buffers:
                raise _Refused(
                    f"assigns to buffer '{name}' as it runs; LayerLab layers hold no state "
                    "that changes from call to call"
                )
            assign(module, name, value)

        nn.Module.__setattr__ = guarded  # type: ignore[method-assign, assignment]
        try:
            return super().trace(root, concrete_args)
        finally:
            nn.Module.__setattr__ = assign  # type: ignore[method-assign]

    def is_leaf_module(self, m: nn.Module, module_qualified_name: str) -> bool:
        return spec_for_module(m)[0] is not None or super().is_leaf_module(m, module_qualified_name)

    def proxy(self, node: fx.Node) -> fx.Proxy:
        return _SizedProxy(node, self)

    def sizes(self, proxy: fx.Proxy) -> tuple[Any, ...] | None:
        """The proxy's shape (ints, and size nodes where the batch size shows), or None
        when the shadow run cannot tell (fx then traces the read symbolically)."""
        values = self._shadow(proxy.node)
        if values is _NO_VALUE or not all(isinstance(v, torch.Tensor) for v in values):
            return None
        small, large = values
        if small.dim() != large.dim():
            return None
        out: list[Any] = []
        for dim, (a, b) in enumerate(zip(small.shape, large.shape, strict=True)):
            if a == b:
                out.append(a)
                continue
            size = self.create_proxy("call_method", "size", (proxy, dim), {})
            size.node.meta[SIZE_KIND] = "batch" if (a, b) == SHADOW_BATCHES else "varies"
            out.append(size)
        return torch.Size(out) if all(isinstance(s, int) for s in out) else tuple(out)

    def constant(self, proxy: fx.Proxy) -> Any:
        """The proxy's value when the input does not reach it (a buffer, a function of
        buffers and constants), else _NO_VALUE."""
        node = proxy.node
        if self._reaches_input(node):
            return _NO_VALUE
        values = self._shadow(node)
        return _NO_VALUE if values is _NO_VALUE else values[0]

    def _reaches_input(self, node: fx.Node) -> bool:
        """Whether an input feeds the node; nodes are created after their inputs, so
        one pass in graph order settles every node up to it, each once."""
        if node not in self.fed:
            for n in self.graph.nodes:
                if n not in self.fed:
                    inputs = n.all_input_nodes
                    self.fed[n] = n.op == "placeholder" or any(self.fed[i] for i in inputs)
                if n is node:
                    break
        return self.fed.get(node, True)

    def to_bool(self, obj: fx.Proxy) -> bool:
        value = self.constant(obj)
        return bool(value) if value is not _NO_VALUE else super().to_bool(obj)

    def iter(self, obj: fx.Proxy) -> Any:
        value = self.constant(obj)
        if value is _NO_VALUE:
            return super().iter(obj)
        whole: Any = obj  # a proxy indexes as its tensor would
        return (whole[i] for i in range(len(value)))

    def _shadow(self, node: fx.Node) -> Any:
        """The node's shadow values, computing those of every node before it first (the
        graph is in the order the forward ran)."""
        if _untraced is None:
            return _NO_VALUE
        if node not in self.shadow:
            with _untraced():
                for n in self.graph.nodes:
                    if n not in self.shadow:
                        self.shadow[n] = self._run(n)
                    if n is node:
                        break
        return self.shadow.get(node, _NO_VALUE)

    def _run(self, node: fx.Node) -> Any:
        inputs = node.all_input_nodes
        if node.op == "output" or any(self.shadow.get(n) is _NO_VALUE for n in inputs):
            return _NO_VALUE
        self._check_tokens(node)
        out = []
        for run in range(len(SHADOW_BATCHES)):

            def value(n: fx.Node, run: int = run) -> Any:
                return self.shadow[n][run]

            args, kwargs = fx.node.map_arg((node.args, node.kwargs), value)
            try:
                with torch.no_grad():
                    out.append(self._compute(node, run, args, kwargs))
            except Exception:  # any failure: the reads of this value stay symbolic
                return _NO_VALUE
        return tuple(out)

    def _compute(self, node: fx.Node, run: int, args: Any, kwargs: dict) -> Any:
        if node.op == "placeholder":
            index = [n for n in self.graph.nodes if n.op == "placeholder"].index(node)
            if index >= len(self.shapes):
                return None  # an argument left at its default
            shape = (SHADOW_BATCHES[run], *self.shapes[index])
            if index in self.tokens:
                return torch.randint(0, self.tokens[index], shape, generator=self.generator)
            return torch.randn(shape, generator=self.generator)
        if node.op == "get_attr":
            value = attribute(self.module, str(node.target))
            return value.detach().clone() if isinstance(value, torch.Tensor) else value
        if node.op == "call_function":
            return node.target(*args, **kwargs)  # type: ignore[operator]
        if node.op == "call_method":
            return getattr(args[0], str(node.target))(*args[1:], **kwargs)
        sub = self.module.get_submodule(str(node.target))
        modes = [(m, m.training) for m in sub.modules()]
        sub.eval()  # batch norm in training mode would update its statistics
        try:
            return sub(*args, **kwargs)
        finally:
            for m, training in modes:
                m.training = training

    def _check_tokens(self, node: fx.Node) -> None:
        """An input fed straight into an Embedding is token ids (as `_sample_inputs` makes
        them): if it was sampled as floats, the trace starts again with ids."""
        if node.op == "call_module":
            sub = self.module.get_submodule(str(node.target))
            vocabulary = sub.num_embeddings if isinstance(sub, nn.Embedding) else None
        elif node.target is F.embedding and len(node.args) > 1:
            weight = self.shadow.get(node.args[1]) if isinstance(node.args[1], fx.Node) else None
            vocabulary = None if weight is None or weight is _NO_VALUE else weight[0].shape[0]
        else:
            return
        source = node.args[0] if node.args else None
        if vocabulary is None or not isinstance(source, fx.Node) or source.op != "placeholder":
            return
        index = [n for n in self.graph.nodes if n.op == "placeholder"].index(source)
        if index < len(self.shapes) and index not in self.tokens:
            raise _TokenIds(index, vocabulary)


HERE = str(Path(__file__).parent) + os.sep


def _traced_line(err: BaseException) -> str:
    """file.py:LINE (code) of the module's line where tracing failed: the innermost frame
    outside torch and this importer, or "" when there is none."""
    frames = [
        frame
        for frame in traceback.extract_tb(err.__traceback__)
        if not frame.filename.startswith((TORCH_DIR, HERE))
    ]
    if not frames:
        return ""
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} ({(frame.line or '').strip()})"


def first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _verify(
    module: nn.Module, result: ImportResult, inputs: list[torch.Tensor], name: str
) -> float:
    """Build the graph with the module's weights and compare outputs on the sample batch
    (both in eval mode, so dropout is off and batch norm uses its running statistics)."""
    model = build_model(result.graph).eval()
    try:
        model.load_state_dict(result.convert_state_dict(module.state_dict()))
    except RuntimeError as err:  # a module option the layer's params do not cover
        raise ImportFailed(f"the module's weights do not fit the graph: {err}") from None
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            # each gets its own copy: an in-place layer (inplace=True) changes its input
            expected = as_outputs(module(*fresh(inputs)))
            actual = as_outputs(model(*fresh(inputs)))
    finally:
        module.train(was_training)
    result.model = model
    return check_parity(expected, actual, TOLERANCE, "the imported graph", ImportFailed, name)
