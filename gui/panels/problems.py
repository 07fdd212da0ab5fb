"""The problems list: errors and lint warnings from engine.check, and the data/graph fit
from engine.fit_problems; clicking one selects its node on the canvas, clicking a fix
line under a problem applies it (one undoable edit).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle

from gui.document import Document

NODE_ROLE = Qt.ItemDataRole.UserRole
FIX_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemsPanel(QListWidget):
    nodeClicked = Signal(str)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.setWordWrap(True)
        self.itemClicked.connect(self._clicked)
        document.graphChanged.connect(self.refresh)
        document.settingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        problems = sorted(self.document.analysis.problems, key=lambda p: p.severity != "error")
        for problem in problems:
            where = f"{problem.node_id}: " if problem.node_id else ""
            item = QListWidgetItem(
                icons.get(problem.severity, icons["warning"]), where + problem.message
            )
            item.setData(NODE_ROLE, problem.node_id)
            self.addItem(item)
            if problem.fix is not None:
                self.addItem(self._fix_item(problem.fix))
        if not problems:
            ok = QListWidgetItem("No problems found.")
            ok.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(ok)

    def _fix_item(self, fix) -> QListWidgetItem:
        item = QListWidgetItem(f"    ⤷ Fix: {fix.text}")
        item.setData(FIX_ROLE, fix)
        item.setForeground(self.palette().link())
        item.setToolTip("Click to apply this fix (Ctrl+Z undoes it)")
        return item

    def _clicked(self, item: QListWidgetItem) -> None:
        fix = item.data(FIX_ROLE)
        if fix is not None:
            self.document.apply_fix(fix)
            return
        node_id = item.data(NODE_ROLE)
        if node_id:
            self.nodeClicked.emit(node_id)
