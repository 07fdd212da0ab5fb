"""Helpers shared by the export and import tests."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

ALLOWED_IMPORTS = {"__future__", "torch", "safetensors.torch"}


def load_file(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"exported_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names
