"""File > Open Run follows a real `layerlab train` subprocess live: the same curves, the
same canvas overlay, the run in the runs list; closing the window leaves the run alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import engine
from engine.events import EpochEnded
from engine.runlog import EVENTS, RunLogError, read_run
from gui.main_window import MainWindow
from gui.training.run_follow import open_run

ROOT = Path(__file__).resolve().parents[2]


def start_training(tmp_path: Path, samples: int, epochs: int) -> subprocess.Popen:
    project = engine.load_project(ROOT / "resources" / "examples" / "binary_classifier.layerlab")
    project.data["samples"] = samples
    project.training.update(epochs=epochs, batch_size=16, device="cpu")
    engine.save_project(project, tmp_path / "p.layerlab")
    return subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "train", "p.layerlab", "--run-dir", "run",
         "--stats", "--stats-every", "20", "--no-checkpoint"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_open_run_follows_a_headless_run_live(qtbot, window: MainWindow, tmp_path) -> None:
    proc = start_training(tmp_path, samples=24000, epochs=4)  # long enough to catch live
    try:
        qtbot.waitUntil(lambda: (tmp_path / "run" / EVENTS).exists(), timeout=60_000)
        choose_grad_norm = window.overlay.set_stat
        choose_grad_norm("grad_norm")
        assert window.files.open_run(str(tmp_path / "run"))
        panel = window.training
        record = panel.records[-1]
        assert record.title == "run" and panel.view.plots.current is record
        qtbot.waitUntil(lambda: len(record.epochs) >= 1, timeout=120_000)
        assert proc.poll() is None and panel.followed[-1].live  # caught it mid-run
        assert record.settings["epochs"] == 4
        fc1 = window.scene.nodes["fc1"]
        qtbot.waitUntil(lambda: fc1.health is not None, timeout=30_000)
        assert fc1.health.text.startswith("Gradient norm: ")
        qtbot.waitUntil(lambda: record.status != "waiting" and record.status != "running",
                        timeout=180_000)  # fmt: skip
        assert proc.wait(60) == 0, proc.stderr.read()
    finally:
        proc.kill()
        proc.communicate()  # reaps it and closes its pipes
    assert record.status == "completed" and not panel.followed[-1].live
    logged = [e for e in read_run(tmp_path / "run") if isinstance(e, EpochEnded)]
    assert record.history["val_loss"] == [e.metrics["val_loss"] for e in logged]
    panel.view.plots.redraw()
    x, y = panel.view.plots.curve_data("loss", "val_loss")
    assert x == [1.0, 2.0, 3.0, 4.0] and y == pytest.approx(record.history["val_loss"])
    item = panel.runs_list.item(panel.runs_list.count() - 1)
    assert item.text().startswith("run · completed · Adam lr=0.001, batch 16")


def test_closing_the_app_leaves_a_followed_run_alone(qtbot, window: MainWindow, tmp_path):
    proc = start_training(tmp_path, samples=4000, epochs=2)
    try:
        qtbot.waitUntil(lambda: (tmp_path / "run" / EVENTS).exists(), timeout=60_000)
        assert window.files.open_run(str(tmp_path / "run"))
        window.document.undo_stack.setClean()
        assert window.close()
        assert proc.wait(180) == 0
    finally:
        proc.kill()
        proc.communicate()  # reaps it and closes its pipes
    assert read_run(tmp_path / "run")[-1].status == "completed"


def test_a_folder_without_a_run_is_refused_with_a_message(qtbot, window, tmp_path) -> None:
    with pytest.raises(RunLogError, match="is not a run folder"):
        open_run(window.training, tmp_path)
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        else:
            QTimer.singleShot(50, read_and_close)

    QTimer.singleShot(50, read_and_close)
    count = len(window.training.records)
    assert not window.files.open_run(str(tmp_path))
    assert seen and seen[0].startswith(f"{tmp_path} is not a run folder (no events.jsonl")
    assert len(window.training.records) == count


def test_a_finished_run_with_junk_lines_opens_with_what_is_readable(qtbot, window, tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    rows = [
        {"type": "RunConfig", "name": "x", "training": {"epochs": 2}, "data": {}, "graph": {},
         "started_at": 0.0},
        {"type": "EpochEnded", "epoch": 1, "epochs": 2, "metrics": {"train_loss": 0.9},
         "elapsed_s": 1.0},
        {"type": "EpochEnded", "epoch": "two"},
        {"type": "RunStatus", "status": "stopped", "message": "stopped during epoch 2"},
    ]  # fmt: skip
    text = "\n".join(json.dumps(r) for r in rows) + '\n{"type": "EpochEnd'
    (folder / EVENTS).write_text(text)
    assert window.files.open_run(str(folder))
    followed = window.training.followed[-1]
    assert not followed.live and followed.reader.skipped == 1
    assert followed.record.history == {"train_loss": [0.9]}
    assert followed.record.status == "stopped"
