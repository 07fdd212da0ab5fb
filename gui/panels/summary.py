"""The summary table: per node type, settings, output shape and params; totals below."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import engine
from engine.i18n import translate_message
from engine.layers import fmt_shape
from gui.document import Document

COLUMNS = (
    QT_TRANSLATE_NOOP("SummaryPanel", "Node"),
    QT_TRANSLATE_NOOP("SummaryPanel", "Type"),
    QT_TRANSLATE_NOOP("SummaryPanel", "Settings"),
    QT_TRANSLATE_NOOP("SummaryPanel", "Output"),
    QT_TRANSLATE_NOOP("SummaryPanel", "Params"),
)
CELL_PADDING = 8  # px either side of a cell's text, about what the style adds


class SummaryPanel(QWidget):
    nodeClicked = Signal(str)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # auto-size is O(n²)
        self._rows: list | None = None
        self.table.cellClicked.connect(lambda row, _c: self.nodeClicked.emit(self._id(row)))
        self.totals = QLabel()
        self.totals.setObjectName("help")
        self.totals.setContentsMargins(6, 4, 6, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        document.graphChanged.connect(self.refresh)
        document.settingsChanged.connect(self.refresh)
        self.refresh()

    def _fill(self, rows: list, old: list | None) -> None:
        """Rewrite the rows that differ from `old`; columns fit their contents on a
        full fill and only widen after that (fitting 1,000 rows on every edit is slow)."""
        self.table.setUpdatesEnabled(False)
        full = old is None or len(old) != len(rows)
        self.table.setRowCount(len(rows))
        metrics = self.table.fontMetrics()
        for r, row in enumerate(rows):
            if not full and old[r] == row:
                continue
            shape = self.tr("problem") if row.problem else fmt_shape(row.output_shape)
            cells = (row.node_id, row.type, row.label, shape, f"{row.params:,}")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == len(cells) - 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.problem:
                    item.setToolTip(translate_message(row.problem))
                self.table.setItem(r, c, item)
                width = metrics.horizontalAdvance(text) + 2 * CELL_PADDING
                if not full and width > self.table.columnWidth(c):
                    self.table.setColumnWidth(c, width)
        if full:
            self.table.resizeColumnsToContents()
        self.table.setUpdatesEnabled(True)

    def _id(self, row: int) -> str:
        return self.table.item(row, 0).text()

    def refresh(self) -> None:
        report = self.document.analysis.summary
        if report.rows != self._rows:  # moves and layouts leave the table alone
            old, self._rows = self._rows, report.rows
            self._fill(report.rows, old)
        mem = report.memory
        self.totals.setText(
            self.tr("{n} params · training memory ≈ {size} (batch {batch}, {optimizer})").format(
                n=f"{report.total_params:,}",
                size=engine.format_bytes(mem.total),
                batch=report.batch_size,
                optimizer=report.optimizer,
            )
        )
