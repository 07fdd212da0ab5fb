"""Which devices can train: the CPU, every CUDA device (name, total and free memory) and
Apple's MPS. `resolve_device("auto")` picks the best; an unknown name is an error that
lists what exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from engine.errors import LayerLabError
from engine.summary import format_bytes


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
