"""Compiled training (`"compile": true`) against eager, on the MLP and the small CNN of
train_throughput.py: the one-off compile time and the steady samples/s of each.

Each run trains the same project; samples/s is taken over the epochs after the first
(which holds the compile), best of the rounds, runs interleaved.

    python tests/benchmarks/compile_gain.py [--rounds 3] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# Compile from scratch every time (inductor otherwise reuses its on-disk cache).
os.environ.setdefault("TORCHINDUCTOR_FORCE_DISABLE_CACHES", "1")

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from train_throughput import cnn_project, mlp_project  # noqa: E402

import engine  # noqa: E402


def run(project: engine.Project, epochs: int, compile_: bool) -> tuple[float, float]:
    """(samples/s over epochs 2.., seconds of epoch 1 beyond a steady epoch)."""
    marks: list[float] = []

    def on_event(event: object) -> None:
        if type(event).__name__ in ("RunStarted", "EpochEnded"):
            marks.append(time.perf_counter())

    engine.train(project, epochs=epochs, device="cpu", compile=compile_, on_event=on_event)
    steady = (marks[-1] - marks[1]) / (epochs - 1)
    n_train = round(project.data["samples"] * (1 - project.data["validation_split"]))
    return n_train / steady, (marks[1] - marks[0]) - steady


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    torch.set_num_threads(args.threads)
    print(
        f"torch {torch.__version__}, {args.threads} CPU thread(s), {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f} at start"
    )
    for project, epochs in ((mlp_project(20000, 4), 4), (cnn_project(4000, 4), 4)):
        best = {False: 0.0, True: 0.0}
        compile_s: list[float] = []
        for _ in range(args.rounds):
            for mode in (False, True):
                rate, first = run(project, epochs, mode)
                best[mode] = max(best[mode], rate)
                if mode:
                    compile_s.append(first)
        print(f"\n{project.name} (train samples/s after the first epoch, best of {args.rounds})")
        print(f"  eager      {best[False]:>10,.0f}")
        print(f"  compiled   {best[True]:>10,.0f}   {best[True] / best[False]:5.2f}x eager")
        print(f"  compile    {compile_s[0]:>10.1f} s (first epoch beyond a steady one, first run)")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
