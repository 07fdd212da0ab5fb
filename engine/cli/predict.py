"""`layerlab predict W.safetensors INPUT -o OUT [--probs]`: a CSV with a `prediction`
column (class label or value) for each row of INPUT (a CSV or a .npy array)."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from engine.atomic import atomic_write_text
from engine.files import refuse_overwrite
from engine.predict import Predictor


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "predict",
        help="predict with trained weights on a CSV or .npy file",
        description="Run a trained model on new data. A CSV must hold the feature columns "
        "used in training (standardised the same way); a .npy array holds samples. Writes a "
        "CSV with a `prediction` column: the class label for classifiers, the value for "
        "regression.",
    )
    parser.add_argument("weights", metavar="W", help="a .safetensors file saved by LayerLab")
    parser.add_argument("input", metavar="INPUT", help="a CSV file or a .npy array")
    parser.add_argument("-o", "--out", required=True, metavar="OUT", help="the CSV to write")
    parser.add_argument("--probs", action="store_true", help="add one probability column per class")


def run(args: argparse.Namespace) -> int:
    refuse_overwrite({"-o": args.out}, {"the weights": args.weights, "the input": args.input})
    predictor = Predictor(args.weights)
    result = predictor.predict(predictor.read(args.input))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    first = result.labels[0] if result.labels else None
    width = len(first) if isinstance(first, list) else 0
    header = ["prediction"] if not width else [f"prediction_{i}" for i in range(width)]
    if args.probs and result.probs is not None and result.class_names:
        header += [f"prob_{name}" for name in result.class_names]
    writer.writerow(header)
    for i, label in enumerate(result.labels):
        row = list(label) if isinstance(label, list) else [label]
        if len(header) > len(row) and result.probs is not None:
            row += [f"{p:.6g}" for p in result.probs[i].tolist()]
        writer.writerow(row)
    atomic_write_text(Path(args.out), buffer.getvalue())
    print(f"{len(result.labels)} predictions written to {args.out}")
    return 0
