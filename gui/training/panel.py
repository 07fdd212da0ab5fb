"""The Training dock: data and settings forms, the device, Train / Pause / Stop, the live
view, the runs of this session, and the results (weights, confusion matrix, try it).

One run at a time goes through gui.training.worker on its own QThread; its signals land
in the `@Slot` methods here, on the GUI thread. While a run goes the graph is locked
(the canvas shows why); Stop keeps what the model learned so far.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDir,
    QStandardPaths,
    Qt,
    QTemporaryDir,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import LayerLabError
from engine.events import Event, ProbeSample, RunFailed
from engine.i18n import translate_message
from gui import theme
from gui.document import Document
from gui.training.data_form import DataForm
from gui.training.device_picker import DevicePicker
from gui.training.results import ConfusionView, TryIt
from gui.training.run_view import RunView
from gui.training.runs import RunRecord
from gui.training.runs_table import RunsTable
from gui.training.settings_form import SettingsForm
from gui.training.worker import RunEnded, TrainingRun

WEIGHTS_SUFFIX = ".safetensors"
WEIGHTS_FILTER = QT_TRANSLATE_NOOP("TrainingPanel", "Weights (*.safetensors);;All files (*)")
RUN_ROLE = Qt.ItemDataRole.UserRole


def _where(problem: engine.Problem) -> str:
    return f"{problem.node_id}: " if problem.node_id else ""


def _said(problem: engine.Problem) -> str:
    return _where(problem) + translate_message(problem.message)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class TrainingPanel(QWidget):
    probed = Signal(list)  # ProbeSample events of the run (gui.overlay shows them)
    nonfinite = Signal(str, str)  # node id, message: where a diverged run went NaN/Inf
    runStarting = Signal()
    runsChanged = Signal()  # a run was added to the runs list or its line changed

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.probe_every: int | None = None  # layer health sampling; gui.overlay sets it
        self.run: TrainingRun | None = None
        self.records: list[RunRecord] = []
        self._trusted_data: set[tuple[Any, ...]] = set()  # outside-folder data agreed to
        self.current: RunRecord | None = None
        self.model: Any = None  # the trained or loaded GraphModule
        self.meta: dict[str, Any] = {}  # labels, normalization, data ... for its weights
        self.model_project: Any = None  # the project (graph) the model was built from
        self.start_weights: Path | None = None  # loaded/imported weights F5 may fine-tune
        self._run_project: Any = None  # the document's project when the run started
        self._run_record: RunRecord | None = None  # the record of the run in flight
        self.session_dir = QTemporaryDir(QDir.tempPath() + "/layerlab-XXXXXX")
        self._make_actions()

        self.view = RunView()
        self.device = DevicePicker(document)
        self.data_form = DataForm(document)
        self.settings_form = SettingsForm(document)
        self.runs_list = QListWidget()
        self.runs_list.itemChanged.connect(self._overlays_changed)
        self.confusion = ConfusionView()
        self.try_it = TryIt()
        results = QWidget()
        results_layout = QVBoxLayout(results)
        buttons = QHBoxLayout()
        for action in (self.save_weights_action, self.load_weights_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch()
        results_layout.addLayout(buttons)
        results_layout.addWidget(self.confusion)
        results_layout.addWidget(self.try_it)
        results_layout.addStretch()
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolled(self.data_form), self.tr("Data"))
        self.tabs.addTab(_scrolled(self.settings_form), self.tr("Settings"))
        self.tabs.addTab(self.runs_list, self.tr("Runs"))
        self.compare = RunsTable(self)
        self.tabs.addTab(self.compare, self.tr("Compare"))
        self.tabs.addTab(_scrolled(results), self.tr("Results"))
        self.tabs.addTab(self.view.log, self.tr("Log"))

        controls = QHBoxLayout()
        for action in (self.train_action, self.pause_action, self.stop_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            controls.addWidget(button)
        controls.addStretch()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addLayout(controls)
        left_layout.addWidget(self.device)
        left_layout.addWidget(self.tabs, 1)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        document.projectReplaced.connect(self._project_replaced)
        self._update_actions()

    def _make_actions(self) -> None:
        def action(text: str, slot, shortcut: str | None = None, icon: str | None = None):
            act = QAction(text, self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            if icon:
                act.setIcon(theme.icon(icon))
            act.triggered.connect(slot)
            return act

        self.train_action = action(self.tr("&Train"), self.train, "F5", "train")
        self.pause_action = action(self.tr("&Pause"), self.toggle_pause, "F6", "pause")
        self.stop_action = action(self.tr("&Stop"), self.stop, "Shift+F5", "stop")
        self.save_weights_action = action(self.tr("Save &Weights…"), self.save_weights_dialog)
        self.load_weights_action = action(self.tr("&Load Weights…"), self.load_weights_dialog)
        self.start_from_weights_action = action(
            self.tr("Start From Loaded &Weights"), self._start_from
        )
        self.start_from_weights_action.setCheckable(True)
        self.start_from_weights_action.setToolTip(
            self.tr("F5 fine-tunes the loaded or imported weights instead of starting fresh")
        )
        self.train_action.setToolTip(self.tr("Train the model on the project's data (F5)"))
        self.stop_action.setToolTip(self.tr("Stop training, keeping what was learned (Shift+F5)"))

    @property
    def actions_for_menu(self) -> list[QAction | None]:
        """The Train menu, in order (None = separator)."""
        return [
            self.train_action,
            self.pause_action,
            self.stop_action,
            None,
            self.save_weights_action,
            self.load_weights_action,
            self.start_from_weights_action,
        ]

    def _update_actions(self) -> None:
        running = self.run is not None
        self.train_action.setEnabled(not running)
        self.pause_action.setEnabled(running)
        self.stop_action.setEnabled(running)
        self.pause_action.setText(
            self.tr("&Resume") if running and self.run.paused else self.tr("&Pause")
        )
        self.save_weights_action.setEnabled(self.model is not None and not running)
        self.load_weights_action.setEnabled(not running)
        self.start_from_weights_action.setEnabled(self.start_weights is not None and not running)

    # -- control --------------------------------------------------------------------------
    def train(self) -> None:
        """Start a run of the current project on the chosen device."""
        if self.run is not None or not self._trust_outside_data():
            return
        problems = self.document.analysis.problems
        errors = [p for p in problems if p.severity == "error"]
        warnings = [_said(p) for p in problems if p.severity != "error"]
        try:
            device = self.document.project.training_config.device
        except engine.ConfigError:
            device = "auto"  # the errors below name the bad key
        record = RunRecord.begin(len(self.records) + 1, self.document.project, device)
        self.current = record
        self.view.begin(record, warnings)  # as `layerlab train` prints them: no refusal
        if errors:
            text = "; ".join(_where(p) + p.message for p in errors[:3])
            self._failed_to_start(
                record,
                self.tr("fix the problems first (see Problems): {problems}").format(problems=text),
            )
            return
        start = self._start_weights()
        self.run = TrainingRun(
            self.document.project, device, probes=self.probe_every, initial_weights=start
        )
        if start is not None:
            self.view.add_log(
                self.tr("starting from the weights in {file} (fine-tuning)").format(file=start.name)
            )
        self.runStarting.emit()
        self.run.worker.events.connect(self._on_events)
        self.run.worker.done.connect(self._on_done)
        self.records.append(record)
        self._run_record = record
        self._run_project = self.document.project
        self.document.set_locked(True)
        self.run.start()
        self._update_actions()

    def _trust_outside_data(self) -> bool:
        """Before a project first reads data outside its folder, ask (a downloaded project
        could point at anyone's files); the answer holds for those paths."""
        outside = engine.data_outside_project(self.document.project)
        key = (self.document.project.path, tuple(outside))
        if not outside or key in self._trusted_data:
            return True
        listed = "\n".join(f"  {p}" for p in outside)
        answer = QMessageBox.question(
            self,
            self.tr("Data outside the project folder"),
            self.tr(
                "This project reads data from outside its folder:\n{files}\n\nTraining reads "
                "these files and stores their class names in the weights. Train only if you "
                "trust where this project came from. Train now?"
            ).format(files=listed),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._trusted_data.add(key)
        return True

    def _failed_to_start(self, record: RunRecord, message: str) -> None:
        record.status = "failed"
        self.view.failed(message, False)
        self.view.finished(record)

    def toggle_pause(self) -> None:
        if self.run is None:
            return
        if self.run.paused:
            self.run.resume()
            self.view.add_log(self.tr("resumed"))
        else:
            self.run.pause()
            self.view.add_log(self.tr("paused (the run waits before its next batch)"))
        self.view.set_paused(self.current, self.run.paused)
        self._update_actions()

    def stop(self) -> None:
        if self.run is not None:
            self.run.stop()
            self.view.add_log(self.tr("stopping after this batch…"))

    def stop_and_wait(self) -> bool:
        """Stop the run and join its thread (closing the window); True when none is left."""
        if self.run is None:
            return True
        if not self.run.stop_and_wait():
            return False
        QCoreApplication.processEvents()  # deliver the run's last signals (done) now
        return True

    def confirm_close(self) -> bool:
        """Ask before closing mid-run; on yes stop and join the run. False = keep open."""
        if self.run is None:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Training in progress"),
            self.tr("A training run is in progress. Stop it and close?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes and self.stop_and_wait()

    # -- worker signals (GUI thread) ------------------------------------------------------
    def _shown(self) -> bool:
        """False once another project replaced the one the run trains (its signals still
        arrive until it stops)."""
        return self.current is not None and self._run_project is self.document.project

    @Slot(list)
    def _on_events(self, events: list[Event]) -> None:
        """The run's events, in order: the record takes them, the view shows them, probe
        samples and a diverged run's node go on to the canvas overlay."""
        samples = [e for e in events if isinstance(e, ProbeSample)]
        if samples:
            self.probed.emit(samples)
        for event in events:
            if isinstance(event, RunFailed) and event.node:
                self.nonfinite.emit(event.node, event.message)
        if not self._shown():
            return
        for event in events:
            self.current.apply(event)
        self.view.show_events(self.current, events)

    @Slot(object)
    def _on_done(self, ended: RunEnded) -> None:
        record, run = self._run_record, self.run
        run.thread.wait()
        record.status = ended.status
        record.message = ended.message or record.message
        record.elapsed_s = ended.elapsed_s
        record.confusion = ended.confusion
        result = run.worker.result
        self.run = None
        self.document.set_locked(False)
        if not self._shown():  # another project is open now
            self._update_actions()
            return
        if result is not None and not result.diverged:
            self._use_model(result.model, result.meta, run.worker.project, run.worker.trainer.data)
            record.labels = result.meta.get("labels")
            self.confusion.show_counts(record.confusion, record.labels)
        self.view.finished(record)
        self._add_run_item(record)
        self._update_actions()

    # -- runs list ------------------------------------------------------------------------
    def _add_run_item(self, record: RunRecord) -> None:
        item = QListWidgetItem(record.summary())
        item.setData(RUN_ROLE, record.number)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setToolTip(
            self.tr("Check to overlay its curves.")
            + "\n"
            + json.dumps({"training": record.settings, "data": record.data}, indent=1)
        )
        self.runs_list.addItem(item)
        self.runsChanged.emit()

    def refresh_run_item(self, record: RunRecord) -> None:
        """Rewrite a run's line (a followed run that ended)."""
        for i in range(self.runs_list.count()):
            item = self.runs_list.item(i)
            if item.data(RUN_ROLE) == record.number:
                item.setText(record.summary())
        self.runsChanged.emit()

    def _overlays_changed(self) -> None:
        items = [self.runs_list.item(i) for i in range(self.runs_list.count())]
        numbers = {i.data(RUN_ROLE) for i in items if i.checkState() == Qt.CheckState.Checked}
        self.view.ensure_plots().set_overlays([r for r in self.records if r.number in numbers])

    # -- weights --------------------------------------------------------------------------
    def _project_replaced(self) -> None:
        """Another project is open: a run of the old one stops, its model is dropped, and
        the view starts clean (the runs list holds this document's runs only)."""
        self.stop()
        self.model = self.model_project = None
        self.start_weights = None
        self.start_from_weights_action.setChecked(False)
        self.records.clear()
        self.current = None
        self.runs_list.clear()
        self.view.reset()
        self.confusion.reset()
        self.try_it.reset()
        self._update_actions()

    def _use_model(
        self, model: Any, meta: dict[str, Any], project: Any, dataset: Any = None
    ) -> None:
        """Make `model` the one Save Weights writes and Try it runs."""
        from engine.predict import Predictor

        self.model, self.meta, self.model_project = model, dict(meta), project
        path = Path(self.session_dir.path()) / f"model-{len(self.records)}.safetensors"
        self.save_weights(path)
        self.try_it.set_model(Predictor(path), dataset)
        self._update_actions()

    def save_weights(self, path: Path) -> None:
        engine.save_weights(self.model, path, self.model_project, **self.meta)

    def load_weights(self, path: Path) -> str | None:
        """Load a weights file into a model of the current graph; the error text (every
        mismatched tensor listed) or None."""
        try:
            model = engine.build_model(self.document.project.graph)
            engine.load_weights_into(model, path)
            meta = engine.read_metadata(path)
        except LayerLabError as err:
            return str(err)
        keep = ("labels", "normalization", "data", "training")
        meta = {k: meta[k] for k in keep if k in meta}
        self._use_model(model.eval(), meta, self.document.project.copy())
        self.view.add_log(
            self.tr("loaded weights from {file}; F5 starts from them").format(file=path)
        )
        self.start_weights = path
        self.start_from_weights_action.setChecked(True)
        self._update_actions()
        return None

    def _start_from(self, checked: bool) -> None:
        """The user chose between fine-tuning the loaded weights and fresh weights."""
        if self.start_weights is not None:
            where = (
                self.tr("the weights in {file}").format(file=self.start_weights.name)
                if checked
                else self.tr("fresh weights")
            )
            self.view.add_log(self.tr("F5 starts from {weights}").format(weights=where))

    def _start_weights(self) -> Path | None:
        """The loaded weights F5 fine-tunes, while chosen and while they fit the graph."""
        if self.start_weights is None or not self.start_from_weights_action.isChecked():
            return None
        try:
            model = engine.build_model(self.document.project.graph)
            engine.load_weights_into(model, self.start_weights)
        except LayerLabError as err:
            self.view.add_log(
                self.tr(
                    "the loaded weights no longer fit the graph, starting fresh: {error}"
                ).format(error=translate_message(str(err)))
            )
            return None
        return self.start_weights

    def _weights_dir(self) -> str:
        path = self.document.project.path
        if path:
            return str(path.parent)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def save_weights_dialog(self) -> None:
        project = self.document.project
        name = project.path.stem if project.path else project.name
        suggested = Path(self._weights_dir()) / f"{name}{WEIGHTS_SUFFIX}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save weights"), str(suggested), self.tr(WEIGHTS_FILTER)
        )
        if not path:
            return
        if not path.endswith(WEIGHTS_SUFFIX):  # "mlp_w" would be hidden by the Load filter
            path += WEIGHTS_SUFFIX
        try:
            self.save_weights(Path(path))
        except OSError as err:
            QMessageBox.warning(
                self, self.tr("Cannot save weights"), f"{path}: {err.strerror or err}"
            )
            return
        self.view.add_log(self.tr("saved weights to {file}").format(file=path))

    def load_weights_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load weights"), self._weights_dir(), self.tr(WEIGHTS_FILTER)
        )
        if path and (error := self.load_weights(Path(path))):
            QMessageBox.warning(self, self.tr("Cannot load weights"), translate_message(error))
