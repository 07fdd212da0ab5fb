"""ONNX export: every example runs in onnxruntime with the same outputs as PyTorch, for a
batch size other than the one it was traced with (the batch dimension is dynamic)."""

from __future__ import annotations

from pathlib import Path

import onnx
import pytest
import torch

import engine
from engine.export import ExportError, ParityError, export_onnx
from engine.export.common import as_outputs, sample_inputs
from engine.export.onnx import run_onnx
from engine.paths import examples
from tests.engine.graph_builders import chain


@pytest.mark.parametrize("example", examples(), ids=lambda p: p.stem)
def test_every_example_matches_in_onnxruntime(example: Path, tmp_path: Path) -> None:
    project = engine.load_project(example)
    torch.manual_seed(0)
    weights = tmp_path / "w.safetensors"
    engine.save_weights(engine.build_model(project.graph), weights, project=project)

    report = export_onnx(project, tmp_path / "model.onnx", weights=weights)
    assert report.format == "onnx" and report.max_abs_diff < 1e-4

    exported = onnx.load(str(tmp_path / "model.onnx"))
    assert [i.name for i in exported.graph.input] == engine.load_model(weights).input_ids
    batch_dim = exported.graph.input[0].type.tensor_type.shape.dim[0]
    assert batch_dim.dim_param and not batch_dim.HasField("dim_value")

    reference = engine.load_model(weights)
    batch = sample_inputs(reference, batch_size=5, seed=11)
    with torch.no_grad():
        expected = as_outputs(reference(*batch))
    actual = run_onnx(tmp_path / "model.onnx", dict(zip(reference.input_ids, batch, strict=True)))
    for want, got in zip(expected, actual, strict=True):
        torch.testing.assert_close(got, want, atol=1e-4, rtol=1e-4)


def test_non_finite_outputs_fail_the_export_and_remove_the_file(tmp_path: Path) -> None:
    model = engine.build_model(engine.load_project(examples()[0]).graph)
    with torch.no_grad():
        next(model.parameters()).fill_(float("inf"))
    out = tmp_path / "model.onnx"
    with pytest.raises(ParityError, match=r"not finite.*was removed"):
        export_onnx(model, out)
    assert not out.exists()


def test_two_inputs_and_two_outputs_keep_their_node_names(tmp_path: Path) -> None:
    graph = engine.Graph(
        [
            engine.Node("a", "Input", {"shape": [4]}),
            engine.Node("b", "Input", {"shape": [4]}),
            engine.Node("fc", "Linear", {"out_features": 3}),
            engine.Node("gate", "Multiply"),
            engine.Node("scores", "Output"),
            engine.Node("gated", "Output"),
        ]
    )
    for source, target, port in [
        ("a", "fc", 0),
        ("a", "gate", 0),
        ("b", "gate", 1),
        ("fc", "scores", 0),
        ("gate", "gated", 0),
    ]:
        graph.connect(source, target, port)
    export_onnx(graph, tmp_path / "two.onnx")
    exported = onnx.load(str(tmp_path / "two.onnx"))
    assert [i.name for i in exported.graph.input] == ["a", "b"]
    assert [o.name for o in exported.graph.output] == ["scores", "gated"]


def test_without_onnx_packages_the_error_says_what_to_install(tmp_path: Path) -> None:
    """As in the desktop bundle, which leaves the ONNX packages out."""
    import subprocess
    import sys

    script = (
        "import importlib.util, sys\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda n, *a: None if n == 'onnxscript' else real(n, *a)\n"
        "from engine.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    example = Path(examples()[0])
    done = subprocess.run(
        [sys.executable, "-c", script, "export", str(example), "-o", str(tmp_path / "m.onnx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "layerlab: error: ONNX export needs the package(s) onnxscript: "
        "pip install onnx onnxscript onnxruntime (Python export works without them)"
    )
    assert not (tmp_path / "m.onnx").exists()


def test_a_layer_onnx_cannot_express_is_named_and_no_file_is_left(tmp_path: Path) -> None:
    """torch accepts output_padding below the dilation; ONNX only below the stride, so
    torch would write a file onnxruntime then refuses to run."""
    graph = chain(
        (
            "ConvTranspose1d",
            {"out_channels": 2, "kernel_size": 3, "dilation": 2, "output_padding": 1},
        ),
        shape=[2, 5],
    )
    out = tmp_path / "model.onnx"
    with pytest.raises(ExportError) as caught:
        export_onnx(graph, out)
    assert str(caught.value) == (
        "ONNX export failed: node 'n1' (ConvTranspose1d) with these params has no "
        "ONNX operator; the Python export keeps it"
    )
    assert not out.exists()
