"""``basaltcalc sweep``: evaluate a scenario over the grid of its ``sweep:`` block."""
from __future__ import annotations

from .common import add_set_option, dumps, emit, load, parse_sets

HEADLINE = ("cost_ratio", "savings", "breakeven_scale", "breakeven_landed_cost",
            "insitu.launched_mass", "mass_leverage")


def add_parser(sub):
    p = sub.add_parser("sweep", help="evaluate every metric over a grid of inputs (the sweep: block)",
                       description="Evaluate the scenario over the grid of its 'sweep:' block; write "
                                   "the labelled results to netCDF (.nc) or CSV (.csv).")
    p.add_argument("scenario", metavar="SCENARIO.yaml", help="scenario file with a 'sweep:' block")
    add_set_option(p, help="fix an input first, e.g. --set 'insitu.campaign=3 year'")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the dataset (atomically): .nc for netCDF, .csv for CSV, .json")
    p.add_argument("--format", choices=("table", "json", "csv", "netcdf"), default=None,
                   help="output format (default: from the -o suffix; a table summary on the terminal)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def _format(args):
    if args.format:
        return args.format
    if args.output:
        suffix = args.output.rsplit(".", 1)[-1].lower()
        return {"nc": "netcdf", "csv": "csv", "json": "json"}.get(suffix, "netcdf")
    return "table"


def run(args) -> int:
    from ..outputs.files import dataset_json, to_csv, to_netcdf
    from ..errors import ScenarioError
    from ..studies.grid import sweep

    fmt = _format(args)
    if fmt == "netcdf" and not args.output:
        raise ScenarioError("--format netcdf needs -o FILE.nc")
    scenario = load(args.scenario)
    ds = sweep(scenario, overrides=parse_sets(args.set), progress=False if args.quiet else None)
    if fmt == "netcdf":
        to_netcdf(ds, args.output)
        emit(summary(ds) + f"\nwrote {args.output} (netCDF)")
    elif fmt == "csv":
        if args.output:
            to_csv(ds, args.output)
            emit(summary(ds) + f"\nwrote {args.output} (CSV)")
        else:
            emit(to_csv(ds))
    elif fmt == "json":
        emit(dumps(dataset_json(ds)), args.output)
    else:
        emit(summary(ds))
    return 0


def summary(ds) -> str:
    """A readable terminal summary of a sweep dataset."""
    import numpy as np

    lines = [f"sweep of '{ds.attrs.get('scenario_name', '')}': "
             f"{int(ds.attrs.get('points', 0)):,} points"]
    for dim in ds.dims:
        coords = [c for c in ds.coords if ds[c].dims == (dim,)]
        for c in coords:
            v = ds[c].values
            unit = ds[c].attrs.get("units", "")
            unit = "" if unit == "1" else f" {unit}"
            lines.append(f"  axis {dim}: {c} {v.min():.4g} .. {v.max():.4g}{unit} ({len(v)} values)")
    lines.append("")
    lines.append(f"  {'metric':<24} {'min':>12} {'max':>12}  unit")
    for name in HEADLINE:
        if name not in ds:
            continue
        v = np.asarray(ds[name].values, dtype=float)
        fin = v[~np.isnan(v)]
        if fin.size == 0:
            continue
        unit = ds[name].attrs.get("units", "")
        lines.append(f"  {name:<24} {fin.min():>12.4g} {fin.max():>12.4g}  {'' if unit == '1' else unit}")
    if "savings" in ds:
        s = ds["savings"]
        full = s.broadcast_like(ds[[d for d in ds.dims][0]]) if s.ndim < len(ds.dims) else s
        v = np.asarray(full.values)
        frac = np.count_nonzero(v > 0) / max(np.count_nonzero(~np.isnan(v)), 1)
        lines.append("")
        lines.append(f"  in-situ cheaper at {frac:.1%} of the swept points (savings > 0)")
    return "\n".join(lines)
