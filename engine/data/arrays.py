"""NumPy `.npz` archives: arrays `x` and `y` (names configurable), loaded without pickle."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.data.base import DataError, Dataset
from engine.data.splits import make_dataset
from engine.files import file_problem


def load(cfg: dict[str, Any], base_dir: Path) -> Dataset:
    if "path" not in cfg:
        raise DataError('an npz data section needs "path"')
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
            x, y = archive[names[0]], archive[names[1]]
    except FileNotFoundError:
        raise DataError("no such file", path) from None
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise DataError(f"not a readable .npz archive ({err})", path) from None
    return from_arrays(x, y, cfg, path)


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
    task = cfg.get("task") or ("classification" if y.dtype.kind in "iub" else "regression")
    xt = torch.from_numpy(np.ascontiguousarray(x))
    xt = xt if xt.dtype == torch.int64 else xt.float()
    if task == "classification":
        if y.ndim != 1:
            raise DataError(f"class targets must be one id per sample; y has shape {y.shape}", path)
        if y.dtype.kind == "f" and not (y == np.round(y)).all():
            raise DataError("class ids must be whole numbers", path)
        yt = torch.from_numpy(y.astype(np.int64))
        if len(yt) and int(yt.min()) < 0:
            raise DataError("class ids must not be negative", path)
        return make_dataset(xt, yt, cfg, "classification")
    yt = torch.from_numpy(np.ascontiguousarray(y, dtype=np.float32))
    return make_dataset(xt, yt.reshape(len(yt), -1) if yt.ndim == 1 else yt, cfg, "regression")
