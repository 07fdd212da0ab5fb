"""The data form: source picker, the source's keys, file choosers, CSV column pickers,
the validation split, and a preview of what the source holds.

Sources, their keys, file filters and previews come from the engine's registry
(engine.data_sources); the form draws the engine's `Preview` (first rows, thumbnails, a
note) and never reads a data file itself. Every change is one undoable
`document.set_settings("data", ...)`.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
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
from engine.i18n import translate, translate_message
from gui.document import Document
from gui.form_boxes import FormComboBox
from gui.training.augment_form import AugmentForm
from gui.training.settings_form import SpecForm, label, shown_defaults

THUMB_SIZE = 48


def path_keys(source: engine.DataSource) -> tuple[str, ...]:
    """The keys edited with a file or folder chooser."""
    return source.files + source.folders


def thumbnail_icon(pixels: Any) -> QIcon:
    """A uint8 (height, width, 1 or 3) array as an icon (QImage copies the pixels)."""
    height, width, channels = pixels.shape
    fmt = QImage.Format.Format_Grayscale8 if channels == 1 else QImage.Format.Format_RGB888
    image = QImage(pixels.tobytes(), width, height, width * channels, fmt).copy()
    return QIcon(QPixmap.fromImage(image))


class PathField(QWidget):
    """A line edit plus a Browse button; paths are stored relative to the project."""

    def __init__(self, form: DataForm, source: engine.DataSource, key: str) -> None:
        super().__init__()
        self.form, self.source, self.key = form, source, key
        self.edit = QLineEdit()
        self.edit.editingFinished.connect(lambda: form.set_key(key, self.edit.text().strip()))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(browse)

    @property
    def wants_folder(self) -> bool:
        return self.key in self.source.folders

    def browse(self) -> None:
        start = str(self.form.resolve(self.edit.text()) or self.form.base_dir)
        what = label(self.key).lower()
        title = self.tr("Choose {what}").format(what=what)
        if self.wants_folder:
            path = QFileDialog.getExistingDirectory(self, title, start)
        else:
            path, _ = QFileDialog.getOpenFileName(self, title, start, self.source.file_filter)
        if path:
            self.form.set_key(self.key, self.form.relative(Path(path)))


class DataForm(QWidget):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.sources = {source.name: source for source in engine.data_sources()}
        self.source = FormComboBox()
        self.source.addItems(list(self.sources))
        self.source.setPlaceholderText(self.tr("Choose a data source"))
        self.source.currentTextChanged.connect(self._source_chosen)
        self.about = QLabel()
        self.about.setObjectName("help")
        self.about.setWordWrap(True)
        self.forms: dict[str, SpecForm] = {}
        self.paths: dict[tuple[str, str], PathField] = {}
        self.stack = QStackedWidget()
        for name, source in self.sources.items():
            keys = path_keys(source)
            form = SpecForm([s for s in source.params if s.name not in keys])
            form.changed.connect(self.set_key)
            for key in reversed(keys):
                field = PathField(self, source, key)
                self.paths[(name, key)] = field
                form.form.insertRow(0, label(key), field)
            self.forms[name] = form
            self.stack.addWidget(form)
        self.target = FormComboBox()
        self.target.setPlaceholderText(self.tr("Choose the column to predict"))
        self.target.activated.connect(lambda: self.set_key("target", self.target.currentText()))
        self.features = QListWidget()
        self.features.setMaximumHeight(90)
        self.features.itemChanged.connect(self._features_changed)
        if "csv" in self.forms:  # a table's columns are picked from its preview
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
        self.thumbs.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
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
        entry = engine.get_source(source)
        hidden = [*path_keys(entry), "target", *(["task"] if source == "synthetic" else [])]
        data = {"source": source, **shown_defaults(entry.params, hidden)}
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
            task = next(s for s in self.sources["synthetic"].params if s.name == "task")
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
            self.about.setText(translate_message(self.sources[source].about))
        self.split.set_values(data)
        self._preview(data)

    def _preview(self, data: dict[str, Any]) -> None:
        """Draw the engine's Preview of the section: a note, the first rows of a table,
        thumbnails; a table's columns fill the target and feature pickers."""
        try:
            preview = engine.preview_data(data, self.base_dir, self.document.project.graph)
        except engine.LayerLabError as err:  # a section the schema refuses
            preview = engine.Preview(str(err))
        self.preview_note.setText(translate_message(preview.note))
        self.table.setVisible(bool(preview.columns))
        if preview.columns:
            self._show_table(preview)
            self._fill_columns(list(preview.columns), data)
        self.thumbs.clear()
        for thumb in preview.thumbnails:
            self.thumbs.addItem(QListWidgetItem(thumbnail_icon(thumb.pixels), thumb.label))
        self.thumbs.setVisible(bool(preview.thumbnails))

    def _show_table(self, preview: engine.Preview) -> None:
        header = list(preview.columns)
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(preview.head))
        self.table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(preview.head):
            for c, cell in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(cell))

    def _fill_columns(self, header: list[str], data: dict[str, Any]) -> None:
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
