"""The wheel's package list in pyproject.toml must cover every package in the tree, or a
plain `pip install` would silently ship without part of LayerLab."""

from __future__ import annotations

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")

ROOT = Path(__file__).resolve().parents[2]


def test_every_code_package_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("engine", "gui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert set(config["packages"]) == on_disk | {"engine.resources"}
    assert config["package-dir"] == {"engine.resources": "resources"}
