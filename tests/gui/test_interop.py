"""File > Export and File > Import Model (PyTorch or ONNX)… in a real window (offscreen): real
exports checked by the engine, real imports of modules written to tmp_path. Only the native
file dialogs are bypassed, by passing the path.
"""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path
from types import ModuleType

import onnxruntime
import pytest
import torch
from PySide6.QtWidgets import QMessageBox

import engine
from gui.interop import Interop, module_classes, parse_shapes
from gui.main_window import MainWindow

JOB_TIMEOUT_MS = 180_000  # a hang guard: an ONNX export takes over a minute on a loaded machine

NET = """
import torch
from torch import nn
from pathlib import Path

Path(__file__).with_suffix(".ran").touch()  # proves when the file's code runs


class Block(nn.Module):
    def forward(self, x):
        return x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

    def forward(self, x):
        return self.layers(x)


class Helper:
    pass
"""

BAD = """
import torch
from torch import nn


class Bad(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        h = self.fc(x)
        a = torch.cumsum(h, dim=1)
        b = torch.cummax(h, dim=1).values
        return a + b
"""


def run_job(qtbot, interop: Interop, start) -> None:
    """Start a job and wait for its outcome; the busy bar shows meanwhile."""
    with qtbot.waitSignal(interop.finished, timeout=JOB_TIMEOUT_MS):
        start()
        assert interop.busy.isVisible() and interop.busy_now
        assert not interop.import_action.isEnabled(), "one job at a time"
    assert not interop.busy.isVisible()
    assert interop.import_action.isEnabled()


def import_file(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"exported_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_file_menu_has_export_and_import(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "E&xport" in texts and "&Import Model (PyTorch or ONNX)…" in texts
    export_menu = next(a.menu() for a in file_menu.actions() if a.text() == "E&xport")
    assert [a.text() for a in export_menu.actions()] == [
        "PyTorch code (.py)…",
        "ONNX (.onnx)…",
    ]


def test_python_export_untrained_is_importable_and_shows_parity(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "model.py"
    run_job(qtbot, window.files.interop, lambda: window.files.interop.export("python", out))
    text = window.files.interop.message.text()
    assert window.files.interop.message.icon() == QMessageBox.Icon.Information
    assert "Largest difference vs LayerLab: " in text and "(tolerance 1e-04)" in text
    assert "no trained model yet" in text
    model = import_file(out).Model().eval()
    assert model(torch.randn(5, 10)).shape == (5, 1)
    assert not out.with_suffix(".safetensors").exists()


def test_python_export_of_trained_model_writes_its_weights(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    trained = engine.build_model(window.document.project.graph)
    torch.manual_seed(3)
    for tensor in trained.state_dict().values():
        tensor.copy_(torch.randn_like(tensor))
    engine.save_weights(trained, tmp_path / "w.safetensors")
    assert window.training.load_weights(tmp_path / "w.safetensors") is None

    out = tmp_path / "trained.py"
    run_job(qtbot, window.files.interop, lambda: window.files.interop.export("python", out))
    text = window.files.interop.message.text()
    assert "trained weights, written next to it as trained.safetensors" in text
    exported = import_file(out).Model().load_weights(str(tmp_path / "trained.safetensors"))
    x = torch.randn(6, 10)
    with torch.no_grad():
        assert torch.allclose(exported.eval()(x), trained.eval()(x), atol=1e-6)

    # after an edit the weights no longer fit the graph: the export says it is untrained
    window.document.set_param("fc1", "out_features", 16)
    run_job(qtbot, window.files.interop, lambda: window.files.interop.export("python", out))
    assert "graph changed since the last training run" in window.files.interop.message.text()


def test_onnx_export_runs_in_onnxruntime(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "model.onnx"
    # run_job checks export() returned with the job still running: it is off the GUI thread.
    run_job(qtbot, window.files.interop, lambda: window.files.interop.export("onnx", out))
    assert "Largest difference vs LayerLab: " in window.files.interop.message.text()
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    (result,) = session.run(None, {"in": torch.randn(7, 10).numpy()})
    assert result.shape == (7, 1), "the batch dimension is dynamic"


def test_export_error_is_a_message(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "model.py"
    run_job(qtbot, window.files.interop, lambda: window.files.interop.export("python", out))
    message = window.files.interop.message
    assert message.icon() == QMessageBox.Icon.Warning
    assert message.text().startswith(f"{out}: cannot write")
    assert "Traceback" not in message.text()


def test_import_dialog_scans_without_running_then_opens_the_graph(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    source = tmp_path / "net.py"
    source.write_text(NET)
    interop = window.files.interop
    interop.import_file(source)
    dialog = interop.dialog
    assert not source.with_suffix(".ran").exists(), "nothing runs before the user confirms"
    assert [dialog.class_box.itemText(i) for i in range(dialog.class_box.count())] == [
        "Block",
        "Net",
    ]
    assert dialog.class_name() == "Net"
    assert not dialog.ok.isEnabled(), "no shape yet"
    qtbot.keyClicks(dialog.shapes_edit, "4,x")
    assert dialog.shapes_edit.text() == "4,", "the validator refuses letters"
    assert not dialog.ok.isEnabled()
    qtbot.keyClick(dialog.shapes_edit, "2")
    assert dialog.ok.isEnabled() and dialog.shapes() == [[4, 2]]
    dialog.shapes_edit.setText("4")

    run_job(qtbot, interop, dialog.ok.click)
    assert source.with_suffix(".ran").exists()
    project = window.document.project
    graph = project.graph
    assert [n.type for n in graph] == ["Input", "Linear", "ReLU", "Linear", "Output"]
    assert [n.params.get("out_features") for n in graph.nodes_of_type("Linear")] == [8, 3]
    assert graph.nodes_of_type("Input")[0].params["shape"] == [4]
    assert all(n.pos is not None for n in graph), "laid out"
    assert project.name == "Net" and project.path is None and window.document.dirty
    assert "Imported Net with its weights: 5 nodes" in window.statusBar().currentMessage()
    assert window.training.model is not None, "the module's weights come along"
    window.document.undo_stack.setClean()


TIED = """
from torch import nn


class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 4)
        self.head = nn.Linear(4, 10, bias=False)
        self.head.weight = self.embed.weight

    def forward(self, idx):
        return self.head(self.embed(idx))
"""


def test_import_says_what_the_graph_does_differently(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """Tied weights become two copies: a note the user must not miss (not a status tip)."""
    source = tmp_path / "tied.py"
    source.write_text(TIED)
    interop = window.files.interop
    run_job(qtbot, interop, lambda: interop.start_import(source, "Tied", [[5]]))
    assert [n.type for n in window.document.project.graph] == [
        "Input",
        "Embedding",
        "Linear",
        "Output",
    ]
    message = interop.message
    assert message is not None and message.icon() == QMessageBox.Icon.Information
    assert message.windowTitle() == "Imported Tied"
    assert message.text().startswith("Imported Tied with its weights: 4 nodes")
    assert message.text().endswith(
        "• embed.weight and head.weight are one tensor in the module (tied weights); the "
        "graph holds a copy for each, which train apart"
    )
    window.document.undo_stack.setClean()


def test_import_onnx_opens_the_graph_with_its_weights(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    graph = window.document.project.graph
    original = engine.build_model(graph).eval()
    engine.export_model(original, tmp_path / "model.onnx")
    run_job(
        qtbot,
        window.files.interop,
        lambda: window.files.interop.import_file(tmp_path / "model.onnx"),
    )
    project = window.document.project
    assert project.name == "model" and window.document.dirty
    assert len(project.graph.nodes_of_type("Input")) == 1
    x = torch.randn(4, 10)
    with torch.no_grad():
        assert torch.allclose(window.training.model(x), original(x), atol=1e-5)
    window.document.undo_stack.setClean()


def test_import_of_unsupported_ops_lists_them(qtbot, window: MainWindow, tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text(BAD)
    before = window.document.project
    run_job(
        qtbot, window.files.interop, lambda: window.files.interop.start_import(source, "Bad", [[4]])
    )
    text = window.files.interop.message.text()
    assert text.startswith("cannot import Bad: 2 operation(s) have no LayerLab layer:")
    assert "bad.py:13 (a = torch.cumsum(h, dim=1)): torch.cumsum has no LayerLab layer" in text
    assert "bad.py:14 (b = torch.cummax(h, dim=1).values): torch.cummax" in text
    assert window.document.project is before, "the open project stays"


def test_import_of_a_file_with_a_syntax_error(window: MainWindow, tmp_path: Path) -> None:
    source = tmp_path / "broken.py"
    source.write_text("class Net(nn.Module)\n    pass\n")
    window.files.interop.import_file(source)
    assert window.files.interop.message.text().startswith("broken.py:1: not valid Python")


def test_module_classes_follow_bases_in_the_file() -> None:
    source = textwrap.dedent(
        """
        import torch.nn as nn
        from torch.nn import Module
        class A(Module): pass
        class B(A): pass
        class C(nn.Sequential): pass
        class D(object): pass
        class E(torch.nn.Module): pass
        """
    )
    assert module_classes(source) == ["A", "B", "C", "E"]
    assert parse_shapes("3, 32,32 ; 10") == [[3, 32, 32], [10]]


@pytest.mark.parametrize("text", ["", "0", "3,", "3;;4", "a"])
def test_shape_text_the_validator_refuses(window: MainWindow, tmp_path: Path, text: str) -> None:
    source = tmp_path / "net.py"
    source.write_text(NET)
    window.files.interop.import_file(source)
    window.files.interop.dialog.shapes_edit.setText(text)
    assert not window.files.interop.dialog.ok.isEnabled()


def test_interop_needs_no_main_window(qtbot, examples_dir: Path, tmp_path: Path) -> None:
    """Interop takes a document, a parent widget, a status callback, the Training dock's
    weights and an unsaved-changes question: an ONNX import works with just those."""
    from PySide6.QtWidgets import QWidget

    from gui.document import Document
    from gui.training.panel import TrainingPanel

    document = Document(engine.load_project(examples_dir / "binary_classifier.layerlab"))
    parent = QWidget()
    qtbot.addWidget(parent)
    training = TrainingPanel(document)
    qtbot.addWidget(training)
    news: list[str] = []
    answers = [False, True]  # the first import is cancelled at the unsaved-changes question
    interop = Interop(
        document, parent, lambda text, ms: news.append(text), training, lambda: answers.pop(0)
    )
    engine.export_model(engine.build_model(document.project.graph).eval(), tmp_path / "m.onnx")
    run_job(qtbot, interop, lambda: interop.import_file(tmp_path / "m.onnx"))
    assert news == ["Import of m cancelled."] and document.project.name != "m"
    run_job(qtbot, interop, lambda: interop.import_file(tmp_path / "m.onnx"))
    assert document.project.name == "m" and document.dirty
    assert news[-1].startswith("Imported m with its weights: ")
    assert training.model is not None, "the imported weights went to the Training dock"
    document.undo_stack.setClean()
