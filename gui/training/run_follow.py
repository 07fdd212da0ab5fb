"""File > Open Run: follow a run folder that `layerlab train` writes (engine.runlog), live
while it goes (on this machine or another one over a shared file system) or finished.

A QTimer polls the folder's events.jsonl; the engine's reader takes complete, checked
lines only. The records feed a RunRecord, so the run gets the same plots, the same canvas
overlay and a place in the runs list as a run of this session. The app only reads the
folder: closing it never disturbs the run.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from engine.events import (
    BatchProgress,
    EpochEnded,
    ProbeSample,
    RunFailed,
    RunFinished,
    RunStarted,
    RunStopped,
)
from engine.runlog import RunConfig, RunReader, RunStatus
from gui.training.runs import RunRecord

POLL_MS = 500


class FollowedRun(QObject):
    """One run folder being followed; `record` fills as its lines arrive."""

    started = Signal(dict)  # RunStarted fields
    progress = Signal(dict)  # BatchProgress fields
    epochs = Signal(list)  # {"epoch": n, "metrics": {...}} rows, as the worker sends them
    probed = Signal(list)  # ProbeSample events
    failed = Signal(str, bool)  # message, diverged
    nonfinite = Signal(str, str)  # node id, message
    ended = Signal()  # the status record arrived: the run is over

    def __init__(self, folder: str | Path, number: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = RunReader(Path(folder))  # RunLogError when it is not a run folder
        self.record = RunRecord(number, {}, {}, name=Path(folder).name)
        self.record.status = "waiting"
        self.config: RunConfig | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    @property
    def folder(self) -> Path:
        return self.reader.folder

    @property
    def live(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        """Read what is there now, then keep polling until the run's status arrives."""
        self.timer.start()
        self.poll()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        rows: list[dict[str, Any]] = []
        samples: list[ProbeSample] = []
        for item in self.reader.poll():
            if isinstance(item, EpochEnded):
                self.record.epoch_ended(item.epoch, dict(item.metrics))
                self.record.elapsed_s = item.elapsed_s
                rows.append({"epoch": item.epoch, "metrics": dict(item.metrics)})
                continue
            if isinstance(item, ProbeSample):
                samples.append(item)
                continue
            if rows:  # keep the order: epochs before what follows them
                self.epochs.emit(rows)
                rows = []
            self._other(item)
        if rows:
            self.epochs.emit(rows)
        if samples:
            self.probed.emit(samples)

    def _other(self, item: Any) -> None:
        record = self.record
        if isinstance(item, RunConfig):
            self.config = item
            record.settings, record.data = dict(item.training), dict(item.data)
            record.started_at = item.started_at
        elif isinstance(item, RunStarted):
            record.started(asdict(item))
            self.started.emit(asdict(item))
        elif isinstance(item, BatchProgress):
            record.progress(asdict(item))
            record.elapsed_s = item.elapsed_s
            self.progress.emit(asdict(item))
        elif isinstance(item, RunFailed):
            record.message = item.message
            self.failed.emit(item.message, item.diverged)
            if item.node:
                self.nonfinite.emit(item.node, item.message)
        elif isinstance(item, (RunFinished, RunStopped)):
            record.elapsed_s = item.elapsed_s
        elif isinstance(item, RunStatus):
            record.status, record.elapsed_s = item.status, item.elapsed_s
            record.message = record.message or item.message
            self.stop()
            self.ended.emit()


def open_run(panel: Any, folder: str | Path) -> FollowedRun:
    """Follow `folder` in the Training panel (gui.training.panel.TrainingPanel): its
    curves take the live view unless a run of this session is going (then it can be
    overlaid from the runs list), its probes reach the canvas overlay. Raises
    engine.runlog.RunLogError for a folder that holds no run."""
    followed = FollowedRun(folder, len(panel.records) + 1, panel)
    record, view = followed.record, panel.view
    panel.records.append(record)
    panel.followed = [*getattr(panel, "followed", []), followed]

    def shown() -> bool:
        return view.plots is not None and view.plots.current is record

    def started(info: dict) -> None:
        if shown():
            view.started(record, info)

    def progress(info: dict) -> None:
        if shown():
            view.show_progress(record, info)

    def epochs(rows: list) -> None:
        if shown():
            view.epochs_ended(record, rows)
        elif view.plots is not None:
            view.plots.mark_dirty()

    def failed(message: str, diverged: bool) -> None:
        if shown():
            view.failed(message, diverged)

    def ended() -> None:
        if shown():
            view.finished(record)
        panel.refresh_run_item(record)

    if panel.run is None:
        panel.runStarting.emit()  # the overlay starts afresh for this run
        view.begin(record)
        text = QCoreApplication.translate("FollowedRun", "following the run in {folder}")
        view.add_log(text.format(folder=followed.folder))
    followed.started.connect(started)
    followed.progress.connect(progress)
    followed.epochs.connect(epochs)
    followed.failed.connect(failed)
    followed.ended.connect(ended)
    followed.probed.connect(panel.probed)
    followed.nonfinite.connect(panel.nonfinite)
    panel._add_run_item(record)
    followed.start()
    return followed
