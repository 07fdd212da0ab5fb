"""`layerlab check FILE`: validation and lint; exit 1 when there is an error."""

from __future__ import annotations

import argparse

from engine.datafit import fit_problems
from engine.lint import check
from engine.project import load_project


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="validate and lint; problems as FILE: NODE: message",
        description="Check a project: graph structure, params, shapes, lint warnings for "
        "graphs that run but train badly, and whether the data fits the graph. "
        "Exit status 1 when there are errors.",
    )
    parser.add_argument("file", metavar="FILE", help="a .layerlab project")


def run(args: argparse.Namespace) -> int:
    project = load_project(args.file)
    problems = check(project) + fit_problems(project)
    for problem in problems:
        print(f"{args.file}: {problem}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        print(f"{args.file}: ok")
    else:
        print(f"{errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0
