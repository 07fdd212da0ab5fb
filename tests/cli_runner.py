"""The CLI run in this process: `engine.cli.main(args)` with stdout and stderr captured and
the working directory set, for tests of what a command does (its output, its files, its
exit status). A subprocess costs seconds of torch imports per call, so it is kept for the
tests of what only a process shows (tracebacks, signals, the entry point itself: see
tests/cli/test_cli_safety.py and hostile_files.py).
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import torch

from engine.cli import main


@dataclass(frozen=True)
class Done:
    """What subprocess.CompletedProcess would hold for the same command."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def layerlab(*args: str | Path, cwd: Path) -> Done:
    """`layerlab ARGS` run in `cwd`: the exit status and everything it printed."""
    argv = [str(a) for a in args]
    if any(a.startswith(("--nproc", "--nnodes")) for a in argv):
        raise ValueError("--nproc/--nnodes make this process torch's launcher: use a subprocess")
    out, err = io.StringIO(), io.StringIO()
    before, threads = Path.cwd(), torch.get_num_threads()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as exit:  # argparse's usage errors, --help, --version
                status = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    finally:  # --threads sets the process's count: later tests expect theirs
        os.chdir(before)
        torch.set_num_threads(threads)
    return Done(tuple(argv), status, out.getvalue(), err.getvalue())
