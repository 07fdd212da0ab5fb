"""Test-wide settings: Qt runs offscreen, torch on few threads (CI has 2 cores)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# The suite draws the same hypothesis cases every run, so main stays green on what it has
# proved; `make fuzz` draws new cases (and more of them) to find what it has not.
settings.register_profile("suite", derandomize=True)
settings.register_profile("fuzz", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One torch thread per process, here and in every CLI subprocess: CI has 2 cores, and run
# headers then name a fixed choice ("1 CPU thread (OMP_NUM_THREADS)").
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the test process once pytest has reported, without Python's shutdown: tearing
    down Qt's and torch's objects after a session of windows can segfault at random, which
    would turn a green run red after its last line."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status)
