"""Reading IDX files (the MNIST format), gzip-compressed or not, into numpy arrays. No
torch here: the Data form's preview reads headers and first images through it.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.data.base import DataError
from engine.files import MAX_ARRAY_BYTES, file_problem

DTYPES: dict[int, npt.DTypeLike] = {
    0x08: np.uint8,
    0x09: np.int8,
    0x0B: ">i2",
    0x0C: ">i4",
    0x0D: ">f4",
    0x0E: ">f8",
}


def _header(handle: Any, path: Path) -> tuple[list[int], np.dtype]:
    """Dimensions and element type from an open IDX stream (gzip already unwrapped)."""
    head = handle.read(4)
    if len(head) < 4 or head[:2] != b"\0\0" or head[2] not in DTYPES:
        raise DataError("not an IDX file (bad magic number)", path)
    ndim = head[3]
    if ndim == 0:
        raise DataError("holds no dimensions (a 0-dimensional IDX array)", path)
    sizes = handle.read(4 * ndim)
    if len(sizes) < 4 * ndim:
        raise DataError("truncated: the header ends early", path)
    dims = [int.from_bytes(sizes[4 * i : 4 * i + 4], "big") for i in range(ndim)]
    return dims, np.dtype(DTYPES[head[2]])


def _read(path: Path, first: int | None) -> tuple[list[int], np.dtype, np.ndarray]:
    """(dims, dtype, the first `first` samples or all of them)."""
    if problem := file_problem(path):
        raise DataError(problem, path)
    try:
        with open(path, "rb") as raw_file:
            gz = raw_file.read(2) == b"\x1f\x8b"
            raw_file.seek(0)
            handle = gzip.GzipFile(fileobj=raw_file) if gz else raw_file
            dims, dtype = _header(handle, path)
            expected = math.prod(dims) * dtype.itemsize
            if expected > MAX_ARRAY_BYTES:
                raise DataError(
                    f"the header promises {dims} values ({expected:,} bytes), more than "
                    f"the {MAX_ARRAY_BYTES:,} bytes LayerLab reads",
                    path,
                )
            shape = dims if first is None else [min(first, dims[0]), *dims[1:]]
            wanted = math.prod(shape) * dtype.itemsize
            body = handle.read(wanted)
    except (EOFError, OSError, gzip.BadGzipFile) as err:
        raise DataError(f"the data is truncated or damaged ({err})", path) from None
    if len(body) < wanted:
        raise DataError(
            f"truncated: the header promises {dims} values ({expected} bytes) but only "
            f"{len(body)} bytes follow",
            path,
        )
    return dims, dtype, np.frombuffer(body, dtype, math.prod(shape)).reshape(shape)


def read_idx(path: Path) -> np.ndarray:
    """The array in one IDX file; a short or malformed file names what is wrong.

    Gzip data is decompressed only as far as the header promises, so a small file that
    inflates to gigabytes (a decompression bomb) is never expanded.
    """
    return _read(path, None)[2]


def read_head(path: Path, first: int) -> tuple[tuple[int, ...], str, np.ndarray]:
    """(dimensions, element type, the first `first` samples) of an IDX file, gzip or
    not, reading no further than those samples (the Data form's preview)."""
    dims, dtype, head = _read(path, first)
    return tuple(dims), dtype.name, head
