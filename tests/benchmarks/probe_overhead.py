"""Layer-health probes' cost: samples/s of the example CNN trained with the probes off and
on (every 50 steps, what the app's overlay uses), side by side in one run.

Both runs use the same project, seed and device; samples/s counts training samples over
the time between RunStarted and the end of the run (validation passes included, as in
the app), setup excluded: wall time, and this process's CPU time, which other processes
on a shared machine disturb far less (on a GPU only wall time means anything). Runs are
interleaved and each setting keeps its best round. Target: <= 3% slower with probes.

    python tests/benchmarks/probe_overhead.py [--rounds 5] [--epochs 3] [--every 50] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import engine  # noqa: E402
from engine.events import ProbeSample, RunStarted  # noqa: E402


def samples_per_s(
    project: engine.Project, epochs: int, device: str, probes: int | None
) -> tuple[float, float]:
    """(per wall second, per CPU second) of one run."""
    began: list[tuple[float, float]] = []
    sampled: list[int] = []

    def on_event(event: object) -> None:
        if isinstance(event, RunStarted):
            began.append((time.perf_counter(), time.process_time()))
        elif isinstance(event, ProbeSample):
            sampled.append(event.step)

    trainer = engine.Trainer(project, epochs=epochs, device=device, on_event=on_event,
                             probes=probes)  # fmt: skip
    trainer.run()
    wall, cpu = time.perf_counter() - began[0][0], time.process_time() - began[0][1]
    assert bool(sampled) == bool(probes), "probes on must sample, off must not"
    samples = trainer.data.n_train * epochs
    return samples / wall, samples / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--every", type=int, default=50, help="probe interval in steps")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--quick", action="store_true", help="one short round, to check it works")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.epochs = 1, 1
    project = engine.load_project(ROOT / "resources" / "examples" / "cnn.layerlab")
    samples_per_s(project, 1, args.device, None)  # warm-up: imports, kernels, caches
    best = {"off": [0.0, 0.0], "on": [0.0, 0.0]}
    for _ in range(args.rounds):
        for name, probes in (("off", None), ("on", args.every)):
            rates = samples_per_s(project, args.epochs, args.device, probes)
            best[name] = [max(a, b) for a, b in zip(best[name], rates, strict=True)]
    print(f"example CNN on {args.device}, {args.epochs} epochs, best of {args.rounds} rounds")
    print(f"{'samples/s':24}{'per wall s':>12}{'per CPU s':>12}")
    print(f"{'probes off':24}{best['off'][0]:12,.0f}{best['off'][1]:12,.0f}")
    print(f"{f'probes on (every {args.every})':24}{best['on'][0]:12,.0f}{best['on'][1]:12,.0f}")
    off, on = best["off"], best["on"]
    overhead = [100 * (a - b) / a for a, b in zip(off, on, strict=True)]
    print(f"{'overhead':24}{overhead[0]:11.1f}%{overhead[1]:11.1f}%")


if __name__ == "__main__":
    main()
