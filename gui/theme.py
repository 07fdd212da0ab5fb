"""Light and dark themes: the Qt palette, a small style sheet, and the canvas colours.

By default the theme follows the system colour scheme (live); View > Theme can pin light
or dark. Canvas items read `current()` when they paint, so a switch only needs a repaint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from engine.paths import resource


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    highlight: str
    canvas: str
    grid: str
    node: str
    node_border: str
    edge: str
    error: str
    warning: str


LIGHT = Theme(
    name="light",
    window="#eef0f3",
    base="#ffffff",
    alt_base="#f5f6f8",
    text="#1d232b",
    muted="#5f6b7a",
    highlight="#2f7ae5",
    canvas="#f7f8fa",
    grid="#e3e6eb",
    node="#ffffff",
    node_border="#c3c9d2",
    edge="#7d8896",
    error="#d93a3a",
    warning="#e0a100",
)

DARK = Theme(
    name="dark",
    window="#23262b",
    base="#1b1d21",
    alt_base="#25282d",
    text="#e4e7eb",
    muted="#9aa3ae",
    highlight="#4d90f0",
    canvas="#1e2024",
    grid="#2a2d33",
    node="#2c3036",
    node_border="#474d56",
    edge="#8d97a3",
    error="#f25555",
    warning="#f0b90b",
)

# Category -> accent colour; categories the registry adds later get a stable hashed hue.
CATEGORY_COLOURS = {
    "Input/Output": "#3f9d5a",
    "Linear": "#2f7ae5",
    "Convolution": "#7b5cd6",
    "Pooling": "#a066c9",
    "Normalization": "#d08a1c",
    "Activation": "#e0663a",
    "Regularization": "#8a8f98",
    "Dropout": "#8a8f98",
    "Recurrent": "#1d9aa8",
    "Attention": "#c2407a",
    "Embedding": "#4f9a2f",
    "Reshape": "#6b7c93",
    "Merge": "#b8860b",
    "Utility": "#7a8594",
}

_current = LIGHT


def current() -> Theme:
    return _current


def category_colour(category: str) -> QColor:
    known = CATEGORY_COLOURS.get(category)
    if known:
        return QColor(known)
    hue = int(hashlib.md5(category.encode()).hexdigest()[:4], 16) % 360
    return QColor.fromHsl(hue, 140, 110)


def system_theme() -> Theme:
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def icon(name: str) -> QIcon:
    """A crisp, scalable icon from resources/icons/<name>.svg."""
    return QIcon(str(resource("icons", f"{name}.svg")))


def apply(app: QApplication, theme: Theme) -> None:
    """Fusion style with the theme's palette and style sheet."""
    global _current
    _current = theme
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.alt_base,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.window,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.Highlight: theme.highlight,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.highlight,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.muted))
    app.setPalette(palette)
    sheet = resource("themes", "app.qss").read_text(encoding="utf-8")
    for key in sorted(vars(theme), key=len, reverse=True):  # @node_border before @node
        sheet = sheet.replace(f"@{key}", getattr(theme, key))
    app.setStyleSheet(sheet)


THEMES = {"light": LIGHT, "dark": DARK}
PREFERENCES = ("system", "light", "dark")


class Switcher(QObject):
    """Applies the preferred theme ("system" follows the OS, live) and tells the canvas."""

    changed = Signal()

    def __init__(self, app: QApplication, preference: str = "system") -> None:
        super().__init__(app)
        self.app = app
        self.preference = preference if preference in PREFERENCES else "system"
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)
        self._apply()

    def set_preference(self, preference: str) -> None:
        self.preference = preference
        self._apply()

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.preference == "system":
            self._apply()

    def _apply(self) -> None:
        chosen = THEMES.get(self.preference) or system_theme()
        apply(self.app, chosen)
        self.changed.emit()
