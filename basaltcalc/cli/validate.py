"""``basaltcalc validate FILE...``: check scenario files; "ok" per file, or every problem."""
from __future__ import annotations

import sys


def add_parser(sub):
    p = sub.add_parser("validate", help="check scenario files: 'ok' per file, or every problem with its line",
                       description="Check scenario files without running them.  Prints "
                                   "'FILE: ok' per valid file, or each problem as "
                                   "'file:line:col key.path: message'.  Exit 0 if all are valid, 2 if not.")
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..errors import ScenarioError
    from ..scenario import load_scenario

    status = 0
    for name in args.files:
        try:
            load_scenario(name)
        except ScenarioError as exc:
            status = 2
            print(str(exc), file=sys.stderr)
            continue
        print(f"{name}: ok")
    return status
