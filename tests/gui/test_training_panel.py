"""The Training dock driven like a user would: settings edited through the document, F5 /
Pause / Stop through the panel's actions, a real Trainer on a real QThread, offscreen Qt.
Runs are tiny (a few hundred samples) so each test takes a second or two.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import torch
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

import engine
from gui.document import Document
from gui.main_window import MainWindow
from gui.training.runs import RunRecord

RUN_TIMEOUT_MS = 60_000


def configure(win: MainWindow, data: dict[str, Any] = {}, **training: Any) -> None:  # noqa: B006
    """Edit the data and training sections through undoable document commands."""
    doc = win.document
    doc.set_settings("data", {**doc.project.data, "samples": 256, **data}, "tiny data")
    settings = {**doc.project.training, "epochs": 3, "batch_size": 32, "device": "cpu"}
    doc.set_settings("training", {**settings, **training}, "tiny run")


def run_to_end(qtbot, win: MainWindow) -> RunRecord:
    """F5, then wait until the GUI has handled the end; returns the run's record. (Waits
    watch the GUI thread: the worker's signals come from its own.)"""
    win.training.train_action.trigger()
    qtbot.waitUntil(lambda: win.training.run is None, timeout=RUN_TIMEOUT_MS)
    return win.training.records[-1]


def start_long_run(qtbot, win: MainWindow) -> Any:
    """A run long enough to interrupt; returns its worker once batches are reported."""
    configure(win, {"samples": 20_000}, epochs=50, batch_size=4)
    win.training.train_action.trigger()
    qtbot.waitUntil(lambda: len(win.training.current.steps) > 0, timeout=RUN_TIMEOUT_MS)
    return win.training.run.worker


def test_short_run_fills_curves_history_confusion_and_try_it(qtbot, window: MainWindow) -> None:
    configure(window)
    panel = window.training
    QTest.keyClick(window.view, Qt.Key.Key_F5)
    assert panel.run is not None, "F5 starts a run"
    assert window.document.locked, "the graph is locked while training"
    worker = panel.run.worker
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)
    assert not window.document.locked

    record = panel.records[-1]
    assert record.status == "completed"
    history = worker.result.history  # the engine's own
    assert record.history == history  # rebuilt in the GUI from the emitted epoch rows
    assert record.epochs == [1.0, 2.0, 3.0]
    plots = panel.view.plots
    plots.redraw()
    x, y = plots.curve_data("loss", "val_loss")
    assert x == [1.0, 2.0, 3.0]
    assert y == pytest.approx(history["val_loss"])
    assert plots.curve_data("lr", "lr")[1] == pytest.approx(history["lr"])
    lr = history["lr"][0]
    assert set(history["lr"]) == {lr}, "no scheduler: a flat learning-rate curve"
    low, high = plots.plots["lr"].vb.viewRange()[1]
    assert low <= 0 < lr < high <= 2.2 * lr, "framed from 0, not a line at 'zero' in +-0.5"
    assert record.smoothing_steps == max(1.0, 3 * record.steps_per_epoch / 50)
    assert plots.curve_data("metrics", "val_accuracy")[1] == pytest.approx(history["val_accuracy"])
    steps, losses = plots.curve_data("step", "loss")
    assert steps == record.steps and losses == pytest.approx(record.step_loss)
    assert steps[-1] == 3 * record.steps_per_epoch  # the step curve reaches the last step
    assert history["val_accuracy"][-1] > 0.9  # blobs are easy
    loss_plot = plots.plots["loss"]
    loss_plot.vb.updateAutoRange()  # as a paint would: fit the axes to the points
    plots._hover(loss_plot.vb.mapViewToScene(QPointF(2.0, history["val_loss"][1])))
    assert f"val_loss = {history['val_loss'][1]:.5g} at 2" in plots.hover.toPlainText()

    headless = engine.train(window.document.project)  # same project, same seed, no GUI
    assert history["train_loss"] == pytest.approx(headless.history["train_loss"], rel=1e-4)

    counts = panel.confusion.counts()
    assert sum(map(sum, counts)) == 51  # the validation rows: round(256 * 0.2)
    panel.try_it.row.setValue(3)
    panel.try_it.predict_row()
    assert panel.try_it.last.labels[0] in ("0", "1")
    assert "true:" in panel.try_it.output.text()
    assert "completed" in panel.runs_list.item(0).text()


def test_settings_form_edits_are_undoable(qtbot, window: MainWindow) -> None:
    form = window.training.settings_form
    form.basics.editors["epochs"].box.setValue(7)
    assert window.document.project.training["epochs"] == 7
    form.optimizer.combo.setCurrentText("SGD")
    form.optimizer.params.editors["momentum"].edit.setText("0.9")
    form.optimizer.params.editors["momentum"].edit.editingFinished.emit()
    assert window.document.project.training["optimizer"] == {"type": "SGD", "momentum": 0.9}
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.project.training["optimizer"]["type"] == "Adam"
    window.document.undo_stack.undo()
    assert window.document.project.training["epochs"] == 10
    assert form.basics.editors["epochs"].box.value() == 10  # the form follows undo


def test_csv_source_previews_rows_and_offers_columns(qtbot, window: MainWindow, tmp_path) -> None:
    table = tmp_path / "iris.csv"
    table.write_text("a,b,kind\n1,2,x\n3,4,y\n5,6,x\n")
    data_form = window.training.data_form
    data_form.source.setCurrentText("csv")
    data_form.set_key("path", str(table))
    assert window.document.project.data == {
        "source": "csv",
        "seed": 0,
        "validation_split": 0.2,
        "missing": "error",
        "path": str(table),
        "target": "kind",  # the column the form shows as the target is the project's
    }
    assert data_form.table.rowCount() == 3 and data_form.table.item(1, 2).text() == "y"
    assert [data_form.target.itemText(i) for i in range(3)] == ["a", "b", "kind"]
    assert data_form.target.currentText() == "kind"
    data_form.target.setCurrentText("a")
    data_form.target.activated.emit(0)
    assert window.document.project.data["target"] == "a"


def test_pause_holds_the_run_and_resume_continues(qtbot, window: MainWindow) -> None:
    worker = start_long_run(qtbot, window)
    panel = window.training
    panel.pause_action.trigger()
    assert panel.pause_action.text() == "&Resume"
    qtbot.wait(400)  # let the batch in flight and its queued signals land
    record = panel.current
    held = len(record.steps)
    qtbot.wait(600)
    assert len(record.steps) == held and worker.trainer.paused
    panel.pause_action.trigger()
    qtbot.waitUntil(lambda: len(record.steps) > held, timeout=RUN_TIMEOUT_MS)
    panel.stop_action.trigger()
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)


def test_stop_mid_epoch_keeps_the_weights(qtbot, window: MainWindow) -> None:
    start_long_run(qtbot, window)
    panel = window.training
    QTest.keyClick(window.view, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)
    assert panel.records[-1].status == "stopped"
    assert panel.records[-1].message == "stopped during epoch 1"
    torch.manual_seed(0)
    untrained = engine.build_model(window.document.project.graph)
    trained = panel.model.state_dict()
    assert any(not torch.equal(v, trained[k]) for k, v in untrained.state_dict().items())
    assert panel.save_weights_action.isEnabled()
    assert not window.document.locked


def test_closing_mid_run_asks_then_joins_the_thread(qtbot, window: MainWindow) -> None:
    start_long_run(qtbot, window)
    thread = window.training.run.thread
    window.document.undo_stack.setClean()

    def answer_yes() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "Stop it and close?" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(100, answer_yes)
    assert window.close()
    assert thread.isFinished() and not thread.isRunning()
    assert window.training.run is None
    assert window.training.records[-1].status == "stopped"


def test_saved_weights_load_into_a_fresh_window_identically(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    configure(window)
    run_to_end(qtbot, window)
    path = tmp_path / "w.safetensors"
    window.training.save_weights(path)

    fresh = MainWindow(Document(copy.deepcopy(window.document.project)), tmp_path / "autosave2")
    qtbot.addWidget(fresh)
    assert fresh.training.load_weights(path) is None
    x = torch.randn(16, 10)
    with torch.no_grad():
        assert torch.equal(window.training.model(x), fresh.training.model(x))
    assert fresh.training.save_weights_action.isEnabled()

    fresh.document.set_param("fc1", "out_features", 32)
    error = fresh.training.load_weights(path)
    assert "fc1.weight: file has (128, 10), model has (32, 10)" in error
    fresh.document.undo_stack.setClean()


def test_nan_run_shows_the_error_panel(qtbot, window: MainWindow) -> None:
    configure(window, optimizer={"type": "SGD", "lr": 1e30})
    assert run_to_end(qtbot, window).status == "diverged"
    error = window.training.view.error
    assert error.isVisible()
    assert error.title.text() == "Training diverged"
    assert "the loss became NaN" in error.message.text()
    assert "at node 'fc" in error.message.text()
    assert not window.document.locked


def test_runs_overlay_earlier_curves(qtbot, window: MainWindow) -> None:
    configure(window, epochs=2)
    run_to_end(qtbot, window)
    configure(window, epochs=2, optimizer={"type": "SGD", "lr": 0.05})
    run_to_end(qtbot, window)
    panel = window.training
    assert panel.runs_list.count() == 2
    assert "SGD lr=0.05" in panel.runs_list.item(1).text()
    panel.runs_list.item(0).setCheckState(Qt.CheckState.Checked)  # overlay run 1
    plots = panel.view.plots
    overlay = plots.curves[(1, "loss", "val_loss")]
    assert overlay.yData.tolist() == pytest.approx(panel.records[0].history["val_loss"])
    assert (2, "loss", "val_loss") in plots.curves


def test_memory_warning_when_the_device_is_too_small(qtbot, window: MainWindow) -> None:
    picker = window.training.device
    small = engine.DeviceInfo("cuda:0", "cuda", "Small GPU", 2**30, 1000)
    picker._fill([engine.DeviceInfo("cpu", "cpu", "CPU"), small])
    assert picker.combo.itemText(2) == "cuda:0 — Small GPU (1.1 GB)"
    picker.combo.setCurrentIndex(2)
    picker.combo.activated.emit(2)
    assert window.document.project.training["device"] == "cuda:0"
    assert "will not fit" in picker.memory.text()
    picker.combo.setCurrentIndex(1)
    picker.combo.activated.emit(1)
    assert "will not fit" not in picker.memory.text()


def test_image_folder_preview_and_try_it_on_an_image(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from PIL import Image

    pics = tmp_path / "pics"
    for name, colour in (("dark", 20), ("light", 230)):
        (pics / name).mkdir(parents=True)
        for i in range(3):
            Image.new("L", (12, 12), colour + i).save(pics / name / f"{i}.png")
    graph = engine.Graph(
        [
            engine.Node("in", "Input", {"shape": [1, 8, 8]}),
            engine.Node("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3}),
            engine.Node("flat", "Flatten"),
            engine.Node("fc", "Linear", {"out_features": 2}),
            engine.Node("out", "Output"),
        ],
        [engine.Edge(a, b) for a, b in (("in", "conv"), ("conv", "flat"), ("flat", "fc"))]
        + [engine.Edge("fc", "out")],
    )
    project = engine.Project(graph, "Images", path=tmp_path / "images.layerlab")
    project.data = {"source": "images", "path": "pics", "size": 8, "channels": 1}
    project.training = {"epochs": 2, "batch_size": 2, "device": "cpu"}
    window.document.replace_project(project)
    form = window.training.data_form
    assert form.thumbs.count() == 6 and form.thumbs.item(0).text() == "dark"
    assert form.preview_note.text() == "2 classes: dark, light"

    assert run_to_end(qtbot, window).status == "completed"
    window.training.try_it.predict_image(pics / "light" / "0.png")
    assert window.training.try_it.last.labels[0] in ("dark", "light")
    assert "0.png →" in window.training.try_it.output.text()


def test_opening_another_project_stops_the_run(qtbot, window: MainWindow, examples_dir) -> None:
    start_long_run(qtbot, window)
    panel = window.training
    record = panel.current
    window.document.replace_project(
        engine.load_project(examples_dir / "binary_classifier.layerlab")
    )
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)
    assert record.status == "stopped"
    assert panel.records == [] and panel.runs_list.count() == 0  # the old project's run
    assert panel.view.status.text() == "Press F5 to train."
    assert panel.model is None and not panel.save_weights_action.isEnabled()
    assert not window.document.locked


def test_a_graph_with_errors_does_not_start(qtbot, window: MainWindow) -> None:
    window.document.delete([], [engine.Edge("fc3", "out")])
    window.training.train_action.trigger()
    assert window.training.run is None and not window.document.locked
    error = window.training.view.error
    assert error.isVisible()
    assert error.message.text().startswith("fix the problems first (see Problems): out:")


def test_f5_fine_tunes_loaded_weights_until_the_user_chooses_fresh_ones(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    configure(window)
    run_to_end(qtbot, window)
    path = tmp_path / "trained.safetensors"
    window.training.save_weights(path)
    x = torch.randn(32, 10)
    with torch.no_grad():
        trained = window.training.model(x)

    configure(window, epochs=1, optimizer={"type": "SGD", "lr": 1e-9})  # weights barely move
    assert window.training.load_weights(path) is None
    start = window.training.start_from_weights_action
    assert start.isEnabled() and start.isChecked()
    assert run_to_end(qtbot, window).status == "completed"
    with torch.no_grad():
        assert torch.allclose(window.training.model(x), trained, atol=1e-5)

    start.trigger()  # unchecked: F5 starts from fresh weights again
    run_to_end(qtbot, window)
    with torch.no_grad():
        assert not torch.allclose(window.training.model(x), trained, atol=1e-2)


def test_status_texts_never_push_the_splitter(qtbot, window: MainWindow) -> None:
    """Ten status lines a second, each a different width: the plots keep their place (a
    label asking for its text's width moved the splitter, and relaid out and repainted the
    curves, at every line)."""
    configure(window, {"samples": 2_000}, epochs=4, batch_size=8)
    window.resize(1000, 650)
    window.training_dock.raise_()  # where F5 shows the run
    window.training.view.ensure_plots()
    split = window.training.split
    qtbot.waitUntil(lambda: window.training.view.plots.isVisible() and split.width() > 900)
    QApplication.processEvents()  # the layout settles
    before = split.sizes()
    record = run_to_end(qtbot, window)
    assert record.status == "completed"
    assert len(window.training.view.status.text()) > 60, "a long line was shown"
    assert split.sizes() == before
