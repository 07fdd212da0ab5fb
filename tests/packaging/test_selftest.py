"""`layerlab --self-test` from the installed command, the bundle's entry point with no
standard streams (as in a windowed build), and the one resource lookup."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine import paths, selftest

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("examples", "train", "weights", "qt", "platform")


def test_resources_dir_holds_examples_and_icons() -> None:
    resources = paths.resources_dir()
    assert (resources / "examples" / "binary_classifier.layerlab").is_file()
    assert paths.default_example() in paths.examples()
    assert (resources / "icons" / "layerlab.svg").is_file()


def test_installed_command_passes_every_check() -> None:
    # The end-to-end check a user runs (one epoch of training inside): a few seconds.
    command = shutil.which("layerlab", path=Path(sys.executable).parent)
    assert command, "the layerlab command is not installed next to this Python"
    result = subprocess.run([command, "--self-test"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [f"ok    {name}" for name in CHECKS]
    assert lines[-1] == "self-test passed"


def test_missing_resources_fail_naming_the_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A frozen bundle whose resources were left out.
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    lines: list[str] = []
    assert selftest.run(out=lines.append) == 1
    missing = tmp_path / "resources" / "examples"
    assert lines[0] == f"FAIL  examples: RuntimeError: no example projects in {missing}"
    assert lines[-1].startswith("self-test failed: examples")


@pytest.mark.skipif(sys.platform == "win32", reason="closes fds with a POSIX shell")
def test_entry_point_survives_missing_stdout_and_stderr(tmp_path: Path) -> None:
    entry = ROOT / "packaging" / "entry.py"
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    shell = f'exec "{sys.executable}" "{entry}" --help >&- 2>&-'
    result = subprocess.run(["sh", "-c", shell], env=env, timeout=60)
    assert result.returncode == 0
    log = (tmp_path / "layerlab" / "layerlab.log").read_text(encoding="utf-8")
    assert log.startswith("usage: layerlab")
