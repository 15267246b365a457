"""The best plan (:class:`basaltcalc.studies.optimize.Optimum`) as text, JSON and report tables:
the plan beside the file's, what binds, the runner-up plans within the band, the best Earth design.

``basaltcalc optimize`` prints :func:`optimum_text`; ``basaltcalc run`` appends it where the file
has an ``optimize:`` block, and its JSON carries :func:`optimum_json`; the report shows
:func:`optimum_tables`.
"""
from __future__ import annotations

import math

from ..text import printable

__all__ = ["optimum_text", "optimum_json", "optimum_tables", "optimum_headline", "sweep_text"]


def _fmt(value, name) -> str:
    from ..metrics import metric_info, split_comparator
    from ..model.tables import format_quantity

    unit = metric_info(split_comparator(name)[0])[0]
    if not isinstance(value, (int, float)) or math.isnan(value):
        return "-"
    if unit == "":
        return f"{value:.4g}"
    return format_quantity(float(value), unit)


def _plan_rows(opt) -> list[list[str]]:
    """Each decision: the file's choice and the best plan's."""
    from ..studies.plan_search import choice_text

    def value(n, v):
        return "modular" if n == "modular" and v else "one piece" if n == "modular" else \
            choice_text(n, v).removeprefix("routes ").removeprefix(f"{n} ")
    names = list(dict.fromkeys([*opt.file_plan, *opt.plan]))
    return [[n, value(n, opt.file_plan[n]) if n in opt.file_plan else "-",
             value(n, opt.plan[n]) if n in opt.plan else "-"] for n in names]


def _metric_rows(opt) -> list[list[str]]:
    names = [opt.objective, *(c.metric for c in opt.spec.constraints), *opt.metrics]
    return [[n, _fmt(opt.file_metrics.get(n), n), _fmt(opt.metrics.get(n), n)] for n in dict.fromkeys(names)]


def optimum_headline(opt) -> str:
    """One sentence: the best plan's objective against the file's plan's, and against the best
    Earth design."""
    from ..studies.plan_search import plan_text

    sense = "maximising" if opt.spec.maximize else "minimising"
    change = (opt.value - opt.file_value) / abs(opt.file_value) if opt.file_value else math.nan
    e = opt.earth
    total = opt.metrics.get("insitu.total_cost", math.nan)
    earth_total = e.get("earth.total_cost", math.nan)
    which = ("cheaper than" if total < earth_total else "dearer than" if total > earth_total else "as dear as")
    materials = set(e["materials"].values())
    design = (next(iter(materials)) if len(materials) == 1
              else ", ".join(f"{g}: {m}" for g, m in e["materials"].items()))
    return printable(
        f"Best plan ({sense} {opt.objective}): {plan_text(opt.plan)}: {opt.objective} "
        f"{_fmt(opt.value, opt.objective)} against {_fmt(opt.file_value, opt.objective)} for the file's "
        f"plan ({change:+.1%}); its total cost {_fmt(total, 'insitu.total_cost')} is {which} the best Earth "
        f"design ({design}, {_fmt(earth_total, 'earth.total_cost')}).")


def optimum_tables(opt) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """The best plan's tables as ``(key, title, header, rows)``: decisions, metrics, what binds,
    runner-ups, the best Earth design."""
    from ..studies.plan_search import plan_text

    spec = opt.spec
    decisions = len(spec.continuous) + len(spec.discrete)
    title = (f"Best plan: {'maximise' if spec.maximize else 'minimise'} {opt.objective} over {decisions} "
             f"decisions ({opt.evaluated:,} points evaluated)")
    tables = [("optimum", title, ["decision", "the file's plan", "the best plan"], _plan_rows(opt)),
              ("optimum-metrics", "The best plan's metrics", ["metric", "the file's plan", "the best plan"],
               _metric_rows(opt))]
    binds = [[b["kind"], b["text"]] for b in opt.binds] or [["-", "nothing binds: no constraint or bound holds "
                                                                   "the best plan back"]]
    tables.append(("optimum-binds", "What binds", ["", ""], binds))
    within = f"{spec.within:.0%}"
    runner = [[plan_text(r["plan"]), _fmt(r["value"], opt.objective), f"{r['gap']:+.2%}"] for r in opt.runner_ups]
    tables.append(("optimum-runner-ups", f"Runner-up plans within {within} of the best",
                   ["plan", opt.objective, "from the best"], runner or [[f"none within {within}", "", ""]]))
    e = opt.earth
    earth = [[g, m or "no candidate meets every rule"] for g, m in e["materials"].items()]
    earth += [["lander", str(e["lander"] or "the file's")], ["total cost", _fmt(e["earth.total_cost"], "earth.total_cost")],
              ["NPV", _fmt(e["earth.npv"], "earth.npv")],
              ["against the best plan", f"cost ratio {_fmt(opt.metrics.get('cost_ratio[best]'), 'cost_ratio')}, "
                                        f"savings {_fmt(opt.metrics.get('savings[best]'), 'savings')}, breakeven landed cost "
                                        f"{_fmt(opt.metrics.get('breakeven_landed_cost[best]'), 'breakeven_landed_cost')}"]]
    if e.get("mixed"):
        earth.append(["note", "groups in different materials: each group's cost flown alone, summed"])
    tables.append(("optimum-earth", f"Best Earth design: per group the cheapest of {len(e['candidates'])} "
                                    "materials that meets every rule", ["group", "material"], earth))
    return tables


def optimum_text(opt) -> str:
    """The best plan as the text ``basaltcalc optimize`` prints."""
    lines = [optimum_headline(opt), ""]
    for _, title, header, rows in optimum_tables(opt):
        lines.append(title)
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        if any(header):
            lines.append("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
        lines += ["  " + "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
        lines.append("")
    if not opt.file_in_space:
        lines.append("note: the file's own plan is not among the plans searched (a choice or value "
                     "outside the decisions' options or bounds)")
    return printable("\n".join(lines).rstrip(), keep_newlines=True)


def _json_plan(plan) -> dict:
    out = {}
    for k, v in plan.items():
        if hasattr(v, "units"):
            si = v.to_base_units()
            out[k] = {"value": float(si.magnitude), "unit": format(si.units, "~") or "1"}
        else:
            out[k] = v
    return out


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else (
        ("inf" if v > 0 else "-inf") if isinstance(v, float) and math.isinf(v) else v)


def optimum_json(opt) -> dict:
    """The best plan as JSON data (values in SI, names as everywhere)."""
    spec = opt.spec
    return {
        "objective": opt.objective, "maximize": spec.maximize, "value": _num(opt.value),
        "plan": _json_plan(opt.plan), "metrics": {k: _num(v) for k, v in opt.metrics.items()},
        "file_plan": _json_plan(opt.file_plan), "file_value": _num(opt.file_value),
        "file_metrics": {k: _num(v) for k, v in opt.file_metrics.items()},
        "file_plan_searched": opt.file_in_space,
        "constraints": [{"metric": c.metric, "bound": c.bound, "at_most": c.upper} for c in spec.constraints],
        "binds": [{k: _num(v) if isinstance(v, float) else v for k, v in b.items()} for b in opt.binds],
        "within": spec.within,
        "runner_ups": [{"plan": _json_plan(r["plan"]), "value": _num(r["value"]), "gap": r["gap"]}
                       for r in opt.runner_ups],
        "earth": {k: (_num(v) if isinstance(v, float) else v) for k, v in opt.earth.items()},
        "decisions": {p: {"low": lo, "high": hi, "intervals": n} for p, (lo, hi, n) in opt.lattice.items()},
        "evaluated": opt.evaluated,
    }


def sweep_text(ds) -> str:
    """The best plan over a sweep: one line per point where the plan changes, and the range of
    the objective."""
    import numpy as np

    name = ds.attrs["objective"]
    dims = [d for d in ds[name].dims]
    v = np.asarray(ds[name].values, dtype=float)
    lines = [f"best plan over {' x '.join(dims)} ({int(ds.attrs.get('points', v.size)):,} points, "
             f"{int(ds.attrs.get('evaluated', 0)):,} evaluated): {name} {_fmt(float(np.nanmin(v)), name)} "
             f"to {_fmt(float(np.nanmax(v)), name)}"]
    if len(dims) == 1:
        dim = dims[0]
        unit = ds[dim].attrs.get("units", "")
        unit = "" if unit == "1" else unit
        x = ds[dim].values
        change = np.asarray(ds["plan_change"].values)
        starts = [0, *np.flatnonzero(change)]
        for k, i in enumerate(starts):
            end = (starts[k + 1] - 1) if k + 1 < len(starts) else len(x) - 1
            lines.append(f"  {dim} {x[i]:.4g} to {x[end]:.4g} {unit}: {ds['plan'].values[i]}".rstrip())
    infeasible = int(np.count_nonzero(~np.asarray(ds["feasible"].values)))
    if infeasible:
        lines.append(f"  no plan meets the constraints at {infeasible:,} points (binding, miss)")
    return printable("\n".join(lines), keep_newlines=True)
