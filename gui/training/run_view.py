"""The live view of a run: progress (epoch, batch, samples/s, ETA), the curves, the event
log, and an error panel that says what went wrong and what to do. The plots (pyqtgraph,
about a second to import) are created the first time they are needed.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.events import (
    BatchProgress,
    DataProgress,
    EpochEnded,
    Event,
    RunFailed,
    RunNote,
    RunStarted,
)
from engine.i18n import translate_message
from gui.status_line import StatusLine
from gui.training.runs import RunRecord, status_text

LOG_LINES = 500
IDLE = QT_TRANSLATE_NOOP("RunView", "Press F5 to train.")
ERROR_STYLE = (
    "#banner { background: #fde8e8; border: 1px solid #d93025; border-radius: 4px; }"
    "#banner QLabel { color: #7a1212; }"
)
WARNING_STYLE = (
    "#banner { background: #fff4d6; border: 1px solid #c98a00; border-radius: 4px; }"
    "#banner QLabel { color: #5c3d00; }"
)


def format_eta(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def format_metrics(metrics: dict[str, float]) -> str:
    """Losses first, then the metrics, the learning rate last."""
    order = {"train_loss": 0, "val_loss": 1, "lr": 3}
    keys = sorted(metrics, key=lambda k: order.get(k, 2))
    return ", ".join(f"{k} {metrics[k]:.4g}" for k in keys)


class ErrorPanel(QFrame):
    """A red box with the failure's message (NaN with the node, out of memory with advice);
    yellow for warnings that do not stop a run."""

    def __init__(self, style: str = ERROR_STYLE) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.setStyleSheet(style)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        self.hide()

    def show_error(self, message: str, diverged: bool) -> None:
        self.title.setText(self.tr("Training diverged") if diverged else self.tr("Training failed"))
        self.message.setText(translate_message(message))
        self.show()

    def show_warnings(self, lines: list[str]) -> None:
        self.title.setText(
            self.tr("Training anyway, but check these:")
            if len(lines) > 1
            else self.tr("Training anyway, but check this:")
        )
        self.message.setText("\n".join(f"• {line}" for line in lines))
        self.setVisible(bool(lines))


class RunView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.progress = QProgressBar()
        self.progress.setFormat("%p%")
        self.status = StatusLine(self.tr(IDLE))  # ten texts a second: never a relayout
        self.device = QLabel()
        self.device.setObjectName("help")
        # a label asks for its text's width: a long one would push the splitter over
        self.device.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error = ErrorPanel()
        self.warnings = ErrorPanel(WARNING_STYLE)
        self.warnings.hide()
        self.paused = False
        self._last: BatchProgress | None = None  # the last progress shown
        self.log = QPlainTextEdit()  # shown by the panel in its own tab
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.placeholder = QLabel(self.tr("Curves appear here when training starts."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plots: Any = None  # gui.training.plots.LivePlots once needed
        self.began = time.perf_counter()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.device)
        layout.addWidget(self.error)
        layout.addWidget(self.warnings)
        layout.addWidget(self.placeholder, 1)
        self.layout_ = layout

    def ensure_plots(self) -> Any:
        if self.plots is None:
            from gui.training.plots import LivePlots

            self.plots = LivePlots()
            self.layout_.replaceWidget(self.placeholder, self.plots)
            self.placeholder.deleteLater()
        return self.plots

    def add_log(self, text: str) -> None:
        self.log.appendPlainText(f"{time.strftime('%H:%M:%S')}  {text}")

    def reset(self) -> None:
        """Another project is open: nothing of the last one's runs stays on screen."""
        self.error.hide()
        self.warnings.hide()
        self.set_paused(None, False)
        self.progress.setValue(0)
        self.status.setText(self.tr(IDLE))
        self.device.clear()
        self.log.clear()
        self._last = None
        if self.plots is not None:
            self.plots.clear()

    def set_paused(self, run: RunRecord | None, paused: bool) -> None:
        """Paused: say so where the speed and ETA were (they would be frozen lies)."""
        self.paused = paused
        self.progress.setFormat(self.tr("Paused · %p%") if paused else "%p%")
        if run is None:
            return
        if paused:
            where = ""
            if self._last is not None:
                last = self._last
                where = (self.tr(" at epoch {epoch}/{epochs}, batch {batch}/{batches}")).format(
                    epoch=last.epoch, epochs=last.epochs, batch=last.batch, batches=last.batches
                )
            self.status.setText(
                self.tr("{run} paused{where} · F6 resumes, Shift+F5 stops").format(
                    run=run.title, where=where
                )
            )
        else:
            self.status.setText(self.tr("{run}: resuming…").format(run=run.title))

    # -- a run's life ---------------------------------------------------------------------
    def begin(self, run: RunRecord, warnings: list[str] = ()) -> None:
        self.error.hide()
        self.warnings.show_warnings(list(warnings))
        for line in warnings:
            self.add_log(self.tr("warning: {message}").format(message=translate_message(line)))
        self._last = None
        self.set_paused(None, False)
        self.progress.setValue(0)
        self.status.setText(self.tr("{run}: starting…").format(run=run.title))
        self.ensure_plots().show_run(run)
        self.add_log(self.tr("{run} starting on {device}").format(run=run.title, device=run.device))

    def show_events(self, run: RunRecord, events: list[Event]) -> None:
        """Show a run's events (the record has taken them already), matched on type."""
        rows = [e for e in events if isinstance(e, EpochEnded)]
        progress: BatchProgress | None = None  # the newest point after the last epoch row
        for event in events:
            if isinstance(event, BatchProgress):
                progress = event
            elif isinstance(event, EpochEnded):
                progress = None
            elif isinstance(event, RunStarted):
                self.started(run, event)
            elif isinstance(event, DataProgress):
                self.show_decoding(event)
            elif isinstance(event, RunNote):
                self.add_log(event.message)
            elif isinstance(event, RunFailed):
                self.failed(event.message, event.diverged)
        if rows:
            self.epochs_ended(run, rows)
        if progress is not None:  # only the newest point is worth a redraw
            self.show_progress(run, progress)

    def started(self, run: RunRecord, event: RunStarted) -> None:
        self.device.setText(
            self.tr(
                "{device_name} ({device}) · {n_train} training and "
                "{n_val} validation samples · {params} params"
            ).format(
                device_name=event.device_name,
                device=event.device,
                n_train=f"{event.n_train:,}",
                n_val=f"{event.n_val:,}",
                params=f"{event.params:,}",
            )
        )
        self.add_log(
            self.tr(
                "{run}: {epochs} epochs of {steps_per_epoch} steps (batch {batch_size}) on {device}"
            ).format(
                run=run.title,
                epochs=event.epochs,
                steps_per_epoch=event.steps_per_epoch,
                batch_size=event.batch_size,
                device=event.device,
            )
            + (f", {event.threads}" if event.threads else "")
            + (f", {event.compile}" if event.compile != "eager" else "")
        )

    def show_progress(self, run: RunRecord, event: BatchProgress) -> None:
        epochs, batches = max(1, event.epochs), max(1, event.batches)
        done = (event.epoch - 1 + event.batch / batches) / epochs
        self.progress.setValue(int(done * 100))
        self._last = event
        self.ensure_plots().mark_dirty()
        if self.paused:  # a batch that ended as the pause began: keep saying "paused"
            self.set_paused(run, True)
            return
        self.status.setText(
            self.tr(
                "{run} · epoch {epoch}/{epochs} · batch {batch}/{batches} · {speed} samples/s · "
                "ETA {eta} · loss {loss}"
            ).format(
                run=run.title,
                epoch=event.epoch,
                epochs=epochs,
                batch=event.batch,
                batches=batches,
                speed=f"{event.samples_per_s:,.0f}",
                eta=format_eta(event.eta_s),
                loss=f"{event.loss:.4g}",
            )
        )

    def show_decoding(self, event: DataProgress) -> None:
        """Files decoded before the first epoch (into memory or the disk cache)."""
        self.progress.setValue(int(100 * event.done / max(1, event.total)))
        self.status.setText(
            self.tr("decoding images · {done}/{total} files").format(
                done=f"{event.done:,}", total=f"{event.total:,}"
            )
        )

    def epochs_ended(self, run: RunRecord, rows: list[EpochEnded]) -> None:
        last = rows[-1]
        epochs = max(1, last.epochs)
        self.progress.setValue(int(100 * last.epoch / epochs))
        metrics = format_metrics(last.metrics)
        self.add_log(self.tr("epoch {epoch}: {metrics}").format(epoch=last.epoch, metrics=metrics))
        if not self.paused and (self.status.text().endswith("…") or len(rows) > 1):
            self.status.setText(
                self.tr("{run} · epoch {epoch}/{epochs} · {metrics}").format(
                    run=run.title, epoch=last.epoch, epochs=epochs, metrics=metrics
                )
            )
        self.ensure_plots().mark_dirty()

    def finished(self, run: RunRecord) -> None:
        self.set_paused(None, False)
        if run.status == "completed":
            self.progress.setValue(100)
        final = format_metrics({k: v for k, v in run.final.items() if k != "lr"})
        text = self.tr("{run} {status} in {seconds} s").format(
            run=run.title, status=status_text(run.status), seconds=f"{run.elapsed_s:.1f}"
        ) + (f": {final}" if final else "")
        if run.message and run.status != "completed":
            text += f" ({translate_message(run.message)})"
        self.status.setText(text)
        self.add_log(text)
        self.plots.mark_dirty()
        self.plots.redraw()

    def failed(self, message: str, diverged: bool) -> None:
        self.error.show_error(message, diverged)
        self.add_log(
            (self.tr("diverged: ") if diverged else self.tr("failed: "))
            + translate_message(message)
        )
