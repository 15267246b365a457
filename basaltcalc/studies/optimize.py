r"""The best plan, not one plan: optimise the in-situ campaign, and choose the Earth design it must beat.

>>> import basaltcalc as bc
>>> sc = bc.default_scenario()
>>> best = bc.optimize(sc, {"decisions": {"insitu.campaign": ["0.5 year", "8 year"],
...                                       "power": ["solar-with-storage", "fission-surface-power"]}})
>>> best.plan["power"], best.value <= best.file_value
('solar-with-storage', True)

A file's plan is one set of decisions: the campaign length, the plant's modules, the power
preset, the lander, the route of each element group.  :func:`optimize` searches them all for
the plan that minimises (or maximises) an objective, by default the in-situ option's present
value ``insitu.npv``, subject to constraints on any metric (the last product by a date,
``insitu.last_product_time``; the operating power; the flights), as the file's ``optimize:``
block or a spec in Python says (:func:`~basaltcalc.studies.optimize_spec.read_optimize`,
``docs/scenario-format.md``).

**How.**  The discrete decisions are enumerated: each combination of power preset, lander and
modular plant is a *plan*, one scenario (:func:`.plans.plan_scenario`), and every plan is one row
of a stacked broadcast (:mod:`.stacking`), so all of them run in one core call per round.  A
route per element group is chosen inside a plan, point by point, as the cheapest mix of
:func:`~basaltcalc.compare_routes` is: each route makes each subset of the groups on its own row,
and every assignment of groups to routes is combined from those rows (:func:`.plans.combine`).
The continuous decisions are searched on their lattice by :func:`.lattice.lattice_search`, exact
on the stepped surface that whole flights, whole units and the lander choice make, for every
plan (and every point of a sweep) at once; no Python loop runs over points, only over the few
refinement rounds, the plans and the route assignments.

**The Earth side** is chosen the same way (:func:`.earth_design.best_earth_design`): per element
group the cheapest material of ``earth:`` (``best``: every material of the catalogue and the
file) that meets every rule, so the answer compares the best plan with the best Earth design
(``savings[best]``, ``cost_ratio[best]``, ``breakeven_landed_cost[best]``).

**Over a sweep** (:func:`optimize_sweep`) the best plan at every point, as an xarray Dataset:
its decisions, its metrics, the plan changes along the sweep and the costs of every plan found
best somewhere held fixed over the whole sweep (``fixed.<objective>``), so that the optimum is
seen to be their lower envelope.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .optimize_spec import read_optimize
from .plan_search import (BEST_REPORT, REPORT_METRICS, STATE_METRICS, _describe, _file_x, _lattice_values,
                          point_metrics, search, _setup, _violations, decision_quantity, plan_text,
                          quantity_text)

__all__ = ["optimize", "optimize_sweep", "Optimum", "REPORT_METRICS", "STATE_METRICS"]

#: The whole numbers a plan's cost steps with: the state of its piece of the cost surface.
@dataclass
class Optimum:
    """The best plan of a scenario, beside the file's plan.

    ``plan``: decision -> the best plan's choice (continuous ones as Quantities, ``route`` as a
    mapping group -> route); ``value``: its objective [SI]; ``metrics``: its
    :data:`REPORT_METRICS` and constraint metrics [SI]; ``file_plan``, ``file_value``,
    ``file_metrics``: the same for the file's own plan; ``runner_ups``: the other plans within
    ``within`` of the best (``{"plan", "value", "gap", "metrics"}``), best first; ``binds``: what
    holds the best plan back (``{"kind": "constraint" | "bound", "name", "text", ...}``);
    ``earth``: the best Earth design (``{"materials": {group: material}, "lander", "mixed",
    "total_cost", "npv"}``); ``results``: the best plan's :class:`~basaltcalc.model.Results`
    where one route makes every group (else None); ``evaluated``: points the search evaluated.
    """

    scenario: object
    spec: object
    plan: dict
    value: float
    metrics: dict
    file_plan: dict
    file_value: float
    file_metrics: dict
    runner_ups: list = field(default_factory=list)
    binds: list = field(default_factory=list)
    earth: dict = field(default_factory=dict)
    results: object = None
    evaluated: int = 0
    lattice: dict = field(default_factory=dict)  # decision path -> (low, high, intervals) [SI]
    file_in_space: bool = True

    @property
    def objective(self) -> str:
        return self.spec.objective

    def __repr__(self) -> str:
        from ..text import printable

        return printable(f"<Optimum {self.objective} = {self.value:.6g} (SI): {plan_text(self.plan)}>")


def _in_space(setup) -> bool:
    """True where the file's plan is one of the plans searched."""
    sc, spec = setup.scenario, setup.spec
    from .plans import is_modular

    own = {"route": sc.route, "power": sc.power, "lander": sc.transport_preset, "modular": is_modular(sc)}
    if any(own[d.name] not in d.options for d in spec.discrete):
        return False
    x = _file_x(setup)
    return all(np.isnan(v) or c.low <= v <= c.high for v, c in zip(x, spec.continuous))


def optimize(scenario, spec=None, *, overrides=None) -> Optimum:
    """The best plan of a scenario (its ``optimize:`` block, or ``spec``), beside the file's plan.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its own choices are the file's plan.
    spec : mapping, optional
        As the ``optimize:`` block (:func:`~basaltcalc.studies.optimize_spec.read_optimize`);
        default the scenario's block.  Its ``over:`` is not read here (:func:`optimize_sweep`).
    overrides : mapping, optional
        As for :func:`~basaltcalc.evaluate`, single values (a sweep goes in ``over:``).

    Returns
    -------
    Optimum

    Raises
    ------
    ScenarioError
        Where no plan meets the constraints: at the binding constraint (the one the best plan
        misses most), by how much it misses.
    """
    from ..scenario import check_scenario

    check_scenario(scenario, "optimize")
    _single_values(overrides, "optimize")
    spec = read_optimize(scenario, spec)
    setup = _setup(scenario, spec, overrides, None)
    result = search(setup)
    best_rows = result.best(len(setup.plans))
    return _optimum(setup, result, best_rows)


def _single_values(overrides, call) -> None:
    """Refuse overrides that are not a mapping, or hold arrays: the sweep of an optimisation is
    its ``over:``."""
    from ..arguments import refuse
    from ..errors import Problem, ScenarioError

    if overrides is not None and not hasattr(overrides, "items"):
        raise refuse(call, "overrides", f"expected a mapping of input paths to values, e.g. "
               f"{{'transport.landed_cost': '300 kUSD/kg'}}, got {type(overrides).__name__}", wrong_type=True)
    for k, v in (overrides or {}).items():
        mag = getattr(v, "magnitude", v)
        if not isinstance(mag, str) and np.ndim(mag) > 0 and np.size(mag) > 1:
            raise ScenarioError(Problem("an optimisation takes one value per override; sweep an input "
                                        "with the optimize block's over: (bc.optimize_sweep)", str(k),
                                        origin=getattr(k, "origin", "overrides")))


def _optimum(setup, result, best_rows) -> Optimum:
    spec, plans = setup.spec, setup.plans
    P = len(plans)
    viol, f = result.viol[best_rows], result.f[best_rows]
    order = np.lexsort((np.where(np.isnan(f), np.inf, f), viol))
    x = _lattice_values(spec, result, best_rows)
    names = list(dict.fromkeys([*spec.metrics(), *REPORT_METRICS, *BEST_REPORT]))
    values, valid = point_metrics(setup, plans, np.arange(P), np.zeros(P, dtype=np.int64), x, names)
    v_all, f_all, parts = _violations(spec, values, valid)
    b = int(order[0])
    a = int(result.extra["assignment"][best_rows[b]])
    file_values, file_valid = point_metrics(setup, [setup.file_plan], np.zeros(1, dtype=np.int64),
                                             np.zeros(1, dtype=np.int64), _file_x(setup)[None], names)
    fv, ff, fparts = _violations(spec, file_values, file_valid)
    in_space = _in_space(setup)
    if v_all[b, a] > 0:
        _infeasible(setup, plans[b], a, x[b], values, parts[b, a], b)
    best = {"plan": _describe(setup, plans[b], a, x[b]), "value": float(values[spec.objective][b, a]),
            "metrics": {n: float(values[n][b, a]) for n in names}}
    file_better = in_space and fv[0, 0] == 0 and ff[0, 0] < f_all[b, a]
    if file_better:  # the file's own values lie between lattice points and beat them
        best = {"plan": _describe(setup, setup.file_plan, 0, _file_x(setup)) | _own_choices(setup),
                "value": float(file_values[spec.objective][0, 0]),
                "metrics": {n: float(file_values[n][0, 0]) for n in names}}
    runner_ups = _runner_ups(setup, values, v_all, f_all, x, (b, a), best["value"])
    binds = [] if file_better else _binds(setup, result, best_rows[b], values, b, a)
    results = None if file_better else _results(setup, plans[b], a, x[b])
    earth = _earth_summary(setup, 0)
    return Optimum(setup.scenario, spec, best["plan"], best["value"], best["metrics"],
                   _describe(setup, setup.file_plan, 0, _file_x(setup)) | _own_choices(setup),
                   float(file_values[spec.objective][0, 0]), {n: float(file_values[n][0, 0]) for n in names},
                   runner_ups, binds, earth, results if not file_better else _file_results(setup),
                   result.evaluated, {c.path: (c.low, c.high, n) for c, n in zip(spec.continuous, result.steps)},
                   in_space)


def _own_choices(setup) -> dict:
    """The file's own discrete choices, for those decided."""
    from .plans import is_modular

    sc = setup.scenario
    own = {"power": sc.power, "lander": sc.transport_preset, "modular": is_modular(sc)}
    out = {d.name: own[d.name] for d in setup.spec.discrete if d.name != "route"}
    if setup.spec.choice("route") is not None:
        out = {"route": {e["name"]: sc.route for e in sc.elements}, **out}
    return out


def _runner_ups(setup, values, viol, f, x, best, value) -> list:
    """The other (plan, route assignment) pairs at their plan's best point within ``within``."""
    spec = setup.spec
    out = []
    for p, plan in enumerate(setup.plans):
        for a in range(len(plan.assignments)):
            if (p, a) == best or viol[p, a] > 0 or not np.isfinite(f[p, a]):
                continue
            v = float(values[spec.objective][p, a])
            gap = (v - value) / abs(value) * (-1.0 if spec.maximize else 1.0) if value else math.inf
            if gap <= spec.within:
                out.append({"plan": _describe(setup, plan, a, x[p]), "value": v, "gap": gap,
                            "metrics": {n: float(values[n][p, a]) for n in values}})
    return sorted(out, key=lambda r: r["gap"])


def _binds(setup, result, row, values, p, a) -> list:
    """What holds the best plan back: constraints that a better point evaluated breaks alone,
    and continuous decisions at a bound."""
    from ..model.tables import format_quantity

    spec = setup.spec
    f_best = float(result.f[row])
    inst = int(result.inst[row])
    out = []
    for c_i, c in enumerate(spec.constraints):
        g = float(values[c.metric][p, a])
        gain = f_best - float(result.relax[inst, c_i]) if result.relax.shape[1] else 0.0
        if gain > 0:
            out.append({"kind": "constraint", "name": c.metric, "limit": c.bound, "value": g, "upper": c.upper,
                        "gain": gain / abs(f_best) if f_best else math.inf,
                        "text": f"{c.text}: at {format_quantity(g, c.unit)}; a plan beyond it would be "
                                f"{gain / abs(f_best):.2%} better"})
    at_bound = [j for j, c in enumerate(spec.continuous)
                if result.steps[j] and int(result.idx[row, j]) in (0, result.steps[j])
                and any(c.path in sc.inputs for sc in setup.plans[p].scenarios.values())]
    if at_bound:  # one lattice step inwards from each bound: worse there, the bound holds it back
        idx = np.repeat(result.idx[row][None], len(at_bound), axis=0)
        for i, j in enumerate(at_bound):
            idx[i, j] += 1 if idx[i, j] == 0 else -1
        x = _lattice_values(spec, _Rows(idx, result.steps), np.arange(len(at_bound)))
        inward, ok = point_metrics(setup, setup.plans, np.full(len(at_bound), p), np.zeros(len(at_bound), dtype=np.int64),
                                   x, spec.metrics())
        viol, f, _ = _violations(spec, inward, ok)
        for i, j in enumerate(at_bound):
            c = spec.continuous[j]
            worse = viol[i, a] > 0 or f[i, a] > f_best
            if not worse:
                continue
            side = "lower" if result.idx[row, j] == 0 else "upper"
            bound = c.low if side == "lower" else c.high
            gain = (f[i, a] - f_best) / abs(f_best) if viol[i, a] == 0 and f_best else math.nan
            why = f"one step inwards {gain:.2%} worse" if np.isfinite(gain) else "one step inwards breaks a constraint"
            out.append({"kind": "bound", "name": c.path, "limit": bound, "side": side, "gain": gain,
                        "text": f"{c.path} at its {side} bound, {quantity_text(decision_quantity(c, bound))} "
                                f"({why})"})
    return out


class _Rows:
    """Lattice indices with their intervals, as :func:`_lattice_values` reads a search result."""

    def __init__(self, idx, steps):
        self.idx, self.steps = idx, steps


def _infeasible(setup, plan, a, x, values, parts, p) -> None:
    """The located error of constraints no plan meets: the binding one (the best plan misses it
    most), by how much."""
    from ..errors import Problem, ScenarioError
    from ..model.tables import format_quantity

    spec = setup.spec
    if not np.any(np.isfinite(parts)) or not spec.constraints:
        raise ScenarioError(Problem("no plan can be evaluated: every plan has an element it cannot size "
                                    "or a piece no lander carries", "optimize.decisions",
                                    *_where(setup, "decisions")))
    k = int(np.argmax(np.where(np.isfinite(parts), parts, -1.0)))
    c = spec.constraints[k]
    g = float(values[c.metric][p, a])
    miss = abs(g - c.bound)
    text = (f"no plan meets {c.text}: the best plan ({plan_text(_describe(setup, plan, a, x))}) reaches "
            f"{format_quantity(g, c.unit)}, {format_quantity(miss, c.unit)} ({parts[k]:.1%}) "
            f"{'over' if c.upper else 'under'} it")
    others = [spec.constraints[i].text for i in range(len(parts)) if i != k and parts[i] > 0]
    if others:
        text += "; it also misses " + ", ".join(others)
    raise ScenarioError(Problem(text, f"optimize.{c.key}" if spec.from_file else c.key, *_where(setup, c.key)))


def _where(setup, key):
    """(file, line, column) of a key of the optimize block (the block's own where not found)."""
    if not setup.spec.from_file:
        return (None, None, None)
    pos = setup.spec.positions
    path = f"optimize.{key}"
    while path and path not in pos:
        path = path.rpartition(".")[0]
    line, col = pos.get(path, (None, None))
    return (setup.scenario.file, line, col)


def _results(setup, plan, a, x):
    """The best plan's Results, where one route makes every group (else None)."""
    from ..model import evaluate
    from ..units import ureg

    routes = set(plan.assignments[a])
    if len(routes) != 1:
        return None
    route = plan.routes[next(iter(routes))]
    sc = plan.scenarios[route]
    overrides = dict(plan.overrides[route])
    own = plan.values[route]
    for j, c in enumerate(setup.spec.continuous):
        if c.path in sc.inputs and not np.isnan(x[j]) and float(x[j]) != float(own[c.path]):
            overrides[c.path] = ureg.Quantity(float(x[j]), sc.inputs[c.path].unit)
    return evaluate(sc, overrides or None)


def _file_results(setup):
    from ..model import evaluate

    return evaluate(setup.scenario, setup.file_plan.overrides[setup.scenario.route] or None)


def _earth_summary(setup, s) -> dict:
    """The best Earth design at sweep point ``s``."""
    e = setup.earth
    groups = [el["name"] for el in setup.scenario.elements]
    materials = {g: (setup.earth_materials[int(m)] if m >= 0 else None) for g, m in zip(groups, e["material"][:, s])}
    return {"materials": materials, "lander": setup.landers[int(e["lander"][s])] or setup.scenario.transport_preset,
            "mixed": bool(e["mixed"][s]), "candidates": list(setup.earth_materials),
            **{k: float(e[k][s]) for k in ("earth.total_cost", "earth.npv", "earth.launched_mass")}}


def optimize_sweep(scenario, spec=None, *, over=None, overrides=None):
    """The best plan at every point of a sweep, in one call.

    Parameters
    ----------
    scenario : Scenario
    spec : mapping, optional
        As the ``optimize:`` block; default the scenario's.
    over : mapping, optional
        The sweep, as a ``sweep:`` block (:func:`~basaltcalc.sweep`); default the spec's ``over:``.
    overrides : mapping, optional
        Single values, as for :func:`~basaltcalc.evaluate`.

    Returns
    -------
    xarray.Dataset
        On the sweep's dimensions: the objective's optimal value (under its own name), each
        decision's best value (``insitu.campaign``, ...; ``power``, ``lander``, ``modular``;
        ``route`` with dimension ``group``), :data:`REPORT_METRICS` and the constraints' metrics
        of the best plan, ``feasible``, ``binding`` (the constraint the least violating plan
        misses most where none meets them) and ``miss`` [-], the best Earth design
        (``earth[best].material`` per group, ``earth[best].total_cost``, ...) and the best plan
        against it (``savings[best]``, ``cost_ratio[best]``, ``breakeven_landed_cost[best]``);
        ``plan`` (the discrete plan, as text) and ``plan_change`` (True where it differs from the
        point before along the first dimension); ``fixed.<objective>`` with dimension
        ``fixed_plan``: every plan found best somewhere, held fixed (its continuous decisions
        too) over the whole sweep, then the file's plan.
    """
    from ..scenario import check_scenario
    from .grid import read_sweep

    check_scenario(scenario, "optimize_sweep")
    _single_values(overrides, "optimize_sweep")
    spec = read_optimize(scenario, spec)
    axes = read_sweep(scenario, over) if over is not None else spec.over
    if not axes:
        from ..errors import Problem, ScenarioError

        raise ScenarioError(Problem("give the sweep to optimise over: the optimize block's over: or over=",
                                    "over", origin="optimize_sweep()"))
    setup = _setup(scenario, spec, overrides, axes)
    result = search(setup)
    from .optimize_dataset import sweep_dataset

    return sweep_dataset(setup, result, axes)
