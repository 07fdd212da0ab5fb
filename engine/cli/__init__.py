"""The `layerlab` command. Each subcommand lives in engine/cli/<name>.py with
`add_parser(subparsers)` and `run(args) -> int`; this module only dispatches and turns
LayerLab errors into one line on stderr (exit 2) instead of a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import keyword
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from engine import selftest
from engine.errors import LayerLabError
from engine.i18n import translate_message
from engine.launch import in_distributed_run

# Subcommand modules under engine.cli, in the order `--help` lists them.
COMMANDS = ("summary", "check", "train", "lr-find", "predict", "devices", "export", "import")


def command_module(name: str) -> ModuleType:
    """engine.cli.<name>; a command named like a Python keyword lives in <name>_.py,
    one with a dash in <name_with_underscores>.py."""
    module = f"{name}_" if keyword.iskeyword(name) else name.replace("-", "_")
    return importlib.import_module(f"engine.cli.{module}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="layerlab",
        description="LayerLab: build, check, train and export neural networks. "
        "With no command (or just a FILE) it opens the desktop app.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--self-test", action="store_true", help="check this installation (no window) and exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        command_module(name).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every outcome is an exit status and, on failure, one line
    `layerlab: error: ...` on stderr (a traceback only with --debug)."""
    entry = argv is None  # the process's own command line, not a call from Python
    argv = list(sys.argv[1:] if argv is None else argv)
    interrupted = False
    try:
        status = _main(argv)
    except KeyboardInterrupt:  # Ctrl+C before a command installs its own handling
        print("layerlab: interrupted", file=sys.stderr)
        status, interrupted = 130, True
    finally:
        if entry:  # a late Ctrl+C must not print a traceback while Python shuts down
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    if entry and (interrupted or in_distributed_run()):
        _leave(status)
    return status


def _leave(status: int) -> NoReturn:
    """End the process with `status` now, skipping interpreter teardown.

    Why: a Ctrl+C that lands in code Python runs from a string (a dataclass's generated
    __init__ while a module imports) sets CPython's "unhandled KeyboardInterrupt" flag
    even though we handle it, and under `python -m` the interpreter then kills itself
    with SIGINT at exit instead of returning 130. And a training rank whose work is
    written can be aborted in teardown by gloo's threads ("terminate called without an
    active exception", signal 6), failing a run that succeeded.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _main(argv: list[str]) -> int:
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        if not _looks_like_file(argv[0]):
            return _error(unknown_command(argv[0]))
        return _open_app(argv)
    if not argv:
        return _open_app(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        return selftest.run(debug=args.debug)
    if args.command is None:
        return _open_app([])
    try:
        return int(command_module(args.command).run(args) or 0)
    except LayerLabError as err:
        if args.debug:
            raise
        return _error(str(err))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BrokenPipeError:  # `layerlab ... | head` stopped reading: end quietly
        _silence_stdout()
        return 1
    except Exception as err:  # a bug: still one line, and --debug shows where
        if args.debug:
            raise
        return _error(f"{INTERNAL} ({type(err).__name__}: {err}); --debug shows the traceback")


INTERNAL = "internal error, please report it"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush does not fail again on the
    closed pipe (the recipe in Python's signal docs)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _error(message: str, status: int = 2) -> int:
    from engine.launch import report_rank_error

    if not report_rank_error(message, status):
        print(f"layerlab: error: {translate_message(message)}", file=sys.stderr)
    return status


def _looks_like_file(arg: str) -> bool:
    """`layerlab FILE` opens the app; a FILE exists or looks like a path (a folder or a
    suffix), so a mistyped command is not taken for one."""
    path = Path(arg)
    return path.exists() or bool(path.suffix) or os.sep in arg or "/" in arg


def unknown_command(word: str) -> str:
    close = difflib.get_close_matches(word, COMMANDS, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown command '{word}'{hint}; commands: {', '.join(COMMANDS)}"


def _open_app(argv: list[str]) -> int:
    """`layerlab [FILE]` opens the desktop app (imported here: the engine never needs Qt)."""
    try:
        app = importlib.import_module("gui.app")
    except ImportError as err:
        print(f"layerlab: error: the desktop app is not available ({err})", file=sys.stderr)
        return 2
    return int(app.main(argv) or 0)
