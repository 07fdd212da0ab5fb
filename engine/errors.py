"""Error and problem types shared by every part of the engine.

User-facing failures are messages that say what and where; these types carry the "where"
(file, key path, node id, param) separately so the CLI and GUI can show it their own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from engine.i18n import translate_message

Severity = Literal["error", "warning"]


class LayerLabError(Exception):
    """Base class of every error LayerLab reports to a user (never shown as a traceback)."""


class GraphError(LayerLabError):
    """A structural problem that makes an operation on the graph impossible."""


class CycleError(GraphError):
    """The graph has a cycle; `nodes` lists the node ids on it, in order."""

    def __init__(self, nodes: list[str]) -> None:
        self.nodes = nodes
        super().__init__("the graph has a cycle: " + " -> ".join([*nodes, nodes[0]]))


class ParamError(LayerLabError):
    """A layer parameter has a bad value; the message names the node and the param."""

    def __init__(self, message: str, node_id: str | None = None, param: str | None = None):
        self.node_id = node_id
        self.param = param
        self.detail = message
        where = f"node '{node_id}': " if node_id else ""
        what = f"param '{param}': " if param else ""
        super().__init__(f"{where}{what}{message}")


class ShapeError(LayerLabError):
    """A layer cannot accept its input shapes. `port` names the offending input, if one."""

    def __init__(self, message: str, port: int | None = None) -> None:
        self.port = port
        super().__init__(message)


class ConfigError(LayerLabError):
    """A training or data setting has a bad value; `where` is its key path (training.epochs)."""

    def __init__(self, message: str, where: str) -> None:
        self.where = where
        self.detail = message
        super().__init__(f"{where}: {message}")


class ProjectError(LayerLabError):
    """A project file cannot be read or written. `where` is a key path like graph.nodes[2]."""

    def __init__(self, message: str, file: str | None = None, where: str | None = None):
        self.file = file
        self.where = where
        self.detail = message
        parts = [p for p in (file, where) if p]
        super().__init__(": ".join([*parts, message]))


@dataclass(frozen=True)
class Fix:
    """A one-step repair a user can accept: set `param` of node `node_id` to `value`."""

    node_id: str
    param: str
    value: Any
    text: str  # what the fix does, for a button: "Set in's shape to (2,)"


@dataclass(frozen=True)
class Problem:
    """One finding of validation, shape inference or lint, tied to a node where possible."""

    severity: Severity
    message: str
    node_id: str | None = None
    code: str = ""
    fix: Fix | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = f"{self.node_id}: " if self.node_id else ""
        return f"{where}{self.severity}: {translate_message(self.message)}"


class UsageError(LayerLabError):
    """Bad command-line usage or an unreadable input: exit status 2."""
