"""The data-source registry: one `DataSource` per kind of data, like LayerSpec for layers.

An entry names the source, declares its keys (ParamSpec tables of engine.choices, which
the Data form and DataConfig read), which keys name files or folders and the file
chooser's filter, and two functions: `load` (a split Dataset for training) and `preview`
(a cheap `Preview` for the Data form: first rows, classes, array shapes, the start of a
text, thumbnails). The GUI draws previews and never reads data files itself, so a new
source is one `register(DataSource(...))` and nothing else.

Loaders and previews import torch/numpy/Pillow when called, never at import.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine import choices
from engine.layers.spec import ParamSpec

if TYPE_CHECKING:
    from engine.config import DataConfig
    from engine.data.base import Dataset

Hints = dict[str, Any]  # the graph's Input/Output shapes (engine.data.graph_hints)
Progress = Callable[[int, int], None]
PREVIEW_ROWS = 8
THUMBS_PER_CLASS = 4
THUMB_SIZE = 48
TEXT_HEAD = 300


@dataclass(frozen=True)
class ArrayInfo:
    name: str
    shape: tuple[int, ...]
    dtype: str


@dataclass(frozen=True)
class Thumbnail:
    """A small picture of one sample: uint8 pixels (height, width, channels 1 or 3)."""

    label: str
    pixels: Any  # numpy.ndarray


@dataclass(frozen=True)
class Preview:
    """What a source holds, read cheaply (a few kilobytes, a few files)."""

    note: str = ""  # one or two lines for the user: what this is, or why it cannot be read
    rows: int | None = None  # samples, when known without loading
    columns: tuple[str, ...] = ()  # a table's header
    head: tuple[tuple[str, ...], ...] = ()  # its first rows
    classes: tuple[str, ...] = ()
    arrays: tuple[ArrayInfo, ...] = ()
    text: str = ""  # the start of a text
    thumbnails: tuple[Thumbnail, ...] = ()


Loader = Callable[["DataConfig", Path, Hints, Progress | None], "Dataset"]
Previewer = Callable[["DataConfig", Path, Hints], Preview]


@dataclass(frozen=True)
class DataSource:
    name: str
    params: tuple[ParamSpec, ...]  # the keys the Data form edits
    load: Loader
    preview: Previewer
    more: tuple[ParamSpec, ...] = ()  # keys a project file may hold beyond the form's
    files: tuple[str, ...] = ()  # keys naming a file, relative to the project
    folders: tuple[str, ...] = ()  # keys naming a folder
    file_filter: str = ""  # the file chooser's filter, Qt style
    about: str = ""  # a line under the source picker

    @property
    def specs(self) -> tuple[ParamSpec, ...]:
        """Every key a section of this source may hold (besides `source`)."""
        return self.params + choices.DATA_COMMON + self.more


_SOURCES: dict[str, DataSource] = {}


def register(source: DataSource) -> DataSource:
    """Add (or replace) a source; it shows in the Data form made after this."""
    _SOURCES[source.name] = source
    return source


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def get_source(name: str) -> DataSource | None:
    return _SOURCES.get(name)


def data_sources() -> tuple[DataSource, ...]:
    return tuple(_SOURCES.values())


def source_names() -> tuple[str, ...]:
    return tuple(_SOURCES)


def preview_data(data: DataConfig, base_dir: Path, hints: Hints | None = None) -> Preview:
    """The source's preview; a file that cannot be read is a note saying why, not an error."""
    from engine.errors import LayerLabError

    source = get_source(data.source or "")
    if source is None:
        return Preview("The project has no data yet: choose where it comes from.")
    missing = [k for k in source.files + source.folders if not data.get(k)]
    if missing and len(missing) == len(source.files + source.folders):
        return Preview("Choose a file." if source.files else "Choose a folder.")
    try:
        return source.preview(data, base_dir, hints or {})
    except OSError as err:
        where = err.filename or data.get(missing[0] if missing else "path", "")
        return Preview(f"{Path(str(where)).name}: {err.strerror or err}")
    except (LayerLabError, ValueError, csv.Error) as err:
        return Preview(f"cannot read the data: {err}")


# -- the built-in sources ------------------------------------------------------------------
def _synthetic_load(cfg: DataConfig, base: Path, hints: Hints, progress: Progress | None) -> Any:
    from engine.data import synthetic

    return synthetic.load(cfg, hints)


def _synthetic_preview(cfg: DataConfig, base: Path, hints: Hints) -> Preview:
    samples = cfg.get("samples", 1000)
    return Preview(f"{samples:,} samples, generated when training starts (seeded).", rows=samples)


def _csv_load(cfg: DataConfig, base: Path, hints: Hints, progress: Progress | None) -> Any:
    from engine.data import csvfile

    return csvfile.load(cfg, base)


def _csv_preview(cfg: DataConfig, base: Path, hints: Hints) -> Preview:
    from engine.files import open_capped

    path = base / cfg.get("path")
    with io.TextIOWrapper(open_capped(path), encoding="utf-8-sig", newline="") as handle:
        rows = list(itertools.islice(csv.reader(handle), PREVIEW_ROWS + 1))
    if not rows:
        return Preview(f"{path.name} is empty")
    header = tuple(h.strip() for h in rows[0])
    head = tuple(tuple(row[: len(header)]) for row in rows[1:])
    target = cfg.get("target")
    if target not in header:
        note = f"First rows of {path.name}. Pick the target column (now: none set)."
    else:
        note = f"First rows of {path.name}; predicting '{target}'."
    return Preview(note, columns=header, head=head)


def _npz_load(cfg: DataConfig, base: Path, hints: Hints, progress: Progress | None) -> Any:
    from engine.data import arrays

    return arrays.load(cfg, base)


def _npz_preview(cfg: DataConfig, base: Path, hints: Hints) -> Preview:
    import numpy as np

    path = base / cfg.get("path")
    with np.load(path, allow_pickle=False, mmap_mode="r") as archive:
        found = tuple(
            ArrayInfo(k, tuple(archive[k].shape), str(archive[k].dtype)) for k in archive.files
        )
    x = next((a for a in found if a.name == cfg.get("x", "x")), None)
    listed = "; ".join(f"{a.name} {a.shape} {a.dtype}" for a in found)
    return Preview(
        f"{path.name}: {listed}", rows=x.shape[0] if x and x.shape else None, arrays=found
    )


def _idx_load(cfg: DataConfig, base: Path, hints: Hints, progress: Progress | None) -> Any:
    from engine.data import idx

    return idx.load(cfg, base)


def _idx_preview(cfg: DataConfig, base: Path, hints: Hints) -> Preview:
    """Both headers (gzip or not), and the first images labelled from the labels file."""
    from engine.data.idxfile import read_head

    found, notes, firsts = [], [], {}
    for key in ("images", "labels"):
        if not cfg.get(key):
            continue
        path = base / cfg.get(key)
        dims, dtype, first = read_head(path, PREVIEW_ROWS)
        found.append(ArrayInfo(path.name, dims, dtype))
        notes.append(f"{path.name}: {' x '.join(map(str, dims))} ({dtype})")
        firsts[key] = first
    thumbs: tuple[Thumbnail, ...] = ()
    images, labels = firsts.get("images"), firsts.get("labels")
    if images is not None and images.ndim == 3 and images.dtype.kind == "u":
        names = [str(int(v)) for v in labels] if labels is not None else []
        names += [""] * (len(images) - len(names))
        thumbs = tuple(
            Thumbnail(n, image[..., None]) for n, image in zip(names, images, strict=False)
        )
    rows = found[0].shape[0] if found and found[0].shape else None
    return Preview("\n".join(notes), rows=rows, arrays=tuple(found), thumbnails=thumbs)


def _images_load(cfg: DataConfig, base: Path, hints: Hints, progress: Progress | None) -> Any:
    from engine.data import images

    return images.load(cfg, base, hints, progress)


def _images_preview(cfg: DataConfig, base: Path, hints: Hints) -> Preview:
    """The class folders and a few thumbnails of each."""
    from engine.data.imagefiles import EXTENSIONS, decode

    root = base / cfg.get("path")
    if not root.is_dir():
        return Preview(f"{root}: not a folder")
    classes = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not classes:
        return Preview(f"{root}: no class folders (one sub-folder per class)")
    thumbs = []
    for name in classes:
        files = sorted(f for f in (root / name).iterdir() if f.suffix.lower() in EXTENSIONS)
        for file in files[:THUMBS_PER_CLASS]:
            pixels = decode(file, THUMB_SIZE, 3)  # (3, size, size)
            thumbs.append(Thumbnail(name, pixels.transpose(1, 2, 0)))
    return Preview(
        f"{len(classes)} classes: {', '.join(classes)}",
        classes=tuple(classes),
        thumbnails=tuple(thumbs),
    )


def _text_load(cfg: DataConfig, base: Path, hints: Hints, progress: Progress | None) -> Any:
    from engine.data import text

    return text.load(cfg, base, hints)


def _text_preview(cfg: DataConfig, base: Path, hints: Hints) -> Preview:
    path = base / cfg.get("path")
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(TEXT_HEAD)
    return Preview(f"{path.name}: {head!r}…", text=head)


def _builtin(name: str, load: Loader, preview: Previewer, file_filter: str = "") -> DataSource:
    return DataSource(
        name,
        choices.DATA[name],
        load,
        preview,
        more=choices.DATA_MORE.get(name, ()),
        files=choices.DATA_FILES.get(name, ()),
        folders=choices.DATA_FOLDERS.get(name, ()),
        file_filter=file_filter,
        about="" if name == "synthetic" else "Paths are relative to the project file.",
    )


for _entry in (
    _builtin("synthetic", _synthetic_load, _synthetic_preview),
    _builtin("csv", _csv_load, _csv_preview, "CSV files (*.csv);;All files (*)"),
    _builtin("npz", _npz_load, _npz_preview, "NumPy archives (*.npz);;All files (*)"),
    _builtin("images", _images_load, _images_preview),
    _builtin(
        "idx", _idx_load, _idx_preview, "IDX files (*-ubyte *.idx *ubyte* *.gz);;All files (*)"
    ),
    _builtin("text", _text_load, _text_preview, "Text files (*.txt);;All files (*)"),
):
    register(_entry)
