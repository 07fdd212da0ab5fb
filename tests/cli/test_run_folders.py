"""`layerlab train` writes a run folder that a reader (the app's File > Open Run) follows:
the real CLI (run in this process), real files, and files that are cut short or hostile."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from cli_runner import layerlab
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine.events import BatchProgress, EpochEnded, ProbeSample, RunStarted
from engine.runlog import EVENTS, RunConfig, RunLogError, RunReader, RunStatus, read_run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "binary_classifier.layerlab"


def test_train_writes_a_run_folder_with_config_epochs_probes_status_and_weights(tmp_path):
    done = layerlab(
        "train", str(EXAMPLE), "--epochs", "2", "--out", "w.safetensors", "--no-checkpoint",
        "--stats", "--stats-every", "10", "--run-dir", "run", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].endswith(" parameters; run folder run")
    records = read_run(tmp_path / "run")
    config, started, status = records[0], records[1], records[-1]
    assert isinstance(config, RunConfig) and config.name == "Binary classifier"
    assert config.training["epochs"] == 2 and config.data["name"] == "blobs"
    assert [n["id"] for n in config.graph["nodes"]][:2] == ["in", "fc1"]
    assert isinstance(started, RunStarted) and started.n_train == 1600
    epochs = [r for r in records if isinstance(r, EpochEnded)]
    assert [e.epoch for e in epochs] == [1, 2]
    probes = [r for r in records if isinstance(r, ProbeSample)]
    assert [p.step for p in probes] == list(range(1, 2 * 25 + 1, 10))
    assert probes[0].nodes["fc1"].grad_norm > 0
    assert isinstance(status, RunStatus) and status.status == "completed"
    final = float(done.stdout.split("val_accuracy ")[-1].split()[0])
    assert epochs[-1].metrics["val_accuracy"] == pytest.approx(final, abs=5e-4)
    logged = engine.load_model(tmp_path / "run" / "weights.safetensors")
    saved = engine.load_model(tmp_path / "w.safetensors")
    x = torch.randn(5, 10)
    assert torch.equal(logged(x), saved(x))


def test_without_run_dir_runs_go_beside_the_project_or_for_an_example_the_weights(tmp_path):
    (tmp_path / "proj").mkdir()
    project = engine.load_project(EXAMPLE)
    project.data["samples"] = 300
    engine.save_project(project, tmp_path / "proj" / "p.layerlab")
    for source in ("proj/p.layerlab", str(EXAMPLE)):
        done = layerlab(
            "train", source, "--epochs", "1", "--out", "out/w.safetensors", "--no-checkpoint",
            cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    (mine,) = (tmp_path / "proj" / "runs").iterdir()
    assert mine.name.startswith("p-") and read_run(mine)[-1].status == "completed"
    (example,) = (tmp_path / "out" / "runs").iterdir()  # the bundled examples stay as they are
    assert example.name.startswith("binary_classifier-")
    assert not (EXAMPLE.parent / "runs").exists()


def test_a_run_dir_that_holds_a_run_or_cannot_be_made_is_refused(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / EVENTS).write_text("{}\n")
    done = layerlab("train", str(EXAMPLE), "--run-dir", "old", "--epochs", "1", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "layerlab: error: old already holds a run; pick another --run-dir\n"
    (tmp_path / "file").write_text("x")
    done = layerlab("train", str(EXAMPLE), "--run-dir", "file/run", "--epochs", "1", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("layerlab: error: cannot write the run folder file/run: ")


def _line(record: dict) -> bytes:
    return (json.dumps(record) + "\n").encode()


def test_reader_takes_only_complete_lines_and_skips_junk(tmp_path):
    path = tmp_path / EVENTS
    epoch = {"type": "EpochEnded", "epoch": 1, "epochs": 2, "metrics": {"train_loss": 0.5},
             "elapsed_s": 1.0}  # fmt: skip
    full = _line(epoch)
    path.write_bytes(full + full[:20])  # the writer is mid-line
    reader = RunReader(tmp_path)
    assert [r.epoch for r in reader.poll()] == [1]
    assert reader.poll() == []
    with path.open("ab") as f:
        f.write(full[20:])
        f.write(b"not json\n" + b"[" * 100_000 + b"\n" + b'{"type": "os.system"}\n')
        f.write(_line({**epoch, "epoch": "2"}) + _line({**epoch, "metrics": {"a": "x"}}))
        f.write(b"x" * (2 << 20) + b"\n")
        f.write(_line({"type": "BatchProgress", "epoch": 1, "epochs": 2, "batch": 3,
                       "batches": 9, "loss": "NaN", "samples_per_s": 10, "eta_s": 1.0,
                       "elapsed_s": 2.0}))  # fmt: skip
    found = reader.poll()
    assert found[0] == EpochEnded(1, 2, {"train_loss": 0.5}, 1.0)
    assert isinstance(found[1], BatchProgress) and found[1].loss != found[1].loss  # NaN
    assert len(found) == 2 and reader.skipped == 6


def test_reader_refuses_what_is_not_a_run_folder(tmp_path):
    with pytest.raises(RunLogError, match="is not a run folder"):
        RunReader(tmp_path)
    os.mkfifo(tmp_path / EVENTS)
    with pytest.raises(RunLogError, match=r"events\.jsonl is not a regular file"):
        RunReader(tmp_path)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_records_or_skipped_never_an_error(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("run")
    (folder / EVENTS).write_bytes(data)
    reader = RunReader(folder)
    found = reader.poll()
    lines = data.split(b"\n")[:-1]
    assert len(found) + reader.skipped == sum(1 for x in lines if x.strip())


@pytest.mark.slow  # torch.distributed.run with two CPU ranks: ~20 s on 2 cores
def test_under_nproc_rank_0_alone_writes_the_run_folder(tmp_path):
    # A process of its own: the launcher becomes the elastic agent of the process it runs
    # in, which would end a pytest worker.
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", str(EXAMPLE), "--nproc", "2",
         "--epochs", "2", "--out", "w.safetensors", "--no-checkpoint", "--stats",
         "--stats-every", "5", "--run-dir", "run"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = read_run(tmp_path / "run")
    assert records[1].processes == 2
    assert [r.epoch for r in records if isinstance(r, EpochEnded)] == [1, 2]  # one writer
    steps = [r.step for r in records if isinstance(r, ProbeSample)]
    assert steps == sorted(set(steps)) and steps[0] == 1
    assert records[-1].status == "completed"
    assert not (tmp_path / "runs").exists()  # no rank wrote a default folder as well


def test_a_diverged_run_logs_its_status_and_node_and_keeps_no_diverged_weights(tmp_path):
    from engine.runlog import LoggedRun
    from engine.training import Trainer

    project = engine.load_project(EXAMPLE)
    project.data["samples"] = 256
    project.training.update(batch_size=32, optimizer={"type": "SGD", "lr": 1e12})
    result = LoggedRun(Trainer(project, epochs=3, device="cpu"), tmp_path / "run").run()
    assert result.diverged
    status = read_run(tmp_path / "run")[-1]
    assert (status.status, status.node) == ("diverged", "fc2")
    assert status.message == result.message
    assert not (tmp_path / "run" / "weights.safetensors").exists()  # diverged in epoch 1
