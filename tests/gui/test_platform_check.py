"""The first start on a fresh Linux: Qt's xcb plugin needs system libraries pip cannot
install. gui/xcb.py names the missing ones with the apt and dnf commands; `make run` runs
it first; `--self-test` reports the platform plugin, not only offscreen Qt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui import selftest, xcb

ROOT = Path(__file__).resolve().parents[2]
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux's")


def test_the_issue_libraries_give_exact_apt_and_dnf_commands() -> None:
    missing = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"]
    assert xcb.install_commands(missing) == [
        "Debian/Ubuntu:  sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0",
        "Fedora:         sudo dnf install xcb-util-wm xcb-util-keysyms xcb-util-cursor",
    ]


@linux
def test_a_plugin_whose_libraries_cannot_load_is_reported(tmp_path: Path) -> None:
    """A real plugin moved away from Qt's libraries: the loader cannot find them."""
    plugin = xcb.plugin_path()
    if plugin is None or shutil.which("ldd") is None:
        pytest.skip("no PySide6 xcb plugin or no ldd here")
    copy = tmp_path / "libqxcb.so"
    shutil.copy(plugin, copy)
    assert "libQt6XcbQpa.so.6" in xcb.missing_libraries(copy)
    text = xcb.problem(copy)
    assert text.startswith("Qt's X11 platform plugin (xcb) cannot load: missing libQt6XcbQpa")
    assert xcb.missing_libraries(plugin) == []  # the installed one loads (CI has the libs)


@linux
def test_self_test_starts_the_xcb_plugin_and_says_why_it_failed(monkeypatch) -> None:
    monkeypatch.setenv("DISPLAY", ":987")  # no X server there
    with pytest.raises(RuntimeError, match=r"xcb plugin failed on DISPLAY :987: .*display"):
        selftest.check_platform()
    monkeypatch.delenv("DISPLAY")
    assert selftest.check_platform().startswith("xcb libraries present")


def test_make_run_checks_the_platform_before_starting_the_app() -> None:
    if shutil.which("make") is None:
        pytest.skip("no make")
    # -o: the install stamp counts as done without being looked at. (STAMP=Makefile made
    # the Makefile its own target: make remakes makefiles even under -n, so a pyproject.toml
    # newer than the Makefile built a whole venv inside this test.)
    plan = subprocess.run(
        ["make", "-n", "run", "-o", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True
    ).stdout.splitlines()
    check = next(i for i, line in enumerate(plan) if "-m gui.xcb" in line)
    start = next(i for i, line in enumerate(plan) if line.endswith("/layerlab"))
    assert check < start
