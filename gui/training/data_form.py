"""The data form: source picker, the source's keys (from engine.choices.DATA), file
choosers, CSV column pickers, the validation split, and a preview of what the source
holds (first CSV rows, a few images per class, array shapes, the start of a text).

Every change is one undoable `document.set_settings("data", ...)`; the preview reads the
files directly (no torch), a few kilobytes at most.
"""

from __future__ import annotations

import copy
import csv
import itertools
import struct
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import choices
from engine.i18n import translate
from gui.document import Document
from gui.training.augment_form import AugmentForm
from gui.training.settings_form import SpecForm, label, shown_defaults

PATH_KEYS = ("path", "images", "labels")  # keys edited with a file chooser
PREVIEW_ROWS = 8
THUMBS_PER_CLASS = 4
FILTERS = {
    "csv": QT_TRANSLATE_NOOP("PathField", "CSV files (*.csv);;All files (*)"),
    "npz": QT_TRANSLATE_NOOP("PathField", "NumPy archives (*.npz);;All files (*)"),
    "text": QT_TRANSLATE_NOOP("PathField", "Text files (*.txt);;All files (*)"),
    "idx": QT_TRANSLATE_NOOP("PathField", "IDX files (*-ubyte *.idx *ubyte*);;All files (*)"),
}
FAST = Qt.TransformationMode.FastTransformation
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


class PathField(QWidget):
    """A line edit plus a Browse button; paths are stored relative to the project."""

    def __init__(self, form: DataForm, key: str) -> None:
        super().__init__()
        self.form, self.key = form, key
        self.edit = QLineEdit()
        self.edit.editingFinished.connect(lambda: form.set_key(key, self.edit.text().strip()))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(browse)

    def browse(self) -> None:
        source = self.form.data.get("source")
        start = str(self.form.resolve(self.edit.text()) or self.form.base_dir)
        if source == "images":
            path = QFileDialog.getExistingDirectory(
                self, self.tr("Image folder (one folder per class)")
            )
        else:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose {what}").format(what=label(self.key).lower()),
                start,
                self.tr(FILTERS.get(source, "")),
            )
        if path:
            self.form.set_key(self.key, self.form.relative(Path(path)))


class DataForm(QWidget):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.source = QComboBox()
        self.source.addItems(choices.SOURCES)
        self.source.setPlaceholderText(self.tr("Choose a data source"))
        self.source.currentTextChanged.connect(self._source_chosen)
        self.about = QLabel()
        self.about.setObjectName("help")
        self.about.setWordWrap(True)
        self.forms: dict[str, SpecForm] = {}
        self.paths: dict[tuple[str, str], PathField] = {}
        self.stack = QStackedWidget()
        for source, specs in choices.DATA.items():
            form = SpecForm([s for s in specs if s.name not in PATH_KEYS])
            form.changed.connect(self.set_key)
            for key in (s.name for s in specs if s.name in PATH_KEYS):
                field = PathField(self, key)
                self.paths[(source, key)] = field
                form.form.insertRow(0, label(key), field)
            self.forms[source] = form
            self.stack.addWidget(form)
        self.target = QComboBox()
        self.target.setPlaceholderText(self.tr("Choose the column to predict"))
        self.target.activated.connect(lambda: self.set_key("target", self.target.currentText()))
        self.features = QListWidget()
        self.features.setMaximumHeight(90)
        self.features.itemChanged.connect(self._features_changed)
        csv_form = self.forms["csv"].form
        csv_form.setRowVisible(self.forms["csv"].editors["target"], False)
        csv_form.insertRow(1, self.tr("Target column"), self.target)
        csv_form.insertRow(2, self.tr("Feature columns"), self.features)
        self.split = SpecForm([choices.SPLIT])
        self.split.changed.connect(self.set_key)
        self.augment = AugmentForm(document)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setMaximumHeight(220)
        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setIconSize(QSize(48, 48))
        self.thumbs.setMaximumHeight(220)

        top = QFormLayout()
        top.addRow(self.tr("Source"), self.source)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.about)
        layout.addWidget(self.stack)
        layout.addWidget(self.split)
        layout.addWidget(self.augment)
        layout.addWidget(QLabel(self.tr("<b>Preview</b>")))
        layout.addWidget(self.preview_note)
        layout.addWidget(self.table)
        layout.addWidget(self.thumbs)
        layout.addStretch()
        document.settingsChanged.connect(self.refresh)
        document.projectReplaced.connect(self.refresh)
        self.refresh()

    # -- paths ----------------------------------------------------------------------------
    @property
    def data(self) -> dict[str, Any]:
        return self.document.project.data

    @property
    def base_dir(self) -> Path:
        path = self.document.project.path
        return path.parent if path else Path.cwd()

    def resolve(self, text: str) -> Path | None:
        return self.base_dir / text if text else None

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.base_dir.resolve()).as_posix()
        except ValueError:
            return str(path)

    @staticmethod
    def defaults(source: str, graph: engine.Graph) -> dict[str, Any]:
        """A fresh `source` section holding every value the form shows for it; sizes the
        loader would take from the graph's Input (image size, text context) come from it."""
        hidden = [*PATH_KEYS, "target", *(["task"] if source == "synthetic" else [])]
        data = {"source": source, **shown_defaults(choices.DATA[source], hidden)}
        data["validation_split"] = choices.SPLIT.default
        inputs = engine.input_nodes(graph)
        shape = engine.infer_shapes(graph).output(inputs[0].id) if inputs else None
        if source == "images" and shape and len(shape) == 3 and shape[0] in (1, 3):
            data.update(channels=shape[0], size=shape[-1])
        if source == "text" and shape and len(shape) == 1:
            data["context"] = shape[0]
        return data

    # -- edits ----------------------------------------------------------------------------
    def set_key(self, key: str, value: Any) -> None:
        data = copy.deepcopy(self.data)
        if value is None or value == "" or (key == "task" and value == "auto"):
            if key not in data:
                return
            data.pop(key)
        elif data.get(key) == value:
            return
        else:
            data[key] = value
        if key == "target":
            data.pop("features", None)
        if key == "name" and value == "sequence":  # its task row appears: hold what it shows
            task = next(s for s in choices.DATA["synthetic"] if s.name == "task")
            data.setdefault("task", task.default)
        if key == "path" and data.get("source") == "csv":
            self._fill_target(data)
        self.document.set_settings(
            "data", data, self.tr("Set data {setting}").format(setting=label(key).lower())
        )

    def _fill_target(self, data: dict[str, Any]) -> None:
        """A CSV's target defaults to its last column, written with the path (one undo)."""
        try:
            columns = engine.describe_data(data, self.base_dir, {}).columns
        except (OSError, ValueError, engine.LayerLabError):
            return  # the preview says why the file cannot be read
        if columns and data.get("target") not in columns:
            data["target"] = columns[-1]
            data.pop("features", None)

    def _source_chosen(self, source: str) -> None:
        data = self.defaults(source, self.document.project.graph)
        for key in ("seed", "validation_split", "augment"):
            if key in self.data:
                data[key] = self.data[key]
        self.document.set_settings("data", data, self.tr("Use {source} data").format(source=source))

    def _features_changed(self) -> None:
        items = [self.features.item(i) for i in range(self.features.count())]
        chosen = [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]
        self.set_key("features", None if len(chosen) == len(items) else chosen)

    # -- view -----------------------------------------------------------------------------
    def refresh(self) -> None:
        data = self.data
        source = data.get("source")
        self.source.blockSignals(True)
        self.source.setCurrentIndex(self.source.findText(str(source)))  # -1: the placeholder
        self.source.blockSignals(False)
        form = self.forms.get(source)
        for widget in (self.stack, self.split, self.preview_note):
            widget.setVisible(form is not None)
        if form is None:
            self.table.hide()
            self.thumbs.hide()
            self.about.setText(self.tr("The project has no data yet: choose where it comes from."))
            return
        self.stack.setCurrentWidget(form)
        for page in self.forms.values():  # the stack is as tall as the page shown
            policy = QSizePolicy.Policy.Preferred if page is form else QSizePolicy.Policy.Ignored
            page.setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        form.set_values(data)
        for (src, key), field in self.paths.items():
            if src == source:
                field.edit.setText(str(data.get(key, "")))
        if source == "synthetic":
            form.set_row_visible("task", data.get("name") == "sequence")
            self.about.setText(
                translate("settings", choices.SYNTHETIC.get(data.get("name", "blobs"), ""))
            )
        else:
            self.about.setText(self.tr("Paths are relative to the project file."))
        self.split.set_values(data)
        self._preview(source, data)

    def _preview(self, source: str, data: dict[str, Any]) -> None:
        self.table.hide()
        self.thumbs.hide()
        note = ""
        path = self.resolve(str(data.get("path", data.get("images", ""))))
        try:
            if source == "synthetic":
                note = self.tr("Generated when training starts (seeded).")
            elif path is None:
                note = self.tr("Choose a file.")
            elif source == "csv":
                note = self._preview_csv(path, data)
            elif source == "images":
                note = self._preview_images(path)
            elif source == "npz":
                note = _npz_note(path)
            elif source == "idx":
                labels = self.resolve(str(data.get("labels", "")))
                note = "\n".join(_idx_note(p) for p in (path, labels) if p is not None)
            elif source == "text":
                with path.open(encoding="utf-8", errors="replace") as handle:
                    note = f"{path.name}: {handle.read(300)!r}…"
        except OSError as err:
            note = f"{path}: {err.strerror or err}"
        except (ValueError, csv.Error, struct.error) as err:
            note = self.tr("{file}: cannot read ({error})").format(file=path, error=err)
        self.preview_note.setText(note)

    def _preview_csv(self, path: Path, data: dict[str, Any]) -> str:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(itertools.islice(csv.reader(handle), PREVIEW_ROWS + 1))
        if not rows:
            return self.tr("{file} is empty").format(file=path.name)
        header, body = rows[0], rows[1:]
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(body))
        self.table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(body):
            for c, cell in enumerate(row[: len(header)]):
                self.table.setItem(r, c, QTableWidgetItem(cell))
        self.table.show()
        target = data.get("target")
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItems(header)
        self.target.setCurrentIndex(header.index(target) if target in header else -1)
        self.target.blockSignals(False)
        chosen = set(data.get("features") or [h for h in header if h != target])
        self.features.blockSignals(True)
        self.features.clear()
        for name in header:
            if name != target:
                item = QListWidgetItem(name)
                checked = Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked
                item.setCheckState(checked)
                self.features.addItem(item)
        self.features.blockSignals(False)
        if "target" not in data:
            return self.tr("First rows of {file}. Pick the target column (now: none set).").format(
                file=path.name
            )
        return self.tr("First rows of {file}; predicting '{target}'.").format(
            file=path.name, target=target
        )

    def _preview_images(self, root: Path) -> str:
        classes = sorted(p for p in root.iterdir() if p.is_dir())
        self.thumbs.clear()
        for folder in classes:
            files = sorted(f for f in folder.iterdir() if f.suffix.lower() in IMAGE_SUFFIXES)
            for file in files[:THUMBS_PER_CLASS]:
                pixmap = QPixmap(str(file)).scaled(48, 48, Qt.AspectRatioMode.KeepAspectRatio, FAST)
                self.thumbs.addItem(QListWidgetItem(QIcon(pixmap), folder.name))
        self.thumbs.setVisible(bool(classes))
        names = ", ".join(c.name for c in classes)
        if not classes:
            return self.tr("{folder}: no class folders").format(folder=root)
        return self.tr("{n} classes: {names}").format(n=len(classes), names=names)


def _npz_note(path: Path) -> str:
    import numpy as np

    with np.load(path, allow_pickle=False) as archive:
        arrays = [f"{k} {archive[k].shape} {archive[k].dtype}" for k in archive.files]
    return f"{path.name}: " + "; ".join(arrays)


def _idx_note(path: Path) -> str:
    """The header of an IDX file: element type and dimensions."""
    with path.open("rb") as handle:
        _, _, kind, ndim = struct.unpack(">BBBB", handle.read(4))
        dims = struct.unpack(f">{ndim}I", handle.read(4 * ndim))
    return f"{path.name}: {' x '.join(map(str, dims))} (type 0x{kind:02x})"
