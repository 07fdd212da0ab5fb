"""A torch.fx graph -> a LayerLab graph, one fx node at a time.

The traced module is first run once on a sample batch and every intermediate value is
recorded, so that what is static (x.shape[1:], masks, constants, the pieces of a chunk,
the rank a parameter broadcasts to) is known; only the batch size stays symbolic. Each
tensor op becomes a registry layer (an nn.TransformerEncoder, its layers and norm in a
chain); a tuple result (torch's LSTM, MultiheadAttention, chunk/split) becomes whatever
its used elements need (a Slice per chunk piece, a Select of the last step for h_n[-1]).
What cannot be mapped is collected, not raised, so the user sees every problem at once.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import operator
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeGuard

import torch
import torch.nn.functional as F
from torch import fx, nn

from engine.errors import ParamError
from engine.graph import Graph, Node
from engine.layers import LayerSpec, all_specs, get_spec
from engine.layers.spec import MODULES

BINARY = {
    operator.add: "add",
    operator.iadd: "add",
    torch.add: "add",
    "add": "add",
    "add_": "add",
    operator.sub: "sub",
    operator.isub: "sub",
    torch.sub: "sub",
    torch.subtract: "sub",
    "sub": "sub",
    operator.mul: "mul",
    operator.imul: "mul",
    torch.mul: "mul",
    torch.multiply: "mul",
    "mul": "mul",
    "mul_": "mul",
    operator.truediv: "div",
    operator.itruediv: "div",
    torch.div: "div",
    torch.true_divide: "div",
    "div": "div",
    operator.pow: "pow",
    torch.pow: "pow",
    "pow": "pow",
}
REVERSED = {"add": "add", "mul": "mul", "sub": "rsub", "div": "rdiv"}
MATMUL = {operator.matmul, torch.matmul, torch.bmm, "matmul", "bmm"}
CONCAT = {torch.cat, torch.concat, torch.concatenate}
STACK = {torch.stack}
FLATTEN = {torch.flatten, "flatten"}
RESHAPE = {torch.reshape, "reshape", "view"}
PERMUTE = {torch.permute, "permute"}
SPLIT = {torch.chunk, "chunk", torch.split, "split", torch.unbind, "unbind"}
EXPAND = {"expand", "expand_as"}
ALIAS = {"contiguous", "clone", torch.clone}  # values LayerLab need not copy
NEGATE = {operator.neg, torch.neg, "neg"}
INTERPOLATE = {F.interpolate, F.upsample}
SHAPE_CALLS = {"size", "dim"}
MASKED_FILL = {"masked_fill", torch.masked_fill}
SOFTMAX = {"softmax", torch.softmax, F.softmax}
DROPOUT = {"dropout", F.dropout}
TRANSPOSE = {"transpose", torch.transpose}
SCALE = {operator.mul: "mul", torch.mul: "mul", "mul": "mul", operator.truediv: "div"}
SCALE |= {torch.div: "div", "div": "div"}
MASKED = -1e4  # a fill at or below this gives softmax weights of exactly 0, as -inf does
TENSOR_FACTS = {"ndim", "dtype", "device", "is_cuda"}  # static for a given model
SIZE_KIND = "layerlab_size"  # fx meta of a traced size read: "batch", or "varies" with it


class Piece:
    """What a tuple-valued fx node hands out on `result[index]`: a function of the index
    returning the LayerLab node id (or a further Piece); it raises ValueError saying why
    an element has no LayerLab form. `size` is the tuple's length when known; `whole`,
    when the value is a tensor taken apart only by indexing, why it has no form whole."""

    def __init__(
        self, pick: Callable[[Any], str | Piece], size: int | None = None, whole: str = ""
    ) -> None:
        self.pick = pick
        self.size = size
        self.whole = whole


class Converter:
    """Walks the fx graph once; `graph`, `weight_keys`, `unsupported` hold the result."""

    def __init__(
        self, module: nn.Module, traced: fx.GraphModule, values: dict[fx.Node, Any]
    ) -> None:
        self.module = module
        self.values = values  # every fx node's value on the sample batch
        self.graph = Graph()
        self.weight_keys: dict[str, str] = {}  # module state key -> graph state key
        self.reshape: dict[str, tuple[int, ...]] = {}  # graph key -> shape it loads as
        self.constants: dict[str, torch.Tensor] = {}  # graph key -> value (no module key)
        self.frozen: set[str] = set()
        self.learned_rows: set[fx.Node] = set()  # wpe(arange(t)): rows of a learned table
        self.notes: list[str] = []  # what the graph holds differently from the module
        self.unsupported: list[str] = []
        self.where: dict[str, str] = {}  # node id -> source location, for later errors
        self.tensors: dict[fx.Node, str] = {}  # fx value -> LayerLab node id
        self.made_by: dict[str, fx.Node] = {}  # LayerLab node id -> the fx node it computes
        self.pieces: dict[fx.Node, Piece] = {}
        self.static: set[fx.Node] = set()  # values known before the input is seen
        self.batch: set[fx.Node] = set()  # values equal to the batch size
        self.shapes: set[fx.Node] = set()  # x.shape / x.size(): batch first, rest static
        self.called: dict[str, str] = {}  # stateful submodule -> node calling it
        self.learned: dict[tuple[str, tuple[int, ...]], str] = {}  # attr -> Parameter node
        self.failed: set[fx.Node] = set()
        self.dead: dict[fx.Node, str] = {}  # tuple elements with no LayerLab form, if used
        self.state_keys = set(module.state_dict())
        self.batch_source = ""  # an Input node: where Parameter nodes take the batch from
        # attention written out (q @ kᵀ, masked_fill, softmax, @ v): its steps are taken
        # up in one ScaledDotProductAttention, made at the last product
        self.absorbed: set[fx.Node] = set()
        self.fused: dict[fx.Node, tuple[fx.Node, fx.Node, Any, dict[str, Any]]] = {}

    def visit(self, node: fx.Node) -> None:
        """Convert one fx node. One depending on a failed node is reported only when it
        could not be mapped anyway, so the list names every unmappable op once; the
        shape, device and dtype of a failed node's value are known all the same, so what
        is computed from them alone (sizes, masks, positions) is not a failure at all."""
        for source in node.all_input_nodes:
            if source in self.dead:
                self._report(node, self.dead.pop(source))
                self.failed.add(source)
        if node in self.absorbed:
            return
        if any(n in self.failed for n in node.all_input_nodes):
            if node.op != "call_module" and self._shape_read(node, node.target, list(node.args)):
                return  # x.shape, x.device of a failed x: known all the same, from its value
            self.failed.add(node)
            if reason := self._unknown(node):
                self._report(node, reason)
            return
        for source in node.all_input_nodes:
            piece = self.pieces.get(source)
            taken_apart = node.target in (operator.getitem, "unbind", torch.unbind)
            if piece and piece.whole and not (taken_apart and node.args[0] is source):
                self.failed.add(node)
                self._report(node, piece.whole)
                return
        try:
            reason = getattr(self, f"_{node.op}")(node)
        except (ParamError, ValueError, TypeError, IndexError, KeyError, AttributeError) as err:
            reason = f"{_label(node)}: {err}"
        if reason:
            self.failed.add(node)
            self._report(node, reason)

    def _report(self, node: fx.Node, reason: str) -> None:
        self.unsupported.append(f"{location(node)}: {reason}")

    # -- fx ops -------------------------------------------------------------------------
    def _placeholder(self, node: fx.Node) -> str | None:
        value = self.values.get(node)
        if not isinstance(value, torch.Tensor):
            return f"input '{node.name}' has no shape (give one input shape per forward argument)"
        params: dict[str, Any] = {"shape": list(value.shape[1:])}
        if not value.is_floating_point():
            params["dtype"] = "int64"
        node_id = self._add(node, "Input", params, [])
        self.batch_source = self.batch_source or node_id
        return None

    def _get_attr(self, node: fx.Node) -> str | None:
        self.static.add(node)  # a parameter or buffer: materialised where a tensor op uses it
        return None

    def _output(self, node: fx.Node) -> str | None:
        value = node.args[0]
        values = list(value) if isinstance(value, (tuple, list)) else [value]
        if len(values) > 1:  # (logits, None): nanoGPT without targets has no loss
            values = [v for v in values if v is not None] or values
        ids = [self._operand(v, node) for v in values]
        if not all(self._is_id(i) for i in ids):
            return "returns something other than tensors or a tuple of tensors"
        for source in ids:
            out = self._fresh("output")
            self.graph.add_node(Node(out, "Output"))
            self.graph.connect(source, out)
            self.where[out] = location(node)
        return None

    def _call_module(self, node: fx.Node) -> str | None:
        target = str(node.target)
        sub = self.module.get_submodule(target)
        spec, reason = spec_for_module(sub)
        label = _module_label(sub, target)
        inputs = node.all_input_nodes
        if isinstance(sub, nn.Embedding) and inputs and all(n in self.static for n in inputs):
            # positions, wpe(torch.arange(t)): rows picked by constants are a learned
            # tensor (a Parameter node where it is used), as a class token is
            self.static.add(node)
            self.learned_rows.add(node)
            rows = self._value(node).reshape(-1, sub.embedding_dim).shape[0]
            if rows < sub.num_embeddings:
                note = (
                    f"the graph holds {rows} of the {sub.num_embeddings} rows of '{target}' "
                    "(the positions an input of this length uses)"
                )
                self.notes.append(note)
            return None
        if type(sub) is nn.TransformerEncoder:
            return self._encoder_stack(node, sub, target, label)
        if spec is None:
            return f"{label} {reason}"
        stateful = bool(sub.state_dict())
        if stateful and target in self.called:
            return f"{label} is called again after '{self.called[target]}' (shared weights)"
        params, refusal = read_params(spec, sub)
        if refusal:
            return f"{label}: {refusal}"
        inputs, refusal = self._module_inputs(node, sub, params)
        if refusal:
            return f"{label} {refusal}"
        if params.get("causal") and spec.type == "TransformerEncoderLayer":
            spec = get_spec("TransformerDecoderLayer")  # LayerLab's causal (GPT) block
            params.pop("causal")
        node_id = self._add(node, spec.type, _non_default(spec, params), inputs)
        if stateful:
            self.called[target] = node_id
        for key in sub.state_dict():
            self.weight_keys[f"{target}.{key}"] = f"{node_id}.{key}"
        result = self.values.get(node)
        if isinstance(result, tuple):
            del self.tensors[node]
            self.pieces[node] = self._tuple_result(node_id, sub, params)
        return None

    def _module_inputs(
        self, node: fx.Node, sub: nn.Module, params: dict[str, Any]
    ) -> tuple[list[Any], str | None]:
        """The one input tensor of a module call, reading an attention call's masks into
        `causal`. Anything else passed in (h0, padding masks, memory) has no LayerLab form."""
        args, kwargs = list(node.args), dict(node.kwargs)
        names = _attention_arguments(sub)
        if not names:
            if kwargs or not args or not all(map(self._tensor_like, args)):
                return [], "is called with arguments LayerLab cannot pass (only tensors)"
            return args, None
        if len(args) > len(names):
            return [], f"is called with {len(args)} arguments; LayerLab passes one tensor"
        given = {**dict(zip(names, args, strict=False)), **kwargs}
        first = given.pop(names[0], None)
        if not self._tensor_like(first):
            return [], "is not applied to a tensor LayerLab tracks"
        if type(sub) is nn.MultiheadAttention:
            if given.pop("key", None) is not first or given.pop("value", None) is not first:
                return [], "attends to other keys or values (only self-attention, q = k = v)"
            given.pop("need_weights", None)
            given.pop("average_attn_weights", None)
        mask_names = ("attn_mask", "src_mask", "mask")
        causal = bool(given.pop("is_causal", False))
        hint = causal and type(sub) is not nn.MultiheadAttention
        for name in mask_names:
            mask = given.pop(name, None)
            if mask is None:
                continue
            if not (self._is_static(mask) and _is_causal_mask(self._value(mask))):
                return [], f"gets a {name} that is not a causal mask"
            causal, hint = True, False
        if hint:  # a hint about the mask given: without one, eval-mode torch ignores it
            return [], (
                f"gets is_causal=True without a {names[1]}; is_causal only describes the "
                f"mask, which torch needs too "
                f"({names[1]}=nn.Transformer.generate_square_subsequent_mask(L))"
            )
        for name, value in given.items():
            if value is not None:
                return [], f"gets {name}=..., which LayerLab layers do not take"
        if causal:
            params["causal"] = True
        return [first], None

    def _encoder_stack(
        self, node: fx.Node, sub: nn.TransformerEncoder, target: str, label: str
    ) -> str | None:
        """nn.TransformerEncoder: its layers, each a TransformerEncoderLayer node with its
        own weights (`layers.i`), in a chain, then its norm when it has one, as its forward
        computes them without a padding mask (the only time it makes nested tensors). With
        a causal mask every layer is LayerLab's causal block, TransformerDecoderLayer."""
        if target in self.called:
            return f"{label} is called again after '{self.called[target]}' (shared weights)"
        parts, refusal = stack_parts(sub, target)
        if refusal:
            return refusal
        options: dict[str, Any] = {}
        inputs, refusal = self._module_inputs(node, sub, options)
        if refusal:
            return f"{label} {refusal}"
        (source,) = inputs
        current = self.tensors[source]
        for path, spec, params in parts:
            if options.get("causal") and spec.type == "TransformerEncoderLayer":
                spec = get_spec("TransformerDecoderLayer")
            node_id = self._fresh(path.replace(".", "_"))
            self.graph.add_node(Node(node_id, spec.type, _non_default(spec, params)))
            self.graph.connect(current, node_id)
            self.where[node_id] = location(node)
            for key in self.module.get_submodule(path).state_dict():
                self.weight_keys[f"{path}.{key}"] = f"{node_id}.{key}"
            current = node_id
        self.tensors[node] = current
        if parts:  # (no layers and no norm: the input, unchanged)
            self.called[target] = current
            self.made_by[current] = node
        return None

    def _tuple_result(self, node_id: str, sub: nn.Module, params: dict[str, Any]) -> Piece:
        """torch's LSTM/GRU/RNN give (output, h_n) or (output, (h_n, c_n)); attention gives
        (output, weights). The output is the layer; h_n reads become step selections."""

        def pick(index: Any) -> str | Piece:
            if index == 0:
                return node_id
            if isinstance(sub, nn.LSTM) and index == 1:
                return Piece(
                    lambda i: (
                        self._hidden(node_id, params) if i == 0 else _no("the cell state c_n")
                    ),
                    2,
                )
            if isinstance(sub, nn.RNNBase) and index == 1:
                return self._hidden(node_id, params)
            return _no("the attention weights" if index == 1 else f"element {index}")

        return Piece(pick, 2)

    def _hidden(self, seq_id: str, params: dict[str, Any]) -> Piece:
        """h_n[k] (k counts layers x directions) of the top layer, as a step of the output:
        forward = the last step's first half, backward = the first step's second half."""
        directions = 2 if params.get("bidirectional") else 1
        layers, width = params.get("num_layers", 1), params["hidden_size"]
        total = layers * directions

        def pick(index: Any) -> str:
            if not isinstance(index, int) or not -total <= index < total:
                raise ValueError(f"h_n[{index!r}] is not one layer's state")
            layer, direction = divmod(index % total, directions)
            if layer != layers - 1:
                raise ValueError(f"h_n[{index}] is a lower layer's state; only the top's is kept")
            way = "forward" if direction == 0 else "backward"
            step = self._extra(
                seq_id, "Select", {"dim": 1, "index": -1 if direction == 0 else 0}, f"{seq_id}_last"
            )
            if directions == 1:
                return step
            half = {"dim": 1, "start": direction * width, "end": (direction + 1) * width}
            return self._extra(step, "Slice", half, f"{seq_id}_{way}")

        return Piece(pick, total)

    def _call_function(self, node: fx.Node) -> str | None:
        return self._call(node, node.target, function_name(node.target))

    def _call_method(self, node: fx.Node) -> str | None:
        return self._call(node, node.target, f"Tensor.{node.target}")

    # -- functions and methods ----------------------------------------------------------
    def _call(self, node: fx.Node, target: Any, label: str) -> str | None:
        args, kwargs = list(node.args), dict(node.kwargs)
        if args and isinstance(args[0], fx.Node) and args[0] in self.pieces:
            return self._piece(node, target, args, label)
        if self._shape_read(node, target, args):
            return None
        if node in self.fused:
            q, k, v, params = self.fused.pop(node)
            sdpa = get_spec("ScaledDotProductAttention")
            ids = [self._operand(x, node) for x in (q, k, v)]
            if not all(map(self._is_id, ids)):
                return f"{label} of attention weights and a v that LayerLab does not track"
            self._add(node, sdpa.type, _non_default(sdpa, sdpa.resolve(params)), ids, "attention")
            return None
        inputs = node.all_input_nodes
        learned = target is operator.getitem and self._is_parameter(args[0])
        if all(n in self.static for n in inputs) and node in self.values and not learned:
            self.static.add(node)  # constants and sizes: their recorded value is the value
            return None
        if any(n in self.batch or n in self.shapes for n in inputs) and not (
            target in RESHAPE or target in EXPAND
        ):
            return f"{label} computes with the batch size; LayerLab shapes are static"
        if target in BINARY:
            return self._binary(node, BINARY[target], args, kwargs, label)
        if target in NEGATE:
            return self._layer(node, "Arithmetic", {"op": "mul", "value": -1.0}, args[:1])
        if target in MATMUL:
            return self._matmul(node, args, kwargs, label)
        if target in MASKED_FILL:
            return self._masked_fill(node, args, kwargs, label)
        if target is F.scaled_dot_product_attention:
            return self._attention(node, args, kwargs, label)
        if target is F.layer_norm:
            return self._layer_norm(node, args, kwargs, label)
        if target in CONCAT or target in STACK:
            return self._join(node, target in STACK, args, kwargs, label)
        first = self._operand(args[0], node) if args else None
        if not self._is_id(first):
            return f"{label} is not applied to a tensor LayerLab tracks"
        if target in ALIAS or target in EXPAND:
            return self._alias(node, first, args[0], label)
        if target in FLATTEN:
            start, end = _options(args[1:], kwargs, ("start_dim", "end_dim"), (0, -1))
            return self._layer(node, "Flatten", {"start_dim": start, "end_dim": end}, [first])
        if target in RESHAPE:
            return self._reshape(node, first, args, label)
        if target in PERMUTE:
            return self._permute(node, first, args, kwargs)
        if target in SPLIT:
            return self._split(node, first, target, args, kwargs)
        if target is operator.getitem:
            return self._index(node, first, args, label)
        if target in INTERPOLATE:
            return self._interpolate(node, first, args, kwargs, label)
        name = target if isinstance(target, str) else getattr(target, "__name__", "")
        spec = specs_by_function_name().get(name.replace("_", "").lower())
        if spec is None:
            return f"{label} has no LayerLab layer"
        return self._functional(node, spec, first, args, kwargs, label)

    def _shape_read(self, node: fx.Node, target: Any, args: list[Any]) -> bool:
        """x.shape, x.size(), x.shape[0] / x.size(0) (the batch), x.size(1), x.shape[2:],
        x.ndim: the batch stays symbolic, every other size is static."""
        source = args[0] if args else None
        if not isinstance(source, fx.Node):
            return False
        failed = source in self.failed and isinstance(self._value(source), torch.Tensor)
        if source in self.tensors or failed:
            if (target is getattr and args[1] == "shape") or (target == "size" and len(args) == 1):
                self.shapes.add(node)
            elif target == "size":
                rank = self._value(source).dim()
                kind = node.meta.get(SIZE_KIND, "batch" if args[1] % rank == 0 else "static")
                if kind == "varies":
                    return False  # refused where it is used: it is neither
                (self.batch if kind == "batch" else self.static).add(node)
            elif target == "dim" or (target is getattr and args[1] in TENSOR_FACTS):
                self.static.add(node)
            else:
                return False
            return True
        if target is operator.getitem and source in self.shapes:
            index, rank = args[1], len(self._value(source))
            if isinstance(index, int) and index % rank == 0:
                self.batch.add(node)
            elif isinstance(index, int) or (
                isinstance(index, slice) and 0 not in range(rank)[index]
            ):
                self.static.add(node)
            else:
                return False
            return True
        return False

    def _piece(self, node: fx.Node, target: Any, args: list[Any], label: str) -> str | None:
        """result[i] of a tuple value (h_n[-1, :, :] too), or h_n.squeeze(0) of a one-layer
        state. An element without LayerLab form fails only where it is used."""
        piece, index = self.pieces[args[0]], args[1] if len(args) > 1 else None
        if isinstance(index, tuple) and index and all(i == slice(None) for i in index[1:]):
            index = index[0]
        if target in ("squeeze", torch.squeeze) and index == 0 and piece.size == 1:
            index = 0
        elif target in ("unbind", torch.unbind) and node.kwargs.get("dim", index or 0) == 0:
            self.pieces[node] = piece  # the pieces along dim 0, as the tuple hands them out
            return None
        elif target is not operator.getitem:
            return piece.whole or f"{label} of a tuple value (index it first, as in h_n[-1])"
        try:
            picked = piece.pick(index)
        except ValueError as err:
            self.dead[node] = str(err)
            return None
        if isinstance(picked, Piece):
            self.pieces[node] = picked
        else:
            self.tensors[node] = picked
            self.where.setdefault(picked, location(node))
        return None

    def _binary(
        self, node: fx.Node, op: str, args: list[Any], kwargs: dict, label: str
    ) -> str | None:
        if kwargs or len(args) != 2:
            return f"{label} with options ({', '.join(kwargs) or 'alpha'}) LayerLab lacks"
        a, b = (self._operand(v, node) for v in args)
        a_node, b_node = self._is_id(a), self._is_id(b)
        merge = merges_by_op().get(op)
        if a_node and b_node and merge is not None:
            if self._extends(args[0], a, merge):
                self._widen(node, a, b)
                return None
            return self._layer(node, merge.type, {}, [a, b])
        if a_node and _is_number(b):
            return self._layer(node, "Arithmetic", {"op": op, "value": float(b)}, [a])
        if b_node and _is_number(a) and op in REVERSED:
            return self._layer(node, "Arithmetic", {"op": REVERSED[op], "value": float(a)}, [b])
        return f"{label} of {_kind(a)} and {_kind(b)} has no LayerLab layer"

    def _matmul(self, node: fx.Node, args: list[Any], kwargs: dict, label: str) -> str | None:
        """a @ b of two tracked tensors of one rank (q @ k.transpose(-2, -1) in attention);
        a product with a stored matrix is a Linear layer in the module, not here."""
        if kwargs or len(args) != 2:
            return f"{label} with options ({', '.join(kwargs)}) LayerLab lacks"
        a, b = (self._operand(v, node) for v in args)
        if not (self._is_id(a) and self._is_id(b)):
            return (
                f"{label} of {_kind(a)} and {_kind(b)} has no LayerLab layer "
                "(a learned matrix is an nn.Linear)"
            )
        ranks = [self._value(v).dim() for v in args]
        if ranks[0] != ranks[1] or ranks[0] < 3:
            return (
                f"{label} of tensors of {ranks[0]} and {ranks[1]} dims; MatMul takes two "
                "batches of matrices of one rank"
            )
        return self._layer(node, "MatMul", {}, [a, b])

    def _attention(self, node: fx.Node, args: list[Any], kwargs: dict, label: str) -> str | None:
        """F.scaled_dot_product_attention(q, k, v, ...) as timm, nanoGPT and Hugging Face
        call it: a causal mask by is_causal, dropout only while training."""
        names = ("query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale")
        q, k, v, mask, dropout, causal, scale = self._resolve(
            _options(args, kwargs, names, (None, None, None, None, 0.0, False, None))
        )
        if mask is not None:
            return f"{label} with attn_mask (LayerLab takes is_causal=True for a causal mask)"
        if self._resolve(kwargs.get("enable_gqa", False)):
            return f"{label} with enable_gqa (grouped heads) has no LayerLab setting"
        if not all(isinstance(o, (bool, int, float, type(None))) for o in (dropout, causal, scale)):
            return f"{label} with options computed at run time"
        params = {"is_causal": bool(causal), "dropout": float(dropout), "scale": scale}
        return self._layer(node, "ScaledDotProductAttention", params, [q, k, v])

    def _masked_fill(self, node: fx.Node, args: list[Any], kwargs: dict, label: str) -> str | None:
        """scores.masked_fill(mask, -inf) with a constant causal mask (minGPT's
        `bias[:, :, :T, :T] == 0`) in attention written out: the steps from q @ kᵀ to
        @ v become one ScaledDotProductAttention(is_causal=True), which computes them."""
        scores, mask, value = _options(args, kwargs, ("input", "mask", "value"), (None,) * 3)
        if not self._is_static(mask):
            return f"{label} with a mask computed from the input has no LayerLab layer"
        value = self._resolve(value)
        if not _is_causal_fill(self._value(mask), tuple(self._value(node).shape)):
            return (
                f"{label} with a mask that is not causal has no LayerLab layer (LayerLab masks "
                "attention causally: ScaledDotProductAttention with is_causal)"
            )
        if not _is_number(value) or value > MASKED:
            return f"{label} with {value!r} has no LayerLab layer (a causal mask fills -inf)"
        steps = self._attention_steps(node, scores)
        if steps is None:
            return (
                f"{label} with a causal mask imports only inside attention whose steps "
                "nothing else uses: softmax(masked q @ kᵀ · scale), dropout, @ v, which is "
                "a ScaledDotProductAttention(is_causal)"
            )
        before, after, (q, k, v), params = steps
        if not (self._tensor_like(q) and self._tensor_like(k)):
            return f"{label} in attention on a q or k that LayerLab does not track"
        if params["scale"] == self._value(q).shape[-1] ** -0.5:
            params["scale"] = None  # 1/√E, the layer's default
        for step in before:  # kᵀ, q @ kᵀ and its scaling: made already, now taken up
            node_id = self.tensors.pop(step)
            self.graph.remove_node(node_id)
            self.where.pop(node_id, None)
            self.made_by.pop(node_id, None)
        self.absorbed.update(after[:-1])
        self.fused[after[-1]] = (q, k, v, params)
        return None

    def _attention_steps(
        self, fill: fx.Node, scores: Any
    ) -> tuple[list[fx.Node], list[fx.Node], tuple[Any, Any, Any], dict[str, Any]] | None:
        """The steps around `fill` when they are attention and nothing else uses them:
        those before it (kᵀ, q @ kᵀ, its scalings by constants), those after it (softmax
        over the last dim, a dropout, the product with v, last), q, k and v, and the
        layer's params. None when the code around it is anything else."""
        scale, before = 1.0, []
        while isinstance(scores, fx.Node) and scores.target in SCALE and len(scores.users) == 1:
            a, b = scores.args if len(scores.args) == 2 and not scores.kwargs else (None, None)
            factor = self._resolve(b)
            if not isinstance(a, fx.Node) or not _is_number(factor) or factor == 0:
                return None
            scale *= factor if SCALE[scores.target] == "mul" else 1 / factor
            before.append(scores)
            scores = a
        if not (isinstance(scores, fx.Node) and scores.target in MATMUL) or len(scores.users) != 1:
            return None
        rank = self._value(scores).dim()
        key_t = scores.args[1] if len(scores.args) == 2 and not scores.kwargs else None
        if not (isinstance(key_t, fx.Node) and key_t.target in TRANSPOSE) or len(key_t.users) != 1:
            return None
        dims = self._resolve(list(key_t.args[1:3]))
        if not all(isinstance(d, int) for d in dims) or sorted(d % rank for d in dims) != [
            rank - 2,
            rank - 1,
        ]:
            return None
        before = [key_t, scores, *before]
        if not all(step in self.tensors for step in before):
            return None
        after, step, dropout = [fill], fill, 0.0
        while True:
            if len(step.users) != 1:
                return None
            (step,) = step.users
            after.append(step)
            if len(after) == 2:  # right after the fill: softmax over the last dim
                if not self._is_softmax(step, rank):
                    return None
            elif (p := _dropout_p(self.module, step)) is not None and len(after) == 3:
                dropout = p
            elif step.target in MATMUL and step.args[0] is after[-2] and len(step.args) == 2:
                break
            else:
                return None
        params = {"is_causal": True, "scale": scale, "dropout": dropout}
        return before, after, (scores.args[0], key_t.args[0], step.args[1]), params

    def _is_softmax(self, node: fx.Node, rank: int) -> bool:
        """softmax(x, dim=-1) however written: F.softmax, torch.softmax, x.softmax."""
        if node.target not in SOFTMAX:
            return False
        names = ("input", "dim", "_stacklevel", "dtype")
        _, dim, _, dtype = _options(list(node.args), dict(node.kwargs), names, (None,) * 4)
        dim = self._resolve(dim)
        return isinstance(dim, int) and dim % rank == rank - 1 and dtype is None

    def _layer_norm(self, node: fx.Node, args: list[Any], kwargs: dict, label: str) -> str | None:
        """F.layer_norm(x, shape, weight, bias, eps) over the last dim, with the module's
        own parameters (nanoGPT's LayerNorm, whose bias may be None): a LayerNorm layer
        holding them."""
        names = ("input", "normalized_shape", "weight", "bias", "eps")
        x, shape, weight, bias, eps = _options(args, kwargs, names, (None, None, None, None, 1e-5))
        if list(self._resolve(shape)) != [self._value(node).shape[-1]]:
            return f"{label} over more than the last dim has no LayerLab setting"
        learned = [t for t in (weight, bias) if t is not None]
        if not all(map(self._is_parameter, learned)) or (weight is None and bias is not None):
            return f"{label} with a weight that is not the module's own parameter"
        params = {"eps": float(self._resolve(eps)), "elementwise_affine": weight is not None}
        params["bias"] = bias is not None
        self._layer(node, "LayerNorm", params, [x])
        for name, tensor in (("weight", weight), ("bias", bias)):
            if tensor is not None:
                self.weight_keys[str(tensor.target)] = f"{self.tensors[node]}.{name}"
        return None

    def _extends(self, arg: Any, node_id: str, merge: LayerSpec) -> bool:
        """`(a + b) + c` whose inner sum has no other use: one Add of three inputs, as the
        Python export writes a three-input Add (a merge taking any number of inputs)."""
        made = self.made_by.get(node_id)
        return (
            made is not None
            and made is arg
            and len(made.users) == 1
            and merge.inputs[1] is None
            and self.graph.nodes[node_id].type == merge.type
            and not self.graph.nodes[node_id].params
        )

    def _widen(self, node: fx.Node, merge_id: str, source: str) -> None:
        ports = sum(1 for edge in self.graph.edges if edge.target == merge_id)
        self.graph.connect(source, merge_id, ports)
        self.tensors[node] = merge_id
        self.made_by[merge_id] = node  # a further `+ d` widens it again

    def _join(self, node: fx.Node, stack: bool, args: list[Any], kwargs: dict, label: str):
        tensors = args[0] if args else kwargs.get("tensors")
        if not isinstance(tensors, (list, tuple)):
            tensors = []
        ids = [self._operand(t, node) for t in tensors]
        if not ids or not all(map(self._is_id, ids)):
            return f"{label} of something other than a list of tensors"
        (dim,) = _options(args[1:], kwargs, ("dim",), (0,))
        if len(ids) == 1 and not stack:
            return self._alias(node, ids[0], tensors[0], label)  # torch.cat([x]) is x
        return self._layer(node, "Stack" if stack else "Concat", {"dim": dim}, ids)

    def _alias(self, node: fx.Node, source: str, arg: Any, label: str) -> str | None:
        """x.contiguous(), torch.cat([x]), x.expand(...) that adds nothing: the same node
        (a parameter's expand over the batch is its Parameter node)."""
        value, before = self._value(node), self._value(arg)
        learned = self.graph.nodes[source].type == "Parameter" and arg not in self.tensors
        if not learned and isinstance(before, torch.Tensor) and value.shape != before.shape:
            return f"{label} changes the shape {tuple(before.shape)} -> {tuple(value.shape)}"
        self.tensors[node] = source
        return None

    def _reshape(self, node: fx.Node, first: str, args: list[Any], label: str) -> str | None:
        """view/reshape keeping the batch first: (B, -1) is Flatten, anything else Reshape."""
        packed = len(args) == 2 and isinstance(args[1], (list, tuple, fx.Node))
        dims = args[1] if packed else args[1:]
        if isinstance(dims, fx.Node):  # x.view(shape) with a computed shape tuple
            return f"{label} to a shape computed at run time"
        dims = list(dims)
        if not dims or not (dims[0] in self.batch or (dims[0] == -1 and -1 not in dims[1:])):
            return f"{label} must keep the batch first, as in x.view(x.size(0), ...)"
        if any(isinstance(d, fx.Node) and d not in self.static for d in dims[1:]):
            return f"{label} to a size computed at run time; LayerLab shapes are static"
        rest = [self._resolve(d) for d in dims[1:]]
        if not all(isinstance(d, int) for d in rest):
            return f"{label} to a size computed at run time; LayerLab shapes are static"
        if rest == [-1]:
            return self._layer(node, "Flatten", {}, [first])
        return self._layer(node, "Reshape", {"shape": rest}, [first])

    def _permute(self, node: fx.Node, first: str, args: list[Any], kwargs: dict) -> str | None:
        dims = args[1] if len(args) == 2 and isinstance(args[1], (list, tuple)) else args[1:]
        dims = list(kwargs.get("dims", dims))
        rank = self._value(node).dim()
        dims = [d % rank for d in dims]
        if dims[0] != 0:
            return self._batch_moved(node, first, dims)
        return self._layer(node, "Permute", {"dims": dims}, [first])

    def _batch_moved(self, node: fx.Node, first: str, dims: list[int]) -> str | None:
        """x.permute(2, 0, 3, 1, 4).unbind(0) (timm's attention splits q, k, v so): a
        permute moving the batch is a tuple along its new dim 0, whose piece i is x with
        dim dims[0] fixed at i (Select) and the other dims in their order (Permute)."""
        moved = dims[0]
        rest = [d - (d > moved) for d in dims[1:]]
        whole = (
            f"permute{tuple(dims)} moves the batch away from dim 0 (LayerLab keeps it first; "
            "taking the result apart along dim 0, as unbind(0) does, is fine)"
        )
        if rest[0] != 0:
            return whole
        picked: dict[int, str] = {}

        def pick(index: Any) -> str:
            if not isinstance(index, int):
                raise ValueError(f"piece [{index!r}] of a permute moving the batch")
            index %= self._value(node).shape[0]
            if index not in picked:
                name = f"{node.name}_{index}"
                piece = self._extra(first, "Select", {"dim": moved, "index": index}, name)
                if rest != sorted(rest):
                    piece = self._extra(piece, "Permute", {"dims": rest}, f"{name}_permute")
                picked[index] = piece
            return picked[index]

        self.pieces[node] = Piece(pick, self._value(node).shape[0], whole)
        return None

    def _split(
        self, node: fx.Node, first: str, target: Any, args: list[Any], kwargs: dict
    ) -> str | None:
        """chunk/split/unbind: each piece used becomes a Slice (or Select) of the input."""
        name = target if isinstance(target, str) else target.__name__
        dim = kwargs.get(
            "dim",
            args[2] if len(args) > 2 else (args[1] if name == "unbind" and len(args) > 1 else 0),
        )
        parts = self._value(node)
        sizes = [p.shape[dim] for p in parts]
        starts = [sum(sizes[:i]) for i in range(len(sizes))]

        def pick(index: Any) -> str:
            if not isinstance(index, int):
                raise ValueError(f"piece [{index!r}] is not one piece")
            i = index % len(parts)
            if name == "unbind":
                return self._extra(first, "Select", {"dim": dim, "index": i}, f"{node.name}_{i}")
            rng = {"dim": dim, "start": starts[i], "end": starts[i] + sizes[i]}
            return self._extra(first, "Slice", rng, f"{node.name}_{i}")

        self.pieces[node] = Piece(pick)
        return None

    def _index(self, node: fx.Node, first: str, args: list[Any], label: str) -> str | None:
        """x[:, -1], x[:, 1:], x[..., None]: one Select/Slice/Unsqueeze per indexed dim."""
        index = args[1]
        items = list(index) if isinstance(index, tuple) else [index]
        rank = self._value(args[0]).dim()
        if any(i is Ellipsis for i in items):
            at = items.index(Ellipsis)
            used = sum(1 for i in items if i is not None and i is not Ellipsis)
            items[at : at + 1] = [slice(None)] * (rank - used)
        if not items or items[0] != slice(None):
            return f"{label} indexes the batch dimension; keep it whole (x[:, ...])"
        current, dim = first, 0
        params: dict[str, Any]
        for item in items:
            if isinstance(item, fx.Node) and item not in self.static:
                return f"{label} with a tensor index; LayerLab indexes by constants"
            if isinstance(item, slice):
                item = slice(*map(self._resolve, (item.start, item.stop, item.step)))
            item = self._resolve(item)
            if item is None:
                op, params = "Unsqueeze", {"dim": dim}
                dim += 1
            elif isinstance(item, int):
                op, params = "Select", {"dim": dim, "index": item}
            elif isinstance(item, slice) and item == slice(None):
                dim += 1
                continue
            elif isinstance(item, list) and len(item) == 1 and isinstance(item[0], int):
                end = item[0] + 1 or None  # x[:, [-1]]: the last step, its dim kept
                op, params = "Slice", {"dim": dim, "start": item[0], "end": end}
                dim += 1
            elif isinstance(item, slice):
                op, params = "Slice", {"dim": dim, "start": item.start or 0, "end": item.stop}
                params["step"] = item.step or 1
                dim += 1
            else:
                return f"{label} with index {item!r}; LayerLab takes ints, slices and None"
            current = self._extra(current, op, params, op.lower())
        self.tensors[node] = current
        return None

    def _interpolate(
        self, node: fx.Node, first: str, args: list[Any], kwargs: dict, label: str
    ) -> str | None:
        names = ("size", "scale_factor", "mode", "align_corners", "recompute_scale_factor")
        size, scale, mode, corners, recompute = _options(
            args[1:], kwargs, names, (None, None, "nearest", None, None)
        )
        if recompute or kwargs.get("antialias"):
            return f"{label} with recompute_scale_factor/antialias has no Upsample setting"
        size, scale = self._resolve(size), self._resolve(scale)
        params = {"mode": mode, "align_corners": corners}
        params["size" if size is not None else "scale_factor"] = _plain_value(
            size if size is not None else scale
        )
        return self._layer(node, "Upsample", params, [first])

    def _functional(
        self, node: fx.Node, spec: LayerSpec, first: str, args: list[Any], kwargs: dict, label: str
    ) -> str | None:
        """F.leaky_relu(x, 0.2) -> LeakyReLU(negative_slope=0.2): positional options in
        the spec's (constructor) order, keywords by name. Other keywords must be switched
        off (None, False, private) or be `training`, which a layer takes from its mode."""
        names = [p.name for p in spec.params]
        rest = [self._resolve(a) for a in args[1:]]
        if len(rest) > len(names):
            return f"{label} has more arguments than {spec.type} takes ({', '.join(names)})"
        params = dict(zip(names, rest, strict=False))
        for key, value in kwargs.items():
            value = self._resolve(value)
            if key in names and key not in params:
                params[key] = value
            elif key not in names and (value is None or value is False or key[0] == "_"):
                continue
            elif key != "training":
                return f"{label}: argument {key}={value!r} has no {spec.type} equivalent"
        if any(isinstance(v, (fx.Node, torch.Tensor)) for v in params.values()):
            return f"{label} with a tensor argument; use the nn.{spec.type} module instead"
        params = {
            k: v for k, v in params.items() if v is not None or spec.param(k).nullable
        }  # F.pad(value=None) means the default
        if spec.inputs != (1, 1):
            return f"{label} has no LayerLab layer"
        return self._layer(node, spec.type, params, [first])

    # -- building blocks ----------------------------------------------------------------
    def _layer(self, node: fx.Node, type_name: str, params: dict, inputs: list[Any]) -> str | None:
        """Add a node of a registry type with validated params (defaults left out); None
        (no refusal) like every handler, so handlers can end with it."""
        spec = get_spec(type_name)
        resolved = spec.resolve(_plain(params))
        ids = [v if isinstance(v, str) else self._operand(v, node) for v in inputs]
        if not all(map(self._is_id, ids)):
            raise ValueError("is not applied to tensors LayerLab tracks")
        self._add(node, spec.type, _non_default(spec, resolved), ids)
        return None

    def _add(
        self, node: fx.Node, type_name: str, params: dict, inputs: list[Any], name: str = ""
    ) -> str:
        node_id = self._fresh(name or node.name)
        self.graph.add_node(Node(node_id, type_name, params))
        for port, value in enumerate(inputs):
            source = value if isinstance(value, str) else self.tensors[value]
            self.graph.connect(source, node_id, port)
        self.tensors[node] = node_id
        self.made_by[node_id] = node
        self.where[node_id] = location(node)
        return node_id

    def _extra(self, source: str, type_name: str, params: dict, name: str) -> str:
        """A node the fx graph has no node of its own for (a chunk piece, h_n's step)."""
        spec = get_spec(type_name)
        node_id = self._fresh(name)
        self.graph.add_node(Node(node_id, type_name, _non_default(spec, spec.resolve(params))))
        self.graph.connect(source, node_id)
        self.where[node_id] = self.where.get(source, "")
        return node_id

    def _operand(self, value: Any, user: fx.Node) -> Any:
        """A LayerLab node id for a tensor operand (a parameter or constant tensor becomes a
        Parameter node shaped for how `user` broadcasts it), else the plain value."""
        if isinstance(value, fx.Node):
            if value in self.tensors:
                return self.tensors[value]
            if value in self.static:
                constant = self._value(value)
                if isinstance(constant, torch.Tensor) and constant.dim() > 0:
                    return self._learned(value, constant, user)
                return constant.item() if isinstance(constant, torch.Tensor) else constant
        return value

    def _learned(self, value: fx.Node, tensor: torch.Tensor, user: fx.Node) -> Any:
        """A parameter, buffer or constant tensor as a Parameter node. Its sample shape is
        its shape broadcast to the rank of `user`'s result, less the leading (batch) 1."""
        out = self._value(user)
        rank = out.dim() if isinstance(out, torch.Tensor) else tensor.dim()
        full = (1,) * (rank - tensor.dim()) + tuple(tensor.shape)
        if full[0] != 1 or len(full) < 2:
            return value
        shape = full[1:]
        target = str(value.target) if value.op == "get_attr" else value.name
        if (target, shape) in self.learned:
            return self.learned[(target, shape)]
        node_id = self._fresh(_clean(_tensor_name(value)))
        self.graph.add_node(Node(node_id, "Parameter", {"shape": list(shape)}))
        self.graph.connect(self.batch_source, node_id)
        self.where[node_id] = location(value)
        key = f"{node_id}.weight"
        is_parameter = value in self.learned_rows or (
            value.op == "get_attr" and isinstance(attribute(self.module, target), nn.Parameter)
        )
        if value.op == "get_attr" and target in self.state_keys:
            self.weight_keys[target] = key
        else:
            self.constants[key] = tensor.detach().reshape(shape).clone()
        if not is_parameter:
            self.frozen.add(node_id)  # a buffer or a constant: not learned
        self.reshape[key] = shape
        self.learned[(target, shape)] = node_id
        return node_id

    def _is_parameter(self, value: Any) -> bool:
        """A learned tensor of the module (indexing it must stay learnable)."""
        return (
            isinstance(value, fx.Node)
            and value.op == "get_attr"
            and isinstance(attribute(self.module, str(value.target)), nn.Parameter)
        )

    def _is_id(self, value: Any) -> TypeGuard[str]:
        return isinstance(value, str) and value in self.graph.nodes

    def _resolve(self, value: Any) -> Any:
        """A static fx value (a size, a constant) as the plain value; lists element-wise."""
        if isinstance(value, (list, tuple)):
            return type(value)(self._resolve(v) for v in value)
        if isinstance(value, fx.Node) and value in self.static:
            return _plain_value(self._value(value))
        return value

    def _tensor_like(self, value: Any) -> bool:
        return isinstance(value, fx.Node) and value in self.tensors

    def _is_static(self, value: Any) -> bool:
        return isinstance(value, fx.Node) and value in self.static

    def _value(self, value: Any) -> Any:
        if isinstance(value, fx.Node):
            if value.op == "get_attr" and value not in self.values:
                return attribute(self.module, str(value.target))
            return self.values.get(value)
        return value

    def _fresh(self, base: str) -> str:
        name, n = base, 1
        while name in self.graph.nodes:
            name, n = f"{base}_{n}", n + 1
        return name

    def _unknown(self, node: fx.Node) -> str | None:
        """Why a node downstream of a failure could never be mapped, if it could not."""
        if node.op == "call_module":
            sub = self.module.get_submodule(str(node.target))
            padding = _padding_mask(node, sub)
            if padding:  # a padding mask made from the tokens (x == pad) failed too
                label = _module_label(sub, str(node.target))
                return f"{label} gets {padding}=..., which LayerLab layers do not take"
            if type(sub) is nn.TransformerEncoder:
                return stack_parts(sub, str(node.target))[1]
            spec, reason = spec_for_module(sub)
            if spec is None:
                return f"{_module_label(sub, str(node.target))} {reason}"
            _, refusal = read_params(spec, sub)
            return f"{_module_label(sub, str(node.target))}: {refusal}" if refusal else None
        if node.op in ("call_function", "call_method") and not _known_target(node.target):
            label = _label(node)
            return f"{label} has no LayerLab layer"
        return None


# -- module -> spec ---------------------------------------------------------------------
@functools.cache
def specs_by_class() -> dict[type, LayerSpec]:
    """torch class -> the spec that builds (or imports) it; a spec named like the class
    wins a tie (Identity over Input/Output)."""
    table: dict[type, LayerSpec] = {}
    for spec in all_specs():
        if spec.build is not None:
            continue
        for path in (spec.module_path, *spec.imports):
            module, _, name = path.rpartition(".")
            cls = getattr(importlib.import_module(module), name)
            if cls not in table or spec.type == cls.__name__:
                table[cls] = spec
    return table


def spec_for_module(module: nn.Module) -> tuple[LayerSpec | None, str]:
    """The spec for a module instance: by class, or for a class outside torch named like
    one of LayerLab's own layers with the same settings (torchvision's StochasticDepth)."""
    cls = type(module)
    if cls in specs_by_class():
        return specs_by_class()[cls], ""
    for spec in all_specs():
        mine = spec.type == cls.__name__ and spec.module_path.startswith(MODULES)
        if mine and read_params(spec, module)[1] is None:
            return spec, ""
    if isinstance(module, nn.TransformerDecoderLayer):
        return None, (
            "(encoder-decoder, with cross-attention on a memory) has no LayerLab layer; "
            "LayerLab's TransformerDecoderLayer is the decoder-only (GPT) block"
        )
    return None, "has no LayerLab layer"


def _attention_arguments(module: nn.Module) -> list[str]:
    """The forward arguments of torch's attention modules, in order (LayerLab's take one
    tensor); [] for any other module."""
    if type(module) is nn.MultiheadAttention:
        return [
            *("query", "key", "value", "key_padding_mask", "need_weights", "attn_mask"),
            *("average_attn_weights", "is_causal"),
        ]
    if type(module) is nn.TransformerEncoderLayer:
        return ["src", "src_mask", "src_key_padding_mask", "is_causal"]
    if type(module) is nn.TransformerEncoder:
        return ["src", "mask", "src_key_padding_mask", "is_causal"]
    return []


def _padding_mask(node: fx.Node, module: nn.Module) -> str:
    """The name of the padding mask an attention module's call passes, else ""."""
    names = _attention_arguments(module)
    given = {**dict(zip(names, node.args, strict=False)), **node.kwargs}
    padding = [n for n in names if n.endswith("padding_mask") and given.get(n) is not None]
    return padding[0] if padding else ""


def stack_parts(
    encoder: nn.TransformerEncoder, target: str
) -> tuple[list[tuple[str, LayerSpec, dict[str, Any]]], str | None]:
    """The layers an nn.TransformerEncoder chains (each torch's TransformerEncoderLayer),
    then its norm: (submodule path, spec, params) each, or why one has no LayerLab form."""
    named = [(f"{target}.layers.{i}", layer, True) for i, layer in enumerate(encoder.layers)]
    if encoder.norm is not None:
        named.append((f"{target}.norm", encoder.norm, False))
    parts = []
    for path, part, is_layer in named:
        spec, reason = spec_for_module(part)
        if is_layer and type(part) is not nn.TransformerEncoderLayer:
            spec, reason = None, "has no LayerLab layer"  # a subclass: its own forward
        if spec is None:
            return [], f"{_module_label(part, path)} {reason}"
        params, refusal = read_params(spec, part)
        if refusal:
            return [], f"{_module_label(part, path)}: {refusal}"
        parts.append((path, spec, params))
    return parts, None


@functools.cache
def merges_by_op() -> dict[str, LayerSpec]:
    """`add` -> Add: the merge computing an arithmetic op between two tensors."""
    return {spec.merges: spec for spec in all_specs() if spec.merges}


@functools.cache
def specs_by_function_name() -> dict[str, LayerSpec]:
    """`leakyrelu` -> LeakyReLU: spec names without underscores or case."""
    return {spec.type.lower(): spec for spec in all_specs() if spec.role == "layer"}


def read_params(spec: LayerSpec, module: nn.Module) -> tuple[dict[str, Any], str | None]:
    """The spec's params as the module holds them (resolved), or why they cannot be:
    a constructor option set to something LayerLab has no setting for is named."""
    try:
        raw = spec.read(module) if spec.read is not None else _attributes(spec, module)
    except AttributeError as err:
        return {}, f"cannot read '{err.args[0]}' from the module"
    except ValueError as err:
        return {}, f"option {err} has no LayerLab setting"
    if spec.read is None and (extra := _unsupported_options(spec, module)):
        return {}, f"option {extra} has no LayerLab setting"
    try:
        return spec.resolve(_plain(raw)), None
    except ParamError as err:
        return {}, err.detail if err.param is None else f"param '{err.param}': {err.detail}"


def _attributes(spec: LayerSpec, module: nn.Module) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for param in spec.params:
        if not hasattr(module, param.name):
            raise AttributeError(param.name)
        value = getattr(module, param.name)
        if param.kind == "bool" and isinstance(value, torch.Tensor):
            value = True  # bias=True leaves a tensor in module.bias
        elif param.kind == "bool" and value is None and not param.nullable:
            value = False  # ... and bias=False leaves None
        elif param.kind in ("ints", "floats") and isinstance(value, tuple) and len(set(value)) == 1:
            value = value[0]  # kernel_size (3, 3) is written 3, as people write it
        raw[param.name] = value
    return raw


def _unsupported_options(spec: LayerSpec, module: nn.Module) -> str | None:
    """`padding_mode='reflect'`: a constructor argument of the module's class that the spec
    neither exposes, infers nor fixes, holding something other than its default."""
    try:
        signature = inspect.signature(type(module).__init__)
    except (TypeError, ValueError):
        return None
    known = {p.name for p in spec.params} | set(spec.inferred) | {"self", "device", "dtype"}
    for name, param in signature.parameters.items():
        if name in known or name.startswith("_") or param.default is inspect.Parameter.empty:
            continue
        if not hasattr(module, name):
            continue
        expected = spec.fixed.get(name, param.default)
        value = getattr(module, name)
        simple = isinstance(value, (bool, int, float, str))
        if simple and isinstance(value, type(expected)) and value != expected:
            return f"{name}={value!r}"
    return None


def _non_default(spec: LayerSpec, resolved: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the spec's defaults, as a user would write the file."""
    return {
        p.name: resolved[p.name]
        for p in spec.params
        if p.name in resolved
        and (
            p.required
            or resolved[p.name] != p.default
            or type(resolved[p.name]) is not type(p.default)
        )
    }


# -- small helpers ------------------------------------------------------------------------
def _plain(params: dict[str, Any]) -> dict[str, Any]:
    """Tuples as lists, as project files hold them."""
    return {k: _plain_value(v) for k, v in params.items()}


def _plain_value(value: Any) -> Any:
    if isinstance(value, (tuple, list, torch.Size)):
        return [_plain_value(v) for v in value]
    return value


def _options(args: list[Any], kwargs: dict, names: tuple[str, ...], defaults: tuple) -> list:
    return [
        args[i] if i < len(args) else kwargs.get(name, default)
        for i, (name, default) in enumerate(zip(names, defaults, strict=True))
    ]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if isinstance(value, fx.Node):
        return f"'{value.name}'"
    return "a tensor" if isinstance(value, str) else repr(value)


def _no(what: str) -> str:
    raise ValueError(f"uses {what}, which LayerLab layers do not return")


def _is_causal_fill(mask: Any, shape: tuple[int, ...]) -> bool:
    """A boolean mask that, broadcast to scores of `shape` (…, L, S), is True exactly
    above the diagonal of every (L, S) matrix: the keys after each query."""
    if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool or len(shape) < 2:
        return False
    if mask.dim() > len(shape) or any(d != 1 for d in mask.shape[: max(mask.dim() - 2, 0)]):
        return False  # one matrix for every head and sample, as a constant mask is
    try:
        matrix = torch.broadcast_to(mask, shape[-2:]) if mask.dim() <= 2 else mask
        matrix = torch.broadcast_to(matrix.reshape(matrix.shape[-2:]), shape[-2:])
    except RuntimeError:
        return False
    return bool(torch.equal(matrix, torch.ones(shape[-2:], dtype=torch.bool).triu(1)))


def _dropout_p(module: nn.Module, node: fx.Node) -> float | None:
    """The p of a dropout step (an nn.Dropout called, or F.dropout), else None."""
    if node.op == "call_module":
        sub = module.get_submodule(str(node.target))
        return float(sub.p) if type(sub) is nn.Dropout else None
    if node.target in DROPOUT:
        (p,) = _options(list(node.args[1:]), dict(node.kwargs), ("p",), (0.5,))
        return float(p) if _is_number(p) else None
    return None


def _is_causal_mask(mask: Any) -> bool:
    """A float mask with -inf strictly above the diagonal and 0 elsewhere, or a boolean
    mask that is True exactly there."""
    if not isinstance(mask, torch.Tensor) or mask.dim() != 2 or mask.shape[0] != mask.shape[1]:
        return False
    above = torch.ones_like(mask, dtype=torch.bool).triu(1)
    if mask.dtype == torch.bool:
        return bool(torch.equal(mask, above))
    return bool((mask[above] == float("-inf")).all() and (mask[~above] == 0).all())


def attribute(module: nn.Module, target: str) -> Any:
    value: Any = module
    for part in target.split("."):
        value = getattr(value, part)
    return value


def _tensor_name(value: fx.Node) -> str:
    """The attribute a constant tensor is computed from alone (`pe` for the slice
    `self.pe[:, :T]`), else the fx node's own name."""
    sources, todo, seen = set(), [value], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if node.op == "get_attr":
            sources.add(str(node.target))
        todo.extend(node.all_input_nodes)
    return sources.pop() if len(sources) == 1 else value.name


def _clean(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]+", "_", name).strip("_") or "param"


def _label(node: fx.Node) -> str:
    if node.op == "call_module":
        return f"'{node.target}'"
    if node.op == "call_method":
        return f"Tensor.{node.target}"
    return function_name(node.target)


def _module_label(module: nn.Module, target: str) -> str:
    cls = type(module)
    return f"{cls.__module__}.{cls.__qualname__} ('{target}')"


@functools.cache
def _known_names() -> frozenset[Any]:
    names: set[Any] = set(specs_by_function_name())
    tables = (BINARY, CONCAT, STACK, FLATTEN, RESHAPE, PERMUTE, SPLIT, EXPAND, ALIAS, MASKED_FILL)
    for table in tables:
        names |= set(table)
    return frozenset(names | NEGATE | INTERPOLATE | SHAPE_CALLS | {operator.getitem, getattr})


def _known_target(target: Any) -> bool:
    if target in _known_names():
        return True
    name = target if isinstance(target, str) else getattr(target, "__name__", "")
    return name.replace("_", "").lower() in specs_by_function_name()


def function_name(target: Any) -> str:
    if target is operator.getitem:
        return "indexing x[...]"
    owner = getattr(target, "__module__", None) or ""
    name = getattr(target, "__name__", str(target))
    if owner.startswith("torch.nn.functional"):
        return f"F.{name}"
    return f"torch.{name}" if owner.startswith("torch") else f"{owner.strip('_')}.{name}"


TORCH_DIR = str(Path(torch.__file__).parent) + os.sep


def location(node: fx.Node) -> str:
    """file.py:LINE (the code) of the traced line, from fx's recorded stack trace: the
    innermost frame outside torch itself (library code such as torchvision counts)."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in \S+\n\s*(.*)', node.stack_trace or "")
    outside = [f for f in frames if not f[0].startswith(TORCH_DIR)]
    if not outside:
        return f"'{node.name}'"
    file, line, code = outside[-1]
    return f"{Path(file).name}:{line} ({code.strip()})"
