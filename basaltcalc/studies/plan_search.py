"""The search behind :func:`basaltcalc.optimize`: the plans (discrete decisions) stacked on one
broadcast, their metrics at any points (:func:`point_metrics`), constraints as violations, and the
lattice search over every plan at every point of a sweep (:func:`search`).  See
:mod:`basaltcalc.studies.optimize` for the method."""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from .optimize_spec import BEST

__all__ = ["point_metrics", "search", "plan_text", "choice_text", "STATE_METRICS", "REPORT_METRICS", "BEST_REPORT"]

STATE_METRICS = ("insitu.flights", "insitu.first_flights", "insitu.plant_units", "insitu.power_units",
                 "insitu.generation_units", "insitu.storage_units", "insitu.excavator_units",
                 "insitu.payload_per_flight")
#: Metrics reported for the best plan and its runner-ups.
REPORT_METRICS = ("insitu.npv", "insitu.total_cost", "insitu.launched_mass", "insitu.flights",
                  "insitu.operating_power", "insitu.campaign_time", "insitu.last_product_time",
                  "earth.total_cost", "earth.npv", "cost_ratio", "savings")
#: Metrics against the best Earth design reported beside them.
BEST_REPORT = ("earth[best].total_cost", "earth[best].npv", "cost_ratio[best]", "savings[best]",
               "breakeven_landed_cost[best]")


@dataclass
class _Plan:
    """One combination of the discrete decisions other than the route: its scenario per route."""

    choices: dict  # decision name -> option (decided ones only)
    routes: list
    scenarios: dict  # route -> Scenario
    values: dict  # route -> SI input values
    overrides: dict  # route -> the overrides that apply to it
    subsets: list  # count masks of each route's rows (None: every group)
    assignments: list  # route index of each group, per assignment

    def rows_of(self, assignment):
        """``[(route index, subset index)]`` of the rows an assignment is made of."""
        used = sorted(set(assignment))
        if self.subsets == [None]:
            return [(used[0], 0)]
        return [(r, self.subsets.index(tuple(float(a == r) for a in assignment))) for r in used]


@dataclass
class _Setup:
    scenario: object
    spec: object
    plans: list
    sweep: dict  # path -> (S,) SI values
    n_sweep: int
    earth: dict  # best_earth_design of each sweep point
    earth_materials: list
    landers: list  # lander options of the Earth design (None: the file's)
    file_plan: _Plan = None


def _plans(scenario, spec, overrides) -> list:
    """Every combination of the discrete decisions (power, lander, modular), each with its
    scenario per route."""
    from .plans import plan_scenario
    from .stacking import plan_values

    routes = spec.choice("route") or [scenario.route]
    G = len(scenario.elements)
    mix = len(routes) > 1
    subsets = [s for s in itertools.product((0.0, 1.0), repeat=G) if any(s)] if mix else [None]
    assignments = list(itertools.product(range(len(routes)), repeat=G))
    names = [d.name for d in spec.discrete if d.name != "route"]
    plans = []
    for combo in itertools.product(*(spec.choice(n) for n in names)):
        choices = dict(zip(names, combo))
        scs = [plan_scenario(scenario, route=r, **choices) for r in routes]
        values = plan_values(scs, overrides, "plan's scenario")
        plans.append(_Plan(choices, list(routes), dict(zip(routes, scs)), dict(zip(routes, values)),
                           {r: _applying(sc, overrides) for r, sc in zip(routes, scs)}, subsets,
                           assignments if mix else [tuple([0] * G)]))
    return plans


def _applying(scenario, overrides) -> dict:
    """The overrides that name an input of ``scenario`` (as :func:`.stacking.plan_values`)."""
    from ..model import resolve_path

    tables = ("routes.", "materials.", "power.", "sites.")
    return {k: v for k, v in (overrides or {}).items()
            if resolve_path(scenario, str(k)) in scenario.inputs or not resolve_path(scenario, str(k)).startswith(tables)}


def _file_plan(scenario, overrides) -> _Plan:
    from .stacking import plan_values

    G = len(scenario.elements)
    return _Plan({}, [scenario.route], {scenario.route: scenario},
                 {scenario.route: plan_values([scenario], overrides)[0]},
                 {scenario.route: dict(overrides or {})}, [None], [tuple([0] * G)])


def _setup(scenario, spec, overrides, sweep_axes) -> _Setup:
    from .earth_design import best_earth_design
    from .plans import plan_scenario

    sweep, n = {}, 1
    if sweep_axes:
        sizes = [a.size for a in sweep_axes]
        n = math.prod(sizes)
        grids = np.meshgrid(*(np.arange(s) for s in sizes), indexing="ij")
        for axis, grid in zip(sweep_axes, grids):
            for ai in axis.inputs:
                sweep[ai.path] = ai.si[grid.ravel()]
    plans = _plans(scenario, spec, overrides)
    landers = spec.choice("lander") or [None]
    materials = spec.earth or [c["material"] for c in (scenario.comparators or [])] or [scenario.earth_material]
    earth = best_earth_design([plan_scenario(scenario, lander=lander) for lander in landers], overrides,
                              materials, sweep)
    return _Setup(scenario, spec, plans, sweep, n, earth, materials, landers, _file_plan(scenario, overrides))


def _row_names(setup, names) -> list:
    """The row-level metrics the plan-level ``names`` need (their parts where routes mix)."""
    from ..metrics import comparator_metric, split_comparator
    from .plans import DERIVED

    mix = any(len(p.routes) > 1 for p in setup.plans)
    out = []
    for name in names:
        base, label = split_comparator(name)
        if label == BEST:
            out += {"cost_ratio": ["insitu.total_cost"], "savings": ["insitu.total_cost"],
                    "discounted_cost_ratio": ["insitu.npv"], "discounted_savings": ["insitu.npv"],
                    "launched_mass_saved": ["insitu.launched_mass"],
                    "breakeven_landed_cost": ["insitu.total_cost", "insitu.transport_cost",
                                              "transport.landed_cost"]}.get(base, [])
        elif mix and base in DERIVED:
            out += [m if label is None or not m.startswith("earth.") else comparator_metric(m, label)
                    for m in DERIVED[base][1]]
        if label != BEST:  # one route for every group reads the metric itself
            out.append(name)
    return list(dict.fromkeys(out))


def _best_metric(name, part, earth, s):
    """A plan's metric against the best Earth design at sweep points ``s``. [SI]"""
    from ..core.economics import breakeven_landed_cost
    from ..metrics import split_comparator

    base, _ = split_comparator(name)
    e = {k: earth[k][s] for k in ("earth.total_cost", "earth.npv", "earth.launched_mass", "earth.transport_cost")}
    with np.errstate(divide="ignore", invalid="ignore"):
        if base.startswith("earth."):
            return e[base]
        if base == "cost_ratio":
            return part("insitu.total_cost") / e["earth.total_cost"]
        if base == "savings":
            return e["earth.total_cost"] - part("insitu.total_cost")
        if base == "discounted_cost_ratio":
            return part("insitu.npv") / e["earth.npv"]
        if base == "discounted_savings":
            return e["earth.npv"] - part("insitu.npv")
        if base == "launched_mass_saved":
            return e["earth.launched_mass"] - part("insitu.launched_mass")
        landed_i, landed_e = part("transport.landed_cost"), earth["landed_cost"][s]
        tr_i, tr_e = part("insitu.transport_cost"), e["earth.transport_cost"]
        return breakeven_landed_cost(e["earth.total_cost"] - tr_e, tr_e / landed_e,
                                     part("insitu.total_cost") - tr_i, tr_i / landed_i)


def _validity_names(scenario) -> list:
    from ..core.compare import PIECES

    return [*(f"elements[{g}].insitu.valid" for g in range(len(scenario.elements))),
            *(f"insitu.{p}_fits" for p in PIECES)]


def point_metrics(setup, plans, plan_ids, sweep_ids, X, names):
    """Plan-level metrics ``names`` at points: plan ``plans[plan_ids[i]]`` at sweep point
    ``sweep_ids[i]`` with continuous decisions ``X[i]`` (SI; NaN: not set), for every route
    assignment: ``({name: (M, A)}, valid (M, A))``.  One stacked evaluation of every plan's rows,
    each plan's points padded to the same number."""
    from .stacking import evaluate_rows, leading

    M = len(plan_ids)
    A = max(len(p.assignments) for p in plans)
    counts = np.bincount(plan_ids, minlength=len(plans))
    N = max(int(counts.max()), 1)
    order = np.argsort(plan_ids, kind="stable")
    starts = np.concatenate([[0], np.cumsum(counts)])
    pos = np.empty(M, dtype=np.int64)
    rows, row_of, members = [], {}, {}
    for p in np.flatnonzero(counts):  # the plans: a few discrete choices, not points
        plan = plans[p]
        mine = order[starts[p]:starts[p + 1]]
        members[p] = mine
        pos[mine] = np.arange(len(mine))
        padded = np.concatenate([mine, np.repeat(mine[-1:], N - len(mine))])
        for ri, route in enumerate(plan.routes):
            sc, v = plan.scenarios[route], dict(plan.values[route])
            for j, c in enumerate(setup.spec.continuous):
                if c.path in sc.inputs:
                    v[c.path] = X[padded, j]
            for path, arr in setup.sweep.items():
                if path in sc.inputs:
                    v[path] = arr[sweep_ids[padded]]
            for k, mask in enumerate(plan.subsets):
                row_of[p, ri, k] = len(rows)
                rows.append((sc, v, mask))
    validity = _validity_names(setup.scenario)
    wanted = list(dict.fromkeys([*_row_names(setup, names), *validity]))
    out, n, shape = evaluate_rows(rows, wanted)
    arr = {m: leading(out[m], n, shape).reshape(n, -1) for m in wanted}
    width = next(iter(arr.values())).shape[1]
    result = {name: np.full((M, A), np.nan) for name in names}
    valid = np.zeros((M, A), dtype=bool)
    for p, mine in members.items():
        at = pos[mine] if width > 1 else np.zeros(len(mine), dtype=np.int64)
        s = sweep_ids[mine]
        for a_i, assignment in enumerate(plans[p].assignments):
            parts, ok = [], np.ones(len(mine), dtype=bool)
            for ri, k in plans[p].rows_of(assignment):
                row = row_of[p, ri, k]
                parts.append(lambda m, row=row: arr[m][row, at])
                kept = [g for g, a in enumerate(assignment) if a == ri]
                for name in validity:
                    if name.startswith("elements[") and int(name[9:name.index("]")]) not in kept:
                        continue
                    ok &= arr[name][row, at] > 0.5
            for name in names:
                result[name][mine, a_i] = _plan_metric(name, parts, setup.earth, s)
            valid[mine, a_i] = ok
    return result, valid


def _plan_metric(name, parts, earth, s):
    from ..metrics import split_comparator
    from .plans import combine

    if split_comparator(name)[1] == BEST:
        return _best_metric(name, lambda m: combine(m, parts), earth, s)
    return combine(name, parts)


def _violations(spec, values, valid):
    """Per constraint the relative violation (0: met) [-], and the objective to minimise."""
    f = values[spec.objective] * (-1.0 if spec.maximize else 1.0)
    parts = []
    for c in spec.constraints:
        g = values[c.metric]
        excess = g - c.bound if c.upper else c.bound - g
        scale = abs(c.bound) if c.bound != 0 else 1.0
        with np.errstate(invalid="ignore"):
            parts.append(np.where(np.isnan(g), np.inf, np.maximum(excess / scale, 0.0)))
    parts = np.stack(parts, axis=-1) if parts else np.zeros((*f.shape, 0))
    viol = parts.max(axis=-1) if parts.shape[-1] else np.zeros(f.shape)
    viol = np.where(valid & ~np.isnan(f), viol, np.inf)
    return viol, f, parts


def _lexmin(viol, f):
    """Per row the column of the lowest violation, then objective."""
    low = viol.min(axis=1, keepdims=True)
    key = np.where(viol == low, np.where(np.isnan(f), np.inf, f), np.inf)
    return np.argmin(key, axis=1)


def search(setup):
    """The lattice search over every plan at every sweep point."""
    from .lattice import lattice_search

    spec, S = setup.spec, setup.n_sweep
    names = list(dict.fromkeys([*spec.metrics(), *STATE_METRICS]))

    def evaluate(inst, idx):
        plan_ids, sweep_ids = inst // S, inst % S
        X = _values(spec, idx)
        values, valid = point_metrics(setup, setup.plans, plan_ids, sweep_ids, X, names)
        viol, f, parts = _violations(spec, values, valid)
        a = _lexmin(viol, f)
        rows = np.arange(len(inst))
        state = np.column_stack([values[m][rows, a] for m in STATE_METRICS] + [a])
        return {"viol": viol[rows, a], "f": f[rows, a], "state": state, "parts": parts[rows, a],
                "assignment": a}

    steps = [c.steps for c in spec.continuous]
    return lattice_search(evaluate, steps, len(setup.plans) * S, len(spec.constraints))


def _values(spec, idx):
    """SI values of the continuous decisions at lattice indices ``idx`` (rows, d)."""
    if not spec.continuous:
        return np.zeros((len(idx), 0))
    return np.column_stack([c.values(idx[:, j]) if c.steps else np.full(len(idx), c.low)
                            for j, c in enumerate(spec.continuous)])


def _lattice_values(spec, result, rows):
    """SI values of the continuous decisions at archive ``rows`` of a search ``result``."""
    cols = []
    for j, c in enumerate(spec.continuous):
        n = result.steps[j]
        cols.append(np.full(len(rows), c.low) if n == 0
                    else c.low + result.idx[rows, j] * ((c.high - c.low) / n))
    return np.column_stack(cols) if cols else np.zeros((len(rows), 0))


def choice_text(name, value) -> str:
    """One decision of a plan in words: ``power solar-with-storage``, ``modular plant``,
    ``route melt-cast`` (one for every group) or ``routes floor panel: cut-stone, ...``,
    ``insitu.campaign 2.551 year``."""
    if name == "route" and isinstance(value, dict):
        routes = set(value.values())
        return (f"route {next(iter(routes))}" if len(routes) == 1
                else "routes " + ", ".join(f"{g}: {r}" for g, r in value.items()))
    if name == "modular":
        return "modular plant" if value else "one-piece plant"
    if hasattr(value, "units"):
        return f"{name} {quantity_text(value)}"
    return f"{name} {value}"


def quantity_text(q) -> str:
    """A decision's value, 4 significant figures, in its unit as written (``2.551 year``)."""
    unit = format(q.units, "~P")
    unit = {"a": "year", "d": "day", "h": "hour"}.get(unit, unit)
    return f"{float(q.magnitude):.4g} {unit}".rstrip()


def plan_text(plan: dict) -> str:
    """A plan in one line: ``power solar-with-storage, insitu.campaign 2.551 year, ...``."""
    return ", ".join(choice_text(k, v) for k, v in plan.items())


def decision_quantity(c, si):
    """A continuous decision's SI value as a Quantity in the unit its bounds were given in."""
    from ..units import ureg

    q = ureg.Quantity(float(si), c.si_unit or "")
    return q.to(c.unit) if c.unit and c.unit != c.si_unit else q


def _describe(setup, plan, assignment, x) -> dict:
    """A plan as decision -> choice (continuous decisions as Quantities in their bounds' unit)."""
    out = {}
    for j, c in enumerate(setup.spec.continuous):
        if np.isnan(x[j]) or not any(c.path in sc.inputs for sc in plan.scenarios.values()):
            continue
        out[c.path] = decision_quantity(c, x[j])
    if setup.spec.choice("route") is not None:
        out["route"] = {e["name"]: plan.routes[a] for e, a in zip(setup.scenario.elements, plan.assignments[assignment])}
    out.update(plan.choices)
    return out


def _file_x(setup):
    """The file's own values of the continuous decisions (NaN where not an input). [SI]"""
    sc, values = setup.scenario, setup.file_plan.values[setup.scenario.route]
    return np.array([float(values[c.path]) if c.path in sc.inputs else np.nan for c in setup.spec.continuous])
