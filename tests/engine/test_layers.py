"""Every registered layer through `check_layer` (tests/layer_harness.py): hypothesis draws
params and input shapes from each spec's own ParamSpecs; a new node's typical case runs
every step (Python export, fx re-import, an optimizer step); ONNX under the slow mark.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from layer_harness import check_layer, input_shapes, layer_params, typical_case

from engine import Category, Graph, LayerSpec, Node, all_specs, infer_shapes
from engine.layers.ops import ARITHMETIC

SPECS = all_specs()
IDS = [s.type for s in SPECS]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_drawn_params_and_shapes_agree_with_torch(spec: LayerSpec, data: st.DataObject) -> None:
    params = data.draw(layer_params(spec), label="params")
    shapes = data.draw(input_shapes(spec), label="input shapes")
    event(check_layer(spec, params, shapes, deep=False))  # see --hypothesis-show-statistics


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_a_new_node_passes_every_step(spec: LayerSpec) -> None:
    """A freshly dropped node on a common sample shape: inference, count, JSON, build,
    Python export parity, fx re-import and one optimizer step."""
    assert check_layer(spec, spec.initial_params(), typical_case(spec)) == "accepted"


@pytest.mark.slow  # the torch.export-based ONNX exporter takes seconds per layer
@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_a_new_node_exports_to_onnx(spec: LayerSpec) -> None:
    assert check_layer(spec, spec.initial_params(), typical_case(spec), onnx=True) == "accepted"


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_drawn_cases_pass_every_step(spec: LayerSpec, data: st.DataObject) -> None:
    params = data.draw(layer_params(spec), label="params")
    shapes = data.draw(input_shapes(spec), label="input shapes")
    # the ONNX export is 97% of a case's time: a quarter of the cases (every spec's
    # typical case above always); shrinking a failure keeps it on
    onnx = data.draw(st.sampled_from([True, False, False, False]), label="ONNX export")
    event(check_layer(spec, params, shapes, onnx=onnx))


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_spec_declares_what_users_read(spec: LayerSpec) -> None:
    """The palette, tooltips and property editor show these; a declaration without them
    would show blanks."""
    assert isinstance(spec.category, Category)
    assert spec.help.strip(), f"{spec.type} has no help text"
    for param in spec.params:
        assert param.help.strip(), f"{spec.type}.{param.name} has no help text"
    assert isinstance(spec.label(spec.resolve(spec.initial_params())), str)
    assert spec.merges is None or spec.merges in ARITHMETIC, "merges names an Arithmetic op"


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_new_node_params_are_valid_and_round_trip(spec: LayerSpec) -> None:
    params = spec.initial_params()
    assert spec.resolve(json.loads(json.dumps(params))) == spec.resolve(params)


def test_input_declares_its_shape() -> None:
    graph = Graph([Node("in", "Input", {"shape": [3, 4]}), Node("out", "Output")])
    graph.connect("in", "out")
    assert infer_shapes(graph).output("out") == (3, 4)


def test_a_category_outside_the_closed_set_cannot_be_declared() -> None:
    with pytest.raises(ValueError, match="Odd: category 'Misc' is not one of Input/Output, "):
        LayerSpec("Odd", "Misc", infer=lambda shapes, p: shapes[0])  # type: ignore[arg-type]
    assert LayerSpec("Odd", "Linear", infer=lambda s, p: s[0]).category is Category.LINEAR  # type: ignore[arg-type]


def test_every_category_owns_its_own_colour() -> None:
    colours = [c.colour for c in Category]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours), colours
    assert len(set(colours)) == len(colours), "two categories would look alike on the canvas"


def _product(a: list[int], b: list[int]) -> tuple[tuple[int, ...] | None, str | None]:
    graph = Graph([Node("a", "Input", {"shape": a}), Node("b", "Input", {"shape": b})])
    graph.add_node(Node("mm", "MatMul"))
    graph.connect("a", "mm", 0)
    graph.connect("b", "mm", 1)
    info = infer_shapes(graph)["mm"]
    return info.output, info.problem


def test_matmul_multiplies_the_last_two_dims_and_says_which_disagree() -> None:
    """Attention's scores: (heads, tokens, d) @ (heads, d, tokens); leading dims broadcast."""
    assert _product([4, 10, 8], [4, 8, 10]) == ((4, 10, 10), None)
    assert _product([1, 10, 8], [4, 8, 3]) == ((4, 10, 3), None)
    assert _product([4, 10, 8], [4, 10, 8])[1] == (
        "MatMul inputs' inner dims must match: port 0's last (8), port 1's second to last (10); "
        "got (4, 10, 8) @ (4, 10, 8) from b"
    )
    assert _product([4, 10, 8], [8, 10])[1] == (
        "MatMul inputs must have the same rank; got (4, 10, 8) and (8, 10) from b"
    )
    assert _product([8], [8])[1] == (
        "MatMul inputs must be matrices (2 dims or more besides the batch); got (8,)"
    )


def _attend(q: list[int], k: list[int], v: list[int]) -> tuple[tuple[int, ...] | None, str | None]:
    graph = Graph([Node(n, "Input", {"shape": s}) for n, s in (("q", q), ("k", k), ("v", v))])
    graph.add_node(Node("att", "ScaledDotProductAttention"))
    for port, source in enumerate("qkv"):
        graph.connect(source, "att", port)
    info = infer_shapes(graph)["att"]
    return info.output, info.problem


def test_attention_takes_queries_keys_and_values_and_names_the_one_that_disagrees() -> None:
    """(heads, L, E) queries over (heads, S, E) keys and (heads, S, Ev) values."""
    assert _attend([4, 10, 8], [4, 12, 8], [4, 12, 6]) == ((4, 10, 6), None)
    assert _attend([4, 10, 8], [4, 12, 7], [4, 12, 6])[1] == (
        "ScaledDotProductAttention key features (7) must equal query features (8) from k"
    )
    assert _attend([4, 10, 8], [4, 12, 8], [4, 11, 6])[1] == (
        "ScaledDotProductAttention value length (11) must equal key length (12) from v"
    )
    assert _attend([4, 10, 8], [4, 12, 8], [12, 6])[1] == (
        "ScaledDotProductAttention inputs must have the same rank; got (4, 10, 8) and (12, 6) "
        "from v"
    )
