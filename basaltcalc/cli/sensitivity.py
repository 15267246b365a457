"""``basaltcalc sensitivity``: tornado over the sourced ranges and Sobol' indices."""
from __future__ import annotations

from ..studies.sensitivity import RESAMPLES
from .common import (add_scheduler_option, add_set_option, dumps, emit, load, option_errors,
                     output_file, parse_sets, whole_number)


def add_parser(sub):
    p = sub.add_parser("sensitivity", help="which inputs drive the result: tornado and Sobol' indices",
                       description="Over the scenario's uncertainty set (every sourced low/high "
                                   "range, the file's uncertainty: block overriding or adding): a "
                                   "one-at-a-time tornado at each input's ends, and Sobol' "
                                   "first-order and total indices with bootstrap intervals.")
    p.add_argument("scenario", metavar="SCENARIO.yaml", help="scenario file")
    p.add_argument("--method", choices=("both", "tornado", "sobol"), default="both")
    p.add_argument("-n", "--samples", type=whole_number(2), default=1024,
                   help="Sobol' base samples, a power of two (n*(d+2) evaluations; default 1024)")
    p.add_argument("--seed", type=whole_number(0), help="random seed")
    p.add_argument("--all-defaults", choices=("sourced", "uniform", "loguniform", "triangular", "pert", "off"),
                   default=None, help="the family of the sourced ranges in the uncertainty set "
                   "(default: the block's all_defaults, else sourced: PERT at the default, log-PERT "
                   "over a decade or more; 'off': the uncertainty: block only)")
    p.add_argument("--metrics", nargs="+", default=["cost_ratio", "savings", "breakeven_scale"])
    p.add_argument("--top", type=whole_number(1), default=10, help="inputs to show per metric (default 10)")
    p.add_argument("--resamples", type=whole_number(*RESAMPLES), default=200,
                   help=f"bootstrap resamples, {RESAMPLES[0]:,} to {RESAMPLES[1]:,} (default 200)")
    add_set_option(p, help="fix an input first")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_scheduler_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..outputs.files import dataset_json, to_csv
    from ..studies.sensitivity import sobol, tornado

    scenario = load(args.scenario)
    overrides = parse_sets(args.set)
    results = {}
    given = {"samples": "-n", "metrics": "--metrics", **({"seed": "--seed"} if args.seed is not None else {})}
    family = False if args.all_defaults == "off" else args.all_defaults
    with option_errors(**given):
        if args.method in ("both", "tornado"):
            results["tornado"] = tornado(scenario, metrics=args.metrics, overrides=overrides,
                                         all_defaults=family)
        if args.method in ("both", "sobol"):
            results["sobol"] = sobol(scenario, n=args.samples, seed=args.seed, metrics=args.metrics,
                                     all_defaults=family,
                                     overrides=overrides, n_resamples=args.resamples,
                                     progress=False if args.quiet else None,
                                     scheduler=args.scheduler)
    if args.format == "json":
        emit(dumps({k: dataset_json(v) for k, v in results.items()}), args.output)
    elif args.format == "csv":
        emit("\n".join(to_csv(v) for v in results.values()), args.output)
    else:
        emit("\n\n".join(summary(k, v, args.top) for k, v in results.items()), args.output)
    return 0


def set_line(ds) -> str:
    """``over <the uncertainty set's name> (<k> uncertain inputs)``: the set a study used."""
    a = ds.attrs
    k = a.get("uncertain_inputs")
    return f"over {a.get('uncertainty_set', 'the given inputs')}" + (f" ({int(k)} uncertain inputs)" if k is not None else "")


def summary(kind, ds, top=10) -> str:
    """The text of a tornado or Sobol' study: the inputs ranked, each value in its display unit
    (:mod:`basaltcalc.display`), each metric named with the Earth design it compares with."""
    import numpy as np

    from .. import display
    from ..studies.sensitivity import tornado_order

    earth = ds.attrs.get("earth_design") or None
    lines = []
    if kind == "tornado":
        lines.append(f"tornado (one input at a time, at the ends of its distribution) of "
                     f"'{ds.attrs.get('scenario_name', '')}' {set_line(ds)}")
        metrics = [v[:-5] for v in ds.data_vars if v.endswith("_base")]
        for m in metrics:
            unit = display.metric_unit(m)

            def shown(x):
                return display.format_metric(m, x).removesuffix(f" {unit}") if unit not in ("", "%") else \
                    display.format_metric(m, x)

            order = tornado_order(ds, m)[:top]
            lines.append(f"\n  {display.named(m, earth)} (base {display.format_metric(m, float(ds[f'{m}_base']))})")
            rows = [[str(ds["input"].values[i]), display.number(ds["low_shown"].values[i]),
                     display.number(ds["high_shown"].values[i]), str(ds["shown_units"].values[i]),
                     *(shown(x) for x in ds[m].values[i])] for i in order]
            lines += display.text_table(["input", "low", "high", "unit", f"{m} at low", "at high"]
                                        if unit in ("", "%") else
                                        ["input", "low", "high", "unit", f"at low [{unit}]", f"at high [{unit}]"],
                                        rows, align="lrrlrr", indent=4)
    else:
        a = ds.attrs
        lines.append(f"Sobol' indices of '{a.get('scenario_name', '')}' {set_line(ds)}: "
                     f"{a.get('base_samples')} base samples ({a.get('evaluations'):,} evaluations), "
                     f"{float(a.get('confidence_level', 0.95)):.0%} bootstrap intervals")
        if a.get("transform"):
            lines.append(f"  note: {a['transform']}")
        for j, m in enumerate(ds["metric"].values):
            st = ds["total_order"].values[j]
            order = np.argsort(-st, kind="stable")[:top]
            lines.append(f"\n  {display.named(str(m), earth)}")
            rows = []
            for i in order:
                s1, st_ = ds["first_order"].values[j, i], ds["total_order"].values[j, i]
                lo1, hi1 = ds["first_order_low"].values[j, i], ds["first_order_high"].values[j, i]
                lot, hit = ds["total_order_low"].values[j, i], ds["total_order_high"].values[j, i]
                rows.append([str(ds["input"].values[i]), f"{s1:.3f}", f"[{lo1:.3f}, {hi1:.3f}]",
                             f"{st_:.3f}", f"[{lot:.3f}, {hit:.3f}]"])
            lines += display.text_table(["input", "S1", "S1 interval", "ST", "ST interval"], rows, indent=4)
    return "\n".join(lines)
