"""`check_layer(spec, params, input_shapes)`: everything one layer declaration promises,
checked against real torch, and hypothesis strategies drawn from the spec's own ParamSpecs.

A new LayerSpec is covered by the tests that run this over `all_specs()` without a line
here: a spec that lacks a fact it needs (a parameter count, an importable module, a class
the importer can read back, a param torch refuses) fails one of the steps.

It lives under tests, not engine: the ONNX step needs onnxruntime and the strategies
hypothesis, which are test dependencies only.
"""

from __future__ import annotations

import ast
import json
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any, Literal

import torch
from hypothesis import strategies as st
from torch import nn

import engine
from engine import Graph, LayerSpec, Node, ParamSpec, build_model, infer_shapes
from engine.export import ExportError, export_onnx, export_python
from engine.export.common import sample_inputs
from engine.importers import import_module, load_module_class
from engine.project import graph_from_dict

Shape = tuple[int, ...]
Outcome = Literal["accepted", "refused"]

# When inference refuses what torch runs anyway, the refusal must be deliberate:
JUSTIFIED = [
    # Ranks are fixed because the batch dim is: torch would read a (C, H) sample batch as
    # one unbatched (C, H, W) image, or a (features,) batch as one unbatched sequence.
    r"expects .* input",
    # Merges broadcast samples of one rank only; torch would align a sample dim with the
    # batch dim when ranks differ. Stack takes equal shapes, as torch does.
    r"inputs must have the same rank",
    # Dims that name the batch (0) are refused: a per-sample graph cannot touch it.
    r"batch",
    # A sample reduced to a scalar has no shape LayerLab can carry; the user keeps a dim.
    r"scalar",
    # torch returns an empty tensor; a layer that outputs nothing is always a mistake.
    r"a size is not positive",
    # F.pad refuses a fill value in the other modes; LayerLab's Pad module would drop it.
    r"value only applies to constant padding",
    # torch's 4-d CPU attention kernel does not check values against keys: (B, 1, 4, 8)
    # values beside (B, 1, 6, 8) keys return a result instead of an error.
    r"value length \(\d+\) must equal key length",
]
# What an exported Python file may import: torch, and safetensors to load weights.
ALLOWED_IMPORTS = {"__future__", "torch", "safetensors.torch"}
BATCH = 3


def check_layer(
    spec: LayerSpec,
    params: dict[str, Any],
    input_shapes: list[Shape],
    *,
    deep: bool = True,
    onnx: bool = False,
) -> Outcome:
    """Check one layer with `params` on inputs of `input_shapes` (no batch dim).

    Always: the graph survives JSON; inference agrees with torch (shape, or a justified
    refusal); the spec's parameter count matches the module's; the built model gives the
    inferred shape. With `deep`, for an accepted case also: the Python export computes
    the same outputs and imports only torch; torch.fx imports the built model back as the
    same layer with the same params; one optimizer step has finite gradients. With
    `onnx`: the ONNX export matches in onnxruntime (or, for a spec declaring
    exports_onnx=False for these params, fails with a clear error and leaves no file).
    """
    with warnings.catch_warnings():
        # torch's advice for a drawn one-layer RNN with dropout; the layer still works
        warnings.filterwarnings("ignore", "dropout option adds dropout", UserWarning)
        return _check_layer(spec, params, input_shapes, deep, onnx)


def _check_layer(
    spec: LayerSpec, params: dict[str, Any], input_shapes: list[Shape], deep: bool, onnx: bool
) -> Outcome:
    graph = layer_graph(spec, params, input_shapes)
    assert graph_from_dict(json.loads(json.dumps(graph.to_dict()))) == graph
    info = infer_shapes(graph)["x"]
    if info.params is None:  # a param refused by validation: torch need not agree
        return "refused"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fed = [info.output or ()] if spec.role == "input" else input_shapes
        inputs = [_sample(spec, params, s) for s in fed]
        try:
            module = spec.build_module(list(input_shapes), info.params)
            out = module(*inputs)
        except Exception as err:  # any torch failure counts as a refusal
            assert info.problem, f"inference accepted {input_shapes} but torch failed: {err!r}"
            return "refused"
    if info.problem:
        assert any(re.search(p, info.problem) for p in JUSTIFIED), (
            f"inference refused ({info.problem}) what torch runs: {tuple(out.shape)}"
        )
        return "refused"
    assert tuple(out.shape[1:]) == info.output
    count = sum(p.numel() for p in module.parameters())
    assert spec.count(list(input_shapes), info.params) == count, "count() disagrees with torch"
    _check_facts(spec, module, inputs, out)
    model = build_model(graph)
    with torch.no_grad():
        assert tuple(model.eval()(*sample_inputs(model, BATCH)).shape[1:]) == info.output
    if deep:
        with tempfile.TemporaryDirectory() as tmp:
            exported = _python_export(model, Path(tmp))
            _reimport(spec, graph, exported, info.params)
            if onnx:
                _onnx_export(spec, params, model, Path(tmp))
        _optimizer_step(model)
    return "accepted"


SQUASHED = {  # what each LayerSpec.squashes value promises about every output
    "probabilities": lambda y: bool(((y >= 0) & (y <= 1)).all()),
    "log-probabilities": lambda y: bool((y <= 0).all()),
    "non-negative": lambda y: bool((y >= 0).all()),
}


def _check_facts(
    spec: LayerSpec, module: nn.Module, inputs: list[torch.Tensor], out: torch.Tensor
) -> None:
    """The spec's declared facts hold for the module torch built (the rules, summary and
    importers trust them)."""
    if spec.view and spec.role != "input":  # no new tensor: the summary counts no memory
        assert out.untyped_storage().data_ptr() == inputs[0].untyped_storage().data_ptr()
    if spec.dropout:  # the identity in eval
        with torch.no_grad():
            assert torch.equal(module.eval()(*[x.clone() for x in inputs]), inputs[0])
    bias = getattr(module, "bias", None)
    if spec.channel_bias and isinstance(bias, torch.Tensor):  # one per channel or feature
        assert bias.numel() in (out.shape[1], out.shape[-1]), tuple(bias.shape)
    if spec.normalizes_batch:
        assert isinstance(module, nn.modules.batchnorm._BatchNorm)
    if spec.squashes is not None:
        assert SQUASHED[spec.squashes](out.detach()), f"{spec.type} outputs leave its range"
    if spec.merges is not None:
        with torch.no_grad():
            arithmetic = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div}
            expected = inputs[0]
            for x in inputs[1:]:
                expected = arithmetic[spec.merges](expected, x)
            assert torch.allclose(out, expected, equal_nan=True)


def layer_graph(spec: LayerSpec, params: dict[str, Any], shapes: list[Shape]) -> Graph:
    """Input(s) -> the layer "x" (one port per shape) -> Output."""
    graph = Graph()
    for i, shape in enumerate(shapes):
        graph.add_node(Node(f"in{i}", "Input", {"shape": list(shape), "dtype": spec.accepts[0]}))
    graph.add_node(Node("x", spec.type, params))
    for i in range(len(shapes)):
        graph.connect(f"in{i}", "x", port=i)
    if spec.role != "output":  # an Output under test ends the graph itself
        graph.add_node(Node("out", "Output"))
        graph.connect("x", "out")
    return graph


def _sample(spec: LayerSpec, params: dict[str, Any], shape: Shape) -> torch.Tensor:
    if "float32" not in spec.accepts:  # ids, e.g. for an Embedding
        return torch.randint(0, params["num_embeddings"], (BATCH, *shape))
    return torch.randn(BATCH, *shape)


def _python_export(model: engine.GraphModule, folder: Path) -> nn.Module:
    """The exported file's model: it computes what the built one does, importing only
    torch."""
    report = export_python(model, folder / "layer.py")  # runs the file: parity or error
    assert report.max_abs_diff == 0.0
    assert _imports((folder / "layer.py").read_text(encoding="utf-8")) <= ALLOWED_IMPORTS
    return load_module_class(f"{folder / 'layer.py'}:Model")()


def _imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


def _onnx_export(
    spec: LayerSpec, params: dict[str, Any], model: engine.GraphModule, folder: Path
) -> None:
    path = folder / "layer.onnx"
    if not spec.onnx_exportable(params):
        try:
            export_onnx(model, path)
        except ExportError as err:
            assert str(err).startswith("ONNX export failed: "), err
            assert not path.exists()
            return
        raise AssertionError(f"{spec.type} declares exports_onnx=False but it exported")
    assert export_onnx(model, path).max_abs_diff <= 1e-4


def _reimport(spec: LayerSpec, graph: Graph, model: nn.Module, params: dict[str, Any]) -> None:
    """torch.fx reads the exported model back: the same layer with the same params (the
    import itself proves equal outputs)."""
    result = import_module(model, [node.params["shape"] for node in engine.input_nodes(graph)])
    assert len(result.graph) == len(graph), [n.type for n in result.graph]
    back = list(result.graph)[list(graph.nodes).index("x")]
    if back.type != spec.type:  # another spelling of the same rearrangement (Flatten)
        assert spec.view and engine.get_spec(back.type).view, f"{spec.type} came back as {back}"
        shapes = infer_shapes(result.graph)
        assert shapes.output(back.id) == infer_shapes(graph).output("x")
        return
    read = spec.resolve(back.params)
    if read != params:  # torch may store a default as its value (pool stride = kernel)
        shapes = [s for s in infer_shapes(graph)["x"].inputs if s is not None]
        built = [repr(spec.build_module(shapes, p)) for p in (params, read)]
        assert built[0] == built[1], f"{spec.type} read back as {back.params}: {built}"


def _optimizer_step(model: engine.GraphModule) -> None:
    """One SGD step in train mode: every learned tensor gets a finite gradient and stays
    finite after the step."""
    model.train()
    outputs = model(*sample_inputs(model, BATCH))
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    loss = sum(o.float().pow(2).mean() for o in outputs)
    learned = [p for p in model.parameters() if p.requires_grad]
    if not learned:
        return
    optimizer = torch.optim.SGD(learned, lr=0.01)
    optimizer.zero_grad()
    loss.backward()
    for name, p in model.named_parameters():
        assert p.grad is not None, f"{name} got no gradient"
        assert torch.isfinite(p.grad).all(), f"{name} has a non-finite gradient"
    optimizer.step()
    assert all(torch.isfinite(p).all() for p in learned)


# -- hypothesis strategies from a spec's own ParamSpecs --------------------------------
def _int(spec: ParamSpec) -> st.SearchStrategy[int]:
    low = int(spec.min) if spec.min is not None else -4
    high = int(spec.max) if spec.max is not None else low + 7
    return st.integers(low, min(high, low + (4 if low >= 1 else 7)))


def _float(spec: ParamSpec) -> st.SearchStrategy[float]:
    low = spec.min if spec.min is not None else -2.0
    high = spec.max if spec.max is not None else low + 3.0
    return (
        st.floats(low, high, allow_nan=False)
        .map(lambda v: round(v, 3))
        .filter(lambda v: low <= v <= high)
    )


def param_values(spec: ParamSpec) -> st.SearchStrategy[Any]:
    """Values of one param's kind within its bounds (small, so layers stay cheap)."""
    kind = spec.kind
    if kind == "int":
        value = _int(spec)
    elif kind == "float":
        value = _float(spec)
    elif kind == "bool":
        value = st.booleans()
    elif kind in ("choice", "str"):
        value = st.sampled_from(spec.choices) if spec.choices else st.text(max_size=8)
    elif kind == "strs":
        value = st.lists(st.text(max_size=8), max_size=3)
    elif kind in ("ints", "floats"):
        one = _int(spec) if kind == "ints" else _float(spec)
        sizes = [spec.length] if spec.length else [1, 2, 3]
        many = st.sampled_from(sizes).flatmap(lambda n: st.lists(one, min_size=n, max_size=n))
        value = st.one_of(one, many, *([st.sampled_from(spec.choices)] if spec.choices else []))
    else:  # shape
        dim = st.integers(-1 if spec.min is None else int(spec.min), 6)
        value = st.lists(dim, min_size=1, max_size=3)
    return st.one_of(value, st.none()) if spec.nullable else value


@st.composite
def layer_params(draw: st.DrawFn, spec: LayerSpec) -> dict[str, Any]:
    """Required params always, the others now and then (mostly defaults: more valid)."""
    params = {}
    for param in spec.params:
        if param.required or draw(st.integers(0, 2)) == 0:
            params[param.name] = draw(param_values(param))
    return params


@st.composite
def input_shapes(draw: st.DrawFn, spec: LayerSpec) -> list[Shape]:
    """As many inputs as the spec takes, mostly compatible (each dim kept or redrawn)."""
    low, high = spec.inputs
    count = draw(st.integers(low, high if high is not None else 3))
    if count == 0:
        return []
    rank = draw(st.sampled_from([1, 2, 2, 3, 3, 4]))
    first = tuple(draw(st.lists(st.integers(1, 9), min_size=rank, max_size=rank)))
    shapes = [first]
    for _ in range(count - 1):
        shapes.append(tuple(d if draw(st.booleans()) else draw(st.integers(1, 8)) for d in first))
    return shapes


TYPICAL: list[Shape] = [(4,), (4, 8), (4, 8, 8), (4, 8, 8, 8)]


def typical_case(spec: LayerSpec) -> list[Shape]:
    """The first common sample shape a freshly dropped node accepts (every port fed)."""
    params = spec.initial_params()
    for shape in TYPICAL:
        graph = layer_graph(spec, params, [shape] * spec.inputs[0])
        if not infer_shapes(graph).problems():
            return [shape] * spec.inputs[0]
    raise AssertionError(f"a new {spec.type} accepts none of {TYPICAL}")
