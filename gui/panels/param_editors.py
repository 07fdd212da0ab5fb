"""One editor widget per ParamSpec kind. Each checks its value with the spec before it
emits `committed`, so an invalid value stays in the widget (with a red hint) and never
reaches the graph.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine import ParamError, ParamSpec
from gui.form_boxes import FormComboBox, FormSpinBox
from gui.i18n import help_text

INT_LIMIT = 2**31 - 1


class ParamEditor(QWidget):
    """Base: a value widget plus a hint line that explains a refused value."""

    committed = Signal(object)

    def __init__(self, spec: ParamSpec) -> None:
        super().__init__()
        self.spec = spec
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(self.row)
        column.addWidget(self.hint)
        self.setToolTip(help_text(spec.help))

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def submit(self, value: Any) -> bool:
        """Validate and emit; on a bad value show why and keep the graph unchanged."""
        try:
            value = self.spec.validate(value)
        except ParamError as err:
            self.show_hint(err.detail)
            return False
        self.show_hint("")
        self.committed.emit(value)
        return True

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
        for child in self.findChildren(QWidget):
            if child is not self.hint:
                child.setProperty("invalid", bool(text))
                child.style().polish(child)


class IntEditor(ParamEditor):
    def __init__(self, spec: ParamSpec) -> None:
        super().__init__(spec)
        self.box = _spin(spec)
        self.box.valueChanged.connect(self.submit)
        self.row.addWidget(self.box)

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setValue(int(value))
        self.box.blockSignals(False)


class BoolEditor(ParamEditor):
    def __init__(self, spec: ParamSpec) -> None:
        super().__init__(spec)
        self.box = QCheckBox()
        self.box.toggled.connect(self.submit)
        self.row.addWidget(self.box)

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(bool(value))
        self.box.blockSignals(False)


class ChoiceEditor(ParamEditor):
    def __init__(self, spec: ParamSpec) -> None:
        super().__init__(spec)
        self.box = FormComboBox()
        for choice in spec.choices:
            self.box.addItem(str(choice), choice)
        self.box.currentIndexChanged.connect(lambda i: self.submit(self.box.itemData(i)))
        self.row.addWidget(self.box)

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setCurrentIndex(max(0, self.box.findData(value)))
        self.box.blockSignals(False)


class TupleEditor(ParamEditor):
    """`length` spin boxes for sizes like kernel_size; equal entries collapse to one int.
    Specs with named choices (padding "same") get a mode box in front of the sizes.
    """

    SIZES = "sizes"

    def __init__(self, spec: ParamSpec) -> None:
        super().__init__(spec)
        self.mode: QComboBox | None = None
        if spec.choices:
            self.mode = FormComboBox()
            self.mode.addItems([self.SIZES, *(str(c) for c in spec.choices)])
            self.mode.currentIndexChanged.connect(lambda _i: self._changed())
            self.row.addWidget(self.mode)
        self.boxes = [_spin(spec) for _ in range(spec.length or 1)]
        for box in self.boxes:
            box.valueChanged.connect(lambda _v: self._changed())
            self.row.addWidget(box)

    def _changed(self) -> None:
        self._enable_boxes()
        self.submit(self._value())

    def _enable_boxes(self) -> None:
        sizes = self.mode is None or self.mode.currentIndex() == 0
        for box in self.boxes:
            box.setEnabled(sizes)

    def _value(self) -> Any:
        if self.mode is not None and self.mode.currentIndex() > 0:
            return self.spec.choices[self.mode.currentIndex() - 1]
        values = [b.value() for b in self.boxes]
        return values[0] if len(set(values)) == 1 else values

    def set_value(self, value: Any) -> None:
        named = isinstance(value, str)
        if self.mode is not None:
            self.mode.blockSignals(True)
            self.mode.setCurrentIndex(self.spec.choices.index(value) + 1 if named else 0)
            self.mode.blockSignals(False)
        if not named:
            values = value if isinstance(value, (list, tuple)) else [value] * len(self.boxes)
            for box, v in zip(self.boxes, values, strict=False):
                box.blockSignals(True)
                box.setValue(int(v))
                box.blockSignals(False)
        self._enable_boxes()


class TextEditor(ParamEditor):
    """Free text parsed by kind: numbers, comma-separated lists (`1, 28, 28`), strings.
    Checked as you type; committed on Enter or leaving the field. Empty = None if nullable.
    """

    def __init__(self, spec: ParamSpec) -> None:
        super().__init__(spec)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_placeholder(spec))
        self.edit.textEdited.connect(self._check)
        self.edit.editingFinished.connect(self._commit)
        self.row.addWidget(self.edit)
        self._shown: Any = None

    def set_value(self, value: Any) -> None:
        self._shown = value
        self.edit.setText(_format(value))
        self.show_hint("")

    def _parse(self) -> Any:
        return _parse(self.spec, self.edit.text())

    def _check(self) -> None:
        try:
            self.spec.validate(self._parse())
        except ParamError as err:
            self.show_hint(err.detail)
        else:
            self.show_hint("")

    def _commit(self) -> None:
        try:
            value = self._parse()
        except ParamError as err:
            self.show_hint(err.detail)
            return
        if value != self._shown:
            self.submit(value)


def make_editor(spec: ParamSpec) -> ParamEditor:
    if spec.nullable or spec.kind in ("float", "floats", "str", "shape"):
        return TextEditor(spec)
    if spec.kind == "int":
        return IntEditor(spec)
    if spec.kind == "bool":
        return BoolEditor(spec)
    if spec.kind == "choice":
        return ChoiceEditor(spec)
    if spec.kind == "ints" and spec.length:
        return TupleEditor(spec)
    return TextEditor(spec)


def _spin(spec: ParamSpec) -> QSpinBox:
    box = FormSpinBox()
    box.setRange(
        int(spec.min) if spec.min is not None else -INT_LIMIT,
        int(spec.max) if spec.max is not None else INT_LIMIT,
    )
    box.setMinimumWidth(56)
    box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # share the row
    box.setKeyboardTracking(False)  # commit on Enter / arrows, not on every keystroke
    box.setAccelerated(True)
    return box


def _placeholder(spec: ParamSpec) -> str:
    examples = {
        "shape": QCoreApplication.translate("ParamEditor", "e.g. 1, 28, 28"),
        "ints": QCoreApplication.translate("ParamEditor", "e.g. 3 or 3, 3"),
        "floats": QCoreApplication.translate("ParamEditor", "e.g. 0.5"),
        "bool": QCoreApplication.translate("ParamEditor", "true or false"),
    }
    text = examples.get(spec.kind, "")
    if not spec.nullable:
        return text
    if not text:
        return QCoreApplication.translate("ParamEditor", "empty = none")
    return QCoreApplication.translate("ParamEditor", "{example} (empty = none)").format(
        example=text
    )


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # as the project file spells it
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(_format(v) for v in value)
    if isinstance(value, float):  # short, unless that would change the value (1/3)
        short = f"{value:g}"
        return short if float(short) == value else repr(value)
    return str(value)


def _parse(spec: ParamSpec, text: str) -> Any:
    """Text to a value of the spec's kind; raises ParamError naming what was expected."""
    text = text.strip()
    if not text and spec.nullable:
        return None
    if spec.kind == "str":
        return text
    if spec.kind == "bool":  # a nullable bool (align_corners) is typed, not ticked
        if text.lower() not in ("true", "false"):
            raise ParamError(QCoreApplication.translate("ParamEditor", "expects true or false"))
        return text.lower() == "true"
    named = [c for c in spec.choices if str(c) == text]
    if named:
        return named[0]
    parts = [p.strip() for p in text.strip("()[]").split(",") if p.strip()]
    number = float if spec.kind in ("float", "floats") else int
    try:
        values = [number(p) for p in parts]
    except ValueError:
        text = (
            QCoreApplication.translate("ParamEditor", "expects numbers, like {example}")
            if number is float
            else QCoreApplication.translate("ParamEditor", "expects whole numbers, like {example}")
        )
        raise ParamError(text.format(example=_placeholder(spec) or "1")) from None
    if not values:
        raise ParamError(QCoreApplication.translate("ParamEditor", "needs a value"))
    if spec.kind == "shape":
        return values
    if spec.kind in ("int", "float"):
        if len(values) != 1:
            raise ParamError(QCoreApplication.translate("ParamEditor", "expects a single number"))
        return values[0]
    return values[0] if len(values) == 1 else values
