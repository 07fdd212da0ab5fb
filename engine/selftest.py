"""`layerlab --self-test`: proves an installation or a frozen bundle works, without a window.

Each check exercises one thing a bundle can lose (example files, torch operators, the
trainer, safetensors, the Qt plugins) and prints one line; the exit status is 0 when all
pass, 1 otherwise. The qt check runs gui/selftest.py, loaded by name only when it runs,
so `import engine` stays Qt-free.
"""

from __future__ import annotations

import importlib
import math
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine import paths
from engine.layers import input_nodes
from engine.project import Project, load_project

BINARY_CLASSIFIER = "binary_classifier.layerlab"


def sample_inputs(project: Project, batch_size: int = 2) -> list[Any]:
    """One batch per Input node (graph order): zeros for token ids, noise for features."""
    import torch

    generator = torch.Generator().manual_seed(0)
    inputs = []
    for node in input_nodes(project.graph):
        shape = (batch_size, *node.params["shape"])
        if node.params.get("dtype") == "int64":
            inputs.append(torch.zeros(shape, dtype=torch.int64))
        else:
            inputs.append(torch.randn(shape, generator=generator))
    return inputs


def _outputs(value: Any) -> tuple[Any, ...]:
    return value if isinstance(value, tuple) else (value,)


def check_examples() -> str:
    """Every bundled example loads, builds and runs a finite forward pass."""
    import torch

    import engine

    examples = paths.examples()
    if not examples:
        raise RuntimeError(f"no example projects in {paths.resource('examples')}")
    for path in examples:
        project = load_project(path)
        model = engine.build_model(project.graph).eval()
        with torch.no_grad():
            outputs = _outputs(model(*sample_inputs(project)))
        if not all(torch.isfinite(out).all() for out in outputs):
            raise RuntimeError(f"{path.name}: the forward pass gave non-finite values")
    return f"{len(examples)} built and ran ({', '.join(p.stem for p in examples)})"


def check_train(state: dict[str, Any]) -> str:
    """The binary classifier trains for one epoch on the CPU to a finite loss."""
    import engine

    project = load_project(paths.resource("examples", BINARY_CLASSIFIER))
    result = engine.train(project, epochs=1, device="cpu")
    state["project"], state["model"] = project, result.model
    loss = result.history["train_loss"][-1]
    if result.status != "completed" or not math.isfinite(loss):
        raise RuntimeError(f"training {result.status} (loss {loss}) {result.message}".strip())
    accuracy = result.history["val_accuracy"][-1]
    return f"1 epoch on {result.device}, loss {loss:.4f}, validation accuracy {accuracy:.2f}"


def check_weights(state: dict[str, Any]) -> str:
    """Weights saved as safetensors reload into a model that gives identical outputs."""
    import torch

    import engine

    project = state.get("project") or load_project(paths.resource("examples", BINARY_CLASSIFIER))
    model = (state.get("model") or engine.build_model(project.graph)).eval()
    with tempfile.TemporaryDirectory(prefix="layerlab-selftest-") as tmp:
        path = Path(tmp) / "weights.safetensors"
        engine.save_weights(model, path, project=project)
        reloaded = engine.load_model(path).eval()
    inputs = sample_inputs(project, batch_size=8)
    with torch.no_grad():
        pairs = zip(_outputs(model(*inputs)), _outputs(reloaded(*inputs)), strict=True)
        if not all(torch.equal(a, b) for a, b in pairs):
            raise RuntimeError("the reloaded model gives different outputs")
    return "saved, reloaded, identical outputs"


def check_qt() -> str:
    """The GUI half lives in gui/selftest.py: the engine never imports Qt itself, and reaches
    the app by name, as the CLI's app launcher does."""
    return importlib.import_module("gui.selftest").check_qt()


def check_platform() -> str:
    """The plugin a real window needs (gui/selftest.py), not just offscreen."""
    return importlib.import_module("gui.selftest").check_platform()


def run(debug: bool = False, out: Callable[[str], None] = print) -> int:
    """Run every check, printing `ok` or `FAIL` per line; 0 if none failed."""
    state: dict[str, Any] = {}
    checks: list[tuple[str, Callable[[], str]]] = [
        ("examples", check_examples),
        ("train", lambda: check_train(state)),
        ("weights", lambda: check_weights(state)),
        ("qt", check_qt),
        ("platform", check_platform),
    ]
    failed = []
    for name, check in checks:
        try:
            detail = check()
        except Exception as err:
            failed.append(name)
            out(f"FAIL  {name}: {type(err).__name__}: {err}")
            if debug:
                traceback.print_exc()
        else:
            out(f"ok    {name}: {detail}")
    if failed:
        out(f"self-test failed: {', '.join(failed)}")
        return 1
    out("self-test passed")
    return 0
