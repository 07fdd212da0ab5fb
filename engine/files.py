"""Reading untrusted files and choosing where to write.

Every file LayerLab reads may come from someone else: it must be a regular file (never a
device such as /dev/zero, a FIFO that blocks forever, or a socket), and text is read
through a cap that holds even when the size is not known in advance (/proc files say 0).
A command never writes over one of its own inputs: `refuse_overwrite` checks that first.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from engine.errors import LayerLabError

MAX_TEXT_BYTES = 1 << 30  # a CSV or text corpus above 1 GB is refused, not read
MAX_ARRAY_BYTES = 8 << 30  # samples decoded into memory: far above MNIST-style sets, below a bomb


NOT_REGULAR = "is not a regular file (a device, pipe or socket); LayerLab reads only files"


def too_large(limit: int) -> str:
    return f"is larger than the {limit:,} bytes LayerLab reads from such a file; refused"


class FileLimitError(LayerLabError):
    """A file LayerLab refuses to read: too large, or not a regular file. `detail` is the
    message without the path."""

    def __init__(self, detail: str, path: Path) -> None:
        super().__init__(f"{path}: {detail}")
        self.detail, self.path = detail, path


class OverwriteError(LayerLabError):
    """An output path of a command is one of the command's inputs."""


def file_problem(path: str | os.PathLike[str]) -> str | None:
    """Why `path` cannot be read as a file (no such file, a folder, a device...), or None."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "no such file"
    except OSError as err:
        return f"cannot read ({err.strerror or err})"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return NOT_REGULAR
    return None


class _Capped(io.RawIOBase):
    """A raw reader that fails once more than `limit` bytes have been read."""

    def __init__(self, handle: BinaryIO, limit: int, path: Path) -> None:
        self.handle, self.left, self.limit, self.path = handle, limit, limit, path

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self.handle.readinto(memoryview(buffer)[: self.left + 1])  # type: ignore[attr-defined]
        self.left -= n
        if self.left < 0:
            raise FileLimitError(too_large(self.limit), self.path)
        return n

    def close(self) -> None:
        self.handle.close()
        super().close()


def open_capped(path: str | os.PathLike[str], limit: int = MAX_TEXT_BYTES) -> BinaryIO:
    """A buffered binary reader over a regular file that refuses to read past `limit`.

    Raises FileNotFoundError, IsADirectoryError or OSError like open() for files that
    cannot be read, so callers keep their own messages; non-regular files are refused.
    """
    path = Path(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise FileLimitError(NOT_REGULAR, path)
        if info.st_size > limit:
            raise FileLimitError(too_large(limit), path)
        handle = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(_Capped(handle, limit, path))  # type: ignore[arg-type]


def read_capped(path: str | os.PathLike[str], limit: int = MAX_TEXT_BYTES) -> bytes:
    with open_capped(path, limit) as handle:
        return handle.read()


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when both name one file (links and `..` included), existing or not."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def refuse_overwrite(
    outputs: Mapping[str, str | os.PathLike[str] | None],
    inputs: Mapping[str, str | os.PathLike[str] | None],
) -> None:
    """Raise OverwriteError when an output would replace an input or another output.

    Keys say what each path is ("--out", "the project"); they make the message.
    """
    seen: list[tuple[str, str | os.PathLike[str]]] = [
        (what, path) for what, path in inputs.items() if path is not None
    ]
    for what, path in outputs.items():
        if path is None:
            continue
        for other, used in seen:
            if same_file(path, used):
                raise OverwriteError(
                    f"{what} {path} is also {other}; writing it would destroy it. "
                    "Choose another output file"
                )
        seen.append((what, path))
