"""``basaltcalc optimize``: the best plan of a scenario (its ``optimize:`` block), beside the file's,
and where the block has ``over:`` the best plan at every point of that sweep."""
from __future__ import annotations

from .common import (add_scenario_argument, add_set_option, dumps, emit, load, note, output_file, parse_sets,
                     write_dataset)


def add_parser(sub):
    p = sub.add_parser("optimize", help="the best plan (the optimize: block): decisions, objective, "
                                        "constraints; the best Earth design",
                       description="Search the decisions of the file's 'optimize:' block (campaign, "
                                   "modules, development time, route per element group, power, lander, "
                                   "modular plant) for the plan that minimises (or maximises) its "
                                   "objective under its constraints, and choose the cheapest Earth design "
                                   "per element group; print the best plan beside the file's, what binds "
                                   "and the runner-ups.  With 'over:' in the block, the best plan at every "
                                   "point of that sweep.")
    add_scenario_argument(p, optional=False)
    add_set_option(p, help="fix an input first (a single value), e.g. --set 'transport.landed_cost=300 kUSD/kg'")
    p.add_argument("--format", choices=("table", "json", "csv", "netcdf"), default=None,
                   help="output format (default: a table; with -o the file's suffix: .json, .csv, .nc)")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE",
                   help="write to FILE (atomically) instead of stdout")
    p.add_argument("--point", action="store_true",
                   help="the best plan at the file's point only, even where the block has over:")
    p.add_argument("--plot", type=output_file, metavar="FILE.png",
                   help="with over:, also draw the best plan's objective against the swept input "
                        "(png, pdf or svg)")
    p.set_defaults(func=run)


def _format(args):
    if args.format:
        return args.format
    if args.output and args.output != "-":
        return {"json": "json", "csv": "csv", "nc": "netcdf"}.get(args.output.rsplit(".", 1)[-1].lower(), "table")
    return "table"


def run(args) -> int:
    from ..errors import Problem, ScenarioError
    from ..studies.optimize_spec import read_optimize

    scenario = load(args.scenario)
    overrides = parse_sets(args.set)
    spec = read_optimize(scenario)
    fmt = _format(args)
    if spec.over and not args.point:
        return _sweep(args, scenario, overrides, fmt)
    if args.plot:
        raise ScenarioError(Problem("--plot draws the best plan over the block's over: sweep; this "
                                    "optimisation has none (or --point was given)", origin="--plot"))
    if fmt in ("csv", "netcdf"):
        raise ScenarioError(Problem(f"the best plan at one point is a table or JSON; {fmt} is for the "
                                    "best plan over a sweep (over: in the block)", origin="--format"))
    from ..outputs.optimum import optimum_json, optimum_text
    from ..studies.optimize import optimize

    opt = optimize(scenario, overrides=overrides)
    emit(dumps(optimum_json(opt)) if fmt == "json" else optimum_text(opt), args.output)
    return 0


def _sweep(args, scenario, overrides, fmt) -> int:
    from ..errors import Problem, ScenarioError
    from ..outputs.optimum import sweep_text
    from ..studies.optimize import optimize_sweep

    if fmt == "netcdf" and not args.output:
        raise ScenarioError(Problem("--format netcdf needs -o FILE.nc", origin="--format"))
    ds = optimize_sweep(scenario, overrides=overrides)
    write_dataset(ds, fmt, args.output, sweep_text(ds))
    if args.plot:
        from ..outputs.atomic import write_atomic
        from ..outputs.plotting import figure_bytes
        from ..outputs.plotting.optimum import optimum_curve

        fmt_plot = args.plot.rsplit(".", 1)[-1].lower()
        if fmt_plot not in ("png", "pdf", "svg"):
            raise ScenarioError(Problem(f"the figure's format comes from its extension: .png, .pdf or .svg, "
                                        f"got {args.plot!r}", origin="--plot"))
        write_atomic(args.plot, figure_bytes(optimum_curve(ds), fmt_plot))
        note(f"wrote {args.plot}", args.plot)
    return 0
