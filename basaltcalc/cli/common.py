"""Options and helpers shared by the sub-commands."""
from __future__ import annotations

import json
import sys

from ..errors import OverridePath, Problem, ScenarioError

__all__ = ["load", "parse_sets", "emit", "add_scenario_argument", "add_set_option"]


def add_scenario_argument(parser, optional=True):
    parser.add_argument("scenario", nargs="?" if optional else None, metavar="SCENARIO.yaml",
                        help="scenario file (default: the packaged default scenario)" if optional
                        else "scenario file")


def add_set_option(parser, help="override an input by dotted path, e.g. "
                   "--set 'transport.landed_cost=300 kUSD/kg'"):
    """``--set PATH=VALUE`` (repeatable); read with :func:`parse_sets`."""
    parser.add_argument("--set", action="append", metavar="PATH=VALUE", default=[], help=help)


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


def emit(text: str, output=None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output:
        from ..outputs.atomic import write_atomic

        write_atomic(output, text if text.endswith("\n") else text + "\n")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def dumps(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)
