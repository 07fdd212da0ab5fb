"""The runs of the project side by side: one row per run (this session's and followed
run folders) with the settings that differ between them, each metric's best value, the
time and the device; a run's curves export as PNG/SVG (engine.charts) or CSV. The runs
list next to it overlays their curves.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine import LayerLabError
from engine.atomic import atomic_write_text
from engine.charts import Panel, write_chart
from gui.training.runs import RunRecord

EXPORT_FILTER = QT_TRANSLATE_NOOP(
    "RunsTable", "PNG image (*.png);;SVG image (*.svg);;CSV table (*.csv)"
)


def flatten(settings: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """{"optimizer": {"type": "Adam", "lr": 0.01}} -> {"optimizer": "Adam",
    "optimizer.lr": "0.01"}: one comparable text per setting."""
    flat: dict[str, str] = {}
    for key, value in settings.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if "type" in value:
                flat[name] = str(value["type"])
            rest = {k: v for k, v in value.items() if k != "type"}
            flat.update(flatten(rest, name + "."))
        elif isinstance(value, float):
            flat[name] = f"{value:g}"
        else:
            flat[name] = value if isinstance(value, str) else json.dumps(value)
    return flat


def lower_is_better(metric: str) -> bool:
    return any(word in metric for word in ("loss", "mae", "rmse", "mse"))


def best(record: RunRecord) -> dict[str, float]:
    """Each metric's best value over the run's epochs (the learning rate left out)."""
    pick = {True: min, False: max}
    return {k: pick[lower_is_better(k)](v) for k, v in record.history.items() if v and k != "lr"}


def differing(records: list[RunRecord]) -> list[str]:
    """Setting names whose values are not the same in every run (the device included)."""
    flats = [flatten({**r.settings, "data": r.data}) for r in records]
    keys = sorted({k for f in flats for k in f})
    return [k for k in keys if len({f.get(k, "") for f in flats}) > 1]


def curves_csv(record: RunRecord) -> str:
    """The run's curves in long form: curve, x, y (step losses by step, the rest by epoch)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["curve", "x", "y"])
    for name, xs, ys in (("step_loss", record.steps, record.step_loss),
                         ("step_loss_smoothed", record.steps, record.smoothed)):  # fmt: skip
        writer.writerows((name, f"{x:g}", repr(y)) for x, y in zip(xs, ys, strict=True))
    for name, values in record.history.items():
        writer.writerows(
            (name, f"{x:g}", repr(y)) for x, y in zip(record.epochs, values, strict=True)
        )
    return out.getvalue()


def curve_panels(record: RunRecord) -> list[Panel]:
    h, ep = record.history, record.epochs
    metrics = [(k, ep, h[k]) for k in h if k not in ("train_loss", "val_loss", "lr")]
    steps = [("loss", record.steps, record.step_loss), ("smoothed", record.steps, record.smoothed)]
    return [
        Panel(f"{record.title}: training loss per step", "step", "loss", steps),
        Panel(
            "Loss per epoch",
            "epoch",
            "loss",
            [(k, ep, h[k]) for k in ("train_loss", "val_loss") if k in h],
        ),
        Panel("Metrics per epoch", "epoch", "value", metrics),
    ]


def export_curves(record: RunRecord, path: Path) -> None:
    """Write the run's curves as .png/.svg (a chart) or .csv (the numbers)."""
    if path.suffix.lower() == ".csv":
        atomic_write_text(path, curves_csv(record), make_folder=False)
    else:
        write_chart(path, curve_panels(record))


class RunsTable(QWidget):
    """Compare tab of the Training dock (`panel` is the TrainingPanel)."""

    FIXED = (
        QT_TRANSLATE_NOOP("RunsTable", "Run"),
        QT_TRANSLATE_NOOP("RunsTable", "Status"),
        QT_TRANSLATE_NOOP("RunsTable", "Device"),
        QT_TRANSLATE_NOOP("RunsTable", "Time"),
    )

    def __init__(self, panel: Any) -> None:
        super().__init__()
        self.panel = panel
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.export_button = QPushButton(self.tr("Export curves…"))
        self.export_button.setToolTip(self.tr("The selected run's curves as PNG, SVG or CSV"))
        self.export_button.clicked.connect(self.export_dialog)
        self.folders_button = QPushButton(self.tr("Open the project's run folders"))
        self.folders_button.setToolTip(self.tr("Add every run under runs/ beside the project file"))
        self.folders_button.clicked.connect(self.open_project_runs)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.folders_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        panel.runsChanged.connect(self.refresh)
        self.refresh()

    @property
    def records(self) -> list[RunRecord]:
        return self.panel.records

    def refresh(self) -> None:
        records = self.records
        settings = differing(records)
        bests = [best(r) for r in records]
        metrics = sorted({k for b in bests for k in b}, key=lambda k: (not k.startswith("val"), k))
        headers = [
            *(self.tr(h) for h in self.FIXED),
            *settings,
            *(self.tr("best {metric}").format(metric=m) for m in metrics),
        ]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(records))
        for row, (record, found) in enumerate(zip(records, bests, strict=True)):
            flat = flatten({**record.settings, "data": record.data})
            values = [record.title, record.status, record.device, f"{record.elapsed_s:.1f} s"]
            values += [flat.get(k, "") for k in settings]
            values += [f"{found[m]:.4g}" if m in found else "" for m in metrics]
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._update_buttons()

    def selected(self) -> RunRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(self.selected() is not None)
        self.folders_button.setEnabled(self.panel.document.project.path is not None)

    def export_dialog(self) -> None:
        record = self.selected()
        if record is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export curves"), f"{record.title}.png", self.tr(EXPORT_FILTER)
        )
        if path:
            try:
                export_curves(record, Path(path))
            except LayerLabError as err:
                QMessageBox.warning(self, self.tr("Cannot export"), str(err))

    def open_project_runs(self) -> int:
        """Follow every run folder under runs/ beside the project not shown yet; how many."""
        from gui.training.run_follow import open_run

        project_path = self.panel.document.project.path
        folder = Path(project_path).parent / "runs" if project_path else None
        if folder is None or not folder.is_dir():
            return 0
        shown = {f.folder.resolve() for f in getattr(self.panel, "followed", [])}
        added = 0
        for run in sorted(p for p in folder.iterdir() if (p / "events.jsonl").is_file()):
            if run.resolve() not in shown:
                open_run(self.panel, run)
                added += 1
        return added
