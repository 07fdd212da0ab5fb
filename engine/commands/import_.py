"""`layerlab import MODULE.py:ClassName [--input-shape 3,32,32 ...] -o FILE`."""

from __future__ import annotations

import argparse

from engine.cli import UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="turn a PyTorch nn.Module into a LayerLab project (torch.fx)",
        description="Trace an nn.Module with torch.fx and write it as a LayerLab project. "
        "Every module and function in it needs a LayerLab layer; otherwise each unsupported "
        "operation is listed with its line. The project is checked by building it with the "
        "module's weights and comparing outputs. Note: this runs MODULE.py (it imports it "
        "and calls ClassName()), so only import code you trust.",
    )
    parser.add_argument(
        "target", metavar="MODULE.py:ClassName", help="a Python file and the class in it"
    )
    parser.add_argument(
        "--input-shape",
        action="append",
        required=True,
        metavar="SHAPE",
        help="shape of one sample without the batch, like 3,32,32; once per forward input",
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help=".layerlab to write")


def run(args: argparse.Namespace) -> int:
    from engine.export import import_module, load_module_class
    from engine.files import refuse_overwrite
    from engine.project import Project, save_project

    source = args.target.rpartition(":")[0] or args.target
    refuse_overwrite({"-o": args.output}, {"the module": source})
    shapes = [_shape(text) for text in args.input_shape]
    cls = load_module_class(args.target)
    try:
        module = cls()
    except Exception as err:
        raise UsageError(f"{args.target}: {cls.__name__}() failed: {err}") from None
    result = import_module(module, shapes)
    save_project(Project(result.graph, name=cls.__name__), args.output)
    print(
        f"wrote {args.output}: {len(result.graph)} nodes from {cls.__name__}; largest output "
        f"difference with the module's weights: {result.max_abs_diff:.3g}"
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
