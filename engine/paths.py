"""One lookup for bundled resources (examples, icons, themes) that works from a source
checkout, an installed wheel and a PyInstaller bundle alike.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    here = Path(__file__).resolve().parent
    installed = here / "resources"
    return installed if installed.is_dir() else here.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def examples() -> list[Path]:
    """Every example project shipped with LayerLab, sorted by file name."""
    return sorted(resource("examples").glob("*.layerlab"))


def default_example() -> Path:
    return resource("examples", "binary_classifier.layerlab")
