"""Predictions from a weights file alone: the model, the feature columns, the
normalisation and the class names all come from the file's metadata.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.data import DataError
from engine.data.csvfile import parse_features, read_table
from engine.weights import load_model, read_metadata


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
        x, _ = parse_features(path, header, rows, columns, "error")
        return x

    def read_array(self, path: Path) -> torch.Tensor:
        try:
            return torch.from_numpy(np.load(path, allow_pickle=False))
        except (OSError, ValueError) as err:
            raise DataError(f"not a readable .npy array ({err})", path) from None

    def read(self, path: str | os.PathLike[str]) -> torch.Tensor:
        path = Path(path)
        if not path.exists():
            raise DataError("no such file", path)
        return self.read_array(path) if path.suffix.lower() == ".npy" else self.read_csv(path)

    @torch.no_grad()
    def predict(self, x: torch.Tensor, batch_size: int = 1024) -> Prediction:
        """Standardise like training, run the model, turn outputs into labels."""
        x = x.to(self.dtype) if self.dtype == torch.int64 else x.float()
        if self.normalization is not None:
            x = (x - torch.tensor(self.normalization["mean"])) / torch.tensor(
                self.normalization["std"]
            )
        if tuple(x.shape[1:]) != self.input_shape:
            if x[0].numel() != torch.Size(self.input_shape).numel():
                raise DataError(
                    f"samples have shape {tuple(x.shape[1:])} but the model takes "
                    f"{self.input_shape}"
                )
            x = x.reshape(len(x), *self.input_shape)
        out = torch.cat([self.model(chunk).float() for chunk in x.split(batch_size)])
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
