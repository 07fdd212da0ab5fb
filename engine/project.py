"""Project files (`*.layerlab`, UTF-8 JSON, format version 1): load, validate, migrate, save.

Every error names the file and the key path (graph.nodes[2].type) so a user can fix it by
hand. Saves are atomic: a crash mid-write never leaves a half-written project.
"""

from __future__ import annotations

import copy
import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from engine import atomic
from engine.config import DataConfig, TrainingConfig
from engine.errors import ConfigError, GraphError, LayerLabError, ParamError, ProjectError
from engine.graph import Edge, Graph, Node
from engine.layers import get_spec

FORMAT = "layerlab"
FORMAT_VERSION = 1
KNOWN_KEYS = ("format", "version", "name", "graph", "data", "training")
MAX_DEPTH = 64  # JSON nesting a project may have (real ones stay under 8)
MAX_BYTES = 256 * 1024 * 1024  # a project file larger than this is not a project
T = TypeVar("T")


@dataclass
class Project:
    """A graph plus its data and training settings. `extra` keeps unknown top-level keys."""

    graph: Graph = field(default_factory=Graph)
    name: str = "Untitled"
    data: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    _typed: dict[str, tuple[Any, Any]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def training_config(self) -> TrainingConfig:
        """The training section, typed; raises ConfigError naming a bad key."""
        return self._parsed("training", TrainingConfig.parse)

    @property
    def data_config(self) -> DataConfig:
        """The data section, typed; raises ConfigError naming a bad key."""
        return self._parsed("data", DataConfig.parse)

    def _parsed(self, key: str, parse: Callable[[Any], T]) -> T:
        """Parse a section once; again only after someone edited it (forms, scripts)."""
        raw = getattr(self, key)
        cached = self._typed.get(key)
        if cached is None or cached[0] != raw:
            cached = (copy.deepcopy(raw), parse(raw))
            self._typed[key] = cached
        return cached[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "name": self.name,
            "graph": self.graph.to_dict(),
            "data": copy.deepcopy(self.data),
            "training": copy.deepcopy(self.training),
            **copy.deepcopy(self.extra),
        }

    def copy(self) -> Project:
        return project_from_dict(self.to_dict(), self.path)

    @property
    def base_dir(self) -> Path:
        """Where relative data paths are resolved: the project file's folder."""
        return self.path.parent if self.path else Path.cwd()


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read a project file; raises ProjectError naming the file and the place."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError
        if path.exists() and not path.is_file():
            raise ProjectError("is not a regular file (a device or pipe?)", str(path))
        if path.stat().st_size > MAX_BYTES:
            raise ProjectError(
                f"is larger than {MAX_BYTES // 2**20} MB; is it a LayerLab project?", str(path)
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError("no such file", str(path)) from None
    except IsADirectoryError:
        raise ProjectError("is a folder, not a project file", str(path)) from None
    except UnicodeDecodeError:
        raise ProjectError("is not UTF-8 text; is it a LayerLab project?", str(path)) from None
    except OSError as err:
        raise ProjectError(f"cannot read: {err.strerror}", str(path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        what = "ends early (truncated JSON?)" if err.pos >= len(text.rstrip()) else "invalid JSON"
        raise ProjectError(
            f"{what}: {err.msg}", str(path), f"line {err.lineno} column {err.colno}"
        ) from None
    except RecursionError:
        raise ProjectError(f"JSON nested deeper than {MAX_DEPTH} levels", str(path)) from None
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        raise ProjectError(f"invalid JSON: {err}", str(path)) from None
    try:
        return project_from_dict(data, path.resolve())
    except ProjectError as err:
        raise ProjectError(err.detail, str(path), err.where) from None


def project_from_dict(data: Any, path: Path | None = None) -> Project:
    """Build a Project from parsed JSON, migrating older format versions."""
    check_json(data)
    _expect(data, dict, "")
    if data.get("format") != FORMAT:
        raise ProjectError(
            f'not a LayerLab project ("format" is {data.get("format")!r}, expected "{FORMAT}")',
            where="format",
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ProjectError(f"must be an integer; got {version!r}", where="version")
    if version > FORMAT_VERSION:
        raise ProjectError(
            f"written by a newer LayerLab (format version {version}); this "
            f"version reads up to {FORMAT_VERSION}. Please upgrade LayerLab.",
            where="version",
        )
    if version < 1:
        raise ProjectError(f"unknown format version {version}", where="version")
    data = migrate(data, version)
    name = data.get("name", "Untitled")
    _expect(name, str, "name")
    if "graph" not in data:
        raise ProjectError('missing required key "graph"', where="graph")
    graph = _graph_from_dict(data["graph"], "graph")
    section = {}
    for key in ("data", "training"):
        section[key] = data.get(key, {})
        _expect(section[key], dict, key)
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    project = Project(graph, name, section["data"], section["training"], extra, path)
    try:  # parsed here, once: a bad setting is a load error naming its key
        project.training_config  # noqa: B018
        project.data_config  # noqa: B018
    except ConfigError as err:
        raise ProjectError(err.detail, where=err.where) from None
    return project


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Upgrade an older format version in place to the current one (v1 is the first)."""
    return data


def graph_from_dict(data: Any, where: str = "graph") -> Graph:
    """Parse and check the graph section: node types and params are validated here."""
    check_json(data, where)
    return _graph_from_dict(data, where)


def _graph_from_dict(data: Any, where: str) -> Graph:
    _expect(data, dict, where)
    nodes_data = data.get("nodes")
    if nodes_data is None:
        raise ProjectError('missing required key "nodes"', where=where + ".nodes")
    _expect(nodes_data, list, where + ".nodes")
    graph = Graph()
    for i, raw in enumerate(nodes_data):
        place = f"{where}.nodes[{i}]"
        _expect(raw, dict, place)
        node = _node_from_dict(raw, place)
        try:
            graph.add_node(node)
        except GraphError as err:
            raise ProjectError(str(err), where=place) from None
    edges_data = data.get("edges", [])
    _expect(edges_data, list, where + ".edges")
    for i, raw in enumerate(edges_data):
        place = f"{where}.edges[{i}]"
        _expect(raw, dict, place)
        for key in ("from", "to"):
            if key not in raw:
                raise ProjectError(f'missing required key "{key}"', where=f"{place}.{key}")
            _expect(raw[key], str, f"{place}.{key}")
            if raw[key] not in graph.nodes:
                raise ProjectError(f"refers to unknown node '{raw[key]}'", where=f"{place}.{key}")
        port = raw.get("port", 0)
        if isinstance(port, bool) or not isinstance(port, int) or port < 0:
            raise ProjectError(
                f"must be a non-negative integer; got {port!r}", where=f"{place}.port"
            )
        graph.edges.append(Edge(raw["from"], raw["to"], port))
    return graph


def _node_from_dict(raw: dict[str, Any], place: str) -> Node:
    for key in ("id", "type"):
        if key not in raw:
            raise ProjectError(f'missing required key "{key}"', where=f"{place}.{key}")
        _expect(raw[key], str, f"{place}.{key}")
    node_id, type_name = raw["id"], raw["type"]
    params = raw.get("params", {})
    _expect(params, dict, f"{place}.params")
    try:
        spec = get_spec(type_name)
        spec.resolve(params, node_id)
    except ParamError as err:
        raise ProjectError(
            str(err), where=f"{place}.params.{err.param}" if err.param else f"{place}.params"
        ) from None
    except LayerLabError as err:
        raise ProjectError(f"node '{node_id}': {err}", where=f"{place}.type") from None
    pos = raw.get("pos")
    if pos is not None:
        if (
            not isinstance(pos, list)
            or len(pos) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos)
        ):
            raise ProjectError(f"must be [x, y]; got {pos!r}", where=f"{place}.pos")
        pos = (float(pos[0]), float(pos[1]))
    trainable = raw.get("trainable", True)
    if not isinstance(trainable, bool):
        raise ProjectError(f"must be true or false; got {trainable!r}", where=f"{place}.trainable")
    return Node(node_id, type_name, copy.deepcopy(params), pos, trainable)


def _expect(value: Any, kind: type, where: str) -> None:
    names: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}
    if not isinstance(value, kind):
        raise ProjectError(
            f"must be {names.get(kind, kind.__name__)}; got {type(value).__name__} {brief(value)}",
            where=where or None,
        )


def brief(value: Any, limit: int = 40) -> str:
    """A short JSON preview of a value for messages (bounded in time and length)."""
    if isinstance(value, dict):
        return "{...}" if value else "{}"
    nested = isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)
    if nested or (isinstance(value, list) and len(value) > 8):
        return "[...]"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_json(value: Any, where: str = "") -> None:
    """Refuse what a project must not hold: numbers that are not finite (NaN, Infinity,
    1e999), nesting deeper than MAX_DEPTH, keys that are not strings, non-JSON objects.

    Iterative, so even a 100,000-deep document cannot exhaust the stack; only containers
    go on the stack and the path of an offending value is built only when there is one.
    """
    if problem := _leaf_problem(value):
        raise ProjectError(problem, where=where or None)
    stack: list[tuple[Any, int, Any]] = [(value, 0, None)]  # (container, depth, path link)
    while stack:
        item, depth, link = stack.pop()
        if not isinstance(item, (dict, list, tuple)):
            continue
        if depth >= MAX_DEPTH:
            raise ProjectError(f"nested deeper than {MAX_DEPTH} levels", where=_path(where, link))
        is_dict = isinstance(item, dict)
        for key, child in item.items() if isinstance(item, dict) else enumerate(item):
            if is_dict and type(key) is not str:
                raise ProjectError(f"key {key!r:.40} is not a string", where=_path(where, link))
            kind = type(child)
            if kind is str or kind is int or kind is bool or child is None:
                continue  # the common case, kept cheap
            if problem := _leaf_problem(child):
                raise ProjectError(problem, where=_path(where, (key, link)))
            stack.append((child, depth + 1, (key, link)))


def _leaf_problem(value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        shown = "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
        return f"must be a finite number; got {shown}"
    if value is None or isinstance(value, (str, int, float, dict, list, tuple)):
        return None
    return f"is not a JSON value ({type(value).__name__})"


def _path(where: str, link: Any) -> str | None:
    """graph.nodes[2].pos[0] from a chain of (key, parent) links."""
    keys = []
    while link is not None:
        keys.append(link[0])
        link = link[1]
    text = where
    for key in reversed(keys):
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text or None


def save_project(project: Project, path: str | os.PathLike[str]) -> None:
    """Write atomically (temp file in the same folder, then rename) and set project.path."""
    path = Path(path)
    document = project.to_dict()
    check_json(document)  # a NaN set in memory must not become a file no one can read
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    atomic.atomic_write_text(path, text)
    project.path = path.resolve()
