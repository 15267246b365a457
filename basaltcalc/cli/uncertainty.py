"""``basaltcalc uncertainty``: Monte Carlo over the ``uncertainty:`` block, streamed in chunks."""
from __future__ import annotations

from .common import (add_scheduler_option, add_set_option, dumps, emit, load, note, option_errors,
                     output_file, parse_sets, whole_number)


def add_parser(sub):
    p = sub.add_parser("uncertainty", help="propagate input uncertainty over the scenario's uncertainty set",
                       description="Draw the scenario's uncertainty set (every sourced low/high range, "
                                   "the file's uncertainty: block overriding or adding), evaluate in "
                                   "chunks and report streaming statistics.")
    p.add_argument("scenario", metavar="SCENARIO.yaml", help="scenario file")
    p.add_argument("-n", "--samples", type=whole_number(1), help="number of samples (default: the block's, or 4096)")
    p.add_argument("--seed", type=whole_number(0), help="random seed (default: the block's, or fresh)")
    p.add_argument("--method", choices=("random", "sobol", "lhs"), help="sampling design")
    p.add_argument("--all-defaults", choices=("sourced", "uniform", "loguniform", "triangular", "pert", "off"),
                   help="the family of the sourced ranges in the set (default: the block's all_defaults, "
                        "else sourced: PERT at the default, log-PERT over a decade or more); 'off': the "
                        "uncertainty: block only")
    p.add_argument("--metrics", nargs="+", metavar="METRIC", help="metrics to summarise ('all' for every one)")
    p.add_argument("--chunk-size", type=whole_number(1, 1 << 26), default=1 << 16, help="samples per chunk (default 65536)")
    add_set_option(p, help="fix an input first")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically); .nc for netCDF")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--yes", action="store_true",
                   help="run a Monte Carlo beyond the large-study threshold (the estimate is printed)")
    add_scheduler_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..outputs.files import dataset_json, to_csv, to_netcdf
    from ..studies.sampling import uncertainty

    scenario = load(args.scenario)
    metrics = args.metrics
    if metrics == ["all"]:
        metrics = "all"
    given = {k: o for k, o, v in (("samples", "-n", args.samples), ("metrics", "--metrics", args.metrics),
                                  ("seed", "--seed", args.seed), ("method", "--method", args.method))
             if v is not None}
    with option_errors(**given):
        st = uncertainty(scenario, n=args.samples, seed=args.seed, method=args.method,
                         all_defaults=False if args.all_defaults == "off" else args.all_defaults,
                         metrics=metrics, overrides=parse_sets(args.set),
                         chunk_size=args.chunk_size, progress=False if args.quiet else None,
                         allow_large=args.yes, scheduler=args.scheduler)
    if args.output and args.output.lower().endswith(".nc"):
        to_netcdf(st, args.output)
        note(summary(st) + f"\nwrote {args.output} (netCDF)", args.output)
    elif args.format == "json":
        emit(dumps(dataset_json(st)), args.output)
    elif args.format == "csv":
        if args.output:
            to_csv(st.drop_vars(["p_insitu_cheaper", "p_insitu_cheaper_se"]), args.output)
        else:
            emit(to_csv(st.drop_vars(["p_insitu_cheaper", "p_insitu_cheaper_se"])))
    else:
        emit(summary(st), args.output)
    return 0


def summary(st) -> str:
    """Terminal table of an uncertainty result: each metric in its display unit
    (:mod:`basaltcalc.display`), a comparison named by its Earth design (``cost_ratio[al-2219]``)."""
    import json

    import numpy as np

    from .. import display

    a = st.attrs
    earth = a.get("earth_design") or None
    dists = json.loads(a.get("distributions", "{}"))
    lines = [f"uncertainty of '{a.get('scenario_name', '')}': {int(a.get('samples', 0)):,} samples, "
             f"{a.get('method')} design, seed {a.get('seed')}, over {a.get('uncertainty_set', 'the given distributions')} "
             f"({len(dists)} uncertain inputs)"
             + (f", {len(json.loads(a['correlation'])['inputs'])} rank-correlated (Gaussian copula)"
                if "correlation" in a else "")]
    qs = list(st["quantile"].values)
    rows, undefined = [], False
    for i, m in enumerate(st["metric"].values):
        m = str(m)
        stats = np.array([st["mean"].values[i], st["std"].values[i], *st["quantiles"].values[i]], dtype=float)
        undefined |= bool(np.isnan(stats).any())
        shown, unit = display.to_display(stats, str(st["units"].values[i]), display.metric_unit(m))
        n_inf = int(st["n_inf"].values[i])
        rows.append([display.named(m, earth), *(display.number(x) for x in shown), unit,
                     f"({n_inf:,} inf: never)" if n_inf else ""])
    lines += display.text_table(["metric", "mean", "std", *(f"P{q * 100:g}" for q in qs), "unit", ""], rows,
                                align="l" + "r" * (2 + len(qs)) + "ll")
    p = float(st["p_insitu_cheaper"])
    lines.append("")
    lines.append(f"  P(in-situ cheaper than Earth ({earth})) = {p:.4f} +/- {float(st['p_insitu_cheaper_se']):.4f}"
                 if earth else f"  P(in-situ cheaper) = {p:.4f} +/- {float(st['p_insitu_cheaper_se']):.4f}")
    err = a.get("quantile_relative_error")
    if err:
        lines.append(f"  quantiles within {float(err):.2%} (relative, histogram bins) of the sample's; "
                     "mean/std over finite values")
    bad = int(np.max(st["n_nan"].values)) if st.sizes.get("metric") else 0
    if bad:
        lines.append(f"  {bad:,} samples gave invalid points (NaN)")
    if undefined:
        lines.append("  n/a: too few finite samples of that metric for the statistic (a spread "
                     "needs two)")
    return "\n".join(lines)
