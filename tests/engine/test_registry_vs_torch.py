"""Every registry layer against real torch: inferred shapes and parameter counts match the
built module on random inputs, over many drawn parameter combinations; params survive JSON.
"""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import pytest
import torch
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engine import Graph, Node, all_specs, build_model, infer_shapes
from engine.layers import LayerSpec, ParamSpec
from engine.project import graph_from_dict

# When inference refuses a graph that torch runs anyway, the refusal must be deliberate:
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
]


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


def _value(spec: ParamSpec) -> st.SearchStrategy[Any]:
    kind = spec.kind
    if kind == "int":
        value = _int(spec)
    elif kind == "float":
        value = _float(spec)
    elif kind == "bool":
        value = st.booleans()
    elif kind in ("choice", "str"):
        value = st.sampled_from(spec.choices)
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
def _params(draw: st.DrawFn, spec: LayerSpec) -> dict[str, Any]:
    params = {}
    for param in spec.params:
        if param.required or draw(st.integers(0, 2)) == 0:  # mostly defaults: more valid
            params[param.name] = draw(_value(param))
    return params


@st.composite
def _input_shapes(draw: st.DrawFn, spec: LayerSpec) -> list[tuple[int, ...]]:
    low, high = spec.inputs
    count = draw(st.integers(low, high if high is not None else 3))
    rank = draw(st.sampled_from([1, 2, 2, 3, 3, 4]))
    first = tuple(draw(st.lists(st.integers(1, 9), min_size=rank, max_size=rank)))
    shapes = [first]
    for _ in range(count - 1):  # mostly compatible: each dim kept or redrawn
        shapes.append(tuple(d if draw(st.booleans()) else draw(st.integers(1, 8)) for d in first))
    return shapes


def _graph(spec: LayerSpec, params: dict[str, Any], shapes: list[tuple[int, ...]]) -> Graph:
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


def _sample(spec: LayerSpec, params: dict[str, Any], shape: tuple[int, ...]) -> torch.Tensor:
    if "float32" not in spec.accepts:  # ids, e.g. for an Embedding
        return torch.randint(0, params["num_embeddings"], (3, *shape))
    return torch.randn(3, *shape)


LAYERS = [s for s in all_specs() if s.inputs != (0, 0)]


@pytest.mark.parametrize("spec", LAYERS, ids=[s.type for s in LAYERS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_inferred_shape_and_count_match_torch(spec: LayerSpec, data: st.DataObject) -> None:
    params = data.draw(_params(spec), label="params")
    shapes = data.draw(_input_shapes(spec), label="input shapes")
    event(_compare_with_torch(spec, params, shapes))  # see --hypothesis-show-statistics


@pytest.mark.parametrize("spec", LAYERS, ids=[s.type for s in LAYERS])
def test_new_node_accepts_a_typical_input(spec: LayerSpec) -> None:
    """A freshly dropped node works on some common sample shape (so every layer is
    cross-checked on at least one accepted case, whatever hypothesis draws)."""
    params = spec.initial_params()
    typical = [(4,), (4, 8), (4, 8, 8), (4, 8, 8, 8)]
    results = [_compare_with_torch(spec, params, [s] * spec.inputs[0]) for s in typical]
    assert "accepted" in results


def _compare_with_torch(
    spec: LayerSpec, params: dict[str, Any], shapes: list[tuple[int, ...]]
) -> str:
    """Check inference against torch for one case; returns "accepted" or "refused"."""
    graph = _graph(spec, params, shapes)
    assert graph_from_dict(json.loads(json.dumps(graph.to_dict()))) == graph
    info = infer_shapes(graph)["x"]
    if info.params is None:  # a param refused by validation: torch need not agree
        return "refused"
    inputs = [_sample(spec, params, s) for s in shapes]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module = spec.build_module(list(shapes), info.params)
            out = module(*inputs)
        except Exception as err:  # any torch failure counts as a refusal
            assert info.problem, f"inference accepted {shapes} but torch failed: {err!r}"
            return "refused"
    if info.problem:
        assert any(re.search(p, info.problem) for p in JUSTIFIED), (
            f"inference refused ({info.problem}) what torch runs: {tuple(out.shape)}"
        )
        return "refused"
    assert tuple(out.shape[1:]) == info.output
    assert spec.count(list(shapes), info.params) == sum(p.numel() for p in module.parameters())
    result = build_model(graph)(*inputs)
    assert tuple(result.shape[1:]) == info.output
    return "accepted"


def test_input_declares_its_shape() -> None:
    graph = Graph([Node("in", "Input", {"shape": [3, 4]}), Node("out", "Output")])
    graph.connect("in", "out")
    assert infer_shapes(graph).output("out") == (3, 4)


@pytest.mark.parametrize("spec", all_specs(), ids=[s.type for s in all_specs()])
def test_new_node_params_are_valid_and_round_trip(spec: LayerSpec) -> None:
    params = spec.initial_params()
    assert spec.resolve(json.loads(json.dumps(params))) == spec.resolve(params)
