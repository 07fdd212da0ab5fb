"""The app as a user starts it (a real `layerlab` process), and crash recovery (a real
process that dies with unsaved, autosaved changes).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import engine
from gui.app import PROBE_ENV
from gui.autosave import Autosaver, find_crashed
from gui.document import Document

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    full_env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_layerlab_file_opens_the_styled_window_without_importing_torch(tmp_path, examples_dir):
    done = run_python(
        f"""
        import sys
        from engine.cli import main
        sys.exit(main([{str(examples_dir / "binary_classifier.layerlab")!r}]))
        """,
        tmp_path,
        **{PROBE_ENV: "1"},
    )
    assert done.returncode == 0, done.stderr
    assert "shown" in done.stdout and "torch=False styled=True" in done.stdout


def test_autosave_writes_unsaved_changes_and_a_clean_exit_removes_them(
    qapp, tmp_path, examples_dir
):
    document = Document(engine.load_project(examples_dir / "binary_classifier.layerlab"))
    saver = Autosaver(document, tmp_path)
    saver.save_now()
    assert not saver.project_file.exists()  # nothing unsaved yet
    document.set_param("fc1", "out_features", 7)
    saver.save_now()  # a snapshot now; a writer thread encodes and writes it
    document.set_param("fc1", "out_features", 9)
    saver.flush()
    assert engine.load_project(saver.project_file).graph.nodes["fc1"].params == {"out_features": 7}
    saver.save_now()
    saver.flush()
    saved = engine.load_project(saver.project_file)
    assert saved.graph == document.project.graph
    document.set_param("fc1", "out_features", 11)
    saver.save_now()
    (tmp_path / "mine").mkdir()
    document.save(tmp_path / "mine" / "model.layerlab")  # saved: no copy to recover
    saver.flush()
    assert not saver.project_file.exists()  # the queued write went first, then the copy
    saver.close()
    assert not list(tmp_path.glob("*.layerlab"))


def test_after_a_crash_the_autosaved_work_is_offered_and_recovered(window, tmp_path):
    autosave = tmp_path / "crashed"
    crashed = run_python(
        f"""
        import os
        from PySide6.QtCore import QCoreApplication
        import engine
        from gui.autosave import Autosaver
        from gui.document import Document
        app = QCoreApplication([])
        document = Document(engine.load_project("resources/examples/binary_classifier.layerlab"))
        saver = Autosaver(document, __import__("pathlib").Path({str(autosave)!r}))
        document.add_node("Dropout", (0.0, 300.0))
        saver.save_now()
        saver.flush()
        os._exit(3)  # a crash: no clean shutdown
        """,
        tmp_path,
    )
    assert crashed.returncode == 3, crashed.stderr
    found = find_crashed(autosave)
    assert len(found) == 1
    assert "dropout1" in found[0].load().graph.nodes

    def answer_yes() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(50, answer_yes)
    window.offer_recovery(autosave)
    assert "dropout1" in window.document.project.graph.nodes
    assert window.isWindowModified()
    assert find_crashed(autosave) == []  # recovered copies are not offered twice


def test_quitting_while_the_warm_up_imports_the_plots_exits_cleanly(tmp_path, examples_dir):
    """The warm-up thread imports pyqtgraph first; the app waits for that import before it
    tears Qt down, whenever the user quits."""
    done = run_python(
        f"""
        import sys
        from PySide6.QtWidgets import QApplication
        from gui import app, warmup
        start = warmup.start
        def start_then_quit(project):
            start(project)  # the thread begins with `import pyqtgraph`
            QApplication.instance().quit()
        warmup.start = start_then_quit
        status = app.main([{str(examples_dir / "cnn.layerlab")!r}])
        print("plots imported:", "pyqtgraph.graphicsItems.PlotItem" in sys.modules, status)
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "plots imported: True 0"
