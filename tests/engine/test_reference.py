"""The reference pages: every registered layer, loss and optimizer has a complete page; a
node's page carries its real shapes and a parameter count whose worked numbers add up to
what torch builds; activation curves are torch's function and derivative."""

from __future__ import annotations

import math
import re

import pytest
import torch

import engine
from engine import choices, reference
from engine.layers import all_specs, get_spec
from engine.paths import resource

SAMPLE_INPUTS = [(6,), (3, 8), (4, 6, 6), (2, 4, 6, 6)]


def _complete(page: reference.Page) -> None:
    assert page.summary and page.formula, page.name
    assert page.docs_url.startswith("https://docs.pytorch.org/"), page.name
    assert all(row.meaning for row in page.params), page.name
    assert set(page.headings) == set(reference.HEADINGS)


@pytest.mark.parametrize("spec", all_specs(), ids=lambda s: s.type)
def test_every_registered_layer_declares_its_reference_facts(spec: engine.LayerSpec) -> None:
    assert spec.formula, f"{spec.type} has no formula"
    assert spec.docs_url, f"{spec.type} has no documentation link"
    assert all(p.help for p in spec.params), f"{spec.type} has a parameter without meaning"
    assert bool(spec.count_formula) == spec.learns, f"{spec.type}: count_formula vs count"
    _complete(reference.layer_page(spec.type))


def test_every_loss_and_optimizer_has_a_page() -> None:
    assert set(reference.LOSSES) == set(choices.LOSSES)
    assert set(reference.OPTIMIZERS) == set(choices.OPTIMIZERS)
    for name in choices.LOSSES:
        page = reference.loss_page(name)
        _complete(page)
        assert page.expects and page.notes
    for name in choices.OPTIMIZERS:
        page = reference.optimizer_page(name)
        _complete(page)
        assert [r.name for r in page.params] == [p.name for p in choices.OPTIMIZERS[name]]


def test_the_pages_teach_the_classic_pitfalls() -> None:
    bce = reference.loss_page("BCEWithLogitsLoss")
    assert any("Sigmoid before it is a mistake" in note for note in bce.notes)
    assert any("1 output and no activation" in line for line in bce.expects)
    adam = reference.optimizer_page("Adam")
    assert any("β₁ = 0.9" in note and "β₂ = 0.999" in note for note in adam.notes)


def _variants(spec: engine.LayerSpec) -> list[dict]:
    """The spec's starting params, and with each switch flipped and stacks deepened."""
    start = spec.initial_params()
    found = [start]
    for param in spec.params:
        if param.kind == "bool":
            found.append({**start, param.name: not param.initial_value})
    if any(p.name == "num_layers" for p in spec.params):
        found.append({**start, "num_layers": 3, "bidirectional": True})
    if any(p.name == "groups" for p in spec.params):
        found.append({**start, "groups": 2, "out_channels": 8})
    return found


def _node_page(spec: engine.LayerSpec, layer_params: dict) -> reference.Page | None:
    """The page of a node of `spec` fed by the first sample input it accepts."""
    dtype = spec.accepts[0]
    for shape in SAMPLE_INPUTS:
        graph = engine.Graph()
        for port in range(spec.inputs[0]):
            params = {"shape": list(shape), "dtype": dtype}
            graph.add_node(engine.Node(f"in{port}", "Input", params))
        graph.add_node(engine.Node("n", spec.type, layer_params))
        for port in range(spec.inputs[0]):
            graph.connect(f"in{port}", "n", port)
        page = reference.node_page(graph, "n")
        if page.shapes is not None and page.shapes.output is not None:
            return page
    return None


def _evaluate(worked: str) -> float:
    expression = worked.replace("×", "*").replace("−", "-")
    assert re.fullmatch(r"[0-9 ()+\-*/.]+", expression), worked
    return eval(expression)  # digits and operators only, checked above


@pytest.mark.parametrize("spec", [s for s in all_specs() if s.learns], ids=lambda s: s.type)
def test_worked_parameter_count_adds_up_to_torch(spec: engine.LayerSpec) -> None:
    checked = 0
    for params in _variants(spec):
        page = _node_page(spec, params)
        if page is None:
            continue
        assert page.count is not None and page.count.worked is not None
        built = spec.build_module(
            [tuple(int(d) for d in re.findall(r"\d+", s)) for s in page.shapes.inputs],
            spec.resolve(params),
        )
        trainable = sum(p.numel() for p in built.parameters())
        assert page.count.total == trainable
        assert math.isclose(_evaluate(page.count.worked), trainable), page.count.text
        checked += 1
    assert checked, f"no sample input fits {spec.type}"


def test_node_page_shows_the_nodes_real_shapes_and_count() -> None:
    project = engine.load_project(resource("examples/binary_classifier.layerlab"))
    page = reference.node_page(project.graph, "fc2")
    assert page.shapes is not None
    assert (page.shapes.inputs, page.shapes.output) == (("(128,)",), "(64,)")
    assert page.count is not None and page.count.worked == "128 × 64 + 64 × 1"
    assert page.count.total == 8256
    assert "in_features = 128" in page.inferred
    assert {r.name: r.value for r in page.params} == {"out_features": "64", "bias": "true"}


def test_node_page_of_a_broken_node_says_why() -> None:
    graph = engine.Graph()
    graph.add_node(engine.Node("in", "Input", {"shape": [3, 8, 8]}))
    graph.add_node(engine.Node("seq", "LSTM", {"hidden_size": 4}))
    graph.connect("in", "seq")
    page = reference.node_page(graph, "seq")
    assert page.shapes is not None and page.shapes.output is None
    assert "expects (L, features) input" in page.shapes.text
    assert page.count is not None and page.count.total is None


def test_activation_curves_are_torchs_function_and_derivative() -> None:
    relu = reference.activation_curve("ReLU", n=9)
    assert relu.x == [-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0]
    assert relu.y == [0, 0, 0, 0, 0, 1, 2, 3, 4]
    assert relu.dy == [0, 0, 0, 0, 0, 1, 1, 1, 1]
    x = torch.linspace(-4, 4, 161)
    sigmoid = reference.activation_curve("Sigmoid")
    assert torch.allclose(torch.tensor(sigmoid.y), torch.sigmoid(x))
    s = torch.sigmoid(x)
    assert torch.allclose(torch.tensor(sigmoid.dy), s * (1 - s), atol=1e-6)
    tanh = reference.activation_curve("Tanh")
    assert torch.allclose(torch.tensor(tanh.dy), 1 - torch.tanh(x) ** 2, atol=1e-6)
    leaky = reference.activation_curve("LeakyReLU", {"negative_slope": 0.2}, n=5)
    assert leaky.y == pytest.approx([-0.8, -0.4, 0.0, 2.0, 4.0])
    assert leaky.dy[:2] == pytest.approx([0.2, 0.2])


@pytest.mark.parametrize("spec", [s for s in all_specs() if s.elementwise], ids=lambda s: s.type)
def test_every_plotted_activation_matches_its_module_pointwise(spec: engine.LayerSpec) -> None:
    curve = reference.activation_curve(spec.type, n=33)
    module = spec.build_module([(1,)], spec.resolve(spec.initial_params())).eval()
    points = torch.tensor(curve.x).reshape(-1, 1)
    for i in (1, 10, 20, 31):  # away from kinks, compare with a central difference
        x = points[i : i + 1].double().requires_grad_(True)
        y = module.double()(x)
        (grad,) = torch.autograd.grad(y.sum(), x)
        assert curve.y[i] == pytest.approx(float(y.detach()), abs=1e-5)
        assert curve.dy[i] == pytest.approx(float(grad), abs=1e-4)


def test_non_elementwise_layers_are_not_plotted() -> None:
    assert not get_spec("Softmax").elementwise and not get_spec("Linear").elementwise
    with pytest.raises(ValueError, match="not an element-wise function"):
        reference.activation_curve("Softmax")
