"""The Data form draws what the engine's data-source registry declares and previews: a
newly registered source shows in the picker with its keys, file filter and preview; an
IDX pair (gzip-compressed, as MNIST ships) previews with its first images."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog

import engine
from engine import choices
from engine.data import DataSource, Preview, Thumbnail
from engine.data.sources import register, unregister
from gui.document import Document
from gui.training.data_form import DataForm


@pytest.fixture
def counting_source():
    def load(cfg, base, hints, progress):
        raise AssertionError("the form never loads data")

    def preview(cfg, base, hints):
        text = (base / cfg.get("path")).read_text(encoding="utf-8")
        pixels = np.full((4, 4, 3), 200, np.uint8)
        return Preview(f"{len(text.split())} counts", thumbnails=(Thumbnail("bright", pixels),))

    params = (
        choices.P("path", "str", "", "a file of counts"),
        choices.P("base", "int", 10, "number base", min=2, max=36),
    )
    source = DataSource(
        "counting", params, load, preview, files=("path",), file_filter="Counts (*.cnt)"
    )
    register(source)
    yield source
    unregister("counting")


def test_a_registered_source_appears_with_its_keys_filter_and_preview(
    qtbot, tmp_path: Path, counting_source, monkeypatch
):
    (tmp_path / "c.cnt").write_text("1 2 3 4", encoding="utf-8")
    project = engine.Project(engine.Graph(), "p", path=tmp_path / "p.layerlab")
    document = Document(project)
    form = DataForm(document)
    qtbot.addWidget(form)
    assert "counting" in [form.source.itemText(i) for i in range(form.source.count())]

    form.source.setCurrentText("counting")  # as a user picks it
    assert document.project.data == {"source": "counting", "base": 10, "validation_split": 0.2}
    assert form.forms["counting"].editors["base"].box.value() == 10

    asked = {}

    def chooser(parent, title, start, file_filter):
        asked["filter"] = file_filter
        return str(tmp_path / "c.cnt"), file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", chooser)
    form.paths[("counting", "path")].browse()  # the Browse button
    assert asked["filter"] == "Counts (*.cnt)"
    assert document.project.data["path"] == "c.cnt"
    assert form.preview_note.text() == "4 counts"
    assert form.thumbs.count() == 1 and form.thumbs.item(0).text() == "bright"
    assert not form.thumbs.isHidden() and form.table.isHidden()


def idx_bytes(array: np.ndarray) -> bytes:
    head = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    return head + struct.pack(f">{array.ndim}I", *array.shape) + array.astype(np.uint8).tobytes()


def test_a_gzip_idx_pair_previews_its_shapes_and_first_images(qtbot, tmp_path: Path):
    images = (np.arange(3 * 28 * 28).reshape(3, 28, 28) % 256).astype(np.uint8)
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(idx_bytes(images)))
    labels = np.array([7, 2, 1])
    (tmp_path / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx_bytes(labels)))
    project = engine.Project(engine.Graph(), "p", path=tmp_path / "p.layerlab")
    project.data = {
        "source": "idx",
        "images": "train-images-idx3-ubyte.gz",
        "labels": "train-labels-idx1-ubyte.gz",
    }
    form = DataForm(Document(project))
    qtbot.addWidget(form)
    assert form.preview_note.text() == (
        "train-images-idx3-ubyte.gz: 3 x 28 x 28 (uint8)\ntrain-labels-idx1-ubyte.gz: 3 (uint8)"
    )
    assert [form.thumbs.item(i).text() for i in range(form.thumbs.count())] == ["7", "2", "1"]
