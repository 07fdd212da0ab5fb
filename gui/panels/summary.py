"""The summary table: per node type, settings, output shape and params; totals below.

A table model over the analysis' rows: the view asks only for the cells it shows, so an
edit of a 1,000-node graph costs a comparison of rows, not a thousand widget items.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import SummaryRow
from engine.layers import fmt_shape
from gui.document import Document

COLUMNS = ("Node", "Type", "Settings", "Output", "Params")
CELL_PADDING = 8  # px either side of a cell's text, about what the style adds
Index = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()  # the table's root: rows hang under it


def cells(row: SummaryRow) -> tuple[str, ...]:
    """What one row shows, column by column."""
    shape = "problem" if row.problem else fmt_shape(row.output_shape)
    return (row.node_id, row.type, row.label, shape, f"{row.params:,}")


class SummaryModel(QAbstractTableModel):
    """The rows of the current analysis; `show` tells the view only what changed."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SummaryRow] = []

    def rowCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.problem
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == len(COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def show(self, rows: list[SummaryRow]) -> list[SummaryRow]:
        """Show `rows`; returns the rows that are new or changed."""
        old = self.rows
        if [r.node_id for r in old] != [r.node_id for r in rows]:
            self.beginResetModel()  # nodes came or went: the view re-reads what it shows
            self.rows = rows
            self.endResetModel()
            return rows
        changed = [i for i, (a, b) in enumerate(zip(old, rows, strict=True)) if a != b]
        self.rows = rows
        if changed:
            last = len(COLUMNS) - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))
        return [rows[i] for i in changed]


class SummaryPanel(QWidget):
    nodeClicked = Signal(str)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.model = SummaryModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # auto-size is O(n²)
        self.table.clicked.connect(
            lambda index: self.nodeClicked.emit(self.model.rows[index.row()].node_id)
        )
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

    def _widen(self, rows: list[SummaryRow]) -> None:
        """Widen columns to fit `rows` (they never narrow: the table keeps still as one
        types); measures only the longest text of each column."""
        metrics = self.table.fontMetrics()
        texts = [cells(r) for r in rows]
        for c, title in enumerate(COLUMNS):
            longest = max((t[c] for t in texts), key=len, default="")
            width = max(metrics.horizontalAdvance(t) for t in (title, longest)) + 2 * CELL_PADDING
            if width > self.table.columnWidth(c):
                self.table.setColumnWidth(c, width)

    def refresh(self) -> None:
        report = self.document.analysis.summary
        self._widen(self.model.show(report.rows))
        mem = report.memory
        self.totals.setText(
            f"{report.total_params:,} params · training memory ≈ {engine.format_bytes(mem.total)} "
            f"(batch {report.batch_size}, {report.optimizer})"
        )
