"""Typed settings (engine.config): every key of `training` and `data` is checked when a
project loads, with a message naming the key; unknown keys survive a round trip."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import engine
from engine import ProjectError
from engine.config import ConfigError, DataConfig, EarlyStopping, Named, TrainingConfig


@pytest.fixture
def base(examples_dir: Path) -> dict[str, Any]:
    return json.loads((examples_dir / "binary_classifier.layerlab").read_text())


def _load_error(tmp_path: Path, document: dict[str, Any]) -> str:
    path = tmp_path / "p.layerlab"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        engine.load_project(path)
    return str(caught.value).removeprefix(f"{path}: ")


CSV = {"source": "csv", "path": "d.csv", "target": "y"}
BAD = {
    "epochs text": ("training", {"epochs": "x"}, "training.epochs: must be an integer; got 'x'"),
    "seed text": ("training", {"seed": "abc"}, "training.seed: must be an integer; got 'abc'"),
    "batch 1e30": (
        "training",
        {"batch_size": 1e30},
        "training.batch_size: must be an integer; got 1e+30",
    ),
    "batch huge": (
        "training",
        {"batch_size": 10**12},
        "training.batch_size: must be <= 1000000; got 1000000000000",
    ),
    "metrics 5": (
        "training",
        {"metrics": 5},
        "training.metrics: must be a list of metric names; got int",
    ),
    "metric unknown": (
        "training",
        {"metrics": ["accuracy", "f1"]},
        "training.metrics[1]: unknown metric 'f1'; choose from accuracy, top5_accuracy, mae, "
        "rmse, r2",
    ),
    "grad_clip text": (
        "training",
        {"grad_clip": "x"},
        "training.grad_clip: must be a number; got 'x'",
    ),
    "precision": (
        "training",
        {"precision": "fp8"},
        "training.precision: must be one of 'fp32', 'bf16', 'fp16'; got 'fp8'",
    ),
    "optimizer unknown": (
        "training",
        {"optimizer": {"type": "Adamm"}},
        "training.optimizer.type: unknown type 'Adamm'; choose one of SGD, Adam, AdamW, RMSprop, "
        "Adagrad",
    ),
    "optimizer lr": (
        "training",
        {"optimizer": {"type": "SGD", "lr": "fast"}},
        "training.optimizer.lr: must be a number; got 'fast'",
    ),
    "optimizer list": (
        "training",
        {"optimizer": [1]},
        'training.optimizer: must be a name or an object with "type"; got [1]',
    ),
    "loss unknown": (
        "training",
        {"loss": "CrossEntropy"},
        "training.loss.type: unknown type 'CrossEntropy'; choose one of CrossEntropyLoss, "
        "NLLLoss, BCEWithLogitsLoss, BCELoss, MSELoss, L1Loss, HuberLoss, SmoothL1Loss",
    ),
    "scheduler param": (
        "training",
        {"scheduler": {"type": "StepLR", "step_size": 0}},
        "training.scheduler.step_size: must be >= 1; got 0",
    ),
    "early stopping": (
        "training",
        {"early_stopping": {"patience": "x"}},
        "training.early_stopping.patience: must be an integer; got 'x'",
    ),
    "shuffle": (
        "training",
        {"shuffle": "yes"},
        "training.shuffle: must be true or false; got 'yes'",
    ),
    "device": ("training", {"device": 5}, "training.device: must be a string; got 5"),
    "csv path 5": ("data", {**CSV, "path": 5}, "data.path: must be a string; got 5"),
    "csv path null": ("data", {**CSV, "path": None}, "data.path: must not be null"),
    "csv features": (
        "data",
        {**CSV, "features": "a"},
        "data.features: must be a list of strings; got 'a'",
    ),
    "images size 0": (
        "data",
        {"source": "images", "path": "pics", "size": 0},
        "data.size: must be >= 4; got 0",
    ),
    "images channels": (
        "data",
        {"source": "images", "path": "pics", "channels": 2},
        "data.channels: must be one of 1, 3; got 2",
    ),
    "samples text": (
        "data",
        {"source": "synthetic", "samples": "many"},
        "data.samples: must be an integer; got 'many'",
    ),
    "split": (
        "data",
        {"source": "synthetic", "validation_split": 1.5},
        "data.validation_split: must be <= 0.95; got 1.5",
    ),
    "source": (
        "data",
        {"source": "parquet"},
        "data.source: unknown source 'parquet'; choose one of synthetic, csv, npz, images, "
        "idx, text",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_setting_is_a_load_error_naming_its_key(tmp_path, base, case):
    section, values, message = BAD[case]
    document = copy.deepcopy(base)
    if section == "data":
        document["data"] = values
    else:
        document["training"].update(values)
    assert _load_error(tmp_path, document) == message


def test_typed_settings_of_an_example(base):
    project = engine.project.project_from_dict(base)
    training = project.training_config
    assert (training.epochs, training.batch_size, training.seed) == (10, 64, 0)
    assert training.optimizer == Named("Adam", {"lr": 0.001})
    assert training.loss == Named("BCEWithLogitsLoss")
    assert training.metrics == ("accuracy",)
    assert training.scheduler is None and training.early_stopping is None
    data = project.data_config
    assert data.source == "synthetic"
    assert dict(data.settings) == {
        "name": "blobs",
        "samples": 2000,
        "features": 10,
        "classes": 2,
        "seed": 0,
        "validation_split": 0.2,
    }


def test_defaults_shorthands_and_edits():
    assert TrainingConfig.parse({}) == TrainingConfig()
    typed = TrainingConfig.parse(
        {"optimizer": "SGD", "early_stopping": 3, "grad_clip": {"max_norm": 2.0}}
    )
    assert typed.optimizer == Named("SGD")
    assert typed.early_stopping == EarlyStopping(patience=3)
    assert typed.grad_clip == 2.0
    assert TrainingConfig.parse({"early_stopping": True}).early_stopping == EarlyStopping()
    project = engine.Project(training={"epochs": 3})
    assert project.training_config.epochs == 3
    project.training["epochs"] = 4  # a script edits the section: the typed view follows
    assert project.training_config.epochs == 4
    project.training["epochs"] = 0
    with pytest.raises(ConfigError, match=r"^training.epochs: must be >= 1; got 0$"):
        project.training_config  # noqa: B018


def test_unknown_keys_survive_a_round_trip(tmp_path, base):
    document = copy.deepcopy(base)
    document["training"]["future_knob"] = {"level": [1, 2]}
    document["data"]["cache"] = "disk"
    path = tmp_path / "p.layerlab"
    path.write_text(json.dumps(document))
    project = engine.load_project(path)
    assert project.training_config.extra == {"future_knob": {"level": [1, 2]}}
    assert project.data_config.extra == {"cache": "disk"}
    engine.save_project(project, tmp_path / "copy.layerlab")
    assert json.loads((tmp_path / "copy.layerlab").read_text()) == document


def test_check_reports_a_bad_setting_set_after_loading(base):
    project = engine.project.project_from_dict(base)
    project.training["metrics"] = 5
    problems = engine.check(project)
    assert [(p.code, p.message) for p in problems] == [
        ("settings", "training.metrics: must be a list of metric names; got int")
    ]


def test_data_paths_that_cannot_be_read_are_check_errors(tmp_path, base):
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "pics.txt").write_text("x")
    cases = {
        "folder.csv": "data.path: 'folder.csv' is a folder; a file is needed",
        "nothing.csv": "data.path: no such file 'nothing.csv'",
    }
    for name, message in cases.items():
        document = copy.deepcopy(base)
        document["data"] = {**CSV, "path": name}
        project = engine.project.project_from_dict(document, tmp_path / "p.layerlab")
        assert [p.message for p in engine.check(project)] == [message]
        with pytest.raises(engine.LayerLabError, match=name):  # the loader's own words
            engine.train(project, epochs=1, device="cpu")
    document["data"] = {"source": "images", "path": "pics.txt"}
    project = engine.project.project_from_dict(document, tmp_path / "p.layerlab")
    assert [p.message for p in engine.check(project)] == ["data.path: 'pics.txt' is not a folder"]


def test_trainer_overrides_are_checked_too(base):
    project = engine.project.project_from_dict(base)
    with pytest.raises(engine.LayerLabError, match=r"training\.batch_size: must be an integer"):
        engine.train(project, epochs=1, device="cpu", batch_size="big")


def test_data_config_without_a_source_keeps_everything():
    typed = DataConfig.parse({"note": "to do"})
    assert typed.source is None and typed.extra == {"note": "to do"}
