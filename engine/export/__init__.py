"""Exporters (readable PyTorch code, ONNX); importers live in engine.importers. Each export is
checked against the LayerLab model before it is kept; see `ExportReport`.
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.export.common import ExportError, ExportReport, ParityError, Source
from engine.export.onnx import export_onnx
from engine.export.python import export_python, python_source

FORMATS = {".py": "python", ".onnx": "onnx"}


def export_model(
    source: Source,
    path: str | os.PathLike[str],
    format: str | None = None,
    weights: str | os.PathLike[str] | None = None,
) -> ExportReport:
    """Export as "python" or "onnx" (default: from the suffix, .py or .onnx); the one call
    behind `layerlab export` and File > Export. Raises ExportError with the reason."""
    format = format or FORMATS.get(Path(path).suffix.lower())
    if format == "python":
        return export_python(source, path, weights)
    if format == "onnx":
        return export_onnx(source, path, weights)
    raise ExportError(f"{path}: cannot tell the format; use a .py or .onnx file name")


__all__ = [
    "ExportError",
    "ExportReport",
    "ParityError",
    "export_model",
    "export_onnx",
    "export_python",
    "python_source",
]
