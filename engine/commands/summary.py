"""`layerlab summary FILE [--json] [--batch N]`: per-node shapes and params, memory."""

from __future__ import annotations

import argparse
import json

from engine.project import load_project
from engine.summary import summary


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
    training = project.training
    batch = args.batch if args.batch is not None else training.get("batch_size", 1)
    if not isinstance(batch, int) or batch < 1:
        batch = 1
    report = summary(project.graph, batch_size=batch, optimizer=training.get("optimizer", "Adam"))
    if args.json:
        print(json.dumps({"name": project.name, **report.to_dict()}, indent=2))
    else:
        print(f"{project.name} ({args.file})\n")
        print(report.format_table())
    return 0
