"""Start engine.warm_up on a background thread once the window has shown (gui.app).

The thread gets a copy of the project, made on the GUI thread, and touches no Qt module:
the training plots (pyqtgraph) are still imported on the GUI thread at the first run, as
pyqtgraph imported here could be left building Qt objects while the app shuts down.
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

    thread = threading.Thread(target=work, name="layerlab-warmup")
    thread.start()
    return thread
