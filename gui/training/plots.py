"""Live training curves with pyqtgraph: loss per step (raw and smoothed), loss and metrics
per epoch, learning rate; earlier runs can be overlaid dashed for comparison.

Curves are redrawn by a timer with `setData` (never per event), with downsampling and
clip-to-view on, so a run of a million steps stays smooth. Hovering a plot shows the values
under the cursor. pyqtgraph is imported by whoever creates this widget, not at startup.

Epochs and steps are counted, so their axes tick at whole numbers only; a curve that barely
moves (accuracy between 0.998 and 0.999) is framed with a minimum span rather than
stretched over the whole plot; every earlier run gets its own colour; colours follow the
light or dark theme (`apply_theme`, on every palette change). The key to the curves sits
in each plot's title line, so it is never clipped and never covers a curve, however small
the plot.
"""

from __future__ import annotations

import html
import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui import theme
from gui.training.runs import RunRecord

REDRAW_MS = 100
COLORS = ("#4c8bf5", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948")
MIN_SPAN = 0.05  # a curve's y axis spans at least this share of its largest value
GOLDEN = 0.618033988749895  # hue step between runs: never the same colour twice
PLOTS = (  # key, title, x label, y label (each marked for translation)
    (
        "step",
        QT_TRANSLATE_NOOP("LivePlots", "Training loss per step"),
        QT_TRANSLATE_NOOP("LivePlots", "step"),
        QT_TRANSLATE_NOOP("LivePlots", "loss"),
    ),
    (
        "loss",
        QT_TRANSLATE_NOOP("LivePlots", "Loss per epoch"),
        QT_TRANSLATE_NOOP("LivePlots", "epoch"),
        QT_TRANSLATE_NOOP("LivePlots", "loss"),
    ),
    (
        "metrics",
        QT_TRANSLATE_NOOP("LivePlots", "Metrics per epoch"),
        QT_TRANSLATE_NOOP("LivePlots", "epoch"),
        QT_TRANSLATE_NOOP("LivePlots", "value"),
    ),
    (
        "lr",
        QT_TRANSLATE_NOOP("LivePlots", "Learning rate"),
        QT_TRANSLATE_NOOP("LivePlots", "epoch"),
        QT_TRANSLATE_NOOP("LivePlots", "lr"),
    ),
)


def _series(run: RunRecord) -> dict[str, list[tuple[str, list[float], list[float]]]]:
    """Per plot: (name, x, y) of each curve of a run."""
    h, ep = run.history, run.epochs
    metric_keys = [k for k in h if k not in ("train_loss", "val_loss", "lr")]
    return {
        "step": [("loss", run.steps, run.step_loss), ("smoothed", run.steps, run.smoothed)],
        "loss": [(k, ep, h[k]) for k in ("train_loss", "val_loss") if k in h],
        "metrics": [(k, ep, h[k]) for k in metric_keys],
        "lr": [("lr", ep, h["lr"])] if "lr" in h else [],
    }


def _ends(curve: pg.PlotDataItem) -> list[float]:
    """The lowest and highest finite values of a curve (empty when it has none)."""
    y = curve.yData
    finite = y[np.isfinite(y)] if y is not None else ()
    return [float(finite.min()), float(finite.max())] if len(finite) else []


class CountAxis(pg.AxisItem):
    """An axis of counted things (epochs, steps): ticks at whole numbers only."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float):
        levels = super().tickSpacing(minVal, maxVal, size) or [(1.0, 0.0)]
        whole = [(float(max(1, math.ceil(step))), offset) for step, offset in levels]
        return [level for i, level in enumerate(whole) if level not in whole[:i]]

    def tickStrings(self, values, scale, spacing) -> list[str]:
        return [f"{round(v * scale):d}" for v in values]


def run_colour(number: int) -> str:
    """A colour of its own for run `number` (golden-ratio hue steps do not repeat)."""
    return QColor.fromHsvF((0.58 + number * GOLDEN) % 1.0, 0.7, 0.82).name()


def framed_range(values: list[float]) -> tuple[float, float] | None:
    """The y range for a curve that hardly moves, or None to leave it to auto-range: a
    constant positive curve (a fixed learning rate) from 0 to twice its value; one that
    moves less than MIN_SPAN of its size, over MIN_SPAN around its middle, so noise in the
    fourth decimal does not look like a collapse."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    if low == high and low > 0:
        return 0.0, 2 * low
    size = max(abs(low), abs(high))
    if size == 0 or high - low >= MIN_SPAN * size:
        return None
    middle = (low + high) / 2
    return middle - MIN_SPAN * size / 2, middle + MIN_SPAN * size / 2


class LivePlots(QWidget):
    def __init__(self) -> None:
        super().__init__()
        pg.setConfigOptions(antialias=True)
        self.view = pg.GraphicsLayoutWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.plots: dict[str, pg.PlotItem] = {}
        for i, (key, _, xlabel, _) in enumerate(PLOTS):
            axes = {"bottom": CountAxis("bottom")} if xlabel in ("epoch", "step") else {}
            plot = self.view.addPlot(row=i // 2, col=i % 2, axisItems=axes)
            plot.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads badly
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            self.plots[key] = plot
        self._label_axes()
        self.curves: dict[tuple[int, str, str], pg.PlotDataItem] = {}
        self._keyed: set[tuple[int, str, str]] | None = None  # curves the titles name
        self.current: RunRecord | None = None
        self.overlays: list[RunRecord] = []
        self._dirty = False
        self._drawn = 0.0  # perf_counter of the last drawing
        self._framed: set[str] = set()  # plots whose y range _frame_flat_curves set
        self.hover = pg.TextItem(anchor=(0, 1), color="#222", fill=pg.mkBrush(255, 255, 230, 230))
        self.hover.setZValue(1000)
        self.hover_plot: pg.PlotItem | None = None
        self.view.scene().sigMouseMoved.connect(self._hover)
        self.timer = QTimer(self)  # armed by mark_dirty: no wakeups while nothing changes
        self.timer.setSingleShot(True)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self.redraw)
        self.apply_theme()

    # -- theme ----------------------------------------------------------------------------
    def apply_theme(self) -> None:
        """Background, axes, titles and the hover box in the theme's colours."""
        t = theme.current()
        self.view.setBackground(QColor(t.base))
        for plot in self.plots.values():
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(t.muted))
                axis.setTextPen(pg.mkPen(t.text))
                axis.label.setDefaultTextColor(QColor(t.muted))
        self._keyed = None
        self._update_titles()
        self.hover.fill = pg.mkBrush(QColor(t.alt_base))
        self.hover.setColor(QColor(t.text))
        self.hover.border = pg.mkPen(t.node_border)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the app switched themes
            self.apply_theme()
        elif event.type() == QEvent.Type.LanguageChange:  # View > Language
            self._label_axes()
            self._keyed = None
            self._update_titles()

    def _label_axes(self) -> None:
        for key, title, xlabel, ylabel in PLOTS:
            plot = self.plots[key]
            plot.setTitle(self.tr(title))
            plot.setLabel("bottom", self.tr(xlabel))
            plot.setLabel("left", self.tr(ylabel))

    # -- what to show ---------------------------------------------------------------------
    def show_run(self, run: RunRecord | None) -> None:
        self.current = run
        self._rebuild()

    def clear(self) -> None:
        """No run and no overlays, axes back to their empty frame (another project)."""
        self.overlays = []
        self.show_run(None)
        for plot in self.plots.values():
            plot.setRange(xRange=(0, 1), yRange=(0, 1))
            plot.enableAutoRange()

    def set_overlays(self, runs: list[RunRecord]) -> None:
        self.overlays = [r for r in runs if r is not self.current]
        self._rebuild()

    def mark_dirty(self) -> None:
        """New points arrived: draw them now when the last drawing is REDRAW_MS old (in the
        wakeup that brought them: one hand-off of the GIL, not two), else soon after."""
        self._dirty = True
        if self.timer.isActive():
            return
        wait_ms = REDRAW_MS - (time.perf_counter() - self._drawn) * 1000
        if wait_ms <= 0:
            self.redraw()
        else:
            self.timer.start(int(wait_ms) + 1)

    def _rebuild(self) -> None:
        for (_, plot_key, _), curve in self.curves.items():
            self.plots[plot_key].removeItem(curve)
        self.curves.clear()
        self._dirty = True
        self.redraw()

    # -- drawing --------------------------------------------------------------------------
    def redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self._drawn = time.perf_counter()
        runs = [r for r in (self.current, *self.overlays) if r is not None]
        for run in runs:
            overlay = run is not self.current
            for plot_key, series in _series(run).items():
                for index, (name, x, y) in enumerate(series):
                    curve = self._curve(run, plot_key, name, index, overlay)
                    n = min(len(x), len(y))
                    shown = 0 if curve.xData is None else len(curve.xData)
                    if n != shown:  # series only grow: an unchanged plot is not repainted
                        curve.setData(x[:n], y[:n])
        self._frame_still_curves()
        self._update_titles()

    def _update_titles(self) -> None:
        """Each plot's title followed by its key: a line in each curve's colour and its
        name (earlier runs: one dashed entry per run), when the set of curves changed."""
        if self._keyed == set(self.curves):
            return
        self._keyed = set(self.curves)
        t = theme.current()
        for key, plot in self.plots.items():
            title = next(title for k, title, _, _ in PLOTS if k == key)
            entries: dict[str, tuple[str, str]] = {}  # label -> colour, line
            for (number, plot_key, name), curve in self.curves.items():
                if plot_key != key:
                    continue
                colour = curve.opts["pen"].color().name()
                if self.current is not None and number == self.current.number:
                    entries.setdefault(name, (colour, "━"))
                else:
                    entries.setdefault(self.tr("run {n}").format(n=number), (colour, "┅"))
            key_html = "&nbsp;&nbsp;&nbsp;".join(
                f"<span style='color:{colour}'>{line}</span>"
                f"&nbsp;<span style='color:{t.muted}'>{html.escape(label)}</span>"
                for label, (colour, line) in entries.items()
            )
            heading = html.escape(self.tr(title))
            text = f"<b>{heading}</b><br><span style='font-size:8pt'>{key_html}</span>"
            plot.setTitle(text, color=t.text, size="9pt")
            label = plot.titleLabel  # a narrow plot crops its title, never widens the grid
            label.setMinimumWidth(0)
            label.setFlag(label.GraphicsItemFlag.ItemClipsChildrenToShape)

    def _frame_still_curves(self) -> None:
        """Auto-range stretches a curve that hardly moves over the whole plot (a fixed
        learning rate looks like zero in +-0.5; accuracy 0.998-0.999 looks like a
        collapse); such plots get `framed_range` instead."""
        for key, plot in self.plots.items():  # numpy per curve: no Python loop per point
            values = [v for (_, k, _), c in self.curves.items() if k == key for v in _ends(c)]
            framed = framed_range(values)
            if framed is not None:
                plot.setYRange(*framed, padding=0.05)
                self._framed.add(key)
            elif key in self._framed:  # moving again: back to auto-range, once
                plot.enableAutoRange(axis="y")
                self._framed.discard(key)

    def _curve(
        self, run: RunRecord, plot_key: str, name: str, index: int, overlay: bool
    ) -> pg.PlotDataItem:
        key = (run.number, plot_key, name)
        curve = self.curves.get(key)
        if curve is None:
            if plot_key == "step":
                color = run_colour(run.number) if overlay else COLORS[0]
                raw = name == "loss"
                pen = pg.mkPen(color, width=1 if raw else 2.5)
                if raw:
                    pen.setColor(pg.mkColor(color).lighter(150))
            elif overlay:  # one colour per earlier run; its series told apart by dashes
                pen = pg.mkPen(run_colour(run.number), width=2)
            else:
                pen = pg.mkPen(COLORS[index % len(COLORS)], width=2)
            if overlay:
                dashes = (Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
                pen.setStyle(dashes[index % len(dashes)])
            label = f"{run.title}: {name}" if overlay else name
            symbol = "o" if plot_key != "step" else None
            curve = self.plots[plot_key].plot(
                name=label, pen=pen, symbol=symbol, symbolSize=4, symbolBrush=pen.color()
            )
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
            self.curves[key] = curve
        return curve

    def curve_data(self, plot_key: str, name: str) -> tuple[list[float], list[float]]:
        """The points the current run's curve holds (for tests and the hover text)."""
        assert self.current is not None
        curve = self.curves.get((self.current.number, plot_key, name))
        if curve is None:
            return [], []
        x, y = curve.getData()
        return ([] if x is None else x.tolist()), ([] if y is None else y.tolist())

    # -- hover ----------------------------------------------------------------------------
    def _hover(self, pos: QPointF) -> None:
        plot = next((p for p in self.plots.values() if p.sceneBoundingRect().contains(pos)), None)
        if self.hover_plot is not None and self.hover_plot is not plot:
            self.hover_plot.removeItem(self.hover)
            self.hover_plot = None
        if plot is None:
            return
        point = plot.vb.mapSceneToView(pos)
        lines = []
        for (number, plot_key, name), curve in self.curves.items():
            if self.plots[plot_key] is not plot:
                continue
            x, y = curve.xData, curve.yData
            if x is None or not len(x):
                continue
            i = int(np.searchsorted(x, point.x()))  # then the nearer of its two neighbours
            i = min((j for j in (i - 1, i) if 0 <= j < len(x)), key=lambda j: abs(x[j] - point.x()))
            who = "" if self.current and number == self.current.number else f"run {number} "
            lines.append(f"{who}{name} = {y[i]:.5g} at {x[i]:g}")
        if not lines:
            return
        self.hover.setText("\n".join(lines))
        if self.hover_plot is None:
            plot.addItem(self.hover, ignoreBounds=True)
            self.hover_plot = plot
        self.hover.setPos(point)
