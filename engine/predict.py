"""Predictions from a weights file alone: the model, the feature columns, the
normalisation and the class names all come from the file's metadata.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.data import DataError
from engine.data.csvfile import parse_features, read_table
from engine.files import file_problem
from engine.weights import WeightsError, load_model, read_metadata


@dataclass
class Prediction:
    """`labels` per sample (class name or value); `probs` (N, C) for classifiers."""

    labels: list[Any]
    probs: torch.Tensor | None
    class_names: list[str] | None
    values: torch.Tensor


class Predictor:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.model = load_model(path)
        if len(self.model.input_ids) != 1 or len(self.model.output_ids) != 1:
            raise WeightsError(f"{path}: predict needs a model with one Input and one Output")
        meta = read_metadata(path)
        self.data: dict[str, Any] = meta.get("data") or {}
        self.labels: list[str] | None = meta.get("labels")
        self.normalization: dict[str, list[float]] | None = meta.get("normalization")
        self.input_shape = tuple(self.model.input_shapes[self.model.input_ids[0]])
        node = self.model.graph.nodes[self.model.input_ids[0]]
        self.dtype = torch.int64 if node.params.get("dtype") == "int64" else torch.float32

    def read_csv(self, path: Path) -> torch.Tensor:
        """The feature columns used in training (all columns when none were recorded)."""
        header, rows = read_table(path)
        columns = self.data.get("features") or header
        missing = [c for c in columns if c not in header]
        if missing:
            raise DataError(
                f"missing feature column(s) {', '.join(missing)} (the model was trained on "
                f"{', '.join(columns)})",
                path,
            )
        categories = self.data.get("categories") or {}  # text columns, one-hot as trained
        x, _ = parse_features(path, header, rows, columns, "error", categories)
        return x

    def read_array(self, path: Path) -> torch.Tensor:
        """Samples from a .npy array of numbers, one sample per row (no pickle)."""
        try:
            array = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError) as err:
            raise DataError(f"not a readable .npy array ({err})", path) from None
        if not isinstance(array, np.ndarray) or array.dtype.kind not in "biuf":
            kind = getattr(getattr(array, "dtype", None), "name", type(array).__name__)
            raise DataError(f"holds {kind} values; predict needs numbers", path)
        if array.ndim == 0:
            raise DataError("holds a single value; expected one sample per row", path)
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            row = int(np.argwhere(~np.isfinite(array))[0][0])
            raise DataError(f"sample {row} holds NaN or infinite values", path)
        return torch.from_numpy(np.ascontiguousarray(array))

    def read(self, path: str | os.PathLike[str]) -> torch.Tensor:
        path = Path(path)
        if problem := file_problem(path):
            raise DataError(problem, path)
        x = self.read_array(path) if path.suffix.lower() == ".npy" else self.read_csv(path)
        if len(x) == 0:
            raise DataError("holds no samples", path)
        return x

    @torch.no_grad()
    def predict(self, x: torch.Tensor, batch_size: int = 1024) -> Prediction:
        """Check the shape, standardise like training, run the model, name the outputs."""
        x = x.reshape(len(x), -1) if x.ndim > 1 else x.reshape(len(x), 1)
        features = math.prod(self.input_shape)
        if x.shape[1] != features:
            raise DataError(
                f"samples have {x.shape[1]} values but the model takes {features} "
                f"(shape {self.input_shape})"
            )
        x = x.to(self.dtype) if self.dtype == torch.int64 else x.float()
        if self.normalization is not None:  # load_model checked that it fits the Input
            mean = torch.tensor(self.normalization["mean"])
            std = torch.tensor(self.normalization["std"])
            if mean.numel() == features:  # one value per feature
                mean, std = mean.reshape(-1), std.reshape(-1)
            else:  # one per image channel, (C, 1, 1), broadcast over the Input
                x = x.reshape(len(x), *self.input_shape)
            x = (x - mean) / std
        x = x.reshape(len(x), *self.input_shape)
        try:
            out = torch.cat([self.model(chunk).float() for chunk in x.split(batch_size)])
        except (RuntimeError, IndexError) as err:  # token ids outside the vocabulary
            raise DataError(f"the model cannot run on these samples: {err}") from None
        loss = self.data.get("loss", "")
        if self.data.get("task") == "classification" and out.ndim != 2:
            raise DataError(
                f"predict handles one score vector per sample; this model outputs "
                f"{tuple(out.shape[1:])} per sample (a sequence model)"
            )
        if self.data.get("task") != "classification":
            return Prediction(
                out.squeeze(1).tolist() if out.shape[1:] == (1,) else out.tolist(), None, None, out
            )
        if loss in ("BCEWithLogitsLoss", "BCELoss"):
            p1 = torch.sigmoid(out[:, 0]) if loss == "BCEWithLogitsLoss" else out[:, 0]
            probs = torch.stack([1 - p1, p1], 1)
        else:
            probs = out.exp() if loss == "NLLLoss" else out.softmax(1)
        names = self.labels or [str(i) for i in range(probs.shape[1])]
        names = names + [str(i) for i in range(len(names), probs.shape[1])]
        return Prediction([names[i] for i in probs.argmax(1).tolist()], probs, names, out)
