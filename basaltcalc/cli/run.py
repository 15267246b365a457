"""``basaltcalc run``: evaluate a scenario and print or write the comparison, and how sure it is."""
from __future__ import annotations

from .common import (add_scenario_argument, add_set_option, dumps, emit, load, output_file,
                     parse_sets, whole_number)


def add_parser(sub):
    p = sub.add_parser("run", help="evaluate a scenario: both options, breakdowns, breakevens, how sure",
                       description="Evaluate a scenario (the packaged default if no file is given), "
                                   "and the probability that in-situ is cheaper than each Earth "
                                   "design over the scenario's uncertainty set (a seeded Monte "
                                   "Carlo sample).")
    add_scenario_argument(p)
    add_set_option(p)
    p.add_argument("--samples", type=whole_number(1, 1 << 24), default=None, metavar="N",
                   help="Monte Carlo samples of the probability that in-situ is cheaper "
                        "(default 4096)")
    p.add_argument("--seed", type=whole_number(0), default=None,
                   help="seed of that sample (default: the file's uncertainty: seed, else 0)")
    p.add_argument("--no-uncertainty", action="store_true",
                   help="skip the probability (the point answer only)")
    p.add_argument("--no-optimize", action="store_true",
                   help="skip the best plan of the file's optimize: block (the file's plan only)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..model import evaluate
    from ..model.tables import results_csv, results_json, results_table

    scenario = load(args.scenario)
    overrides = parse_sets(args.set)
    res = evaluate(scenario, overrides)
    how_sure = None
    if not args.no_uncertainty and res.shape == ():
        from ..studies.decision import RUN_SAMPLES, probability_cheaper
        from .common import option_errors

        with option_errors(**({"seed": "--seed"} if args.seed is not None else {})):
            how_sure = probability_cheaper(scenario, overrides, n=args.samples or RUN_SAMPLES, seed=args.seed)
    best = None
    if (scenario.blocks or {}).get("optimize") and not args.no_optimize and res.shape == ():
        from ..studies.optimize import optimize  # the best plan beside the file's (issue 28)

        best = optimize(scenario, overrides=overrides)
    if args.format == "json":
        data = results_json(res, how_sure)
        if best is not None:
            from ..outputs.optimum import optimum_json

            data["optimum"] = optimum_json(best)
        text = dumps(data)
    elif args.format == "csv":
        text = results_csv(res, how_sure)
    else:
        text = results_table(res, how_sure)
        if best is not None:
            from ..outputs.optimum import optimum_text

            text += "\n\n" + optimum_text(best)
    emit(text, args.output)
    return 0
