"""`layerlab train --nproc N`: start the ranks with torch.distributed.run inside this
process and, when one fails, say what that rank said with its own exit status instead of
torch's ChildFailedError traceback.

A rank started this way reports its error line through the error file torch elastic gives
each worker (TORCHELASTIC_ERROR_FILE), in the format torch reads back, and prints nothing;
the launcher prints the first failure once (every rank usually fails alike).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterator

LAUNCHED_ENV = "LAYERLAB_RANK_ERRORS"  # set for ranks this launcher starts


def in_distributed_run() -> bool:
    """True inside a process that torch.distributed.run (torchrun) started."""
    return "WORLD_SIZE" in os.environ and "RANK" in os.environ


def report_rank_error(message: str, status: int) -> bool:
    """In a rank this launcher started, hand the error to it; False elsewhere."""
    path = os.environ.get("TORCHELASTIC_ERROR_FILE")
    if not path or os.environ.get(LAUNCHED_ENV) != "1":
        return False
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"message": message, "timestamp": int(time.time()), "status": status}, handle)
    except OSError:
        return False
    return True


def launch(torchrun_args: list[str]) -> int:
    """Run torch.distributed.run with these arguments; the exit status of the job."""
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.run import get_args_parser
    from torch.distributed.run import run as torchrun

    args = get_args_parser().parse_args(torchrun_args)
    try:
        with _env(LAUNCHED_ENV, "1"), _quiet_elastic():
            torchrun(args)
    except ChildFailedError as err:
        rank, failure = err.get_first_failure()
        return _report(rank, failure.exitcode, failure.message)
    return 0


def _report(rank: int, exitcode: int, message: object) -> int:
    """Print the failed rank's own message; its status when it is one of ours."""
    if exitcode < 0:
        text = f"training rank {rank} was killed by signal {-exitcode}"
    elif isinstance(message, str) and not message.startswith("To enable traceback"):
        text = message
    else:
        text = f"training rank {rank} failed with exit status {exitcode}"
    print(f"layerlab: error: {text}", file=sys.stderr)
    return exitcode if exitcode in (1, 2, 130) else 1


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


@contextlib.contextmanager
def _quiet_elastic() -> Iterator[None]:
    """torch elastic logs every failure with its own traceback; ours says it once."""
    logger = logging.getLogger("torch.distributed.elastic")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
