"""Live training curves with pyqtgraph: loss per step (raw and smoothed), loss and metrics
per epoch, learning rate; earlier runs can be overlaid dashed for comparison.

Curves are redrawn by a timer with `setData` (never per event), with downsampling and
clip-to-view on, so a run of a million steps stays smooth. Hovering a plot shows the values
under the cursor. pyqtgraph is imported by whoever creates this widget, not at startup.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.runs import RunRecord

REDRAW_MS = 100
COLORS = ("#4c8bf5", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948")
PLOTS = (  # key, title, x label, y label
    ("step", "Training loss per step", "step", "loss"),
    ("loss", "Loss per epoch", "epoch", "loss"),
    ("metrics", "Validation metrics per epoch", "epoch", "value"),
    ("lr", "Learning rate", "epoch", "lr"),
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


class LivePlots(QWidget):
    def __init__(self) -> None:
        super().__init__()
        pg.setConfigOptions(antialias=True)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(self.palette().base().color())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.plots: dict[str, pg.PlotItem] = {}
        for i, (key, title, xlabel, ylabel) in enumerate(PLOTS):
            plot = self.view.addPlot(row=i // 2, col=i % 2, title=title)
            plot.setLabel("bottom", xlabel)
            plot.setLabel("left", ylabel)
            plot.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads badly
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            plot.addLegend(offset=(-8, 8), labelTextSize="8pt")
            self.plots[key] = plot
        self.curves: dict[tuple[int, str, str], pg.PlotDataItem] = {}
        self.current: RunRecord | None = None
        self.overlays: list[RunRecord] = []
        self._dirty = False
        self._framed: set[str] = set()  # plots whose y range _frame_flat_curves set
        self.hover = pg.TextItem(anchor=(0, 1), color="#222", fill=pg.mkBrush(255, 255, 230, 230))
        self.hover.setZValue(1000)
        self.hover_plot: pg.PlotItem | None = None
        self.view.scene().sigMouseMoved.connect(self._hover)
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self.redraw)
        self.timer.start()

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
        """New points arrived; the timer draws them."""
        self._dirty = True

    def _rebuild(self) -> None:
        for (_, plot_key, _), curve in self.curves.items():
            self.plots[plot_key].removeItem(curve)
        self.curves.clear()
        for plot in self.plots.values():
            plot.legend.clear()
        self._dirty = True
        self.redraw()

    # -- drawing --------------------------------------------------------------------------
    def redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        runs = [r for r in (self.current, *self.overlays) if r is not None]
        for run in runs:
            overlay = run is not self.current
            for plot_key, series in _series(run).items():
                for index, (name, x, y) in enumerate(series):
                    curve = self._curve(run, plot_key, name, index, overlay)
                    n = min(len(x), len(y))
                    curve.setData(x[:n], y[:n])
        self._frame_flat_curves()

    def _frame_flat_curves(self) -> None:
        """A constant curve (a fixed learning rate) auto-ranges to +-0.5 around it and looks
        like zero; frame it from 0 to twice its value instead."""
        for key, plot in self.plots.items():
            values = [
                v
                for (_, k, _), c in self.curves.items()
                if k == key
                for v in (c.yData if c.yData is not None else [])
            ]
            if values and min(values) == max(values) and values[0] > 0:
                plot.setYRange(0, 2 * values[0], padding=0.05)
                self._framed.add(key)
            elif key in self._framed:  # no longer flat: back to auto-range, once
                plot.enableAutoRange(axis="y")
                self._framed.discard(key)

    def _curve(
        self, run: RunRecord, plot_key: str, name: str, index: int, overlay: bool
    ) -> pg.PlotDataItem:
        key = (run.number, plot_key, name)
        curve = self.curves.get(key)
        if curve is None:
            if plot_key == "step":
                color = COLORS[(run.number - 1) % len(COLORS)] if overlay else COLORS[0]
                raw = name == "loss"
                pen = pg.mkPen(color, width=1 if raw else 2.5)
                if raw:
                    pen.setColor(pg.mkColor(color).lighter(150))
            else:
                color = COLORS[(index + (run.number if overlay else 0)) % len(COLORS)]
                pen = pg.mkPen(color, width=2)
            if overlay:
                pen.setStyle(Qt.PenStyle.DashLine)
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
