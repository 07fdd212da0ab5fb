"""The Help menu: keyboard shortcuts, the layer reference and About.

Nothing here is written by hand twice. The shortcuts dialog lists the window's real
QActions (walking the menu bar), so it cannot drift from what the keys do; the layer
reference is generated from the layer registry (category, help text, params with their
kinds, defaults and bounds, inputs) with a link to torch's documentation of the module.
`layer_page` / `reference_page` are the one place that turns a LayerSpec into a page;
grow them there (examples, pictures) rather than writing pages elsewhere.
"""

from __future__ import annotations

import html
import platform
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import engine
from engine.i18n import translate_message
from engine.layers import REQUIRED, LayerSpec, ParamSpec

if TYPE_CHECKING:
    from gui.main_window import MainWindow

TORCH_DOCS = "https://docs.pytorch.org/docs/stable/generated/torch.nn.{}.html"
# Canvas gestures that are mouse or modifier input rather than QActions.
GESTURES = (
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Zoom about the pointer"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Mouse wheel"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Pan"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Middle-drag, or Space + drag"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Connect two layers"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Drag from a port to a port"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Insert a layer into a connection"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Drop it from the palette onto the edge"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Move selected layers by one grid step"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Arrow keys"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Edit a layer's settings"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Double-click it"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Menu for a layer, connection or the canvas"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Right-click"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Layers palette"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Add the first layer found"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Type in the search box, Enter"),
    ),
)


# -- the layer reference ------------------------------------------------------------------
def docs_url(spec: LayerSpec) -> str | None:
    """torch's page for the torch.nn class a layer builds (LayerLab's own wrappers of an
    nn class link there too); None for LayerLab's own layers (Input, Add, Reshape...)."""
    from torch import nn

    return TORCH_DOCS.format(spec.type) if hasattr(nn, spec.type) else None


def _param_row(param: ParamSpec) -> str:
    default = "<i>required</i>" if param.required else html.escape(repr(param.default))
    limits = []
    if param.choices:
        limits.append("one of " + ", ".join(html.escape(repr(c)) for c in param.choices))
    if param.min is not None:
        limits.append(f"≥ {param.min:g}")
    if param.max is not None:
        limits.append(f"≤ {param.max:g}")
    if param.nullable:
        limits.append("may be empty")
    if param.initial is not None and param.initial is not REQUIRED:
        limits.append(f"new layers start at {html.escape(repr(param.initial))}")
    notes = f"<br><small>{'; '.join(limits)}</small>" if limits else ""
    cells = (
        f"<code>{html.escape(param.name)}</code>",
        html.escape(param.kind),
        default,
        html.escape(param.help) + notes,
    )
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _inputs_text(spec: LayerSpec) -> str:
    low, high = spec.inputs
    if high == 0:
        return "No inputs: the graph starts here."
    if high is None:
        return f"{low} or more inputs (connect them to ports 0, 1, …)."
    return "One input." if low == high == 1 else f"{low} to {high} inputs."


def layer_page(spec: LayerSpec) -> str:
    """The reference section of one layer, as HTML (anchor: its type name)."""
    parts = [
        f"<h2><a name='{spec.type}'></a>{html.escape(spec.type)}"
        f" <small>· {html.escape(spec.category)}</small></h2>",
        f"<p>{html.escape(spec.help)}</p>",
        f"<p>{_inputs_text(spec)}</p>",
    ]
    if spec.params:
        parts.append(
            "<table border='0' cellspacing='0' cellpadding='4'>"
            "<tr><th align='left'>param</th><th align='left'>kind</th>"
            "<th align='left'>default</th><th align='left'>meaning</th></tr>"
            + "".join(_param_row(p) for p in spec.params)
            + "</table>"
        )
    else:
        parts.append("<p>No settings.</p>")
    if spec.inferred:
        sizes = ", ".join(f"<code>{html.escape(k)}</code>" for k in spec.inferred)
        parts.append(f"<p>Worked out from the incoming shape: {sizes}.</p>")
    url = docs_url(spec)
    if url:
        parts.append(f"<p>PyTorch documentation: <a href='{url}'>torch.nn.{spec.type}</a></p>")
    else:
        parts.append("<p>A LayerLab layer (no torch.nn class of this name).</p>")
    return "\n".join(parts)


def reference_page() -> str:
    """Every registered layer by category, with a contents list of links at the top."""
    by_category: dict[str, list[LayerSpec]] = {}
    for spec in engine.all_specs():
        by_category.setdefault(spec.category, []).append(spec)
    contents = "".join(
        f"<p><b>{html.escape(category)}</b>: "
        + ", ".join(f"<a href='#{s.type}'>{html.escape(s.type)}</a>" for s in specs)
        + "</p>"
        for category, specs in by_category.items()
    )
    sections = "<hr>".join(layer_page(s) for specs in by_category.values() for s in specs)
    intro = (
        "<h1>Layer reference</h1><p>Shapes leave out the batch dimension. Params are the "
        "torch class's constructor arguments, except input sizes, which LayerLab works "
        "out from the incoming shape.</p>"
    )
    return intro + contents + "<hr>" + sections


class LayerReference(QDialog):
    """The layer reference in a browser with a filter box; `show_layer` jumps to one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Layer Reference — LayerLab"))
        self.resize(760, 640)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a layer (Enter jumps to it)…"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(lambda: self.show_layer(self.search.text()))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(reference_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.browser)

    def show_layer(self, type_name: str) -> bool:
        """Scroll to a layer (a type name, any case, or its start); False if none matches."""
        needle = type_name.strip().lower()
        names = [s.type for s in engine.all_specs()]
        match = next((n for n in names if n.lower() == needle), None)
        match = match or next((n for n in names if n.lower().startswith(needle)), None)
        if not needle or match is None:
            return False
        self.browser.setSource(QUrl(f"#{match}"))  # a fragment alone: scroll to it
        return True


# -- keyboard shortcuts -------------------------------------------------------------------
def _menu_actions(menu: QMenu, path: str) -> Iterator[tuple[str, QAction]]:
    for action in menu.actions():
        if action.menu() is not None:
            sub = action.menu()
            yield from _menu_actions(sub, f"{path} › {sub.title().replace('&', '')}")
        elif not action.isSeparator():
            yield path, action


def action_name(action: QAction) -> str:
    """What an action is called: its menu text without '&' and '…'; undo and redo by
    their steady names, not "Undo Rename fc1 → fc2"."""
    text = _plain(action.text()).rstrip("…").strip()
    return text.split(" ", 1)[0] if text.startswith(("Undo ", "Redo ")) else text


def _plain(text: str) -> str:
    """Menu text without its mnemonic: "&Save" and "保存(&S)" read "Save" and "保存"."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


def shortcut_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(where, what, keys) for every action of the window that has a shortcut: those in
    the menus under their menu, then any others, then the canvas's mouse gestures."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    listed = []
    for top in window.menuBar().actions():
        if top.menu() is not None:
            listed += _menu_actions(top.menu(), _plain(top.text()))
    other = QCoreApplication.translate("ShortcutsDialog", "Other")
    listed += [(other, a) for a in window.actions()]
    for where, action in listed:
        if id(action) in seen or not action.shortcuts():
            continue
        seen.add(id(action))
        keys = ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
        )
        rows.append((where, action_name(action), keys))
    for where, what, keys in GESTURES:
        rows.append(
            (
                QCoreApplication.translate("ShortcutsDialog", where),
                QCoreApplication.translate("ShortcutsDialog", what),
                QCoreApplication.translate("ShortcutsDialog", keys),
            )
        )
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard Shortcuts — LayerLab"))
        self.resize(620, 560)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels((self.tr("Where"), self.tr("Action"), self.tr("Keys")))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


def add_shortcut_tips(actions: list[QAction]) -> None:
    """Tooltips that carry the shortcut ("Save (Ctrl+S)"), as toolbar buttons show them."""
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action_name(action)
        if keys and text:
            action.setToolTip(f"{text} ({keys})")


# -- about ----------------------------------------------------------------------------------
def versions() -> dict[str, str]:
    """What About shows: LayerLab, Python, torch (and its CUDA), Qt, and the device that
    "auto" trains on."""
    import torch

    cuda = f" (CUDA {torch.version.cuda})" if torch.version.cuda else ""
    device = str(engine.resolve_device("auto"))
    described = next((d.description for d in engine.list_devices() if d.name == device), device)
    shown = translate_message(described)
    return {
        "LayerLab": engine.__version__,
        "Python": platform.python_version(),
        "PyTorch": torch.__version__ + cuda,
        "Qt": f"{qVersion()} (PySide6 {pyside_version})",
        QCoreApplication.translate("Help", "Training device"): f"{device}: {shown}",
    }


def about_text() -> str:
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td><b>{html.escape(v)}</b></td></tr>"
        for k, v in versions().items()
    )
    blurb = QCoreApplication.translate(
        "Help",
        "Build neural networks by drawing them, train them, and export them as PyTorch "
        "code or ONNX.",
    )
    return f"<h3>LayerLab</h3><p>{blurb}</p><table cellpadding='3'>{rows}</table>"


class Help:
    """The Help menu of one main window; dialogs are made on first use and kept."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.reference: LayerReference | None = None
        self.shortcuts: ShortcutsDialog | None = None
        self.about: QMessageBox | None = None

    def add_to(self, menu: QMenu) -> None:
        shortcuts = menu.addAction(
            QCoreApplication.translate("Help", "&Keyboard Shortcuts"), self.show_shortcuts
        )
        shortcuts.setShortcut(QKeySequence("Ctrl+/"))
        self.window.addAction(shortcuts)
        reference = menu.addAction(
            QCoreApplication.translate("Help", "&Layer Reference"), lambda: self.show_layer("")
        )
        reference.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.window.addAction(reference)
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("Help", "&About LayerLab"), self.show_about)

    def forget(self) -> None:
        """Close and drop the dialogs (the language changed): they are made again, in the
        new language, when next asked for."""
        for dialog in (self.reference, self.shortcuts, self.about):
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
        self.reference = self.shortcuts = self.about = None

    def show_shortcuts(self) -> None:
        if self.shortcuts is not None:
            self.shortcuts.deleteLater()
        self.shortcuts = ShortcutsDialog(self.window)  # fresh: actions may have changed
        self.shortcuts.show()

    def show_layer(self, type_name: str) -> None:
        """Open the layer reference, at `type_name` when given."""
        if self.reference is None:
            self.reference = LayerReference(self.window)
        self.reference.show()
        self.reference.raise_()
        if type_name:
            self.reference.show_layer(type_name)

    def show_about(self) -> None:
        self.about = QMessageBox(
            QMessageBox.Icon.NoIcon,
            QCoreApplication.translate("Help", "About LayerLab"),
            about_text(),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        self.about.setIconPixmap(self.window.windowIcon().pixmap(64, 64))
        self.about.open()
