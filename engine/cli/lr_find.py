"""`layerlab lr-find FILE`: sweep the learning rate on a copy of the model and suggest
one; `--plot` draws the smoothed loss against the rate (PNG or SVG, no display needed).
Exit 1 when the sweep found no rate to suggest."""

from __future__ import annotations

import argparse

from engine.errors import UsageError
from engine.project import load_project


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "lr-find",
        help="suggest a learning rate from a short sweep",
        description="Train a copy of FILE's model for a few batches while the learning rate "
        "grows exponentially, and suggest the rate where the smoothed loss falls fastest. "
        "The project is not changed.",
    )
    parser.add_argument("file", metavar="FILE", help="a .layerlab project")
    parser.add_argument("--plot", metavar="PNG", help="draw loss against rate (.png or .svg)")
    parser.add_argument("--start", type=float, default=1e-7, help="first rate (default 1e-7)")
    parser.add_argument("--end", type=float, default=10.0, help="last rate (default 10)")
    parser.add_argument("--steps", type=int, default=100, help="batches (default 100)")
    parser.add_argument("--device", metavar="D", help="auto, cpu, cuda, cuda:N or mps")
    parser.add_argument("--seed", type=int, metavar="S", help="override training.seed")


def run(args: argparse.Namespace) -> int:
    from engine.charts import Panel, write_chart
    from engine.lr_finder import find_lr
    from engine.optim import SettingsError

    if args.plot and not args.plot.lower().endswith((".png", ".svg")):
        raise UsageError(f"--plot {args.plot}: the plot is written as .png or .svg")
    project = load_project(args.file)
    try:
        result = find_lr(
            project,
            start=args.start,
            end=args.end,
            steps=args.steps,
            device=args.device,
            seed=args.seed,
        )
    except SettingsError as err:
        raise UsageError(str(err)) from None
    print(result.message)
    if args.plot:
        marks = [(result.suggestion, f"suggested {result.suggestion:.3g}")]
        panel = Panel(
            "Learning-rate finder",
            "learning rate",
            "loss",
            [("loss", result.lrs, result.losses), ("smoothed", result.lrs, result.smoothed)],
            log_x=True,
            marks=marks if result.suggestion else [],
            ylim=_frame(result.losses, result.smoothed),
        )
        write_chart(args.plot, [panel])
        print(f"plot written to {args.plot}")
    if result.suggestion is None:
        return 1
    print(f"suggested learning rate: {result.suggestion:.3g}")
    return 0


def _frame(losses: list[float], smoothed: list[float]) -> tuple[float, float] | None:
    """From the lowest loss to a bit above where the smoothed loss started: the explosion
    at the end would otherwise flatten the part worth reading."""
    if not smoothed:
        return None
    low = min(*losses, *smoothed)
    high = max(smoothed[: smoothed.index(min(smoothed)) + 1] + losses[:1])
    margin = 0.1 * (high - low) or abs(high) * 0.1 or 1.0
    return low - margin, high + margin
