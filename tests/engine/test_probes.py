"""Per-layer health probes on real runs: what they report, that they change nothing about
training, and that broken layers (dead, exploding, non-finite) are named."""

from __future__ import annotations

import math

import numpy as np
import pytest
from training_projects import chain, cnn, mlp

import engine
from engine.events import ProbeSample, RunFailed
from engine.optim import SettingsError

SHAPES = {"source": "synthetic", "name": "shapes", "samples": 240, "size": 12}


def samples(events: list) -> list[ProbeSample]:
    return [e for e in events if isinstance(e, ProbeSample)]


def test_probes_report_every_node_and_leave_training_unchanged():
    project = cnn(SHAPES, epochs=2, batch_size=32)
    plain = engine.train(project, device="cpu")
    events: list = []
    probed = engine.train(project, device="cpu", on_event=events.append, probes=3)
    assert probed.history == plain.history  # sampling never touches what is learned
    found = samples(events)
    steps_per_epoch = math.ceil(192 / 32)
    assert [s.step for s in found] == list(range(1, 2 * steps_per_epoch + 1, 3))
    assert [s.epoch for s in found] == [1, 1, 2, 2]
    last = found[-1].nodes
    assert list(last) == ["conv", "act", "pool", "flat", "fc", "out"]
    for node in ("conv", "fc"):  # layers with weights: gradients and updates
        assert last[node].grad_norm > 0 and 0 < last[node].update_ratio < 0.1
    for node in ("act", "pool", "flat", "out"):
        assert last[node].grad_norm is None and last[node].update_ratio is None
    assert 0 <= last["act"].dead <= 1 and last["act"].act_mean >= 0  # ReLU: dead units
    assert all(last[n].dead is None for n in ("conv", "pool", "fc"))  # not ReLU-like
    assert last["out"].act_mean == pytest.approx(last["fc"].act_mean)
    assert all(s.verdict == "" for s in last.values())


def _npz(tmp_path, x, y):
    np.savez(tmp_path / "d.npz", x=x.astype(np.float32), y=y)
    return {"source": "npz", "path": "d.npz", "validation_split": 0}


def test_a_relu_fed_only_negative_values_is_a_dead_layer(tmp_path):
    x = -np.abs(np.random.default_rng(0).normal(size=(64, 4))) - 0.1
    data = _npz(tmp_path, x, (np.arange(64) % 2).astype(np.int64))
    layers = [("relu", "ReLU", {}), ("fc", "Linear", {"out_features": 2})]
    project = chain([4], layers, data, tmp_path, {"epochs": 1})
    events: list = []
    engine.train(project, device="cpu", on_event=events.append, probes=1)
    relu = samples(events)[0].nodes["relu"]
    assert relu.dead == 1.0
    assert relu.verdict == "dead layer (100% of its units never fire)"


def test_huge_targets_show_exploding_gradients(tmp_path):
    x = np.random.default_rng(0).normal(size=(64, 2))
    data = _npz(tmp_path, x, (x.sum(1, keepdims=True) * 1e5).astype(np.float32))
    project = mlp(data, folder=tmp_path, epochs=1, optimizer={"type": "SGD", "lr": 1e-12})
    events: list = []
    engine.train(project, device="cpu", on_event=events.append, probes=engine.Probes(every=2))
    fc2 = samples(events)[0].nodes["fc2"]
    assert fc2.grad_norm > 1e4
    assert fc2.verdict.startswith("exploding gradients (norm ")


def test_a_diverged_run_names_the_first_non_finite_node(tmp_path):
    x = np.random.default_rng(0).normal(size=(64, 2))
    x[40, 1] = np.nan
    data = _npz(tmp_path, x, (x[:, 0] > 0).astype(np.int64))
    project = mlp(data, folder=tmp_path, shuffle=False, batch_size=16)
    events: list = []
    result = engine.train(project, device="cpu", on_event=events.append, probes=True)
    failed = [e for e in events if isinstance(e, RunFailed)]
    assert result.diverged and failed[-1].node == "fc1"
    assert "node 'fc1' (Linear)" in failed[-1].message


def test_probe_interval_must_be_a_positive_step_count():
    with pytest.raises(SettingsError, match="every N steps with N >= 1; got 0"):
        engine.Trainer(mlp({"source": "synthetic", "name": "moons"}), probes=0)
