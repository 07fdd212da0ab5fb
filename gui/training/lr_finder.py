"""Training settings' "Find learning rate…": engine.find_lr on a QThread (a copy of the
project; nothing the user made changes until they click "Use"), the smoothed loss against
the rate on a log axis, the suggestion marked, and one click to make it the optimizer's lr
(an undoable settings edit).
"""

from __future__ import annotations

import copy
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine import LayerLabError
from engine.i18n import translate_message
from gui.document import Document

STEPS = 100


class _Cancelled(Exception):
    pass


class SweepWorker(QObject):
    """Runs one sweep on its own thread; emits plain values and the frozen result."""

    step = Signal(int, float, float)  # index, lr, smoothed loss
    done = Signal(object)  # engine.LRFinderResult
    failed = Signal(str)

    def __init__(self, project: Any) -> None:
        super().__init__()
        self.project = copy.deepcopy(project)
        self.cancelled = False

    def _on_step(self, index: int, lr: float, loss: float) -> None:
        if self.cancelled:
            raise _Cancelled
        self.step.emit(index, lr, loss)

    @Slot()
    def run(self) -> None:
        try:
            import engine

            found = engine.find_lr(
                self.project, steps=STEPS, on_step=self._on_step, reserve_cores=1
            )  # the app keeps a core
            self.done.emit(found)
        except _Cancelled:
            pass
        except LayerLabError as err:
            self.failed.emit(str(err))
        except Exception as err:  # a bug must reach the user, not kill the thread silently
            text = self.tr("the sweep stopped by an unexpected error: {error}")
            self.failed.emit(text.format(error=repr(err)))
        finally:
            self.moveToThread(QCoreApplication.instance().thread())  # deleted there, later


class LRFinderDialog(QDialog):
    """Sweeps as soon as it opens; `result` holds the sweep once done."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.document = document
        self.result: Any = None
        self.setWindowTitle(self.tr("Find learning rate"))
        self.resize(640, 440)
        self.plot = pg.PlotWidget()
        self.plot.setBackground(self.palette().base().color())
        self.plot.setLogMode(x=True, y=False)
        self.plot.setLabel("bottom", self.tr("learning rate"))
        self.plot.setLabel("left", self.tr("loss (smoothed)"))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.raw = self.plot.plot(pen=pg.mkPen("#9bbcf7", width=1), name="loss")
        self.curve = self.plot.plot(pen=pg.mkPen("#4c8bf5", width=2.5), name="smoothed")
        self.mark = pg.InfiniteLine(angle=90, pen=pg.mkPen("#d62728", width=2))
        self.mark.hide()
        self.plot.addItem(self.mark)
        self.progress = QProgressBar()
        self.progress.setRange(0, STEPS)
        self.status = QLabel(self.tr("Sweeping the learning rate on a copy of the model…"))
        self.status.setWordWrap(True)
        self.use_button = QPushButton(self.tr("Use suggested rate"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._lrs: list[float] = []
        self._losses: list[float] = []
        self.worker = SweepWorker(document.project)
        self.thread_ = QThread()
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.worker.step.connect(self._step)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.done.connect(self.thread_.quit, Qt.ConnectionType.DirectConnection)
        self.worker.failed.connect(self.thread_.quit, Qt.ConnectionType.DirectConnection)
        self.thread_.start()

    @property
    def running(self) -> bool:
        return self.thread_.isRunning()

    @Slot(int, float, float)
    def _step(self, index: int, lr: float, loss: float) -> None:
        self._lrs.append(lr)
        self._losses.append(loss)
        self.progress.setValue(index + 1)
        self.curve.setData(self._lrs, self._losses)

    @Slot(object)
    def _done(self, result: Any) -> None:
        self.result = result
        self.progress.setValue(STEPS)
        self.raw.setData(result.lrs, result.losses)
        self.curve.setData(result.lrs, result.smoothed)
        if result.smoothed:  # frame the part worth reading, not the explosion at the end
            low = min(result.smoothed)
            high = max(result.smoothed[: result.smoothed.index(low) + 1])
            pad = 0.1 * (high - low) or 0.1
            self.plot.setYRange(low - pad, high + pad, padding=0)
        self.status.setText(result.message)
        if result.suggestion is not None:
            self.mark.setValue(math.log10(result.suggestion))
            self.mark.show()
            self.use_button.setText(self.tr("Use {lr}").format(lr=f"{result.suggestion:.3g}"))
            self.use_button.setEnabled(True)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.status.setText(
            self.tr("The sweep failed: {error}").format(error=translate_message(message))
        )

    def use(self) -> None:
        """Make the suggestion the optimizer's learning rate (one undoable edit)."""
        if self.result is None or self.result.suggestion is None:
            return
        training = copy.deepcopy(self.document.project.training)
        optimizer = training.get("optimizer") or {"type": "Adam"}
        if not isinstance(optimizer, dict):
            optimizer = {"type": optimizer}
        lr = float(f"{self.result.suggestion:.3g}")
        training["optimizer"] = {**optimizer, "lr": lr}
        self.document.set_settings(
            "training", training, self.tr("Set learning rate to {lr}").format(lr=f"{lr:g}")
        )
        self.accept()

    def done(self, code: int) -> None:  # closing: stop the sweep within a step, then go
        self.worker.cancelled = True
        self.thread_.quit()
        self.thread_.wait()
        super().done(code)


def find_lr_button(document: Document, parent: QWidget) -> QPushButton:
    """The button the Training settings form shows under the optimizer."""
    button = QPushButton(QCoreApplication.translate("LRFinderDialog", "Find learning rate…"))
    button.setToolTip(
        QCoreApplication.translate(
            "LRFinderDialog",
            "Sweep the learning rate on a copy of the model and suggest one (changes nothing "
            "until you click Use)",
        )
    )

    def open_dialog() -> None:
        parent.lr_finder = LRFinderDialog(document, parent)  # the latest sweep stays reachable
        parent.lr_finder.open()

    button.clicked.connect(open_dialog)
    return button
