"""Fine-tuning: a run that starts from a weights file (an imported model, an earlier run)
instead of fresh weights, through the API and the CLI."""

from __future__ import annotations

import subprocess
import sys

from training_projects import mlp

import engine

MOONS = {"source": "synthetic", "name": "moons", "samples": 400, "noise": 0.1}
SLOW_SGD = {"type": "SGD", "lr": 1e-6}  # too slow to learn anything in one epoch


def test_a_run_starts_from_the_given_weights(tmp_path):
    trained = engine.train(mlp(MOONS, hidden=32, epochs=40), device="cpu")
    assert trained.history["val_accuracy"][-1] >= 0.95
    weights = tmp_path / "trained.safetensors"
    trained.save(weights)

    project = mlp(MOONS, hidden=32, epochs=1, optimizer=SLOW_SGD)
    fresh = engine.train(project, device="cpu")
    tuned = engine.train(project, device="cpu", initial_weights=weights)

    assert fresh.history["val_accuracy"][0] < 0.9  # fresh weights barely move at this lr
    assert tuned.history["val_accuracy"][0] >= 0.95  # it kept what the first run learned


def test_weights_that_do_not_fit_the_graph_are_named(tmp_path):
    other = engine.train(mlp(MOONS, hidden=8, epochs=1), device="cpu")
    weights = tmp_path / "other.safetensors"
    other.save(weights)
    project = mlp(MOONS, hidden=32, epochs=1, folder=tmp_path)
    path = tmp_path / "model.layerlab"
    engine.save_project(project, path)
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", str(path), "--init-weights", str(weights)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("layerlab: error: ")
    assert "fc1.weight: file has (8, 2), model has (32, 2)" in done.stderr
