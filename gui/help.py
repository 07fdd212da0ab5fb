"""The Help menu and dock: F1 on a node, the reference, shortcuts, First Model, About.

Nothing here is written by hand twice. The shortcuts dialog lists the window's real
QActions (walking the menu bar), so it cannot drift from what the keys do; the reference
pages come from engine.reference, which builds them from the layer registry and the
training choices (gui.help_pages draws them).
"""

from __future__ import annotations

import html
import platform
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import choices, reference
from engine.i18n import translate_message
from gui.help_pages import HelpPanel, PageView

if TYPE_CHECKING:
    from gui.main_window import MainWindow

# Canvas gestures that are mouse or modifier input rather than QActions.
GESTURES = (
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Zoom about the pointer"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Mouse wheel"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Pan"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Middle-drag, or Space + drag"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Connect two layers"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Drag from a port to a port"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Insert a layer into a connection"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Drop it from the palette onto the edge"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Move selected layers by one grid step"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Arrow keys"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Edit a layer's settings"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Double-click it"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Menu for a layer, connection or the canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Right-click"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Layers palette"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Add the first layer found"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Type in the search box, Enter"),
    ),
)


# -- the reference ----------------------------------------------------------------------------
class LayerReference(QDialog):
    """Every reference page: layers by category, then losses and optimizers, with a filter
    box; `show_layer` / `show_page` open one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Layer Reference — LayerLab"))
        self.resize(900, 680)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a layer, loss or optimizer…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(lambda: self.show_layer(self.search.text()))
        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self.groups: list[tuple[str, QTreeWidgetItem]] = []  # untranslated title, item
        groups = [
            (category, [("layer", n) for n in names])
            for category, names in reference.categories().items()
        ]
        groups.append(("Loss", [("loss", n) for n in choices.LOSSES]))
        groups.append(("Optimizer", [("optimizer", n) for n in choices.OPTIMIZERS]))
        for title, entries in groups:
            group = QTreeWidgetItem(self.contents, [reference.tr(title)])
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.groups.append((title, group))
            for kind, name in entries:
                item = QTreeWidgetItem(group, [name])
                item.setData(0, Qt.ItemDataRole.UserRole, (kind, name))
                self.items[(kind, name)] = item
        self.contents.expandAll()
        self.contents.currentItemChanged.connect(self._chosen)
        self.view = PageView()
        self._set_placeholder()
        split = QSplitter()
        split.addWidget(self.contents)
        split.addWidget(self.view)
        split.setSizes([220, 680])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(split, 1)

    def _chosen(self, item: QTreeWidgetItem | None) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if key:
            self.view.show_page(PAGES[key[0]](key[1]))

    def changeEvent(self, event: QEvent) -> None:
        """A new language: group titles and the page again (once the engine switched)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            QTimer.singleShot(0, self._retranslate)

    def _retranslate(self) -> None:
        for title, group in self.groups:
            group.setText(0, reference.tr(title))
        self._set_placeholder()
        self._chosen(self.contents.currentItem())

    def _set_placeholder(self) -> None:
        """What the page area says before a page is chosen (it was blank)."""
        self.view.browser.setPlaceholderText(
            self.tr("Choose a layer, loss or optimizer on the left, or type its name above.")
        )

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for (_, name), item in self.items.items():
            item.setHidden(bool(needle) and needle not in name.lower())

    def show_page(self, kind: str, name: str) -> None:
        key = (kind, name) if name else next(k for k in self.items if k[0] == kind)
        self.contents.setCurrentItem(self.items[key])

    def show_layer(self, name: str) -> bool:
        """Open a page by name (any case, or its start); False if none matches."""
        needle = name.strip().lower()
        keys = list(self.items)
        match = next((k for k in keys if k[1].lower() == needle), None)
        match = match or next((k for k in keys if k[1].lower().startswith(needle)), None)
        if not needle or match is None:
            return False
        self.show_page(*match)
        return True


PAGES = {
    "layer": reference.layer_page,
    "loss": reference.loss_page,
    "optimizer": reference.optimizer_page,
}


# -- keyboard shortcuts -------------------------------------------------------------------
def _menu_actions(menu: QMenu, path: str) -> Iterator[tuple[str, QAction]]:
    for action in menu.actions():
        if action.menu() is not None:
            sub = action.menu()
            yield from _menu_actions(sub, f"{path} › {sub.title().replace('&', '')}")
        elif not action.isSeparator():
            yield path, action


def action_name(action: QAction) -> str:
    """What an action is called: its menu text without '&' and '…'; undo and redo by
    their steady names, not "Undo Rename fc1 → fc2"."""
    text = _plain(action.text()).rstrip("…").strip()
    return text.split(" ", 1)[0] if text.startswith(("Undo ", "Redo ")) else text


def _plain(text: str) -> str:
    """Menu text without its mnemonic: "&Save" and "保存(&S)" read "Save" and "保存"."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


def shortcut_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(where, what, keys) for every action of the window that has a shortcut: those in
    the menus under their menu, then any others, then the canvas's mouse gestures."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    listed = []
    for top in window.menuBar().actions():
        if top.menu() is not None:
            listed += _menu_actions(top.menu(), _plain(top.text()))
    other = QCoreApplication.translate("ShortcutsDialog", "Other")
    listed += [(other, a) for a in window.actions()]
    for where, action in listed:
        if id(action) in seen or not action.shortcuts():
            continue
        seen.add(id(action))
        keys = ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
        )
        rows.append((where, action_name(action), keys))
    for where, what, keys in GESTURES:
        rows.append(
            (
                QCoreApplication.translate("ShortcutsDialog", where),
                QCoreApplication.translate("ShortcutsDialog", what),
                QCoreApplication.translate("ShortcutsDialog", keys),
            )
        )
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard Shortcuts — LayerLab"))
        self.resize(620, 560)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels((self.tr("Where"), self.tr("Action"), self.tr("Keys")))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


def add_shortcut_tips(actions: list[QAction]) -> None:
    """Tooltips that carry the shortcut ("Save (Ctrl+S)"), as toolbar buttons show them."""
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action_name(action)
        if keys and text:
            action.setToolTip(f"{text} ({keys})")


# -- about ----------------------------------------------------------------------------------
def versions() -> dict[str, str]:
    """What About shows: LayerLab, Python, torch (and its CUDA), Qt, and the device that
    "auto" trains on."""
    import torch

    cuda = f" (CUDA {torch.version.cuda})" if torch.version.cuda else ""
    device = str(engine.resolve_device("auto"))
    described = next((d.description for d in engine.list_devices() if d.name == device), device)
    shown = translate_message(described)
    return {
        "LayerLab": engine.__version__,
        "Python": platform.python_version(),
        "PyTorch": torch.__version__ + cuda,
        "Qt": f"{qVersion()} (PySide6 {pyside_version})",
        QCoreApplication.translate("Help", "Training device"): f"{device}: {shown}",
    }


def about_text() -> str:
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td><b>{html.escape(v)}</b></td></tr>"
        for k, v in versions().items()
    )
    blurb = QCoreApplication.translate(
        "Help",
        "Build neural networks by drawing them, train them, and export them as PyTorch "
        "code or ONNX.",
    )
    return f"<h3>LayerLab</h3><p>{blurb}</p><table cellpadding='3'>{rows}</table>"


class Help:
    """The Help menu and the Help dock of one main window; dialogs are made on first use
    and kept. F1 explains the selected node (its page in the Help dock, for its real
    shapes) or, with nothing selected, opens the reference."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.reference: LayerReference | None = None
        self.shortcuts: ShortcutsDialog | None = None
        self.about: QMessageBox | None = None
        self.walkthrough = None  # the First Model window, while it is open
        self.panel = HelpPanel(window)
        title = QCoreApplication.translate("Help", "Help")
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.dock = window.add_dock(self.panel, title, right, "help")
        self.dock.hide()  # F1 shows it
        # View > Help shows it where show_dock would, not squeezed above Properties.
        self.dock.toggleViewAction().triggered.connect(lambda on: on and self._arrange())

    def add_to(self, menu: QMenu) -> None:
        explain = menu.addAction(
            QCoreApplication.translate("Help", "&Explain Selected Layer"), self.explain
        )
        explain.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.window.addAction(explain)
        menu.addAction(
            QCoreApplication.translate("Help", "&Layer Reference"), lambda: self.show_layer("")
        )
        shortcuts = menu.addAction(
            QCoreApplication.translate("Help", "&Keyboard Shortcuts"), self.show_shortcuts
        )
        shortcuts.setShortcut(QKeySequence("Ctrl+/"))
        self.window.addAction(shortcuts)
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("Help", "&First Model…"), self.first_model)
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("Help", "&About LayerLab"), self.show_about)

    def link_training(self, settings: QWidget) -> None:
        """Open the loss and optimizer pages from the Training settings' help buttons."""
        settings.helpRequested.connect(self.show_page)

    def explain(self) -> None:
        """F1: the selected node's page in the Help dock, else the whole reference."""
        ids = self.window.scene.selected_node_ids()
        if len(ids) != 1:
            self.show_layer("")
            return
        self.show_dock()
        self.panel.follow_selection()

    def explain_node(self, node_id: str) -> None:
        """A node's own page in the Help dock (its real shapes and count), as F1 on it."""
        self.window.scene.select_nodes([node_id])
        self.explain()

    def show_dock(self) -> None:
        """Show the Help dock; from hidden, below Properties with the larger share of the
        column, and room for a formula."""
        if self.dock.isVisible():
            self.dock.raise_()
            return
        self.dock.show()
        self._arrange()

    def _arrange(self) -> None:
        if self.dock.isFloating():
            return  # where the user put it
        w = self.window
        w.splitDockWidget(w.properties_dock, self.dock, Qt.Orientation.Vertical)
        column = [d for d in w.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()]
        column = [d for d in column if w.dockWidgetArea(d) == w.dockWidgetArea(self.dock)]
        column = [d for d in column if not w.tabifiedDockWidgets(d) or d is self.dock]
        height = sum(d.height() for d in column)
        share = {self.dock: 0.55, w.properties_dock: 0.3}  # the rest split what is left
        rest = max(1, len(column) - len(share))
        sizes = [int(height * share.get(d, 0.15 / rest)) for d in column]
        w.resizeDocks(column, sizes, Qt.Orientation.Vertical)
        w.resizeDocks([self.dock], [max(420, self.dock.width())], Qt.Orientation.Horizontal)

    def forget(self) -> None:
        """Close and drop the dialogs (the language changed): they are made again, in the
        new language, when next asked for."""
        for dialog in (self.reference, self.shortcuts, self.about):
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
        self.reference = self.shortcuts = self.about = None

    def show_shortcuts(self) -> None:
        if self.shortcuts is not None:
            self.shortcuts.deleteLater()
        self.shortcuts = ShortcutsDialog(self.window)  # fresh: actions may have changed
        self.shortcuts.show()

    def _reference(self) -> LayerReference:
        if self.reference is None:
            self.reference = LayerReference(self.window)
        self.reference.show()
        self.reference.raise_()
        return self.reference

    def show_layer(self, type_name: str) -> None:
        """Open the reference, at `type_name` when given."""
        self._reference().show_layer(type_name)

    def show_page(self, kind: str, name: str) -> None:
        """Open the reference at a layer, loss or optimizer page ("" for "auto": the first
        of its kind)."""
        self._reference().show_page(kind, name)

    def first_model(self) -> None:
        """Help > First Model: the walkthrough, in a window of its own."""
        from gui.walkthrough import open_walkthrough

        self.walkthrough = open_walkthrough(self.window)

    def show_about(self) -> None:
        self.about = QMessageBox(
            QMessageBox.Icon.NoIcon,
            QCoreApplication.translate("Help", "About LayerLab"),
            about_text(),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        self.about.setIconPixmap(self.window.windowIcon().pixmap(64, 64))
        self.about.open()
