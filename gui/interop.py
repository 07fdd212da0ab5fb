"""File > Export (PyTorch code, ONNX) and File > Import Model (PyTorch or ONNX)….

Both run on a thread-pool thread (the ONNX exporter takes seconds, an import runs the
user's code and traces it) while the status bar shows a busy bar, one job at a time. The
outcome comes back as a message: the parity figure the engine measured, or the engine's
error text (the list of unsupported operations for an import), never a traceback.

An export with no trained model for the graph on the canvas (a project just reopened) does
not quietly write fresh weights: it offers the weights files of the project's folder that
fit the graph, a file of the user's choice, or says plainly that the weights are untrained.
Both dialogs open in the project's folder.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QObject,
    QRegularExpression,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import Graph, LayerLabError, Project
from engine.i18n import translate_message
from engine.project import graph_from_dict

if TYPE_CHECKING:
    from PySide6.QtCore import QTemporaryDir

    from gui.document import Document

FORMATS = {
    "python": (
        QT_TRANSLATE_NOOP("Interop", "PyTorch code"),
        ".py",
        QT_TRANSLATE_NOOP("Interop", "Python files (*.py)"),
    ),
    "onnx": ("ONNX", ".onnx", QT_TRANSLATE_NOOP("Interop", "ONNX models (*.onnx)")),
}
EXPORT_ENTRIES = {  # File > Export ▸, one entry per format
    "python": QT_TRANSLATE_NOOP("Interop", "PyTorch code (.py)…"),
    "onnx": QT_TRANSLATE_NOOP("Interop", "ONNX (.onnx)…"),
}
# Nominal bases of a model class; a class deriving from one found in the same file counts too.
MODULE_BASES = frozenset({"Module", "Sequential"})
SHAPE = r"\s*[1-9]\d*(\s*,\s*[1-9]\d*)*\s*"
SHAPES = QRegularExpression(rf"^{SHAPE}(;{SHAPE})*$")
STATUS_MS = 8000
WEIGHTS_FILTER = QT_TRANSLATE_NOOP("Interop", "Weights (*.safetensors)")
MAX_CANDIDATES = 64  # weights files of a folder looked into for one that fits the graph


def module_classes(source: str) -> list[str]:
    """Top-level classes in `source` that derive from nn.Module (directly, through
    nn.Sequential, or through another such class in the file), found without running it.
    Raises SyntaxError for a file Python cannot parse."""
    found: list[str] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            bases = {_last_name(base) for base in node.bases}
            if bases & MODULE_BASES or bases & set(found):
                found.append(node.name)
    return found


def _last_name(expr: ast.expr) -> str:
    """`nn.Module` -> "Module", `Module` -> "Module", anything else -> ""."""
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return expr.id if isinstance(expr, ast.Name) else ""


def parse_shapes(text: str) -> list[list[int]]:
    """ "3,32,32; 10" -> [[3, 32, 32], [10]]: one shape per forward input, no batch."""
    return [[int(d) for d in part.split(",")] for part in text.split(";")]


def _structure(graph: Graph) -> tuple[dict[str, Any], list[engine.Edge]]:
    """What a built model depends on: node types, params and wiring, not positions."""
    return {n.id: (n.type, n.params) for n in graph}, sorted(graph.edges)


def fitting_weights(folder: Path, graph: Graph) -> list[Path]:
    """Weights files in `folder` whose embedded graph is `graph` (newest first): only
    their headers are read."""
    want = _structure(graph)
    found = []
    try:
        files = sorted(folder.glob("*.safetensors"), key=lambda p: -p.stat().st_mtime)
    except OSError:
        return []
    for path in files[:MAX_CANDIDATES]:
        try:
            meta = engine.read_metadata(path)
            if "graph" in meta and _structure(graph_from_dict(meta["graph"])) == want:
                found.append(path)
        except (LayerLabError, OSError, ValueError, TypeError):
            continue
    return found


class Weights(Protocol):
    """Where trained weights live (the Training dock): exports take its model when it fits
    the graph; imported and chosen weights are loaded into it."""

    model: Any  # a GraphModule, or None before any training
    meta: dict[str, Any]  # its weights metadata (labels, normalisation, ...)
    session_dir: QTemporaryDir

    def load_weights(self, path: Path) -> str | None: ...


class _Signals(QObject):
    finished = Signal(object, str)  # the job's result, and the error text ("" when it worked)


class _Job(QRunnable):
    """Runs `work` on a pool thread and reports back through a signal to the GUI thread."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()  # auto-deleted by the pool, so closing the window mid-job is safe
        self.work = work
        self.signals = _Signals()  # created on the GUI thread, so its slots run there

    def run(self) -> None:
        try:
            result, error = self.work(), ""
        except LayerLabError as err:
            result, error = None, str(err)
        except Exception as err:  # the user's module or torch may raise anything: say it
            result, error = None, f"{type(err).__name__}: {err}"
        self.signals.finished.emit(result, error)


class ImportDialog(QDialog):
    """Which class of the file to import and its input shapes; says that the file's code
    will run, and only then offers to run it."""

    def __init__(self, path: Path, classes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import PyTorch Module from {file}").format(file=path.name))
        self.setMinimumWidth(460)
        self.class_box = QComboBox()
        self.class_box.setEditable(True)  # a class the scan missed can still be typed
        self.class_box.addItems(classes)
        self.class_box.setCurrentIndex(len(classes) - 1)  # the model usually comes last
        self.shapes_edit = QLineEdit()
        self.shapes_edit.setPlaceholderText(self.tr("one sample, no batch: 10 or 3,32,32"))
        self.shapes_edit.setValidator(QRegularExpressionValidator(SHAPES, self.shapes_edit))
        self.shapes_edit.setToolTip(
            self.tr(
                "The shape of one sample, without the batch dimension: 10 for ten features, "
                "3,32,32 for a colour image. Several forward inputs: separate them with ;"
            )
        )
        warning = QLabel(
            self.tr(
                "Importing runs the code in {file} (it is imported and the class is "
                "created and called). Only import files you trust."
            ).format(file=path.name)
        )
        warning.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Run and Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Class:"), self.class_box)
        form.addRow(self.tr("Input shape:"), self.shapes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self.buttons)
        self.class_box.currentTextChanged.connect(self._update_ok)
        self.shapes_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def class_name(self) -> str:
        return self.class_box.currentText().strip()

    def shapes(self) -> list[list[int]]:
        return parse_shapes(self.shapes_edit.text())

    def _update_ok(self) -> None:
        self.ok.setEnabled(
            self.class_name().isidentifier() and self.shapes_edit.hasAcceptableInput()
        )


class Interop(QObject):
    """The File menu's Export and Import entries for `document`: dialogs open over
    `parent`, short news goes to `status` (text, milliseconds), trained weights come from
    and go to `weights`; `may_replace` asks about unsaved changes before an import
    replaces the project (False: the user cancelled). `status_widgets` show a busy bar
    while a job runs; the window puts them in its status bar."""

    finished = Signal()  # after a job's outcome is shown

    def __init__(
        self,
        document: Document,
        parent: QWidget,
        status: Callable[[str, int], None],
        weights: Weights,
        may_replace: Callable[[], bool],
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.parent_widget = parent
        self.status = status
        self.weights = weights
        self.may_replace = may_replace
        self.message: QMessageBox | None = None  # the last outcome shown
        self.offer: QMessageBox | None = None  # "which weights?" while it is open
        self.dialog: ImportDialog | None = None
        self._running = False
        self._done: Callable[[Any], None] = lambda result: None
        self._failure_title = ""
        self.export_actions = {
            fmt: self._action(self.tr(text), lambda _=False, f=fmt: self.export(f))
            for fmt, text in EXPORT_ENTRIES.items()
        }
        self.import_action = self._action(
            self.tr("&Import Model (PyTorch or ONNX)…"), lambda: self.import_file()
        )
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the engine reports no progress
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy_label = QLabel()
        self.status_widgets = (self.busy_label, self.busy)

    def _action(self, text: str, slot: Callable[..., None]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def add_to(self, menu: QMenu) -> None:
        """Export ▸ (PyTorch code, ONNX) and Import Model (PyTorch or ONNX)… in `menu`."""
        menu.addMenu(self.tr("E&xport")).addActions(list(self.export_actions.values()))
        menu.addAction(self.import_action)

    @property
    def busy_now(self) -> bool:
        return self._running

    # -- export ---------------------------------------------------------------------------
    def export(self, format: str, path: str | Path | None = None) -> None:
        """Export the model as `format` ("python" or "onnx") to `path` (asked for when
        None): with the Training dock's weights when they belong to the graph on the canvas,
        else untrained. The exported Python code gets its weights file next to it."""
        if path is None:
            if self._trained_model()[0] is None and not self._offer_weights():
                return
            path = self._ask_export_path(format)
            if path is None:
                return
        path = Path(path)
        model, meta = self._trained_model()
        source = model if model is not None else self.document.project.graph.copy()
        note = (
            self.tr("Untrained weights: the graph changed since the last training run.")
            if self.weights.model is not None
            else self.tr("Untrained weights: there is no trained model yet (train with F5 first).")
        )

        def work() -> str:
            report = engine.export_model(source, path, format)
            lines = [
                self.tr("Wrote {file} ({format}).").format(
                    file=report.path, format=self.tr(FORMATS[format][0])
                ),
                self.tr(
                    "Largest difference vs LayerLab: {diff} (tolerance {tolerance}) "
                    "on {n} random samples."
                ).format(
                    diff=f"{report.max_abs_diff:.2g}",
                    tolerance=f"{report.tolerance:.0e}",
                    n=report.batch_size,
                ),
            ]
            if model is None:
                lines.append(note)
            elif format == "python":
                weights = path.with_suffix(".safetensors")
                engine.save_weights(model, weights, **meta)
                lines += [
                    self.tr("With the trained weights, written next to it as {file}:").format(
                        file=weights.name
                    ),
                    f'    Model().load_weights("{weights.name}")',
                ]
            else:
                lines.append(self.tr("With the trained weights (inside the file)."))
            return "\n".join(lines)

        self._start(
            self.tr("Exporting {file}…").format(file=path.name),
            work,
            self._exported,
            self.tr("Export failed"),
        )

    def _offer_weights(self) -> bool:
        """No trained model fits the graph: offer weights to export with. True to go on
        (with the weights loaded into the Training dock, or knowingly untrained)."""
        folder = self._folder()
        graph = self.document.project.graph
        found = fitting_weights(folder, graph)
        box = self.offer = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Export with which weights?"),
            self.tr(
                "No model trained in this session fits this graph, so the export would carry "
                "fresh, untrained weights."
            ),
            QMessageBox.StandardButton.Cancel,
            self.parent_widget,
        )
        use = None
        if found:
            box.setInformativeText(
                self.tr("{file} in the project's folder fits this graph.").format(
                    file=found[0].name
                )
            )
            use = box.addButton(
                self.tr("Use {file}").format(file=found[0].name), QMessageBox.ButtonRole.AcceptRole
            )
        choose = box.addButton(self.tr("Choose Weights…"), QMessageBox.ButtonRole.ActionRole)
        fresh = box.addButton(self.tr("Export Untrained"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(use or choose)
        box.exec()
        clicked, self.offer = box.clickedButton(), None
        if clicked is fresh:
            return True
        if clicked is use:
            weights = found[0]
        elif clicked is choose:
            chosen, _ = QFileDialog.getOpenFileName(
                self.parent_widget,
                self.tr("Weights to export with"),
                str(folder),
                self.tr(WEIGHTS_FILTER),
            )
            if not chosen:
                return False
            weights = Path(chosen)
        else:
            return False
        error = self.weights.load_weights(weights)
        if error:
            self._show(QMessageBox.Icon.Warning, self.tr("Cannot use these weights"), error)
            return False
        return True

    def _folder(self) -> Path:
        """Where the file dialogs open: the project's folder (home for a new project)."""
        project = self.document.project
        return project.path.parent if project.path else Path.home()

    def _ask_export_path(self, format: str) -> Path | None:
        name, suffix, file_filter = FORMATS[format]
        project = self.document.project
        folder = self._folder()
        stem = re.sub(r"\W+", "_", project.name).strip("_").lower() or "model"  # importable
        suggested = str(folder / f"{stem}{suffix}")
        path, _ = QFileDialog.getSaveFileName(
            self.parent_widget,
            self.tr("Export {format}").format(format=self.tr(name)),
            suggested,
            self.tr(file_filter),
        )
        if not path:
            return None
        return Path(path if path.endswith(suffix) else path + suffix)

    def _trained_model(self) -> tuple[Any, dict[str, Any]]:
        """The Training dock's model and its weights metadata when it was built from the
        graph now on the canvas; (None, {}) otherwise."""
        model, graph = self.weights.model, self.document.project.graph
        if model is None or _structure(model.graph) != _structure(graph):
            return None, {}
        return model, dict(self.weights.meta)

    def _exported(self, text: str) -> None:
        self._show(QMessageBox.Icon.Information, self.tr("Exported"), text)

    # -- import ---------------------------------------------------------------------------
    def import_file(self, path: str | Path | None = None) -> None:
        """Ask for a .py or .onnx file (unless given). An ONNX file imports at once (it has
        its shapes); a .py file is scanned for nn.Module classes without running it, then
        the user picks the class and input shapes; Run and Import starts the import."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.parent_widget,
                self.tr("Import PyTorch module or ONNX model"),
                str(self._folder()),
                self.tr("Models (*.py *.onnx);;Python files (*.py);;ONNX files (*.onnx)"),
            )
            if not chosen:
                return
            path = chosen
        path = Path(path)
        if path.suffix.lower() == ".onnx":
            work = lambda: engine.import_file(path)  # noqa: E731
            self._start(
                self.tr("Importing {file}…").format(file=path.name),
                work,
                self._imported,
                self.tr("Cannot import"),
            )
            return
        try:
            classes = module_classes(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            self._show(
                QMessageBox.Icon.Warning,
                self.tr("Cannot import"),
                self.tr("{file}: cannot read: {error}").format(file=path, error=err),
            )
            return
        except SyntaxError as err:
            text = self.tr("{file}:{line}: not valid Python: {error}").format(
                file=path.name, line=err.lineno, error=err.msg
            )
            self._show(QMessageBox.Icon.Warning, self.tr("Cannot import"), text)
            return
        self.dialog = dialog = ImportDialog(path, classes, self.parent_widget)
        dialog.accepted.connect(
            lambda: self.start_import(path, dialog.class_name(), dialog.shapes())
        )
        dialog.open()

    def start_import(self, path: str | Path, class_name: str, shapes: list[list[int]]) -> None:
        """Run `class_name` of the file at `path` and import it (this runs the file's code);
        the graph opens as a new, unsaved project, or the reasons why not are shown."""
        path = Path(path)

        def work() -> tuple[str, Any]:
            return engine.import_file(path, class_name, shapes)

        self._start(
            self.tr("Importing {name}…").format(name=class_name),
            work,
            self._imported,
            self.tr("Cannot import"),
        )

    def _imported(self, outcome: tuple[str, Any]) -> None:
        name, result = outcome
        if not self.may_replace():
            self.status(self.tr("Import of {name} cancelled.").format(name=name), STATUS_MS)
            return
        self.document.replace_project(Project(result.graph, name=name), dirty=True)
        # The imported weights go to the Training dock: ready to export, try or save.
        weights = Path(self.weights.session_dir.path()) / f"imported-{name}.safetensors"
        result.save_weights(weights)
        error = self.weights.load_weights(weights)
        news = self.tr(
            "Imported {name} with its weights: {n} nodes; largest difference "
            "vs the original: {diff}."
        ).format(name=name, n=len(result.graph), diff=f"{result.max_abs_diff:.2g}") + (
            self.tr(" (weights not loaded: {error})").format(error=error) if error else ""
        )
        self.status(news, STATUS_MS)
        if result.notes:  # what the graph does differently (tied weights): not transient
            notes = "\n".join(f"• {translate_message(note)}" for note in result.notes)
            self._show(
                QMessageBox.Icon.Information,
                self.tr("Imported {name}").format(name=name),
                f"{news}\n\n{notes}",
            )

    # -- jobs -----------------------------------------------------------------------------
    def _start(
        self, label: str, work: Callable[[], Any], done: Callable[[Any], None], failure: str
    ) -> None:
        if self._running:
            self.status(self.tr("Wait for the running export or import."), STATUS_MS)
            return
        job = _Job(work)
        job.signals.finished.connect(self._finished)
        self._done, self._failure_title = done, failure
        self._set_busy(label)
        QThreadPool.globalInstance().start(job)

    @Slot(object, str)
    def _finished(self, result: Any, error: str) -> None:
        self._set_busy("")
        if error:
            self._show(QMessageBox.Icon.Warning, self._failure_title, translate_message(error))
        else:
            self._done(result)
        self.finished.emit()

    def _set_busy(self, label: str) -> None:
        self._running = bool(label)
        self.busy_label.setText(label)
        self.busy_label.setVisible(bool(label))
        self.busy.setVisible(bool(label))
        for action in (*self.export_actions.values(), self.import_action):
            action.setEnabled(not label)

    def _show(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        """A window-modal message that does not block the caller (tests read `message`)."""
        self.message = QMessageBox(
            icon, title, text, QMessageBox.StandardButton.Ok, self.parent_widget
        )
        self.message.open()
