"""The device combo: CPU, each GPU (index, name, memory), MPS, defaulting to the best, and
the training-memory estimate for the current batch size against the device's free memory.

Listing devices imports torch (a second or more), so it happens on a background thread
the first time the picker is shown; the window opens without waiting for it.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

import engine
from engine.i18n import translate_message
from gui.document import Document

AUTO = "auto"
PROBE_DELAY_MS = 1000  # after the window shows, so startup never waits for torch
POLL_MS = 50  # how often the GUI thread looks for the probing thread's result


def available_ram() -> int | None:
    """Free physical memory in bytes where the OS says (Linux), else None."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


class DevicePicker(QWidget):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.devices: list[Any] = []
        self.combo = QComboBox()
        self.combo.addItem(self.tr("Looking for devices…"), AUTO)
        self.combo.setMinimumContentsLength(24)
        self.combo.activated.connect(self._chosen)
        self.memory = QLabel()  # its own line, wrapped: a longer estimate never widens the dock
        self.memory.setObjectName("help")
        self.memory.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Device")))
        row.addWidget(self.combo, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.memory)
        self._probing = False
        self._found: list[Any] | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._fill_when_found)
        document.settingsChanged.connect(self.refresh)
        document.graphChanged.connect(self.refresh)
        document.projectReplaced.connect(self.refresh)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(PROBE_DELAY_MS, self.probe)

    def probe(self) -> None:
        """List devices on a background thread (once); a GUI-thread timer fills the combo.

        The thread touches no Qt object (the panel may be gone when it finishes) and is
        not a daemon, so the interpreter never shuts down halfway through importing torch.
        """
        if self._probing:
            return
        self._probing = True

        def work() -> None:
            self._found = engine.list_devices()

        threading.Thread(target=work, name="layerlab-devices").start()
        self._poll.start()

    def _fill_when_found(self) -> None:
        if self._found is not None:
            self._poll.stop()
            self._fill(self._found)

    @property
    def best(self) -> str:
        kinds = {d.kind: d.name for d in reversed(self.devices)}
        return kinds.get("cuda") or kinds.get("mps") or "cpu"

    @property
    def selected(self) -> str:
        """The device name to train on (auto resolved to the best found)."""
        value = self.combo.currentData()
        return self.best if value in (AUTO, None) else value

    def info(self, name: str) -> Any:
        return next((d for d in self.devices if d.name == name), None)

    def _fill(self, devices: list[Any]) -> None:
        self.devices = devices
        self.combo.clear()
        best = self.info(self.best)
        self.combo.addItem(
            self.tr("Best available ({device})").format(device=best.name)
            if best
            else self.tr("Best available"),
            AUTO,
        )
        for device in devices:
            text = f"{device.name} — {translate_message(device.description)}"
            if device.total_memory:
                text += f" ({engine.format_bytes(device.total_memory)})"
            self.combo.addItem(text, device.name)
        self.refresh()

    def _chosen(self) -> None:
        value = self.combo.currentData()
        training = dict(self.document.project.training)
        if training.get("device", AUTO) == value:
            return
        training["device"] = value
        self.document.set_settings(
            "training", training, self.tr("Train on {device}").format(device=value)
        )

    def refresh(self) -> None:
        try:
            wanted = self.document.project.training_config.device
        except engine.ConfigError:
            wanted = AUTO  # the Problems panel names the bad key
        wanted = "cuda:0" if wanted == "cuda" else wanted
        index = self.combo.findData(wanted)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        self._update_memory()

    def _update_memory(self) -> None:
        """The estimate for this batch size and optimizer vs the device's free memory."""
        need = self.document.analysis.summary.memory.total
        text = self.tr("needs ≈ {size}").format(size=engine.format_bytes(need))
        device = self.info(self.selected) if self.devices else None
        free = None
        if device is not None:
            free = device.free_memory if device.kind != "cpu" else available_ram()
        if free is not None:
            text += self.tr(" of {size} free").format(size=engine.format_bytes(free))
        fits = free is None or need <= free
        self.memory.setText(
            text
            if fits
            else self.tr("⚠ {need}: will not fit; lower the batch size").format(need=text)
        )
        if self.memory.property("invalid") != (not fits):  # a re-polish lays the dock out
            self.memory.setProperty("invalid", not fits)
            self.memory.style().polish(self.memory)
