"""Image files as uint8 samples: decoding one file, decoding many on every core, and the
memory-mapped disk cache that lets the second run start at once.

An `ImageFiles` is the folder listing plus the decode settings (size, channels). Its
`key` hashes paths, sizes, mtimes and settings, so a cache is re-used exactly while the
source files are unchanged. Decoding runs in DataLoader worker processes that return
errors as values: the message then names the file instead of a worker traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.data.base import DataError
from engine.files import file_problem

EXTENSIONS = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
MAX_PIXELS = 50_000_000  # a 7000 x 7000 photo; a bomb declares billions
CACHE_DIR = ".layerlab-cache"  # inside the image folder; hidden folders are never classes
CACHE_VERSION = 1
DECODE_BATCH = 128
SERIAL_BELOW = 512  # fewer files than this decode in-process: workers cost more to start

Progress = Callable[[int, int], None]


def decode(path: Path, size: int, channels: int) -> np.ndarray:
    """One image as uint8 (channels, size, size): converted and resized with Pillow."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # Pillow's bomb warning: our lower limit says it
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(path)
        with opened as image:
            if image.width * image.height > MAX_PIXELS:  # checked before decoding
                raise DataError(
                    f"is {image.width} x {image.height} pixels; LayerLab reads images "
                    f"up to {MAX_PIXELS:,} pixels (a decompression bomb?)",
                    path,
                )
            image = image.convert("L" if channels == 1 else "RGB")
            if image.size != (size, size):
                image = image.resize((size, size), Image.Resampling.BILINEAR)
            array = np.asarray(image, dtype=np.uint8)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as err:
        raise DataError(f"cannot read the image ({err})", path) from None
    return array[None] if channels == 1 else array.transpose(2, 0, 1)


def cpu_cores() -> int:
    """Cores this process may use (the affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def worker_count() -> int:
    """Decoding processes for this process: its share of the cores when torchrun runs
    several ranks on this machine."""
    return max(1, cpu_cores() // int(os.environ.get("LOCAL_WORLD_SIZE", "1")))


def _other_rank_builds() -> Callable[[], None] | None:
    """In a distributed run, local rank 0 builds the disk cache while the other ranks
    wait: a barrier every rank passes once (None outside distributed runs)."""
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()):
        return None
    return dist.barrier


@dataclass(frozen=True)
class ImageFiles:
    """A folder of class folders: every image file, its class id, and how to decode it."""

    root: Path
    files: tuple[Path, ...]
    targets: tuple[int, ...]
    classes: tuple[str, ...]
    size: int
    channels: int

    @classmethod
    def scan(cls, root: Path, size: int, channels: int) -> ImageFiles:
        classes = sorted(
            p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
        if not classes:
            raise DataError("holds no class folders (one sub-folder per class)", root)
        files: list[Path] = []
        targets: list[int] = []
        for k, name in enumerate(classes):
            for file in sorted((root / name).iterdir()):
                if file.suffix.lower() in EXTENSIONS:
                    if problem := file_problem(file):
                        raise DataError(problem, file)
                    files.append(file)
                    targets.append(k)
        if not files:
            raise DataError("holds no images", root)
        return cls(root, tuple(files), tuple(targets), tuple(classes), size, channels)

    @property
    def sample_shape(self) -> tuple[int, int, int]:
        return (self.channels, self.size, self.size)

    @property
    def nbytes(self) -> int:
        return len(self.files) * self.channels * self.size * self.size

    def key(self) -> str:
        """Hash of every file's path, size and mtime plus the decode settings."""
        digest = hashlib.sha256()
        settings = {"v": CACHE_VERSION, "size": self.size, "channels": self.channels}
        digest.update(json.dumps(settings, sort_keys=True).encode())
        for file in self.files:
            stat = file.stat()
            rel = file.relative_to(self.root).as_posix()
            digest.update(f"\n{rel}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        return digest.hexdigest()[:24]

    def decode_rows(self, rows: list[int]) -> tuple[np.ndarray, str | None, int]:
        """(uint8 batch, error or None, row of the error) — errors travel as values."""
        out = np.empty((len(rows), *self.sample_shape), np.uint8)
        for i, row in enumerate(rows):
            try:
                out[i] = decode(self.files[row], self.size, self.channels)
            except DataError as err:
                return out, err.detail, row
        return out, None, -1

    def loader(self, batches: Any, workers: int, pin: bool = False, keep: bool = True) -> Any:
        """A DataLoader yielding (rows, uint8 batch, error, bad row) for each list of rows
        `batches` gives, decoded by `workers` processes (kept alive across epochs when
        `keep`)."""
        import torch

        return torch.utils.data.DataLoader(
            _Decoder(self),  # type: ignore[arg-type]  # map-style: needs no Dataset base
            sampler=batches,
            batch_size=None,
            num_workers=workers,
            pin_memory=pin,
            persistent_workers=keep and workers > 0,
            prefetch_factor=4 if workers > 0 else None,
            generator=torch.Generator(),  # its seed draws leave the global RNG alone
        )

    def checked(self, loader: Any) -> Iterator[Any]:
        """(rows, uint8 batch) from `loader`; a file that failed to decode is an error."""
        for rows, array, error, bad in loader:
            if error is not None:
                raise DataError(error, self.files[int(bad)])
            yield rows, array

    def decode_all(
        self, write: Callable[[np.ndarray], object], on_progress: Progress | None
    ) -> None:
        """Decode every file in order on all cores, handing each batch to `write`."""
        n = len(self.files)
        rows = list(range(n))
        chunks = [rows[i : i + DECODE_BATCH] for i in range(0, n, DECODE_BATCH)]
        workers = 0 if n < SERIAL_BELOW else worker_count()
        done = 0
        for _, array in self.checked(self.loader(chunks, workers, keep=False)):
            write(array.numpy())
            done += len(array)
            if on_progress is not None:
                on_progress(done, n)

    def to_memory(self, on_progress: Progress | None = None) -> np.ndarray:
        """Every image decoded into one uint8 array in RAM."""
        out = np.empty((len(self.files), *self.sample_shape), np.uint8)
        at = [0]

        def write(batch: np.ndarray) -> None:
            out[at[0] : at[0] + len(batch)] = batch
            at[0] += len(batch)

        self.decode_all(write, on_progress)
        return out

    def to_disk(self, on_progress: Progress | None = None) -> np.ndarray:
        """The uint8 array memory-mapped from the cache, decoded first when missing or
        stale. Batches are appended with plain writes, so building it does not map (and
        count in this process's memory) the whole file."""
        barrier = _other_rank_builds()
        builder = os.environ.get("LOCAL_RANK", "0") == "0"
        if barrier is not None and not builder:
            barrier()  # local rank 0 has built (or found) the cache
        try:
            return self._disk_cache(on_progress)
        finally:
            if barrier is not None and builder:
                barrier()

    def _disk_cache(self, on_progress: Progress | None) -> np.ndarray:
        folder = cache_folder(self.root)
        prefix = f"{self.size}x{self.size}x{self.channels}-"
        path = folder / f"{prefix}{self.key()}.npy"
        if path.is_file():
            cached = np.load(path, mmap_mode="r")
            if cached.shape == (len(self.files), *self.sample_shape) and cached.dtype == np.uint8:
                return cached
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        header = {
            "descr": "|u1",
            "fortran_order": False,
            "shape": (len(self.files), *self.sample_shape),
        }
        try:
            with tmp.open("wb") as handle:
                np.lib.format.write_array_header_1_0(handle, header)
                self.decode_all(lambda batch: handle.write(batch.tobytes()), on_progress)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        for stale in folder.glob(f"{prefix}*.npy"):
            if stale != path:
                stale.unlink(missing_ok=True)
        return np.load(path, mmap_mode="r")


def cache_folder(root: Path) -> Path:
    """`root/.layerlab-cache`, or the user's cache folder when `root` is read-only."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
        return folder
    except OSError:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
        folder = base / "layerlab" / "images" / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder


class _Decoder:
    """The map-style dataset DataLoader workers call with a list of rows (one batch)."""

    def __init__(self, files: ImageFiles) -> None:
        self.files = files

    def __getitem__(self, rows: list[int]) -> tuple[Any, ...]:
        import torch

        array, error, bad = self.files.decode_rows(rows)
        return torch.as_tensor(rows), torch.from_numpy(array), error, bad

    def __len__(self) -> int:
        return len(self.files.files)
