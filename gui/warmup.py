"""Start engine.warm_up on a background thread once the window has shown (gui.app), then
import the training plots (pyqtgraph and numpy: a first run would otherwise import them on
the GUI thread, freezing the window before its first point).

The thread gets a copy of the project, made on the GUI thread, and creates no Qt object.
It is not a daemon, so the interpreter never shuts down halfway through importing torch.
"""

from __future__ import annotations

import contextlib
import copy
import threading

import engine
from engine import Project

DELAY_MS = 300  # after the window shows: its first frames paint before imports take the GIL


def start(project: Project) -> threading.Thread:
    snapshot = copy.deepcopy(project)

    def work() -> None:
        # Best effort: the real run reports any problem with the project.
        with contextlib.suppress(Exception):
            engine.warm_up(snapshot)
        import gui.training.plots  # noqa: F401

    thread = threading.Thread(target=work, name="layerlab-warmup")
    thread.start()
    return thread
