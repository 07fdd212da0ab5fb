"""Bring models into LayerLab: a torch nn.Module (traced with torch.fx) or an ONNX file
becomes a project graph with its weights, checked against the original before it is kept.
`import_file` is the one entry the CLI and the app share.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from engine.importers.onnx_import import import_onnx
from engine.importers.torch_import import (
    ImportFailed,
    ImportResult,
    import_module,
    load_module_class,
)


def import_file(
    path: str | os.PathLike[str],
    class_name: str | None = None,
    input_shapes: Sequence[Sequence[int]] = (),
) -> tuple[str, ImportResult]:
    """Import an .onnx file (it carries its shapes) or `class_name` of a Python file
    (constructed with no arguments, so this runs the file's code: trusted files only).
    Returns the model's name and the checked result; raises ImportFailed with the reason."""
    path = Path(path)
    if path.suffix.lower() == ".onnx":
        if input_shapes:
            raise ImportFailed("an ONNX file has its own input shapes; give none")
        if not path.is_file():
            raise ImportFailed(f"{path}: no such file")
        return path.stem, import_onnx(path)
    if not input_shapes:
        raise ImportFailed("a Python module needs the input shape of each forward input")
    cls = load_module_class(f"{path}:{class_name}" if class_name else str(path))
    try:
        module = cls()
    except Exception as err:
        raise ImportFailed(
            f"{path.name}: {class_name}() failed: {type(err).__name__}: {err}"
        ) from None
    return class_name, import_module(module, [list(shape) for shape in input_shapes])


__all__ = [
    "ImportFailed",
    "ImportResult",
    "import_file",
    "import_module",
    "import_onnx",
    "load_module_class",
]
