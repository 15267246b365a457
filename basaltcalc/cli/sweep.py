"""``basaltcalc sweep``: evaluate a scenario over the grid of its ``sweep:`` block."""
from __future__ import annotations

from .common import add_scheduler_option, add_set_option, load, output_file, parse_sets, write_dataset

HEADLINE = ("cost_ratio", "savings", "breakeven_scale", "breakeven_landed_cost",
            "insitu.launched_mass", "mass_leverage")


def add_parser(sub):
    p = sub.add_parser("sweep", help="evaluate every metric over a grid of inputs (the sweep: block)",
                       description="Evaluate the scenario over the grid of its 'sweep:' block; write "
                                   "the labelled results to netCDF (.nc) or CSV (.csv).")
    p.add_argument("scenario", metavar="SCENARIO.yaml", help="scenario file with a 'sweep:' block")
    add_set_option(p, help="fix an input first, e.g. --set 'insitu.campaign=3 year'")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE",
                   help="write the dataset (atomically): .nc for netCDF, .csv for CSV, .json; "
                        "'-' for standard output (CSV unless --format says otherwise)")
    p.add_argument("--format", choices=("table", "json", "csv", "netcdf"), default=None,
                   help="output format (default: from the -o suffix; a table summary on the terminal)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_scheduler_option(p)
    p.set_defaults(func=run)


def _format(args):
    if args.format:
        return args.format
    if args.output == "-":
        return "csv"
    if args.output:
        suffix = args.output.rsplit(".", 1)[-1].lower()
        return {"nc": "netcdf", "csv": "csv", "json": "json"}.get(suffix, "netcdf")
    return "table"


def run(args) -> int:
    from ..errors import ScenarioError
    from ..studies.grid import sweep

    fmt = _format(args)
    if fmt == "netcdf" and not args.output:
        raise ScenarioError("--format netcdf needs -o FILE.nc")
    scenario = load(args.scenario)
    ds = sweep(scenario, overrides=parse_sets(args.set), progress=False if args.quiet else None,
               scheduler=args.scheduler)
    write_dataset(ds, fmt, args.output, summary(ds))
    return 0


def summary(ds) -> str:
    """A readable terminal summary of a sweep dataset, in the display units of
    :mod:`basaltcalc.display`, a comparison named by its Earth design."""
    import numpy as np

    from .. import display

    earth = ds.attrs.get("earth_design") or None
    lines = [f"sweep of '{ds.attrs.get('scenario_name', '')}': "
             f"{int(ds.attrs.get('points', 0)):,} points"]
    for dim in ds.dims:
        coords = [c for c in ds.coords if ds[c].dims == (dim,)]
        for c in coords:
            v = np.asarray(ds[c].values, dtype=float)
            own = ds[c].attrs.get("units", "")  # the coordinate's unit (the spec's), shown in the display one
            si = ds[c].attrs.get("si_units", own)
            own, si = ("" if own == "1" else own), ("" if si == "1" else si)
            shown, unit = display.to_display(v, own, display.input_unit(c, si))
            lines.append(f"  axis {dim}: {c} {display.number(np.min(shown))} .. {display.number(np.max(shown))}"
                         f"{' ' + unit if unit else ''} ({len(v)} values)")
    lines.append("")
    rows = []
    for name in HEADLINE:
        if name not in ds:
            continue
        v = _full(ds, name)
        bad = int(np.count_nonzero(np.isnan(v)))
        fin = v[~np.isnan(v)]
        note = f"({bad:,} of {v.size:,} points invalid: NaN)" if bad else ""
        unit = display.metric_unit(name)
        if fin.size == 0:
            rows.append([display.named(name, earth), "-", "-", unit, note])
        else:
            lo, hi = display.to_display(np.array([fin.min(), fin.max()]), ds[name].attrs.get("units", ""), unit)[0]
            rows.append([display.named(name, earth), display.number(lo), display.number(hi), unit, note])
    lines += display.text_table(["metric", "min", "max", "unit", ""], rows, align="lrrll")
    if "savings" in ds:
        v = _full(ds, "savings")
        bad = int(np.count_nonzero(np.isnan(v)))
        lines.append("")
        vs = f" than Earth ({earth})" if earth else ""
        lines.append(f"  in-situ cheaper{vs} at {np.count_nonzero(v > 0) / max(v.size, 1):.1%} of the "
                     f"{v.size:,} swept points (savings > 0)")
        if bad:
            lines.append(f"  {bad:,} of the {v.size:,} points ({bad / v.size:.1%}) are invalid "
                         "(NaN savings), counted as neither cheaper nor dearer")
    return "\n".join(lines)


def _full(ds, name):
    """A metric's values over the whole grid (a metric constant along an axis is repeated)."""
    import numpy as np

    var = ds[name]
    full = var.broadcast_like(ds) if var.ndim < len(ds.dims) else var
    return np.asarray(full.values, dtype=float).ravel()
