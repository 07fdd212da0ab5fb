"""The CPU thread policy against real load: with every core kept busy by other processes,
a training run takes one torch thread, not one per core, and its header says why."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import engine
from engine import devices
from engine.events import RunStarted
from engine.project import project_from_dict

# A busy core for at most a minute, even if this test is killed before it stops them.
SPIN = "import time\nend = time.monotonic() + 60\nwhile time.monotonic() < end:\n    pass"
PROJECT = {
    "format": "layerlab",
    "version": 1,
    "graph": {
        "nodes": [
            {"id": "in", "type": "Input", "params": {"shape": [2]}},
            {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
            {"id": "out", "type": "Output"},
        ],
        "edges": [{"from": "in", "to": "fc"}, {"from": "fc", "to": "out"}],
    },
    "data": {"source": "synthetic", "name": "moons", "samples": 200, "classes": 2},
    "training": {"epochs": 1, "loss": {"type": "CrossEntropyLoss"}},
}


@pytest.mark.skipif(devices.usable_cores() < 2, reason="one core cannot be oversubscribed")
def test_a_busy_machine_trains_on_one_thread_and_the_header_says_why(monkeypatch) -> None:
    cores = devices.usable_cores()
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)  # let the policy choose
    # torch's own default outside the suite (which starts it on one thread): a core each
    monkeypatch.setattr(devices, "_TORCH_DEFAULT_THREADS", cores)
    engine.warm_up()  # the one-off imports, before the cores are taken
    spin = [sys.executable, "-c", SPIN]
    spinners = [subprocess.Popen(spin) for _ in range(cores)]
    events: list[object] = []

    def stop_spinning() -> None:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()

    def on_event(event: object) -> None:
        events.append(event)
        if isinstance(event, RunStarted):  # threads are chosen: the rest may run freely
            stop_spinning()

    try:
        engine.train(project_from_dict(PROJECT), device="cpu", on_event=on_event)
    finally:
        stop_spinning()
    header = next(e for e in events if isinstance(e, RunStarted))
    assert re.fullmatch(rf"1 CPU thread \(0\.\d of {cores} cores free\)", header.threads)
