"""engine.warmup's preload: libtorch loads before `import torch`, with the GIL released,
and torch then works as usual (first_f5.py measures the GUI stall it saves)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CODE = """
import sys
from engine.warmup import preload_torch_library
preload_torch_library()
with open("/proc/self/maps", encoding="utf-8") as maps:
    print("torch" in sys.modules, "libtorch_cpu.so" in maps.read())
import torch
print(float(torch.nn.Linear(3, 1)(torch.ones(2, 3)).sum().isfinite()))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="preloading is Linux only")
def test_libtorch_loads_before_the_torch_import_and_torch_then_works() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "1.0"]
