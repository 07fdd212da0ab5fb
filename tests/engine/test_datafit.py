"""engine.fit_problems: the data against the graph, found before training, with fixes that
make the project train. Facts are cross-checked against what engine.data really builds."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest
from graph_builders import chain
from training_projects import cnn

import engine
from engine import Project
from engine.data import graph_hints, load_data
from engine.datafit import describe


def mlp_project(data: dict, inputs: int = 10, outputs: int = 1, **training) -> Project:
    graph = chain(
        ("Linear", {"out_features": 8}),
        "ReLU",
        ("Linear", {"out_features": outputs}),
        shape=[inputs],
    )
    return Project(graph, "fit", data, training)


def apply(project: Project, fix: engine.Fix) -> None:
    project.graph.nodes[fix.node_id].params[fix.param] = fix.value


@pytest.mark.parametrize(
    ("data", "shape"),
    [
        ({"name": "blobs"}, [10]),
        ({"name": "blobs", "features": 3}, [10]),
        ({"name": "blobs"}, [3, 8, 8]),
        ({"name": "moons"}, [10]),
        ({"name": "spirals", "classes": 4}, [2]),
        ({"name": "xor"}, [2]),
        ({"name": "regression"}, [5]),
        ({"name": "regression", "features": 2}, [3, 4]),
        ({"name": "shapes"}, [10]),
        ({"name": "shapes", "size": 12}, [3, 16, 16]),
        ({"name": "sequence"}, [7, 1]),
        ({"name": "sequence", "task": "sum"}, [10]),
    ],
)
def test_synthetic_facts_are_what_the_loader_builds(data, shape):
    project = mlp_project({"source": "synthetic", "samples": 24, **data})
    project.graph.nodes["in"].params["shape"] = shape
    hints = graph_hints(project.graph)
    facts = describe(project.data, project.base_dir, hints)
    dataset = load_data(project)
    assert math.prod(facts.sample_shape) == math.prod(dataset.sample_shape)
    assert dataset.sample_shape in (facts.sample_shape, tuple(shape))  # viewed as the Input
    if facts.classes is not None:
        assert facts.classes == dataset.num_classes
    assert facts.task == dataset.task


@pytest.mark.parametrize(
    ("data", "outputs", "loss"),
    [
        ({"source": "synthetic", "name": "blobs", "classes": 3}, 3, "CrossEntropyLoss"),
        ({"source": "synthetic", "name": "moons"}, 1, "BCEWithLogitsLoss"),
        ({"source": "synthetic", "name": "regression"}, 1, "MSELoss"),
        ({"source": "npz", "path": "ints.npz"}, 4, "CrossEntropyLoss"),
        ({"source": "npz", "path": "floats.npz"}, 1, "MSELoss"),
        ({"source": "npz", "path": "ints.npz", "task": "regression"}, 1, "MSELoss"),
    ],
)
def test_auto_loss_is_the_loss_training_picks(tmp_path, data, outputs, loss):
    """The help's "?" beside loss "auto" opens the page of the loss a run really uses."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 10)).astype(np.float32)
    np.savez(tmp_path / "ints.npz", x=x, y=rng.integers(0, 4, size=40))
    np.savez(tmp_path / "floats.npz", x=x, y=rng.normal(size=40).astype(np.float32))
    project = mlp_project(
        {"samples": 40, **data}, inputs=2 if "moons" in str(data) else 10, outputs=outputs
    )
    project.path = tmp_path / "fit.layerlab"
    assert engine.auto_loss_for(project) == loss
    result = engine.train(project, epochs=1, device="cpu")
    assert result.meta["data"]["loss"] == loss


def test_auto_loss_is_unknown_until_a_csv_target_column_is_read(tmp_path):
    """A CSV's "auto" task is inferred from its whole target column: the header cannot say."""
    (tmp_path / "d.csv").write_text("a,b,y\n1,2,3.5\n4,5,6.5\n")
    project = mlp_project({"source": "csv", "path": "d.csv", "target": "y"}, inputs=2)
    project.path = tmp_path / "fit.layerlab"
    assert engine.auto_loss_for(project) is None
    project.data["task"] = "regression"
    assert engine.auto_loss_for(project) == "MSELoss"


def test_moons_into_ten_features_is_an_error_whose_fix_trains():
    project = mlp_project({"source": "synthetic", "name": "moons", "samples": 64})
    problems = engine.fit_problems(project)
    assert [(p.node_id, p.code, p.severity) for p in problems] == [("in", "data-input", "error")]
    assert problems[0].message == (
        "the data (moons) gives samples of shape (2,) but Input 'in' takes (10,)"
    )
    assert problems[0].fix.text == "Set in's shape to (2,)"
    with pytest.raises(engine.TrainingError, match=r"shape \(2,\) but the model's Input"):
        engine.train(project, epochs=1, device="cpu")
    apply(project, problems[0].fix)
    assert engine.fit_problems(project) == []
    assert engine.train(project, epochs=1, device="cpu").status == "completed"


def test_too_few_class_scores_is_found_and_fixed_on_the_last_linear():
    graph = chain("Flatten", ("Linear", {"out_features": 5}), "ReLU", shape=[6, 1])
    project = Project(graph, "seq", {"source": "synthetic", "name": "sequence", "samples": 64})
    (problem,) = engine.fit_problems(project)
    assert (problem.node_id, problem.code) == ("out", "data-classes")
    assert "has 2 classes but Output 'out' gives 5 scores" in problem.message
    assert (problem.fix.node_id, problem.fix.param, problem.fix.value) == ("n2", "out_features", 2)
    apply(project, problem.fix)
    assert engine.fit_problems(project) == []


def test_csv_header_gives_the_feature_count(tmp_path: Path):
    rows = "\n".join(f"{i},{i * 2},{i % 3},{i % 2}" for i in range(40))
    (tmp_path / "t.csv").write_text("a,b,c,label\n" + rows + "\n", encoding="utf-8")
    project = mlp_project({"source": "csv", "path": "t.csv", "target": "label"})
    project.path = tmp_path / "p.layerlab"
    (problem,) = engine.fit_problems(project)
    assert "(t.csv) gives samples of shape (3,)" in problem.message
    project.data["features"] = ["a", "b"]
    assert engine.fit_problems(project)[0].fix.value == [2]


def test_npz_and_image_folders_are_read_without_loading(tmp_path: Path):
    np.savez(tmp_path / "d.npz", x=np.zeros((50, 1, 28, 28), np.float32), y=np.zeros(50))
    project = cnn({"source": "npz", "path": "d.npz"}, size=12)
    project.path = tmp_path / "p.layerlab"
    assert engine.fit_problems(project)[0].fix.value == [1, 28, 28]
    for name in ("cat", "dog", "owl"):
        (tmp_path / "img" / name).mkdir(parents=True)
    project.data = {"source": "images", "path": "img", "size": 12, "channels": 3}
    (problem,) = engine.fit_problems(project)
    assert problem.fix.value == [3, 12, 12]


def test_an_unreadable_file_is_a_warning_and_no_data_is_said():
    project = mlp_project({"source": "csv", "path": "missing.csv", "target": "y"})
    (problem,) = engine.fit_problems(project)
    assert problem.severity == "warning" and problem.code == "data-file"
    assert problem.message.startswith("missing.csv: cannot read")
    (none,) = engine.fit_problems(mlp_project({}))
    assert none.code == "no-data" and "no data section" in none.message


def test_header_reads_are_cached_per_file_version(tmp_path: Path):
    file = tmp_path / "t.csv"
    file.write_text("a,label\n1,0\n", encoding="utf-8")
    project = mlp_project({"source": "csv", "path": "t.csv", "target": "label"})
    project.path = tmp_path / "p.layerlab"
    assert engine.fit_problems(project)[0].fix.value == [1]
    file.write_text("a,b,label\n1,2,0\n", encoding="utf-8")
    os.utime(file, ns=(1, 1))
    assert engine.fit_problems(project)[0].fix.value == [2]


def test_a_null_setting_means_chosen_from_the_graph(examples_dir, tmp_path):
    """Found by the project fuzzer: `"features": null` (as a form writes "empty") crashed
    check and training with a TypeError; it means "take it from the Input"."""
    doc = json.loads((examples_dir / "binary_classifier.layerlab").read_text())
    doc["data"]["features"] = None
    path = tmp_path / "null.layerlab"
    path.write_text(json.dumps(doc))
    project = engine.load_project(path)
    assert engine.fit_problems(project) == []
    assert engine.load_data(project).sample_shape == (10,)
