"""Qt's X11 platform plugin (xcb) needs system libraries that pip cannot install; without
them the app aborts at start with a cryptic Qt message. This finds the missing ones and
prints the exact install command for Debian/Ubuntu and Fedora.

Run before the app starts (`make run`, `python -m gui.xcb`) and by `layerlab --self-test`.
It never imports Qt's GUI libraries, which may be what fails to load.
"""

from __future__ import annotations

import ctypes
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package), for what libqxcb.so links against.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}


def plugin_path() -> Path | None:
    """PySide6's libqxcb.so, found without importing Qt's libraries (None if absent)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        plugin = Path(root) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_libraries(plugin: Path | None = None) -> list[str]:
    """Sonames the xcb plugin needs that the dynamic loader cannot find, in ldd's order.

    ldd resolves the whole tree as the loader would (rpaths included); without ldd, each
    library the plugin is known to need is tried with dlopen instead.
    """
    plugin = plugin or plugin_path()
    if plugin is None:
        return []
    ldd = shutil.which("ldd")
    if ldd:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30)
        return [
            line.split("=>")[0].strip()
            for line in out.stdout.splitlines()
            if "=> not found" in line
        ]
    missing = []
    for soname in PACKAGES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return missing


def install_commands(missing: list[str]) -> list[str]:
    """The apt and dnf commands that install `missing` (unknown sonames named apart)."""
    known = [PACKAGES[s] for s in missing if s in PACKAGES]
    apt = list(dict.fromkeys(debian for debian, _ in known))
    dnf = list(dict.fromkeys(fedora for _, fedora in known))
    lines = []
    if known:
        lines.append("Debian/Ubuntu:  sudo apt-get install " + " ".join(apt))
        lines.append("Fedora:         sudo dnf install " + " ".join(dnf))
    unknown = [s for s in missing if s not in PACKAGES]
    if unknown:
        lines.append(
            "Also missing: " + ", ".join(unknown) + " (a Qt library: reinstall PySide6, or "
            "find the package that provides it)"
        )
    return lines


def problem(plugin: Path | None = None) -> str | None:
    """What stops the desktop app from opening a window on X11, or None on other systems
    and when nothing is missing."""
    if not sys.platform.startswith("linux"):
        return None
    missing = missing_libraries(plugin)
    if not missing:
        return None
    return "\n".join(
        [
            "Qt's X11 platform plugin (xcb) cannot load: missing " + ", ".join(missing) + ".",
            "Install the system libraries it needs (pip cannot), then start LayerLab again:",
            *("  " + line for line in install_commands(missing)),
        ]
    )


def main() -> int:
    text = problem()
    if text:
        print(f"layerlab: error: {text}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
