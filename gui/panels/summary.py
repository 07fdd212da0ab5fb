"""The summary table: per node type, settings, output shape and params; totals below.

A table model over the analysis' rows: the view asks only for the cells it shows, so an
edit of a 1,000-node graph costs a comparison of rows, not a thousand widget items.
Headers and the "problem" cells are translated as they are shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import SummaryRow
from engine.i18n import translate_message
from engine.layers import fmt_shape
from gui.document import Document
from gui.status_line import StatusLine

COLUMNS = (
    QT_TRANSLATE_NOOP("SummaryPanel", "Node"),
    QT_TRANSLATE_NOOP("SummaryPanel", "Type"),
    QT_TRANSLATE_NOOP("SummaryPanel", "Settings"),
    QT_TRANSLATE_NOOP("SummaryPanel", "Output"),
    QT_TRANSLATE_NOOP("SummaryPanel", "Params"),
)
CELL_PADDING = 8  # px either side of a cell's text, about what the style adds
Index = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()  # the table's root: rows hang under it


def _tr(text: str) -> str:
    """A text marked with QT_TRANSLATE_NOOP above, in the language installed now."""
    return QCoreApplication.translate("SummaryPanel", text)


def cells(row: SummaryRow) -> tuple[str, ...]:
    """What one row shows, column by column."""
    problem = QCoreApplication.translate("SummaryPanel", "problem")
    shape = problem if row.problem else fmt_shape(row.output_shape)
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
            return translate_message(row.problem) if row.problem else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == len(COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section])
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

    def retranslate(self) -> None:
        """Show headers and cells in the language installed now."""
        last = len(COLUMNS) - 1
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, last))


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
        self.totals = StatusLine(grows=True)  # changes at every edit: never a relayout
        self.totals.setObjectName("help")
        self.totals.setContentsMargins(6, 4, 6, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        document.graphChanged.connect(self.refresh)
        document.settingsChanged.connect(self.refresh)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:  # View > Language
            self.model.retranslate()
            self._widen(self.model.rows)

    def _widen(self, rows: list[SummaryRow]) -> None:
        """Widen columns to fit `rows` (they never narrow: the table keeps still as one
        types); measures only the longest text of each column."""
        metrics = self.table.fontMetrics()
        texts = [cells(r) for r in rows]
        for c, title in enumerate(COLUMNS):
            longest = max((t[c] for t in texts), key=len, default="")
            shown = (_tr(title), longest)
            width = max(metrics.horizontalAdvance(t) for t in shown) + 2 * CELL_PADDING
            if width > self.table.columnWidth(c):
                self.table.setColumnWidth(c, width)

    def refresh(self) -> None:
        report = self.document.analysis.summary
        self._widen(self.model.show(report.rows))
        mem = report.memory
        self.totals.setText(
            self.tr("{n} params · training memory ≈ {size} (batch {batch}, {optimizer})").format(
                n=f"{report.total_params:,}",
                size=engine.format_bytes(mem.total),
                batch=report.batch_size,
                optimizer=report.optimizer,
            )
        )
