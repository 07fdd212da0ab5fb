"""Export to a standalone PyTorch file: every example round-trips with identical outputs,
the code reads like hand-written code, and node ids can never inject code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import torch
from export_helpers import ALLOWED_IMPORTS, imports, load_file
from graph_builders import chain

import engine
from engine import Graph, Node
from engine.export import ParityError, export_python, python_source
from engine.export.common import sample_inputs
from engine.paths import examples


def trained_weights(project: engine.Project, path: Path) -> Path:
    """A weights file as `layerlab train` writes it (random but fixed values)."""
    torch.manual_seed(0)
    engine.save_weights(engine.build_model(project.graph), path, project=project)
    return path


@pytest.mark.parametrize("example", examples(), ids=lambda p: p.stem)
def test_every_example_round_trips_with_identical_outputs(example: Path, tmp_path: Path) -> None:
    project = engine.load_project(example)
    weights = trained_weights(project, tmp_path / "w.safetensors")
    report = export_python(project, tmp_path / "model.py", weights=weights)
    assert report.max_abs_diff == 0.0

    source = (tmp_path / "model.py").read_text(encoding="utf-8")
    assert imports(source) <= ALLOWED_IMPORTS
    exported = load_file(tmp_path / "model.py").Model().load_weights(str(weights)).eval()
    reference = engine.load_model(weights)
    batch = sample_inputs(reference, batch_size=4, seed=7)
    with torch.no_grad():
        assert torch.equal(exported(*batch), reference(*batch))
    assert set(exported.state_dict()) == set(reference.state_dict())


def test_code_reads_like_hand_written_pytorch() -> None:
    graph = Graph(
        [
            Node("x", "Input", {"shape": [3, 8, 8]}),
            Node("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}),
            Node("act", "ReLU"),
            Node("skip", "Add"),
            Node("both", "Concat", {"dim": 1}),
            Node("flat", "Flatten"),
            Node("grid", "Reshape", {"shape": [7, -1]}),
            Node("out", "Output"),
        ]
    )
    for a, b, port in [
        ("x", "conv", 0),
        ("conv", "act", 0),
        ("act", "skip", 0),
        ("conv", "skip", 1),
        ("skip", "both", 0),
        ("x", "both", 1),
        ("both", "flat", 0),
        ("flat", "grid", 0),
        ("grid", "out", 0),
    ]:
        graph.connect(a, b, port)
    lines = [line.strip() for line in python_source(graph, "TinyNet").splitlines()]
    assert "class TinyNet(nn.Module):" in lines
    assert "self.conv = nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3, padding=1)" in lines
    assert "def forward(self, x: torch.Tensor) -> torch.Tensor:" in lines
    forward = lines[lines.index("def forward(self, x: torch.Tensor) -> torch.Tensor:") + 1 :]
    assert forward[:7] == [
        "conv = self.conv(x)",
        "act = self.act(conv)",
        "skip = act + conv;  act = conv = None",  # let go after the last use, as fx does
        "both = torch.cat([skip, x], dim=1);  skip = x = None",
        "flat = self.flat(both);  both = None",
        "grid = flat.reshape(flat.shape[0], 7, -1);  flat = None",
        "return grid",
    ]
    assert "RENAMED" not in "\n".join(lines)  # every id was already a Python name


HOSTILE = [
    'x"); import os; #',
    "__init__",
    "forward",
    "self",
    "torch",
    "in",
    "1st",
    "q\"\"\"'''\\",
    "load_weights",
    "a b",
    "a_b",
    "x\nimport os",
    "Model",
]


def hostile_graph() -> Graph:
    """Input -> Linear ... -> Output with every layer named by a hostile id."""
    graph = Graph([Node(HOSTILE[0], "Input", {"shape": [6]})])
    previous = HOSTILE[0]
    for i, node_id in enumerate(HOSTILE[1:]):
        layer = Node(node_id, "Linear", {"out_features": 6}) if i % 2 else Node(node_id, "Tanh")
        graph.add_node(layer)
        graph.connect(previous, node_id)
        previous = node_id
    graph.add_node(Node('out"\nprint(1)', "Output"))
    graph.connect(previous, 'out"\nprint(1)')
    return graph


def test_hostile_node_ids_cannot_inject_code(tmp_path: Path) -> None:
    graph = hostile_graph()
    source = python_source(graph)
    tree = ast.parse(source)
    assert imports(source) <= ALLOWED_IMPORTS
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not names & {"os", "print", "exec", "eval", "__import__", "open"}
    # The ids only ever appear as string literals in the RENAMED table.
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert {i for i in HOSTILE[1:] if not i.isidentifier() or i in ("__init__", "self")} <= strings

    torch.manual_seed(0)
    model = engine.build_model(graph).eval()
    weights = tmp_path / "w.safetensors"
    engine.save_weights(model, weights)
    report = export_python(graph, tmp_path / "hostile.py", weights=weights)
    assert report.max_abs_diff == 0.0
    exported = load_file(tmp_path / "hostile.py").Model().load_weights(str(weights)).eval()
    x = torch.randn(3, 6)
    with torch.no_grad():
        assert torch.equal(exported(x), model(x))


def test_names_are_unique_valid_identifiers() -> None:
    source = python_source(hostile_graph())
    tree = ast.parse(source)
    init = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "__init__"
    )
    attributes = [t.attr for n in init.body if isinstance(n, ast.Assign) for t in n.targets]
    assert len(attributes) == len(set(attributes)) == len(HOSTILE) - 1
    assert all(a.isidentifier() and not a.startswith("_") for a in attributes)
    assert "load_weights" not in attributes and "forward" not in attributes


def test_exporting_a_built_model_leaves_it_as_it_was(tmp_path: Path) -> None:
    model = engine.build_model(engine.load_project(examples()[0]).graph).train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    export_python(model, tmp_path / "model.py")
    assert model.training
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())


def test_failed_export_leaves_no_file(tmp_path: Path) -> None:
    project = engine.load_project(examples()[0])
    model = engine.build_model(project.graph)
    with torch.no_grad():
        next(model.parameters()).fill_(float("nan"))
    out = tmp_path / "model.py"
    with pytest.raises(ParityError, match=r"not finite.*was removed"):
        export_python(model, out)
    assert not out.exists()


def test_graph_with_a_problem_names_the_node(tmp_path: Path) -> None:
    graph = Graph([Node("x", "Input", {"shape": [4]}), Node("fc", "Linear"), Node("o", "Output")])
    graph.connect("x", "fc")
    graph.connect("fc", "o")
    with pytest.raises(engine.LayerLabError, match="fc: param 'out_features'"):
        export_python(graph, tmp_path / "m.py")
    assert not (tmp_path / "m.py").exists()


def test_an_in_place_layer_on_the_input_is_checked_on_the_same_values(tmp_path: Path) -> None:
    """LeakyReLU(inplace=True) fed by the Input overwrites the batch; the exported file
    must still be compared on the values the LayerLab model saw (leaky twice differs)."""
    leaky = ("LeakyReLU", {"negative_slope": 0.5, "inplace": True})
    graph = chain(leaky, ("Linear", {"out_features": 4}), shape=[64])
    assert export_python(graph, tmp_path / "m.py").max_abs_diff == 0.0
