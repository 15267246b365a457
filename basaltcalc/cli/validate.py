"""``basaltcalc validate FILE...``: check scenario files; "ok" per file, or every problem."""
from __future__ import annotations

import sys

from .common import say


def add_parser(sub):
    p = sub.add_parser("validate", help="check scenario files: 'ok' per file, or every problem with its line",
                       description="Check scenario files: their structure, values and blocks, and every "
                                   "check `run` makes on the evaluated scenario (an element that cannot be "
                                   "sized, a piece no lander carries), so a file that validates runs.  Prints "
                                   "'FILE: ok' per valid file, or each problem as "
                                   "'file:line:col key.path: message'.  Exit 0 if all are valid, 2 if not.")
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files")
    p.set_defaults(func=run)


def block_problems(sc) -> list:
    """Problems of a loaded scenario's ``sweep:``, ``uncertainty:`` and ``optimize:`` blocks
    (paths, spacings, distributions, sample counts, decisions, constraints), read exactly as the
    studies read them."""
    from ..errors import ScenarioError
    from ..studies.grid import read_sweep
    from ..studies.optimize_spec import read_optimize
    from ..studies.sampling import read_uncertainty

    problems = []
    for key, read in (("sweep", read_sweep), ("uncertainty", read_uncertainty), ("uncertainty", _voi_specs),
                      ("optimize", read_optimize)):
        if sc.blocks.get(key) is None:
            continue
        try:
            read(sc)
        except ScenarioError as exc:
            problems += exc.problems
    return problems


def _voi_specs(sc) -> None:
    """The uncertainty block's ``groups:`` and ``measurements:``, read as
    :func:`basaltcalc.value_of_information` reads them (problems raised, located)."""
    from ..studies.value import read_specs

    read_specs(sc)


def run_problems(sc) -> list:
    """Problems ``basaltcalc run`` would find evaluating the scenario (one point, as run does): an
    element that cannot be sized, an indivisible piece no lander carries, a stage that cannot
    reach its delta-v."""
    from ..errors import ScenarioError
    from ..model import evaluate

    try:
        evaluate(sc)
    except ScenarioError as exc:
        return list(exc.problems)
    return []


def run(args) -> int:
    from ..errors import ScenarioError
    from ..scenario import load_scenario

    status = 0
    for name in args.files:
        try:
            sc = load_scenario(name)
            problems = block_problems(sc)
            problems += run_problems(sc)
        except ScenarioError as exc:
            problems = exc.problems
        if problems:
            status = 2
            say(str(ScenarioError(problems)), sys.stderr)
            continue
        say(f"{name}: ok")
    return status
