"""`layerlab train FILE`: train headless with a progress bar on a terminal (plain lines
when piped), save the weights, checkpoint every epoch. Ctrl+C stops after the current
batch and still saves what was learned; a second Ctrl+C aborts. Exit 1 if the loss
diverged.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from engine.datafit import fit_problems
from engine.errors import UsageError
from engine.events import BatchProgress, DataProgress, EpochEnded, Event, RunNote, RunStarted
from engine.launch import in_distributed_run
from engine.lint import check
from engine.project import Project, load_project


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "train",
        help="train a project and save its weights",
        description="Train FILE's graph on its data section and save .safetensors weights "
        "that carry the graph, so `predict` and `load_model` need nothing else.",
    )
    parser.add_argument("file", metavar="FILE", help="a .layerlab project")
    parser.add_argument("--epochs", type=int, metavar="N", help="override training.epochs")
    parser.add_argument("--device", metavar="D", help="auto, cpu, cuda, cuda:N or mps")
    parser.add_argument("--batch-size", type=int, metavar="N", help="override batch_size")
    parser.add_argument("--seed", type=int, metavar="S", help="override training.seed")
    parser.add_argument(
        "--out", metavar="W", help="weights file (default: FILE's name + .safetensors, here)"
    )
    parser.add_argument(
        "--checkpoint",
        metavar="CKPT",
        help="checkpoint written each epoch (default: W with .ckpt.safetensors)",
    )
    parser.add_argument("--no-checkpoint", action="store_true", help="write no checkpoint")
    parser.add_argument("--resume", metavar="CKPT", help="continue exactly from a checkpoint")
    parser.add_argument(
        "--init-weights",
        metavar="W",
        help="start from these weights (fine-tuning, e.g. after layerlab import --weights)",
    )
    parser.add_argument(
        "--compile",
        nargs="?",
        const="true",
        choices=("true", "false", "auto"),
        help="run the train step through torch.compile (auto: on a GPU, when the run repays it)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        metavar="N",
        help="CPU threads for torch (default: training.num_threads, else the cores free now)",
    )
    parser.add_argument(
        "--nproc",
        type=int,
        default=1,
        metavar="N",
        help="data-parallel processes per machine (DDP: one per GPU, or CPU processes with gloo)",
    )
    parser.add_argument(
        "--nnodes", type=int, default=1, metavar="N", help="machines taking part (with --nproc)"
    )
    parser.add_argument(
        "--node-rank", type=int, default=0, metavar="R", help="this machine's rank, 0..nnodes-1"
    )
    parser.add_argument(
        "--run-dir",
        metavar="DIR",
        help="write the run (JSON-lines events + latest weights) here; the app follows it "
        "with File > Open Run (default: runs/<name>-<time> beside the project)",
    )
    parser.add_argument(
        "--stats",
        action="store_true",
        help="sample per-layer health (activations, dead units, gradients, updates) into the run",
    )
    parser.add_argument(
        "--stats-every", type=int, default=50, metavar="N", help="with --stats: every N steps"
    )
    parser.add_argument("--master-addr", metavar="HOST", help="address of the node-rank 0 machine")
    parser.add_argument(
        "--master-port", type=int, default=29500, metavar="PORT", help="its port (default 29500)"
    )


# Options forwarded unchanged to each rank when --nproc starts torch.distributed.run.
FORWARDED: tuple[str, ...] = (
    "epochs",
    "device",
    "batch_size",
    "seed",
    "out",
    "checkpoint",
    "resume",
    "threads",
    "compile",
)
FORWARDED += ("run_dir", "stats_every", "init_weights")


class Reporter:
    """Turns events into a redrawn bar (terminal) or one line per epoch (pipe)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.drawn = False
        self.run_folder = ""  # named on the first line, so the app can follow it at once

    def __call__(self, event: Event) -> None:
        if isinstance(event, DataProgress):
            self.decoding(event)
        elif isinstance(event, RunStarted):
            resumed = f", resuming after epoch {event.start_epoch}" if event.start_epoch else ""
            ranks = f" x {event.processes} processes" if event.processes > 1 else ""
            threads = f", {event.threads}" if event.threads else ""
            threads += f", {event.compile}" if event.compile != "eager" else ""
            self.line(
                f"training on {event.device}{ranks} ({event.device_name}{threads}): "
                f"{event.n_train} train / "
                f"{event.n_val} validation samples, {event.params:,} parameters{resumed}"
                + (f"; run folder {self.run_folder}" if self.run_folder else "")
            )
        elif isinstance(event, BatchProgress) and self.tty:
            done = int(20 * event.batch / event.batches)
            bar = "#" * done + "." * (20 - done)
            self.stream.write(
                f"\repoch {event.epoch}/{event.epochs} [{bar}] {event.batch}/{event.batches} "
                f"loss {event.loss:.4f}  {event.samples_per_s:,.0f} samples/s  "
                f"ETA {_clock(event.eta_s)} "
            )
            self.stream.flush()
            self.drawn = True
        elif isinstance(event, RunNote):
            self.line(event.message)
        elif isinstance(event, EpochEnded):
            values = "  ".join(f"{k} {v:.4g}" for k, v in event.metrics.items())
            self.line(f"epoch {event.epoch}/{event.epochs}  {values}  ({event.elapsed_s:.1f}s)")

    def decoding(self, event: DataProgress) -> None:
        """A bar while files are decoded (terminal); one line when done (pipe or not)."""
        if event.done >= event.total:
            rate = event.total / max(event.elapsed_s, 1e-9)
            self.line(f"decoded {event.total:,} files in {event.elapsed_s:.1f}s ({rate:,.0f}/s)")
        elif self.tty:
            done = int(20 * event.done / max(1, event.total))
            bar = "#" * done + "." * (20 - done)
            self.stream.write(f"\rdecoding [{bar}] {event.done:,}/{event.total:,} files ")
            self.stream.flush()
            self.drawn = True

    def line(self, text: str) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.drawn = False
        self.stream.write(text + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def run(args: argparse.Namespace) -> int:
    from engine import distributed
    from engine.training import Trainer

    if (args.nproc > 1 or args.nnodes > 1) and not in_distributed_run():
        return _launch(args)
    project = load_project(args.file)
    if os.environ.get("RANK", "0") == "0":  # one copy of the warnings, not one per rank
        print_problems(args.file, project)
    out = Path(args.out) if args.out else Path(Path(args.file).stem + ".safetensors")
    checkpoint = None
    if not args.no_checkpoint:
        checkpoint = (
            Path(args.checkpoint) if args.checkpoint else out.with_suffix(".ckpt.safetensors")
        )
    _refuse_overwrite(args, project, out, checkpoint)
    overrides: dict[str, Any] = {"batch_size": args.batch_size, "seed": args.seed}
    if args.threads is not None and args.threads < 1:
        raise UsageError(f"--threads must be at least 1; got {args.threads}")
    overrides["num_threads"] = args.threads
    if args.compile is not None:
        overrides["compile"] = "auto" if args.compile == "auto" else args.compile == "true"
    if args.stats_every < 1:
        raise UsageError(f"--stats-every must be at least 1; got {args.stats_every}")
    reporter = Reporter(sys.stdout)
    kind = distributed.DistributedTrainer if in_distributed_run() else Trainer
    trainer = kind(
        project,
        epochs=args.epochs,
        device=args.device,
        on_event=reporter,
        checkpoint=checkpoint,
        resume=args.resume,
        probes=args.stats_every if args.stats else None,
        initial_weights=args.init_weights,
        **overrides,
    )
    began = time.perf_counter()
    log = _run_log(args, trainer, out) if trainer.is_main else None
    reporter.run_folder = str(log.writer.folder) if log else ""
    with _stop_on_interrupt(trainer, reporter):
        result = log.run() if log else trainer.run()
    if not trainer.is_main:
        return 1 if result.diverged else 0
    if log is not None and log.writer.error:
        reporter.line(f"layerlab: warning: {log.writer.error}")
    if trainer.checkpoint_error:
        reporter.line(f"layerlab: warning: {trainer.checkpoint_error}")
    if result.diverged:
        print(f"layerlab: error: {result.message}", file=sys.stderr)
        return 1
    saved = save_or_rescue(result, out, reporter)
    print_confusion(trainer, result, reporter)
    final = {k: v[-1] for k, v in result.history.items() if v and k != "lr"}
    figures = "  ".join(f"{k} {v:.4g}" for k, v in final.items())
    epochs = len(result.history.get("train_loss", []))
    what = {"stopped": "stopped", "early_stopped": "stopped early"}.get(result.status, "done")
    reporter.line(
        f"{what}: {epochs} epoch(s) in {time.perf_counter() - began:.1f}s on {result.device}"
        f"{'; ' + figures if figures else ''}\nweights saved to {saved}"
    )
    return 130 if result.status == "stopped" else 0


def print_confusion(trainer: Any, result: Any, reporter: Reporter) -> None:
    """A classifier's confusion matrix on the validation rows (training rows if none)."""
    from engine.metrics import format_confusion

    counts = trainer.confusion()
    if counts is None:
        return
    rows = "validation" if trainer.data.n_val else "training"
    reporter.line(
        f"confusion matrix on the {sum(map(sum, counts)):,} {rows} samples "
        f"(rows: true class):\n{format_confusion(counts, result.meta.get('labels'))}"
    )


def _run_log(args: argparse.Namespace, trainer: Any, out: Path) -> Any:
    """The run folder's writer, listening next to the reporter (a folder that cannot be
    written is a warning: the training itself can still go on)."""
    from engine.runlog import LoggedRun, RunLogError, default_folder

    folder = (
        Path(args.run_dir)
        if args.run_dir
        else default_folder(_runs_parent(args.file, out), Path(args.file).stem)
    )
    try:
        log = LoggedRun(trainer, folder)
    except RunLogError as err:
        if args.run_dir:
            raise UsageError(str(err)) from None
        print(f"layerlab: warning: {err}; training without a run folder", file=sys.stderr)
        return None
    return log


def _runs_parent(project_file: str, out: Path) -> Path:
    """Where runs/ goes: beside the project, so every run of a project is found in one
    place (the app's Compare tab looks there); beside the weights for a bundled example
    or a project in a folder this user cannot write."""
    from engine.paths import resources_dir

    folder = Path(project_file).resolve().parent
    bundled = folder.is_relative_to(resources_dir().resolve())
    return out.parent if bundled or not os.access(folder, os.W_OK) else Path(project_file).parent


def print_problems(file: str, project: Project, stream: TextIO = sys.stderr) -> None:
    """What `layerlab check` would say, before training: a run that will stall (a Sigmoid
    before a from-logits loss) should not be a silent surprise. Training goes ahead."""
    for problem in check(project) + fit_problems(project):
        print(f"{file}: {problem}", file=stream)


def _refuse_overwrite(
    args: argparse.Namespace, project: Any, out: Path, checkpoint: Path | None
) -> None:
    """No output may replace the project, its data, the resumed checkpoint or another
    output (the checkpoint's .json sidecar included). Resuming into the same checkpoint
    carries the run on, so that one is allowed."""
    from engine.checkpoint import sidecar
    from engine.data.location import data_paths
    from engine.files import refuse_overwrite, same_file

    inputs: dict[str, Any] = {"the project": args.file}
    if args.init_weights:
        inputs["--init-weights"] = Path(args.init_weights)
    inputs |= {f"the data file {p.name}": p for p in data_paths(project)}
    resume = Path(args.resume) if args.resume else None
    if resume is not None and not (checkpoint is not None and same_file(checkpoint, resume)):
        inputs |= {"the checkpoint to resume": resume, "its sidecar": sidecar(resume)}
    outputs: dict[str, Any] = {}
    if args.run_dir:  # the run folder's own files come first: --out is what must change
        from engine.runlog import EVENTS, WEIGHTS

        folder = Path(args.run_dir)
        outputs |= {f"the run folder's {name}": folder / name for name in (EVENTS, WEIGHTS)}
    outputs["--out"] = out
    if checkpoint is not None:
        outputs |= {"--checkpoint": checkpoint, "the checkpoint sidecar": sidecar(checkpoint)}
    refuse_overwrite(outputs, inputs)


def save_or_rescue(result: Any, out: Path, reporter: Reporter) -> Path:
    """Save the weights; when the disk is full, keep the trained model and save it where
    there is room: a path typed on the terminal, else the temp folder. The path used."""
    import tempfile

    from engine.atomic import DiskFullError

    target = out
    while True:
        try:
            result.save(target)
            return target
        except DiskFullError as err:
            reporter.line(f"layerlab: {err}")
            if not sys.stdin.isatty():
                rescue = Path(tempfile.gettempdir()) / f"layerlab-rescued-{out.name}"
                if target == rescue:
                    raise
                target = rescue
                reporter.line(f"the trained model is kept; saving it to {target} instead")
                continue
            try:
                answer = input("save the trained model to (another disk; empty to discard): ")
            except EOFError:
                answer = ""
            if not answer.strip():
                raise UsageError("the trained model was not saved") from None
            target = Path(answer.strip()).expanduser()


def _launch(args: argparse.Namespace) -> int:
    """Rerun this command on `--nproc` ranks through torch.distributed.run."""
    from engine.distributed import launch_command
    from engine.launch import launch

    argv = ["train", args.file]
    for name in FORWARDED:
        value = getattr(args, name)
        if value is not None:
            argv += [f"--{name.replace('_', '-')}", str(value)]
    if args.no_checkpoint:
        argv.append("--no-checkpoint")
    if args.stats:
        argv.append("--stats")
    if args.nnodes > 1 and not args.master_addr:
        raise UsageError("--nnodes above 1 needs --master-addr (the node-rank 0 machine)")
    command = launch_command(
        args.nproc, argv, args.nnodes, args.node_rank, args.master_addr, args.master_port
    )
    return launch(command[3:])


class _stop_on_interrupt:
    """First Ctrl+C asks the trainer to stop after this batch; the second aborts."""

    def __init__(self, trainer: Any, reporter: Reporter) -> None:
        self.trainer, self.reporter = trainer, reporter
        self.previous: Any = None

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGINT, self._handle)

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self.previous)

    def _handle(self, signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self.reporter.line("stopping after this batch and saving (Ctrl+C again to abort)")
        self.trainer.stop()
