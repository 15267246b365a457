"""Options and helpers shared by the sub-commands."""
from __future__ import annotations

import argparse
import contextlib
import json
import sys

from ..errors import OverridePath, Problem, ScenarioError

__all__ = ["load", "parse_sets", "emit", "note", "say", "output_file", "add_scenario_argument", "add_set_option",
           "whole_number", "option_errors", "add_scheduler_option"]


def whole_number(low: int, high: int | None = None):
    """An argparse ``type=``: a whole number in ``[low, high]``; anything else is refused by
    argparse as ``argument --dpi: expected a whole number from 10 to 1200, got '0'`` (exit 2)."""
    span = f"from {low:,} to {high:,}" if high is not None else f">= {low:,}"

    def parse(text):
        try:
            value = int(text, 10)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected a whole number {span}, got {text!r}")
        return value

    parse.__name__ = "whole number"
    return parse


def output_file(text: str) -> str:
    """An argparse ``type=`` of ``-o FILE``: any name but the empty one, which would write nothing
    and say nothing (``-`` is standard output)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a file name ('-' for standard output), got {text!r}")
    return text


@contextlib.contextmanager
def option_errors(**given):
    """Report problems of study settings given on the command line against their option.

    ``given`` maps a setting's key path (``samples``, ``metrics``) to the option that gave it
    (``-n``, ``--metrics``); pass only the options actually given.  A problem at one of those
    paths (bare, or under the file's ``uncertainty:`` block) is re-raised as ``-n: ...`` instead
    of ``<scenario> samples: ...`` or the line of the file's ``samples:``.
    """
    def option(problem):  # the block's own key path, as the file reader reports it, or bare
        return given.get(problem.path.removeprefix("uncertainty."))

    try:
        yield
    except ScenarioError as exc:
        if not any(option(p) for p in exc.problems):
            raise
        problems = [Problem(p.message, origin=option(p)) if option(p) else p for p in exc.problems]
        raise ScenarioError(problems) from None


def add_scenario_argument(parser, optional=True):
    parser.add_argument("scenario", nargs="?" if optional else None, metavar="SCENARIO.yaml",
                        help="scenario file (default: the packaged default scenario)" if optional
                        else "scenario file")


def add_set_option(parser, help="override an input by dotted path, e.g. "
                   "--set 'transport.landed_cost=300 kUSD/kg'"):
    """``--set PATH=VALUE`` (repeatable); read with :func:`parse_sets`."""
    parser.add_argument("--set", action="append", metavar="PATH=VALUE", default=[], help=help)


def add_scheduler_option(parser):
    """``--scheduler local|threads|processes|ADDRESS`` (dask ones need ``basaltcalc[dask]``)."""
    parser.add_argument("--scheduler", default="local", metavar="SCHEDULER",
                        help="where to run: local (default, this process), threads, processes, or "
                             "the address of a dask.distributed scheduler, e.g. tcp://host:8786 "
                             "(needs pip install 'basaltcalc[dask]'); the same results on each")


def load(path):
    """The scenario at ``path``, or the packaged default one."""
    from ..scenario import default_scenario, load_scenario

    return default_scenario() if path is None else load_scenario(path)


def parse_sets(items) -> dict:
    """``--set PATH=VALUE`` options as overrides; VALUE is a quantity ('2 MUSD/kg') or a number."""
    overrides = {}
    problems = []
    for item in items or []:
        path, sep, value = item.partition("=")
        path, value = path.strip(), value.strip()
        if not sep or not path or not value:
            problems.append(Problem(f"takes PATH=VALUE, e.g. 'transport.landed_cost=300 kUSD/kg', "
                                    f"got {item!r}", origin="--set"))
            continue
        key = OverridePath(path, "--set")
        try:
            overrides[key] = float(value)
        except ValueError:
            overrides[key] = value
    if problems:
        raise ScenarioError(problems)
    return overrides


def say(text: str, stream=None) -> None:
    """Write a line (or lines) of text on ``stream`` (default standard output) through
    :func:`basaltcalc.text.printable`: a file's names and labels never reach the terminal raw."""
    from ..text import printable

    text = printable(text, keep_newlines=True)
    (stream or sys.stdout).write(text if text.endswith("\n") else text + "\n")


def note(text: str, output=None) -> None:
    """Print a message about a written ``output``: on stdout, or on stderr where the output itself
    went to stdout or a device (``-o -``, ``-o /dev/stdout``), so the two do not mix."""
    from ..outputs.atomic import is_stream

    say(text, sys.stderr if output and is_stream(output) else sys.stdout)


def emit(text: str, output=None) -> None:
    """Print ``text``, or write it atomically to ``output`` (``-``: standard output); either way
    through :func:`basaltcalc.text.printable` (in JSON, its escapes are JSON's own)."""
    if output:
        from ..outputs.atomic import write_atomic
        from ..text import printable

        text = printable(text, keep_newlines=True)
        write_atomic(output, text if text.endswith("\n") else text + "\n")
    else:
        say(text)


def dumps(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)


def write_dataset(ds, fmt: str, output, summary: str) -> None:
    """A study's labelled results in ``fmt``: netCDF or CSV written (atomically) to ``output``
    (``-``: standard output) with ``summary`` and what was written said beside it (:func:`note`);
    CSV without ``output`` on standard output; JSON, or the ``summary`` as a table, emitted."""
    from ..outputs.files import dataset_json, to_csv, to_netcdf

    if fmt in ("netcdf", "csv") and output:
        (to_netcdf if fmt == "netcdf" else to_csv)(ds, output)
        note(summary + f"\nwrote {output} ({'netCDF' if fmt == 'netcdf' else 'CSV'})", output)
    elif fmt == "csv":
        emit(to_csv(ds))
    elif fmt == "json":
        emit(dumps(dataset_json(ds)), output)
    else:
        emit(summary, output)
