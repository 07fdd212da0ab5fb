"""The dark theme reaches the plots, the confusion matrix and the toolbar icons (live, on a
theme switch), and the training plots read honestly: whole-number epoch ticks, no
exaggerated y axis for a curve that hardly moves, a colour of its own for every run.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication

from gui import theme
from gui.training.plots import LivePlots, framed_range
from gui.training.results import ConfusionView
from gui.training.runs import RunRecord


@pytest.fixture
def owned(qapp):
    """Top-level widgets for a test, deleted by Qt at its end: left to Python's garbage
    collector at exit, pyqtgraph's item cycles get freed in an order that can crash."""
    widgets = []
    yield lambda widget: widgets.append(widget) or widget
    for widget in widgets:
        widget.close()
        widget.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def themed(qapp):
    """Apply themes freely; the app's look is put back afterwards."""
    palette, sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    before = theme.current()
    yield lambda t: theme.apply(qapp, t)
    theme._current = before
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def run(number: int, epochs: int = 3, accuracy: list[float] | None = None) -> RunRecord:
    record = RunRecord(number, {}, {})
    record.epochs = [float(e) for e in range(1, epochs + 1)]
    record.history = {
        "train_loss": [1.0 / e for e in range(1, epochs + 1)],
        "val_loss": [1.2 / e for e in range(1, epochs + 1)],
        "val_accuracy": accuracy or [0.5 + 0.1 * e for e in range(epochs)],
        "lr": [0.001] * epochs,
    }
    return record


def ink(pixmap) -> list[QColor]:
    image = pixmap.toImage()
    pixels = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return [p for p in pixels if p.alpha() > 0]


def test_plots_follow_the_theme_live(owned, themed):
    themed(theme.DARK)
    plots = owned(LivePlots())
    assert plots.view.backgroundBrush().color() == QColor(theme.DARK.base)
    axis = plots.plots["loss"].getAxis("left")
    assert axis.textPen().color() == QColor(theme.DARK.text)
    assert plots.plots["loss"].titleLabel.opts["color"] == theme.DARK.text
    themed(theme.LIGHT)  # the palette change reaches the widget by itself
    QApplication.processEvents()
    assert plots.view.backgroundBrush().color() == QColor(theme.LIGHT.base)
    assert axis.textPen().color() == QColor(theme.LIGHT.text)


def test_confusion_matrix_is_dark_in_the_dark_theme(owned, themed):
    themed(theme.DARK)
    view = owned(ConfusionView())
    view.show_counts([[40, 2], [5, 30]], ["no", "yes"])
    cell = view.table.item(0, 0)
    assert cell.background().color().lightness() < 110
    assert cell.foreground().color().lightness() > 200
    themed(theme.LIGHT)
    QApplication.processEvents()
    cell = view.table.item(0, 0)
    assert cell.background().color().lightness() > 150
    assert cell.foreground().color().lightness() < 60
    assert view.counts() == [[40, 2], [5, 30]]


def test_toolbar_icons_follow_the_theme_and_look_disabled(themed):
    icon = theme.icon("save")
    size = QSize(24, 24)
    themed(theme.LIGHT)
    light = ink(icon.pixmap(size, QIcon.Mode.Normal))
    themed(theme.DARK)
    dark = ink(icon.pixmap(size, QIcon.Mode.Normal))
    disabled = ink(icon.pixmap(size, QIcon.Mode.Disabled))
    assert max(p.lightness() for p in dark) > max(p.lightness() for p in light) + 80
    assert max(p.alpha() for p in disabled) < 0.7 * max(p.alpha() for p in dark)


def test_epoch_axes_tick_at_whole_numbers(owned):
    plots = owned(LivePlots())
    plots.resize(900, 600)
    plots.show_run(run(1, epochs=3))
    for key in ("loss", "metrics", "lr"):
        plot = plots.plots[key]
        plot.vb.updateAutoRange()
        low, high = plot.vb.viewRange()[0]
        axis = plot.getAxis("bottom")
        ticks = [v for _, values in axis.tickValues(low, high, 400) for v in values]
        assert ticks and all(float(v).is_integer() for v in ticks), (key, ticks)
        assert axis.tickStrings([1.0, 2.0], 1.0, 1.0) == ["1", "2"]


def test_a_curve_that_hardly_moves_is_not_blown_up(owned):
    plots = owned(LivePlots())
    plots.show_run(run(1, accuracy=[0.998, 0.999, 0.9985]))
    low, high = plots.plots["metrics"].vb.viewRange()[1]
    assert high - low >= 0.05  # not 0.998-0.999 across the whole plot
    assert low < 0.998 and high > 0.999
    assert framed_range([0.2, 0.9]) is None  # a curve that moves keeps auto-range
    assert framed_range([0.001, 0.001]) == (0.0, 0.002)


def test_every_overlaid_run_has_its_own_colour(owned):
    plots = owned(LivePlots())
    plots.show_run(run(12))
    plots.set_overlays([run(n) for n in range(1, 12)])
    colours = {
        number: plots.curves[(number, "loss", "val_loss")].opts["pen"].color().name()
        for number in range(1, 12)
    }
    assert len(set(colours.values())) == 11
    current = {
        plots.curves[(12, "loss", name)].opts["pen"].color().name()
        for name in ("train_loss", "val_loss")
    }
    assert not current & set(colours.values())


def test_the_key_to_the_curves_is_in_the_title_line(owned):
    plots = owned(LivePlots())
    plots.show_run(run(3))
    plots.set_overlays([run(1)])
    title = plots.plots["loss"].titleLabel.text
    assert "Loss per epoch" in title and "train_loss" in title and "val_loss" in title
    assert "run 1" in title and title.count("run 1") == 1  # one entry per earlier run
    overlay = plots.curves[(1, "loss", "val_loss")].opts["pen"].color().name()
    assert f"color:{overlay}" in title
    assert plots.plots["loss"].legend is None  # no box over the curves
