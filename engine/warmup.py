"""Pay a first training run's one-off costs ahead of time: importing torch, the
torch._dynamo import that every optimizer's constructor triggers (seconds, the largest
part of a first run's wait), the data source's modules, and the first call of each kernel
(oneDNN builds its convolution primitives on first use). The app runs this on a
background thread once its window shows, so the first F5 plots within about a second.
"""

from __future__ import annotations

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
    import torch

    from engine import training  # noqa: F401  (the Trainer's own imports)
    from engine.build import build_model
    from engine.optim import make_optimizer

    cpu = torch.device("cpu")
    weight = torch.nn.Parameter(torch.zeros(1))
    make_optimizer({"type": "Adam"}, [weight], cpu)  # imports torch._dynamo
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
