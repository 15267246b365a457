"""The ``basaltcalc`` command.  Each sub-command lives in a module of this package that defines
``add_parser(subparsers)``, registering a function that takes the parsed arguments and returns
an exit code.  Exit codes: 0 ok, 2 invalid input or an unwritable output (a located message, no
traceback), 130 Ctrl-C, 143 SIGTERM (no output written, no temporary file left), 1 anything else
(``--debug`` shows the traceback)."""
from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading

__all__ = ["main", "COMMANDS"]

#: Sub-command modules, in the order `basaltcalc --help` lists them.
COMMANDS = ("run", "validate", "explain", "materials", "schema", "sweep", "uncertainty", "sensitivity",
            "value", "plot", "solve", "compare", "report", "reproduce")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="basaltcalc",
        description="Cost and Earth-launched mass of lunar habitat elements made from in-situ "
                    "basalt, against launching them from Earth.")
    parser.add_argument("--version", action="version", version=f"basaltcalc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).add_parser(sub)
    return parser


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM, so it unwinds like Ctrl-C (temporaries removed)."""


def _on_sigterm(signum, frame):
    raise Terminated


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main else None
    try:
        return _dispatch(args)
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _dispatch(args) -> int:
    from ..errors import BasaltcalcError

    from ..memory import tune_allocator

    tune_allocator()  # our own process: keep numpy's freed buffers for reuse (see memory.py)
    try:
        return int(args.func(args) or 0)
    except BasaltcalcError as exc:
        if args.debug:
            raise
        print(f"basaltcalc: error:\n{exc}" if "\n" in str(exc) else f"basaltcalc: error: {exc}",
              file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except KeyboardInterrupt:
        print("basaltcalc: interrupted; no output written", file=sys.stderr)
        return 130
    except Terminated:
        print("basaltcalc: terminated (SIGTERM); no output written", file=sys.stderr)
        return 143
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an internal error: say so briefly unless debugging
        if args.debug:
            raise
        print(f"basaltcalc: internal error: {type(exc).__name__}: {exc} (run with --debug for "
              "the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
