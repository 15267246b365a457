"""Options and helpers shared by the sub-commands."""
from __future__ import annotations

import json
import sys

from ..errors import Problem, ScenarioError

__all__ = ["load", "parse_sets", "emit", "add_scenario_argument"]


def add_scenario_argument(parser, optional=True):
    parser.add_argument("scenario", nargs="?" if optional else None, metavar="SCENARIO.yaml",
                        help="scenario file (default: the packaged default scenario)" if optional
                        else "scenario file")


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
            problems.append(Problem(f"--set takes PATH=VALUE, got {item!r}", "--set"))
            continue
        try:
            overrides[path] = float(value)
        except ValueError:
            overrides[path] = value
    if problems:
        raise ScenarioError(problems)
    return overrides


def emit(text: str, output=None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output:
        from ..outputs import write_atomic

        write_atomic(output, text if text.endswith("\n") else text + "\n")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def dumps(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)
