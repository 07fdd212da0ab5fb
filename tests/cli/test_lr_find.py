"""The learning-rate finder: engine.find_lr on real sweeps and `layerlab lr-find`."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import pytest
import torch
from cli_runner import layerlab
from PIL import Image

import engine
from engine.lr_finder import suggest
from engine.optim import SettingsError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "binary_classifier.layerlab"


def test_sweep_suggests_a_rate_that_trains_and_touches_nothing_it_was_given():
    project = engine.load_project(EXAMPLE)
    before = copy.deepcopy(project.to_dict())
    torch.manual_seed(0)  # the weights handed in (the sweep itself seeds everything else)
    model = engine.build_model(project.graph)
    weights = {k: v.clone() for k, v in model.state_dict().items()}
    result = engine.find_lr(project, device="cpu", model=model, steps=60)
    assert project.to_dict() == before
    assert all(torch.equal(v, model.state_dict()[k]) for k, v in weights.items())
    lrs = result.lrs
    assert lrs[0] == pytest.approx(1e-7) and all(b > a for a, b in itertools.pairwise(lrs))
    assert lrs[1] / lrs[0] == pytest.approx(10 ** (8 / 59))  # exponential: same ratio
    assert len(result.losses) == len(result.smoothed) == len(lrs)
    assert result.exploded and len(lrs) < 60  # Adam blows up well before lr 10
    assert "stopped early: the loss exploded at lr" in result.message
    assert 1e-4 < result.suggestion < 0.1
    again = engine.find_lr(project, device="cpu", model=model, steps=60)
    assert again.lrs == lrs and again.losses == result.losses  # seeded: the same sweep
    # the suggested rate trains the example to a good accuracy in one epoch
    project.training["optimizer"] = {"type": "Adam", "lr": result.suggestion}
    trained = engine.train(project, epochs=1, device="cpu")
    assert trained.history["val_accuracy"][-1] >= 0.95


def test_no_steady_fall_means_no_suggestion():
    lrs = [10 ** (-7 + i * 0.1) for i in range(30)]
    assert suggest(lrs, [1.0 + i * 0.01 for i in range(30)]) == (
        None,
        "The loss never fell steadily; no rate to suggest (try a lower start).",
    )
    falling = [2.0 - (i / 30) ** 2 for i in range(30)]
    rate, why = suggest(lrs, falling)
    assert rate == lrs[19] and why.startswith("Suggested learning rate")  # 2/3 down the fall
    # a steady fall, then one lucky dip just before the blow-up: the fall is what counts
    curve = [2.0] * 10 + [2.0 - i / 30 for i in range(1, 31)] + [0.5, 3.0, 9.0]
    lrs = [10 ** (-7 + i * 0.2) for i in range(len(curve))]
    rate, _ = suggest(lrs, curve)
    assert lrs[10] <= rate <= lrs[30]
    with pytest.raises(SettingsError, match=r"0 < start < end; got start 1, end 0\.1"):
        engine.find_lr(engine.load_project(EXAMPLE), start=1.0, end=0.1)


def test_lr_find_command_prints_the_suggestion_and_draws_png_and_svg(tmp_path):
    done = layerlab("lr-find", str(EXAMPLE), "--steps", "60", "--plot", "lr.png", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("swept ") and "stopped early: the loss exploded" in lines[0]
    assert lines[1] == "plot written to lr.png"
    rate = float(lines[2].removeprefix("suggested learning rate: "))
    assert 1e-4 < rate < 0.1
    with Image.open(tmp_path / "lr.png") as image:
        assert image.size == (720, 300)
        assert (214, 39, 40) in {c for _, c in image.getcolors(1 << 16)}  # the red mark
    done = layerlab("lr-find", str(EXAMPLE), "--steps", "60", "--plot", "lr.svg", cwd=tmp_path)
    svg = (tmp_path / "lr.svg").read_text()
    assert svg.startswith("<svg") and f"suggested {rate:.3g}" in svg


def test_lr_find_usage_errors(tmp_path):
    done = layerlab("lr-find", str(EXAMPLE), "--plot", "lr.jpg", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "layerlab: error: --plot lr.jpg: the plot is written as .png or .svg\n",
    )
    done = layerlab("lr-find", str(EXAMPLE), "--steps", "2", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "layerlab: error: the sweep needs at least 5 steps; got 2\n"
