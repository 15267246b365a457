"""The best plan at every point of a sweep as an xarray Dataset (:func:`basaltcalc.optimize_sweep`)."""
from __future__ import annotations

import numpy as np

__all__ = ["sweep_dataset"]


def _best_plans(setup, result):
    """Per sweep point the best plan's index, its archive row, its route assignment and its
    continuous decisions (SI)."""
    from .plan_search import _lattice_values

    P, S = len(setup.plans), setup.n_sweep
    rows = result.best(P * S).reshape(P, S)
    viol, f = result.viol[rows], result.f[rows]
    key = np.where(np.isnan(f), np.inf, f)
    low = viol.min(axis=0, keepdims=True)
    p = np.argmin(np.where(viol == low, key, np.inf), axis=0)
    best = rows[p, np.arange(S)]
    return p, best, result.extra["assignment"][best].astype(np.int64), _lattice_values(setup.spec, result, best)


def _plan_names(setup, p, a, x):
    """Per decision its choice at each point, and each point's plan as text (its discrete choices,
    then its continuous decisions)."""
    from .plan_search import _describe, choice_text

    spec = setup.spec
    groups = [e["name"] for e in setup.scenario.elements]
    out = {}
    for d in spec.discrete:
        if d.name == "route":
            out["route"] = np.array([[setup.plans[pi].routes[setup.plans[pi].assignments[ai][g]] for pi, ai in zip(p, a)]
                                     for g in range(len(groups))], dtype=object)
        else:
            out[d.name] = np.array([setup.plans[pi].choices[d.name] for pi in p], dtype=object)
    discrete, text = [], []
    for k in range(len(p)):
        plan = _describe(setup, setup.plans[p[k]], a[k], x[k])
        words = [choice_text(n, v) for n, v in plan.items() if n in out]
        discrete.append(", ".join(words) or f"route {setup.scenario.route}")
        text.append(", ".join([*words, *(choice_text(n, v) for n, v in plan.items() if n not in out)]))
    return out, np.array(discrete, dtype=object), np.array(text, dtype=object)


def sweep_dataset(setup, result, axes):
    """The Dataset of :func:`basaltcalc.optimize_sweep` (see there)."""
    import xarray as xr

    from ..metrics import metric_info, split_comparator
    from .datasets import provenance, units_attr
    from .plan_search import BEST_REPORT, REPORT_METRICS, point_metrics, _violations

    spec, S = setup.spec, setup.n_sweep
    sizes = [a.size for a in axes]
    dims = tuple(a.name for a in axes)
    p, rows, a, x = _best_plans(setup, result)
    names = list(dict.fromkeys([*spec.metrics(), *REPORT_METRICS, *BEST_REPORT]))
    values, valid = point_metrics(setup, setup.plans, p, np.arange(S), x, names)
    at = np.arange(S)
    viol, _, parts = _violations(spec, values, valid)
    data = {}

    def put(name, arr, unit="", description="", extra_dims=()):
        data[name] = (extra_dims + dims, np.asarray(arr).reshape(*[len(np.asarray(arr))] * bool(extra_dims), *sizes),
                      {"units": units_attr(unit), "description": description})
    for name in names:
        base = split_comparator(name)[0]
        unit, desc = metric_info(base)
        put(name, values[name][at, a], unit, f"{desc}, of the best plan" if not name.startswith("earth") else desc)
    feasible = viol[at, a] == 0
    put("feasible", feasible, description="some plan meets every constraint")
    worst = np.argmax(np.where(np.isfinite(parts[at, a]), parts[at, a], -1.0), axis=-1) if spec.constraints else None
    binding = np.array(["" if ok or worst is None else spec.constraints[w].metric for ok, w in
                        zip(feasible, worst if worst is not None else [0] * S)], dtype=object)
    put("binding", binding, description="where no plan meets the constraints: the one the best plan misses most")
    put("miss", np.where(feasible, 0.0, viol[at, a]), description="by how much the best plan misses it, "
        "relative to its bound (0: met)")
    for j, c in enumerate(spec.continuous):
        applies = np.array([any(c.path in sc.inputs for sc in setup.plans[pi].scenarios.values()) for pi in p])
        put(c.path, np.where(applies, x[:, j], np.nan), c.si_unit, f"best value of the decision {c.path}")
    choices, discrete, text = _plan_names(setup, p, a, x)
    for name, v in choices.items():
        if name == "route":
            data["route"] = (("group", *dims), v.astype(str).reshape(len(setup.scenario.elements), *sizes),
                             {"description": "route of each element group in the best plan"})
        else:
            put(name, v.astype(str) if name != "modular" else v.astype(bool), description=f"best {name}")
    put("plan", text.astype(str), description="the best plan: its discrete decisions, then its continuous ones")
    piece = np.array([f"{d}|{tuple(st)}" for d, st in zip(discrete, result.state[rows])]).reshape(sizes)
    change = np.zeros(sizes, dtype=bool)
    change[1:] = piece[1:] != piece[:-1]
    data["plan_change"] = (dims, change, {"description": "the best plan changes from the point before along "
                                                          "the first dimension: a discrete decision, or the whole "
                                                          "numbers of its piece (units, flights, lander)"})
    _earth_vars(setup, put, data, dims, sizes)
    starts = change.copy()
    starts[:1] = True
    fixed, labels = _fixed(setup, p, a, x, starts.ravel())
    data[f"fixed.{spec.objective}"] = (("fixed_plan", *dims), fixed.reshape(len(labels), *sizes),
                                       {"units": units_attr(metric_info(split_comparator(spec.objective)[0])[0]),
                                        "description": "each plan found best somewhere, held fixed over the sweep"})
    coords = {"fixed_plan": labels, "group": [e["name"] for e in setup.scenario.elements]}
    for axis in axes:
        for ai in axis.inputs:
            coords[ai.path] = ((axis.name,), ai.coord, {"units": units_attr(ai.unit), "si_units": units_attr(ai.si_unit)})
    attrs = provenance(setup.scenario, "optimize", objective=spec.objective, maximize=spec.maximize,
                       constraints=[c.text for c in spec.constraints], evaluated=int(result.evaluated),
                       decisions=[c.path for c in spec.continuous] + [d.name for d in spec.discrete],
                       earth_designs=list(setup.earth_materials), points=int(S))
    return xr.Dataset(data, coords=coords, attrs=attrs)


def _earth_vars(setup, put, data, dims, sizes) -> None:
    """The best Earth design at each point: its material per group, lander and totals."""
    e = setup.earth
    mats = np.array([*setup.earth_materials, ""], dtype=object)
    data["earth[best].material"] = (("group", *dims), mats[e["material"]].astype(str).reshape(-1, *sizes),
                                    {"description": "material of each group in the best Earth design"})
    landers = np.array([str(x or setup.scenario.transport_preset or "") for x in setup.landers], dtype=object)
    put("earth[best].lander", landers[e["lander"]].astype(str), description="lander of the best Earth design")


def _fixed(setup, p, a, x, starts):
    """The objective of the plan at the start of each stretch of the sweep with one plan (and of
    the file's plan), each held fixed over the whole sweep: (plans, S) and their labels."""
    from .plan_search import _describe, _file_x, point_metrics, plan_text

    spec, S = setup.spec, setup.n_sweep
    key = [(int(pi), int(ai), tuple(xi.tolist())) for pi, ai, xi in zip(p, a, x)]
    distinct = list(dict.fromkeys(k for k, start in zip(key, starts) if start))
    plan_ids = np.repeat([k[0] for k in distinct], S)
    X = np.repeat(np.array([k[2] for k in distinct], dtype=np.float64).reshape(len(distinct), -1), S, axis=0)
    values, _ = point_metrics(setup, setup.plans, plan_ids, np.tile(np.arange(S), len(distinct)), X,
                               [spec.objective])
    cols = np.repeat([k[1] for k in distinct], S)
    fixed = values[spec.objective][np.arange(len(plan_ids)), cols].reshape(len(distinct), S)
    labels = [plan_text(_describe(setup, setup.plans[k[0]], k[1], np.array(k[2]))) for k in distinct]
    file_values, _ = point_metrics(setup, [setup.file_plan], np.zeros(S, dtype=np.int64), np.arange(S),
                                    np.repeat(_file_x(setup)[None], S, axis=0), [spec.objective])
    fixed = np.vstack([fixed, file_values[spec.objective][:, 0][None]])
    return fixed, [*labels, "the file's plan"]
