"""Entry point of the PyInstaller bundle (`dist/layerlab/layerlab`): the `layerlab` command.

What only a frozen app needs happens here, before any LayerLab code runs:
`freeze_support()` (a DataLoader or spawn-based worker re-runs this executable as a child);
a home for sys.stdout/stderr, which are None in a windowed build (no console) and would make
the first print() or warning crash the app; and `python -u -m MODULE ARGS`, because
`layerlab train --nproc N` starts torch.distributed.run, and each rank, that way through
sys.executable, which in the bundle is this program.
"""

from __future__ import annotations

import multiprocessing
import os
import runpy
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


def module_command(argv: list[str]) -> list[str] | None:
    """MODULE and its ARGS when argv reads like `python [-u] -m MODULE ARGS`, else None."""
    while argv[:1] == ["-u"]:  # unbuffered: ignored, output still arrives (on exit at worst)
        argv = argv[1:]
    return argv[1:] if len(argv) > 1 and argv[0] == "-m" else None


if __name__ == "__main__":
    multiprocessing.freeze_support()
    ensure_streams()
    command = module_command(sys.argv[1:])
    if command:
        sys.argv = command
        runpy.run_module(command[0], run_name="__main__", alter_sys=True)
        sys.exit()
    from engine.cli import main

    sys.exit(main())
