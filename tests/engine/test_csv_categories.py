"""A CSV feature column of text ("red", "female") is a category: one 0/1 column per value
seen in training, saved with the weights so predict encodes new rows the same way. A
stray value in a column (a number among text, text among numbers) is an error that names
its line, not a silent new category."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import torch
from training_projects import mlp

import engine
from engine.data import DataError, load_data
from engine.data.csvfile import MAX_CATEGORIES
from engine.predict import Predictor

COLOURS = ("blue", "green", "red")


def pets_csv(path: Path, rows: int = 300) -> Path:
    """The class is the colour alone (the size is noise): learnable only through the text."""
    rng = random.Random(0)
    lines = ["size,colour,pet"]
    for _ in range(rows):
        colour = rng.choice(COLOURS)
        pet = {"blue": "cat", "green": "dog", "red": "fish"}[colour]
        lines.append(f"{rng.uniform(1, 2):.3f},{colour},{pet}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def pets_project(folder: Path, inputs: int = 4):
    pets_csv(folder / "pets.csv")
    data = {"source": "csv", "path": "pets.csv", "target": "pet"}
    return mlp(data, inputs=inputs, outputs=3, folder=folder, epochs=30, lr=0.05)


def test_a_text_column_becomes_one_column_per_value(tmp_path):
    data = load_data(pets_project(tmp_path))
    assert data.sample_shape == (4,)  # size + blue, green, red
    assert data.meta()["categories"] == {"colour": list(COLOURS)}
    raw = (tmp_path / "pets.csv").read_text().splitlines()[1:]
    colours = [line.split(",")[1] for line in raw]
    # Standardised per column; the largest value of each one-hot column marks its colour.
    hot = data.x[:, 1:].argmax(1).tolist()
    assert [COLOURS[k] for k in hot] == colours


def test_check_finds_the_width_and_its_fix_trains_and_predicts(tmp_path):
    project = pets_project(tmp_path, inputs=2)
    problems = engine.fit_problems(project)
    assert [p.message for p in problems] == [
        "the data (pets.csv) gives samples of shape (4,) but Input 'in' takes (2,)"
    ]
    fix = problems[0].fix
    project.graph.nodes[fix.node_id].params[fix.param] = fix.value
    result = engine.train(project, device="cpu")
    assert result.history["val_accuracy"][-1] == 1.0
    result.save(tmp_path / "w.safetensors")

    fresh = tmp_path / "fresh.csv"
    fresh.write_text("size,colour\n1.5,red\n1.1,blue\n1.9,green\n", encoding="utf-8")
    predictor = Predictor(tmp_path / "w.safetensors")
    assert predictor.predict(predictor.read(fresh)).labels == ["fish", "cat", "dog"]

    unseen = tmp_path / "unseen.csv"
    unseen.write_text("size,colour\n1.5,red\n1.2,purple\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        predictor.read(unseen)
    assert str(err.value) == (
        f"{unseen}, line 3, column 'colour': value was not among the column's 3 categories "
        "in training"
    )


def test_a_number_in_a_text_column_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("colour,y\nred,0\nblue,1\n7,0\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_data({"source": "csv", "path": str(path), "target": "y"})
    assert str(err.value) == (
        f"{path}, line 4, column 'colour': value is a number, but the column holds text "
        "(categories)"
    )


def test_an_identifier_column_is_too_many_categories(tmp_path):
    path = tmp_path / "d.csv"
    rows = [f"id{i},{i / 10},{i % 2}" for i in range(MAX_CATEGORIES + 1)]
    path.write_text("name,x,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_data({"source": "csv", "path": str(path), "target": "y"})
    assert str(err.value) == (
        f"{path}, column 'name': holds text with 51 distinct values, too many to use as "
        "categories (at most 50); leave it out of data.features"
    )
    data = load_data({"source": "csv", "path": str(path), "target": "y", "features": ["x"]})
    assert data.sample_shape == (1,)


def test_missing_categories_fill_with_the_training_share(tmp_path):
    """missing: mean fills a missing category with each value's share in training."""
    path = tmp_path / "d.csv"
    rows = ["red,0", "blue,1", "red,0", ",1"] * 10
    path.write_text("colour,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    section = {"source": "csv", "path": str(path), "target": "y", "missing": "mean"}
    data = load_data({**section, "normalize": False, "validation_split": 0.0})
    assert data.sample_shape == (2,)
    filled = data.x[3]  # the row whose colour is missing
    assert torch.allclose(filled, torch.tensor([1 / 3, 2 / 3]))


def test_a_large_csv_with_text_in_its_head_leaves_the_width_to_the_loader(tmp_path, monkeypatch):
    """Past the size read whole for check, text columns make the width unknown (the
    categories may go on past the head), so check raises no false width error."""
    from engine import datafit

    project = pets_project(tmp_path, inputs=2)
    monkeypatch.setattr(datafit, "CSV_SCAN_BYTES", 1000)
    monkeypatch.setattr(datafit, "CSV_HEAD_BYTES", 500)
    assert engine.fit_problems(project) == []


def test_a_csv_of_the_target_alone_has_nothing_to_learn_from(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("y\n0\n1\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_data({"source": "csv", "path": str(path), "target": "y"})
    assert str(err.value) == f"{path}: has no column besides the target 'y' to learn from"
