"""Model -> ONNX through torch.onnx.export (the torch.export-based exporter), with a
dynamic batch dimension, then checked by running the same batch in onnxruntime.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import torch

from engine.build import GraphModule
from engine.export.common import (
    DEFAULT_TOLERANCE,
    ExportError,
    ExportReport,
    ParityError,
    Source,
    as_outputs,
    check_parity,
    fresh,
    resolve_model,
    sample_inputs,
)
from engine.layers import get_spec


def export_onnx(
    source: Source,
    path: str | os.PathLike[str],
    weights: str | os.PathLike[str] | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> ExportReport:
    """Write `source` (a Graph, Project or built model) as one self-contained .onnx file.

    The model is traced with a batch of 2 and checked with a batch of 3, so the parity
    figure also proves the batch dimension is dynamic. ONNX inputs and outputs are named
    after the Input and Output node ids. The file is removed again if outputs differ.
    """
    _require_onnx_packages()
    model = resolve_model(source, weights)
    _refuse_unexportable(model)
    path = Path(path)
    batch = torch.export.Dim("batch")
    specs = tuple({0: batch} for _ in model.input_ids)
    try:
        with _quiet():
            torch.onnx.export(
                model,
                sample_inputs(model, batch_size=2, seed=1),
                str(path),
                input_names=list(model.input_ids),
                output_names=list(model.output_ids),
                dynamic_shapes=(specs,),
                external_data=False,
                dynamo=True,
                verbose=False,
            )
    except OSError as err:
        path.unlink(missing_ok=True)  # never leave a partial file
        raise ExportError(f"{path}: cannot write: {err.strerror}") from None
    except Exception as err:  # the exporter raises many types; the first line says why
        path.unlink(missing_ok=True)
        raise ExportError(f"ONNX export failed: {_reason(err)}") from err
    try:
        inputs = sample_inputs(model, batch_size=3)
        with torch.no_grad():
            expected = as_outputs(model(*fresh(inputs)))  # an in-place layer changes its input
        actual = run_onnx(path, dict(zip(model.input_ids, inputs, strict=True)))
        diff = check_parity(expected, actual, tolerance, "the ONNX model (onnxruntime)")
    except ParityError as err:
        path.unlink(missing_ok=True)
        raise ParityError(f"{err}; {path} was removed") from None
    except Exception as err:  # torch wrote an operator onnxruntime refuses to run
        path.unlink(missing_ok=True)
        raise ExportError(
            f"ONNX export failed: onnxruntime cannot run the exported model: {_reason(err)}"
        ) from err
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ExportReport(path, "onnx", diff, tolerance, len(inputs[0]))


def _refuse_unexportable(model: GraphModule) -> None:
    """Layers whose params have no ONNX operator are named before torch tries (it would
    fail deep in its exporter, or write a file onnxruntime cannot run)."""
    for node in model.graph.nodes.values():
        if not get_spec(node.type).onnx_exportable(node.params):
            raise ExportError(
                f"ONNX export failed: node '{node.id}' ({node.type}) with these params has no "
                "ONNX operator; the Python export keeps it"
            )


ONNX_PACKAGES = ("onnx", "onnxscript", "onnxruntime")


def _require_onnx_packages() -> None:
    """ONNX support is optional (the desktop bundle leaves it out): say what to install."""
    missing = [name for name in ONNX_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        raise ExportError(
            f"ONNX export needs the package(s) {', '.join(missing)}: "
            f"pip install {' '.join(ONNX_PACKAGES)} (Python export works without them)"
        )


def run_onnx(path: str | os.PathLike[str], inputs: dict[str, torch.Tensor]) -> list[torch.Tensor]:
    """Run an .onnx file on CPU with onnxruntime; inputs by name, outputs in order."""
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = {name: tensor.numpy() for name, tensor in inputs.items()}
    return [torch.from_numpy(out) for out in session.run(None, feeds)]


def _reason(err: Exception) -> str:
    """The line that says why: the exporter's own "Exception summary" when it has one."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(err))  # the exporter colours its text
    _, _, summary = text.partition("## Exception summary")
    lines = [line.strip() for line in (summary or text).splitlines() if line.strip()]
    return lines[0] if lines else type(err).__name__


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The exporter logs and warns about things that do not concern the user."""
    logger = logging.getLogger("torch.onnx")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
