"""Atomic saves that never lose what was there before.

Every file LayerLab writes (projects, weights, checkpoints, predictions, exports) goes
through `atomic_path`: the new content goes to a temp file with a unique name in the same
folder, is flushed to disk, takes the mode of the file it replaces (or the umask's mode
for a new file) and is renamed over the target. A crash leaves the old file whole; two
runs writing one path never share a temp file; temp files of a killed process are removed
by the next save to the same path. A full disk becomes a `DiskFullError` that says how
much space the save needed, so the caller can keep its data and offer another place.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from engine.errors import LayerLabError

TEMP_SUFFIX = ".layerlab-tmp"


class SaveError(LayerLabError, OSError):
    """A file could not be written; the previous file (if any) is unchanged. An OSError
    too, so callers that already catch write failures keep working (`strerror` is the
    message without the path)."""

    def __init__(self, message: str, path: Path, reason: str | None = None) -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.strerror = path, reason or message


class DiskFullError(SaveError):
    """The disk (or quota) ran out of space. `needed` is the bytes the save needs (0 when
    unknown), `free` what the disk has left."""

    def __init__(self, path: Path, needed: int, free: int | None) -> None:
        self.needed, self.free = needed, free
        need = f"it needs about {format_size(needed)}" if needed else "it needs more space"
        left = f", {format_size(free)} free" if free is not None else ""
        super().__init__(f"not enough space on the disk to save ({need}{left})", path)


def format_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def free_space(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


@contextlib.contextmanager
def atomic_path(
    path: str | os.PathLike[str], needed: int = 0, make_folder: bool = True
) -> Iterator[Path]:
    """Yield a fresh temp path next to `path` to write to; on a clean exit it replaces
    `path` (flushed, with the right mode), on any error it is removed.

    `needed` (bytes) only improves the disk-full message; `make_folder` creates missing
    parent folders.
    """
    path = Path(path)
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SaveError(f"cannot create the folder ({err.strerror})", path) from None
    remove_stale_temps(path)
    mode = _mode_for(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
    try:
        # 0o666 through os.open lets the kernel apply the umask, as for any new file; the
        # mode is set again after writing, as some writers (safetensors) recreate the file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        mode = stat.S_IMODE(os.fstat(fd).st_mode) if mode is None else mode
        os.close(fd)
    except OSError as err:
        raise _save_error(err, path, needed) from None
    try:
        yield tmp
        _sync(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        # Libraries that write for us (safetensors, the ONNX exporter) may wrap ENOSPC.
        if isinstance(err, OSError) or is_disk_full(err):
            raise _save_error(err, path, needed) from None
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, make_folder: bool = True) -> None:
    with atomic_path(path, len(data), make_folder) as tmp, open(tmp, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, make_folder: bool = True) -> None:
    """Replace `path` with UTF-8 `text` (\\n line ends) so readers see old or new, never half."""
    atomic_write_bytes(path, text.encode("utf-8"), make_folder)


def is_disk_full(err: BaseException) -> bool:
    """True for ENOSPC/EDQUOT, also when a library reports it only in its message."""
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(err)
    return "No space left on device" in text or "Disk quota exceeded" in text


def remove_stale_temps(path: Path) -> None:
    """Remove temp files for `path` left by processes that no longer run (kill -9)."""
    with contextlib.suppress(OSError):
        for entry in path.parent.glob(f".{_glob_escape(path.name)}.*{TEMP_SUFFIX}"):
            pid = entry.name[len(path.name) + 2 :].split(".", 1)[0]
            if pid.isdigit() and not _running(int(pid)):
                entry.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs under another user
        return True
    return True


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _mode_for(path: Path) -> int | None:
    """The permission bits of the file being replaced; None for a new file (umask)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def _sync(tmp: Path) -> None:
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _save_error(err: BaseException, path: Path, needed: int) -> SaveError:
    if is_disk_full(err):
        return DiskFullError(path, needed, free_space(path.parent))
    reason = getattr(err, "strerror", None) or str(err)
    return SaveError(f"cannot write ({reason})", path, reason)
