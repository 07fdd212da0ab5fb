"""engine.optim's optimizers step exactly as torch's own, without the torch._dynamo import
(1.5 s) torch's wrappers pay on an eager run. In fresh processes: once anything imports
dynamo, the optimizers keep torch's wrappers and there would be nothing to check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SAME_STEPS = """
import json, sys, warnings
import torch
from engine.choices import OPTIMIZERS
from engine.optim import make_optimizer

warnings.simplefilter("error")  # an LR scheduler warns when it misses optimizer steps
torch.manual_seed(0)
batches = [torch.randn(8, 4) for _ in range(3)]
start = torch.nn.Linear(4, 3).state_dict()


def train(make):
    model = torch.nn.Linear(4, 3)
    model.load_state_dict(start)
    optimizer = make(list(model.parameters()))
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    for x in batches:
        optimizer.zero_grad()
        model(x).pow(2).mean().backward()
        optimizer.step()
        scheduler.step()
    optimizer.load_state_dict(optimizer.state_dict())
    return optimizer, [p.detach().clone() for p in model.parameters()]


report, ours = {}, {}
for name in OPTIMIZERS:  # ours first: torch's own step imports dynamo
    settings = {"type": name, "lr": 0.05}
    optimizer, ours[name] = train(lambda p: make_optimizer(settings, p, torch.device("cpu")))
    options = {k: v for k, v in optimizer.defaults.items() if k in ("fused", "foreach")}
    report[name] = {
        "replaced": "outside_compile" in optimizer.step.__qualname__,
        "grad_on_after": torch.is_grad_enabled(),
        "options": options,
    }
report["dynamo"] = "torch._dynamo" in sys.modules
for name in OPTIMIZERS:
    cls, options = getattr(torch.optim, name), report[name].pop("options")
    _, theirs = train(lambda p: cls(p, lr=0.05, **options))
    report[name]["same"] = all(torch.equal(a, b) for a, b in zip(ours[name], theirs))
print(json.dumps(report))
"""

EAGER_RUN = """
import sys
import engine
project = engine.load_project(sys.argv[1])
project.training["scheduler"] = {"type": "OneCycleLR"}  # steps every batch
result = engine.train(project, epochs=1, device="cpu")
print(result.status, "torch._dynamo" in sys.modules)
"""


def _run(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-c", code, *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_every_optimizer_steps_exactly_as_torch_steps_it_and_never_imports_dynamo() -> None:
    report = json.loads(_run(SAME_STEPS))
    assert report.pop("dynamo") is False
    for name, found in report.items():
        assert found == {"replaced": True, "grad_on_after": True, "same": True}, name


def test_an_eager_training_run_never_imports_dynamo(examples_dir: Path) -> None:
    with warnings.catch_warnings():
        line = _run(EAGER_RUN, str(examples_dir / "cnn.layerlab"))
    assert line == "completed False"
