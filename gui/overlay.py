"""Layer health on the canvas: each node shows the chosen statistic of the live probes
(engine.probes) as a small bar, tinted by how healthy it looks; exploding or vanishing
gradients, dead layers and oversized updates turn it amber and say why on hover, with a sparkline of
the statistic over the run. The node where a diverged run first went non-finite is
marked red. View > Layer Health picks the statistic; Off also turns the probes off.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QRectF, Qt
from PySide6.QtGui import QActionGroup, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QMenu

from engine.events import NodeStats, ProbeSample
from engine.i18n import translate_message

PROBE_EVERY = 50  # steps between samples while the overlay is on
# statistic -> (menu text, log scale, bar range); a bar fills by where the value falls
STATS: dict[str, tuple[str, bool, tuple[float, float]]] = {
    "grad_norm": (QT_TRANSLATE_NOOP("HealthOverlay", "Gradient norm"), True, (1e-7, 1e2)),
    "update_ratio": (
        QT_TRANSLATE_NOOP("HealthOverlay", "Update / weight ratio"),
        True,
        (1e-6, 1e-1),
    ),
    "act_std": (QT_TRANSLATE_NOOP("HealthOverlay", "Activation std"), True, (1e-3, 1e2)),
    "act_mean": (QT_TRANSLATE_NOOP("HealthOverlay", "Activation mean"), False, (-3.0, 3.0)),
    "dead": (
        QT_TRANSLATE_NOOP("HealthOverlay", "Dead units (ReLU-like layers)"),
        False,
        (0.0, 1.0),
    ),
}
SPARK = "▁▂▃▄▅▆▇█"
HEALTH_ROOM = 26.0  # px under a node for its bar and text
HISTORY = 400  # samples kept per node for its sparkline
OK, BAD, FAILED = QColor("#59a14f"), QColor("#e8840c"), QColor("#d62728")  # BAD: a verdict


@dataclass(frozen=True)
class Health:
    """What one node shows: a bar (fill 0..1, None = no value), a line of text, a verdict
    and its tooltip lines."""

    fill: float | None
    text: str
    verdict: str
    tip: str
    failed: bool = False  # the first non-finite output of a diverged run


def sparkline(values: list[float]) -> str:
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return ""
    lo, hi = min(finite), max(finite)
    span = hi - lo or 1.0
    return "".join(
        SPARK[min(7, int((v - lo) / span * 8))] if math.isfinite(v) else "✖" for v in values
    )


def bar_fill(stat: str, value: float) -> float:
    _, log, (lo, hi) = STATS[stat]
    if not math.isfinite(value):
        return 1.0
    if log:
        value, lo, hi = math.log10(max(abs(value), 1e-30)), math.log10(lo), math.log10(hi)
    return min(1.0, max(0.0, (value - lo) / (hi - lo)))


def paint_health(painter: QPainter, health: Health, width: float, height: float) -> None:
    """A bar and a line of text under the node (HEALTH_ROOM high); a coloured frame
    around it when the node looks broken."""
    painter.save()
    colour = FAILED if health.failed else BAD if health.verdict else OK
    if health.failed or health.verdict:
        painter.setPen(QPen(colour, 3.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(-1, -1, width + 2, height + 2), 7, 7)
    track = QRectF(8, height + 4, width - 16, 6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(128, 128, 128, 70))
    painter.drawRoundedRect(track, 3, 3)
    if health.fill is not None:
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(track.x(), track.y(), track.width() * health.fill, 6), 3, 3)
    font = QFont(painter.font())
    font.setPixelSize(10)
    font.setBold(bool(health.failed or health.verdict))
    painter.setFont(font)
    painter.setPen(colour if health.fill is not None or health.failed else QColor(128, 128, 128))
    painter.drawText(
        QRectF(8, height + 11, width - 16, 14), Qt.AlignmentFlag.AlignLeft, health.text
    )
    painter.restore()


class HealthOverlay(QObject):
    """Keeps every node's probe history and shows the chosen statistic on the scene."""

    def __init__(self, scene, training) -> None:  # GraphScene, TrainingPanel
        super().__init__(scene)
        self.scene = scene
        self.training = training
        self.stat: str | None = None
        self.history: dict[str, list[tuple[int, NodeStats]]] = {}
        self.failed: tuple[str, str] | None = None  # (node id, message)
        training.probed.connect(self.add)
        training.nonfinite.connect(self.mark_nonfinite)
        training.runStarting.connect(self.clear)
        scene.document.graphChanged.connect(self.apply)

    def add_menu(self, menu: QMenu) -> QMenu:
        """View > Layer Health: Off or one statistic."""
        sub = menu.addMenu(self.tr("Layer &Health"))
        group = QActionGroup(sub)
        for key, text in [(None, self.tr("Off")), *((k, self.tr(v[0])) for k, v in STATS.items())]:
            action = sub.addAction(text, lambda k=key: self.set_stat(k))
            action.setCheckable(True)
            action.setChecked(key == self.stat)
            group.addAction(action)
        return sub

    def set_stat(self, stat: str | None) -> None:
        """Show `stat` (None: hide the overlay and stop probing later runs)."""
        self.stat = stat
        self.training.probe_every = PROBE_EVERY if stat else None
        self.apply()

    def clear(self) -> None:
        self.history.clear()
        self.failed = None
        self.apply()

    def add(self, samples: list[ProbeSample]) -> None:
        for sample in samples:
            for node_id, stats in sample.nodes.items():
                kept = self.history.setdefault(node_id, [])
                kept.append((sample.step, stats))
                del kept[:-HISTORY]
        self.apply()

    def mark_nonfinite(self, node_id: str, message: str = "") -> None:
        self.failed = (
            node_id,
            message
            or self.tr("the first non-finite output is at node '{node}'").format(node=node_id),
        )
        self.apply()

    def health(self, node_id: str) -> Health | None:
        """What node `node_id` shows now (None: nothing)."""
        if self.failed and self.failed[0] == node_id:
            tip = f"✖ {html.escape(translate_message(self.failed[1]))}"
            return Health(
                None, self.tr("first NaN/Inf here"), self.tr("non-finite output"), tip, failed=True
            )
        kept = self.history.get(node_id)
        if self.stat is None or not kept:
            return None
        step, last = kept[-1]
        value = getattr(last, self.stat)
        name = self.tr(STATS[self.stat][0])
        series = [getattr(s, self.stat) for _, s in kept]
        series = [v for v in series if v is not None]
        verdict = translate_message(last.verdict) if last.verdict else last.verdict
        text = f"{name.split(' (')[0]}: {value:.3g}" if value is not None else f"{name}: —"
        lines = [
            self.tr("{name} at step {step}: {value}").format(
                name=f"<b>{html.escape(name)}</b>",
                step=step,
                value=f"{value:.4g}" if value is not None else self.tr("not measured here"),
            )
        ]
        if series:
            lines.append(
                self.tr("{sparkline} over {n} samples").format(
                    sparkline=f"<span style='font-family:monospace'>{sparkline(series)}</span>",
                    n=len(series),
                )
            )
        if verdict:
            lines.append(f"<span style='color:#d62728'>⚠ {html.escape(verdict)}</span>")
        fill = bar_fill(self.stat, value) if value is not None else None
        return Health(fill, text, verdict, "<br>".join(lines))

    def apply(self) -> None:
        for node_id, item in self.scene.nodes.items():
            item.set_health(self.health(node_id))
