"""``basaltcalc solve``: the value of an input at which a metric reaches a target."""
from __future__ import annotations

from .common import add_set_option, dumps, emit, load, output_file, parse_sets


def add_parser(sub):
    p = sub.add_parser("solve", help="the value of any input at which a metric reaches a target "
                                     "(breakeven of any input)",
                       description="Solve for the value of the input at PATH at which METRIC "
                                   "equals TARGET (default: cost_ratio = 1, the breakeven).")
    p.add_argument("scenario", metavar="SCENARIO.yaml", help="scenario file")
    p.add_argument("path", metavar="PATH", help="dotted path of the input, e.g. "
                                                "routes.melt-cast.plant_specific_mass")
    p.add_argument("--metric", default="cost_ratio", help="metric to bring to the target "
                                                          "(default cost_ratio; one Earth comparator's: "
                                                          "'cost_ratio[al-2219]')")
    p.add_argument("--target", default="1", help="target value of the metric, with its unit "
                                                 "('0 USD' for savings; default 1)")
    add_set_option(p, help="fix another input first, e.g. --set 'insitu.campaign=3 year'")
    p.add_argument("--sweep", action="store_true",
                   help="solve at every point of the file's sweep: block (a grid of other inputs)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.set_defaults(func=run)


def _target(text):
    try:
        return float(text)
    except ValueError:
        return text


def _sweep_overrides(scenario, sets):
    """The file's sweep grid as open-mesh Quantity overrides, and its axes."""
    import numpy as np

    from ..studies.grid import read_sweep
    from ..units import ureg

    axes = read_sweep(scenario)
    overrides = dict(sets)
    for k, axis in enumerate(axes):
        shape = [1] * len(axes)
        shape[k] = axis.size
        for ai in axis.inputs:
            overrides[ai.path] = ureg.Quantity(ai.si.reshape(shape), scenario.inputs[ai.path].unit)
    return overrides, axes


def run(args) -> int:
    from ..studies.solve import solve

    scenario = load(args.scenario)
    overrides, axes = parse_sets(args.set), []
    if args.sweep:
        overrides, axes = _sweep_overrides(scenario, overrides)
    sol = solve(scenario, args.path, args.metric, _target(args.target), overrides)
    if args.format == "json":
        text = dumps(solution_json(sol))
    elif args.format == "csv":
        text = solution_csv(sol, axes)
    else:
        text = repr(sol) if not axes else solution_summary(sol, axes)
    emit(text, args.output)
    return 0


def solution_json(sol) -> dict:
    """The solution with its value in the input's display unit, named as pint reads it."""
    import numpy as np

    from .. import display

    value = np.asarray(sol.value.magnitude, dtype=float)
    as_json = (lambda v: v.item() if np.isfinite(v) else str(v))  # noqa: E731
    return {"path": sol.path, "metric": sol.metric,
            "target": {"value": float(sol.target.magnitude), "unit": f"{sol.target.units:~P}"},
            "method": sol.method, "unit": display.pint_text(sol.unit),
            "value": as_json(value) if value.ndim == 0 else [as_json(v) for v in value.ravel()],
            "reason": str(sol.reason) if value.ndim == 0 else [str(r) for r in np.ravel(sol.reason)],
            "shape": list(value.shape)}


def solution_csv(sol, axes) -> str:
    """One row per point: the swept inputs (SI), the solved value and the reason."""
    import csv
    import io

    import numpy as np

    value = np.atleast_1d(np.asarray(sol.value.magnitude, dtype=float))
    reason = np.atleast_1d(sol.reason)
    grids = np.meshgrid(*[a.inputs[0].coord for a in axes], indexing="ij") if axes else []
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f"{a.inputs[0].path} [{a.inputs[0].unit}]" for a in axes]
               + [f"{sol.path} [{sol.unit}]", "reason"])  # the display unit (basaltcalc.display)
    for i in range(value.size):
        w.writerow([f"{g.ravel()[i]:.10g}" for g in grids] + [f"{value.ravel()[i]:.12g}", reason.ravel()[i]])
    return buf.getvalue()


def solution_summary(sol, axes) -> str:
    import numpy as np

    v = np.asarray(sol.value.magnitude, dtype=float)
    fin = v[np.isfinite(v)]
    from .. import display
    from ..metrics import metric_info

    target = display.format_metric(sol.metric, sol.target.m_as(metric_info(sol.metric)[0] or "dimensionless"))
    lines = [f"{sol.path} at which {display.named(sol.metric, sol.earth)} = {target} ({sol.method}), over "
             f"{v.size:,} points of the sweep ({', '.join(a.name for a in axes)})"]
    if fin.size:
        lines.append(f"  solved value: {display.number(fin.min())} .. {display.number(fin.max())} {sol.unit}".rstrip())
    lines += [f"  {n:>8,} points: {r}" for r, n in sol.reasons().items()]
    return "\n".join(lines)
