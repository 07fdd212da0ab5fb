"""Time from `layerlab` process start to the main window on screen, in real processes.

Each run starts `python -m engine.cli` (what the `layerlab` script runs) with the built-in
example; the app prints when its window has been shown and quits. Reports every run and
the median; fails if the median is over the 0.5 s target or torch was imported.

    python tests/benchmarks/gui_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_S = 0.5


def one_run(env: dict[str, str]) -> tuple[float, bool]:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("shown ")), None)
    if line is None:
        raise SystemExit(f"the app did not report a shown window:\n{done.stderr}")
    shown = float(line.split()[1])
    return shown - start, "torch=True" in line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "LAYERLAB_STARTUP_PROBE": "1",
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "XDG_CONFIG_HOME": str(Path(home) / "cfg"),
            "XDG_DATA_HOME": str(Path(home) / "data"),
        }
        one_run(env)  # warm the file cache; not counted
        runs = [one_run(env) for _ in range(args.runs)]
    times = [t for t, _ in runs]
    median = statistics.median(times)
    print("runs (s): " + ", ".join(f"{t:.3f}" for t in times))
    print(f"median time to window shown: {median:.3f} s (target < {TARGET_S:.1f} s)")
    torch_loaded = any(loaded for _, loaded in runs)
    print(f"torch imported before the window showed: {torch_loaded}")
    return 0 if median < TARGET_S and not torch_loaded else 1


if __name__ == "__main__":
    sys.exit(main())
