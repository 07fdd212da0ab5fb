"""The property editor: the selected node's id, shape, params and problems. The form comes
from the layer's ParamSpecs, so a new layer type needs no GUI code.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

import engine
from engine.i18n import translate, translate_message
from engine.layers import REQUIRED, fmt_shape
from gui.document import Document
from gui.panels.param_editors import ParamEditor, make_editor


class PropertiesPanel(QScrollArea):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.node_id: str | None = None
        self.node_type: str | None = None
        self.editors: dict[str, ParamEditor] = {}
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(250)
        document.graphChanged.connect(self._refresh)
        self.show_node(None)

    def show_node(self, node_id: str | None) -> None:
        """Build the form for a node (None: a short hint instead)."""
        graph = self.document.project.graph
        if node_id not in graph.nodes:
            node_id = None
        same = node_id is not None and node_id == self.node_id and self.widget() is not None
        if same and graph.nodes[node_id].type == self.node_type:  # keep focus, refresh
            self._refresh()
            return
        self.node_id = node_id
        self.node_type = graph.nodes[node_id].type if node_id else None
        self.editors = {}
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(12, 10, 12, 10)
        if node_id is None:
            empty = QLabel(
                self.tr("Select one node to edit its settings.\nDouble-click a node to jump here.")
            )
            empty.setObjectName("help")
            column.addWidget(empty)
            column.addStretch()
            self.setWidget(page)
            return
        spec = engine.get_spec(self.node_type)
        title = QLabel(spec.type)
        title.setObjectName("nodeTitle")
        column.addWidget(title)
        about = QLabel(translate("reference", spec.help))
        about.setObjectName("help")
        about.setWordWrap(True)
        column.addWidget(about)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.id_edit = QLineEdit(node_id)
        self.id_edit.editingFinished.connect(self._rename)
        form.addRow(self.tr("id"), self.id_edit)
        self.shape_label = QLabel()
        form.addRow(self.tr("output"), self.shape_label)
        self.params_label = QLabel()
        form.addRow(self.tr("params"), self.params_label)
        self.trainable_box = QCheckBox(self.tr("train these weights"))
        self.trainable_box.setToolTip(
            self.tr("Untick to freeze the layer (e.g. to fine-tune a model)")
        )
        self.trainable_box.toggled.connect(self._set_trainable)
        form.addRow(self.tr("trainable"), self.trainable_box)
        for param in spec.params:
            editor = make_editor(param)
            editor.committed.connect(lambda value, name=param.name: self._commit(name, value))
            label = QLabel(param.name)
            label.setToolTip(translate("reference", param.help))
            form.addRow(label, editor)
            self.editors[param.name] = editor
        column.addLayout(form)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("hint")
        self.problem_label.setWordWrap(True)
        column.addWidget(self.problem_label)
        column.addStretch()
        self.setWidget(page)
        self._refresh()

    def focus_first_editor(self) -> None:
        """Put the keyboard in the first param's field (the id when there are no params),
        its text selected so typing replaces it."""
        if self.node_id is None:
            return
        target = next(iter(self.editors.values()), None)
        fields = target.findChildren(QWidget) if target is not None else []
        widget = next(
            (w for w in fields if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.isHidden()),
            self.id_edit,
        )
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if hasattr(widget, "selectAll"):
            widget.selectAll()

    def _refresh(self) -> None:
        """Show the node's current values (after any edit, undo or redo)."""
        graph = self.document.project.graph
        node = graph.nodes.get(self.node_id) if self.node_id else None
        if node is None or node.type != self.node_type:
            if self.node_id is not None:
                self.show_node(None)
            return
        spec = engine.get_spec(node.type)
        self.id_edit.setText(node.id)
        self.trainable_box.setChecked(node.trainable)
        for param in spec.params:
            value = node.params.get(param.name, param.default)
            if value is not REQUIRED:
                self.editors[param.name].set_value(value)
        analysis = self.document.analysis
        row = analysis.row(node.id)
        self.shape_label.setText(fmt_shape(row.output_shape) if row and row.output_shape else "?")
        self.params_label.setText(f"{row.params:,}" if row else "0")
        found = analysis.problems_of(node.id)
        problems = [p.message for p in found]
        if row and row.problem and not any(p.severity == "error" for p in found):
            problems.insert(0, row.problem)
        self.problem_label.setText("\n".join(f"• {translate_message(p)}" for p in problems))

    def _commit(self, name: str, value: Any) -> None:
        if self.node_id is not None:
            self.document.set_param(self.node_id, name, value)

    def _set_trainable(self, checked: bool) -> None:
        if self.node_id is not None:
            self.document.set_trainable(self.node_id, checked)

    def _rename(self) -> None:
        if self.node_id is None:
            return
        old, new = self.node_id, self.id_edit.text().strip()
        self.node_id = new  # so the refresh after the rename finds the node
        if new == old or not self.document.rename(old, new):
            self.node_id = old
        self.id_edit.setText(self.node_id)
