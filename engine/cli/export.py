"""`layerlab export FILE --format python|onnx -o OUT [--weights W]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="write the model as readable PyTorch code or ONNX",
        description="Write the model as one standalone PyTorch file (only torch imported, "
        "with a load_weights helper) or as ONNX with a dynamic batch dimension. The export "
        "is run on a random batch next to the LayerLab model and kept only if the outputs "
        "match; the largest difference is printed.",
    )
    parser.add_argument(
        "file", metavar="FILE", help="a .layerlab project, or a .safetensors weights file"
    )
    parser.add_argument(
        "--format",
        choices=("python", "onnx"),
        help="output format (default: from OUT's suffix, .py or .onnx)",
    )
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    parser.add_argument(
        "--weights", metavar="W", help="a .safetensors file to load (default: fresh weights)"
    )


def run(args: argparse.Namespace) -> int:
    """Exit 0 when the export matches the model, 1 when its outputs differ (file removed)."""
    from engine.export import ParityError, export_model
    from engine.files import refuse_overwrite
    from engine.project import load_project
    from engine.weights import load_model

    refuse_overwrite({"-o": args.output}, {"the model file": args.file, "--weights": args.weights})
    if Path(args.file).suffix == ".safetensors":
        source = load_model(args.file)
    else:
        source = load_project(args.file)
    try:
        report = export_model(source, args.output, args.format, args.weights)
    except ParityError as err:
        print(f"layerlab: error: {err}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0
