"""The Data form's augmentation section: a check box per step of the data section's
`augment` list (settings from engine.choices.AUGMENTATIONS) and a live grid of a few
samples as stored and as training batches see them.

Every change is one undoable `document.set_settings("data", ...)`. A step switched on is
written with all its defaults, so the file says what the form shows. The preview needs
torch, so it is drawn only while the section is on screen, a moment after the last edit.
"""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import choices
from gui.document import Document
from gui.training.settings_form import SpecForm, label

TILE = 56  # largest preview tile; images are magnified by a whole factor (sharp pixels)
DRAWS = 5  # augmented versions per sample
SAMPLES = 4
DELAY_MS = 150
TITLES = {
    "hflip": QT_TRANSLATE_NOOP("AugmentForm", "Horizontal flip"),
    "vflip": QT_TRANSLATE_NOOP("AugmentForm", "Vertical flip"),
    "color_jitter": QT_TRANSLATE_NOOP("AugmentForm", "Colour jitter"),
}


def steps_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The augment list as dicts ("hflip" becomes {"type": "hflip"})."""
    items = data.get("augment")
    if not isinstance(items, list):
        return []
    return [
        {"type": i} if isinstance(i, str) else dict(i) for i in items if isinstance(i, str | dict)
    ]


class AugmentForm(QWidget):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.boxes: dict[str, QCheckBox] = {}
        self.forms: dict[str, SpecForm] = {}
        self.seed = 0
        self._dirty = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("<b>Augmentation</b> (training batches only)")))
        for name, specs in choices.AUGMENTATIONS.items():
            check = QCheckBox(self.tr(TITLES[name]) if name in TITLES else label(name))
            check.setObjectName(f"augment-{name}")
            check.toggled.connect(partial(self._toggled, name))
            form = SpecForm(specs)
            form.setContentsMargins(22, 0, 0, 4)  # indented under its check box
            form.changed.connect(partial(self._set_param, name))
            self.boxes[name], self.forms[name] = check, form
            layout.addWidget(check)
            layout.addWidget(form)
        head = QHBoxLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.redraw = QPushButton(self.tr("New draw"))
        self.redraw.setToolTip(self.tr("Show other random draws of the same settings"))
        self.redraw.clicked.connect(self._new_draw)
        head.addWidget(self.note, 1)
        head.addWidget(self.redraw)
        layout.addLayout(head)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(3)
        self.grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid_host, 0, Qt.AlignmentFlag.AlignLeft)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.update_preview)
        document.settingsChanged.connect(self.refresh)
        document.projectReplaced.connect(self.refresh)
        self.refresh()

    # -- edits ----------------------------------------------------------------------------
    def _write(self, steps: list[dict[str, Any]], text: str) -> None:
        data = copy.deepcopy(self.document.project.data)
        if steps:
            data["augment"] = steps
        else:
            data.pop("augment", None)
        self.document.set_settings("data", data, text)

    def _toggled(self, name: str, on: bool) -> None:
        steps = steps_of(self.document.project.data)
        present = [s for s in steps if s.get("type") == name]
        if on and not present:
            step = {"type": name, **{s.name: s.default for s in choices.AUGMENTATIONS[name]}}
            step = {k: v for k, v in step.items() if v is not None}
            before_normalize = bool(steps) and steps[-1].get("type") == "normalize"
            at = len(steps) - 1 if before_normalize and name != "normalize" else len(steps)
            steps.insert(at, step)
            self._write(steps, self.tr("Augment: {name}").format(name=label(name).lower()))
        elif not on and present:
            self._write(
                [s for s in steps if s.get("type") != name],
                self.tr("No {name}").format(name=label(name).lower()),
            )

    def _set_param(self, name: str, key: str, value: Any) -> None:
        steps = steps_of(self.document.project.data)
        for step in steps:
            if step.get("type") == name and step.get(key) != value:
                if value is None:
                    step.pop(key, None)
                else:
                    step[key] = value
                self._write(
                    steps,
                    self.tr("Set {step} {setting}").format(
                        step=label(name).lower(), setting=label(key).lower()
                    ),
                )
                return

    def _new_draw(self) -> None:
        self.seed += 1
        self.update_preview()

    # -- view -----------------------------------------------------------------------------
    def refresh(self) -> None:
        steps = {s.get("type"): s for s in steps_of(self.document.project.data)}
        images = self._image_input()
        for name, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(name in steps)
            box.blockSignals(False)
            shown = images or name not in choices.IMAGE_AUGMENTATIONS or name in steps
            box.setVisible(shown)
            self.forms[name].set_values(steps.get(name, {}))
            self.forms[name].setVisible(shown and name in steps)
        self._dirty = True
        if self.isVisible():
            self.timer.start()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self.timer.start()

    def _image_input(self) -> bool:
        """True when the model's Input takes images (channels, height, width)."""
        graph = self.document.project.graph
        inputs = engine.input_nodes(graph)
        if not inputs:
            return True
        shape = engine.infer_shapes(graph).output(inputs[0].id)
        return shape is None or len(shape) == 3

    def update_preview(self) -> None:
        """Redraw the grid: each row one sample, as stored, then DRAWS training draws."""
        self._dirty = False
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        project = self.document.project
        if not steps_of(project.data):
            self.note.setText(self.tr("No augmentation: training sees the samples as stored."))
            self.redraw.hide()
            return
        base = project.path.parent if project.path else Path.cwd()
        try:
            preview = engine.augment_preview(
                project.data, base, project.graph, SAMPLES, DRAWS, self.seed
            )
        except engine.LayerLabError as err:
            self.note.setText(self.tr("No preview: {error}").format(error=err))
            self.redraw.hide()
            return
        if preview is None:
            self.note.setText(
                self.tr("Gaussian noise is added to the features of each training batch.")
            )
            self.redraw.hide()
            return
        self.redraw.show()
        self.note.setText(
            self.tr("Left: as stored. Right: {n} random training versions.").format(n=DRAWS)
        )
        for row, (tiles, name) in enumerate(zip(preview.tiles, preview.labels, strict=True)):
            for column, tile in enumerate(tiles):
                cell = QLabel()
                cell.setPixmap(_pixmap(tile))
                drawn = self.tr("{name}, training draw {n}").format(name=name, n=column)
                cell.setToolTip(name if column == 0 else drawn)
                self.grid.addWidget(cell, row, column)


def _pixmap(tile: Any) -> QPixmap:
    """A uint8 (H, W, C) tile as a pixmap magnified by a whole factor up to TILE."""
    height, width, channels = tile.shape
    fmt = QImage.Format.Format_RGB888 if channels == 3 else QImage.Format.Format_Grayscale8
    data = tile.copy(order="C").tobytes()
    image = QImage(data, width, height, width * channels, fmt).copy()
    factor = max(1, TILE // max(height, width))
    return QPixmap.fromImage(image).scaled(
        width * factor,
        height * factor,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )
