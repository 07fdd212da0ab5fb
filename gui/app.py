"""`layerlab [FILE]`: start the desktop app. Torch is not imported here (the engine loads
it lazily), so the window shows in well under a second; once it has, a background thread
warms torch and the project's training path (gui.warmup), so the first F5 starts at once.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Sequence
from functools import partial

import shiboken6
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import engine
from engine.i18n import translate_message
from engine.paths import resource
from gui import i18n, theme, warmup
from gui.document import Document
from gui.main_window import MainWindow

# Set by tests/benchmarks/gui_startup.py: print the time to the first shown window, quit.
PROBE_ENV = "LAYERLAB_STARTUP_PROBE"
# `layerlab` with no file opens this example: branches, merges and 3-D shapes on show.
STARTUP_EXAMPLE = "residual_cnn.layerlab"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("LayerLab")
    app.setOrganizationName("LayerLab")
    app.setApplicationDisplayName("LayerLab")
    app.setWindowIcon(theme.icon("layerlab"))
    i18n.install(str(QSettings().value(i18n.SETTING, i18n.SYSTEM)))
    preference = str(QSettings().value("theme", "system"))
    switcher = theme.Switcher(app, preference, sheet_later=True)  # set once the window is built
    document = Document()
    window = MainWindow(document, themes=switcher)
    error = None
    try:
        if argv:
            document.open(argv[0])
        else:
            window.files.open_example(resource("examples", STARTUP_EXAMPLE))
    except engine.LayerLabError as err:
        error = translate_message(str(err))
    switcher.apply_sheet()
    window.show()
    window.warn_if_font_missing()
    if os.environ.get(PROBE_ENV):
        QTimer.singleShot(0, lambda: _probe(app))
    elif error:
        title = window.tr("Cannot open project")
        QTimer.singleShot(0, partial(QMessageBox.warning, window, title, error))
    else:
        QTimer.singleShot(0, window.offer_recovery)
    QTimer.singleShot(warmup.DELAY_MS, partial(warmup.start, document.project))
    freeze_heap_soon()
    document.projectReplaced.connect(freeze_heap_soon)
    status = app.exec()
    warmup.wait_for_qt_imports()
    # Copied nodes live in Qt's clipboard; Qt frees them at interpreter shutdown, after
    # Python's wrappers are gone, and crashes. Empty it while both are alive.
    app.clipboard().clear()
    # Likewise every widget and plot item: left alive, PySide deletes them at interpreter
    # exit, where a pyqtgraph item's Python override runs in a dying interpreter and
    # crashed about one exit in ten (core dump: ~QGraphicsWidget -> changeEvent -> resize
    # -> a Python override -> shiboken's error printer). Deleted now, Python still runs.
    shiboken6.delete(window)
    return status


def freeze_heap_soon() -> None:
    """Freeze what is alive once the event loop has shown it (the window, a project's
    canvas items; gui.warmup freezes torch's objects after it imports torch).

    The cyclic collector tracks ~200k objects with a 1,000-node graph and torch loaded;
    a full collection walks them all (120-200 ms of CPU here) and landed inside about
    every eighth edit. Frozen objects are never scanned again (reference counting still
    frees them), so a collection walks only what edits made since: a few ms.
    """
    QTimer.singleShot(0, gc.freeze)


def _probe(app: QApplication) -> None:
    styled = bool(app.styleSheet())  # the theme's sheet, set once the window was built
    print(f"shown {time.time():.6f} torch={'torch' in sys.modules} styled={styled}", flush=True)
    app.quit()
