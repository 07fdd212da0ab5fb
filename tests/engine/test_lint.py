"""engine.check: errors from structure, params and shapes, and each lint rule."""

from __future__ import annotations

from graph_builders import chain, project

import engine
from engine import Graph, Node


def codes(problems: list[engine.Problem]) -> list[tuple[str | None, str]]:
    return [(p.node_id, p.code) for p in problems]


def test_keras_binary_classifier_with_sigmoid_and_logits_loss_is_flagged():
    graph = chain(
        ("Linear", {"out_features": 64}), "ReLU", ("Linear", {"out_features": 1}), "Sigmoid"
    )
    problems = engine.check(project(graph, "BCEWithLogitsLoss", source="synthetic", classes=2))
    assert codes(problems) == [("n4", "output-activation")]
    assert problems[0].severity == "warning"
    assert "BCEWithLogitsLoss applies its own sigmoid" in problems[0].message


def test_softmax_and_log_softmax_before_cross_entropy():
    for act in ("Softmax", "LogSoftmax"):
        graph = chain(("Linear", {"out_features": 3}), act)
        problems = engine.check(project(graph, "CrossEntropyLoss"))
        assert codes(problems) == [("n2", "output-activation")]
        assert f"{act} feeds Output 'out'" in problems[0].message


def test_losses_that_need_a_final_activation():
    graph = chain(("Linear", {"out_features": 1}))
    problems = engine.check(project(graph, "BCELoss"))
    assert codes(problems) == [("out", "output-activation")]
    assert "end with a Sigmoid" in problems[0].message


def test_class_count_against_data_and_loss():
    graph = chain(("Linear", {"out_features": 2}))
    three_classes = project(graph, source="synthetic", classes=3)
    assert codes(engine.check(three_classes)) == [("out", "class-count")]
    one = chain(("Linear", {"out_features": 1}))
    problems = engine.check(project(one))
    assert codes(problems) == [("out", "class-count")]
    assert "needs one score per class" in problems[0].message
    three = chain(("Linear", {"out_features": 3}))
    binary = project(three, "BCEWithLogitsLoss", source="synthetic", classes=3)
    assert codes(engine.check(binary)) == [("out", "class-count")]


def test_linear_on_image_shaped_input():
    graph = chain(("Linear", {"out_features": 2}), shape=[3, 8, 8])
    problems = engine.check(project(graph, "MSELoss"))
    assert codes(problems) == [("n1", "linear-rank")]
    assert "add a Flatten" in problems[0].message


def test_errors_come_from_structure_params_and_shapes_once_per_node():
    graph = chain(("Linear", {"out_features": 0}), ("Reshape", {}))
    graph.add_node(Node("lonely", "ReLU"))
    problems = engine.check(project(graph))
    by_node = {p.node_id: p for p in problems}
    assert by_node["n1"].code == "param"
    assert by_node["n1"].message == "param 'out_features': must be >= 1; got 0"
    assert by_node["n2"].code == "param" and "needs this param" in by_node["n2"].message
    assert [p.node_id for p in problems].count("lonely") == 2  # arity error + unreachable
    assert {p.code for p in problems if p.node_id == "lonely"} == {"arity", "unreachable"}


def test_cycle_stops_before_shapes():
    graph = Graph([Node("in", "Input", {"shape": [2]}), Node("a", "ReLU"), Node("b", "ReLU")])
    graph.connect("a", "b")
    graph.connect("b", "a")
    problems = engine.check(project(graph))
    assert next(p.code for p in problems if p.severity == "error") == "cycle"
    assert "the graph has a cycle: a -> b -> a" in [p.message for p in problems]


def test_two_linear_layers_without_activation_even_through_dropout():
    graph = chain(("Linear", {"out_features": 8}), "Dropout", ("Linear", {"out_features": 2}))
    problems = engine.check(project(graph))
    assert codes(problems) == [("n3", "linear-linear")]
    assert "follows Linear 'n1'" in problems[0].message


def test_dropout_right_before_output():
    graph = chain(("Linear", {"out_features": 2}), "Dropout")
    assert codes(engine.check(project(graph))) == [("n2", "dropout-output")]


def test_biased_conv_feeding_batchnorm():
    graph = chain(
        ("Conv2d", {"out_channels": 4, "kernel_size": 3}),
        "BatchNorm2d",
        "ReLU",
        "Flatten",
        ("Linear", {"out_features": 2}),
        shape=[1, 8, 8],
    )
    assert codes(engine.check(project(graph))) == [("n1", "bias-batchnorm")]
    graph.nodes["n1"].params["bias"] = False
    assert engine.check(project(graph)) == []


def test_rules_read_layer_facts_so_views_and_every_dropout_count():
    """A Flatten between the Sigmoid and the Output changes nothing about the clash;
    StochasticDepth drops predictions like Dropout; a Linear's bias is cancelled by a
    batch norm like a convolution's."""
    squashed = chain(("Linear", {"out_features": 1}), "Sigmoid", "Flatten")
    problems = engine.check(project(squashed, "BCEWithLogitsLoss", source="synthetic", classes=2))
    assert codes(problems) == [("n2", "output-activation")]
    dropped = chain(("Linear", {"out_features": 2}), ("StochasticDepth", {"p": 0.2}))
    assert codes(engine.check(project(dropped))) == [("n2", "dropout-output")]
    biased = chain(("Linear", {"out_features": 8}), "BatchNorm1d", ("Linear", {"out_features": 2}))
    assert codes(engine.check(project(biased))) == [("n1", "bias-batchnorm")]
