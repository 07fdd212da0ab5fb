"""How long importing torch on a background thread stops the main thread, with and without
engine.warmup.preload_torch_library (libtorch loaded through dlopen with the GIL released).

Each run is a fresh process: its main thread ticks every 2 ms (as the GUI's event loop
would) while a thread imports torch; the longest gap between ticks is the stall a user
would see. Runs interleaved, median of each.

    python tests/benchmarks/warmup_stall.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def child(preload: bool) -> None:
    """Import torch on a thread; print the main thread's longest gap between ticks."""
    sys.path.insert(0, str(ROOT))
    from engine.warmup import preload_torch_library

    def work() -> None:
        if preload:
            preload_torch_library()
        import torch  # noqa: F401

    thread = threading.Thread(target=work)
    longest, last = 0.0, time.perf_counter()
    thread.start()
    while thread.is_alive():
        time.sleep(0.002)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    print(json.dumps({"stall_s": longest}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("preload", "plain"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child == "preload")
        return 0
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    stalls: dict[str, list[float]] = {"preload": [], "plain": []}
    for _ in range(args.runs):
        for mode in stalls:
            done = subprocess.run(
                [sys.executable, __file__, "--child", mode],
                capture_output=True,
                text=True,
                timeout=300,
                check=True,
            )
            stalls[mode].append(json.loads(done.stdout)["stall_s"])
    for mode, times in stalls.items():
        each = ", ".join(f"{t * 1e3:.0f}" for t in times)
        label = "with the preload" if mode == "preload" else "import alone    "
        print(f"{label}: longest stall median {statistics.median(times) * 1e3:.0f} ms ({each})")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
