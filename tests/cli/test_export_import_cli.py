"""`layerlab export` and `layerlab import` as a user runs them: exit codes, the parity
figure, and one-line errors on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import engine
from engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "binary_classifier.layerlab"

USER_MODULE = """
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(10, 16), nn.ReLU())
        self.head = nn.Linear(16, 2)

    def forward(self, x):
        h = self.body(x)
        return self.head(h + torch.relu(h))


class Wavy(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 2)

    def forward(self, x):
        return torch.sin(self.fc(x)) + x.cumsum(1)[:, :2]
"""


def layerlab(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_export_onnx_prints_the_parity_figure(tmp_path: Path) -> None:
    out = tmp_path / "model.onnx"
    done = layerlab("export", str(EXAMPLE), "--format", "onnx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "largest difference from the LayerLab model on 3 samples" in done.stdout
    assert out.stat().st_size > 0


def test_export_python_with_weights_from_a_weights_file(tmp_path: Path) -> None:
    project = engine.load_project(EXAMPLE)
    engine.save_weights(engine.build_model(project.graph), tmp_path / "w.safetensors", project)
    out = tmp_path / "model.py"
    assert main(["export", str(tmp_path / "w.safetensors"), "-o", str(out)]) == 0
    assert "class Model(nn.Module):" in out.read_text(encoding="utf-8")


def test_export_errors_exit_2_or_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "none.layerlab"), "-o", str(tmp_path / "m.py")]) == 2
    assert (
        capsys.readouterr().err == f"layerlab: error: {tmp_path / 'none.layerlab'}: no such file\n"
    )

    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "m.txt")]) == 2
    assert "cannot tell the format; use a .py or .onnx file name" in capsys.readouterr().err

    model = engine.build_model(engine.load_project(EXAMPLE).graph)
    with torch.no_grad():
        next(model.parameters()).fill_(float("nan"))
    engine.save_weights(model, tmp_path / "nan.safetensors")
    out = tmp_path / "m.py"
    assert (
        main(
            ["export", str(EXAMPLE), "-o", str(out), "--weights", str(tmp_path / "nan.safetensors")]
        )
        == 1
    )
    assert "outputs are not finite" in capsys.readouterr().err
    assert not out.exists()


def test_import_writes_a_project_that_builds(tmp_path: Path) -> None:
    (tmp_path / "mine.py").write_text(USER_MODULE, encoding="utf-8")
    done = layerlab(
        "import", "mine.py:Classifier", "--input-shape", "10", "-o", "c.layerlab", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote c.layerlab: 7 nodes from Classifier")
    project = engine.load_project(tmp_path / "c.layerlab")
    assert engine.build_model(project.graph)(torch.randn(2, 10)).shape == (2, 2)


def test_import_with_weights_gives_the_modules_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--weights` writes the constructed module's weights: load_model computes what the
    module does, with nothing else at hand."""
    (tmp_path / "mine.py").write_text(USER_MODULE, encoding="utf-8")
    target = f"{tmp_path / 'mine.py'}:Classifier"
    out, weights = tmp_path / "c.layerlab", tmp_path / "c.safetensors"
    torch.manual_seed(3)
    args = ["import", target, "--input-shape", "10", "-o", str(out), "--weights", str(weights)]
    assert main(args) == 0
    assert f"wrote {out} and {weights}:" in capsys.readouterr().out
    torch.manual_seed(3)  # the same construction as the import's
    from engine.importers import load_module_class

    module = load_module_class(target)().eval()
    x = torch.randn(4, 10)
    with torch.no_grad():
        assert torch.allclose(engine.load_model(weights)(x), module(x), atol=1e-6)


def test_import_errors_exit_2_and_list_what_is_unsupported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.py").write_text(USER_MODULE, encoding="utf-8")
    target = f"{tmp_path / 'mine.py'}:Wavy"
    out = str(tmp_path / "w.layerlab")
    assert main(["import", target, "--input-shape", "10", "-o", out]) == 2
    err = capsys.readouterr().err
    assert err.startswith("layerlab: error: cannot import Wavy: 2 operation(s)")
    line = USER_MODULE.splitlines().index(
        "        return torch.sin(self.fc(x)) + x.cumsum(1)[:, :2]"
    )
    code = f"mine.py:{line + 1} (return torch.sin(self.fc(x)) + x.cumsum(1)[:, :2])"
    assert f"{code}: torch.sin has no LayerLab layer" in err
    assert f"{code}: Tensor.cumsum has no LayerLab layer" in err
    assert not Path(out).exists()

    assert main(["import", target, "--input-shape", "ten", "-o", out]) == 2
    assert "--input-shape 'ten': expected positive sizes like 3,32,32" in capsys.readouterr().err
    assert main(["import", f"{tmp_path / 'mine.py'}:Nope", "--input-shape", "10", "-o", out]) == 2
    assert "has no nn.Module class named 'Nope'" in capsys.readouterr().err
    assert main(["import", "mine.py", "--input-shape", "10", "-o", out]) == 2
    assert "expected MODULE.py:ClassName" in capsys.readouterr().err


def test_import_help_warns_that_it_runs_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "this runs MODULE.py" in " ".join(capsys.readouterr().out.split())


def test_import_onnx_needs_no_shape_and_brings_the_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A LayerLab model exported to ONNX comes back through `layerlab import` with its
    weights (the file's round trip), and a .py target still needs its input shape."""
    model = engine.build_model(engine.load_project(EXAMPLE).graph).eval()
    engine.export_model(model, tmp_path / "m.onnx")
    out, weights = tmp_path / "m.layerlab", tmp_path / "m.safetensors"
    assert (
        main(["import", str(tmp_path / "m.onnx"), "-o", str(out), "--weights", str(weights)]) == 0
    )
    assert "largest output difference from onnxruntime" in capsys.readouterr().out
    x = torch.randn(5, 10)
    with torch.no_grad():
        assert torch.allclose(engine.load_model(weights)(x), model(x), atol=1e-5)
    assert engine.load_project(out).graph == engine.load_model(weights).graph

    (tmp_path / "mine.py").write_text(USER_MODULE, encoding="utf-8")
    assert main(["import", f"{tmp_path / 'mine.py'}:Classifier", "-o", str(out)]) == 2
    assert "--input-shape is required for a Python module" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "m.onnx"), "--input-shape", "10", "-o", str(out)]) == 2
    assert "--input-shape does not apply to an ONNX file" in capsys.readouterr().err
