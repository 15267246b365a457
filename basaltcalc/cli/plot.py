"""``basaltcalc plot``: every figure kind of a scenario, written as PNG, PDF or SVG."""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem, ScenarioError
from .common import (add_scenario_argument, add_set_option, load, option_errors, output_file, parse_sets,
                     whole_number)

#: kind -> what it draws (the --help text and the report's captions)
KINDS = {
    "breakdown": "cost and launched mass of every option, term by term",
    "cost": "cost of every option, term by term (own panels when one is over 8x the other)",
    "mass": "mass launched from Earth by each option, with the mass leverage",
    "landed-cost": "both totals against the landed cost per kg (1 kUSD/kg to 2 MUSD/kg), breakeven marked",
    "scale": "both totals against the number of elements (all groups scaled), breakeven marked",
    "sweep": "map of --metric over the file's two-input sweep: block, centred on the breakeven",
    "tornado": "one input of the uncertainty set at a time, at the ends of its distribution",
    "distribution": "Monte Carlo distribution of --metric over the uncertainty set, with P(in-situ cheaper)",
    "sobol": "Sobol' first-order and total indices of --metric over the uncertainty set, with intervals",
    "value": "which uncertainty to resolve first: the EVPPI of every input (and the file's groups and "
             "measurements) for the decision with the largest EVPI",
    "routes": "total cost against Earth-launched mass of every in-situ route, Earth design and the "
              "cheapest mix, with the Pareto front",
    "cash-flow": "cumulative discounted cost of every option over time, the discounted payback marked",
}
#: Samples drawn for the figures at most (a file's uncertainty block may ask for far more).
FIGURE_SAMPLES = 8192
SOBOL_BASE = 256
#: Samples of the value-of-information figure (``--samples`` changes it).
VALUE_SAMPLES = 1 << 14


def add_parser(sub):
    p = sub.add_parser("plot", help="figures: breakdowns, cost curves, sweep maps, sensitivity, uncertainty",
                       description="Draw a figure of a scenario and write it (PNG, PDF or SVG by "
                                   "the file's extension).  Kinds: " +
                                   "; ".join(f"{k}: {v}" for k, v in KINDS.items()))
    add_scenario_argument(p)
    p.add_argument("-o", "--output", type=output_file, required=True, metavar="FILE", help="figure file (.png, .pdf, .svg)")
    p.add_argument("--kind", choices=tuple(KINDS), default="breakdown", help="the figure (see above)")
    p.add_argument("--metric", default=None,
                   help="metric of a sweep map, tornado, distribution or Sobol' chart (default "
                        "cost_ratio; savings for the distribution)")
    p.add_argument("--samples", type=whole_number(2, 1 << 20), default=None,
                   help=f"samples of a distribution (default the file's, at most {FIGURE_SAMPLES}), "
                        f"Sobol' base samples (default {SOBOL_BASE}) or value-of-information samples "
                        f"(default {VALUE_SAMPLES})")
    add_set_option(p, help="override an input by dotted path (scalars)")
    p.add_argument("--dpi", type=whole_number(10, 1200), default=150,
                   help="resolution of a PNG, 10 to 1200 dots per inch (default 150)")
    p.set_defaults(func=run)


def _not_applicable(kind, why):
    return ScenarioError(Problem(f"--kind {kind} does not apply to this file: {why}", origin="plot"))


def _seed(scenario):
    """The file's seed, else 0: a figure is the same every time it is drawn."""
    seed = ((scenario.blocks or {}).get("uncertainty") or {}).get("seed")
    return None if seed is not None else 0


def study(kind, scenario, overrides, metric=None, samples=None):
    """Run the study a figure kind needs: ``(data, note)`` (None for single-point kinds)."""
    if metric is not None:
        from ..metrics import metric_names

        metric_names(metric, scenario)  # an unknown metric: a located error, before any study
    if kind == "sweep":
        from ..studies.grid import sweep

        if not (scenario.blocks or {}).get("sweep"):
            price = ("transport.landed_cost: {log: [10 kUSD/kg, 2 MUSD/kg], num: 30}"
                     if "transport.landed_cost" in scenario.inputs
                     else "transport.leo_cost: {log: [500 USD/kg, 5 kUSD/kg], num: 30}")
            raise _not_applicable(kind, "it has no sweep: block; add one over two inputs, e.g. "
                                        f"sweep: {{{price}, insitu.campaign: [1 year, 2 year, 4 year]}}")
        ds = sweep(scenario, overrides=overrides, progress=False)
        m = metric or "cost_ratio"
        if len(ds[m].dims) != 2:
            raise _not_applicable(kind, f"a map needs a sweep: block of two inputs; {m} varies over "
                                        f"{list(ds[m].dims)}")
        return ds, None
    if kind == "tornado":
        from ..studies.sensitivity import tornado

        return tornado(scenario, metrics=(metric or "cost_ratio",), overrides=overrides), None
    if kind in ("distribution", "sobol"):  # over the scenario's uncertainty set, named in the figure
        seed = _seed(scenario)
        if kind == "distribution":
            from ..studies.sampling import read_uncertainty, sample

            plan = read_uncertainty(scenario, seed=seed, overrides=overrides)
            n = samples or min(plan.n, FIGURE_SAMPLES)
            if plan.method == "sobol":
                n = 1 << (max(n, 2).bit_length() - 1)
            metrics = sorted({metric or "savings", "savings", "cost_ratio"})
            return sample(scenario, n=n, overrides=overrides, metrics=metrics, progress=False, seed=seed), None
        from ..studies.sensitivity import sobol

        return sobol(scenario, n=samples or SOBOL_BASE, metrics=(metric or "cost_ratio",),
                     overrides=overrides, progress=False, seed=seed), None
    if kind == "value":
        from ..studies.value import value_of_information

        return value_of_information(scenario, overrides, n=samples or VALUE_SAMPLES), None
    return None, None


def make_figure(kind, scenario, overrides=None, metric=None, samples=None, res=None):
    """The figure of ``kind`` for a scenario (running the study it needs)."""
    from ..model import evaluate
    from ..outputs import plotting

    overrides = dict(overrides or {})
    if kind in ("breakdown", "cost", "mass"):
        res = res if res is not None else evaluate(scenario, overrides)
        if kind == "cost":
            return plotting.cost_breakdown(res)
        if kind == "mass":
            return plotting.mass_breakdown(res)
        from ..outputs.plotting.breakdown import BAR_WIDTH
        from ..outputs.plotting.style import comparators

        bars = len(comparators(res)) + 1  # each half as wide as the breakdown of its own would be
        fig = plotting.new_figure((max(13.0, 2 * (1.6 + BAR_WIDTH * bars)), 5))
        left, right = fig.subfigures(1, 2)
        plotting.cost_breakdown(res, ax=left)
        plotting.mass_breakdown(res, ax=right)
        fig.suptitle(scenario.name)
        return fig
    if kind == "cash-flow":
        res = res if res is not None else evaluate(scenario, overrides)
        return plotting.cumulative_cash_flow(res)
    if kind == "landed-cost":
        try:
            return plotting.landed_cost_curve(scenario, overrides=overrides)
        except ValueError as exc:
            raise _not_applicable(kind, str(exc)) from None
    if kind == "scale":
        return plotting.scale_curve(scenario, overrides=overrides)
    if kind == "routes":
        from ..studies.routes import compare_routes

        try:
            return plotting.routes_pareto(compare_routes(scenario, overrides))
        except ValueError as exc:
            raise _not_applicable(kind, str(exc)) from None
    data, note = study(kind, scenario, overrides, metric, samples)
    if kind == "sweep":
        fig = plotting.sweep_map(data, metric or "cost_ratio")
    elif kind == "tornado":
        fig = plotting.tornado(data, metric or "cost_ratio")
    elif kind == "distribution":
        fig = plotting.distribution(data, metric or "savings")
    elif kind == "value":
        fig = plotting.value_of_information(data)
    else:
        fig = plotting.sobol_indices(data, metric or "cost_ratio")
    if note:
        fig.supxlabel(note, fontsize="small", color="0.3")
    return fig


def run(args) -> int:
    from ..outputs import plotting
    from ..outputs.atomic import write_atomic

    fmt = Path(args.output).suffix.lstrip(".").lower()
    if fmt not in ("png", "pdf", "svg"):
        raise ScenarioError(Problem(f"the figure format comes from the extension: .png, .pdf or "
                                    f".svg, got {args.output!r}", origin="--output"))
    scenario = load(args.scenario)
    with option_errors(**({"metrics": "--metric"} if args.metric is not None else {})):
        fig = make_figure(args.kind, scenario, parse_sets(args.set), args.metric, args.samples)
    write_atomic(args.output, plotting.figure_bytes(fig, fmt, dpi=args.dpi))
    return 0
