"""The app's language: Qt translators for its own strings (resources/i18n/gui_<lang>.qm)
and Qt's standard buttons, the engine's text (engine.i18n), and a live switch.

Widgets do not remember the source of a translated text, and a retranslate method in
every widget would double the code that builds them. The switch instead maps each text
a widget shows back to its source through the catalog of the language it was shown in,
and forward into the new one; text formatted from data (counts, shapes, problems) is
redrawn by its view. The document, its undo stack and the training runs are untouched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from engine import i18n as engine_i18n
from engine.paths import resource

ENGLISH = engine_i18n.ENGLISH
SYSTEM = "system"
# What View > Language offers: the setting's value and the name shown (in that language).
LANGUAGES = {SYSTEM: "", ENGLISH: "English", "zh_CN": "简体中文"}
SETTING = "language"

_translators: list[QTranslator] = []


def help_text(text: str) -> str:
    """A layer's or a setting's help in the current language (engine catalogs)."""
    shown = engine_i18n.translate("reference", text)
    return shown if shown != text else engine_i18n.translate("settings", text)


def resolve(choice: str) -> str:
    """The language a View > Language choice means here ("system": the OS locale's)."""
    if choice == SYSTEM:
        return engine_i18n.normalize(QLocale.system().name())
    return engine_i18n.normalize(choice)


def current() -> str:
    """The language the app shows now."""
    return _current


_current = ENGLISH


def install(choice: str) -> str:
    """Show the app (and engine text) in `choice`; returns the language installed.

    Installing translators sends every widget a LanguageChange event."""
    global _current
    app = QCoreApplication.instance()
    lang = resolve(choice)
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if lang != ENGLISH:
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for folder, name in ((str(resource("i18n")), f"gui_{lang}"), (qt_folder, f"qtbase_{lang}")):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _translators.append(translator)
    engine_i18n.set_language(lang)
    _current = lang
    return lang


@cache
def sources(lang: str) -> dict[str, tuple[str, str, bool]]:
    """Shown text -> (context, source, is the app's own) for every message of the
    catalogs in `lang` (English: the sources themselves), the app's and the engine's."""
    found: dict[str, tuple[str, str, bool]] = {}
    folder = resource("i18n")
    pattern = "*.ts" if lang == ENGLISH else f"*_{lang}.ts"
    for path in sorted(folder.glob(pattern)):
        own = path.name.startswith("gui_")
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                source = message.findtext("source", "")
                shown = source if lang == ENGLISH else message.findtext("translation", "")
                if shown:
                    found.setdefault(shown, (name, source, own))
    return found


def retranslated(text: str, old: str) -> str:
    """`text`, shown in language `old`, in the language installed now: a catalog text
    as it is, a formatted one ("Rename fc1 → fc2") through the template it was made
    from, its values kept. Text of no catalog comes back as it is."""
    found = sources(old).get(text)
    if found is not None:
        return _say(*found)
    for regex, names, found in formatted(old):
        match = regex.fullmatch(text)
        if match is not None:
            values = [retranslated(v, old) if v != text else v for v in match.groups()]
            return engine_i18n.fill(_say(*found), dict(zip(names, values, strict=True)))
    return text


def _say(context: str, source: str, own: bool) -> str:
    if own:
        return QCoreApplication.translate(context, source)
    return engine_i18n.translate(context, source)


@cache
def formatted(lang: str) -> list[tuple[re.Pattern[str], list[str], tuple[str, str, bool]]]:
    """(regex, placeholders, message) of every catalog text in `lang` with placeholders."""
    found = []
    for shown, message in sources(lang).items():
        if engine_i18n.PLACEHOLDER.search(shown) and message[0] != engine_i18n.MESSAGES:
            found.append((*engine_i18n.pattern(shown), message))
    found.sort(key=lambda item: item[0])
    return [(regex, names, message) for _, regex, names, message in found]


def retranslate_tree(root: QObject, old: str) -> None:
    """Carry every static text under `root` (titles, labels, buttons, actions, menus,
    tabs, headers, list and combo items, tooltips) from language `old` into the current one."""
    objects = [root, *root.findChildren(QObject)]
    for obj in objects:
        if isinstance(obj, QAction):
            _swap(obj.text, obj.setText, old)
            _swap(obj.toolTip, obj.setToolTip, old)
            _swap(obj.statusTip, obj.setStatusTip, old)
        if not isinstance(obj, QWidget):
            continue
        _swap(obj.windowTitle, obj.setWindowTitle, old)
        _swap(obj.toolTip, obj.setToolTip, old)
        _swap(obj.statusTip, obj.setStatusTip, old)
        if isinstance(obj, (QLabel, QAbstractButton)):
            _swap(obj.text, obj.setText, old)
        elif isinstance(obj, QLineEdit):
            _swap(obj.placeholderText, obj.setPlaceholderText, old)
        elif isinstance(obj, (QGroupBox, QMenu)):
            _swap(obj.title, obj.setTitle, old)
        elif isinstance(obj, QDockWidget):
            _swap(obj.windowTitle, obj.setWindowTitle, old)
        if isinstance(obj, QTabWidget):
            for i in range(obj.count()):
                _swap_at(obj.tabText, obj.setTabText, i, old)
                _swap_at(obj.tabToolTip, obj.setTabToolTip, i, old)
        elif isinstance(obj, QComboBox):
            for i in range(obj.count()):
                _swap_at(obj.itemText, obj.setItemText, i, old)
        elif isinstance(obj, QListWidget):
            for i in range(obj.count()):
                item = obj.item(i)
                _swap(item.text, item.setText, old)
                _swap(item.toolTip, item.setToolTip, old)
        elif isinstance(obj, QTableWidget):
            for i in range(obj.columnCount()):
                if (item := obj.horizontalHeaderItem(i)) is not None:
                    _swap(item.text, item.setText, old)
                    _swap(item.toolTip, item.setToolTip, old)
        elif isinstance(obj, QTreeWidget):
            header = obj.headerItem()
            for i in range(header.columnCount()):
                _swap_at(header.text, header.setText, i, old)


def _swap_at(get, set_, index: int, old: str) -> None:
    _swap(lambda: get(index), lambda text: set_(index, text), old)


def _swap(get, set_, old: str) -> None:
    text = get()
    if text:
        new = retranslated(text, old)
        if new != text:
            set_(new)
