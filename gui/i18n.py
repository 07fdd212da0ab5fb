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
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QUndoView,
    QWidget,
    QWidgetAction,
)

from engine import i18n as engine_i18n
from engine.paths import resource
from gui.status_line import StatusLine

ENGLISH = engine_i18n.ENGLISH
SYSTEM = "system"
# What View > Language offers: the setting's value and the name shown (in that language).
LANGUAGES = {SYSTEM: "", ENGLISH: "English", "zh_CN": "简体中文"}
SETTING = "language"

_translators: list[QTranslator] = []
_current = ENGLISH


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
        own = [resource("i18n")]
        catalogs = ((f"gui_{lang}", own), (f"gui_pyqtgraph_{lang}", own), (f"qtbase_{lang}", _qt()))
        for name, folders in catalogs:
            translator = QTranslator(app)
            if any(translator.load(name, str(folder)) for folder in folders):
                app.installTranslator(translator)
                _translators.append(translator)
    engine_i18n.set_language(lang)
    _current = lang
    return lang


def _qt() -> list[Path]:
    """Where Qt's own catalogs are: Qt's answer, or PySide6's folder (a bundle)."""
    import PySide6

    qt = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return [Path(qt), Path(PySide6.__file__).parent / "Qt" / "translations"]


def font_missing(lang: str) -> bool:
    """True when `lang` needs Chinese characters and no installed font has them (the
    bundle uses the system's fonts): the window would show empty boxes."""
    return lang == "zh_CN" and not QFontDatabase.families(
        QFontDatabase.WritingSystem.SimplifiedChinese
    )


# Said in English: without the font, Chinese would not show.
FONT_HINT = (
    "Chinese needs a CJK font: install fonts-noto-cjk (Debian/Ubuntu), "
    "google-noto-sans-cjk-fonts (Fedora) or noto-fonts-cjk (Arch), then restart LayerLab."
)


@cache
def sources(lang: str) -> dict[str, list[tuple[str, str, bool]]]:
    """Shown text -> every (context, source, is the app's own) it translates, over the
    catalogs in `lang` (English: the sources themselves), the app's and the engine's."""
    found: dict[str, list[tuple[str, str, bool]]] = {}
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
                    found.setdefault(shown, []).append((name, source, own))
    return found


def retranslated(text: str, old: str, contexts: tuple[str, ...] = ()) -> str:
    """`text`, shown in language `old`, in the language installed now: a catalog text
    as it is, a formatted one ("Rename fc1 → fc2") through the template it was made
    from, its values kept. Where one text translates several sources ("输出": "Output"
    and "output"), the one of `contexts` (the showing widget's classes) wins. Text of
    no catalog comes back as it is."""
    found = sources(old).get(text)
    if found:
        return _say(*next((m for m in found if m[0] in contexts), found[0]))
    for regex, names, message in formatted(old):
        match = regex.fullmatch(text)
        if match is not None:
            values = [retranslated(v, old) if v != text else v for v in match.groups()]
            return engine_i18n.fill(_say(*message), dict(zip(names, values, strict=True)))
    return text


def _say(context: str, source: str, own: bool) -> str:
    if own:
        return QCoreApplication.translate(context, source)
    return engine_i18n.translate(context, source)


@cache
def formatted(lang: str) -> list[tuple[re.Pattern[str], list[str], tuple[str, str, bool]]]:
    """(regex, placeholders, message) of every catalog text in `lang` with placeholders."""
    found = []
    for shown, messages in sources(lang).items():
        message = messages[0]
        if engine_i18n.PLACEHOLDER.search(shown) and message[0] != engine_i18n.MESSAGES:
            found.append((*engine_i18n.pattern(shown), message))
    found.sort(key=lambda item: item[0])
    return [(regex, names, message) for _, regex, names, message in found]


def retranslate_plots(old: str) -> None:
    """pyqtgraph's plot menus (View All, axis and plot options), which belong to no
    window: their texts from `old` into the installed language."""
    if "pyqtgraph" not in sys.modules:  # no plot was ever drawn
        return
    import pyqtgraph as pg

    views = [w for w in QApplication.allWidgets() if isinstance(w, pg.GraphicsView)]
    for item in (i for view in views for i in view.scene().items()):
        if isinstance(item, pg.PlotItem) and item.ctrlMenu is not None:
            retranslate_tree(item.ctrlMenu, old)
            retranslate_tree(item.vb.menu, old)
            axes = [a.menu() for a in item.vb.menu.actions() if a.menu() is not None][:2]
            for name, menu in zip("XY", axes, strict=False):  # pyqtgraph's "X axis", "Y axis"
                menu.setTitle(f"{name} {QCoreApplication.translate('ViewBox', 'axis')}")
            for action in item.scene().contextMenu:
                retranslate_tree(action, old)


def retranslate_tree(root: QObject, old: str) -> None:
    """Carry every static text under `root` (titles, labels, buttons, actions, menus,
    tabs, headers, list, tree and combo items, tooltips) from language `old` into the
    installed one."""
    for obj in [root, *root.findChildren(QObject)]:
        swap = _Swapper(obj, old)
        if isinstance(obj, QAction):
            swap(obj.text, obj.setText)
            swap(obj.toolTip, obj.setToolTip)
            swap(obj.statusTip, obj.setStatusTip)
        if isinstance(obj, QWidgetAction) and obj.defaultWidget() is not None:
            retranslate_tree(obj.defaultWidget(), old)  # a form shown inside a menu
        if not isinstance(obj, QWidget):
            continue
        swap(obj.windowTitle, obj.setWindowTitle)
        swap(obj.toolTip, obj.setToolTip)
        swap(obj.statusTip, obj.setStatusTip)
        if isinstance(obj, (QLabel, QAbstractButton, StatusLine)):
            swap(obj.text, obj.setText)
        elif isinstance(obj, QLineEdit):
            swap(obj.placeholderText, obj.setPlaceholderText)
        elif isinstance(obj, (QGroupBox, QMenu)):
            swap(obj.title, obj.setTitle)
        elif isinstance(obj, QUndoView):
            swap(obj.emptyLabel, obj.setEmptyLabel)
        if isinstance(obj, QTabWidget):
            for i in range(obj.count()):
                swap(partial(obj.tabText, i), partial(obj.setTabText, i))
                swap(partial(obj.tabToolTip, i), partial(obj.setTabToolTip, i))
        elif isinstance(obj, QComboBox):
            for i in range(obj.count()):
                swap(partial(obj.itemText, i), partial(obj.setItemText, i))
        elif isinstance(obj, QListWidget):
            for item in (obj.item(i) for i in range(obj.count())):
                swap(item.text, item.setText)
                swap(item.toolTip, item.setToolTip)
        elif isinstance(obj, QTableWidget):
            for item in (obj.horizontalHeaderItem(i) for i in range(obj.columnCount())):
                if item is not None:
                    swap(item.text, item.setText)
                    swap(item.toolTip, item.setToolTip)
        elif isinstance(obj, QTreeWidget):
            header = obj.headerItem()
            for i in range(header.columnCount()):
                swap(partial(header.text, i), partial(header.setText, i))
            items = QTreeWidgetItemIterator(obj)
            while (item := items.value()) is not None:
                swap(partial(item.text, 0), partial(item.setText, 0))
                swap(partial(item.toolTip, 0), partial(item.setToolTip, 0))
                items += 1


class _Swapper:
    """Replaces one object's texts; the classes of it and its parents name the contexts
    its texts most likely come from."""

    def __init__(self, obj: QObject, old: str) -> None:
        self.old = old
        names: list[str] = []
        while obj is not None:
            names += [cls.__name__ for cls in type(obj).__mro__]
            obj = obj.parent()
        self.contexts = tuple(names)

    def __call__(self, get: Callable[[], str], set_: Callable[[str], object]) -> None:
        text = get()
        if text:
            new = retranslated(text, self.old, self.contexts)
            if new != text:
                set_(new)
