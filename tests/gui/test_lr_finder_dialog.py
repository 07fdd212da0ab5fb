"""Training settings > Find learning rate…: a real sweep on a QThread, the plot on a log
axis with the suggestion marked, one click to use it (undoable); closing mid-sweep stops."""

from __future__ import annotations

import math

import engine
from gui.main_window import MainWindow


def test_find_learning_rate_and_use_it(qtbot, window: MainWindow) -> None:
    doc = window.document
    doc.set_settings("data", {**doc.project.data, "samples": 512}, "tiny data")
    form = window.training.settings_form
    before = doc.project.to_dict()
    form.find_lr_button.click()
    dialog = form.lr_finder
    assert dialog.isVisible() and dialog.running
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=120_000)
    result = dialog.result
    assert doc.project.to_dict() == before  # the sweep changed nothing the user made
    headless = engine.find_lr(doc.project, steps=100)  # same project, same seed
    assert result.lrs == headless.lrs and result.suggestion == headless.suggestion
    assert dialog.plot.getPlotItem().ctrl.logXCheck.isChecked()  # log axis
    x, y = dialog.curve.getData()
    assert len(x) == len(result.lrs) and list(y) == result.smoothed
    assert dialog.mark.isVisible() and dialog.mark.value() == math.log10(result.suggestion)
    assert dialog.status.text() == result.message and "stopped early" in result.message
    rate = float(f"{result.suggestion:.3g}")
    assert dialog.use_button.text() == f"Use {result.suggestion:.3g}"
    dialog.use_button.click()
    assert not dialog.isVisible()
    assert doc.project.training["optimizer"] == {"type": "Adam", "lr": rate}
    assert doc.undo_stack.undoText() == f"Set learning rate to {rate:g}"
    assert float(form.optimizer.params.editors["lr"].edit.text()) == rate
    doc.undo_stack.undo()
    assert doc.project.training["optimizer"] == {"type": "Adam", "lr": 0.001}


def test_closing_mid_sweep_stops_it(qtbot, window: MainWindow) -> None:
    form = window.training.settings_form
    form.find_lr_button.click()
    dialog = form.lr_finder
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=60_000)
    dialog.reject()
    assert not dialog.running and dialog.result is None
