"""Runs the engine's Trainer on a QThread and hands its events to the GUI thread as they
are: the engine's frozen event objects (engine.events), in order, in lists.

One signal carries them all (the panel matches on their types, as the CLI's Reporter
does). Progress, notes and failures go at once; epoch rows and probe samples, which tiny
epochs produce thousands of times a second, wait up to EPOCH_FLUSH_S and travel
together. Pause, resume and stop go straight to the Trainer's thread-safe methods, which
act within one batch.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from engine import LayerLabError, Project
from engine.events import EpochEnded, Event, ProbeSample, RunFailed

EPOCH_FLUSH_S = 0.1  # tiny epochs can end thousands of times a second: batch them
PROGRESS_INTERVAL_S = 0.1  # how often the Trainer reports a batch (10 points a second)


@dataclass(frozen=True)
class RunEnded:
    """How the run ended, sent last: the Trainer's status and, for classifiers, the
    confusion counts [true][predicted] of the validation rows (training rows if none)."""

    status: str  # completed, early_stopped, stopped, diverged or failed
    message: str = ""
    elapsed_s: float = 0.0
    history: dict[str, list[float]] = field(default_factory=dict)
    confusion: list[list[int]] | None = None


class TrainingWorker(QObject):
    """Owns one Trainer run; lives on the training thread."""

    events = Signal(list)  # engine events, in order
    done = Signal(object)  # RunEnded

    def __init__(
        self,
        project: Project,
        device: str,
        num_threads: int | None = None,
        probes: int | None = None,
        initial_weights: Path | None = None,
    ) -> None:
        super().__init__()
        self.initial_weights = initial_weights  # fine-tuning: start from these
        self.probes = probes  # sample layer health every N steps (None: off)
        self.project = copy.deepcopy(project)  # edits during the run never reach it
        self.device = device
        self.num_threads = num_threads  # None: the engine picks from the free cores
        self.trainer: Any = None  # engine.Trainer, made on the training thread
        self.result: Any = None  # engine.TrainResult once done
        self._pending: list[Event] = []
        self._flushed = 0.0
        self._stop_early = False

    # -- control, from the GUI thread -----------------------------------------------------
    def pause(self) -> None:
        if self.trainer is not None:
            self.trainer.pause()

    def resume(self) -> None:
        if self.trainer is not None:
            self.trainer.resume()

    def stop(self) -> None:
        self._stop_early = True
        if self.trainer is not None:
            self.trainer.stop()

    # -- the run, on the training thread --------------------------------------------------
    @Slot()
    def run(self) -> None:
        began = time.perf_counter()
        status, message, history, confusion = "failed", "", {}, None
        try:
            import engine

            self.trainer = engine.Trainer(
                self.project,
                device=self.device,
                on_event=self._on_event,
                num_threads=self.num_threads,
                reserve_cores=1,  # the GUI thread keeps a core: plots and input stay smooth
                probes=self.probes,
                initial_weights=self.initial_weights,
            )
            self.trainer.progress_interval = PROGRESS_INTERVAL_S
            if self._stop_early:
                self.trainer.stop()
            self.result = self.trainer.run()
            status, message = self.result.status, self.result.message
            history = {k: list(v) for k, v in self.result.history.items()}
            if not self.result.diverged:
                confusion = self.trainer.confusion()
        except LayerLabError:
            pass  # the Trainer sent RunFailed with the message already
        except MemoryError:
            self._on_event(RunFailed(self.tr("out of memory; try a smaller batch size or model")))
        except Exception as err:  # a bug must reach the user, not kill the thread silently
            message = self.tr("training stopped by an unexpected error: {error}")
            self._on_event(RunFailed(message.format(error=repr(err))))
        self._flush()
        ended = RunEnded(status, message, time.perf_counter() - began, history, confusion)
        self.moveToThread(QCoreApplication.instance().thread())  # deleted there, later
        self.done.emit(ended)

    def _on_event(self, event: Event) -> None:
        self._pending.append(event)
        if (
            not isinstance(event, (EpochEnded, ProbeSample))
            or time.perf_counter() - self._flushed >= EPOCH_FLUSH_S
        ):
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            events, self._pending = self._pending, []
            self.events.emit(events)
        self._flushed = time.perf_counter()


class TrainingRun(QObject):
    """One run: the worker on its own QThread. Connect to `worker`'s signals, then start."""

    def __init__(
        self,
        project: Project,
        device: str,
        num_threads: int | None = None,
        probes: int | None = None,
        initial_weights: Path | None = None,
    ) -> None:
        super().__init__()
        self.worker = TrainingWorker(project, device, num_threads, probes, initial_weights)
        self.thread = QThread()
        self.thread.setObjectName("layerlab-training")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        # direct: quit() is thread-safe, and the GUI thread may be blocked in wait()
        self.worker.done.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        self.paused = False

    def start(self) -> None:
        self.thread.start()

    def pause(self) -> None:
        self.paused = True
        self.worker.pause()

    def resume(self) -> None:
        self.paused = False
        self.worker.resume()

    def stop(self) -> None:
        self.worker.stop()

    def stop_and_wait(self, timeout_ms: int = 30_000) -> bool:
        """Stop (acts within one batch) and join the thread; True when it has ended."""
        self.stop()
        return self.thread.wait(timeout_ms)
