"""Hostile data files: each is refused at the read with a message that names the file
(and line and column where there is one) and never echoes the cell that failed."""

from __future__ import annotations

import gzip
import io
import os
import struct
import zipfile
import zlib

import numpy as np
import pytest

from engine.data import DataError, load_data
from engine.files import MAX_TEXT_BYTES, FileLimitError, read_capped


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def csv_section(path, **extra):
    return {"source": "csv", "path": str(path), "target": "y", **extra}


def test_csv_infinite_feature_is_refused_with_line_and_column(tmp_path):
    path = write(tmp_path / "d.csv", "a,b,y\n1,2,0\n3,inf,1\n5,1e999,0\n")
    with pytest.raises(DataError) as err:
        load_data(csv_section(path))
    assert str(err.value) == (
        f"{path}, line 3, column 'b': value is infinite; feature values must be finite"
    )


def test_csv_infinite_regression_target_is_refused(tmp_path):
    path = write(tmp_path / "d.csv", "a,y\n1,0.5\n2,-inf\n3,0.25\n")
    with pytest.raises(DataError, match="line 3, column 'y': target is not a finite number"):
        load_data(csv_section(path, task="regression"))


def test_csv_duplicate_header_is_refused(tmp_path):
    path = write(tmp_path / "d.csv", "a,b,a,y\n1,2,3,0\n4,5,6,1\n")
    with pytest.raises(DataError) as err:
        load_data(csv_section(path))
    assert str(err.value) == (
        f"{path}, line 1: the header names a more than once; every column needs its own name"
    )


def test_csv_errors_never_echo_cell_content(tmp_path):
    secret = "sk-live-12345"
    path = write(tmp_path / "d.csv", f"a,y\n1,0\n{secret},1\n")
    with pytest.raises(DataError) as err:
        load_data(csv_section(path))
    assert secret not in str(err.value)
    assert "line 3, column 'a': value is not a number" in str(err.value)


def test_csv_from_a_fifo_or_device_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        with pytest.raises(DataError, match="is not a regular file"):
            load_data(csv_section(path))


def test_text_corpus_from_a_device_is_refused(tmp_path):
    with pytest.raises(DataError, match="/dev/zero: is not a regular file"):
        load_data({"source": "text", "path": "/dev/zero"})


def test_reads_are_capped_even_when_the_size_is_unknown():
    """/proc files report size 0; the cap holds while reading."""
    assert os.stat("/proc/self/status").st_size == 0
    assert len(read_capped("/proc/self/status", 1 << 20)) > 100
    with pytest.raises(FileLimitError, match="larger than the 100 bytes"):
        read_capped("/proc/self/status", 100)
    assert MAX_TEXT_BYTES == 1 << 30


def npz_section(path, **extra):
    return {"source": "npz", "path": str(path), **extra}


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (np.array(["a", "b"]), np.array([0, 1]), "array x holds str32 values; it needs numbers"),
        (np.float32(1.0), np.array([0]), "array x is a single value"),
        (np.zeros((2, 3)), np.array(3), "array y is a single value"),
        (np.zeros((3, 2)), np.array([0, -1, 1]), "class ids must not be negative"),
        (np.zeros((3, 2)), np.array([0.0, np.nan, 1.0]), "array y holds NaN or infinite"),
        (np.array([[0, np.inf], [1, 1]]), np.array([0, 1]), "array x holds infinite values"),
        (np.zeros((2, 2)), np.array([0.5, 1.0]), "class ids must be whole numbers"),
    ],
)
def test_npz_arrays_that_cannot_train_are_refused(tmp_path, x, y, message):
    path = tmp_path / "d.npz"
    np.savez(path, x=x, y=y)
    with pytest.raises(DataError, match=message):
        load_data(npz_section(path, task="classification"))


def idx_bytes(array: np.ndarray) -> bytes:
    head = bytes([0, 0, 0x08, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape)
    return head + array.astype(np.uint8).tobytes()


def test_idx_with_zero_dimensions_is_refused(tmp_path):
    (tmp_path / "x.idx").write_bytes(bytes([0, 0, 0x08, 0]) + b"\x05")
    (tmp_path / "y.idx").write_bytes(idx_bytes(np.zeros(1)))
    with pytest.raises(DataError, match="holds no dimensions"):
        load_data({"source": "idx", "images": str(tmp_path / "x.idx"), "labels": "y.idx"})


def test_idx_negative_labels_are_refused(tmp_path):
    (tmp_path / "x.idx").write_bytes(idx_bytes(np.zeros((2, 4, 4))))
    labels = bytes([0, 0, 0x09, 1]) + struct.pack(">I", 2) + np.array([0, -3], np.int8).tobytes()
    (tmp_path / "y.idx").write_bytes(labels)
    with pytest.raises(DataError, match=r"y\.idx: class ids must not be negative"):
        load_data({"source": "idx", "images": "x.idx", "labels": "y.idx"}, base_dir=tmp_path)


def test_idx_gzip_bomb_is_refused_without_inflating(tmp_path):
    """A header promising 4 billion 64k images: refused from the header alone."""
    head = bytes([0, 0, 0x08, 3]) + struct.pack(">III", 2**32 - 1, 256, 256)
    (tmp_path / "x.idx.gz").write_bytes(gzip.compress(head + bytes(1 << 20)))
    (tmp_path / "y.idx").write_bytes(idx_bytes(np.zeros(1)))
    with pytest.raises(DataError, match="more than the 8,589,934,592 bytes LayerLab reads"):
        load_data({"source": "idx", "images": "x.idx.gz", "labels": "y.idx"}, base_dir=tmp_path)


def bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header declaring width x height greyscale pixels, with tiny data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\0" * 1024)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.mark.parametrize("size", [(10_000, 10_000), (30_000, 30_000)])
def test_decompression_bomb_png_is_refused_before_decoding(tmp_path, size):
    folder = tmp_path / "imgs" / "cat"
    folder.mkdir(parents=True)
    (folder / "bomb.png").write_bytes(bomb_png(*size))
    with pytest.raises(DataError, match=r"bomb\.png: .* pixels.*decompression bomb"):
        load_data({"source": "images", "path": str(tmp_path / "imgs"), "size": 8, "channels": 1})


def test_class_labels_are_capped_before_training(tmp_path):
    rows = "\n".join(f"{i},key-{i:06d}" for i in range(10_001))
    path = write(tmp_path / "d.csv", "a,y\n" + rows + "\n")
    with pytest.raises(DataError, match="has 10,001 class names; at most 10,000"):
        load_data(csv_section(path, task="classification"))
    long = write(tmp_path / "l.csv", "a,y\n1," + "x" * 201 + "\n2,b\n")
    with pytest.raises(DataError, match="class name longer than 200 characters"):
        load_data(csv_section(long, task="classification"))


def test_npz_zip_bomb_is_refused_without_inflating(tmp_path):
    """A compressed member whose header promises 16 GB of float64 (a few kB on disk)."""
    shape = (1 << 31,)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": shape}
    )
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", header.getvalue() + bytes(1 << 20))
        archive.writestr("y.npy", header.getvalue())
    assert path.stat().st_size < 100_000
    with pytest.raises(DataError, match=r"bomb\.npz: array x promises \[2147483648\] values"):
        load_data(npz_section(path, task="regression"))
