"""Every bundled example passes check and runs a forward pass of the right shape."""

from __future__ import annotations

import pytest
import torch

import engine
from engine.paths import examples

NAMES = ["binary_classifier", "cnn", "residual_cnn", "lstm_sequence", "transformer_lm"]


def test_the_promised_examples_ship():
    assert {p.stem for p in examples()} >= set(NAMES)


@pytest.mark.parametrize("path", examples(), ids=lambda p: p.stem)
def test_example_checks_clean_and_runs(path):
    project = engine.load_project(path)
    assert engine.check(project) == []
    model = engine.build_model(project.graph).eval()
    (shape,) = model.input_shapes.values()
    params = project.graph.nodes[model.input_ids[0]].params
    x = (
        torch.randint(0, 128, (2, *shape))
        if params.get("dtype") == "int64"
        else torch.randn(2, *shape)
    )
    with torch.no_grad():
        out = model(x)
    assert tuple(out.shape) == (2, *model.output_shapes[model.output_ids[0]])


def test_transformer_lm_is_causal(examples_dir):
    """Changing a later character never changes the predictions for earlier positions."""
    project = engine.load_project(examples_dir / "transformer_lm.layerlab")
    model = engine.build_model(project.graph).eval()
    x = torch.randint(0, 128, (1, 32))
    changed = x.clone()
    changed[0, 20:] = (changed[0, 20:] + 1) % 128
    with torch.no_grad():
        before, after = model(x), model(changed)
    assert before.shape == (1, 32, 128)
    torch.testing.assert_close(before[0, :20], after[0, :20])
    assert not torch.allclose(before[0, 20:], after[0, 20:])
