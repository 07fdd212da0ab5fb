"""CSV tables: a header row, a `target` column and feature columns.

The task is inferred when not given (text or a few distinct integers -> classes); class
labels map to indices (sorted) and the map is saved with the weights. A feature column
holding text ("red", "male") is categorical: one 0/1 column per value seen in training
(sorted), the values saved with the weights so predict encodes new rows the same way.
Features are standardised with training-split statistics. Missing values are an error
naming the line and column unless `missing` is "drop" (skip the row) or "mean" (fill with
the mean).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.config import DataConfig
from engine.data.base import DataError, Dataset
from engine.files import FileLimitError, open_capped

if TYPE_CHECKING:  # torch loads with the data: `import engine` (and check) stay without it
    import torch

MISSING = frozenset({"", "na", "nan", "n/a", "null", "none", "?"})
MAX_INTEGER_CLASSES = 20
# A text column with more distinct values is an identifier or free text, not a category.
MAX_CATEGORIES = 50


Rows = list[tuple[int, list[str]]]  # (line number, cells)


def read_table(path: Path) -> tuple[list[str], Rows]:
    """Header and (line, cells) rows; a row with the wrong cell count is an error.

    Only a regular file is read, at most MAX_TEXT_BYTES of it; errors name lines and
    columns but never echo a cell, which may be anyone's secret.
    """
    try:
        with io.TextIOWrapper(open_capped(path), encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [h.strip() for h in next(reader, [])]
            if not header:
                raise DataError("the file is empty; expected a header row", path)
            twice = sorted({h for h in header if header.count(h) > 1})
            if twice:
                raise DataError(
                    f"the header names {column_list(twice)} more than once; "
                    "every column needs its own name",
                    path,
                    1,
                )
            rows = []
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    raise DataError(
                        f"has {len(row)} cells but the header has {len(header)}",
                        path,
                        reader.line_num,
                    )
                rows.append((reader.line_num, row))
    except FileNotFoundError:
        raise DataError("no such file", path) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a CSV file", path) from None
    except FileLimitError as err:
        raise DataError(err.detail, path) from None
    except UnicodeDecodeError:
        raise DataError("is not UTF-8 text", path) from None
    except csv.Error as err:
        raise DataError(f"not valid CSV: {err}", path) from None
    except OSError as err:
        raise DataError(f"cannot read ({err.strerror or err})", path) from None
    return header, rows


def column_list(names: list[str], limit: int = 20) -> str:
    """Column names for a message: each cut to 40 characters, at most `limit` of them."""
    shown = [n if len(n) <= 40 else n[:40] + "..." for n in names[:limit]]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(shown) + more


Categories = dict[str, list[str]]  # a text column -> its values, in one-hot order


def find_categories(path: Path, header: list[str], rows: Rows, columns: list[str]) -> Categories:
    """The feature columns that hold text, each with its distinct values (sorted). A
    column is text when its first value is: a number in it later is an error, as is text
    in a column of numbers (parse_features), since a stray value is more often a typo."""
    found: Categories = {}
    for col in columns:
        j = header.index(col)
        cells = ((line, row[j].strip()) for line, row in rows)
        present = [(line, cell) for line, cell in cells if cell.lower() not in MISSING]
        if not present or _is_number(present[0][1]):
            continue
        stray = next((line for line, cell in present if _is_number(cell)), None)
        if stray is not None:
            raise DataError(
                "value is a number, but the column holds text (categories)", path, stray, col
            )
        values = sorted({cell for _, cell in present})
        if len(values) > MAX_CATEGORIES:
            raise DataError(
                f"holds text with {len(values)} distinct values, too many to use as "
                f"categories (at most {MAX_CATEGORIES}); leave it out of data.features",
                path,
                column=col,
            )
        found[col] = values
    return found


def labelled_rows(rows: Rows, target: int, missing: str) -> Rows:
    """The rows training reads: with missing "drop", those whose target is present."""
    if missing != "drop":
        return rows
    return [(n, r) for n, r in rows if r[target].strip().lower() not in MISSING]


def encoded_width(columns: list[str], categories: Categories) -> int:
    """Numbers per sample: one per numeric column, one per category of a text column."""
    return sum(len(categories[c]) if c in categories else 1 for c in columns)


def parse_features(
    path: Path,
    header: list[str],
    rows: Rows,
    columns: list[str],
    missing: str,
    categories: Categories | None = None,
) -> tuple[torch.Tensor, list[int]]:
    """Float matrix of `columns`, text columns one-hot over `categories` (NaN where
    missing and `missing` == "mean"), and the indices of the rows kept."""
    import torch

    categories = categories or {}
    where = [header.index(c) for c in columns]
    index = {
        col: {value: k for k, value in enumerate(values)} for col, values in categories.items()
    }
    width = encoded_width(columns, categories)
    values: list[list[float]] = []
    kept: list[int] = []
    for i, (line, row) in enumerate(rows):
        out: list[float] = []
        for col, j in zip(columns, where, strict=True):
            cell = row[j].strip()
            size = len(categories[col]) if col in categories else 1
            if cell.lower() in MISSING:
                if missing == "error":
                    raise DataError(
                        'value is missing (set data.missing to "drop" or "mean" to skip or '
                        "fill missing values)",
                        path,
                        line,
                        col,
                    )
                out += [math.nan] * size
            elif col in index:
                out += _one_hot(index[col], cell, path, line, col)
            else:
                out.append(_feature_number(cell, path, line, col))
        if missing == "drop" and any(math.isnan(v) for v in out):
            continue
        values.append(out)
        kept.append(i)
    return torch.tensor(values, dtype=torch.float32).reshape(len(values), width), kept


def _one_hot(index: dict[str, int], cell: str, path: Path, line: int, col: str) -> list[float]:
    if cell not in index:
        raise DataError(
            f"value was not among the column's {len(index)} categories in training",
            path,
            line,
            col,
        )
    out = [0.0] * len(index)
    out[index[cell]] = 1.0
    return out


def _feature_number(cell: str, path: Path, line: int, col: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise DataError(
            "value is not a number, but the column holds numbers", path, line, col
        ) from None
    if not math.isfinite(value):
        raise DataError("value is infinite; feature values must be finite", path, line, col)
    return value


def _is_number(text: str) -> bool:
    """A present cell ("nan" counts as missing, so never reaches here) that parses."""
    return not math.isnan(_number(text))


def infer_task(cells: list[str]) -> str:
    try:
        numbers = [float(c) for c in cells]
    except ValueError:
        return "classification"
    integers = all(n.is_integer() for n in numbers)
    return (
        "classification" if integers and len(set(numbers)) <= MAX_INTEGER_CLASSES else "regression"
    )


def class_order(cells: list[str]) -> list[str]:
    """Distinct labels, numerically sorted when they are all numbers."""
    distinct = set(cells)
    try:
        return sorted(distinct, key=float)
    except ValueError:
        return sorted(distinct)


def load(cfg: DataConfig, base_dir: Path) -> Dataset:
    import torch

    from engine.data.splits import make_dataset

    if "path" not in cfg or "target" not in cfg:
        raise DataError('a csv data section needs "path" and "target"')
    path = base_dir / cfg["path"]
    header, rows = read_table(path)
    target = cfg["target"]
    if target not in header:
        raise DataError(f"no target column '{target}'; columns are {column_list(header)}", path)
    features = list(cfg.get("features") or [c for c in header if c != target])
    if not features:
        raise DataError(f"has no column besides the target '{target}' to learn from", path)
    for col in features:
        if col not in header:
            raise DataError(f"no feature column '{col}'; columns are {column_list(header)}", path)
    missing = cfg.get("missing", "error")
    if missing not in ("error", "drop", "mean"):
        raise DataError(f'data.missing must be "error", "drop" or "mean"; got {missing!r}')
    t = header.index(target)
    rows = labelled_rows(rows, t, missing)
    for line, row in rows:
        if row[t].strip().lower() in MISSING:
            raise DataError('target is missing (set data.missing to "drop")', path, line, target)
    categories = find_categories(path, header, rows, features)
    x, kept = parse_features(path, header, rows, features, missing, categories)
    cells = [rows[i][1][t].strip() for i in kept]
    task = cfg.get("task", "auto")  # "auto", the Data form's default, infers it
    task = infer_task(cells) if task in (None, "auto") else task
    common: dict[str, Any] = {
        "features": features,
        "standardise": bool(cfg.get("normalize", True)),
        "impute": missing == "mean",
    }
    if categories:  # predict encodes new rows with these (weights metadata)
        common["extra"] = {"categories": categories}
    if task == "classification":
        labels = class_order(cells)
        index = {label: k for k, label in enumerate(labels)}
        y = torch.tensor([index[c] for c in cells], dtype=torch.int64)
        return make_dataset(
            x, y, cfg, "classification", num_classes=len(labels), labels=labels, **common
        )
    if task != "regression":
        raise DataError(f'data.task must be "classification" or "regression"; got {task!r}')
    values = [_number(c) for c in cells]
    bad = next((k for k, v in enumerate(values) if not math.isfinite(v)), None)
    if bad is not None:
        raise DataError(
            "target is not a finite number (regression targets must be numeric)",
            path,
            rows[kept[bad]][0],
            target,
        )
    y = torch.tensor(values, dtype=torch.float32).unsqueeze(1)
    return make_dataset(x, y, cfg, "regression", **common)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan
