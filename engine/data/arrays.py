"""NumPy `.npz` archives: arrays `x` and `y` (names configurable), loaded without pickle;
or, with no `path`, `x` and `y` naming two `.npy` files.

Samples stored uncompressed (`np.savez`, `.npy`) are memory-mapped unless the section
says `"cache": "memory"`, so an array larger than RAM trains; compressed ones are read.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.data.base import DataError, Dataset
from engine.data.images import readonly_tensor
from engine.data.splits import make_dataset
from engine.files import MAX_ARRAY_BYTES, file_problem


def load(cfg: dict[str, Any], base_dir: Path) -> Dataset:
    if "path" not in cfg and str(cfg.get("x", "")).endswith(".npy"):
        return load_npy(cfg, base_dir)
    if "path" not in cfg:
        raise DataError('an npz data section needs "path" (or "x" and "y" as .npy files)')
    path = base_dir / cfg["path"]
    if problem := file_problem(path):
        raise DataError(problem, path)
    names = cfg.get("x", "x"), cfg.get("y", "y")
    try:
        with np.load(path, allow_pickle=False) as archive:
            for name in names:
                if name not in archive.files:
                    raise DataError(
                        f"no array '{name}'; the file holds {', '.join(archive.files) or 'none'}",
                        path,
                    )
            x = mapped(path, names[0]) if cfg.get("cache", "auto") != "memory" else None
            for name in names[1:] if x is not None else names:
                refuse_bomb(path, name)
            x, y = archive[names[0]] if x is None else x, archive[names[1]]
    except FileNotFoundError:
        raise DataError("no such file", path) from None
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise DataError(f"not a readable .npz archive ({err})", path) from None
    return from_arrays(x, y, cfg, path)


def load_npy(cfg: dict[str, Any], base_dir: Path) -> Dataset:
    """`x` and `y` from two .npy files; the samples memory-mapped unless cache is memory."""
    arrays = []
    for key in ("x", "y"):
        path = base_dir / str(cfg.get(key, ""))
        if problem := file_problem(path):
            raise DataError(problem, path)
        mode = "r" if key == "x" and cfg.get("cache", "auto") != "memory" else None
        try:
            arrays.append(np.load(path, mmap_mode=mode, allow_pickle=False))
        except FileNotFoundError:
            raise DataError("no such file", path) from None
        except (OSError, ValueError) as err:
            raise DataError(f"not a readable .npy array ({err})", path) from None
    return from_arrays(arrays[0], arrays[1], cfg, base_dir / str(cfg["x"]))


def from_arrays(x: np.ndarray, y: np.ndarray, cfg: dict[str, Any], path: Path) -> Dataset:
    """Integer targets are class ids (classification) unless `task` says regression."""
    for name, array in (("x", x), ("y", y)):
        if array.dtype.kind not in "biuf":
            raise DataError(f"array {name} holds {array.dtype.name} values; it needs numbers", path)
        if array.ndim == 0:
            raise DataError(f"array {name} is a single value; it needs one row per sample", path)
        # NaN features are missing values (the run then says where they surface);
        # infinities and non-finite targets can only derail training.
        bad = np.isinf(array) if name == "x" else ~np.isfinite(array)
        if array.dtype.kind == "f" and bad.any():
            row = int(np.argwhere(bad)[0][0])
            what = "infinite" if name == "x" else "NaN or infinite"
            raise DataError(f"array {name} holds {what} values (sample {row})", path)
    if len(x) != len(y):
        raise DataError(f"x has {len(x)} samples but y has {len(y)}", path)
    cache = "disk" if isinstance(x, np.memmap) else "memory"
    task = cfg.get("task") or ("classification" if y.dtype.kind in "iub" else "regression")
    xt = readonly_tensor(np.ascontiguousarray(x))  # converted to float32 per batch
    if task == "classification":
        if y.ndim != 1:
            raise DataError(f"class targets must be one id per sample; y has shape {y.shape}", path)
        if y.dtype.kind == "f" and not (y == np.round(y)).all():
            raise DataError("class ids must be whole numbers", path)
        yt = torch.from_numpy(y.astype(np.int64))
        if len(yt) and int(yt.min()) < 0:
            raise DataError("class ids must not be negative", path)
        return make_dataset(xt, yt, cfg, "classification", cache=cache)
    yt = torch.from_numpy(np.ascontiguousarray(y, dtype=np.float32))
    yt = yt.reshape(len(yt), -1) if yt.ndim == 1 else yt
    return make_dataset(xt, yt, cfg, "regression", cache=cache)


def refuse_bomb(path: Path, name: str) -> None:
    """Refuse member `name` before inflating it when its header promises more than
    MAX_ARRAY_BYTES: a few kilobytes of zeros can declare an array of terabytes."""
    with zipfile.ZipFile(path) as archive, archive.open(f"{name}.npy") as member:
        fmt = np.lib.format
        version = fmt.read_magic(member)
        header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, _, dtype = header(member)
    size = math.prod(shape) * dtype.itemsize
    if size > MAX_ARRAY_BYTES:
        raise DataError(
            f"array {name} promises {list(shape)} values ({size:,} bytes), more than the "
            f"{MAX_ARRAY_BYTES:,} bytes LayerLab reads into memory",
            path,
        )


def mapped(path: Path, name: str) -> np.ndarray | None:
    """Member `name`.npy of an .npz memory-mapped in place, or None when it is
    compressed or not a plain array (then it is read into memory)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(f"{name}.npy")
        if info.compress_type != zipfile.ZIP_STORED:
            return None
    with path.open("rb") as handle:
        handle.seek(info.header_offset)
        local = handle.read(30)
        if local[:4] != b"PK\x03\x04":
            return None
        start = info.header_offset + 30 + int.from_bytes(local[26:28], "little")
        start += int.from_bytes(local[28:30], "little")
        handle.seek(start)
        version = np.lib.format.read_magic(handle)
        if version not in ((1, 0), (2, 0)):
            return None
        fmt = np.lib.format
        header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, fortran, dtype = header(handle)
        if fortran or dtype.hasobject or 0 in shape:
            return None
        offset = handle.tell()
    return np.memmap(path, dtype, "r", offset, shape)
