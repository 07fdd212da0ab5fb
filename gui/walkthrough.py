"""Help > First Model: the classic first network, built step by step on the canvas.

Input (10 features) -> Dense 128 -> ReLU -> Dense 64 -> ReLU -> Dense 1, trained with
BCEWithLogitsLoss on 2,000 generated points of two classes. Every step is made of the
document's real edits (add a node, set a param, connect, change settings), so it lands on
the undo stack like the user's own work; Back is Undo to where the step began.

The walkthrough opens in a window of its own, so whatever the user has open, saved or
not, stays exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine import Graph, Project
from gui.document import Document
from gui.main_window import MainWindow
from gui.training.data_form import DataForm
from gui.training.settings_form import SettingsForm

GAP = 210  # canvas distance between the layers of the row

DATA = {
    "source": "synthetic",
    "name": "blobs",
    "samples": 2000,
    "features": 10,
    "classes": 2,
    "seed": 0,
    "validation_split": 0.2,
}
TRAINING = {
    "epochs": 10,
    "batch_size": 64,
    "optimizer": {"type": "Adam", "lr": 0.001},
    "loss": {"type": "BCEWithLogitsLoss"},
    "metrics": ["accuracy"],
    "seed": 0,
}


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    act: Callable[[Walkthrough], None] | None = None


def _layer(type_name: str, params: dict, column: int) -> Callable[[Walkthrough], None]:
    """Add a layer at `column` of the row, set its params and wire the last layer to it."""

    def act(walk: Walkthrough) -> None:
        doc = walk.document
        node_id = doc.add_node(type_name, (float(column * GAP), 0.0))
        for name, value in params.items():
            doc.set_param(node_id, name, value)
        if walk.chain:
            doc.connect(walk.chain[-1], node_id)
        walk.chain.append(node_id)
        walk.window.scene.select_nodes([node_id])  # the Help dock explains it

    return act


def _second_hidden_layer(walk: Walkthrough) -> None:
    _layer("Linear", {"out_features": 64}, 3)(walk)
    _layer("ReLU", {}, 4)(walk)
    walk.window.scene.select_nodes([walk.chain[-2]])


def _last_layer(walk: Walkthrough) -> None:
    _layer("Linear", {"out_features": 1}, 5)(walk)
    _layer("Output", {}, 6)(walk)
    walk.window.scene.select_nodes([walk.chain[-2]])


def _settings(walk: Walkthrough) -> None:
    training = {**walk.document.project.training, **TRAINING}
    data = {**walk.document.project.data, **DATA}
    walk.document.set_settings(
        "data", data, QCoreApplication.translate("Walkthrough", "First Model: data")
    )
    walk.document.set_settings(
        "training",
        training,
        QCoreApplication.translate("Walkthrough", "First Model: loss and optimizer"),
    )


def _train(walk: Walkthrough) -> None:
    walk.window.training.train()


def steps() -> list[Step]:
    return [
        Step(
            QCoreApplication.translate("Walkthrough", "Your first model"),
            QCoreApplication.translate(
                "Walkthrough",
                "This walkthrough builds the classic first neural network: a multi-layer "
                "perceptron (MLP) that sorts points with 10 features into two classes.<br><br>"
                "Each step adds a piece on the canvas, and the Help dock explains the layer "
                "it adds. Back takes a step away again: it is the same Undo as Ctrl+Z.",
            ),
        ),
        Step(
            QCoreApplication.translate("Walkthrough", "1. The input: 10 features"),
            QCoreApplication.translate(
                "Walkthrough",
                "Every sample is 10 numbers. The Input's shape (10,) leaves out the batch: "
                "the model is shown many samples at once, and treats each the same way.",
            ),
            _layer("Input", {"shape": [10]}, 0),
        ),
        Step(
            QCoreApplication.translate("Walkthrough", "2. A dense layer of 128 units"),
            QCoreApplication.translate(
                "Walkthrough",
                "A Dense (Linear) layer: each of its 128 units takes a weighted sum of all 10 "
                "inputs and adds a bias, y = x·Wᵀ + b. That makes 10 × 128 + 128 = 1,408 "
                "numbers to learn. The edge shows the shape that flows: (128,).",
            ),
            _layer("Linear", {"out_features": 128}, 1),
        ),
        Step(
            QCoreApplication.translate("Walkthrough", "3. ReLU: the non-linearity"),
            QCoreApplication.translate(
                "Walkthrough",
                "ReLU keeps positive values and turns negative ones into 0: max(0, x). "
                "Without it, two dense layers in a row would be one linear map, however many "
                "you stack. The Help dock plots ReLU and its derivative.",
            ),
            _layer("ReLU", {}, 2),
        ),
        Step(
            QCoreApplication.translate("Walkthrough", "4. A second hidden layer: 64 units"),
            QCoreApplication.translate(
                "Walkthrough",
                "Another Dense layer, now with 64 units, each reading the 128 values before "
                "it: 128 × 64 + 64 = 8,256 weights. Then another ReLU.",
            ),
            _second_hidden_layer,
        ),
        Step(
            QCoreApplication.translate("Walkthrough", "5. One output: a score"),
            QCoreApplication.translate(
                "Walkthrough",
                "A Dense layer with 1 unit gives one raw score (a logit) per sample: above 0 "
                "means class 1, below 0 class 0. There is no Sigmoid at the end on purpose: "
                "the loss applies it, in a more precise way.",
            ),
            _last_layer,
        ),
        Step(
            QCoreApplication.translate("Walkthrough", "6. Data, loss and optimizer"),
            QCoreApplication.translate(
                "Walkthrough",
                "The data: 2,000 generated points in two clusters; 20% are held back to "
                "check the model on points it never trained on.<br><br>"
                "The loss, BCEWithLogitsLoss, measures how far each score is from the true "
                "class (0 or 1). The optimizer, Adam, nudges every weight to make the loss "
                "smaller, one batch of 64 samples at a time. Click ? beside Loss in the "
                "Training settings to read more.",
            ),
            _settings,
        ),
        Step(
            QCoreApplication.translate("Walkthrough", "7. Train"),
            QCoreApplication.translate(
                "Walkthrough",
                "Training shows the model every training sample 10 times (10 epochs). Watch "
                "the loss fall in the Training dock: that is the model learning.",
            ),
            _train,
        ),
    ]


class Walkthrough(QWidget):
    """The First Model dock: the current step's explanation, with Back and Next."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.document = window.document
        self.steps = steps()
        self.index = 0
        self.marks: list[tuple[int, list[str]]] = []  # undo index and chain before each step
        self.chain: list[str] = []  # ids of the layers added so far, in order
        self.dock: QDockWidget | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.text = QTextBrowser()  # scrolls when the dock is short
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.counter = QLabel()
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.counter)
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        window.training.runsChanged.connect(self._show)
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        """A new language: the steps' texts in it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.steps = steps()
            self._show()

    @property
    def training(self) -> bool:
        return self.window.training.run is not None

    @property
    def trained(self) -> bool:
        """The last step's run has finished."""
        return self.index == len(self.steps) - 1 and not self.training and bool(self.result())

    def result(self) -> dict[str, float]:
        records = self.window.training.records
        return records[-1].final if records else {}

    def next(self) -> None:
        if self.index == len(self.steps) - 1:
            if self.trained and self.dock is not None:
                self.dock.close()  # Finish: the trained model stays in its window
            return
        self.marks.append((self.document.undo_stack.index(), list(self.chain)))
        self.index += 1
        act = self.steps[self.index].act
        if act is not None:
            act(self)
        self.window.view.fit()
        self._show()

    def back(self) -> None:
        """Undo the current step's edits, to where it began."""
        if not self.marks or self.training:
            return
        index, self.chain = self.marks.pop()
        self.document.undo_stack.setIndex(index)
        self.index -= 1
        self.window.view.fit()
        self._show()

    def _show(self) -> None:
        step = self.steps[self.index]
        last = self.index == len(self.steps) - 1
        self.title.setText(f"<h3>{step.title}</h3>")
        text = step.text
        if last and self.trained:
            final = self.result()
            text += "<br><br>" + QCoreApplication.translate(
                "Walkthrough",
                "<b>Done.</b> Validation accuracy {accuracy:.1%}, validation loss {loss:.3f}: "
                "the model sorts points it has never seen. Save it with File > Save, or change "
                "a layer and press F5 to train again.",
            ).format(accuracy=final.get("val_accuracy", 0.0), loss=final.get("val_loss", 0.0))
        self.text.setHtml(text)
        self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())
        self.counter.setText(
            self.tr("Step {n} of {total}").format(n=self.index + 1, total=len(self.steps))
        )
        self.back_button.setEnabled(self.index > 0 and not self.training)
        self.next_button.setText(self.tr("Finish") if last else self.tr("Next"))
        self.next_button.setEnabled(not last or self.trained)


def open_walkthrough(window: MainWindow) -> MainWindow:
    """A new window on a new, empty project with the walkthrough docked beside the canvas;
    `window` and its project are left as they are."""
    graph = Graph()
    project = Project(
        graph,
        name=QCoreApplication.translate("Walkthrough", "First Model"),
        data=DataForm.defaults("synthetic", graph),
        training=SettingsForm.defaults(),
    )
    walk_window = MainWindow(
        Document(project), autosave_dir=window.autosaver.stem.parent, themes=window.themes
    )
    walk_window.show()  # its remembered layout first, then the walkthrough's docks
    walk_window.move(window.pos() + QPoint(40, 40))  # in front of, not hiding, the user's
    walk_window.walkthrough = Walkthrough(walk_window)
    title = QCoreApplication.translate("Walkthrough", "First Model")
    dock = walk_window.add_dock(
        walk_window.walkthrough, title, Qt.DockWidgetArea.LeftDockWidgetArea, "first_model"
    )
    walk_window.walkthrough.dock = dock
    walk_window.tabifyDockWidget(walk_window.palette_dock, dock)
    walk_window.help.show_dock()
    QTimer.singleShot(0, dock.raise_)  # once the new tab exists
    return walk_window
