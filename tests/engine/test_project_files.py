"""Project files: every load error names the file and the place; saves are atomic."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import engine
from engine import ProjectError


@pytest.fixture
def base(examples_dir: Path) -> dict[str, Any]:
    return json.loads((examples_dir / "binary_classifier.layerlab").read_text())


def _load_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "p.layerlab"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        engine.load_project(path)
    prefix = f"{path}: "
    message = str(caught.value)
    assert message.startswith(prefix)
    return message[len(prefix) :]


def _edited(base: dict[str, Any], edit) -> str:
    data = copy.deepcopy(base)
    edit(data)
    return json.dumps(data)


CASES = {
    "newer version": (
        lambda d: d.update(version=2),
        "version: written by a newer LayerLab (format version 2); this version reads up "
        "to 1. Please upgrade LayerLab.",
    ),
    "missing field": (lambda d: d.pop("graph"), 'graph: missing required key "graph"'),
    "missing node id": (
        lambda d: d["graph"]["nodes"][1].pop("id"),
        'graph.nodes[1].id: missing required key "id"',
    ),
    "wrong type": (
        lambda d: d.update(training=[1]),
        "training: must be an object; got list [1]",
    ),
    "unknown layer type": (
        lambda d: d["graph"]["nodes"][1].update(type="Linaer"),
        "graph.nodes[1].type: node 'fc1': unknown layer type 'Linaer'; did you mean 'Linear'?",
    ),
    "bad param value": (
        lambda d: d["graph"]["nodes"][1]["params"].update(out_features=-3),
        "graph.nodes[1].params.out_features: node 'fc1': param 'out_features': "
        "must be >= 1; got -3",
    ),
    "misspelt param": (
        lambda d: d["graph"]["nodes"][1]["params"].update(out_feature=3),
        "graph.nodes[1].params.out_feature: node 'fc1': param 'out_feature': Linear has no "
        "param 'out_feature' (did you mean 'out_features'?); it takes: out_features, bias",
    ),
    "edge to nowhere": (
        lambda d: d["graph"]["edges"].append({"from": "fc3", "to": "ghost"}),
        "graph.edges[6].to: refers to unknown node 'ghost'",
    ),
    "not a project": (
        lambda d: d.update(format="keras"),
        'format: not a LayerLab project ("format" is \'keras\', expected "layerlab")',
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_load_errors_name_the_place(tmp_path, base, case):
    edit, message = CASES[case]
    assert _load_error(tmp_path, _edited(base, edit)) == message


def test_truncated_and_invalid_json(tmp_path, base):
    text = json.dumps(base)
    assert _load_error(tmp_path, text[:200]) == (
        "line 1 column 201: ends early (truncated JSON?): Expecting value"
    )
    assert _load_error(tmp_path, "hello") == "line 1 column 1: invalid JSON: Expecting value"


def test_missing_file(tmp_path):
    with pytest.raises(ProjectError, match=r"nope\.layerlab: no such file"):
        engine.load_project(tmp_path / "nope.layerlab")


def test_round_trip_keeps_unknown_keys_and_everything_else(tmp_path, base):
    data = copy.deepcopy(base)
    data["plugin_notes"] = {"kept": [1, 2]}
    source = tmp_path / "in.layerlab"
    source.write_text(json.dumps(data))
    project = engine.load_project(source)
    engine.save_project(project, tmp_path / "out.layerlab")
    again = json.loads((tmp_path / "out.layerlab").read_text())
    assert again == data


def test_save_is_atomic(tmp_path, examples_dir):
    target = tmp_path / "p.layerlab"
    project = engine.load_project(examples_dir / "binary_classifier.layerlab")
    engine.save_project(project, target)
    before = target.read_text()
    project.name = "broken \ud800"  # a lone surrogate cannot be written as UTF-8
    with pytest.raises(UnicodeEncodeError):
        engine.save_project(project, target)
    assert target.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.layerlab"]  # no temp file left
