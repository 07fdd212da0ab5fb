"""The data-source registry and its previews: every source through one entry, previews
read cheaply and never fail (a note says why), IDX files gzip-compressed or not."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest
import torch

import engine
from engine import choices
from engine.config import DataConfig
from engine.data import DataSource, Preview, Thumbnail, load_data, preview_data
from engine.data.base import Dataset
from engine.data.sources import register, unregister


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file as MNIST ships it: magic, big-endian sizes, unsigned bytes."""
    head = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    return head + struct.pack(f">{array.ndim}I", *array.shape) + array.astype(np.uint8).tobytes()


@pytest.mark.parametrize("compress", [False, True])
def test_idx_preview_reads_gzip_headers_and_first_images(tmp_path: Path, compress: bool):
    images = np.arange(5 * 6 * 7).reshape(5, 6, 7) % 256
    labels = np.array([3, 1, 4, 1, 5])
    write = gzip.compress if compress else bytes
    suffix = ".gz" if compress else ""
    (tmp_path / f"img-ubyte{suffix}").write_bytes(write(idx_bytes(images)))
    (tmp_path / f"lab-ubyte{suffix}").write_bytes(write(idx_bytes(labels)))
    section = {"source": "idx", "images": f"img-ubyte{suffix}", "labels": f"lab-ubyte{suffix}"}

    preview = preview_data(section, tmp_path)

    assert preview.note == f"img-ubyte{suffix}: 5 x 6 x 7 (uint8)\nlab-ubyte{suffix}: 5 (uint8)"
    assert preview.rows == 5
    assert [a.shape for a in preview.arrays] == [(5, 6, 7), (5,)]
    assert [t.label for t in preview.thumbnails] == ["3", "1", "4", "1", "5"]
    assert np.array_equal(preview.thumbnails[2].pixels[..., 0], images[2])
    # the preview shows what training reads
    data = load_data(section, tmp_path)
    assert torch.equal(data.x[2, 0], torch.from_numpy(images[2].astype(np.uint8)))


def test_a_broken_file_is_a_note_not_an_error(tmp_path: Path):
    (tmp_path / "bad-ubyte").write_bytes(b"\x01\x02")
    preview = preview_data({"source": "idx", "images": "bad-ubyte"}, tmp_path)
    assert preview.note.endswith("bad-ubyte: not an IDX file (bad magic number)")
    missing = preview_data({"source": "csv", "path": "gone.csv"}, tmp_path)
    assert missing.note == "gone.csv: No such file or directory"
    assert preview_data({"source": "csv"}, tmp_path).note == "Choose a file."


def test_csv_npz_and_text_previews(tmp_path: Path):
    (tmp_path / "t.csv").write_text("a,b,kind\n1,2,x\n3,4,y\n", encoding="utf-8")
    preview = preview_data({"source": "csv", "path": "t.csv", "target": "kind"}, tmp_path)
    assert preview.columns == ("a", "b", "kind")
    assert preview.head == (("1", "2", "x"), ("3", "4", "y"))
    assert preview.note == "First rows of t.csv; predicting 'kind'."
    np.savez(tmp_path / "a.npz", x=np.zeros((4, 3), np.float32), y=np.arange(4))
    preview = preview_data({"source": "npz", "path": "a.npz"}, tmp_path)
    assert preview.rows == 4
    assert [(a.name, a.shape) for a in preview.arrays] == [("x", (4, 3)), ("y", (4,))]
    (tmp_path / "t.txt").write_text("hello world", encoding="utf-8")
    assert preview_data({"source": "text", "path": "t.txt"}, tmp_path).text == "hello world"


def test_unknown_keys_survive_a_round_trip_through_the_typed_section(tmp_path: Path):
    raw = {"source": "synthetic", "name": "moons", "samples": 50, "future_key": [1, {"a": 2}]}
    cfg = DataConfig.parse(raw)
    assert cfg.get("samples") == 50 and cfg.extra == {"future_key": [1, {"a": 2}]}
    assert cfg.to_dict() == raw
    project = engine.Project(engine.Graph(), "p", data=raw)
    engine.save_project(project, tmp_path / "p.layerlab")
    assert engine.load_project(tmp_path / "p.layerlab").data == raw


def test_a_registered_source_loads_and_previews_through_its_entry(tmp_path: Path):
    def load(cfg, base, hints, progress):
        n = cfg.get("count")
        x = torch.arange(n * 2, dtype=torch.float32).view(n, 2)
        idx = torch.arange(n)
        return Dataset(x, (x.sum(1) > n).long(), idx, idx[:0], "classification", 2)

    def preview(cfg, base, hints):
        pixels = np.full((4, 4, 1), 200, np.uint8)
        return Preview(
            f"{cfg.get('count')} counted rows",
            rows=cfg.get("count"),
            thumbnails=(Thumbnail("bright", pixels),),
        )

    count = choices.P("count", "int", 10, "rows", min=1, max=1000)
    register(DataSource("counting", (count,), load, preview, file_filter="Counts (*.cnt)"))
    try:
        assert load_data({"source": "counting", "count": 6}).x.shape == (6, 2)
        assert preview_data({"source": "counting", "count": 6}, tmp_path).note == "6 counted rows"
        with pytest.raises(engine.DataError, match=r"data\.count: must be >= 1; got 0"):
            load_data({"source": "counting", "count": 0})
    finally:
        unregister("counting")
    with pytest.raises(engine.DataError, match="unknown source 'counting'"):
        load_data({"source": "counting"})
