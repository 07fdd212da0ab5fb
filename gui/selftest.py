"""The GUI half of `layerlab --self-test` (see engine/selftest.py): Qt, its plugins and
every gui module load, without showing a window."""

from __future__ import annotations

import importlib
import pkgutil

from PySide6 import QtCore, QtGui, QtWidgets

import gui
from engine import paths


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
