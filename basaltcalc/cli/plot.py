"""``basaltcalc plot``: figures of a scenario (cost and mass breakdowns, cost against landed cost)."""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem, ScenarioError
from .common import add_scenario_argument, add_set_option, load, parse_sets, whole_number

KINDS = ("breakdown", "landed-cost", "tornado", "sweep")


def add_parser(sub):
    p = sub.add_parser("plot", help="figures: cost and mass breakdowns, cost against landed cost",
                       description="Draw a figure of a scenario and write it (PNG, PDF or SVG by "
                                   "the file's extension).")
    add_scenario_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="figure file (.png, .pdf, .svg)")
    p.add_argument("--kind", choices=KINDS, default="breakdown",
                   help="breakdown: cost and launched mass of both options, term by term; "
                        "landed-cost: both totals from 1 kUSD/kg to 2 MUSD/kg with the breakeven; "
                        "tornado: one input at a time over the sourced ranges; "
                        "sweep: map of the metric over the file's two-input sweep: block")
    p.add_argument("--metric", default="cost_ratio", help="metric of a tornado or sweep map (default cost_ratio)")
    add_set_option(p, help="override an input by dotted path (scalars)")
    p.add_argument("--dpi", type=whole_number(10, 1200), default=150,
                   help="resolution of a PNG, 10 to 1200 dots per inch (default 150)")
    p.set_defaults(func=run)


def run(args) -> int:
    import numpy as np

    from ..outputs import plotting
    from ..model import evaluate
    from ..outputs.atomic import write_atomic
    from ..units import Q_

    fmt = Path(args.output).suffix.lstrip(".").lower()
    if fmt not in ("png", "pdf", "svg"):
        raise ScenarioError(Problem(f"the figure format comes from the extension: .png, .pdf or "
                                    f".svg, got {args.output!r}", origin="--output"))
    scenario = load(args.scenario)
    overrides = parse_sets(args.set)
    if args.kind == "breakdown":
        res = evaluate(scenario, overrides)
        fig = plotting.new_figure(figsize=(11, 4.5))
        left, right = fig.subplots(1, 2)
        plotting.cost_breakdown(res, ax=left)
        plotting.mass_breakdown(res, ax=right)
        fig.suptitle(scenario.name)
    elif args.kind == "landed-cost":
        fig = plotting.new_figure(figsize=(6.4, 4.6))
        plotting.cost_curve(scenario, "transport.landed_cost", Q_(np.geomspace(1e3, 2e6, 300), "USD/kg"),
                            ax=fig.add_subplot(), overrides=overrides)
    elif args.kind == "tornado":
        from ..studies.sensitivity import tornado

        fig = plotting.new_figure(figsize=(8, 5.5))
        ds = tornado(scenario, metrics=(args.metric,), overrides=overrides)
        plotting.tornado(ds, args.metric, ax=fig.add_subplot())
    else:
        from ..studies.grid import sweep

        fig = plotting.new_figure(figsize=(7, 5))
        ds = sweep(scenario, overrides=overrides, metrics=[args.metric], progress=False)
        if len(ds[args.metric].dims) != 2:
            raise ScenarioError(Problem(f"--kind sweep maps a sweep: block of two inputs; {args.metric} "
                                        f"varies over {list(ds[args.metric].dims)}", origin="plot"))
        plotting.sweep_map(ds, args.metric, ax=fig.add_subplot())
    write_atomic(args.output, plotting.figure_bytes(fig, fmt, dpi=args.dpi))
    return 0
