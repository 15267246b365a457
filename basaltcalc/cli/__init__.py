"""The ``basaltcalc`` command.  Each sub-command lives in a module of this package that defines
``add_parser(subparsers)``, registering a function that takes the parsed arguments and returns
an exit code.  Exit codes: 0 ok, 2 invalid input or an unwritable output (a located message, no
traceback), 130 Ctrl-C, 143 SIGTERM (no temporary file left; the message says which outputs, if
any, were already written whole), 1 anything else (``--debug`` shows the traceback)."""
from __future__ import annotations

import os
import signal
import sys
import threading  # the only imports at start-up: the signal handlers are in place ~20 ms after it

__all__ = ["main", "entry", "COMMANDS"]

#: Sub-command modules, in the order `basaltcalc --help` lists them.
COMMANDS = ("run", "validate", "explain", "materials", "schema", "sweep", "uncertainty", "sensitivity",
            "value", "plot", "solve", "compare", "optimize", "report", "reproduce")


def build_parser(command: str | None = None):
    """The ``argparse`` parser of every sub-command, or of ``command`` only (its module alone
    imported: the others serve only the top-level help and the error for an unknown command,
    which need the whole parser; see :func:`command_of`)."""
    import argparse
    import importlib

    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="basaltcalc",
        description="Cost and Earth-launched mass of lunar habitat elements made from in-situ "
                    "basalt, against launching them from Earth.")
    parser.add_argument("--version", action="version", version=f"basaltcalc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if command is None else (command,):
        importlib.import_module(f".{name}", __name__).add_parser(sub)
    return parser


def command_of(argv) -> str | None:
    """The sub-command ``argv`` runs, where the parser of that command alone reads ``argv`` as the
    whole parser does: a command name first, or after ``--debug`` only; else None (the whole
    parser: ``--help``, ``--version``, an unknown command or abbreviated options come first)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--debug"]:
        args = args[1:]
    return args[0] if args and args[0] in COMMANDS else None


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM, so it unwinds like Ctrl-C (temporaries removed)."""


def _on_sigterm(signum, frame):
    raise Terminated


#: Exit status of a command stopped by each signal (128 + the signal's number, as a shell shows it).
SIGNAL_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _interrupted_message(signum, finished: bool = False) -> str:
    """What a command stopped by ``signum`` says: whether it had finished, which of its output
    files were already written whole (:func:`basaltcalc.outputs.atomic.written`), or that none
    was."""
    from ..outputs.atomic import written

    what = "interrupted" if signum == signal.SIGINT else "terminated (SIGTERM)"
    if finished:
        what += " while exiting, after the command had finished"
    done = written()
    if done:
        return f"basaltcalc: {what}; written in full before the signal: {', '.join(map(str, done))}"
    return f"basaltcalc: {what}" if finished else f"basaltcalc: {what}; no output written"


def _on_signal_at_exit(signum, frame):
    """SIGINT or SIGTERM after the command's work, while the process shuts down: say so and exit
    with the signal's status at once (the output, if any, is already in place)."""
    try:
        sys.stdout.flush()
    except Exception:  # a broken pipe, a write the signal cut short
        pass
    from ..text import printable

    os.write(2, (printable(_interrupted_message(signum, finished=True)) + "\n").encode("utf-8", "backslashreplace"))
    os._exit(SIGNAL_EXIT[signum])


def _format_warning(message, category, filename, lineno, line=None):
    """Warnings on the command line: ``basaltcalc: warning: ...``, printable (a file's names)."""
    from ..text import printable

    return f"basaltcalc: warning: {printable(str(message), keep_newlines=True)}\n"


def entry() -> None:
    """The ``basaltcalc`` command and ``python -m basaltcalc``: :func:`main` as the process's own
    command, then the process ends at once with its exit code (``os._exit``, after flushing the
    standard streams and the log).  Python's own teardown, which would follow, gives the signal
    handlers back to the system before its end: a Ctrl-C there killed the process with the raw
    signal status and no message; nothing is left to write by then (outputs are whole and synced).
    """
    if threading.current_thread() is threading.main_thread():  # first: before any other import
        signal.signal(signal.SIGTERM, _on_sigterm)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code = main()
    except (KeyboardInterrupt, Terminated) as exc:  # before main() had its own handlers
        signum = signal.SIGINT if isinstance(exc, KeyboardInterrupt) else signal.SIGTERM
        print(_interrupted_message(signum), file=sys.stderr, flush=True)
        os._exit(SIGNAL_EXIT[signum])
    import logging

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # a closed or broken pipe: nothing more can be said on it
            pass
    logging.shutdown()
    os._exit(code if isinstance(code, int) else 1)


def main(argv=None) -> int:
    """Run the command ``argv`` (default ``sys.argv[1:]``); return its exit code.

    SIGINT and SIGTERM are handled from the first line: before the command's output is in place
    they stop it (exit 130 or 143, temporaries removed, ``no output written``); run as the process's
    own command (``argv`` None), a signal that comes once the work is over, while the process
    shuts down, also exits 130 or 143 with a message naming what was already written.
    """
    import warnings

    from ..outputs.atomic import forget_written

    in_main = threading.current_thread() is threading.main_thread()
    previous = {}
    if in_main:
        previous = {signal.SIGTERM: signal.signal(signal.SIGTERM, _on_sigterm),
                    signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler)}
    forget_written()
    form = warnings.formatwarning
    warnings.formatwarning = _format_warning
    try:
        parser = build_parser(command_of(argv))
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 2
        return _dispatch(args)
    except KeyboardInterrupt:  # before the command started (imports, parsing)
        print(_interrupted_message(signal.SIGINT), file=sys.stderr)
        return 130
    except Terminated:
        print(_interrupted_message(signal.SIGTERM), file=sys.stderr)
        return 143
    finally:
        warnings.formatwarning = form
        if in_main and argv is None:  # the process's own command: it ends after this
            for sig in previous:
                signal.signal(sig, _on_signal_at_exit)
        elif in_main:
            for sig, handler in previous.items():
                signal.signal(sig, signal.SIG_DFL if handler is None else handler)


def _dispatch(args) -> int:
    from ..errors import BasaltcalcError
    from ..memory import tune_allocator
    from ..text import printable

    tune_allocator()  # our own process: keep numpy's freed buffers for reuse (see memory.py)
    try:
        return int(args.func(args) or 0)
    except BasaltcalcError as exc:
        if args.debug:
            raise
        text = printable(str(exc), keep_newlines=True)
        print(f"basaltcalc: error:\n{text}" if "\n" in text else f"basaltcalc: error: {text}",
              file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except KeyboardInterrupt:
        print(_interrupted_message(signal.SIGINT), file=sys.stderr)
        return 130
    except Terminated:
        print(_interrupted_message(signal.SIGTERM), file=sys.stderr)
        return 143
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an internal error: say so briefly unless debugging
        if args.debug:
            raise
        print(printable(f"basaltcalc: internal error: {type(exc).__name__}: {exc} (run with --debug "
                        "for the traceback)", keep_newlines=True), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    entry()
