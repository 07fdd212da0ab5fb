"""The problems list: errors and lint warnings from engine.check, and the data/graph fit
from engine.fit_problems; clicking one selects its node on the canvas, clicking the fix
row under a problem applies it (one undoable edit).

One cut edge can make twenty nodes report the same warning ("not on any path from an
Input to an Output"). Identical findings are grouped into one expandable row, and when one
of their nodes also has an error, the group sits under that error: the cause first, its
echoes folded beneath it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem

from engine import Fix, Problem
from engine.i18n import translate_message
from gui.document import Document

NODE_ROLE = Qt.ItemDataRole.UserRole
FIX_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemsPanel(QTreeWidget):
    nodeClicked = Signal(str)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setRootIsDecorated(True)
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
        groups: dict[tuple[str, str, str], list[Problem]] = {}
        for p in problems:
            groups.setdefault((p.severity, p.message, p.code), []).append(p)
        errors: dict[str, QTreeWidgetItem] = {}  # node id -> its first error's row
        for (severity, message, _), found in groups.items():
            icon = icons.get(severity, icons["warning"])
            if len(found) == 1 or not all(p.node_id for p in found):
                for p in found:
                    item = self._row(self, icon, _where(p) + translate_message(message), p.node_id)
                    if p.fix is not None:
                        self._fix_row(item, p.fix)
                    if severity == "error" and p.node_id:
                        errors.setdefault(p.node_id, item)
                continue
            ids = [p.node_id for p in found]
            cause = next((errors[i] for i in ids if i in errors), None)
            text = self.tr("{n} nodes: {message}").format(
                n=len(ids), message=translate_message(message)
            )
            group = self._row(cause or self, icon, text, None)
            group.setToolTip(0, ", ".join(ids))
            for node_id in ids:
                self._row(group, icon, node_id, node_id)
            if cause is not None:
                cause.setExpanded(True)
        if not problems:
            ok = QTreeWidgetItem(self, [self.tr("No problems found.")])
            ok.setFlags(Qt.ItemFlag.NoItemFlags)

    def _row(self, parent, icon, text: str, node_id: str | None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setIcon(0, icon)
        item.setData(0, NODE_ROLE, node_id)
        return item

    def rows(self) -> list[str]:
        """The visible text of every row, children indented by two spaces (for tests)."""

        def walk(item: QTreeWidgetItem, depth: int) -> list[str]:
            out = ["  " * depth + item.text(0)]
            for i in range(item.childCount()):
                out += walk(item.child(i), depth + 1)
            return out

        return [
            line for i in range(self.topLevelItemCount()) for line in walk(self.topLevelItem(i), 0)
        ]

    def _fix_row(self, parent: QTreeWidgetItem, fix: Fix) -> None:
        item = QTreeWidgetItem(
            parent, [self.tr("Fix: {fix}").format(fix=translate_message(fix.text))]
        )
        item.setData(0, FIX_ROLE, fix)
        item.setForeground(0, self.palette().link())
        item.setToolTip(0, self.tr("Click to apply this fix (Ctrl+Z undoes it)"))
        parent.setExpanded(True)

    def _clicked(self, item: QTreeWidgetItem) -> None:
        fix = item.data(0, FIX_ROLE)
        if fix is not None:
            self.document.apply_fix(fix)
            return
        node_id = item.data(0, NODE_ROLE)
        if node_id:
            self.nodeClicked.emit(node_id)


def _where(problem: Problem) -> str:
    return f"{problem.node_id}: " if problem.node_id else ""
