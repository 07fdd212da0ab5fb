"""Does the data fit the graph? Facts about a data section read cheaply (no torch, at most
a file's header), compared with the graph's Input shape and Output width.

The Problems panel runs this on every edit and `layerlab check` prints it, so moons data
(2 features) feeding a 10-feature Input shows before F5, with a fix a click applies.
Facts mirror what engine.data builds (tests cross-check every synthetic set against it).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.choices import CLASS_LOSSES, auto_loss
from engine.data.base import DataError, setting
from engine.data.csvfile import encoded_width, find_categories, labelled_rows
from engine.errors import ConfigError, Fix, LayerLabError, Problem
from engine.layers import fmt_shape, get_spec, input_nodes, output_nodes
from engine.project import Project
from engine.shapes import ShapeReport, infer_shapes

CLASSIFICATION, REGRESSION = "classification", "regression"
HEADER_BYTES = 1 << 16
CSV_SCAN_BYTES = 8 << 20  # a CSV up to this size is read whole for its facts
CSV_HEAD_BYTES = 1 << 20  # of a larger one, this much: its text columns, if any
# What reading a data file's header can raise: each is the file's problem, not ours.
READ_ERRORS = (
    OSError,
    LayerLabError,
    ValueError,
    KeyError,
    IndexError,
    zipfile.BadZipFile,
)  # a CSV header line longer than this is not read
Shape = tuple[int, ...]


@dataclass(frozen=True)
class DataFacts:
    """What a data section yields, as far as known without loading it."""

    sample_shape: Shape | None = None  # None: unknown until loaded
    classes: int | None = None  # None: regression, follows the Output, or unknown
    columns: tuple[str, ...] = ()  # a CSV file's header
    what: str = ""  # names the data in messages: "moons", "iris.csv"
    task: str | None = None  # "classification" or "regression"; None: known once loaded


def describe(data: dict[str, Any], base_dir: Path, hints: dict[str, Any]) -> DataFacts:
    """Facts about `data` given the graph's Input/Output shapes (`hints`, as the loaders
    get them). Raises OSError or LayerLabError when a file cannot be read."""
    source = data.get("source")
    if source == "synthetic":
        return _synthetic(data, hints)
    path = data.get("images" if source == "idx" else "path")
    if not isinstance(path, str) or not path:
        return DataFacts()
    file = base_dir / path
    stat = file.stat()
    if source == "images":  # a folder: its listing is the fact, not one stat
        return _images(file, data, hints)
    key = (str(file), stat.st_mtime_ns, stat.st_size, json.dumps(data, sort_keys=True))
    return _file_facts(*key, json.dumps(hints.get("input")))


def _input_dim(hints: dict[str, Any], axis: int, rank: int, default: int) -> int:
    shape = hints.get("input")
    return shape[axis] if shape and len(shape) == rank else default


def _synthetic(cfg: dict[str, Any], hints: dict[str, Any]) -> DataFacts:
    """The sizes engine.data.synthetic generates for these settings and this graph."""
    name = str(cfg.get("name", "blobs"))
    declared = cfg.get("classes")
    if name == "blobs":
        shape: Shape = (int(setting(cfg, "features", _input_dim(hints, 0, 1, 2))),)
        classes = None if declared is None else int(declared)
    elif name in ("moons", "xor"):
        shape, classes = (2,), 2
    elif name == "spirals":
        shape, classes = (2,), (None if declared is None else int(declared))
    elif name == "regression":
        shape, classes = (int(setting(cfg, "features", _input_dim(hints, 0, 1, 1))),), None
    elif name == "shapes":
        size = int(setting(cfg, "size", _input_dim(hints, 2, 3, 16)))
        channels = int(setting(cfg, "channels", _input_dim(hints, 0, 3, 1)))
        shape, classes = (channels, size, size), (None if declared is None else int(declared))
    elif name == "sequence":
        shape = (int(setting(cfg, "length", _input_dim(hints, 0, 2, 20))), 1)
        classes = None if cfg.get("task", "trend") == "sum" else 2
    else:
        return DataFacts()
    values = name == "regression" or (name == "sequence" and cfg.get("task") == "sum")
    return DataFacts(shape, classes, what=name, task=REGRESSION if values else CLASSIFICATION)


def _images(root: Path, cfg: dict[str, Any], hints: dict[str, Any]) -> DataFacts:
    size = int(setting(cfg, "size", _input_dim(hints, 2, 3, 32)))
    channels = int(setting(cfg, "channels", _input_dim(hints, 0, 3, 3)))
    classes = sum(1 for p in root.iterdir() if p.is_dir())
    return DataFacts((channels, size, size), classes or None, what=root.name, task=CLASSIFICATION)


@lru_cache(maxsize=32)
def _file_facts(file: str, _mtime: int, _size: int, cfg_json: str, input_json: str) -> DataFacts:
    """Facts from a file's header; cached per file version, so edits cost no reads."""
    path, cfg = Path(file), json.loads(cfg_json)
    source = cfg.get("source")
    if source == "csv":
        return _csv(path, cfg)
    if source == "npz":
        return _npz(path, cfg)
    if source == "idx":
        opener = gzip.open if path.read_bytes()[:2] == b"\x1f\x8b" else open
        with opener(path, "rb") as handle:
            head = handle.read(4)
            dims = [int.from_bytes(handle.read(4), "big") for _ in range(head[3])]
        return DataFacts(tuple(dims[1:]) or (1,), what=path.name, task=CLASSIFICATION)
    if source == "text":
        shape = json.loads(input_json)
        context = int(cfg.get("context", shape[0] if shape else 64))
        return DataFacts((context,), what=path.name, task=CLASSIFICATION)  # next-token ids
    return DataFacts()


def _csv(path: Path, cfg: dict[str, Any]) -> DataFacts:
    """The header, and the width of a sample once text columns are one-hot: read whole up
    to CSV_SCAN_BYTES; past that the width is known only if the head has no text."""
    whole = path.stat().st_size <= CSV_SCAN_BYTES
    with path.open(newline="", encoding="utf-8-sig") as handle:
        text = handle.read(CSV_SCAN_BYTES if whole else CSV_HEAD_BYTES)
    if not whole:
        text = text[: text.rfind("\n") + 1] or text[:HEADER_BYTES]
    table = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in table[0]] if table else []
    target = cfg.get("target")
    features = list(cfg.get("features") or [h for h in header if h != target])
    shape = None
    if target in header and all(f in header for f in features):
        rows = [(line, row) for line, row in enumerate(table[1:], 2) if len(row) == len(header)]
        rows = labelled_rows(rows, header.index(target), cfg.get("missing", "error"))
        try:
            categories = find_categories(path, header, rows, features)
        except DataError:
            categories = None  # the loader says why; the width is not known
        if categories is not None and (whole or not categories):
            shape = (encoded_width(features, categories),)
    task = cfg.get("task")  # "auto" is inferred from the whole target column when loaded
    return DataFacts(shape, columns=tuple(header), what=path.name, task=_declared(task))


def _npz(path: Path, cfg: dict[str, Any]) -> DataFacts:
    with zipfile.ZipFile(path) as archive:
        shape, _ = _npy_header(archive, f"{cfg.get('x', 'x')}.npy")
        targets = f"{cfg.get('y', 'y')}.npy"
        y_kind = _npy_header(archive, targets)[1].kind if targets in archive.namelist() else ""
    # As the loader decides: integer (or bool) targets are classes unless told otherwise.
    inferred = (CLASSIFICATION if y_kind in "iub" else REGRESSION) if y_kind else None
    task = _declared(cfg.get("task")) or inferred
    return DataFacts(tuple(shape[1:]) or (1,), what=path.name, task=task)


def _npy_header(archive: zipfile.ZipFile, name: str) -> tuple[tuple[int, ...], Any]:
    """An archived array's shape and dtype, read from its header alone."""
    import numpy as np

    with archive.open(name) as handle:
        major, _ = np.lib.format.read_magic(handle)
        read = np.lib.format.read_array_header_1_0
        shape, _, dtype = (read if major == 1 else np.lib.format.read_array_header_2_0)(handle)
    return tuple(shape), dtype


def _declared(task: Any) -> str | None:
    return task if task in (CLASSIFICATION, REGRESSION) else None


# -- the fit ---------------------------------------------------------------------------------
def fit_problems(project: Project, shapes: ShapeReport | None = None) -> list[Problem]:
    """Problems between the data section and the graph, each with a fix where one is clear.
    `shapes`: the graph's inferred shapes when the caller has them (engine.analyze)."""
    data = project.data
    if not data.get("source"):
        return [
            Problem(
                "warning",
                "the project has no data section; choose a data source (Training > Data)",
                None,
                "no-data",
            )
        ]
    graph = project.graph
    inputs, outputs = input_nodes(graph), output_nodes(graph)
    if len(inputs) != 1 or len(outputs) != 1:
        return []
    report = infer_shapes(graph) if shapes is None else shapes
    input_shape, output_shape = report.output(inputs[0].id), report.output(outputs[0].id)
    hints = {"input": input_shape, "output": output_shape}
    try:
        facts = describe(data, project.base_dir, hints)
    except READ_ERRORS as err:
        text = getattr(err, "strerror", None) or str(err)
        where = data.get("path") or data.get("images") or "the data"
        return [Problem("warning", f"{where}: cannot read ({text})", None, "data-file")]
    problems = []
    if facts.sample_shape and input_shape:
        problem = _input_problem(inputs[0].id, input_shape, facts)
        problems += [problem] if problem else []
    if facts.classes and output_shape and "classes" not in data:
        problem = _class_problem(project, outputs[0].id, output_shape, facts)
        problems += [problem] if problem else []
    return problems


def auto_loss_for(project: Project) -> str | None:
    """The loss training picks for "auto" on this project (the help opens its page); None
    when the data's task or the Output's shape is only known once the data loads."""
    inputs, outputs = input_nodes(project.graph), output_nodes(project.graph)
    if len(inputs) != 1 or len(outputs) != 1 or not project.data.get("source"):
        return None
    report = infer_shapes(project.graph)
    hints = {"input": report.output(inputs[0].id), "output": report.output(outputs[0].id)}
    try:
        facts = describe(project.data, project.base_dir, hints)
    except READ_ERRORS:
        return None
    if facts.task is None or hints["output"] is None:
        return None
    return auto_loss(facts.task, tuple(hints["output"]))


def _input_problem(input_id: str, shape: Shape, facts: DataFacts) -> Problem | None:
    want = facts.sample_shape
    if want is None or math.prod(want) == math.prod(shape):  # the loader views 784 as 1x28x28
        return None
    return Problem(
        "error",
        f"the data ({facts.what}) gives samples of shape {fmt_shape(want)} but Input "
        f"'{input_id}' takes {fmt_shape(shape)}",
        input_id,
        "data-input",
        Fix(input_id, "shape", list(want), f"Set {input_id}'s shape to {fmt_shape(want)}"),
    )


def _class_problem(
    project: Project, output_id: str, shape: Shape, facts: DataFacts
) -> Problem | None:
    """Class count against Output width, for the losses that read it (lint covers class
    counts a data section declares, and a class loss given one score)."""
    classes, scores = facts.classes or 0, shape[-1]
    try:
        named = project.training_config.loss
    except ConfigError:
        named = None  # lint names the bad key; the fit reads what it can
    class_loss = named.type in CLASS_LOSSES if named else scores > 1
    if len(shape) != 1 or scores == classes or (class_loss and scores == 1):
        return None
    if not class_loss and (scores != 1 or classes <= 2):
        return None  # values, or one logit for two classes (binary cross-entropy)
    message = (
        f"the data ({facts.what}) has {classes} classes but Output '{output_id}' gives "
        f"{scores} score{'s' * (scores != 1)}"
    )
    layer = _sized_layer(project, output_id)
    if layer is None:
        return Problem("warning", message, output_id, "data-classes")
    fix = Fix(layer, "out_features", classes, f"Set {layer}'s out_features to {classes}")
    return Problem(
        "warning", f"{message}; set {layer}'s size to {classes}", output_id, "data-classes", fix
    )


def _sized_layer(project: Project, node_id: str) -> str | None:
    """The nearest layer upstream of `node_id`, on a single path, that sets the width."""
    graph, seen = project.graph, {node_id}
    while True:
        edges = graph.incoming(node_id)
        if len(edges) != 1 or edges[0].source in seen:
            return None
        node_id = edges[0].source
        seen.add(node_id)
        spec = get_spec(graph.nodes[node_id].type)
        if any(p.name == "out_features" for p in spec.params):
            return node_id
