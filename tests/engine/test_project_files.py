"""Project files: every load error names the file and the place; saves are atomic."""

from __future__ import annotations

import copy
import json
import os
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


NOT_FINITE = {
    "pos Infinity": (
        '"pos": [0, 0]',
        '"pos": [Infinity, 0]',
        "graph.nodes[0].pos[0]: must be a finite number; got Infinity",
    ),
    "pos NaN": (
        '"pos": [0, 0]',
        '"pos": [0, NaN]',
        "graph.nodes[0].pos[1]: must be a finite number; got NaN",
    ),
    "lr -Infinity": (
        '"lr": 0.001',
        '"lr": -Infinity',
        "training.optimizer.lr: must be a finite number; got -Infinity",
    ),
    "overflowing float": (
        '"samples": 2000',
        '"samples": 1e999',
        "data.samples: must be a finite number; got Infinity",
    ),
}


@pytest.mark.parametrize("case", NOT_FINITE, ids=list(NOT_FINITE))
def test_numbers_must_be_finite_everywhere(tmp_path, base, case):
    old, new, message = NOT_FINITE[case]
    document = copy.deepcopy(base)
    document["graph"]["nodes"][0]["pos"] = [0, 0]
    text = json.dumps(document)
    assert old in text
    assert _load_error(tmp_path, text.replace(old, new, 1)) == message


def test_deep_nesting_is_an_error_not_a_recursion_error(tmp_path, base):
    deep = "[" * 100_000 + "]" * 100_000
    assert _load_error(tmp_path, deep) == "JSON nested deeper than 64 levels"
    document = copy.deepcopy(base)
    document["notes"] = json.loads("[" * 70 + "]" * 70)
    message = _load_error(tmp_path, json.dumps(document))
    assert message == "notes" + "[0]" * 63 + ": nested deeper than 64 levels"
    in_memory = copy.deepcopy(base)
    node: list = []
    in_memory["graph"]["nodes"][1]["params"]["out_features"] = node
    for _ in range(50_000):  # far deeper than Python's recursion limit
        node.append([])
        node = node[0]
    with pytest.raises(ProjectError, match="nested deeper than 64 levels"):
        engine.project.project_from_dict(in_memory)


def test_huge_integers_and_files_that_are_not_files(tmp_path, base):
    text = json.dumps(base).replace('"samples": 2000', '"samples": ' + "9" * 5000)
    assert _load_error(tmp_path, text).startswith("invalid JSON: Exceeds the limit")
    fifo = tmp_path / "pipe.layerlab"
    os.mkfifo(fifo)  # reading it would block forever
    with pytest.raises(ProjectError, match=r"pipe\.layerlab: is not a regular file"):
        engine.load_project(fifo)
    with pytest.raises(ProjectError, match="is a folder, not a project file"):
        engine.load_project(tmp_path)


def test_save_refuses_non_finite_numbers_and_keeps_the_file(tmp_path, base):
    target = tmp_path / "p.layerlab"
    project = engine.project.project_from_dict(base)
    engine.save_project(project, target)
    before = target.read_text()
    project.graph.nodes["fc1"].pos = (float("inf"), 0.0)
    with pytest.raises(ProjectError, match=r"^graph\.nodes\[1\]\.pos\[0\]: must be a finite"):
        engine.save_project(project, target)
    project.graph.nodes["fc1"].pos = (0.0, 0.0)
    project.training["optimizer"]["lr"] = float("nan")
    with pytest.raises(ProjectError, match=r"^training\.optimizer\.lr: must be a finite number"):
        engine.save_project(project, target)
    assert target.read_text() == before
    assert "Infinity" not in before and "NaN" not in before
