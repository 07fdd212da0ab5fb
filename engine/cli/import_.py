"""`layerlab import MODULE.py:ClassName --input-shape 3,32,32 | MODEL.onnx  -o FILE
[--weights W.safetensors]`."""

from __future__ import annotations

import argparse

from engine.errors import UsageError


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
    from engine.files import refuse_overwrite
    from engine.importers import import_file
    from engine.project import Project, save_project

    onnx = args.target.lower().endswith(".onnx")
    path, sep, class_name = args.target.rpartition(":")
    if onnx or not sep:
        path, class_name = args.target, ""
    if onnx and args.input_shape:
        raise UsageError("--input-shape does not apply to an ONNX file: the file has it")
    if not onnx and not args.input_shape:
        raise UsageError("--input-shape is required for a Python module (once per input)")
    refuse_overwrite({"-o": args.output, "--weights": args.weights}, {"the model": path})
    shapes = [_shape(text) for text in args.input_shape or ()]
    name, result = import_file(path, class_name, shapes)
    save_project(Project(result.graph, name=name), args.output)
    if args.weights:
        result.save_weights(args.weights)
    wrote = f"{args.output} and {args.weights}" if args.weights else args.output
    checked = "from onnxruntime" if onnx else "with the module's weights"
    print(
        f"wrote {wrote}: {len(result.graph)} nodes from {args.target if onnx else name}; "
        f"largest output difference {checked}: {result.max_abs_diff:.3g}"
    )
    for note in result.notes:
        print(f"note: {note}")
    return 0


def _shape(text: str) -> list[int]:
    try:
        shape = [int(part) for part in text.split(",")]
    except ValueError:
        shape = []
    if not shape or any(d < 1 for d in shape):
        raise UsageError(f"--input-shape {text!r}: expected positive sizes like 3,32,32")
    return shape
