"""The File menu of a main window: New, Open, Open Recent, Examples, Open Run, Save, Save As,
Export and Import (through gui.interop), Quit.

Every way a project is replaced asks about unsaved changes first; errors are dialogs, never
tracebacks. Recent files persist in QSettings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

import engine
from engine import LayerLabError, Node, Project
from engine.i18n import translate, translate_message
from engine.paths import examples
from gui import theme
from gui.canvas.layout import layered_layout
from gui.canvas.view import PROJECT_SUFFIX
from gui.document import Document
from gui.interop import Interop
from gui.training.data_form import DataForm
from gui.training.panel import TrainingPanel
from gui.training.run_follow import open_run
from gui.training.settings_form import SettingsForm

FILE_FILTER = QT_TRANSLATE_NOOP("FileActions", "LayerLab projects (*.layerlab);;All files (*)")
MAX_RECENT = 8
STATUS_MS = 6000


class FileActions(QObject):
    """The file actions of `window` on `document`. Runs opened with Open Run, weights
    exported and imported models go through the Training dock `training`;
    `show_training` brings that dock into view; `document_name` is what the window calls
    the project (in the unsaved-changes question)."""

    def __init__(
        self,
        window: QMainWindow,
        document: Document,
        training: TrainingPanel,
        show_training: Callable[[], None],
        document_name: Callable[[], str],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.training = training
        self.show_training = show_training
        self.document_name = document_name
        self.settings = QSettings()
        keys = QKeySequence.StandardKey
        a = self._action
        self.new_action = a(self.tr("&New"), self.new_project, keys.New, "new")
        self.open_action = a(self.tr("&Open…"), self.open_dialog, keys.Open, "open")
        self.save_action = a(self.tr("&Save"), self.save, keys.Save, "save")
        self.save_as_action = a(self.tr("Save &As…"), self.save_as, keys.SaveAs)
        self.quit_action = a(self.tr("&Quit"), window.close, keys.Quit)
        self.open_run_action = a(self.tr("Open R&un…"), self.open_run_dialog)
        self.open_run_action.setToolTip(self.tr("Follow a run folder that `layerlab train` writes"))
        bar = window.statusBar()
        self.interop = Interop(
            document, window, bar.showMessage, training, may_replace=self.maybe_save
        )
        for widget in self.interop.status_widgets:
            bar.addPermanentWidget(widget)
            widget.hide()

    def _action(self, text: str, slot, shortcut=None, icon: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(theme.icon(icon))
        action.triggered.connect(slot)
        self.window.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def add_to(self, menu: QMenu) -> None:
        """Fill the File menu."""
        menu.addActions([self.new_action, self.open_action])
        self.recent_menu = menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        examples_menu = menu.addMenu(self.tr("&Examples"))
        for path in examples():
            examples_menu.addAction(example_title(path), lambda p=path: self.open_example(p))
        menu.addAction(self.open_run_action)
        menu.addSeparator()
        menu.addActions([self.save_action, self.save_as_action])
        menu.addSeparator()
        self.interop.add_to(menu)  # Export ▸ and Import Model (PyTorch or ONNX)…
        menu.addSeparator()
        menu.addAction(self.quit_action)

    # -- open -----------------------------------------------------------------------------
    def new_project(self) -> None:
        if not self.maybe_save():
            return
        graph = engine.Graph(
            [
                Node("in", "Input", {"shape": [10]}, (0.0, 0.0)),
                Node("out", "Output", {}, (460.0, 0.0)),
            ]
        )
        data = DataForm.defaults("synthetic", graph)  # the forms show these: the project holds them
        project = Project(graph, name="Untitled", data=data, training=SettingsForm.defaults())
        self.document.replace_project(project)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.document.path.parent) if self.document.path else ""
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open project"), start, self.tr(FILE_FILTER)
        )
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str, ask: bool = True) -> bool:
        """Open a project file (asking about unsaved changes first); errors go to a dialog."""
        if ask and not self.maybe_save():
            return False
        try:
            self.document.open(path)
        except LayerLabError as err:
            QMessageBox.warning(
                self.window, self.tr("Cannot open project"), translate_message(str(err))
            )
            return False
        self._remember(Path(path))
        return True

    def open_example(self, path: Path) -> None:
        """Open a bundled example as an untitled copy, so Save never overwrites it; its
        data paths point into the examples folder, so it trains from any directory."""
        if not self.maybe_save():
            return
        project = engine.load_project(path)
        project.path = None
        folder = path.resolve().parent  # its data lives next to it, whatever the cwd
        named = project.data_config
        for key, value in {**named.files, **named.folders}.items():
            if not Path(value).is_absolute():
                project.data[key] = str(folder / value)
        project.graph.move_nodes(layered_layout(project.graph))  # tidy for this canvas
        self.document.replace_project(project)

    def open_run_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document.path else ""
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Open run folder"), start)
        if folder:
            self.open_run(folder)

    def open_run(self, folder: str) -> bool:
        """Follow a run folder in the Training dock; errors go to a dialog."""
        try:
            open_run(self.training, folder)
        except LayerLabError as err:
            QMessageBox.warning(
                self.window, self.tr("Cannot open run"), translate_message(str(err))
            )
            return False
        self.show_training()
        return True

    # -- save -----------------------------------------------------------------------------
    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = self.document.path or Path(self.document.project.name + PROJECT_SUFFIX)
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save project"), str(suggested), self.tr(FILE_FILTER)
        )
        if not path:
            return False
        if not path.endswith(PROJECT_SUFFIX):
            path += PROJECT_SUFFIX
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Save as `path` (no dialog); an untitled project takes the file's name."""
        project = self.document.project
        untitled = project.name == "Untitled"
        if untitled:  # the file names what was never named
            project.name = path.stem
        try:
            self.document.save(path)
        except OSError as err:
            if untitled:
                project.name = "Untitled"
            QMessageBox.warning(
                self.window, self.tr("Cannot save"), f"{path}: {err.strerror or err}"
            )
            return False
        self._remember(path)
        self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=path), STATUS_MS)
        return True

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False means the user cancelled."""
        if not self.document.dirty:
            return True
        answer = QMessageBox.question(
            self.window,
            self.tr("Unsaved changes"),
            self.tr("Save changes to {name}?").format(name=self.document_name()),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- recent files ---------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        recent = [str(path.resolve())]
        recent += [p for p in self.recent() if p != recent[0]]
        self.settings.setValue("recent", recent[:MAX_RECENT])

    def recent(self) -> list[str]:
        """Recently opened or saved project files, newest first."""
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent():
            self.recent_menu.addAction(path, lambda p=path: self.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("No recent projects")).setEnabled(False)


def example_title(path: Path) -> str:
    """The name an example project gives itself (its file name if it cannot be read)."""
    try:
        return translate("examples", engine.load_project(path).name) or path.stem
    except LayerLabError:
        return path.stem.replace("_", " ").capitalize()
