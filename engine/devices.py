"""Which devices can train: the CPU, every CUDA device (name, total and free memory) and
Apple's MPS. `resolve_device("auto")` picks the best; an unknown name is an error that
lists what exists. `choose_threads` sizes torch's CPU thread pool to the cores free now.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from engine.errors import LayerLabError
from engine.model_summary import format_bytes


class DeviceError(LayerLabError):
    """A requested device does not exist or cannot be used here."""


@dataclass(frozen=True)
class DeviceInfo:
    """One device: `name` is what `--device` takes (cpu, cuda:0, mps)."""

    name: str
    kind: str
    description: str
    total_memory: int | None = None
    free_memory: int | None = None

    def __str__(self) -> str:
        if self.total_memory is None:
            return f"{self.name:8} {self.description}"
        free = format_bytes(self.free_memory or 0)
        return (
            f"{self.name:8} {self.description} ({format_bytes(self.total_memory)} total, "
            f"{free} free)"
        )


def list_devices() -> list[DeviceInfo]:
    devices = [DeviceInfo("cpu", "cpu", f"CPU ({torch.get_num_threads()} threads)")]
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            free, total = torch.cuda.mem_get_info(i)
            name = torch.cuda.get_device_name(i)
            devices.append(DeviceInfo(f"cuda:{i}", "cuda", name, total, free))
    if torch.backends.mps.is_available():
        devices.append(DeviceInfo("mps", "mps", "Apple Metal (MPS)"))
    return devices


def resolve_device(name: str | torch.device | None = "auto") -> torch.device:
    """A torch.device for a user-facing name: auto, cpu, cuda, cuda:N or mps."""
    if isinstance(name, torch.device):
        name = str(name)
    name = (name or "auto").strip().lower()
    available = list_devices()
    names = [d.name for d in available]
    if name == "auto":
        kinds = [d.kind for d in available]
        return torch.device("cuda:0" if "cuda" in kinds else "mps" if "mps" in kinds else "cpu")
    if name == "cuda" and "cuda:0" in names:
        return torch.device("cuda:0")
    if name in names:
        return torch.device(name)
    raise DeviceError(f"no device '{name}' here; available: {', '.join(['auto', *names])}")


# torch's own default (physical cores, or OMP_NUM_THREADS), read before anyone changes it:
# more threads than physical cores only adds contention.
_TORCH_DEFAULT_THREADS = torch.get_num_threads()


@dataclass(frozen=True)
class ThreadPlan:
    """How many CPU threads torch trains with, and why (shown in the run header)."""

    threads: int
    reason: str

    def __str__(self) -> str:
        return f"{self.threads} CPU thread{'s' if self.threads != 1 else ''} ({self.reason})"


def usable_cores() -> int:
    """Cores this process may run on (its affinity mask, where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def busy_cores(probe_s: float = 0.05) -> float:
    """Cores other work keeps busy right now: a short sample of /proc/stat on Linux (the
    load average lags by a minute), else the 1-minute load average, else 0."""
    try:
        first = _cpu_times()
        time.sleep(probe_s)
        second = _cpu_times()
    except (OSError, ValueError, IndexError):
        try:
            return os.getloadavg()[0]
        except (AttributeError, OSError):
            return 0.0
    total = second[0] - first[0]
    idle = second[1] - first[1]
    return max(0.0, 1.0 - idle / total) * (os.cpu_count() or 1) if total > 0 else 0.0


def _cpu_times() -> tuple[int, int]:
    """(all jiffies, idle + iowait jiffies) from the first line of /proc/stat."""
    fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    ticks = [int(f) for f in fields[:8]]
    return sum(ticks), ticks[3] + ticks[4]


def choose_threads(requested: int | None = None, reserve: int = 0) -> ThreadPlan:
    """Torch CPU threads for a run: `requested` (training.num_threads, --threads) or
    OMP_NUM_THREADS when set; otherwise the cores free now, less `reserve` kept for a GUI,
    at least one and never more than torch's default. On a busy machine a thread per core
    would fight the other work for every core and train several times slower."""
    if requested:
        return ThreadPlan(int(requested), "as set")
    env = os.environ.get("OMP_NUM_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return ThreadPlan(int(env), "OMP_NUM_THREADS")
    cores = min(usable_cores(), _TORCH_DEFAULT_THREADS)
    busy = busy_cores()
    free = max(1, min(cores, round(usable_cores() - busy)) - reserve)
    kept = f", {reserve} kept for the app" if reserve else ""
    return ThreadPlan(free, f"{usable_cores() - busy:.1f} of {usable_cores()} cores free{kept}")
