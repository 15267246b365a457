"""``basaltcalc compare``: every in-situ route for the scenario's elements, the cheapest mix and
the Pareto front of cost against Earth-launched mass."""
from __future__ import annotations

from .common import (add_scenario_argument, add_set_option, dumps, emit, load, output_file,
                     parse_sets)


def add_parser(sub):
    p = sub.add_parser("compare", help="compare every in-situ route, the cheapest mix per element "
                                       "group and the cost / launched-mass front",
                       description="Evaluate the scenario's elements made by every catalogue route "
                                   "against the same Earth designs, in one broadcast.")
    add_scenario_argument(p)
    add_set_option(p)
    p.add_argument("--route", action="append", metavar="ROUTE", default=None,
                   help="compare only these routes (repeatable; default: every route)")
    p.add_argument("--share-power", action="store_true", default=None,
                   help="routes used together in the cheapest mix share one power system "
                        "(default: the file's compare: {share_power: ...}, else each brings its own)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..outputs.files import dataset_json, to_csv
    from ..studies.routes import compare_routes

    scenario = load(args.scenario)
    ds = compare_routes(scenario, parse_sets(args.set), routes=args.route, share_power=args.share_power)
    if args.format == "json":
        text = dumps(dataset_json(ds))
    elif args.format == "csv":
        text = to_csv(ds)
    else:
        text = routes_table(ds)
    emit(text, args.output)
    return 0


def routes_table(ds) -> str:
    """One row per route: cost, launched mass, ratio, governing rule per group; mix and front."""
    import numpy as np

    if any(d not in ("route", "group") for d in ds.dims):
        return _summary(ds)
    groups = list(ds["group"].values)
    lines = [f"routes for '{ds.attrs.get('scenario_name', '')}': Earth option "
             f"{float(ds['earth.total_cost']) / 1e6:,.1f} MUSD, "
             f"{float(ds['earth.launched_mass']):,.0f} kg launched"
             + (" (on the front)" if bool(ds["pareto_earth"]) else ""), ""]
    head = f"  {'route':<16}{'cost MUSD':>12}{'launched kg':>13}{'cost_ratio':>11}  front  governing rule per group"
    lines.append(head)
    for k, route in enumerate(ds["route"].values):
        rules = []
        for i in range(len(groups)):
            ok = bool(ds[f"elements[{i}].insitu.valid"].values[k])
            rules.append(str(ds[f"elements[{i}].insitu.governing"].values[k]) if ok else "cannot make")
        cost = float(ds["insitu.total_cost"].values[k])
        lines.append(f"  {route:<16}{cost / 1e6:>12,.1f}{float(ds['insitu.launched_mass'].values[k]):>13,.0f}"
                     f"{float(ds['cost_ratio'].values[k]):>11.4g}  {'yes' if ds['pareto'].values[k] else '   '}    "
                     + ", ".join(f"{g}: {r}" for g, r in zip(groups, rules)))
    if "mix.insitu.total_cost" in ds:
        mix = ", ".join(f"{g}: {r}" for g, r in zip(groups, np.ravel(ds["mix.route"].values)))
        shared = " sharing one power system" if ds.attrs.get("share_power") else ""
        lines += ["", f"  cheapest mix{shared}: {float(ds['mix.insitu.total_cost']) / 1e6:,.1f} MUSD, "
                      f"{float(ds['mix.insitu.launched_mass']):,.0f} kg launched"
                      + (" (on the front)" if bool(ds["pareto_mix"]) else "") + f" ({mix})"]
    return "\n".join(lines)


def _summary(ds) -> str:
    import numpy as np

    lines = [f"routes for '{ds.attrs.get('scenario_name', '')}' over "
             f"{int(np.prod([ds.sizes[d] for d in ds.dims if d not in ('route', 'group')])):,} points",
             f"  {'route':<16}{'min cost MUSD':>15}{'max cost MUSD':>15}{'cheapest at':>13}"]
    cost = ds["insitu.total_cost"]
    cheapest = cost.fillna(np.inf).argmin("route")
    for k, route in enumerate(ds["route"].values):
        c = cost.isel(route=k).values / 1e6
        share = float((cheapest == k).mean())
        lines.append(f"  {route:<16}{np.nanmin(c):>15,.1f}{np.nanmax(c):>15,.1f}{share:>13.1%}")
    return "\n".join(lines)
