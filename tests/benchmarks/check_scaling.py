"""Load, check and summary of residual chains of 1k, 10k and 100k nodes, side by side.

Each row shows seconds and microseconds per node; linear work keeps the per-node cost
flat as the graph grows (a quadratic pass multiplies it by 10 per row). Fails if the
largest graph costs more than 3x per node what the smallest does, or if checking 100k
nodes takes more than 20 s.

    python tests/benchmarks/check_scaling.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

import engine
from engine import Edge, Graph, Node, Project
from engine.project import project_from_dict

CHECK_TARGET_S = 20.0
FLAT = 3.0  # allowed growth of the per-node cost from the smallest to the largest size


def residual_chain(nodes: int) -> Project:
    """Input, Linear -> ReLU -> Add(skip) blocks until about `nodes` nodes, Output."""
    graph = Graph([Node("in", "Input", {"shape": [16]})])
    last = "in"
    for b in range((nodes - 2) // 3):
        fc, act, add = f"fc{b}", f"act{b}", f"add{b}"
        graph.add_node(Node(fc, "Linear", {"out_features": 16}, (b * 10.0, 0.0)))
        graph.add_node(Node(act, "ReLU"))
        graph.add_node(Node(add, "Add"))
        graph.edges += [Edge(last, fc), Edge(fc, act), Edge(act, add), Edge(last, add, 1)]
        last = add
    graph.add_node(Node("out", "Output"))
    graph.connect(last, "out")
    return Project(graph, "bench", {"source": "synthetic", "name": "regression"}, {})


def timed(step: Callable[[], Any]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    args = parser.parse_args()
    steps = ("load", "check", "summary")
    print(f"{'nodes':>8}  " + "  ".join(f"{s:>20}" for s in steps))
    per_node: dict[str, list[float]] = {s: [] for s in steps}
    check_s = 0.0
    for size in args.sizes:
        project = residual_chain(size)
        document = project.to_dict()
        n = len(project.graph)
        times = {
            "load": timed(lambda d=document: project_from_dict(d)),
            "check": timed(lambda p=project: engine.check(p)),
            "summary": timed(lambda p=project: engine.summary(p.graph)),
        }
        check_s = times["check"]
        for step in steps:
            per_node[step].append(times[step] / n * 1e6)
        cells = [f"{times[s]:7.2f} s {times[s] / n * 1e6:6.1f} us/n" for s in steps]
        print(f"{n:>8}  " + "  ".join(f"{c:>20}" for c in cells))
    growth = {s: per_node[s][-1] / per_node[s][0] for s in steps}
    print(
        "per-node cost, largest / smallest: "
        + ", ".join(f"{s} {g:.1f}x" for s, g in growth.items())
    )
    print(f"target: check of the largest < {CHECK_TARGET_S:.0f} s and growth < {FLAT:.0f}x")
    return 0 if check_s < CHECK_TARGET_S and max(growth.values()) < FLAT else 1


if __name__ == "__main__":
    sys.exit(main())
