"""engine.choices is the one table of names the forms offer; the engine accepts exactly
those names (a form can never offer something training rejects, nor miss one)."""

from __future__ import annotations

import pytest
import torch

import engine
from engine import choices
from engine.data import synthetic
from engine.optim import make_optimizer, make_scheduler


def test_synthetic_names_match_the_generators() -> None:
    assert set(choices.SYNTHETIC) == set(synthetic.GENERATORS)


@pytest.mark.parametrize("name", list(choices.OPTIMIZERS))
def test_every_optimizer_and_its_params_build(name: str) -> None:
    params = [torch.nn.Parameter(torch.zeros(2))]
    options = {s.name: s.default for s in choices.OPTIMIZERS[name]}
    optimizer = make_optimizer({"type": name, **options}, params, torch.device("cpu"))
    assert type(optimizer).__name__ == name


@pytest.mark.parametrize("name", list(choices.SCHEDULERS))
def test_every_scheduler_and_its_params_build(name: str) -> None:
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(2))], lr=0.1)
    options = {s.name: s.default for s in choices.SCHEDULERS[name]}
    scheduler, _ = make_scheduler({"type": name, **options}, optimizer, 5, 3)
    assert type(scheduler).__name__ == name


def test_every_metric_name_is_known_to_training(examples_dir) -> None:
    project = engine.load_project(examples_dir / "binary_classifier.layerlab")
    project.data["samples"] = 64
    project.graph.nodes["fc3"].params["out_features"] = 2
    del project.training["loss"]  # the default for 2 outputs: cross-entropy
    classes = list(choices.CLASS_METRICS)
    result = engine.train(project, epochs=1, device="cpu", metrics=classes)
    assert {f"val_{m}" for m in classes} <= set(result.history)

    project.graph.nodes["fc3"].params["out_features"] = 1
    project.data.update(name="regression", features=10)
    values = [m for m in choices.METRICS if m not in choices.CLASS_METRICS]
    result = engine.train(project, epochs=1, device="cpu", metrics=values, loss="MSELoss")
    assert {f"val_{m}" for m in values} <= set(result.history)
