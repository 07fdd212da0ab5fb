"""The layer palette: every registered layer type by category, with a search box. Items
drag onto the canvas (MIME type LAYER_MIME carries the type name); double-click adds one,
and Enter in the search box adds the first match (or says that nothing matches).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import engine
from engine.i18n import translate
from gui import theme
from gui.canvas.view import LAYER_MIME

TYPE_ROLE = Qt.ItemDataRole.UserRole


class LayerTree(QTreeWidget):
    """A tree whose leaf items drag out as LAYER_MIME."""

    def mimeTypes(self) -> list[str]:
        return [LAYER_MIME]

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:
        return layer_mime(items[0].data(0, TYPE_ROLE))


def layer_mime(type_name: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(LAYER_MIME, type_name.encode())
    mime.setText(type_name)
    return mime


class PalettePanel(QWidget):
    layerChosen = Signal(str)  # double-click / Enter: add at the view's centre

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search layers…"))
        self.search.setToolTip(self.tr("Type to filter; Enter adds the first match to the canvas"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(self.add_first_match)
        self.no_match = QLabel()
        self.no_match.setObjectName("help")
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        self.tree = LayerTree()
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.tree.setIconSize(QSize(10, 10))
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.no_match)
        layout.addWidget(self.tree)
        self._fill()

    def _fill(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for spec in engine.all_specs():
            group = groups.get(spec.category)
            if group is None:
                group = groups[spec.category] = QTreeWidgetItem(
                    self.tree, [translate("reference", spec.category)]
                )
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setIcon(0, _dot(theme.category_colour(spec.category)))
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
            item = QTreeWidgetItem(group, [spec.type])
            item.setData(0, TYPE_ROLE, spec.type)
            item.setToolTip(0, translate("reference", spec.help))
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
        self.tree.expandAll()

    def filter(self, text: str) -> None:
        """Show the layers whose type, category or help mention the text."""
        needle = text.strip().lower()
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            in_group = needle in group.text(0).lower()
            shown = 0
            for i in range(group.childCount()):
                item = group.child(i)
                hit = not needle or in_group or needle in item.text(0).lower()
                hit = hit or needle in item.toolTip(0).lower()
                item.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)
            group.setExpanded(True)
        found = self.first_match() is not None
        self.no_match.setText(self.tr("No layer matches “{text}”.").format(text=text.strip()))
        self.no_match.setVisible(not found)

    def first_match(self) -> str | None:
        """The type name of the first layer the filter shows."""
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for i in range(group.childCount()):
                if not group.child(i).isHidden():
                    return group.child(i).data(0, TYPE_ROLE)
        return None

    def add_first_match(self) -> None:
        """Enter in the search box: add the first match (exact type names win)."""
        needle = self.search.text().strip().lower()
        exact = next((s.type for s in engine.all_specs() if s.type.lower() == needle), None)
        chosen = exact or self.first_match()
        if needle and chosen:
            self.layerChosen.emit(chosen)

    def _activated(self, item: QTreeWidgetItem) -> None:
        type_name = item.data(0, TYPE_ROLE)
        if type_name:
            self.layerChosen.emit(type_name)


def _dot(colour: QColor) -> QIcon:
    pixmap = QPixmap(20, 20)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(2, 2, 16, 16)
    painter.end()
    return QIcon(pixmap)
