"""The training settings form, generated from engine.choices (the tables the engine checks
names against): epochs, batch size, seed, precision, grad clip; optimizer and its params;
loss; metrics; scheduler and its params; early stopping. Every change is one undoable
`document.set_settings("training", ...)`.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine import ConfigError, ParamSpec, TrainingConfig, auto_loss_for, choices
from engine.i18n import translate
from gui.document import Document
from gui.form_boxes import FormComboBox
from gui.panels.param_editors import ParamEditor, make_editor
from gui.training.lr_finder import find_lr_button

AUTO = "auto"
NONE = "none"


def label(name: str) -> str:
    """The row label of a setting, in the app's language (engine catalog, "settings")."""
    return translate("settings", name.replace("_", " ").capitalize())


def shown_defaults(specs: Sequence[ParamSpec], skip: Sequence[str] = ()) -> dict[str, Any]:
    """The values a fresh form shows for `specs` (empty and "auto" rows show nothing), so
    that they can be written to the project: what a form shows is what the project holds."""
    return {
        s.name: s.default for s in specs if s.default not in (None, "", AUTO) and s.name not in skip
    }


class SpecForm(QWidget):
    """A form row per ParamSpec; `changed(name, value)` after an editor accepts a value
    (None = the key is cleared)."""

    changed = Signal(str, object)

    def __init__(self, specs: Sequence[ParamSpec]) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.editors: dict[str, ParamEditor] = {}
        for spec in specs:
            editor = make_editor(spec)
            editor.committed.connect(lambda value, n=spec.name: self.changed.emit(n, value))
            self.editors[spec.name] = editor
            self.form.addRow(label(spec.name), editor)

    def set_values(self, values: dict[str, Any]) -> None:
        for name, editor in self.editors.items():
            editor.set_value(values.get(name, editor.spec.default))

    def set_row_visible(self, name: str, visible: bool) -> None:
        self.form.setRowVisible(self.editors[name], visible)


def help_button() -> QToolButton:
    """A "?" button beside a choice: it opens the chosen type's reference page."""
    button = QToolButton()
    button.setText("?")
    button.setToolTip(QCoreApplication.translate("SettingsForm", "What does this do?"))
    return button


def _beside(widget: QWidget, button: QToolButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget, 1)
    row.addWidget(button)
    return row


class TypedChoice(QWidget):
    """A type combo plus the chosen type's params, e.g. optimizer Adam with lr 0.001.
    `changed` carries the new config dict (or None for "none")."""

    changed = Signal(object)

    def __init__(
        self,
        table: dict[str, Sequence[ParamSpec]],
        extra: Sequence[str] = (),
        explained: bool = False,
    ) -> None:
        super().__init__()
        self.table = table
        self.combo = FormComboBox()
        self.combo.addItems([*extra, *table])
        self.combo.currentTextChanged.connect(self._type_chosen)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        if explained:  # a "?" beside the combo opens the chosen type's reference page
            self.help_button = help_button()
            self.layout_.addLayout(_beside(self.combo, self.help_button))
        else:
            self.layout_.addWidget(self.combo)
        self.params: SpecForm | None = None
        self.options: dict[str, Any] = {}

    def set_config(self, name: str, options: dict[str, Any]) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentText(name)
        self.combo.blockSignals(False)
        self.options = dict(options)
        self._show_params(name)

    def _show_params(self, name: str) -> None:
        if self.params is not None:
            self.params.deleteLater()
            self.params = None
        specs = self.table.get(name, ())
        if specs:
            self.params = SpecForm(specs)
            self.params.set_values(self.options)
            self.params.changed.connect(self._param_changed)
            self.layout_.addWidget(self.params)

    def _type_chosen(self, name: str) -> None:
        self.options = {}
        self._show_params(name)
        self.changed.emit(None if name not in self.table else {"type": name})

    def _param_changed(self, key: str, value: Any) -> None:
        if value is None:
            self.options.pop(key, None)
        else:
            self.options[key] = value
        self.changed.emit({"type": self.combo.currentText(), **self.options})


class SettingsForm(QWidget):
    """All of project.training except the device (the device picker owns that key)."""

    helpRequested = Signal(str, str)  # "loss" or "optimizer", its name ("" for auto)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.basics = SpecForm(choices.TRAINING)
        self.basics.changed.connect(self._set)
        self.optimizer = TypedChoice(choices.OPTIMIZERS, explained=True)
        self.optimizer.changed.connect(lambda cfg: self._set("optimizer", cfg))
        self.loss = FormComboBox()
        self.loss.addItems([AUTO, *choices.LOSSES])
        self.loss.setToolTip(
            self.tr("auto: cross-entropy for classes, BCE for one output, MSE for values")
        )
        self.loss.currentTextChanged.connect(
            lambda name: self._set("loss", None if name == AUTO else {"type": name})
        )
        self.metrics = {name: QCheckBox(name) for name in choices.METRICS}
        metrics_row = QHBoxLayout()
        for box in self.metrics.values():
            box.toggled.connect(self._metrics_changed)
            metrics_row.addWidget(box)
        metrics_row.addStretch()
        self.scheduler = TypedChoice(choices.SCHEDULERS, extra=(NONE,))
        self.scheduler.changed.connect(lambda cfg: self._set("scheduler", cfg))
        self.stopping = QGroupBox(self.tr("Early stopping"))
        self.stopping.setCheckable(True)
        self.stopping.toggled.connect(self._stopping_toggled)
        self.stopping_form = SpecForm(choices.EARLY_STOPPING)
        self.stopping_form.changed.connect(self._stopping_changed)
        QVBoxLayout(self.stopping).addWidget(self.stopping_form)

        layout = QFormLayout(self)
        layout.addRow(self.basics)
        layout.addRow(self.tr("Optimizer"), self.optimizer)
        self.find_lr_button = find_lr_button(document, self)
        layout.addRow("", self.find_lr_button)
        self.loss_help = help_button()
        layout.addRow(self.tr("Loss"), _beside(self.loss, self.loss_help))
        for kind, button, combo in (
            ("optimizer", self.optimizer.help_button, self.optimizer.combo),
            ("loss", self.loss_help, self.loss),
        ):
            button.clicked.connect(lambda _=False, k=kind, c=combo: self._ask_help(k, c))
        layout.addRow(self.tr("Metrics"), metrics_row)
        layout.addRow(self.tr("Scheduler"), self.scheduler)
        layout.addRow(self.stopping)
        document.settingsChanged.connect(self.refresh)
        document.projectReplaced.connect(self.refresh)
        self.refresh()

    def _ask_help(self, kind: str, combo: QComboBox) -> None:
        """The page of the chosen entry; for "auto" the loss this project would train with,
        when the data tells without loading (else the first of its kind)."""
        name = combo.currentText()
        if name == AUTO:
            name = (auto_loss_for(self.document.project) if kind == "loss" else None) or ""
        self.helpRequested.emit(kind, name)

    @staticmethod
    def defaults() -> dict[str, Any]:
        """The training section of a new project: every value this form shows for it."""
        optimizer = {"type": "Adam", **shown_defaults(choices.OPTIMIZERS["Adam"])}
        return {**shown_defaults(choices.TRAINING), "optimizer": optimizer}

    @property
    def training(self) -> dict[str, Any]:
        return self.document.project.training

    def refresh(self) -> None:
        """Show the section as the engine reads it (engine.TrainingConfig)."""
        try:
            cfg = self.document.project.training_config
        except ConfigError:
            cfg = TrainingConfig()  # the Problems panel names the bad key
        self.basics.set_values(self.training)
        self.optimizer.set_config(cfg.optimizer.type, dict(cfg.optimizer.options))
        self.loss.blockSignals(True)
        self.loss.setCurrentText(cfg.loss.type if cfg.loss else AUTO)
        self.loss.blockSignals(False)
        chosen = set(cfg.metrics or ("accuracy",))
        for name, box in self.metrics.items():
            box.blockSignals(True)
            box.setChecked(name in chosen)
            box.blockSignals(False)
        scheduler = cfg.scheduler
        self.scheduler.set_config(
            scheduler.type if scheduler else NONE, dict(scheduler.options) if scheduler else {}
        )
        stopping = cfg.early_stopping
        self.stopping.blockSignals(True)
        self.stopping.setChecked(stopping is not None)
        self.stopping.blockSignals(False)
        self.stopping_form.set_values(dataclasses.asdict(stopping) if stopping else {})

    def _set(self, key: str, value: Any) -> None:
        training = copy.deepcopy(self.training)
        if value is None:
            if key not in training:
                return
            del training[key]
        elif training.get(key) == value:
            return
        else:
            training[key] = value
        shown = value.get("type", key) if isinstance(value, dict) else value
        setting = label(key).lower()
        if value is None:
            text = self.tr("Set {setting}").format(setting=setting)
        else:
            text = self.tr("Set {setting} to {value}").format(setting=setting, value=shown)
        self.document.set_settings("training", training, text)

    def _metrics_changed(self) -> None:
        self._set("metrics", [n for n, box in self.metrics.items() if box.isChecked()])

    def _stopping_toggled(self, on: bool) -> None:
        self._set("early_stopping", {"patience": 5} if on else None)

    def _stopping_changed(self, key: str, value: Any) -> None:
        current = self.training.get("early_stopping")
        stopping = dict(current) if isinstance(current, dict) else {}
        stopping[key] = value
        self._set("early_stopping", stopping)
