"""The main window: the canvas in the middle, docks around it, File/Edit/View/Train menus,
a status bar with params, memory and problems. Dock layout and window geometry persist
in QSettings; the File menu is gui.file_actions.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QMimeData,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QCursor,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QUndoView,
    QWidget,
)

import engine
from engine import LayerLabError
from engine.i18n import translate_message
from gui import i18n, theme
from gui.autosave import Autosaver, Recovery, default_dir, find_crashed
from gui.canvas.menus import CanvasMenus
from gui.canvas.scene import GraphScene
from gui.canvas.view import NODES_MIME, PROJECT_SUFFIX, GraphView
from gui.document import Document
from gui.file_actions import FileActions
from gui.help import Help, add_shortcut_tips
from gui.overlay import HealthOverlay
from gui.panels.palette import PalettePanel
from gui.panels.problems import ProblemsPanel
from gui.panels.properties import PropertiesPanel
from gui.panels.summary import SummaryPanel
from gui.status_line import StatusLine
from gui.training.panel import TrainingPanel

THEME_NAMES = {
    "system": QT_TRANSLATE_NOOP("Theme", "System"),
    "light": QT_TRANSLATE_NOOP("Theme", "Light"),
    "dark": QT_TRANSLATE_NOOP("Theme", "Dark"),
}
STATUS_MS = 6000
STATUS_PADDING = 8  # px each side of a status bar count, as the sheet pads its labels


class MainWindow(QMainWindow):
    def __init__(
        self,
        document: Document,
        autosave_dir: Path | None = None,
        themes: theme.Switcher | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        self.themes = themes
        self.settings = QSettings()
        self.scene = GraphScene(document)
        self.view = GraphView(self.scene)
        self.setCentralWidget(self.view)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.view_menu: QMenu
        self._layout_restored = False
        self._training_sized = False  # a first look at the Training tab enlarges it once
        self.training = TrainingPanel(document)  # the File menu's runs and weights go here
        self._make_actions()
        self._make_menus()
        self._make_docks()
        self._make_status_bar()
        self.autosaver = Autosaver(document, autosave_dir or default_dir())

        document.undo_stack.cleanChanged.connect(self._update_title)
        document.pathChanged.connect(self._update_title)
        document.graphChanged.connect(self._update_status)
        document.settingsChanged.connect(self._update_status)
        document.projectReplaced.connect(lambda: self.view.show_start())
        document.refused.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
        self.scene.selectionChanged.connect(self._selection_changed)
        self.view.fileDropped.connect(self.files.open_path)
        self.view.nodeActivated.connect(self.edit_node)
        self.canvas_menus = CanvasMenus(self)
        self.view.menu_builder = self.canvas_menus.menu_at
        add_shortcut_tips(self.actions())
        screen = self.screen().availableGeometry()
        self.resize(int(screen.width() * 0.92), int(screen.height() * 0.92))
        self._update_title()
        self._update_status()

    # -- construction ---------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, icon: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(theme.icon(icon))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _make_actions(self) -> None:
        keys = QKeySequence.StandardKey
        a = self._action
        self.files = FileActions(
            self, self.document, self.training, self._show_training, self._document_name
        )
        self.undo_action, self.redo_action = self._undo_actions()
        self.addActions([self.undo_action, self.redo_action])
        self.copy_action = a(self.tr("&Copy"), self.copy, keys.Copy)
        self.paste_action = a(self.tr("&Paste"), lambda: self.paste(), keys.Paste)
        self.duplicate_action = a(self.tr("&Duplicate"), self.duplicate, "Ctrl+D")
        self.delete_action = a(self.tr("De&lete"), self.delete_selection, keys.Delete, "delete")
        self.delete_action.setShortcuts([QKeySequence(keys.Delete), QKeySequence("Backspace")])
        self.select_all_action = a(self.tr("Select &All"), self.select_all, keys.SelectAll)
        self.layout_action = a(
            self.tr("Auto-&layout"), lambda: self.auto_layout(), "Ctrl+L", "layout"
        )
        self.layout_right_action = a(
            self.tr("Lay Out Left to &Right"), lambda: self.auto_layout("right")
        )
        self.layout_down_action = a(
            self.tr("Lay Out &Top to Bottom"), lambda: self.auto_layout("down")
        )
        self.rename_action = a(self.tr("&Rename…"), self.rename_selected, "F2")
        self.fit_action = a(self.tr("&Fit to Window"), self.view.fit, "F", "fit")
        self.zoom_in_action = a(
            self.tr("Zoom &In"), lambda: self.view.set_zoom(self.view.zoom * 1.25), keys.ZoomIn
        )
        self.zoom_in_action.setShortcuts([QKeySequence(keys.ZoomIn), QKeySequence("Ctrl+=")])
        self.zoom_out_action = a(
            self.tr("Zoom &Out"), lambda: self.view.set_zoom(self.view.zoom / 1.25), keys.ZoomOut
        )
        self.zoom_reset_action = a(
            self.tr("&Actual Size"), lambda: self.view.set_zoom(1.0), "Ctrl+0"
        )

    def _undo_actions(self) -> tuple[QAction, QAction]:
        """Undo and redo, named after the step they take ("Undo Rename fc1 → fc2")."""
        stack = self.document.undo_stack
        undo = stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(theme.icon("undo"))
        redo = stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setIcon(theme.icon("redo"))
        return undo, redo

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.files.add_to(bar.addMenu(self.tr("&File")))
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions(
            [self.copy_action, self.paste_action, self.duplicate_action, self.delete_action]
        )
        edit.addAction(self.rename_action)
        edit.addSeparator()
        edit.addActions([self.select_all_action, self.layout_action])
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.addActions(
            [self.fit_action, self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action]
        )
        self.view_menu.addSeparator()
        self.view_menu.addActions(
            [self.layout_action, self.layout_right_action, self.layout_down_action]
        )
        self.view_menu.addSeparator()
        if self.themes is not None:
            self._make_theme_menu(self.view_menu.addMenu(self.tr("&Theme")))
        self._make_language_menu(self.view_menu.addMenu(self.tr("&Language")))
        self.view_menu.addSeparator()
        self.train_menu = bar.addMenu(self.tr("&Train"))
        self.help = Help(self)
        self.help.add_to(bar.addMenu(self.tr("&Help")))
        tools = self.tools = self.addToolBar(self.tr("Main"))
        tools.setObjectName("toolbar.main")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        files = self.files
        tools.addActions([files.new_action, files.open_action, files.save_action])
        tools.addSeparator()
        tools.addActions([self.undo_action, self.redo_action, self.delete_action])
        tools.addSeparator()
        tools.addActions([self.layout_action, self.fit_action])

    def _make_theme_menu(self, menu: QMenu) -> None:
        group = QActionGroup(self)
        for name in theme.PREFERENCES:
            action = menu.addAction(
                QCoreApplication.translate("Theme", THEME_NAMES[name]),
                lambda n=name: self._set_theme(n),
            )
            action.setCheckable(True)
            action.setChecked(name == self.themes.preference)
            group.addAction(action)
        self.themes.changed.connect(self.scene.restyle)

    def _set_theme(self, name: str) -> None:
        self.themes.set_preference(name)
        self.settings.setValue("theme", name)

    def _make_language_menu(self, menu: QMenu) -> None:
        group = QActionGroup(self)
        chosen = str(self.settings.value(i18n.SETTING, i18n.SYSTEM))
        for code, name in i18n.LANGUAGES.items():
            text = name or self.tr("System")
            action = menu.addAction(text, lambda c=code: self.set_language(c))
            action.setCheckable(True)
            action.setChecked(code == chosen)
            group.addAction(action)

    def set_language(self, choice: str) -> None:
        """Show the app in another language now and at the next start; the document,
        its undo history and the training runs stay as they are."""
        self.settings.setValue(i18n.SETTING, choice)
        old = i18n.current()
        if i18n.install(choice) != old:
            self.retranslate(old)
        self.warn_if_font_missing()

    def warn_if_font_missing(self) -> None:
        if i18n.font_missing(i18n.current()):
            self.statusBar().showMessage(i18n.FONT_HINT)

    def retranslate(self, old: str) -> None:
        """Carry every shown text from language `old` into the installed one."""
        self.help.forget()
        i18n.retranslate_tree(self, old)
        i18n.retranslate_plots(old)
        stack = self.document.undo_stack
        for index in range(stack.count()):  # the history says its steps in the new language
            step = stack.command(index)
            step.setText(i18n.retranslated(step.text(), old))
        self.history.setStack(stack)
        # Qt keeps an undo action's prefix to itself: new actions take the old ones' places.
        replaced = (self.undo_action, self.redo_action)
        self.undo_action, self.redo_action = self._undo_actions()
        for before, after in zip(replaced, (self.undo_action, self.redo_action), strict=True):
            for widget in before.associatedObjects():  # the window, menus and toolbar
                if isinstance(widget, (QMenu, QToolBar)) or widget is self:
                    widget.insertAction(before, after)
                    widget.removeAction(before)
            before.setParent(None)  # gone from the window now, deleted with its wrapper
        add_shortcut_tips(self.actions())
        self._update_title()
        self._update_status()
        self.document.graphChanged.emit()  # views that format text redraw
        self.document.settingsChanged.emit()
        self.scene.restyle()

    def _make_docks(self) -> None:
        self.palette = PalettePanel()
        self.palette.layerChosen.connect(self.add_at_centre)
        self.properties = PropertiesPanel(self.document)
        self.summary = SummaryPanel(self.document)
        self.summary.nodeClicked.connect(self.focus_node)
        self.problems = ProblemsPanel(self.document)
        self.problems.nodeClicked.connect(self.focus_node)
        self.history = QUndoView(self.document.undo_stack)
        self.history.setEmptyLabel(self.tr("Opened"))
        left, right, bottom = (
            Qt.DockWidgetArea.LeftDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.palette_dock = self.add_dock(self.palette, self.tr("Layers"), left, "layers")
        self.properties_dock = self.add_dock(
            self.properties, self.tr("Properties"), right, "properties"
        )
        history = self.add_dock(self.history, self.tr("History"), right, "history")
        self.splitDockWidget(self.properties_dock, history, Qt.Orientation.Vertical)
        self.resizeDocks([self.properties_dock, history], [3, 1], Qt.Orientation.Vertical)
        self.summary_dock = summary = self.add_dock(
            self.summary, self.tr("Summary"), bottom, "summary"
        )
        problems = self.add_dock(self.problems, self.tr("Problems"), bottom, "problems")
        self.tabifyDockWidget(summary, problems)
        self.resizeDocks([summary], [210], Qt.Orientation.Vertical)
        self.resizeDocks([self.properties_dock], [290], Qt.Orientation.Horizontal)
        self.training_dock = self.add_dock(self.training, self.tr("Training"), bottom, "training")
        self.tabifyDockWidget(summary, self.training_dock)
        self.training.train_action.triggered.connect(self._show_training)
        self.training_dock.visibilityChanged.connect(self._training_tab_shown)
        for action in self.training.actions_for_menu:
            if action is None:
                self.train_menu.addSeparator()
            else:
                self.train_menu.addAction(action)
                self.addAction(action)
        self.tools.addSeparator()
        self.tools.addActions(self.training.actions_for_menu[:3])
        self.help.link_training(self.training.settings_form)
        self.overlay = HealthOverlay(self.scene, self.training)
        self.overlay.add_menu(self.view_menu)
        summary.raise_()  # the editor's tab shows first; training raises itself on F5

    def _show_training(self) -> None:
        """Bring the live curves into view when a run starts."""
        self.training_dock.show()
        self.training_dock.raise_()
        if self.training_dock.height() < self.height() // 2:
            self.resizeDocks([self.training_dock], [self.height() // 2], Qt.Orientation.Vertical)

    def _training_tab_shown(self, visible: bool) -> None:
        """The first look at the Training tab (without a saved layout) gets the room its
        form and plots need, as a run would."""
        if visible and self.isVisible() and not self._training_sized:
            self._training_sized = True
            self._show_training()

    def add_dock(
        self, widget: QWidget, title: str, area: Qt.DockWidgetArea, name: str = ""
    ) -> QDockWidget:
        """Add a dockable panel; it gets a View menu toggle and its place is remembered
        (under `name`, the same in every language; default: the title)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock.{(name or title).lower().replace(' ', '_')}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.view_menu.addAction(dock.toggleViewAction())
        return dock

    def _make_status_bar(self) -> None:
        bar = self.statusBar()  # counts change at every edit: lines that only repaint
        self.params_label = StatusLine(grows=True)
        self.memory_label = StatusLine(grows=True)
        self.problems_label = StatusLine(grows=True)
        self.zoom_label = StatusLine(grows=True)
        for label in (self.params_label, self.memory_label, self.problems_label, self.zoom_label):
            label.setContentsMargins(STATUS_PADDING, 0, STATUS_PADDING, 0)
            bar.addPermanentWidget(label)
        self.view.zoomChanged.connect(lambda z: self.zoom_label.setText(f"{z:.0%}"))

    # -- status and title -----------------------------------------------------------------
    def _update_title(self) -> None:
        self.setWindowTitle(f"{self._document_name()}[*] — LayerLab")
        self.setWindowModified(self.document.dirty)

    def _document_name(self) -> str:
        project = self.document.project
        if project.path:
            return project.path.name
        return self.tr("Untitled") if project.name == "Untitled" else project.name

    def _update_status(self) -> None:
        analysis = self.document.analysis
        report = analysis.summary
        self.params_label.setText(self.tr("{n} params").format(n=f"{report.total_params:,}"))
        self.memory_label.setText(
            self.tr("≈ {size} to train").format(size=engine.format_bytes(report.memory.total))
        )
        errors = analysis.error_count
        warnings = len(analysis.problems) - errors
        text = ", ".join(
            (
                (self.tr("{n} error") if errors == 1 else self.tr("{n} errors")).format(n=errors),
                (self.tr("{n} warning") if warnings == 1 else self.tr("{n} warnings")).format(
                    n=warnings
                ),
            )
        )
        self.problems_label.setText(text if analysis.problems else self.tr("no problems"))

    # -- selection ------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        ids = self.scene.selected_node_ids()
        self.properties.show_node(ids[0] if len(ids) == 1 else None)

    def focus_node(self, node_id: str) -> None:
        if node_id in self.scene.nodes:
            self.scene.select_nodes([node_id])
            self.view.centerOn(self.scene.nodes[node_id])

    def edit_node(self, node_id: str) -> None:
        self.properties_dock.show()
        self.properties_dock.raise_()
        self.properties.focus_first_editor()

    # -- edit actions ---------------------------------------------------------------------
    def add_at_centre(self, type_name: str) -> None:
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        node_id = self.document.add_node(type_name, (round(centre.x(), -1), round(centre.y(), -1)))
        if node_id:
            self.scene.select_nodes([node_id])

    def delete_selection(self) -> None:
        self.document.delete(self.scene.selected_node_ids(), self.scene.selected_edges())

    def select_all(self) -> None:
        for item in self.scene.nodes.values():
            item.setSelected(True)

    def copy(self) -> None:
        ids = self.scene.selected_node_ids()
        if not ids:
            return
        text = json.dumps(self.document.fragment(ids))
        mime = QMimeData()
        mime.setData(NODES_MIME, text.encode())
        mime.setText(text)
        QApplication.clipboard().setMimeData(mime)

    def paste(self, at: tuple[float, float] | None = None) -> None:
        """Paste the copied nodes with their top-left at `at` (None: at the mouse pointer
        when it is over the canvas, else the canvas centre), in free space."""
        mime = QApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(NODES_MIME):
            self.view.show_note(self.tr("The clipboard holds no LayerLab nodes."))
            return
        fragment = json.loads(bytes(mime.data(NODES_MIME).data()).decode())
        if at is None:
            viewport = self.view.viewport()
            pointer = viewport.mapFromGlobal(QCursor.pos())
            if not viewport.rect().contains(pointer):
                pointer = viewport.rect().center()
            point = self.view.mapToScene(pointer)
            at = (point.x(), point.y())
        self.scene.select_nodes(self.document.paste(fragment, at))

    def duplicate(self) -> None:
        ids = self.scene.selected_node_ids()
        if ids:
            self.scene.select_nodes(self.document.paste(self.document.fragment(ids)))

    def rename_selected(self) -> None:
        ids = self.scene.selected_node_ids()
        if len(ids) == 1:
            self.view.start_rename(ids[0])

    def auto_layout(self, direction: str | None = None) -> None:
        if self.document.auto_layout(direction):
            self.view.fit()

    def offer_recovery(self, directory: Path | None = None) -> None:
        """After a crash: offer the newest autosaved copy; others are discarded with it."""
        found = [
            r
            for r in find_crashed(directory or default_dir())
            if r.project_file != self.autosaver.project_file
        ]
        if not found:
            return
        newest: Recovery = found[0]
        name = newest.original.name if newest.original else self.tr("an untitled project")
        answer = QMessageBox.question(
            self,
            self.tr("Recover unsaved work?"),
            self.tr(
                "LayerLab did not close properly. Recover the changes to {name} "
                "autosaved at {time}?"
            ).format(name=name, time=f"{newest.saved_at:%H:%M:%S}"),
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.document.replace_project(newest.load(), dirty=True)
            except LayerLabError as err:
                QMessageBox.warning(self, self.tr("Cannot recover"), translate_message(str(err)))
                return
        for recovery in found:
            recovery.discard()

    # -- window events --------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._layout_restored:  # after every add_dock, so later docks are restored too
            self._layout_restored = True
            geometry, state = self.settings.value("geometry"), self.settings.value("windowState")
            if geometry is not None:
                self.restoreGeometry(geometry)
            if state is not None:
                self.restoreState(state)
                self._training_sized = True  # the user's own layout stays as it was
            else:
                QTimer.singleShot(0, self._first_dock_sizes)  # once the layout has settled
            self.view.show_start()

    def _first_dock_sizes(self) -> None:
        """Docks in proportion to the window on a first start, so the canvas keeps most
        of a small window (1000x650) and a large one gives the panels room."""
        width, height = self.width(), self.height()
        horizontal = Qt.Orientation.Horizontal
        self.resizeDocks(
            [self.palette_dock, self.properties_dock],
            [min(260, max(170, width * 18 // 100)), min(330, max(240, width * 24 // 100))],
            horizontal,
        )
        bottom = min(440, max(200, height * 36 // 100))
        self.resizeDocks([self.summary_dock], [bottom], Qt.Orientation.Vertical)
        self.view.show_start()  # again, for the canvas's new size

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.training.confirm_close() or not self.files.maybe_save():
            event.ignore()
            return
        self.scene.selectionChanged.disconnect(self._selection_changed)  # items go next
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.autosaver.close()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.toLocalFile().endswith(PROJECT_SUFFIX) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [
            u.toLocalFile()
            for u in event.mimeData().urls()
            if u.toLocalFile().endswith(PROJECT_SUFFIX)
        ]
        if paths:
            event.acceptProposedAction()
            self.files.open_path(paths[0])
