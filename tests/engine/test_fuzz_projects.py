"""A mutation fuzzer over project documents: the example projects' JSON with hostile
values, missing keys, extra edges (cycles), other layer types, extreme numbers.

Properties: loading, check and summary either succeed or raise LayerLabError (nothing
else); the CLI's check and summary end with exit 0, 1 or 2 and a `layerlab: error:` line,
never a traceback; and whatever check accepts builds, runs forward with the inferred
shapes, and exports to Python code that reloads with the same outputs.

A few hundred cases run by default; `-m slow` runs thousands.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
from cli_runner import layerlab
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import engine
from engine import LayerLabError, all_specs
from engine.cli import main as cli_main
from engine.export.common import sample_inputs
from engine.layers import ParamSpec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {
    p.stem: json.loads(p.read_text())
    for p in sorted((ROOT / "resources/examples").glob("*.layerlab"))
}
DATA_FILES = [p for p in (ROOT / "resources/examples").iterdir() if p.suffix != ".layerlab"]
LAYERS = [s for s in all_specs() if s.role == "layer"]
BUILD_LIMIT = 2_000_000  # params or per-sample values: larger models are not built here


def _deep(levels: int = 80) -> list[Any]:
    """A list nested deeper than a project may be (built fresh: mutations must never
    reach into a value another example shares)."""
    value: list[Any] = []
    for _ in range(levels):
        value = [value]
    return value


deep = _deep()
PATH_DEPTH = 16  # mutations stay this shallow; deeper lies only hostile nesting

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0, -1, 2**31, 2**63, 10**30, -(10**20)]),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0, 0.5, 1e-300, 2.5]),
    st.sampled_from(["", "x", "Linear", "Output", "auto", "../../../etc/passwd", "é" * 300]),
    st.lists(st.integers(-2, 70), max_size=4),
    st.sampled_from([{}, [], {"type": "Adam"}, {"type": 5}, [[1, 2], [3]]]).map(copy.deepcopy),
    st.builds(_deep),
)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path in a JSON document (the root excluded)."""
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        yield (*here, key)
        if len(here) < PATH_DEPTH:
            yield from _paths(child, (*here, key))


def _at(doc: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    """(container, key) of a path."""
    for key in path[:-1]:
        doc = doc[key]
    return doc, path[-1]


def _param_value(spec: ParamSpec) -> st.SearchStrategy[Any]:
    """Mostly plausible values for a param, with its bounds and a few extremes."""
    low = int(spec.min) if spec.min is not None else -4
    high = int(spec.max) if spec.max is not None and spec.max < 64 else low + 64
    ints = st.integers(low, max(low, high)) | st.sampled_from([low, 2**31 - 1, -1, 0])
    plain = {
        "int": ints,
        "float": st.floats(spec.min or -2.0, spec.max or 4.0, allow_nan=False) | st.just(1e300),
        "bool": st.booleans(),
        "choice": st.sampled_from(spec.choices or (None,)),
        "str": st.text(max_size=5),
        "strs": st.lists(st.text(max_size=3), max_size=2),
        "ints": ints | st.lists(st.integers(0, 5), min_size=1, max_size=3),
        "floats": st.floats(0, 2) | st.lists(st.floats(0, 2), min_size=1, max_size=3),
        "shape": st.lists(st.integers(-1, 12), min_size=1, max_size=4),
    }
    return plain[spec.kind] | HOSTILE


@st.composite
def mutated(draw: st.DrawFn, valid_bias: bool = False) -> dict[str, Any]:
    """An example project with 1-4 mutations. `valid_bias` favours edits that keep the
    graph buildable (other layer types, inserted layers, plausible params), so the
    build-and-export property sees many accepted graphs."""
    doc = copy.deepcopy(EXAMPLES[draw(st.sampled_from(sorted(EXAMPLES)))])
    kinds = (
        ["retype", "insert", "param"]
        if valid_bias
        else [
            "set",
            "set",
            "delete",
            "edge",
            "retype",
            "insert",
            "param",
            "drop-node",
        ]
    )
    for _ in range(draw(st.integers(1, 4 if not valid_bias else 2))):
        nodes = doc.get("graph", {}).get("nodes") if isinstance(doc.get("graph"), dict) else None
        nodes = (
            [n for n in nodes if isinstance(n, dict) and "id" in n]
            if isinstance(nodes, list)
            else []
        )
        kind = draw(st.sampled_from(kinds))
        if kind in ("set", "delete") or not nodes:
            paths = list(_paths(doc))
            if not paths:
                break
            container, key = _at(doc, draw(st.sampled_from(paths)))
            if kind == "delete" and isinstance(container, dict):
                del container[key]
            else:
                container[key] = draw(HOSTILE)
        elif kind == "edge":
            ids = [n["id"] for n in nodes]
            edge = {"from": draw(st.sampled_from(ids)), "to": draw(st.sampled_from(ids))}
            if draw(st.booleans()):
                edge["port"] = draw(st.integers(0, 2))
            edges = doc["graph"].setdefault("edges", [])
            if isinstance(edges, list):
                edges.append(edge)
        elif kind == "retype":
            node = draw(st.sampled_from(nodes))
            spec = draw(st.sampled_from(LAYERS))
            node["type"] = spec.type
            node["params"] = (
                spec.initial_params()
                if draw(st.booleans()) or valid_bias
                else node.get("params", {})
            )
        elif kind == "insert":
            edges = doc["graph"].get("edges")
            edges = [e for e in edges if isinstance(e, dict)] if isinstance(edges, list) else []
            if not edges:
                continue
            edge = draw(st.sampled_from(edges))
            spec = draw(st.sampled_from([s for s in LAYERS if s.inputs[0] <= 1]))
            new_id = f"fuzz{len(nodes)}"
            nodes_list = doc["graph"]["nodes"]
            nodes_list.append({"id": new_id, "type": spec.type, "params": spec.initial_params()})
            doc["graph"]["edges"].append({"from": new_id, "to": edge.get("to")})
            edge["to"] = new_id
            edge.pop("port", None)
        elif kind == "param":
            node = draw(st.sampled_from(nodes))
            try:
                spec = engine.get_spec(node.get("type"))
            except (LayerLabError, TypeError):
                continue
            if spec.params and isinstance(node.get("params", {}), dict):
                param = draw(st.sampled_from(spec.params))
                node.setdefault("params", {})[param.name] = draw(_param_value(param))
        elif kind == "drop-node":
            doc["graph"]["nodes"].remove(draw(st.sampled_from(nodes)))
    return doc


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder holding the examples' data files (paths resolve against it)."""
    path = tmp_path_factory.mktemp("fuzz")
    for data in DATA_FILES:
        if data.is_file():
            shutil.copy(data, path)
    return path


def _write(folder: Path, doc: dict[str, Any]) -> Path:
    path = folder / "fuzz.layerlab"
    path.write_text(json.dumps(doc), encoding="utf-8")  # NaN and Infinity on purpose
    return path


def _cli(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(args))
    return code, err.getvalue()


def loads_checks_and_summarises(folder: Path, doc: dict[str, Any]) -> None:
    path = _write(folder, doc)
    try:
        project = engine.load_project(path)
    except LayerLabError as err:
        assert str(err).startswith(f"{path}: ") and str(err) != f"{path}: "
        event("refused at load")
        project = None
    if project is not None:
        problems = engine.check(project) + engine.fit_problems(project)  # as `check` prints
        assert all(isinstance(p.message, str) and p.message for p in problems)
        engine.summary(project.graph)
        errors = any(p.severity == "error" for p in problems)
        event("check found errors" if errors else "check accepted")
    for command in ("check", "summary"):
        code, stderr = _cli(command, str(path))
        assert code in (0, 1, 2), (command, code)
        assert "Traceback" not in stderr
        if code == 2:
            assert stderr.startswith("layerlab: error: "), stderr
        if project is None:
            assert code == 2
        elif command == "check":
            assert code == (1 if errors else 0)


def accepted_graphs_build_run_and_export(folder: Path, doc: dict[str, Any]) -> None:
    try:
        project = engine.project.project_from_dict(doc)
    except LayerLabError:
        event("refused at load")
        return
    if any(p.severity == "error" for p in engine.check(project)):
        event("check found errors")
        return
    report = engine.summary(project.graph)
    values = max((math.prod(r.output_shape) for r in report.rows if r.output_shape), default=0)
    if report.total_params > BUILD_LIMIT or values > BUILD_LIMIT:
        event("accepted, too large to build in a test")
        return
    event("accepted: built, run and exported")
    model = engine.build_model(project.graph).eval()
    shapes = engine.infer_shapes(project.graph)
    batch = sample_inputs(model, batch_size=2)
    with torch.no_grad():
        out = model(*batch)
    outputs = out if isinstance(out, tuple) else (out,)
    for node_id, tensor in zip(model.output_ids, outputs, strict=True):
        assert tuple(tensor.shape) == (2, *shapes.output(node_id))
    engine.export_python(project.graph, folder / "model.py")


FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _cases(prop: Callable[[Path, dict[str, Any]], None], n: int, valid_bias: bool) -> Any:
    return settings(FUZZ, max_examples=n)(given(doc=mutated(valid_bias))(prop))


test_hostile_documents_load_check_and_summarise_or_say_why = _cases(
    loads_checks_and_summarises, 300, False
)
test_what_check_accepts_builds_runs_and_exports = _cases(
    accepted_graphs_build_run_and_export, 150, True
)
test_hostile_documents_many = pytest.mark.slow(_cases(loads_checks_and_summarises, 3000, False))
test_accepted_graphs_many = pytest.mark.slow(
    _cases(accepted_graphs_build_run_and_export, 1000, True)
)


# -- the real command (engine.cli.main, in this process) ----------------------------------
def _merge_cycle(doc: dict[str, Any]) -> None:
    doc["graph"]["nodes"].append({"id": "a", "type": "Add"})
    doc["graph"]["edges"] += [{"from": "fc1", "to": "a"}, {"from": "a", "to": "a", "port": 1}]


def _nan_pos(doc: dict[str, Any]) -> None:
    doc["graph"]["nodes"][0]["pos"] = [math.nan, 0]


HAND_MADE: dict[str, tuple[Callable[[dict[str, Any]], None], int, str]] = {
    "cycle through a merge": (_merge_cycle, 1, "error: the graph has a cycle: a -> a"),
    "NaN position": (_nan_pos, 2, "graph.nodes[0].pos[0]: must be a finite number; got NaN"),
    "epochs text": (
        lambda d: d["training"].update(epochs="x"),
        2,
        "training.epochs: must be an integer; got 'x'",
    ),
    "output feeds output": (
        lambda d: (
            d["graph"]["nodes"].append({"id": "out2", "type": "Output"}),
            d["graph"]["edges"].append({"from": "out", "to": "out2"}),
        ),
        1,
        "out2: error: 'out' is an Output, which ends the model",
    ),
    "deep nesting": (lambda d: d.update(notes=deep), 2, "notes" + "[0]" * 63),
}


@pytest.mark.parametrize("case", HAND_MADE, ids=list(HAND_MADE))
def test_real_cli_on_hostile_projects(tmp_path, case):
    edit, code, text = HAND_MADE[case]
    doc = copy.deepcopy(EXAMPLES["binary_classifier"])
    edit(doc)
    path = _write(tmp_path, doc)
    done = layerlab("check", path, cwd=ROOT)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert text in (done.stdout + done.stderr)
    if done.returncode == 2:
        assert done.stderr.startswith("layerlab: error: ")
