"""File > Open Run: follow a run folder that `layerlab train` writes (engine.runlog), live
while it goes (on this machine or another one over a shared file system) or finished.

A QTimer polls the folder's events.jsonl; the engine's reader takes complete, checked
lines only. The records feed a RunRecord, so the run gets the same plots, the same canvas
overlay and a place in the runs list as a run of this session. The app only reads the
folder: closing it never disturbs the run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from engine.events import Event, ProbeSample, RunFailed
from engine.runlog import RunConfig, RunReader, RunStatus
from gui.training.runs import RunRecord

POLL_MS = 500


class FollowedRun(QObject):
    """One run folder being followed; `record` fills as its lines arrive."""

    events = Signal(list)  # engine events, in order, as the worker sends them
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
        events: list[Event] = []
        status: RunStatus | None = None
        record = self.record
        for item in self.reader.poll():
            if isinstance(item, RunConfig):
                self.config = item
                record.settings, record.data = dict(item.training), dict(item.data)
                record.started_at = item.started_at
            elif isinstance(item, RunStatus):
                status = item
            else:
                record.apply(item)
                events.append(item)
        if events:
            self.events.emit(events)
        if status is not None:
            record.status, record.elapsed_s = status.status, status.elapsed_s
            record.message = record.message or status.message
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

    def events(items: list[Event]) -> None:
        samples = [e for e in items if isinstance(e, ProbeSample)]
        if samples:
            panel.probed.emit(samples)
        for event in items:
            if isinstance(event, RunFailed) and event.node:
                panel.nonfinite.emit(event.node, event.message)
        if shown():
            view.show_events(record, items)
        elif view.plots is not None:
            view.plots.mark_dirty()

    def ended() -> None:
        if shown():
            view.finished(record)
        panel.refresh_run_item(record)

    if panel.run is None:
        panel.runStarting.emit()  # the overlay starts afresh for this run
        view.begin(record)
        text = QCoreApplication.translate("FollowedRun", "following the run in {folder}")
        view.add_log(text.format(folder=followed.folder))
    followed.events.connect(events)
    followed.ended.connect(ended)
    panel._add_run_item(record)
    followed.start()
    return followed
