"""Crash recovery: the open project is written to the user data folder every few seconds
while it has unsaved changes. Each running window holds a lock file; a copy whose lock is
stale (its process died) is offered for recovery at the next start.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

import engine
from engine import Project
from gui.document import Document

INTERVAL_MS = 5000
NEVER_BY_AGE = 2**31 - 1  # ms (the most QLockFile takes): a live session is never stale


def default_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "autosave"


@dataclass(frozen=True)
class Recovery:
    """An autosaved copy left by a session that did not exit cleanly."""

    project_file: Path
    original: Path | None
    saved_at: datetime

    def load(self) -> Project:
        project = engine.load_project(self.project_file)
        project.path = self.original
        return project

    def discard(self) -> None:
        for path in _session_files(self.project_file.with_suffix("")):
            path.unlink(missing_ok=True)


def _session_files(stem: Path) -> list[Path]:
    return [stem.with_suffix(s) for s in (".layerlab", ".json", ".lock")]


def find_crashed(directory: Path) -> list[Recovery]:
    """Autosaved copies whose session lock is stale; newest first."""
    found = []
    for project_file in sorted(directory.glob("*.layerlab")):
        lock = QLockFile(str(project_file.with_suffix(".lock")))
        lock.setStaleLockTime(NEVER_BY_AGE)  # stale only when its process is gone
        if not lock.tryLock(0):
            continue  # that session is still running
        lock.unlock()
        try:
            meta = json.loads(project_file.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        original = Path(meta["path"]) if meta.get("path") else None
        saved_at = datetime.fromtimestamp(project_file.stat().st_mtime)
        found.append(Recovery(project_file, original, saved_at))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


class Autosaver(QObject):
    """Writes the document to `<dir>/<session>.layerlab` when it changed and is unsaved."""

    def __init__(self, document: Document, directory: Path) -> None:
        super().__init__(document)
        self.document = document
        directory.mkdir(parents=True, exist_ok=True)
        self.stem = directory / uuid.uuid4().hex
        self.lock = QLockFile(str(self.stem.with_suffix(".lock")))
        self.lock.tryLock(0)
        self.pending = False
        document.graphChanged.connect(self._changed)
        document.nodesMoved.connect(self._changed)
        document.settingsChanged.connect(self._changed)
        document.undo_stack.cleanChanged.connect(self._clean_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    @property
    def project_file(self) -> Path:
        return self.stem.with_suffix(".layerlab")

    def _changed(self) -> None:
        self.pending = True

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.project_file.unlink(missing_ok=True)
            self.pending = False

    def save_now(self) -> None:
        if not (self.pending and self.document.dirty):
            return
        project = self.document.project
        text = json.dumps(project.to_dict(), indent=1, ensure_ascii=False)
        meta = {"path": str(project.path) if project.path else None}
        for path, content in (
            (self.project_file, text),
            (self.stem.with_suffix(".json"), json.dumps(meta)),
        ):
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_text(content, encoding="utf-8")
            os.replace(tmp, path)
        self.pending = False

    def close(self) -> None:
        """A clean exit: nothing to recover."""
        self.timer.stop()
        self.document.graphChanged.disconnect(self._changed)
        self.document.nodesMoved.disconnect(self._changed)
        self.document.settingsChanged.disconnect(self._changed)
        self.document.undo_stack.cleanChanged.disconnect(self._clean_changed)
        for path in _session_files(self.stem):
            if path.suffix != ".lock":
                path.unlink(missing_ok=True)
        self.lock.unlock()
