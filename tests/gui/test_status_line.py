"""The run's status line: ten new texts a second must not lay the window out again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.status_line import StatusLine


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.count += event.type() == QEvent.Type.LayoutRequest
        return False


def _requests_after_ten_texts(qtbot, line: QWidget) -> int:
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(line)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    requests = LayoutRequests()
    window.installEventFilter(requests)
    for i in range(10):
        line.setText(f"run 1 · epoch {i}/10 · {'x' * i} samples/s")
        QApplication.processEvents()
    return requests.count


def test_new_texts_repaint_without_a_layout_request(qtbot) -> None:
    assert _requests_after_ten_texts(qtbot, QLabel("")) > 0, "a QLabel would re-lay out"
    assert _requests_after_ten_texts(qtbot, StatusLine("")) == 0


def test_a_long_text_is_elided_and_whole_in_the_tooltip(qtbot) -> None:
    line = StatusLine("")
    qtbot.addWidget(line)
    line.resize(120, line.sizeHint().height())
    line.show()
    long = "run 3 · epoch 4/20 · batch 100/782 · 120,000 samples/s · ETA 12 s · loss 0.3"
    line.setText(long)
    assert line.text() == long and line.toolTip() == long
    line.setText("done")
    assert line.toolTip() == ""


def test_a_line_that_grows_makes_room_for_a_longer_text_and_keeps_it(qtbot) -> None:
    """The status bar's counts: a longer count is shown whole, not elided; a shorter one
    keeps the room, so counting down never lays the window out."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    line = StatusLine("7 params", grows=True)
    layout.addStretch(1)
    layout.addWidget(line)
    window.resize(600, 40)
    window.show()
    qtbot.waitExposed(window)
    long = "1,234,567,890 params"
    line.setText(long)
    qtbot.waitUntil(
        lambda: line.contentsRect().width() >= line.fontMetrics().horizontalAdvance(long)
    )
    assert line.toolTip() == ""  # shown whole
    requests = LayoutRequests()
    window.installEventFilter(requests)
    line.setText("3 params")
    QApplication.processEvents()
    assert requests.count == 0
