"""The Trainer on real tiny runs: accuracy, determinism, exact resume, divergence,
control from another thread, shape errors, weights round-trip."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from training_projects import cnn, mlp

import engine
from engine.events import (
    BatchProgress,
    EpochEnded,
    RunFailed,
    RunFinished,
    RunNote,
    RunStarted,
    RunStopped,
)
from engine.training import Trainer, TrainingError

ROOT = Path(__file__).resolve().parents[2]
MOONS = {"source": "synthetic", "name": "moons", "samples": 400, "noise": 0.1}


def test_binary_classifier_example_learns_in_seconds(examples_dir):
    project = engine.load_project(examples_dir / "binary_classifier.layerlab")
    events = []
    result = engine.train(project, epochs=3, device="cpu", on_event=events.append)
    assert result.status == "completed" and not result.stopped
    assert result.history["val_accuracy"][-1] >= 0.97
    assert isinstance(events[0], RunStarted) and events[0].n_train == 1600
    assert [e.epoch for e in events if isinstance(e, EpochEnded)] == [1, 2, 3]
    assert isinstance(events[-1], RunFinished)


def test_same_seed_same_history():
    project = mlp(MOONS, dropout=0.2, epochs=2)
    first = engine.train(project, device="cpu").history
    assert engine.train(project, device="cpu").history == first
    assert engine.train(project, device="cpu", seed=1).history != first


def test_interrupted_and_resumed_run_ends_with_the_same_weights(tmp_path):
    settings = {"epochs": 4, "scheduler": {"type": "StepLR", "step_size": 1, "gamma": 0.7}}
    project = mlp(MOONS, dropout=0.3, **settings)
    straight = Trainer(project, device="cpu", checkpoint=tmp_path / "a.safetensors").run()
    first = Trainer(project, epochs=2, device="cpu", checkpoint=tmp_path / "b.safetensors").run()
    assert len(first.history["train_loss"]) == 2
    resumed = Trainer(project, device="cpu", resume=tmp_path / "b.safetensors").run()
    assert resumed.history == straight.history
    for (name, a), b in zip(
        straight.model.state_dict().items(), resumed.model.state_dict().values(), strict=True
    ):
        assert torch.equal(a, b), name


def test_resume_refuses_another_graph(tmp_path):
    Trainer(mlp(MOONS, epochs=1), device="cpu", checkpoint=tmp_path / "c.safetensors").run()
    other = mlp(MOONS, hidden=8, epochs=2)
    with pytest.raises(TrainingError, match="made for another graph"):
        Trainer(other, device="cpu", resume=tmp_path / "c.safetensors").run()
    with pytest.raises(TrainingError, match="made with Adam; this run uses SGD"):
        Trainer(
            mlp(MOONS, epochs=2, optimizer={"type": "SGD", "lr": 0.1}),
            device="cpu",
            resume=tmp_path / "c.safetensors",
        ).run()


def test_nan_in_the_data_stops_naming_epoch_batch_and_node(tmp_path):
    x = np.random.default_rng(0).normal(size=(64, 2)).astype(np.float32)
    x[40, 1] = np.nan
    np.savez(tmp_path / "d.npz", x=x, y=(x[:, 0] > 0).astype(np.int64))
    data = {"source": "npz", "path": "d.npz", "validation_split": 0}
    project = mlp(data, folder=tmp_path, shuffle=False, batch_size=16)
    failures = []
    result = engine.train(project, device="cpu", on_event=failures.append)
    assert result.status == "diverged" and result.diverged
    assert result.message == (
        "training diverged: the loss became NaN in epoch 1, batch 3; the first non-finite "
        "output is at node 'fc1' (Linear). Try a lower learning rate, grad_clip, or check the data."
    )
    assert failures[-1].diverged and failures[-1].message == result.message


def test_exploding_learning_rate_is_caught():
    project = mlp(
        {"source": "synthetic", "name": "regression", "samples": 200, "features": 2},
        optimizer={"type": "SGD", "lr": 1e12},
        epochs=5,
    )
    result = engine.train(project, device="cpu")
    assert result.diverged and "training diverged: the loss became" in result.message


def test_shape_mismatch_named_before_training():
    project = mlp({"source": "synthetic", "name": "moons"}, inputs=3)
    events = []
    with pytest.raises(TrainingError) as err:
        engine.train(project, device="cpu", on_event=events.append)
    assert (
        str(err.value)
        == "the data gives samples of shape (2,) but the model's Input 'in' takes (3,)"
    )
    assert events == [RunFailed(str(err.value))]  # the GUI hears of it too
    spirals = mlp({"source": "synthetic", "name": "spirals", "classes": 3}, outputs=2)
    with pytest.raises(
        TrainingError, match="the data has 3 classes but the model's Output 'out' gives"
    ):
        engine.train(spirals, device="cpu", loss="CrossEntropyLoss")


def test_stop_and_pause_from_another_thread_within_a_batch():
    project = mlp({**MOONS, "samples": 4000}, epochs=50, batch_size=8)
    seen = []

    def on_event(event):
        seen.append(event)
        if isinstance(event, BatchProgress) and len(seen) < 4:
            trainer.pause()
            threading.Timer(0.3, trainer.resume).start()
        elif isinstance(event, EpochEnded):
            threading.Thread(target=trainer.stop).start()

    trainer = Trainer(project, device="cpu", on_event=on_event)
    trainer.progress_interval = 0.05
    result = trainer.run()
    assert result.status == "stopped" and result.stopped
    assert isinstance(seen[-1], RunStopped) and seen[-1].epochs_run == 1
    assert len(result.history["train_loss"]) == 1


def test_regression_metrics_early_stopping_and_schedulers():
    data = {"source": "synthetic", "name": "regression", "samples": 300, "features": 2}
    for scheduler in ("ExponentialLR", "CosineAnnealingLR", "OneCycleLR", "ReduceLROnPlateau"):
        result = engine.train(
            mlp(data, metrics=["mae", "rmse", "r2"], scheduler={"type": scheduler}, epochs=2),
            device="cpu",
            grad_clip=1.0,
        )
        assert {"val_mae", "val_rmse", "val_r2", "lr"} <= set(result.history)
    stopped = engine.train(
        mlp(data, epochs=50, optimizer={"type": "SGD", "lr": 0.0}),
        device="cpu",
        early_stopping={"monitor": "val_loss", "patience": 2},
    )
    assert stopped.status == "early_stopped" and len(stopped.history["train_loss"]) == 3


def test_cnn_on_shapes_and_top_k():
    project = cnn(
        {"source": "synthetic", "name": "shapes", "samples": 300},
        metrics=["accuracy", "top2_accuracy"],
        epochs=4,
        precision="bf16",
    )
    result = engine.train(project, device="cpu")
    assert result.history["val_top2_accuracy"][-1] >= result.history["val_accuracy"][-1]
    assert result.history["train_loss"][-1] < result.history["train_loss"][0]


def test_saved_weights_reload_with_identical_outputs_and_metadata(tmp_path):
    result = engine.train(mlp(MOONS, epochs=1), device="cpu")
    result.save(tmp_path / "w.safetensors")
    loaded = engine.load_model(tmp_path / "w.safetensors")
    x = torch.randn(7, 2)
    assert torch.equal(result.model(x), loaded(x))
    meta = engine.read_metadata(tmp_path / "w.safetensors")
    assert meta["labels"] == ["0", "1"] and meta["data"]["task"] == "classification"
    assert meta["training"]["epochs"] == 1 and meta["graph"]["nodes"][0]["id"] == "in"


def test_weights_that_do_not_fit_list_every_mismatch(tmp_path):
    engine.save_weights(engine.build_model(mlp(MOONS).graph), tmp_path / "w.safetensors")
    other = engine.build_model(mlp(MOONS, hidden=8).graph)
    with pytest.raises(engine.WeightsError) as err:
        engine.load_weights_into(other, tmp_path / "w.safetensors")
    assert "fc1.weight: file has (16, 2), model has (8, 2)" in str(err.value)
    assert "fc2.weight: file has (1, 16), model has (1, 8)" in str(err.value)


def test_devices():
    assert engine.resolve_device("auto").type in ("cpu", "cuda", "mps")
    assert engine.list_devices()[0].name == "cpu"
    with pytest.raises(engine.DeviceError, match=r"no device 'tpu' here; available: auto, cpu"):
        engine.resolve_device("tpu")


def test_engine_trains_with_qt_blocked():
    code = (
        "import sys\n"
        "for name in ('PySide6', 'pyqtgraph', 'gui'):\n"
        "    sys.modules[name] = None\n"
        "import engine\n"
        "p = engine.load_project(sys.argv[1])\n"
        "r = engine.train(p, epochs=1, device='cpu')\n"
        "assert r.status == 'completed'\n"
        "assert not any(m.startswith(('PySide6', 'pyqtgraph', 'gui')) and sys.modules[m] "
        "for m in sys.modules)\n"
    )
    example = ROOT / "resources" / "examples" / "binary_classifier.layerlab"
    done = subprocess.run(
        [sys.executable, "-c", code, str(example)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_training_metrics_come_from_the_batches_as_they_ran():
    """One batch per epoch: the epoch's train metrics are those of the weights before its
    step, on exactly the training rows (no second pass with the updated weights)."""
    project = mlp({**MOONS, "validation_split": 0.25}, epochs=1, batch_size=1000)
    before: dict[str, float] = {}

    def on_event(event: object) -> None:
        if isinstance(event, RunStarted):  # set up, no step taken yet
            data = trainer.data
            with torch.no_grad():
                out = trainer.model(data.x[data.train_idx])
            y = trainer.targets[data.train_idx]
            before["loss"] = float(trainer.objective(out, y))
            before["accuracy"] = float(((out > 0) == (y > 0.5)).float().mean())

    trainer = Trainer(project, device="cpu", on_event=on_event)
    history = trainer.run().history
    assert history["train_loss"] == [pytest.approx(before["loss"], rel=1e-6)]
    assert history["train_accuracy"] == [pytest.approx(before["accuracy"])]
    assert sorted(history) == ["lr", "train_accuracy", "train_loss", "val_accuracy", "val_loss"]


def test_without_a_validation_split_only_training_metrics_are_reported():
    project = mlp({**MOONS, "validation_split": 0.0}, epochs=6, metrics=["accuracy"])
    history = engine.train(project, device="cpu").history
    assert sorted(history) == ["lr", "train_accuracy", "train_loss"]
    assert history["train_accuracy"][-1] >= 0.85 > history["train_accuracy"][0]


def test_regression_metrics_from_batches():
    data = {"source": "synthetic", "name": "regression", "samples": 400, "features": 2}
    project = mlp(data, loss={"type": "MSELoss"}, metrics=["mae", "rmse", "r2"], epochs=4)
    history = engine.train(project, device="cpu").history
    assert history["train_rmse"][-1] >= history["train_mae"][-1] > 0
    assert history["train_r2"][-1] > history["train_r2"][0] + 0.2
    # the batches' figures track a full evaluation of held-out rows
    assert history["train_r2"][-1] == pytest.approx(history["val_r2"][-1], abs=0.1)
    assert history["train_mae"][-1] == pytest.approx(history["val_mae"][-1], rel=0.1)


def test_thread_count_is_chosen_reported_and_restored(monkeypatch):
    from engine.devices import choose_threads, usable_cores

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    plan = choose_threads()
    assert 1 <= plan.threads <= usable_cores() and "cores free" in plan.reason
    assert choose_threads(reserve=usable_cores()).threads == 1  # never below one
    assert str(choose_threads(3)) == "3 CPU threads (as set)"
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert str(choose_threads()) == "1 CPU thread (OMP_NUM_THREADS)"

    before = torch.get_num_threads()
    events = []
    engine.train(mlp(MOONS, epochs=1), device="cpu", num_threads=2, on_event=events.append)
    assert events[0].threads == "2 CPU threads (as set)" and events[0].compile == "eager"
    assert torch.get_num_threads() == before


def test_compile_setting_is_checked():
    with pytest.raises(
        engine.LayerLabError, match=r"training.compile: must be one of false, true, 'auto'; got 1"
    ):
        engine.train(mlp(MOONS, epochs=1), device="cpu", compile=1)


def test_auto_compile_trains_eagerly_on_a_cpu_and_says_why():
    events = []
    engine.train(mlp(MOONS, epochs=1, compile="auto"), device="cpu", on_event=events.append)
    assert events[0].compile == "eager (compile auto: torch.compile ran slower than eager on CPUs)"
    assert not [e for e in events if isinstance(e, RunNote)]  # nothing was compiled


def test_auto_compiles_on_a_gpu_only_when_the_time_left_repays_it(monkeypatch):
    from engine import compiling

    assert not compiling.worth_compiling(0.001, 1000)  # one second of training left
    assert compiling.worth_compiling(0.01, int(compiling.COMPILE_COST_S * 1000))  # ~7 minutes
    monkeypatch.setattr(compiling, "PROBE_S", 0.0)  # decide after three timed steps
    weight = torch.ones(4, requires_grad=True)

    def eager(xb: torch.Tensor, yb: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out = xb * weight
        return out, ((out - yb) ** 2).mean()

    def decide(steps_left: int) -> tuple[compiling.CompiledStep, list[str]]:
        notes: list[str] = []
        step = compiling.CompiledStep("auto", eager, [weight], notes.append, torch.device("cuda"))
        assert step.describe() == "torch.compile if the run is long enough and it is faster"
        for i in range(4):
            step(torch.ones(2, 4), torch.zeros(2, 4), True)
            step.tick(i, steps_left)
        return step, notes

    short, notes = decide(steps_left=10)  # microseconds left: eager, silently
    assert short.compiled is None and not short.deciding and notes == []
    assert not short.may_compile  # the Trainer calls the eager step directly from here
    long, notes = decide(steps_left=10**12)  # years left: compile, then time it
    assert long.compiled is not None and long.deciding and long.may_compile
    assert len(notes) == 1 and notes[0].endswith("s left: compiling the train step")


@pytest.mark.slow
def test_compiled_training_learns_like_eager():
    project = mlp({**MOONS, "samples": 2000}, epochs=3, batch_size=64)
    events = []
    compiled = engine.train(project, device="cpu", compile=True, on_event=events.append)
    eager = engine.train(project, device="cpu")
    notes = [e.message for e in events if isinstance(e, RunNote)]
    assert len(notes) == 1 and notes[0].startswith("compiled the train step in ")
    assert compiled.history["val_accuracy"][-1] == pytest.approx(
        eager.history["val_accuracy"][-1], abs=0.02
    )
