"""Runs the engine's Trainer on a QThread and turns its events into throttled Qt signals.

The worker object lives on its own QThread; it emits only small Python values (dicts of
numbers and strings), which Qt queues to slots on the GUI thread. Pause, resume and stop
go straight to the Trainer's thread-safe methods, which act within one batch.
"""

from __future__ import annotations

import copy
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from engine import LayerLabError, Project

EPOCH_FLUSH_S = 0.05  # tiny epochs can end thousands of times a second: batch them
PROGRESS_INTERVAL_S = 0.1  # how often the Trainer reports a batch (10 points a second)


class TrainingWorker(QObject):
    """Owns one Trainer run; lives on the training thread."""

    started = Signal(dict)  # RunStarted fields
    progress = Signal(dict)  # BatchProgress fields
    decoding = Signal(dict)  # DataProgress fields: files decoded before training
    epochs = Signal(list)  # EpochEnded rows: {"epoch": n, "metrics": {...}}, in order
    failed = Signal(str, bool)  # message, diverged
    note = Signal(str)  # RunNote: a line for the log (compiled, fell back to eager)
    done = Signal(dict)  # status, message, history, elapsed_s, confusion
    probed = Signal(list)  # engine ProbeSample events, in order (with probes on)
    nonfinite = Signal(str, str)  # node id, message: where a diverged run went NaN/Inf

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
        self._probes: list[Any] = []
        self.project = copy.deepcopy(project)  # edits during the run never reach it
        self.device = device
        self.num_threads = num_threads  # None: the engine picks from the free cores
        self.trainer: Any = None  # engine.Trainer, made on the training thread
        self.result: Any = None  # engine.TrainResult once done
        self._pending: list[dict[str, Any]] = []
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
        summary: dict[str, Any] = {"status": "failed", "message": "", "history": {}}
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
            summary = {
                "status": self.result.status,
                "message": self.result.message,
                "history": {k: list(v) for k, v in self.result.history.items()},
                "confusion": self._confusion(),
            }
        except LayerLabError:
            pass  # the Trainer sent RunFailed with the message already
        except MemoryError:
            self.failed.emit(self.tr("out of memory; try a smaller batch size or model"), False)
        except Exception as err:  # a bug must reach the user, not kill the thread silently
            self.failed.emit(
                self.tr("training stopped by an unexpected error: {error}").format(error=repr(err)),
                False,
            )
        self._flush()
        summary["elapsed_s"] = time.perf_counter() - began
        self.moveToThread(QCoreApplication.instance().thread())  # deleted there, later
        self.done.emit(summary)

    def _on_event(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "EpochEnded":
            self._pending.append({"epoch": event.epoch, "metrics": dict(event.metrics)})
            if time.perf_counter() - self._flushed >= EPOCH_FLUSH_S:
                self._flush()
            return
        if kind == "ProbeSample":  # frozen: safe to hand to the GUI thread as it is
            self._probes.append(event)
            if time.perf_counter() - self._flushed >= EPOCH_FLUSH_S:
                self._flush()
            return
        self._flush()  # keep the order: epochs before what follows them
        if kind == "RunStarted":
            self.started.emit(asdict(event))
        elif kind == "BatchProgress":
            self.progress.emit(asdict(event))
        elif kind == "DataProgress":
            self.decoding.emit(asdict(event))
        elif kind == "RunFailed":
            self.failed.emit(event.message, event.diverged)
            if event.node:
                self.nonfinite.emit(event.node, event.message)
        elif kind == "RunNote":
            self.note.emit(event.message)

    def _flush(self) -> None:
        if self._pending:
            rows, self._pending = self._pending, []
            self.epochs.emit(rows)
        if self._probes:
            samples, self._probes = self._probes, []
            self.probed.emit(samples)
        self._flushed = time.perf_counter()

    def _confusion(self) -> list[list[int]] | None:
        """Counts [true][predicted] on the validation rows (training rows if none), for
        classifiers; None for regression and token outputs."""
        trainer = self.trainer
        kind = trainer.objective.kind
        if kind not in ("binary", "classes") or not trainer.data.num_classes:
            return None
        import torch

        idx = trainer.data.val_idx if trainer.data.n_val else trainer.data.train_idx
        n = max(2, trainer.data.num_classes)
        counts = torch.zeros(n * n, dtype=torch.int64)
        model = trainer.model.eval()
        with torch.no_grad():
            batches = trainer.batches.evaluate(idx, 1024)  # streamed data decodes in workers
            for chunk, (xb, _) in zip(idx.split(1024), batches, strict=True):
                out = model(xb).float()
                if kind == "binary":
                    pred = (out.view(-1) > trainer.objective.threshold).long()
                else:
                    pred = out.argmax(-1)
                true = trainer.data.y.index_select(0, chunk).view(-1).long()
                counts += torch.bincount(true.cpu() * n + pred.cpu(), minlength=n * n)
        return counts.view(n, n).tolist()


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
