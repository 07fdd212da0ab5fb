"""Where a project's data files are, and which of them lie outside its folder.

A project downloaded from someone else may point `data.path` anywhere (`../secret.csv`,
`/home/me/.ssh/...`); training would read that file and store its class names in the
weights. `check` and the app show such paths before they are used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import Problem
from engine.paths import resource

if TYPE_CHECKING:
    from engine.project import Project

PATH_KEYS = ("path", "images", "labels")  # data-section keys that name files or folders


def data_paths(project: Project) -> list[Path]:
    """Every file or folder the data section names, resolved against the project folder."""
    data = project.data if isinstance(project.data, dict) else {}
    keys = PATH_KEYS + (("x", "y") if "path" not in data else ())  # npz: two .npy files
    return [
        (project.base_dir / value).resolve()
        for key in keys
        if isinstance(value := data.get(key), str)
        and value
        and (key in PATH_KEYS or value.endswith(".npy"))
    ]


def data_outside_project(project: Project) -> list[Path]:
    """The data paths that are not inside the project's folder (links followed); the data
    of LayerLab's own examples (an example opened untitled reads it there) is not asked about."""
    folder = project.base_dir.resolve()
    shipped = resource("examples").resolve()
    return [
        p
        for p in data_paths(project)
        if not p.is_relative_to(folder) and not p.is_relative_to(shipped)
    ]


def location_problems(project: Project) -> list[Problem]:
    """One warning per data path outside the project's folder."""
    return [
        Problem(
            "warning",
            f"the data file {path} lies outside the project's folder; training reads it "
            "and stores its class names in the weights. Train only if you trust this project",
            code="data-outside",
        )
        for path in data_outside_project(project)
    ]
