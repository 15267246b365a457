"""``basaltcalc run``: evaluate a scenario and print or write the comparison."""
from __future__ import annotations

from .common import (add_scenario_argument, add_set_option, dumps, emit, load, output_file,
                     parse_sets)


def add_parser(sub):
    p = sub.add_parser("run", help="evaluate a scenario: both options, breakdowns, breakevens",
                       description="Evaluate a scenario (the packaged default if no file is given).")
    add_scenario_argument(p)
    add_set_option(p)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..model import evaluate
    from ..model.tables import results_csv, results_json, results_table

    scenario = load(args.scenario)
    res = evaluate(scenario, parse_sets(args.set))
    if args.format == "json":
        text = dumps(results_json(res))
    elif args.format == "csv":
        text = results_csv(res)
    else:
        text = results_table(res)
    emit(text, args.output)
    return 0
