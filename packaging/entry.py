"""Entry point of the PyInstaller bundle (`dist/layerlab/layerlab`): the `layerlab` command.

Two things only a frozen app needs happen here, before any LayerLab code runs:
`freeze_support()` (a DataLoader or spawn-based worker re-runs this executable as a child),
and a home for sys.stdout/stderr, which are None in a windowed build (no console) and would
make the first print() or warning crash the app.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path


def log_path() -> Path:
    """Where a windowed build writes what it would have printed: the user's state folder."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Logs"
    else:
        base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "layerlab" / "layerlab.log"


def ensure_streams() -> None:
    """Point missing standard streams at the log file, or at devnull if it cannot be opened."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (lives on)
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


if __name__ == "__main__":
    multiprocessing.freeze_support()
    ensure_streams()
    from engine.cli import main

    sys.exit(main())
