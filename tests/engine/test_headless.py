"""The engine works where Qt is missing: PySide6, pyqtgraph and gui cannot be imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import importlib.abc
    import sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {"PySide6", "pyqtgraph", "gui", "shiboken6"}:
                raise ImportError(f"blocked: {name}")
            return None

    sys.meta_path.insert(0, Block())
    import torch
    import engine
    from engine.paths import default_example

    project = engine.load_project(default_example())
    assert engine.check(project) == []
    assert engine.summary(project.graph).total_params == 9729
    model = engine.build_model(project.graph)
    print(tuple(model(torch.randn(3, 10)).shape))
    assert not any(m.split(".")[0] in {"PySide6", "pyqtgraph", "gui"} for m in sys.modules)
    """
)


def test_engine_builds_and_runs_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(3, 1)"
