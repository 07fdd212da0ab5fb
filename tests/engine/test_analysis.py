"""engine.analyze: one shape inference gives what summary(), check() and fit_problems()
say on their own, so the editor's panels and `layerlab check` agree and pay once."""

from __future__ import annotations

import sys

import engine


def test_analyze_infers_shapes_once_and_agrees_with_each_part(monkeypatch, examples_dir):
    calls = []
    real = engine.infer_shapes

    def counted(graph):
        calls.append(len(graph))
        return real(graph)

    for name in ("engine.analysis", "engine.lint", "engine.model_summary", "engine.datafit"):
        monkeypatch.setattr(sys.modules[name], "infer_shapes", counted)
    for path in sorted(examples_dir.glob("*.layerlab")):
        project = engine.load_project(path)
        project.training["batch_size"] = 16
        project.training["optimizer"] = {"type": "SGD", "momentum": 0.9}
        calls.clear()
        found = engine.analyze(project)
        assert calls == [len(project.graph)], path.name
        report = engine.summary(project.graph, 16, {"type": "SGD", "momentum": 0.9})
        assert found.summary == report
        assert found.problems == engine.check(project) + engine.fit_problems(project)
        assert found.error_count == sum(p.severity == "error" for p in found.problems)
        for node_id in project.graph.nodes:
            assert found.row(node_id).node_id == node_id
            assert found.problems_of(node_id) == [p for p in found.problems if p.node_id == node_id]


def test_changed_nodes_names_only_what_an_edit_changed(examples_dir):
    project = engine.load_project(examples_dir / "binary_classifier.layerlab")
    before = engine.analyze(project)
    assert before.changed_nodes(None) == set(project.graph.nodes)
    assert before.changed_nodes(engine.analyze(project)) == set()
    project.graph.set_params("fc2", {"out_features": 32})  # fc2, act2 reshape; fc3 weights
    assert engine.analyze(project).changed_nodes(before) == {"fc2", "act2", "fc3"}
    project.graph.remove_edge(engine.Edge("act2", "fc3"))  # fc3 and out lose their input
    assert {"fc3", "out"} <= engine.analyze(project).changed_nodes(before)


def test_bad_training_settings_are_a_problem_and_count_as_defaults(examples_dir):
    project = engine.load_project(examples_dir / "binary_classifier.layerlab")
    project.training["batch_size"] = "many"
    found = engine.analyze(project)
    assert found.summary.batch_size == engine.TrainingConfig().batch_size
    assert [p.code for p in found.problems if p.code == "settings"] == ["settings"]
