"""The Trainer: one loop behind the GUI (on a QThread), the CLI and `engine.train`.

It talks only through plain events (engine.events) and never touches Qt. The hot loop
does no per-step host sync on accelerators (losses stay on the device until an event is
due), indexes in-memory tensors directly (no DataLoader), and uses fused optimizers.
Training metrics come from the training batches as they run (as Keras and Lightning
report them); only validation rows are evaluated, so an epoch costs one pass.

What happens around the loop (early stopping, checkpoints, the diagnosis of a diverged
run) is engine.callbacks: the same objects for the CLI, the app and `engine.train`.

Seams for distributed training (engine.distributed overrides them): `wrap_model`,
`epoch_indices` (which samples this process trains on), `reduce` (the one place sums
are combined across processes) and `is_main` (only rank 0 reports and saves).
"""

from __future__ import annotations

import contextlib
import functools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from engine.build import GraphModule, build_model
from engine.callbacks import (
    Callback,
    Checkpointing,
    Diagnosis,
    Divergence,
    EarlyStopping,
    diverged_message,
)
from engine.checkpoint import load_checkpoint, restore
from engine.compiling import CompiledStep
from engine.config import TrainingConfig
from engine.data import Dataset, load_data
from engine.data.augment import Augment
from engine.data.batches import BatchSource
from engine.devices import ThreadPlan, choose_threads, resolve_device
from engine.errors import ConfigError, LayerLabError
from engine.events import (
    BatchProgress,
    DataProgress,
    EpochEnded,
    Event,
    RunFailed,
    RunFinished,
    RunNote,
    RunStarted,
    RunStopped,
)
from engine.layers import fmt_shape
from engine.metrics import Metric, confusion_matrix, make_metrics, predicted_classes
from engine.optim import Objective, SettingsError, make_objective, make_optimizer, make_scheduler
from engine.probes import Probes, Recorder, as_probes
from engine.project import Project

__all__ = [
    "BatchProgress",
    "DataProgress",
    "EpochEnded",
    "Event",
    "RunFailed",
    "RunFinished",
    "RunNote",
    "RunStarted",
    "RunStopped",
    "TrainResult",
    "Trainer",
    "TrainingError",
    "train",
]


class TrainingError(LayerLabError):
    """Training could not start or continue (shapes, settings, out of memory)."""


class _Diverged(Exception):
    def __init__(self, epoch: int, batch: int, value: float) -> None:
        self.where = Divergence(epoch, batch, value)


@dataclass
class TrainResult:
    """What a run produced. status: completed, early_stopped, stopped or diverged."""

    model: GraphModule
    history: dict[str, list[float]]
    device: str
    status: str
    message: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    project: Project | None = None

    @property
    def stopped(self) -> bool:
        """True when stop() ended the run early (the model keeps what it learned)."""
        return self.status == "stopped"

    @property
    def diverged(self) -> bool:
        return self.status == "diverged"

    def save(self, path: str | Path) -> None:
        """Save the weights with the graph, label map, normalisation and a summary."""
        from engine.weights import save_weights

        save_weights(self.model, path, self.project, **self.meta)


class _LossLog:
    """Per-batch losses of one epoch. On the CPU each loss is read at once (that costs no
    sync there), so a non-finite loss stops the run before its backward pass; on
    accelerators they stay on the device and are read only when progress is reported."""

    def __init__(self, steps: int, device: torch.device) -> None:
        self.on_host = device.type == "cpu"
        self.values: Any = [] if self.on_host else torch.empty(steps, device=device)
        self.count = 0

    def add(self, loss: torch.Tensor) -> bool:
        """Record one loss; False if it is known to be non-finite."""
        self.count += 1
        if self.on_host:
            value = loss.item()
            self.values.append(value)
            return math.isfinite(value)
        self.values[self.count - 1] = loss.detach()
        return True

    def first_bad(self) -> tuple[int, float] | None:
        """(batch index, value) of the first non-finite loss so far (syncs)."""
        if self.on_host:
            return None  # add() already reported the first one
        values = self.values[: self.count]
        mask = ~torch.isfinite(values)
        if not bool(mask.any()):
            return None
        i = int(mask.nonzero()[0])
        return i, float(values[i])

    def total(self) -> float:
        return math.fsum(self.values) if self.on_host else float(self.values[: self.count].sum())


class _MetricSums:
    """Running sums of each metric over one pass, on the device (no per-batch sync); the
    count of target elements is known on the host."""

    def __init__(self, metrics: list[Metric]) -> None:
        self.metrics = metrics
        self.sums: list[torch.Tensor | None] = [None] * len(metrics)
        self.count = 0

    def add(self, out: torch.Tensor, target: torch.Tensor) -> None:
        """Add a batch's sums; `out` is detached (or made under no_grad), so nothing here
        records autograd history and no no_grad context is paid for every step."""
        self.count += target.numel()
        for i, metric in enumerate(self.metrics):
            batch = metric.sums(out, target)
            total = self.sums[i]
            self.sums[i] = batch if total is None else total.add_(batch)

    def vector(self) -> list[torch.Tensor]:
        """[count, *sums] as float64 CPU tensors (one sync), ready to reduce."""
        count = torch.tensor([float(self.count)], dtype=torch.float64)
        return [count, *(s.cpu().double().view(-1) for s in self.sums if s is not None)]

    def row(self, prefix: str, totals: list[float]) -> dict[str, float]:
        """The metrics from reduced `vector()` totals."""
        count, at, row = totals[0], 1, {}
        for metric, total in zip(self.metrics, self.sums, strict=True):
            size = 0 if total is None else total.numel()
            row[prefix + metric.name] = metric.value(totals[at : at + size], count)
            at += size
        return row


def _precision(name: str, device: torch.device) -> tuple[Callable[[], Any], Any]:
    """(autocast context factory, GradScaler or None) for fp32, bf16 or fp16."""
    if name == "fp32":
        return contextlib.nullcontext, None
    if name == "bf16":
        return functools.partial(torch.autocast, device.type, torch.bfloat16), None
    if name == "fp16":
        if device.type != "cuda":
            raise SettingsError(f"precision fp16 needs a CUDA device; on {device} use bf16")
        return functools.partial(torch.autocast, "cuda", torch.float16), torch.amp.GradScaler()
    raise SettingsError(f"training.precision must be fp32, bf16 or fp16; got {name!r}")


class Trainer:
    """Trains a project's graph on its data section with its training settings.

    `overrides` replace training keys (batch_size=128, optimizer={...}); `checkpoint`
    is a .safetensors path written after every epoch; `resume` continues from one exactly;
    `initial_weights` (a weights file) starts from those weights instead of fresh ones.
    Torch's CPU threads come from training.num_threads, else from the cores free when the
    run starts, less `reserve_cores` (the app keeps one for itself); the run restores the
    caller's thread count when it ends.
    `probes` (a Probes, a step interval or True) samples per-node health into ProbeSample
    events (engine.probes); None, the default, costs the loop nothing. `callbacks` run
    after the built-in ones (early stopping, divergence diagnosis), before checkpointing.
    pause(), resume() and stop() may be called from any thread and act within one batch.
    """

    progress_interval = 0.25  # seconds between BatchProgress events

    def __init__(
        self,
        project: Project,
        *,
        epochs: int | None = None,
        device: str | None = None,
        on_event: Callable[[Event], None] | None = None,
        checkpoint: str | Path | None = None,
        resume: str | Path | None = None,
        reserve_cores: int = 0,
        probes: Probes | int | bool | None = None,
        initial_weights: str | Path | None = None,
        callbacks: list[Callback] | None = None,
        **overrides: Any,
    ) -> None:
        self.project = project
        self.settings = {
            **project.training,
            **{k: v for k, v in overrides.items() if v is not None},
        }
        if epochs is not None:
            self.settings["epochs"] = epochs
        if device is not None:
            self.settings["device"] = device
        self.on_event = on_event
        self.extra_callbacks = list(callbacks or [])
        self.checkpointing = Checkpointing(Path(checkpoint)) if checkpoint else None
        self.early_stopping: EarlyStopping | None = None
        self.callbacks: list[Callback] = []  # made with the settings, in _setup
        self.resume_from = Path(resume) if resume else None
        self.reserve_cores = reserve_cores
        self.threads: ThreadPlan | None = None
        self.probes = as_probes(probes)
        self.initial_weights = Path(initial_weights) if initial_weights else None
        self.nonfinite_node: str | None = None  # set when a diverged run names its node
        self.rank, self.world_size = 0, 1
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._running.set()
        self._stop_requested = False
        self._interrupted = False  # the one flag the hot loop reads
        self._paused_s = 0.0

    # -- control (any thread) -----------------------------------------------------------
    def pause(self) -> None:
        with self._lock:
            self._running.clear()
            self._interrupted = True

    def resume(self) -> None:
        with self._lock:
            self._running.set()
            self._interrupted = self._stop_requested

    def stop(self) -> None:
        with self._lock:
            self._stop_requested = True
            self._interrupted = True
            self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def _should_stop(self) -> bool:
        """Called when the fast flag is up: wait out a pause, then report a stop."""
        began = time.perf_counter()
        self._running.wait()
        self._paused_s += time.perf_counter() - began
        return self._stop_requested

    # -- seams for distributed training -------------------------------------------------
    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def wrap_model(self, model: nn.Module) -> nn.Module:
        """The module the training steps call (DDP wraps it here)."""
        return model

    def epoch_indices(self, epoch: int) -> torch.Tensor:
        """This process's training rows for an epoch, shuffled by (seed, epoch) alone so
        that a resumed run sees the very same order."""
        idx = self.data.train_idx
        if not self.config.shuffle:
            return idx
        gen = torch.Generator().manual_seed(self.seed * 100_003 + epoch)
        return idx[torch.randperm(len(idx), generator=gen).to(idx.device)]

    def shard(self, idx: torch.Tensor) -> torch.Tensor:
        """This process's share of rows to evaluate (all of them in one process)."""
        return idx

    def reduce(self, sums: torch.Tensor) -> torch.Tensor:
        """Combine per-process sums (identity in one process)."""
        return sums

    def _emit(self, event: Event) -> None:
        if self.on_event is not None and self.is_main:
            self.on_event(event)

    # -- the run ------------------------------------------------------------------------
    def run(self) -> TrainResult:
        threads = torch.get_num_threads()
        try:
            return self._run()
        except LayerLabError as err:
            self._emit(RunFailed(str(err)))
            raise
        except torch.cuda.OutOfMemoryError:
            bs = self.batch_size
            message = (
                f"the device ran out of memory at batch size {bs}; try batch_size "
                f"{max(1, bs // 2)} (training.batch_size) or a smaller model"
            )
            self._emit(RunFailed(message))
            raise TrainingError(message) from None
        except RuntimeError as err:  # torch refused an operation: a message, not a traceback
            message = f"torch failed during training: {err}"
            self._emit(RunFailed(message))
            raise TrainingError(message) from err
        except Exception as err:  # a listener (the GUI) must hear of every failure
            self._emit(RunFailed(f"{type(err).__name__}: {err}"))
            raise
        finally:
            torch.set_num_threads(threads)

    @functools.cached_property
    def config(self) -> TrainingConfig:
        """The settings with overrides applied, typed (parsed on first use)."""
        try:
            return TrainingConfig.parse(self.settings)
        except ConfigError as err:
            raise SettingsError(str(err)) from None

    def _setup(self) -> None:
        cfg = self.config
        self.seed, self.epochs, self.batch_size = cfg.seed, cfg.epochs, cfg.batch_size
        self.threads = choose_threads(cfg.num_threads, self.reserve_cores)
        torch.set_num_threads(self.threads.threads)
        self.device = resolve_device(cfg.device)
        self.autocast, self.scaler = _precision(cfg.precision, self.device)
        self.mixed = cfg.precision != "fp32"
        torch.manual_seed(self.seed)
        data = load_data(self.project, on_progress=self._data_progress())
        self.model = build_model(self.project.graph)
        if self.initial_weights is not None:  # fine-tuning: start from these, not fresh
            from engine.weights import load_weights_into

            load_weights_into(self.model, self.initial_weights)
        self.objective, targets = self._check_data(data, self.model)
        augment = Augment.from_section(
            self.project.data_config.get("augment"), data.sample_shape, self.seed
        )
        self.batches = BatchSource(data, targets, self.device, augment)
        self.data, self.targets = self.batches.data, self.batches.targets
        self.model.to(self.device)
        self.train_model = self.wrap_model(self.model)
        self.params = [p for p in self.model.parameters() if p.requires_grad]
        # The bare loss module when outputs meet targets as they are: one call less a step.
        self.loss_fn = self.objective if self.objective.kind == "tokens" else self.objective.loss
        self.step = CompiledStep(cfg.compile, self._forward, self.params, self._note, self.device)
        self.recorder = (
            Recorder(self.probes, self.model, self.project.graph) if self.probes else None
        )
        self.optimizer = make_optimizer(cfg.optimizer.to_dict(), self.params, self.device)
        self.steps_per_epoch = max(1, math.ceil(self._rows_per_process() / self.batch_size))
        self.scheduler, self.schedule = make_scheduler(
            cfg.scheduler and cfg.scheduler.to_dict(),
            self.optimizer,
            self.epochs,
            self.steps_per_epoch,
        )
        default = ("accuracy",) if self.objective.kind != "values" else ("mae",)
        self.metrics: list[Metric] = make_metrics(list(cfg.metrics or default), self.objective)
        # (max_norm, norm_type) of clip_grad_norm_, or None: no clipping.
        self.clip = (cfg.grad_clip, cfg.clip_norm) if cfg.grad_clip else None
        self.history: dict[str, list[float]] = {}
        stopping = cfg.early_stopping
        self.early_stopping = EarlyStopping(stopping) if stopping else None
        self.callbacks = [
            *([self.early_stopping] if self.early_stopping else []),
            Diagnosis(),
            *self.extra_callbacks,
            *([self.checkpointing] if self.checkpointing else []),
        ]

    @property
    def checkpoint_error(self) -> str | None:
        """Why checkpoints stopped (a full disk), if they did."""
        return self.checkpointing.error if self.checkpointing else None

    def stopping_state(self) -> dict[str, Any]:
        """Early stopping's state for a checkpoint (the same shape when it is off)."""
        if self.early_stopping is None:
            return {"best": None, "waited": 0}
        return self.early_stopping.state()

    def _data_progress(self) -> Callable[[int, int], None]:
        """A listener for file decoding that sends DataProgress at most every interval."""
        began = time.perf_counter()
        due = [began]

        def report(done: int, total: int) -> None:
            now = time.perf_counter()
            if now >= due[0] or done == total:
                due[0] = now + self.progress_interval
                self._emit(DataProgress(done, total, now - began))

        return report

    def _forward(self, xb: torch.Tensor, yb: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The step's forward pass: (outputs, loss); what `compile` compiles."""
        if not self.mixed:  # no autocast context to enter and leave every step
            out = self.train_model(xb)
            return out, self.loss_fn(out, yb)
        with self.autocast():
            out = self.train_model(xb)
            return out, self.loss_fn(out, yb)

    def _note(self, message: str) -> None:
        self._emit(RunNote(message))

    def _rows_per_process(self) -> int:
        return math.ceil(self.data.n_train / self.world_size)

    def _check_data(self, data: Dataset, model: GraphModule) -> tuple[Objective, torch.Tensor]:
        """Name both shapes when data and model cannot meet, before any batch runs."""
        if len(model.input_ids) != 1 or len(model.output_ids) != 1:
            raise TrainingError(
                f"training needs exactly one Input and one Output; the model has inputs "
                f"{', '.join(model.input_ids)} and outputs {', '.join(model.output_ids)}"
            )
        input_id = model.input_ids[0]
        want = tuple(model.input_shapes[input_id])
        if data.sample_shape != want:
            raise TrainingError(
                f"the data gives samples of shape {fmt_shape(data.sample_shape)} but the "
                f"model's Input '{input_id}' takes {fmt_shape(want)}"
            )
        if data.n_train == 0:
            raise TrainingError("no training samples left after the validation split")
        output_id = model.output_ids[0]
        try:
            return make_objective(
                self.config.loss and self.config.loss.to_dict(),
                data,
                output_id,
                model.output_shapes[output_id],
            )
        except SettingsError as err:
            raise TrainingError(str(err)) from None

    def _run(self) -> TrainResult:
        began = time.perf_counter()
        self._setup()
        start = self._resume() if self.resume_from else 0
        self._emit(
            RunStarted(
                str(self.device),
                self._device_name(),
                self.data.task,
                self.data.n_train,
                self.data.n_val,
                self.epochs,
                start,
                self.batch_size,
                self.steps_per_epoch,
                sum(p.numel() for p in self.params),
                self.world_size,
                str(self.threads),
                self.step.describe(),
            )
        )
        status, message = "completed", ""
        for epoch in range(start, self.epochs):
            try:
                row = self._train_epoch(epoch, began)
            except _Diverged as bad:
                found = [c.on_diverged(self, bad.where) for c in self.callbacks]
                status, message = "diverged", diverged_message(bad.where, found)
                self._emit(RunFailed(message, diverged=True, node=self.nonfinite_node or ""))
                break
            if row is None:
                status, message = "stopped", f"stopped during epoch {epoch + 1}"
                self._emit(RunStopped(epoch, self.history, time.perf_counter() - began))
                break
            if self._end_epoch(epoch, row, began):
                status, message = "early_stopped", f"early stopping after epoch {epoch + 1}"
                break
        if status in ("completed", "early_stopped"):
            done = len(self.history.get("train_loss", []))
            self._emit(RunFinished(status, done, self.history, time.perf_counter() - began))
        self.model.eval()
        return TrainResult(
            self.model,
            self.history,
            str(self.device),
            status,
            message,
            self._weights_meta(status),
            self.project,
        )

    def _train_epoch(self, epoch: int, began: float) -> dict[str, float] | None:
        """One pass over this process's rows: the mean loss and the metrics of the batches
        as they ran (train_loss, train_accuracy, ...), or None when stopped."""
        model, optimizer, forward = self.train_model, self.optimizer, self.step
        bs, scaler = self.batch_size, self.scaler
        clip, params, recorder = self.clip, self.params, self.recorder
        order = self.epoch_indices(epoch)
        steps = math.ceil(len(order) / bs)
        log = _LossLog(steps, self.device)
        measured = _MetricSums(self.metrics)
        per_batch = self.scheduler is not None and self.schedule == "batch"
        eager = not forward.may_compile  # then the eager forward is called directly
        model.train()
        epoch_start = time.perf_counter()
        paused_before = self._paused_s
        next_event = epoch_start + self.progress_interval
        for step, (xb, yb) in enumerate(self.batches.train(order, bs, epoch)):
            if self._interrupted and self._should_stop():
                return None
            probing = recorder if recorder and recorder.due(epoch * steps + step) else None
            if probing:  # hooks run in eager mode: a compiled step would not call them
                probing.begin()
            if probing or eager:
                out, loss = self._forward(xb, yb)
            else:
                out, loss = forward(xb, yb, len(yb) == bs)
            if not log.add(loss):
                raise _Diverged(epoch, step, log.values[-1])
            measured.add(out.detach(), yb)
            for p in params:  # optimizer.zero_grad(set_to_none=True) less its profiler label
                p.grad = None
            if scaler is None:
                loss.backward()
                if probing:
                    probing.after_backward()
                if clip:
                    nn.utils.clip_grad_norm_(params, *clip, foreach=True)
                optimizer.step()
            else:
                scaler.scale(loss).backward()
                if probing:
                    probing.after_backward(float(scaler.get_scale()))
                if clip:
                    scaler.unscale_(optimizer)
                    nn.utils.clip_grad_norm_(params, *clip, foreach=True)
                scaler.step(optimizer)
                scaler.update()
            if per_batch:
                self.scheduler.step()
            if probing:
                self._emit(probing.finish(epoch * steps + step, epoch))
            now = time.perf_counter()
            if forward.deciding:
                forward.tick(step, (self.epochs - epoch) * steps - step - 1)
            if now >= next_event:
                next_event = now + self.progress_interval
                bad = log.first_bad()
                if bad is not None:
                    raise _Diverged(epoch, *bad)
                spent = now - epoch_start - (self._paused_s - paused_before)
                done = min((step + 1) * bs, len(order))
                rate = done * self.world_size / max(spent, 1e-9)
                left = (self.epochs - epoch) * self.data.n_train - done * self.world_size
                self._emit(
                    BatchProgress(
                        epoch + 1,
                        self.epochs,
                        step + 1,
                        steps,
                        log.total() / log.count,
                        rate,
                        left / rate,
                        now - began - self._paused_s,
                    )
                )
        bad = log.first_bad()
        if bad is not None:
            raise _Diverged(epoch, *bad)
        loss = torch.tensor([log.total(), log.count], dtype=torch.float64)
        totals = self.reduce(torch.cat([loss, *measured.vector()])).tolist()
        return {"train_loss": totals[0] / totals[1], **measured.row("train_", totals[2:])}

    @torch.no_grad()
    def evaluate(self, idx: torch.Tensor, prefix: str = "val_") -> dict[str, float]:
        """Loss and metrics over rows `idx` in eval mode, summed on the device and read
        back once."""
        model, objective = self.train_model, self.objective
        model.eval()
        loss: torch.Tensor | None = None
        measured = _MetricSums(self.metrics)
        for xb, yb in self.batches.evaluate(idx, max(self.batch_size, 256)):
            with self.autocast():
                out = model(xb)
            out = out.float()
            measured.add(out, yb)
            batch = objective(out, yb).double() * len(yb)
            loss = batch if loss is None else loss + batch
        model.train()
        if loss is None:
            return {}
        rows = torch.tensor([float(len(idx))], dtype=torch.float64)
        totals = self.reduce(torch.cat([loss.cpu().view(1), rows, *measured.vector()]))
        values = totals.tolist()
        return {f"{prefix}loss": values[0] / values[1], **measured.row(prefix, values[2:])}

    def _end_epoch(self, epoch: int, row: dict[str, float], began: float) -> bool:
        """Evaluate the validation rows, record, step the scheduler, checkpoint; True when
        early stopping."""
        row = dict(row)
        if self.data.n_val:
            row.update(self.evaluate(self.shard(self.data.val_idx)))
        row["lr"] = float(self.optimizer.param_groups[0]["lr"])
        for key, value in row.items():
            self.history.setdefault(key, []).append(value)
        if self.scheduler is not None and self.schedule == "epoch":
            self.scheduler.step()
        elif self.scheduler is not None and self.schedule == "plateau":
            self.scheduler.step(row.get("val_loss", row["train_loss"]))
        self._emit(EpochEnded(epoch + 1, self.epochs, row, time.perf_counter() - began))
        stops = [c.on_epoch_end(self, epoch, row) for c in self.callbacks]  # each one runs
        return any(stops)

    # -- checkpoints --------------------------------------------------------------------
    def _resume(self) -> int:
        assert self.resume_from is not None
        tensors, info = load_checkpoint(self.resume_from)
        if info.get("graph") != self.project.graph.to_dict():
            raise TrainingError(f"{self.resume_from}: the checkpoint was made for another graph")
        made_with, now = info.get("optimizer"), type(self.optimizer).__name__
        if made_with != now:
            raise TrainingError(
                f"{self.resume_from}: the checkpoint was made with {made_with}; this run uses {now}"
            )
        restore(
            tensors, info, self.model, self.optimizer, self.scheduler, self.scaler, self.resume_from
        )
        self.history = {k: list(v) for k, v in info["history"].items()}
        if self.early_stopping is not None:
            self.early_stopping.restore(info["early_stopping"])
        return int(info["epoch"])

    # -- reporting ----------------------------------------------------------------------
    def _device_name(self) -> str:
        if self.device.type == "cuda":
            return torch.cuda.get_device_name(self.device)
        return {"cpu": "CPU", "mps": "Apple Metal (MPS)"}.get(self.device.type, str(self.device))

    @torch.no_grad()
    def confusion(self) -> list[list[int]] | None:
        """Counts [true][predicted] on the validation rows (training rows if none) for
        classifiers, by engine.metrics; None for regression and token outputs."""
        data, objective = self.data, self.objective
        if objective.kind not in ("binary", "classes") or not data.num_classes:
            return None
        idx = data.val_idx if data.n_val else data.train_idx
        model = self.model.eval()

        def pairs() -> Any:
            batches = self.batches.evaluate(idx, 1024)  # streamed data decodes in workers
            for chunk, (xb, _) in zip(idx.split(1024), batches, strict=True):
                with self.autocast():
                    out = model(xb)
                true = data.y.index_select(0, chunk.to(data.y.device)).to(out.device)
                yield predicted_classes(out.float(), objective), true

        return confusion_matrix(pairs(), max(2, data.num_classes))

    def _weights_meta(self, status: str) -> dict[str, Any]:
        data = self.data
        final = {k: v[-1] for k, v in self.history.items() if v}
        return {
            "labels": data.labels,
            "normalization": data.normalization,
            "data": {**data.meta(), "loss": self.objective.name},
            "training": {
                "status": status,
                "epochs": len(self.history.get("train_loss", [])),
                "final": final,
                "device": str(self.device),
                "settings": self.settings,
            },
        }


def train(
    project: Project,
    epochs: int | None = None,
    device: str | None = None,
    on_event: Callable[[Event], None] | None = None,
    **overrides: Any,
) -> TrainResult:
    """Train a project and return the result (`.model`, `.history`, `.status`)."""
    return Trainer(project, epochs=epochs, device=device, on_event=on_event, **overrides).run()
