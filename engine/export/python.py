"""Graph -> one standalone, readable PyTorch file that imports only torch.

The code is generated from the layer registry (each spec's `module_path` and
`constructor_kwargs`), so every layer type exports without a line here. Node ids become
Python names only through `identifier()`, and every value is written as a Python literal:
a node id can never inject code. LayerLab's own modules are copied into the file.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import keyword
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import torch
from torch import nn

from engine.atomic import atomic_write_text
from engine.export.common import (
    DEFAULT_TOLERANCE,
    ExportError,
    ExportReport,
    ParityError,
    Source,
    as_outputs,
    check_parity,
    fresh,
    resolve_model,
    sample_inputs,
)
from engine.graph import Graph
from engine.layers import get_spec, input_nodes, output_nodes
from engine.layers.spec import MODULES, LayerSpec, Shape
from engine.shapes import infer_shapes
from engine.weights import save_weights

# Names generated code must not rebind: keywords, the file's globals, and everything an
# nn.Module (or the exported class) already has as an attribute.
RESERVED = frozenset(
    {*keyword.kwlist, *keyword.softkwlist, "self", "torch", "nn", "load_weights"}
    | set(dir(nn.Module))
)


def identifier(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unreserved Python name for `text`, unique among `taken`.

    Runs of other characters become one "_", leading and trailing underscores go (no
    dunders, no name mangling), a leading digit gets an "n", reserved names get a "_".
    """
    name = re.sub(r"[^0-9A-Za-z_]+", "_", text).strip("_") or "node"
    if name[0].isdigit():
        name = "n" + name
    if name in RESERVED:
        name += "_"
    taken = set(taken)
    unique, n = name, 2
    while unique in taken:
        unique, n = f"{name}_{n}", n + 1
    return unique


def python_source(graph: Graph, class_name: str = "Model") -> str:
    """The text of the exported file; raises ExportError naming any node it cannot write."""
    report = infer_shapes(graph)
    if problems := report.problem_text():
        raise ExportError(f"cannot export the model: {problems}")
    order = graph.topological_order()
    specs = {nid: get_spec(node.type) for nid, node in graph.nodes.items()}
    copied: dict[str, type] = {}
    constructors = {  # ends are arguments and results; merges and reshape read as code
        nid: _constructor(nid, specs[nid], report[nid], copied)
        for nid in order
        if specs[nid].role == "layer" and specs[nid].inline is None
    }
    support = _support_code(copied)
    if not class_name.isidentifier() or class_name in RESERVED or class_name in support:
        raise ExportError(f"class name {class_name!r} is not a free Python name")
    cls = class_name
    taken = {cls, *support}
    names: dict[str, str] = {}
    for nid in graph.nodes:
        if specs[nid].role != "output":
            names[nid] = identifier(nid, taken)
            taken.add(names[nid])

    inputs = {
        names[node.id]: _describe(report[node.id].output, report[node.id].params or {})
        for node in input_nodes(graph)
    }
    init = [f"self.{names[nid]} = {code}" for nid, code in constructors.items()]
    forward, reads = [], []
    for nid in order:
        inline = specs[nid].inline
        if specs[nid].role != "layer":
            continue
        args = [names[e.source] for e in graph.incoming(nid)]
        reads.append(args)
        if inline is None:
            forward.append(f"{names[nid]} = self.{names[nid]}({', '.join(args)})")
        else:
            forward.append(f"{names[nid]} = {inline(args, report[nid].params or {})}")
    results = [names[graph.incoming(node.id)[0].source] for node in output_nodes(graph)]
    forward = _free_after_last_use(forward, reads, set(results))
    renamed = {nid: names[nid] for nid in constructors if names[nid] != nid}
    return _render(cls, support, inputs, init, forward, results, renamed)


def _free_after_last_use(lines: list[str], reads: list[list[str]], keep: set[str]) -> list[str]:
    """`relu = self.relu(conv1);  conv1 = None`: each value is let go on the line that
    reads it last (as torch.fx's generated code does), so inference stays lean."""
    last = {name: i for i, names in enumerate(reads) for name in names}
    out = []
    for i, line in enumerate(lines):
        freed = [n for n in dict.fromkeys(reads[i]) if last[n] == i and n not in keep]
        out.append(f"{line};  {' = '.join(freed)} = None" if freed else line)
    return out


def _constructor(nid: str, spec: LayerSpec, info: Any, copied: dict[str, type]) -> str:
    """`nn.Linear(in_features=10, out_features=4)`: the spec's class and kwargs, leaving out
    the arguments equal to the class's own defaults."""
    if spec.build is not None:
        raise ExportError(f"node '{nid}': {spec.type} is built by custom code; cannot export it")
    path, _, name = spec.module_path.rpartition(".")
    cls = getattr(importlib.import_module(path), name)
    if spec.module_path.startswith(MODULES):
        copied[name] = cls
        prefix = ""
    elif path == "torch.nn":
        prefix = "nn."
    elif path.startswith("torch."):
        prefix = path + "."
    else:
        raise ExportError(f"node '{nid}': {spec.module_path} is not part of torch; cannot export")
    shapes: list[Shape] = [s for s in info.inputs if s is not None]
    defaults = inspect.signature(cls).parameters
    kwargs = [
        f"{key}={literal(value)}"
        for key, value in spec.constructor_kwargs(shapes, info.params or {}).items()
        if not (key in defaults and _same(defaults[key].default, value))
    ]
    return f"{prefix}{name}({', '.join(kwargs)})"


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def literal(value: Any) -> str:
    """Python source for a JSON-like param value; anything else is refused, not repr'd."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise ExportError(f"cannot write a {type(value).__name__} parameter as code")


def _support_code(names: Iterable[str]) -> dict[str, str]:
    """Source of the named LayerLab modules plus every class and function of
    engine/layers/modules.py they mention (base classes, helpers), in that file's order."""
    module = importlib.import_module(MODULES.rstrip("."))
    local = {
        name: obj
        for name, obj in vars(module).items()
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and obj.__module__ == module.__name__
    }
    needed: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name not in needed:
            needed.add(name)
            stack += [w for w in re.findall(r"\w+", inspect.getsource(local[name])) if w in local]
    ordered = sorted(needed, key=lambda n: inspect.getsourcelines(local[n])[1])
    return {name: inspect.getsource(local[name]) for name in ordered}


def _describe(shape: Shape | None, params: dict[str, Any]) -> str:
    dims = ", ".join(str(d) for d in shape or ())
    return f"(batch, {dims}) {params.get('dtype', 'float32')}"


def _render(
    cls: str,
    support: dict[str, str],
    inputs: dict[str, str],
    init: list[str],
    forward: list[str],
    results: list[str],
    renamed: dict[str, str],
) -> str:
    """Assemble the file: docstring, imports, copied LayerLab modules, the model class."""
    returns = "torch.Tensor" if len(results) == 1 else "tuple[torch.Tensor, ...]"
    body = [
        f"class {cls}(nn.Module):",
        '    """Layers are named after the LayerLab node ids. Inputs (batch first):',
        "",
        *(f"        {name}: {about}" for name, about in inputs.items()),
        '    """',
        "",
        "    def __init__(self) -> None:",
        "        super().__init__()",
        *(f"        {line}" for line in init),
        "",
        f"    def forward(self, {', '.join(f'{n}: torch.Tensor' for n in inputs)}) -> {returns}:",
        *(f"        {line}" for line in forward),
        f"        return {', '.join(results)}",
        "",
        f"    def load_weights(self, path: str) -> {cls}:",
        '        """Load a LayerLab .safetensors weights file (strict: every key must fit)."""',
        "        from safetensors.torch import load_file",
        "",
        "        state = load_file(path)",
        *(
            ["        state = {_attribute_key(key): value for key, value in state.items()}"]
            if renamed
            else []
        ),
        "        self.load_state_dict(state)",
        "        return self",
    ]
    parts = [
        f'"""{cls}: a PyTorch model exported by LayerLab. It needs only torch (and',
        "safetensors to load weights):",
        "",
        f'    model = {cls}().load_weights("weights.safetensors").eval()',
        "    outputs = model(*inputs)",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import torch",
        "from torch import nn",
        "",
    ]
    for source in support.values():
        parts += ["", source.rstrip(), ""]
    if renamed:
        parts += [
            "",
            "# LayerLab node ids that are not Python names, and the attribute each became.",
            "RENAMED = {",
            *(f"    {literal(nid)}: {literal(name)}," for nid, name in renamed.items()),
            "}",
            "",
            "",
            "def _attribute_key(key: str) -> str:",
            '    """A weights-file key (node id first) as this module\'s state_dict key."""',
            '    node, _, rest = key.partition(".")',
            '    return f"{RENAMED.get(node, node)}.{rest}"',
            "",
        ]
    return "\n".join([*parts, "", *body, ""])


def export_python(
    source: Source,
    path: str | os.PathLike[str],
    weights: str | os.PathLike[str] | None = None,
    class_name: str = "Model",
    tolerance: float = DEFAULT_TOLERANCE,
) -> ExportReport:
    """Write the model as Python code at `path`, then import that file, load the same
    weights through its `load_weights` and compare its outputs with the LayerLab model's.

    `source` is a Graph, a Project or a built model (whose weights are used); `weights`
    is a .safetensors file to load first. The file is removed again if outputs differ.
    """
    model = resolve_model(source, weights)
    path = Path(path)
    text = python_source(model.graph, class_name)
    try:
        atomic_write_text(path, text, make_folder=False)  # a full disk leaves no empty file
    except OSError as err:
        raise ExportError(f"{path}: cannot write: {err.strerror}") from None
    try:
        exported = _instantiate(path, class_name, model)
        batch = sample_inputs(model, batch_size=3)
        with torch.no_grad():
            # each gets its own copy: an in-place layer (inplace=True) changes its input
            expected = as_outputs(model(*fresh(batch)))
            actual = as_outputs(exported(*fresh(batch)))
        diff = check_parity(expected, actual, tolerance, "the exported Python model")
    except ParityError as err:
        path.unlink(missing_ok=True)
        raise ParityError(f"{err}; {path} was removed") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ExportReport(path, "python", diff, tolerance, len(batch[0]))


def _instantiate(path: Path, class_name: str, model: nn.Module) -> nn.Module:
    """Import the written file and load `model`'s weights through a LayerLab weights file,
    exactly as a user would."""
    spec = importlib.util.spec_from_file_location(f"_layerlab_export_{os.getpid()}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    exported = getattr(module, class_name)()
    with tempfile.TemporaryDirectory() as tmp:
        weights = Path(tmp) / "weights.safetensors"
        save_weights(model, weights)
        exported.load_weights(str(weights))
    return exported.eval()
