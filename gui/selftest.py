"""The GUI half of `layerlab --self-test` (see engine/selftest.py): Qt, its plugins and
every gui module load, without showing a window; on Linux, the X11 platform plugin's
system libraries are there, and with a DISPLAY the plugin really starts."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys

from PySide6 import QtCore, QtGui, QtWidgets

import gui
from engine import paths
from gui import xcb

XCB_TRY = (
    "from PySide6.QtWidgets import QApplication; QApplication(['layerlab', '-platform', 'xcb'])"
)


def check_qt() -> str:
    """Qt starts on the offscreen platform and its SVG plugin renders every bundled icon;
    importing every GUI module (some load lazily, e.g. the pyqtgraph plots) proves they and
    their dependencies travel with the build.
    """
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(
        ["layerlab", "-platform", "offscreen"]
    )
    icons = sorted(paths.resource("icons").glob("*.svg"))
    for icon in icons:
        if QtGui.QIcon(str(icon)).pixmap(QtCore.QSize(32, 32)).isNull():
            raise RuntimeError(f"cannot render icon {icon.name} (is the Qt SVG plugin missing?)")
    modules = [info.name for info in pkgutil.walk_packages(gui.__path__, "gui.")]
    for name in modules:
        importlib.import_module(name)
    qt = f"Qt {QtCore.qVersion()} on {app.platformName()}"
    return f"{qt}, {len(icons)} icons, {len(modules)} gui modules"


def check_platform() -> str:
    """The window's platform plugin: offscreen proves little about the screen a user has.
    On Linux every library Qt's xcb plugin needs must load (else the exact apt and dnf
    commands are the error); with a DISPLAY, the plugin starts in a child process (a
    plugin that fails aborts its process)."""
    if not sys.platform.startswith("linux"):
        return f"native plugin on {sys.platform}"
    problem = xcb.problem()
    if problem:
        raise RuntimeError(problem)
    if not os.environ.get("DISPLAY") or getattr(sys, "frozen", False):  # no python -c in a bundle
        return "xcb libraries present (not started: no DISPLAY or a bundle)"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        [sys.executable, "-c", XCB_TRY], capture_output=True, text=True, env=env, timeout=60
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no message"]
        why = next((line for line in lines if "could not" in line.lower()), lines[-1])
        raise RuntimeError(f"Qt's xcb plugin failed on DISPLAY {os.environ['DISPLAY']}: {why}")
    return f"xcb started on DISPLAY {os.environ['DISPLAY']}"
