"""The Data form's augmentation section, clicked like a user would: steps switched on and
off (undoably), settings typed in, the live preview grid, and steps that do not fit
tabular data kept out of sight."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLineEdit

import engine
from gui.main_window import MainWindow
from gui.training.augment_form import DRAWS, SAMPLES


def click_checkbox(box: QCheckBox) -> None:
    """Click a step's check box on its indicator."""
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def open_cnn(window: MainWindow, examples_dir) -> None:
    window.document.replace_project(engine.load_project(examples_dir / "cnn.layerlab"))
    window.training.tabs.setCurrentWidget(window.training.tabs.widget(0))
    form = window.training.data_form
    form.window().show()


def tile(form, row: int, column: int):
    return form.augment.grid.itemAtPosition(row, column).widget().pixmap().toImage()


def test_switching_a_step_on_writes_it_whole_and_shows_the_preview(
    qtbot, window: MainWindow, examples_dir
) -> None:
    open_cnn(window, examples_dir)
    form = window.training.data_form
    augment = form.augment
    augment.show()
    hflip = augment.boxes["hflip"]
    assert hflip.isVisible() and not hflip.isChecked()
    click_checkbox(hflip)
    assert window.document.project.data["augment"] == [{"type": "hflip", "p": 0.5}]
    qtbot.waitUntil(lambda: augment.grid.count() == SAMPLES * (1 + DRAWS), timeout=20_000)
    assert augment.note.text().startswith("Left: as stored.")

    editor = augment.forms["hflip"].editors["p"]
    line = editor.findChild(QLineEdit)
    line.selectAll()
    QTest.keyClicks(line, "1")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert window.document.project.data["augment"] == [{"type": "hflip", "p": 1.0}]
    qtbot.waitUntil(lambda: augment.grid.count() == SAMPLES * (1 + DRAWS), timeout=20_000)
    qtbot.wait(300)  # the redraw after the edit
    for row in range(SAMPLES):  # p = 1: every training version is the mirror image
        assert tile(form, row, 1) == tile(form, row, 0).flipped(Qt.Orientation.Horizontal)

    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert "augment" not in window.document.project.data
    assert not hflip.isChecked()


def test_steps_keep_their_order_and_normalize_stays_last(
    qtbot, window: MainWindow, examples_dir
) -> None:
    open_cnn(window, examples_dir)
    boxes = window.training.data_form.augment.boxes
    for name in ("normalize", "rotation", "random_crop"):
        click_checkbox(boxes[name])
    kinds = [s["type"] for s in window.document.project.data["augment"]]
    assert kinds == ["rotation", "random_crop", "normalize"]
    click_checkbox(boxes["rotation"])
    assert [s["type"] for s in window.document.project.data["augment"]] == [
        "random_crop",
        "normalize",
    ]


def test_tabular_data_offers_noise_but_no_image_steps(qtbot, window: MainWindow) -> None:
    augment = window.training.data_form.augment  # the binary classifier: 10 features
    window.training.data_form.window().show()
    augment.show()
    assert not augment.boxes["hflip"].isVisible()
    assert augment.boxes["gaussian_noise"].isVisible()
    click_checkbox(augment.boxes["gaussian_noise"])
    assert window.document.project.data["augment"] == [{"type": "gaussian_noise", "std": 0.05}]
    qtbot.waitUntil(lambda: "Gaussian noise" in augment.note.text(), timeout=20_000)
