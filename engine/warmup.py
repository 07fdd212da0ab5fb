"""Pay a first training run's one-off costs ahead of time: importing torch (the largest
part of a first run's wait), the optimizers' and the data source's modules, and the first
call of each kernel (oneDNN builds its convolution primitives on first use). The app runs
this on a background thread once its window shows, so the first F5 plots within about a
second.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

    from engine.build import GraphModule
    from engine.project import Project

WARM_SAMPLES_LIMIT = 20_000  # generated data this small loads in well under a second


def warm_up(project: Project | None = None) -> None:
    """Import and initialise what training `project` will need, on the CPU; one tiny
    forward, backward and optimizer step of its model when it builds. The project is
    only read (pass a copy when another thread may edit it); failures are left for the
    real run to report."""
    preload_torch_library()
    import torch

    from engine import training  # noqa: F401  (the Trainer's own imports)
    from engine.build import build_model
    from engine.optim import make_optimizer

    cpu = torch.device("cpu")
    weight = torch.nn.Parameter(torch.zeros(1))
    make_optimizer({"type": "Adam"}, [weight], cpu)
    if project is None:
        return
    model = build_model(project.graph)
    x = _sample_batch(project, model)
    if x is None:
        return
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = make_optimizer(project.training.get("optimizer"), params, cpu)
    outputs = model(x)
    out = outputs[0] if isinstance(outputs, tuple) else outputs
    if params and out.requires_grad:
        out.float().sum().backward()
        optimizer.step()


def _sample_batch(project: Project, model: GraphModule) -> torch.Tensor | None:
    """Two rows of the project's data (small generated sets are loaded, which also warms
    their generator), else zeros of the Input's shape; None for inputs of ids."""
    import torch

    data = project.data
    if data.get("source") == "synthetic" and int(data.get("samples", 0)) <= WARM_SAMPLES_LIMIT:
        from engine.data import load_data

        return load_data(project).inputs(torch.arange(2))  # as the model reads them
    input_id = model.input_ids[0]
    node = project.graph.nodes[input_id]
    if not str(node.params.get("dtype", "float32")).startswith("float"):
        return None
    return torch.zeros(2, *model.input_shapes[input_id])


def preload_torch_library() -> None:
    """Load libtorch (hundreds of MB, seconds of C++ static initialisers) through libc's
    dlopen, which ctypes calls with the GIL released; `import torch` then finds it loaded.
    Left to the import, the load holds the GIL throughout and the GUI thread stands still:
    0.96 s against 0.21 s with the preload, at load 12 on 2 cores
    (tests/benchmarks/warmup_stall.py). Linux only; a no-op wherever anything differs from
    what it expects."""
    if not sys.platform.startswith("linux") or "torch" in sys.modules:
        return
    spec = importlib.util.find_spec("torch")
    if spec is None or not spec.submodule_search_locations:
        return
    library = Path(spec.submodule_search_locations[0], "lib", "libtorch.so")
    dlopen = getattr(ctypes.CDLL(None), "dlopen", None)  # in libc from glibc 2.34
    if dlopen is None or not library.is_file():
        return
    dlopen.restype, dlopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_int]
    dlopen(os.fsencode(library), os.RTLD_NOW)  # never closed: torch keeps it loaded too
