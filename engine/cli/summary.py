"""`layerlab summary FILE [--json] [--batch N]`: per-node shapes and params, memory."""

from __future__ import annotations

import argparse
import json

from engine.model_summary import summary
from engine.project import load_project


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "summary",
        help="per node: type, output shape, params; totals; memory",
        description="Show each node's output shape and parameter count, the totals, and "
        "the memory training needs (for the project's batch size and optimizer).",
    )
    parser.add_argument("file", metavar="FILE", help="a .layerlab project")
    parser.add_argument("--json", action="store_true", help="print stable JSON instead")
    parser.add_argument(
        "--batch",
        type=int,
        metavar="N",
        help="batch size for the memory estimate (default: the project's training batch size)",
    )


def run(args: argparse.Namespace) -> int:
    project = load_project(args.file)
    training = project.training_config
    batch = args.batch if args.batch is not None else training.batch_size
    if "batch_size" not in project.training and args.batch is None:
        batch = 1  # no batch size chosen yet: the memory of one sample
    optimizer = training.optimizer.to_dict()
    report = summary(project.graph, batch_size=max(1, batch), optimizer=optimizer)
    if args.json:
        print(json.dumps({"name": project.name, **report.to_dict()}, indent=2))
    else:
        print(f"{project.name} ({args.file})\n")
        print(report.format_table())
    return 0
