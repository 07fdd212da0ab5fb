"""Start engine.warm_up on a background thread once the window has shown (gui.app).

The thread first imports the training plots' pyqtgraph (0.4 s of module code that builds
no QObject, so any thread may run it; gui.app waits for it to finish before the window and
QApplication go away), then gets to torch with a copy of the project, made on the GUI
thread, touching no Qt module. It is not a daemon, so the interpreter never shuts down
halfway through importing torch.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import threading

import engine
from engine import Project

DELAY_MS = 100  # after the window shows: its first frames paint before imports take the GIL
_qt_imported = threading.Event()  # clear while the thread imports pyqtgraph
_qt_imported.set()


def start(project: Project) -> threading.Thread:
    snapshot = copy.deepcopy(project)
    _qt_imported.clear()

    def work() -> None:
        try:
            with contextlib.suppress(ImportError):  # the plots report it when built
                import pyqtgraph  # noqa: F401  (the plots a first run builds)
        finally:
            _qt_imported.set()
        # Best effort: the real run reports any problem with the project.
        with contextlib.suppress(Exception):
            engine.warm_up(snapshot)
        gc.freeze()  # torch's objects stay out of full collections (gui.app.freeze_heap_soon)

    thread = threading.Thread(target=work, name="layerlab-warmup")
    thread.start()
    return thread


def wait_for_qt_imports() -> None:
    """Return once no warm-up is importing Qt modules, so Qt can be torn down."""
    _qt_imported.wait()
