"""Which values of an ONNX graph are constants once the batch is fixed, and their values.

Exporters compute reshape targets from the input's shape at run time (Shape -> Gather ->
Unsqueeze -> Concat -> Reshape), so that the file takes any batch. With the batch fixed,
those chains are constants: `fold` evaluates them with onnx's reference evaluator, in
rounds with onnx's shape inference (a folded target lets inference see past the Reshape
it feeds, which lets the next Shape fold).

A file whose batch is open is folded twice, at two batch sizes, which tells what depends
on the batch: a value whose own size changes has the batch as a dim, so it is data to
compute (`cls_token.expand(B, -1, -1)`), not a constant; and a computed tensor's shapes
at the two sizes say where its batch is (LayerLab keeps it first, whole).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Ops whose value is not a function of their inputs: never folded.
RANDOM = {"RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike"}
RANDOM |= {"Multinomial", "Bernoulli"}
ROUNDS = 8  # fold / infer rounds; each round lets inference see one more reshape deep
SMALL = 64  # stored tensors up to this many elements are shown to shape inference


@dataclass
class Folded:
    """`constants` and `shapes` at the first batch size; `other_shapes` at the second
    (empty when the file fixes its batch); `batch_sized`: folded values that have the
    batch as a dim, so are computed after all."""

    constants: dict[str, np.ndarray]
    shapes: dict[str, tuple[int | None, ...]]
    types: dict[str, int]  # onnx element type per value, where inference knows it
    other_shapes: dict[str, tuple[int | None, ...]] = field(default_factory=dict)
    batch_sized: set[str] = field(default_factory=set)


def fold(model: Any, batch: int, other: int | None) -> Folded:
    """Fold `model` with its open batch set to `batch` (and again to `other`, if given)."""
    constants, shapes, types = _fold_at(model, batch)
    result = Folded(constants, shapes, types)
    if other is None:
        return result
    other_constants, result.other_shapes, _ = _fold_at(model, other)
    for name, value in constants.items():
        alternative = other_constants.get(name)
        if alternative is not None and np.shape(alternative) != np.shape(value):
            result.batch_sized.add(name)
    return result


def _fold_at(
    model: Any, batch: int
) -> tuple[dict[str, np.ndarray], dict[str, tuple[int | None, ...]], dict[str, int]]:
    from onnx import numpy_helper

    graph = model.graph
    constants = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    opset = {o.domain: o.version for o in model.opset_import}
    done: set[int] = set()
    shapes: dict[str, tuple[int | None, ...]] = {}
    types: dict[str, int] = {}
    for _ in range(ROUNDS):
        shapes, types = _infer(model, batch, constants, done)
        progress = False
        for index, node in enumerate(graph.node):
            if index in done or node.op_type in RANDOM:
                continue
            values = _evaluate(node, constants, shapes, opset)
            if values is not None:
                constants.update(values)
                done.add(index)
                progress = True
        if not progress:
            break
    return constants, shapes, types


def _evaluate(
    node: Any,
    constants: dict[str, np.ndarray],
    shapes: dict[str, tuple[int | None, ...]],
    opset: dict[str, int],
) -> dict[str, np.ndarray] | None:
    """The node's outputs, if they follow from constants (or, for Shape, a known shape)."""
    if node.op_type == "Shape" and node.domain in ("", "ai.onnx"):
        shape = shapes.get(node.input[0])
        if shape is None or any(d is None for d in shape):
            return None
        attributes = {a.name: a.i for a in node.attribute}
        start, end = attributes.get("start", 0), attributes.get("end", len(shape))
        return {node.output[0]: np.array(shape[start:end], dtype=np.int64)}
    if not all(name in constants or not name for name in node.input):
        return None
    from onnx import helper
    from onnx.reference import ReferenceEvaluator

    graph = helper.make_graph(
        [node],
        "fold",
        [],
        [helper.make_tensor_value_info(o, 0, None) for o in node.output],
        [_tensor(name, constants[name]) for name in node.input if name],
    )
    imports = [helper.make_opsetid(domain, version) for domain, version in opset.items()]
    try:
        values = ReferenceEvaluator(helper.make_model(graph, opset_imports=imports)).run(None, {})
    except Exception:  # an op the evaluator lacks, or bad input: left to the importer
        return None
    return {
        name: np.asarray(value) for name, value in zip(node.output, values, strict=True) if name
    }


def _infer(
    model: Any, batch: int, constants: dict[str, np.ndarray], done: set[int]
) -> tuple[dict[str, tuple[int | None, ...]], dict[str, int]]:
    """onnx's shape inference on the graph with its batch fixed and folded nodes replaced
    by their values (small ones as data, large ones by their shape alone, which is all
    inference needs of a weight and keeps the copy cheap)."""
    import onnx
    from onnx import helper

    graph = model.graph
    stored = {init.name for init in graph.initializer}
    inputs = [copy.deepcopy(i) for i in graph.input if i.name not in stored]
    for value in inputs:
        dims = value.type.tensor_type.shape.dim
        if dims and not dims[0].HasField("dim_value"):
            dims[0].dim_value = batch
    known = []
    for name, value in constants.items():
        if value.size <= SMALL:
            known.append(_tensor(name, value))
        else:
            inputs.append(
                helper.make_tensor_value_info(
                    name, helper.np_dtype_to_tensor_dtype(value.dtype), value.shape
                )
            )
    nodes = [node for index, node in enumerate(graph.node) if index not in done]
    trimmed = helper.make_graph(nodes, graph.name, inputs, list(graph.output), known)
    fixed = helper.make_model(trimmed, opset_imports=list(model.opset_import))
    fixed.ir_version = model.ir_version
    try:
        inferred = onnx.shape_inference.infer_shapes(fixed, data_prop=True).graph
    except Exception:  # inconsistent shapes in the file: what is known so far
        inferred = trimmed
    shapes, types = {}, {}
    for value in [*inferred.input, *inferred.value_info, *inferred.output]:
        tensor = value.type.tensor_type
        if not tensor.HasField("shape"):
            continue
        shapes[value.name] = tuple(
            d.dim_value if d.HasField("dim_value") else None for d in tensor.shape.dim
        )
        types[value.name] = tensor.elem_type
    for name, value in constants.items():
        shapes[name] = tuple(value.shape)
    return shapes, types


def _tensor(name: str, value: np.ndarray) -> Any:
    from onnx import numpy_helper

    return numpy_helper.from_array(np.asarray(value), name)
