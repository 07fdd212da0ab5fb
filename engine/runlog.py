"""Run folders: a training run written as JSON lines that anyone can follow while it goes.

A run folder holds `events.jsonl` (one record a line: the run's config first, then the
Trainer's events as they happen, a status record last) and `weights.safetensors` (the
latest weights). `RunWriter` writes one (rank 0 only: it hears only rank 0's events);
`RunReader` follows one from another process or machine, taking only complete lines and
checking every field, so a half-written last line or a hostile file costs nothing but
the lines it spoils.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import platform
import stat
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine import events
from engine.errors import LayerLabError

EVENTS = "events.jsonl"
WEIGHTS = "weights.safetensors"
MAX_LINE = 1 << 20  # bytes; a longer line is skipped, never parsed
MAX_READ = 16 << 20  # bytes read per poll, so a huge file never stalls the app
WEIGHTS_EVERY_S = 10.0  # latest weights are rewritten at most this often (and at the end)


class RunLogError(LayerLabError):
    """A run folder cannot be written or read."""


@dataclass(frozen=True)
class RunConfig:
    """The first record: what was trained, how, and where."""

    name: str
    training: dict[str, Any]
    data: dict[str, Any]
    graph: dict[str, Any]
    started_at: float  # seconds since the epoch
    host: str = ""


@dataclass(frozen=True)
class RunStatus:
    """The last record: how the run ended (completed, early_stopped, stopped, diverged,
    failed)."""

    status: str
    message: str = ""
    elapsed_s: float = 0.0
    node: str = ""  # when diverged: the first node with a non-finite output


RECORDS = {
    cls.__name__: cls
    for cls in (
        RunConfig,
        events.DataProgress,
        events.RunStarted,
        events.BatchProgress,
        events.EpochEnded,
        events.ProbeSample,
        events.RunFinished,
        events.RunStopped,
        events.RunFailed,
        RunStatus,
    )
}


def default_folder(parent: Path, name: str) -> Path:
    """parent/runs/<name>-<date>-<time>, with a suffix if that exists already."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)[:60] or "run"
    base = parent / "runs" / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder


# -- writing ------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """JSON-ready: non-finite floats as strings JSON can hold ("NaN", "Infinity")."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_record(item: Any) -> dict[str, Any]:
    return {"type": type(item).__name__, **_plain(asdict(item))}


class RunWriter:
    """Appends records to a run folder's events.jsonl (flushed per record) and keeps the
    latest weights. Call it with each Trainer event; `close` writes the status."""

    def __init__(self, folder: str | Path, project: Any, settings: dict[str, Any]) -> None:
        self.folder = Path(folder)
        self.project = project
        if (self.folder / EVENTS).exists():
            raise RunLogError(f"{self.folder} already holds a run; pick another --run-dir")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._file = open(self.folder / EVENTS, "x", encoding="utf-8")  # noqa: SIM115
        except OSError as err:
            raise RunLogError(
                f"cannot write the run folder {self.folder}: {err.strerror}"
            ) from None
        self.error = ""  # why the folder stopped being written, if it did
        self._began = time.perf_counter()
        self._weights_at = 0.0
        self.write(
            RunConfig(
                project.name,
                settings,
                project.data,
                project.graph.to_dict(),
                time.time(),
                platform.node(),
            )
        )

    def write(self, item: Any) -> None:
        """Append one record; a full or failing disk stops the log, never the training."""
        if self.error:
            return
        try:
            self._file.write(json.dumps(to_record(item), allow_nan=False) + "\n")
            self._file.flush()
        except OSError as err:
            self.error = f"the run folder {self.folder} stopped being written: {err.strerror}"

    def __call__(self, event: events.Event) -> None:
        self.write(event)

    def save_weights(self, model: Any, meta: dict[str, Any], force: bool = False) -> None:
        """Rewrite weights.safetensors (atomically), at most every WEIGHTS_EVERY_S."""
        now = time.perf_counter()
        if not self.error and (force or now - self._weights_at >= WEIGHTS_EVERY_S):
            from engine.weights import save_weights

            self._weights_at = now
            try:
                save_weights(model, self.folder / WEIGHTS, self.project, **meta)
            except OSError as err:  # engine.atomic.SaveError included: its text says why
                self.error = f"the run folder's weights could not be written: {err}"

    def close(self, status: str, message: str = "", node: str = "") -> None:
        self.write(RunStatus(status, message, time.perf_counter() - self._began, node))
        with contextlib.suppress(OSError):
            self._file.close()


class LoggedRun:
    """Runs a Trainer while writing its run folder: every event as it comes, the latest
    weights after epochs, the status at the end (also when the run fails or is aborted)."""

    def __init__(self, trainer: Any, folder: str | Path) -> None:
        self.trainer = trainer
        self.writer = RunWriter(folder, trainer.project, trainer.settings)
        self._listener = trainer.on_event
        trainer.on_event = self._on_event

    def _on_event(self, event: events.Event) -> None:
        if self._listener is not None:
            self._listener(event)
        self.writer(event)
        if isinstance(event, events.EpochEnded):
            trainer = self.trainer
            self.writer.save_weights(trainer.model, trainer._weights_meta("running"))

    def run(self) -> Any:
        """trainer.run(), logged; returns its TrainResult."""
        try:
            result = self.trainer.run()
        except BaseException as err:
            self.writer.close("failed", str(err) or type(err).__name__)
            raise
        if not result.diverged:  # a diverged model is not worth keeping
            self.writer.save_weights(result.model, result.meta, force=True)
        self.writer.close(result.status, result.message, self.trainer.nonfinite_node or "")
        return result


# -- reading ------------------------------------------------------------------------------
class _Bad(Exception):
    pass


def _number(value: Any) -> float:
    if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity"):
        return float(value.lower().replace("infinity", "inf"))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad
    return float(value)


def _checked(kind: str, value: Any) -> Any:
    """`value` as the annotation `kind` (of an event field) wants it, or _Bad."""
    if kind.endswith(" | None"):
        return None if value is None else _checked(kind[: -len(" | None")], value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad
        return value
    if kind == "float":
        return _number(value)
    if kind in ("str", "bool"):
        if not isinstance(value, str if kind == "str" else bool):
            raise _Bad
        return value
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise _Bad
    if kind == "dict[str, Any]":
        return value
    inner = kind[len("dict[str, ") : -1]
    if inner == "float":
        return {k: _number(v) for k, v in value.items()}
    if inner == "list[float]":
        if not all(isinstance(v, list) for v in value.values()):
            raise _Bad
        return {k: [_number(x) for x in v] for k, v in value.items()}
    if inner == "NodeStats":
        return {k: _build(events.NodeStats, v) for k, v in value.items()}
    raise _Bad


def _build(cls: type, record: Any) -> Any:
    if not isinstance(record, dict):
        raise _Bad
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in record:
            values[f.name] = _checked(str(f.type), record[f.name])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _Bad
    return cls(**values)


def from_record(line: bytes | str) -> Any:
    """The event, RunConfig or RunStatus a line holds; None for anything else."""
    try:
        record = json.loads(line)
        cls = RECORDS.get(str(record.get("type"))) if isinstance(record, dict) else None
        return None if cls is None else _build(cls, record)
    except (ValueError, RecursionError, TypeError, _Bad):
        return None


@dataclass
class RunReader:
    """Follows a run folder: each `poll()` returns the records added since the last one."""

    folder: Path
    skipped: int = 0  # lines that were not a record (partial writes, junk)
    offset: int = 0  # bytes of events.jsonl taken so far
    _pending: bytes = field(default=b"", repr=False)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        path = self.folder / EVENTS
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            raise RunLogError(
                f"{self.folder} is not a run folder (no {EVENTS}: {err.strerror})"
            ) from None
        if not stat.S_ISREG(mode):
            raise RunLogError(f"{path} is not a regular file")

    @property
    def path(self) -> Path:
        return self.folder / EVENTS

    def poll(self) -> list[Any]:
        try:
            with open(self.path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if size < self.offset:  # replaced or truncated: read it again
                    self.offset, self._pending = 0, b""
                f.seek(self.offset)
                chunk = f.read(MAX_READ)
        except OSError:
            return []  # a shared file system hiccup: try again next poll
        self.offset += len(chunk)
        data = self._pending + chunk
        lines = data.split(b"\n")
        self._pending = lines.pop()  # an incomplete last line waits for its end
        if len(self._pending) > MAX_LINE:
            self._pending = b""
            self.skipped += 1
        found = []
        for line in lines:
            item = from_record(line) if len(line) <= MAX_LINE and line.strip() else None
            if item is None:
                self.skipped += bool(line.strip())
                continue
            found.append(item)
        return found


def read_run(folder: str | Path) -> list[Any]:
    """Every record of a run folder (as far as it is written)."""
    reader = RunReader(Path(folder))
    found = reader.poll()
    while reader.offset < reader.path.stat().st_size:
        found += reader.poll()
    return found
