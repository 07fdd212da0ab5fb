"""The summary table: per node type, settings, output shape and params; totals below."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from engine.layers import fmt_shape
from gui.document import Document

COLUMNS = ("Node", "Type", "Settings", "Output", "Params")


class SummaryPanel(QWidget):
    nodeClicked = Signal(str)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
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

    def _fill(self, rows: list) -> None:
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            shape = "problem" if row.problem else fmt_shape(row.output_shape)
            cells = (row.node_id, row.type, row.label, shape, f"{row.params:,}")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == len(cells) - 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.problem:
                    item.setToolTip(row.problem)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setUpdatesEnabled(True)

    def _id(self, row: int) -> str:
        return self.table.item(row, 0).text()

    def refresh(self) -> None:
        report = self.document.analysis.summary
        if report.rows != self._rows:  # moves and layouts leave the table alone
            self._rows = report.rows
            self._fill(report.rows)
        mem = report.memory
        self.totals.setText(
            f"{report.total_params:,} params · training memory ≈ {engine.format_bytes(mem.total)} "
            f"(batch {report.batch_size}, {report.optimizer})"
        )
