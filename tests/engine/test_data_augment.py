"""Augmentation: each step does what its name says on real batches, bad lists are clear
errors, training batches alone are augmented, seeded runs repeat and resume is exact."""

from __future__ import annotations

import itertools

import pytest
import torch
from training_projects import chain, mlp

import engine
from engine.data import DataError, load_data
from engine.data.augment import STEPS, Augment, parse
from engine.data.batches import BatchSource
from engine.predict import Predictor
from engine.training import Trainer

SHAPES = {"source": "synthetic", "name": "shapes", "samples": 200, "size": 12, "channels": 3}
FLIPS = [{"type": "hflip"}, {"type": "random_crop", "padding": 2}, "rotation", "color_jitter"]


def images(n: int = 6) -> torch.Tensor:
    return torch.rand(n, 3, 10, 10, generator=torch.Generator().manual_seed(0))


def gen(seed: int = 1) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def cnn3(data: dict, **training) -> engine.Project:
    layers = [
        ("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}),
        ("act", "ReLU", {}),
        ("drop", "Dropout", {"p": 0.2}),
        ("flat", "Flatten", {}),
        ("fc", "Linear", {"out_features": 3}),
    ]
    settings = {"epochs": 4, "batch_size": 16, **training}
    return chain([3, 12, 12], layers, data, None, settings)


def test_flips_with_certainty_are_exact_mirrors():
    x = images()
    assert torch.equal(STEPS["hflip"](x, gen(), p=1.0), x.flip(3))
    assert torch.equal(STEPS["vflip"](x, gen(), p=1.0), x.flip(2))
    assert torch.equal(STEPS["hflip"](x, gen(), p=0.0), x)


def test_random_crop_cuts_a_window_of_the_padded_image():
    x = images()
    out = STEPS["random_crop"](x, gen(), padding=2)
    padded = torch.nn.functional.pad(x, (2, 2, 2, 2))
    windows = [
        padded[:, :, i : i + 10, j : j + 10] for i, j in itertools.product(range(5), range(5))
    ]
    for k in range(len(x)):
        assert any(torch.equal(out[k], w[k]) for w in windows)
    assert not torch.equal(out, x)  # 6 images all drawing the centre: 1 in 25^6


def test_geometric_and_colour_steps_at_zero_strength_change_nothing():
    x = images()
    assert torch.allclose(STEPS["rotation"](x, gen(), degrees=0.0), x, atol=1e-5)
    same = STEPS["random_resized_crop"](x, gen(), scale=1.0, ratio=1.0)
    assert torch.allclose(same, x, atol=1e-5)
    jitter = STEPS["color_jitter"](x, gen(), brightness=0, contrast=0, saturation=0, hue=0)
    assert torch.allclose(jitter, x)


def test_colour_jitter_and_rotation_change_images_and_stay_in_range():
    x = images()
    jittered = STEPS["color_jitter"](
        x, gen(), brightness=0.4, contrast=0.4, saturation=0.4, hue=0.1
    )
    assert jittered.shape == x.shape and not torch.allclose(jittered, x)
    assert jittered.min() >= 0 and jittered.max() <= 1
    turned = STEPS["rotation"](x, gen(), degrees=90.0)
    assert turned.shape == x.shape and not torch.allclose(turned, x, atol=1e-3)
    cropped = STEPS["random_resized_crop"](x, gen(), scale=0.3, ratio=2.0)
    assert cropped.shape == x.shape and not torch.allclose(cropped, x, atol=1e-3)


def test_the_same_generator_seed_gives_the_same_batch():
    augment = Augment.from_section(FLIPS, (3, 10, 10), seed=3)
    x = images()
    first = augment(x, augment.generator(0, torch.device("cpu")))
    assert torch.equal(first, augment(x, augment.generator(0, torch.device("cpu"))))
    assert not torch.equal(first, augment(x, augment.generator(1, torch.device("cpu"))))


def test_bad_augment_lists_name_the_step():
    with pytest.raises(DataError, match=r"augment\[1\]: unknown augmentation 'mirror'; choose"):
        parse(["hflip", {"type": "mirror"}], (3, 8, 8))
    with pytest.raises(DataError, match=r"augment\[0\] \(random_crop\) needs image samples"):
        parse([{"type": "random_crop"}], (10,))
    with pytest.raises(DataError, match=r"augment\[0\] \(hflip\): p must be <= 1; got 2"):
        parse([{"type": "hflip", "p": 2}], (3, 8, 8))
    with pytest.raises(DataError, match=r"augment\[0\] \(rotation\): unknown setting 'angle'"):
        parse([{"type": "rotation", "angle": 3}], (3, 8, 8))
    with pytest.raises(DataError, match="augment must be a list of steps; got str"):
        load_data({**SHAPES, "augment": "hflip"})


def test_only_training_batches_are_augmented():
    data = load_data({**SHAPES, "augment": FLIPS})
    augment = Augment.from_section(FLIPS, data.sample_shape, seed=0)
    source = BatchSource(data, data.y, torch.device("cpu"), augment)
    rows = data.val_idx
    (evaluated, _), *_ = source.evaluate(rows, len(rows))
    assert torch.equal(evaluated, data.inputs(rows))
    (trained, _), *_ = source.train(rows, len(rows), epoch=0)
    assert not torch.equal(trained, data.inputs(rows))


def test_validation_metrics_are_measured_on_plain_samples():
    project = cnn3({**SHAPES, "augment": FLIPS}, epochs=2)
    result = engine.train(project, device="cpu")
    data = load_data(project)
    with torch.no_grad():
        out = result.model.eval()(data.inputs(data.val_idx))
    loss = torch.nn.functional.cross_entropy(out, data.y[data.val_idx])
    assert result.history["val_loss"][-1] == pytest.approx(float(loss), rel=1e-5)


def test_seeded_runs_with_augmentation_repeat_and_the_seed_matters():
    project = cnn3({**SHAPES, "augment": FLIPS}, epochs=2)
    a = engine.train(project, device="cpu")
    b = engine.train(project, device="cpu")
    c = engine.train(project, device="cpu", seed=5)
    assert a.history == b.history and a.history != c.history
    plain = engine.train(cnn3(SHAPES, epochs=2), device="cpu")
    assert plain.history["train_loss"] != a.history["train_loss"]  # the list is used


def test_resume_with_augmentation_is_exact(tmp_path):
    project = cnn3({**SHAPES, "augment": FLIPS})
    straight = Trainer(project, device="cpu").run()
    Trainer(project, epochs=2, device="cpu", checkpoint=tmp_path / "c.safetensors").run()
    resumed = Trainer(project, device="cpu", resume=tmp_path / "c.safetensors").run()
    assert resumed.history == straight.history
    for a, b in zip(
        straight.model.state_dict().values(), resumed.model.state_dict().values(), strict=True
    ):
        assert torch.equal(a, b)


def test_normalize_is_measured_applied_everywhere_and_saved_for_predict(tmp_path):
    data = load_data({**SHAPES, "augment": [{"type": "normalize"}]})
    batch = data.inputs(data.train_idx)
    assert batch.mean((0, 2, 3)).abs().max() < 0.05  # ~0 mean, ~1 std per channel
    assert (batch.std((0, 2, 3)) - 1).abs().max() < 0.05
    assert len(data.normalization["mean"]) == 3

    fixed = load_data({**SHAPES, "augment": [{"type": "normalize", "mean": 0.5, "std": 0.25}]})
    raw = fixed.raw(torch.tensor([0])).float() / 255
    assert (fixed.inputs(torch.tensor([0])) - (raw - 0.5) / 0.25).abs().max() < 1e-5

    project = cnn3({**SHAPES, "augment": ["hflip", {"type": "normalize"}]}, epochs=1)
    result = engine.train(project, device="cpu")
    result.save(tmp_path / "w.safetensors")
    predictor = Predictor(tmp_path / "w.safetensors")
    plain = data.raw(data.val_idx).float() / 255  # what a user feeds: pixels in [0, 1]
    with torch.no_grad():
        expected = result.model(data.inputs(data.val_idx)).argmax(1)
    assert torch.equal(predictor.predict(plain).values.argmax(1), expected)


def test_gaussian_noise_for_tabular_data_trains():
    blobs = {"source": "synthetic", "name": "blobs", "samples": 300, "features": 4}
    noisy = {**blobs, "augment": [{"type": "gaussian_noise", "std": 0.3}]}
    a = engine.train(mlp(noisy, inputs=4, epochs=5), device="cpu")
    b = engine.train(mlp(blobs, inputs=4, epochs=5), device="cpu")
    assert a.history["val_accuracy"][-1] >= 0.9
    assert a.history["train_loss"] != b.history["train_loss"]
