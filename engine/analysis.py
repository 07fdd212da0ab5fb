"""`analyze(project)`: all the engine says about a project, from one shape inference:
shapes, the summary rows and totals, and the problems (validation, lint, data fit).

The editor runs it once per edit on graphs of thousands of nodes and `layerlab check`
prints its problems, so both show the same findings and no part infers shapes again.
"""

from __future__ import annotations

from engine.config import TrainingConfig
from engine.datafit import fit_problems
from engine.errors import ConfigError, Problem
from engine.lint import check
from engine.model_summary import SummaryReport, SummaryRow, summary
from engine.project import Project
from engine.shapes import ShapeReport, infer_shapes


class Analysis:
    """Shapes, summary and problems of one state of a project, with per-node look-ups."""

    def __init__(self, shapes: ShapeReport, report: SummaryReport, problems: list[Problem]):
        self.shapes = shapes
        self.summary = report
        self.problems = problems  # check's (errors first, then lint), then the data fit's
        self._rows = {r.node_id: r for r in report.rows}
        self._by_node: dict[str | None, list[Problem]] = {}
        for p in problems:
            self._by_node.setdefault(p.node_id, []).append(p)

    def row(self, node_id: str) -> SummaryRow | None:
        return self._rows.get(node_id)

    def problems_of(self, node_id: str) -> list[Problem]:
        return self._by_node.get(node_id, [])

    @property
    def error_count(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    def changed_nodes(self, before: Analysis | None) -> set[str]:
        """Nodes whose row or problems differ from `before` (every node when None): what a
        view showing per-node results must redraw after an edit."""
        if before is None:
            return set(self._rows)
        nodes = self._rows.keys() | before._rows.keys()
        return {
            n
            for n in nodes
            if self._rows.get(n) != before._rows.get(n)
            or self.problems_of(n) != before.problems_of(n)
        }


def analyze(project: Project) -> Analysis:
    """Analyse a project for training as its settings say (batch size and optimizer set
    the memory estimate; unreadable settings are a problem and count as the defaults)."""
    shapes = infer_shapes(project.graph)
    try:
        training = project.training_config
    except ConfigError:  # check() reports it
        training = TrainingConfig()
    report = summary(project.graph, training.batch_size, training.optimizer.to_dict(), shapes)
    problems = check(project, shapes) + fit_problems(project, shapes)
    return Analysis(shapes, report, problems)
