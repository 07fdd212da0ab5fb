"""After training: the confusion matrix of a classifier and a "try it" box that runs the
model on a validation row, typed values or an image file the user picks.

Predictions go through engine.predict.Predictor on a weights file (the run's, saved to a
session folder on first use, or the one loaded), so they are standardised and labelled
exactly as `layerlab predict` would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from engine import LayerLabError
from gui import theme

CONFUSION_HINT = QT_TRANSLATE_NOOP(
    "ConfusionView", "Train a classifier to see which classes it confuses."
)
NOT_READY = QT_TRANSLATE_NOOP("TryIt", "Train or load weights first.")
IMAGE_FILTER = QT_TRANSLATE_NOOP(
    "TryIt", "Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff)"
)


class ConfusionView(QGroupBox):
    """Counts of true (rows) against predicted (columns) classes, shaded by share."""

    def __init__(self) -> None:
        super().__init__(self.tr("Confusion matrix (validation rows)"))
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(self.tr(CONFUSION_HINT))
        self.note.setObjectName("help")
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        self.table.hide()
        self._shown: tuple[list[list[int]], list[str] | None] | None = None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._shown:  # theme switched
            self.show_counts(*self._shown)

    def reset(self) -> None:
        self.table.clear()
        self.table.setRowCount(0)
        self.table.hide()
        self.note.setText(self.tr(CONFUSION_HINT))

    def show_counts(self, counts: list[list[int]] | None, labels: list[str] | None) -> None:
        self._shown = (counts, labels) if counts else None
        self.table.setVisible(bool(counts))
        if not counts:
            self.note.setText(self.tr("No confusion matrix: the last run was not a classifier."))
            return
        n = len(counts)
        names = (labels or [])[:n] + [str(i) for i in range(len(labels or []), n)]
        self.table.setRowCount(n)
        self.table.setColumnCount(n)
        self.table.setHorizontalHeaderLabels(
            [self.tr("pred {label}").format(label=x) for x in names]
        )
        self.table.setVerticalHeaderLabels([self.tr("true {label}").format(label=x) for x in names])
        total = sum(map(sum, counts)) or 1
        correct = sum(counts[i][i] for i in range(n))
        self.note.setText(
            self.tr("{correct} of {total} right ({share}).").format(
                correct=correct, total=total, share=f"{correct / total:.1%}"
            )
        )
        for r, row in enumerate(counts):
            row_total = sum(row) or 1
            for c, count in enumerate(row):
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                background, text = cell_colours(count / row_total, r == c)
                item.setBackground(background)
                item.setForeground(text)
                self.table.setItem(r, c, item)

    def counts(self) -> list[list[int]]:
        t = self.table
        return [
            [int(t.item(r, c).text()) for c in range(t.columnCount())] for r in range(t.rowCount())
        ]


def cell_colours(share: float, diagonal: bool) -> tuple[QColor, QColor]:
    """A cell's shade (green on the diagonal, red off it, deeper for a larger share of the
    row) and its text colour, in the current theme: pale cells with dark text in the
    light theme, dim cells with light text in the dark one."""
    hue = 120 if diagonal else 0
    if theme.current() is theme.DARK:
        return QColor.fromHsv(hue, int(40 + 130 * share), int(48 + 80 * share)), QColor("#eef")
    return QColor.fromHsv(hue, int(40 + 160 * share), 245), QColor("#111")


class TryIt(QGroupBox):
    """Run the trained model on one sample and show what it predicts."""

    def __init__(self) -> None:
        super().__init__(self.tr("Try it"))
        self.predictor: Any = None  # engine.predict.Predictor
        self.dataset: Any = None  # engine.Dataset of the last run (rows to pick)
        self.last: Any = None  # the last engine.predict.Prediction shown
        self.row = QSpinBox()
        self.row_button = QPushButton(self.tr("Predict row"))
        self.row_button.clicked.connect(self.predict_row)
        self.values = QLineEdit()
        self.values.returnPressed.connect(self.predict_values)
        self.image_button = QPushButton(self.tr("Predict an image…"))
        self.image_button.clicked.connect(self.pick_image)
        self.output = QLabel(self.tr(NOT_READY))
        self.output.setWordWrap(True)
        self.output.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.row, 1)
        row.addWidget(self.row_button)
        self.form = form = QFormLayout(self)
        form.addRow(self.tr("Validation row"), row)
        form.addRow(self.tr("Values"), self.values)
        form.addRow(self.tr("Image"), self.image_button)
        form.addRow(self.output)
        self.set_ready(False)

    def set_ready(self, ready: bool) -> None:
        for widget in (self.row, self.row_button, self.values, self.image_button):
            widget.setEnabled(ready)

    def reset(self) -> None:
        """No model: nothing to try (rows of every kind offered again, disabled)."""
        self.predictor = self.dataset = self.last = None
        self.set_ready(False)
        self.values.clear()
        self.values.setPlaceholderText("")
        for widget in (self.values, self.image_button):
            self.form.setRowVisible(widget, True)
        self.output.setText(self.tr(NOT_READY))

    def set_model(self, predictor: Any, dataset: Any) -> None:
        self.predictor, self.dataset = predictor, dataset
        rows = self._rows()
        self.row.setRange(0, max(0, len(rows) - 1))
        self.row.setEnabled(len(rows) > 0)
        self.row_button.setEnabled(len(rows) > 0)
        shape = predictor.input_shape
        tabular, image = len(shape) == 1, len(shape) == 3 and shape[0] in (1, 3)
        self.values.setEnabled(tabular)
        self.image_button.setEnabled(image)
        self.form.setRowVisible(self.values, tabular)  # only what fits this model is offered
        self.form.setRowVisible(self.image_button, image)
        self.values.setPlaceholderText(self._values_hint(shape[0]) if tabular else "")
        self.output.setText(self.tr("Pick a sample to see the model's prediction."))

    def _values_hint(self, count: int) -> str:
        """What to type: the model's feature names, or that many numbers."""
        names = self.predictor.data.get("features") if self.predictor else None
        if names and len(names) == count:
            return self.tr("{n} values: ").format(n=count) + ", ".join(names)
        example = ", ".join((["0.5", "-1.2", "3"] * count)[: min(count, 4)])
        example += ", …" if count > 4 else ""
        if count == 1:
            return self.tr("1 value separated by commas, e.g. {example}").format(example=example)
        return self.tr("{n} values separated by commas, e.g. {example}").format(
            n=count, example=example
        )

    def _rows(self) -> Any:
        if self.dataset is None:
            return []
        data = self.dataset
        return data.val_idx if data.n_val else data.train_idx

    def predict_row(self) -> None:
        import torch

        data = self.dataset
        index = int(self._rows()[self.row.value()])
        x = data.inputs(torch.tensor([index])).cpu()  # what the model read in training
        if self.predictor.normalization is not None:  # undone here, redone by the predictor
            norm = self.predictor.normalization
            x = x * torch.tensor(norm["std"]) + torch.tensor(norm["mean"])
        truth = data.y[index].cpu()
        labels = data.labels
        if data.task == "classification" and truth.numel() == 1:
            k = int(truth)
            truth_text = labels[k] if labels and k < len(labels) else str(k)
        else:
            truth_text = ", ".join(f"{v:.4g}" for v in truth.view(-1).tolist()[:8])
        split = self.tr("validation") if data.n_val else self.tr("training")
        self._show(
            x,
            self.tr("{split} row {row} (true: {truth})").format(
                split=split, row=self.row.value(), truth=truth_text
            ),
        )

    def predict_values(self) -> None:
        import torch

        try:
            values = [float(v) for v in self.values.text().replace(";", ",").split(",")]
        except ValueError:
            self.output.setText(self.tr("Type numbers separated by commas."))
            return
        self._show(torch.tensor([values]), self.tr("your values"))

    def pick_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Image to classify"), "", self.tr(IMAGE_FILTER)
        )
        if path:
            self.predict_image(Path(path))

    def predict_image(self, path: Path) -> None:
        """Read, convert and resize the image as the images data source does."""
        import numpy as np
        import torch
        from PIL import Image, UnidentifiedImageError

        channels, size = self.predictor.input_shape[0], self.predictor.input_shape[-1]
        try:
            with Image.open(path) as image:
                image = image.convert("L" if channels == 1 else "RGB")
                image = image.resize((size, size), Image.Resampling.BILINEAR)
                array = np.asarray(image, dtype=np.float32) / 255
        except (UnidentifiedImageError, OSError) as err:
            self.output.setText(
                self.tr("{file}: cannot read the image ({error})").format(file=path, error=err)
            )
            return
        x = torch.from_numpy(array)
        x = x.unsqueeze(0) if channels == 1 else x.permute(2, 0, 1)
        self._show(x.unsqueeze(0), path.name)

    def _show(self, x: Any, what: str) -> None:
        try:
            result = self.predictor.predict(x)
        except LayerLabError as err:
            self.output.setText(str(err))
            return
        text = f"{what} → <b>{result.labels[0]}</b>"
        if result.probs is not None:
            probs = result.probs[0].tolist()
            best = sorted(range(len(probs)), key=lambda i: -probs[i])[:3]
            text += " (" + ", ".join(f"{result.class_names[i]}: {probs[i]:.1%}" for i in best)
            text += ")"
        self.output.setText(text)
        self.last = result
