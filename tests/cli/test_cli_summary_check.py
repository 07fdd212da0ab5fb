"""`layerlab summary` and `layerlab check` as a user runs them (in this process, see cli_runner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import Done
from cli_runner import layerlab as run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "binary_classifier.layerlab"


def layerlab(*args: str | Path) -> Done:
    return run_cli(*args, cwd=ROOT)


def _write(tmp_path: Path, edit) -> Path:
    data = json.loads(EXAMPLE.read_text())
    edit(data)
    path = tmp_path / "p.layerlab"
    path.write_text(json.dumps(data))
    return path


def test_summary_table():
    result = layerlab("summary", EXAMPLE, "--batch", "4")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Binary classifier ({EXAMPLE})"
    assert lines[2].split() == ["Node", "Type", "Settings", "Output", "shape", "Params"]
    assert "fc1   Linear  128       (128,)         1,408" in result.stdout
    assert "Total params:         9,729" in result.stdout
    assert "Training memory (batch 4, Adam): " in result.stdout


def test_summary_json_is_stable():
    result = layerlab("summary", EXAMPLE, "--json")
    data = json.loads(result.stdout)
    assert list(data) == [
        "name",
        "nodes",
        "total_params",
        "trainable_params",
        "non_trainable_params",
        "batch_size",
        "optimizer",
        "memory",
    ]
    assert data["batch_size"] == 64  # the project's training batch size
    assert data["memory"]["weights"] == 9729 * 4
    assert data["nodes"][-1] == {
        "node_id": "out",
        "type": "Output",
        "output_shape": [1],
        "params": 0,
        "label": "",
        "problem": None,
    }


def test_check_clean_example_exits_0():
    result = layerlab("check", EXAMPLE)
    assert (result.returncode, result.stdout) == (0, f"{EXAMPLE}: ok\n")


def test_check_warnings_exit_0_and_name_the_node(tmp_path):
    def add_sigmoid(data):
        graph = data["graph"]
        graph["nodes"].insert(-1, {"id": "squash", "type": "Sigmoid"})
        graph["edges"][-1] = {"from": "fc3", "to": "squash"}
        graph["edges"].append({"from": "squash", "to": "out"})

    path = _write(tmp_path, add_sigmoid)
    result = layerlab("check", path)
    assert result.returncode == 0
    first, summary = result.stdout.splitlines()
    assert first.startswith(f"{path}: squash: warning: Sigmoid feeds Output 'out': ")
    assert summary == "0 error(s), 1 warning(s)"


def test_check_errors_exit_1(tmp_path):
    conv = {"type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3}}
    path = _write(tmp_path, lambda d: d["graph"]["nodes"][3].update(conv))
    result = layerlab("check", path)
    assert result.returncode == 1
    assert (
        f"{path}: fc2: error: Conv2d expects (C, H, W) input; got (128,) from act1" in result.stdout
    )
    path = _write(tmp_path, lambda d: d["graph"]["edges"].pop())
    result = layerlab("check", path)
    assert result.returncode == 1
    assert f"{path}: out: error: Output needs 1 input(s); 0 connected" in result.stdout


@pytest.mark.parametrize("command", ["summary", "check"])
def test_invalid_file_exits_2_without_traceback(tmp_path, command):
    path = _write(tmp_path, lambda d: d["graph"]["nodes"][1].update(type="Linaer"))
    result = layerlab(command, path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"layerlab: error: {path}: graph.nodes[1].type: node 'fc1': unknown layer type "
        "'Linaer'; did you mean 'Linear'?\n"
    )
    missing = layerlab(command, tmp_path / "none.layerlab")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
