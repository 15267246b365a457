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


def _earths(ds) -> list[tuple[str, str]]:
    """``(design, variable prefix)`` of every Earth design of a route comparison, primary first."""
    designs = list(ds.attrs.get("earth_designs") or [])
    if isinstance(designs, str):
        import json

        designs = json.loads(designs)
    return [(d, "earth" if len(designs) <= 1 else f"earth[{d}]") for d in designs] or [("", "earth")]


def routes_table(ds) -> str:
    """One row per route: cost, launched mass, ratio against each Earth design, governing rule per
    group; the cheapest mix and the front; every amount in its display unit (:mod:`basaltcalc.display`)."""
    import numpy as np

    from .. import display

    if any(d not in ("route", "group") for d in ds.dims):
        return _summary(ds)
    groups = list(ds["group"].values)
    earths = _earths(ds)
    money = (lambda v: display.format_value(v, "USD"))  # noqa: E731
    mass = (lambda v: display.format_value(v, "kg"))  # noqa: E731
    lines = [f"routes for '{ds.attrs.get('scenario_name', '')}'"]
    for design, pre in earths:
        flag = "pareto_earth" if pre == "earth" else f"pareto_earth[{design}]"
        front = " (on the front)" if flag in ds and bool(ds[flag]) else ""
        lines.append(f"  Earth ({design}): {money(float(ds[f'{pre}.total_cost']))}, "
                     f"{mass(float(ds[f'{pre}.launched_mass']))} launched{front}")
    lines.append("")
    rows = []
    for k, route in enumerate(ds["route"].values):
        rules = []
        for i in range(len(groups)):
            ok = bool(ds[f"elements[{i}].insitu.valid"].values[k])
            rules.append(str(ds[f"elements[{i}].insitu.governing"].values[k]) if ok else "cannot make")
        rows.append([str(route), money(float(ds["insitu.total_cost"].values[k])),
                     mass(float(ds["insitu.launched_mass"].values[k])),
                     *(display.number(float(ds["insitu.total_cost"].values[k]) / float(ds[f"{pre}.total_cost"]))
                       for _, pre in earths),
                     "yes" if ds["pareto"].values[k] else "",
                     ", ".join(f"{g}: {r}" for g, r in zip(groups, rules))])
    heads = ["route", "cost", "launched", *(f"cost ratio vs\nEarth ({d})" for d, _ in earths), "front",
             "governing rule per group"]
    lines += display.text_table(heads, rows, align="lrr" + "r" * (len(heads) - 5) + "ll")
    if "mix.insitu.total_cost" in ds:
        mix = ", ".join(f"{g}: {r}" for g, r in zip(groups, np.ravel(ds["mix.route"].values)))
        shared = " sharing one power system" if ds.attrs.get("share_power") else ""
        lines += ["", f"  cheapest mix{shared}: {money(float(ds['mix.insitu.total_cost']))}, "
                      f"{mass(float(ds['mix.insitu.launched_mass']))} launched"
                      + (" (on the front)" if bool(ds["pareto_mix"]) else "") + f" ({mix})"]
    return "\n".join(lines)


def _summary(ds) -> str:
    import numpy as np

    from .. import display

    cost = ds["insitu.total_cost"]
    cheapest = cost.fillna(np.inf).argmin("route")
    rows = []
    for k, route in enumerate(ds["route"].values):
        c = cost.isel(route=k).values
        share = float((cheapest == k).mean())
        rows.append([str(route), display.format_value(np.nanmin(c), "USD"), display.format_value(np.nanmax(c), "USD"),
                     f"{share:.1%}"])
    n = int(np.prod([ds.sizes[d] for d in ds.dims if d not in ('route', 'group')]))
    return "\n".join([f"routes for '{ds.attrs.get('scenario_name', '')}' over {n:,} points",
                      *display.text_table(["route", "min cost", "max cost", "cheapest at"], rows)])
