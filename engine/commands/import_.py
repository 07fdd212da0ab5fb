"""`layerlab import MODULE.py:ClassName --input-shape 3,32,32 | MODEL.onnx  -o FILE
[--weights W.safetensors]`."""

from __future__ import annotations

import argparse

from engine.cli import UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="turn a PyTorch nn.Module (torch.fx) or an ONNX file into a LayerLab project",
        description="Trace an nn.Module with torch.fx and write it as a LayerLab project. "
        "Every module and function in it needs a LayerLab layer; otherwise each unsupported "
        "operation is listed with its line. The project is checked by building it with the "
        "module's weights and comparing outputs. An .onnx file needs no input shape (the "
        "file has it) and is checked against onnxruntime. Note: this runs MODULE.py (it "
        "imports it and calls ClassName()), so only import code you trust.",
    )
    parser.add_argument(
        "target",
        metavar="MODULE.py:ClassName | MODEL.onnx",
        help="a Python file and the class in it, or an ONNX file",
    )
    parser.add_argument(
        "--input-shape",
        action="append",
        metavar="SHAPE",
        help="shape of one sample without the batch, like 3,32,32; once per forward input "
        "(Python modules only)",
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help=".layerlab to write")
    parser.add_argument(
        "--weights",
        metavar="W.safetensors",
        help="also write the module's weights (as constructed) in LayerLab's format",
    )


def run(args: argparse.Namespace) -> int:
    from engine.export import import_module, load_module_class
    from engine.files import refuse_overwrite
    from engine.project import Project, save_project

    if args.target.lower().endswith(".onnx"):
        return _run_onnx(args)
    if not args.input_shape:
        raise UsageError("--input-shape is required for a Python module (once per input)")
    source = args.target.rpartition(":")[0] or args.target
    refuse_overwrite({"-o": args.output, "--weights": args.weights}, {"the module": source})
    shapes = [_shape(text) for text in args.input_shape]
    cls = load_module_class(args.target)
    try:
        module = cls()
    except Exception as err:
        raise UsageError(f"{args.target}: {cls.__name__}() failed: {err}") from None
    result = import_module(module, shapes)
    save_project(Project(result.graph, name=cls.__name__), args.output)
    if args.weights:
        result.save_weights(args.weights)
    wrote = f"{args.output} and {args.weights}" if args.weights else args.output
    print(
        f"wrote {wrote}: {len(result.graph)} nodes from {cls.__name__}; largest output "
        f"difference with the module's weights: {result.max_abs_diff:.3g}"
    )
    return 0


def _run_onnx(args: argparse.Namespace) -> int:
    from pathlib import Path

    from engine.export import import_onnx
    from engine.files import refuse_overwrite
    from engine.project import Project, save_project

    refuse_overwrite({"-o": args.output, "--weights": args.weights}, {"the model": args.target})
    if args.input_shape:
        raise UsageError("--input-shape does not apply to an ONNX file: the file has it")
    if not Path(args.target).is_file():
        raise UsageError(f"{args.target}: no such file")
    result = import_onnx(args.target)
    name = Path(args.target).stem
    save_project(Project(result.graph, name=name), args.output)
    if args.weights:
        result.save_weights(args.weights)
    wrote = f"{args.output} and {args.weights}" if args.weights else args.output
    print(
        f"wrote {wrote}: {len(result.graph)} nodes from {args.target}; largest output "
        f"difference from onnxruntime with the file's weights: {result.max_abs_diff:.3g}"
    )
    return 0


def _shape(text: str) -> list[int]:
    try:
        shape = [int(part) for part in text.split(",")]
    except ValueError:
        shape = []
    if not shape or any(d < 1 for d in shape):
        raise UsageError(f"--input-shape {text!r}: expected positive sizes like 3,32,32")
    return shape
