"""Light and dark themes: the Qt palette, a small style sheet, and the canvas colours.

By default the theme follows the system colour scheme (live); View > Theme can pin light
or dark. Canvas items read `current()` when they paint, so a switch only needs a repaint.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

import engine
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

_current = LIGHT


def current() -> Theme:
    return _current


def category_colour(category: engine.Category | None) -> QColor:
    """The accent colour a layer category owns (engine.Category, a closed set); a node
    not yet shown as a layer has the plain border colour."""
    return QColor(category.colour if category is not None else current().node_border)


def system_theme() -> Theme:
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


ICON_STROKE = "#6b7785"  # the stroke colour the toolbar SVGs are drawn with


def icon(name: str) -> QIcon:
    """A crisp, scalable icon from resources/icons/<name>.svg, drawn in the current theme's
    colours when it is painted: its strokes follow the theme, and a disabled icon is
    clearly faded (Qt's own disabled tint is barely visible on grey strokes)."""
    path = resource("icons", f"{name}.svg")
    svg = path.read_text(encoding="utf-8")
    if ICON_STROKE not in svg:  # a coloured icon (the app logo): as drawn
        return QIcon(str(path))
    return QIcon(_ThemedIcon(svg))


def icon_colour(mode: QIcon.Mode) -> QColor:
    """The stroke colour of toolbar icons in the current theme."""
    t = current()
    normal = QColor(t.text if t is DARK else "#4a5563")
    if mode != QIcon.Mode.Disabled:
        return normal
    faded = QColor(t.muted)
    faded.setAlphaF(0.38)
    return faded


class _ThemedIcon(QIconEngine):
    def __init__(self, svg: str) -> None:
        super().__init__()
        self.svg = svg
        self._cache: dict[tuple[str, int, int], QPixmap] = {}

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state) -> None:
        colour = icon_colour(mode)
        data = self.svg.replace(ICON_STROKE, colour.name(QColor.NameFormat.HexRgb))
        painter.save()
        painter.setOpacity(colour.alphaF())
        QSvgRenderer(data.encode()).render(painter, rect)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state) -> QPixmap:
        key = (icon_colour(mode).name(QColor.NameFormat.HexArgb), size.width(), size.height())
        cached = self._cache.get(key)
        if cached is None:
            cached = QPixmap(size)
            cached.fill(Qt.GlobalColor.transparent)
            painter = QPainter(cached)
            self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
            painter.end()
            self._cache[key] = cached
        return cached

    def clone(self) -> QIconEngine:
        return _ThemedIcon(self.svg)


def apply(app: QApplication, theme: Theme, *, with_sheet: bool = True) -> None:
    """Fusion style with the theme's palette and (unless told otherwise) style sheet."""
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
    if with_sheet:
        app.setStyleSheet(style_sheet(theme))


def style_sheet(theme: Theme) -> str:
    """resources/themes/app.qss in the theme's colours."""
    sheet = resource("themes", "app.qss").read_text(encoding="utf-8")
    for key in sorted(vars(theme), key=len, reverse=True):  # @node_border before @node
        sheet = sheet.replace(f"@{key}", getattr(theme, key))
    return sheet


THEMES = {"light": LIGHT, "dark": DARK}
PREFERENCES = ("system", "light", "dark")


class Switcher(QObject):
    """Applies the preferred theme ("system" follows the OS, live) and tells the canvas.

    `sheet_later`: the palette now, the style sheet at `apply_sheet()`. With an
    application style sheet every widget is re-polished each time it joins a parent, so
    the main window builds 2-3x slower (360 against 210 ms here, the sheet then set once
    included): the app builds its window first and sets the sheet before showing it.
    """

    changed = Signal()

    def __init__(
        self, app: QApplication, preference: str = "system", *, sheet_later: bool = False
    ) -> None:
        super().__init__(app)
        self.app = app
        self.preference = preference if preference in PREFERENCES else "system"
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)
        self._apply(with_sheet=not sheet_later)

    def apply_sheet(self) -> None:
        self.app.setStyleSheet(style_sheet(current()))

    def set_preference(self, preference: str) -> None:
        self.preference = preference
        self._apply()

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.preference == "system":
            self._apply()

    def _apply(self, with_sheet: bool = True) -> None:
        chosen = THEMES.get(self.preference) or system_theme()
        apply(self.app, chosen, with_sheet=with_sheet)
        self.changed.emit()
