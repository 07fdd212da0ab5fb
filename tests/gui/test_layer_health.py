"""Layer health on the canvas during a real run: View > Layer Health turns the probes on,
nodes show the statistic with a sparkline on hover, Off hides it and stops probing, and
a diverged run's first non-finite node turns red."""

from __future__ import annotations

from typing import Any

from hover import hovered_tooltip
from PySide6.QtGui import QImage, QPainter

from gui.main_window import MainWindow
from gui.overlay import FAILED, sparkline

RUN_TIMEOUT_MS = 60_000


def configure(win: MainWindow, **training: Any) -> None:
    doc = win.document
    doc.set_settings("data", {**doc.project.data, "samples": 256}, "tiny data")
    settings = {**doc.project.training, "epochs": 3, "batch_size": 32, "device": "cpu"}
    doc.set_settings("training", {**settings, **training}, "tiny run")


def choose(win: MainWindow, text: str) -> None:
    menu = next(a.menu() for a in win.view_menu.actions() if a.text() == "Layer &Health")
    next(a for a in menu.actions() if a.text() == text).trigger()


def run_to_end(qtbot, win: MainWindow) -> None:
    win.training.train_action.trigger()
    qtbot.waitUntil(lambda: win.training.run is None, timeout=RUN_TIMEOUT_MS)


def test_gradient_norms_show_on_nodes_and_off_hides_them(qtbot, window: MainWindow) -> None:
    configure(window)
    choose(window, "Gradient norm")
    assert window.training.probe_every == 50
    window.training.probe_every = 2  # a tiny run: sample often
    samples: list = []
    window.training.probed.connect(samples.extend)
    run_to_end(qtbot, window)
    assert window.training.records[-1].status == "completed"
    assert [s.step for s in samples] == list(range(1, 3 * 7 + 1, 2))
    fc1 = window.scene.nodes["fc1"]
    last = samples[-1].nodes["fc1"].grad_norm
    assert fc1.health is not None and fc1.health.text == f"Gradient norm: {last:.3g}"
    assert 0 < fc1.health.fill < 1 and fc1.health.verdict == ""
    series = [s.nodes["fc1"].grad_norm for s in samples]
    tip = hovered_tooltip(window, fc1)
    assert sparkline(series) in tip and "over 11 samples" in tip
    assert window.scene.nodes["act1"].health.fill is None  # no parameters: no gradient
    assert fc1.boundingRect().height() > 80  # room for the bar under the card
    choose(window, "Dead units (ReLU-like layers)")
    act = window.scene.nodes["act1"]
    assert act.health.text == f"Dead units: {samples[-1].nodes['act1'].dead:.3g}"
    choose(window, "Off")
    assert window.training.probe_every is None
    assert all(item.health is None for item in window.scene.nodes.values())
    window.training.probed.disconnect(samples.extend)
    run_to_end(qtbot, window)
    assert window.training.run is None and all(
        item.health is None for item in window.scene.nodes.values()
    )


def test_the_first_non_finite_node_turns_red_and_is_named(qtbot, window: MainWindow) -> None:
    configure(window, optimizer={"type": "SGD", "lr": 1e12})
    run_to_end(qtbot, window)
    panel = window.training
    assert panel.records[-1].status == "diverged"
    message = panel.view.error.message.text()
    assert "the first non-finite output is at node 'fc2' (Linear)" in message
    fc2 = window.scene.nodes["fc2"]
    assert fc2.health.failed and fc2.health.text == "first NaN/Inf here"
    assert message in hovered_tooltip(window, fc2).replace("&#x27;", "'")
    assert all(i.health is None for n, i in window.scene.nodes.items() if n != "fc2")
    image = QImage(320, 140, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.translate(10, 10)
    fc2.paint(painter, None, None)
    painter.end()
    colours = {image.pixelColor(x, y).name() for x in range(320) for y in range(140)}
    assert FAILED.name() in colours  # the red frame and bar are painted
    window.training.train_action.trigger()  # a new run clears the mark
    assert fc2.health is None
    qtbot.waitUntil(lambda: panel.run is None, timeout=RUN_TIMEOUT_MS)
