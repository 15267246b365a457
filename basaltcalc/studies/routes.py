r"""Which way to build it: every in-situ route against the same Earth designs, in one broadcast.

>>> import basaltcalc as bc
>>> ds = bc.compare_routes(bc.default_scenario())
>>> ds["route"].values.tolist()
['cut-stone', 'melt-cast', 'sinter', 'fibre-composite']
>>> bool(ds["mix.insitu.total_cost"] <= ds["insitu.total_cost"].min("route"))
True

:func:`compare_routes` evaluates the scenario once per catalogue route, each route making the
elements from its own product (the scenario's own material for its own route, so a custom
material derived from the product is kept), against the scenario's Earth designs, which are the
same for every route.  The route is one more broadcast axis: the core's parameters of every route
are stacked on a leading axis and the core runs once over routes x points.

**Cheapest mix.**  Each element group may be made by a different route; the routes used together
each bring their own plant, power system, development and operations, sized for the groups they
make (or share one power system where the file says ``compare: {share_power: true}``, see
:func:`_mix`).  For every route and every non-empty subset of element groups the in-situ cost is evaluated
(the counts of the other groups set to zero), again as one broadcast, and the cheapest assignment
of groups to routes

.. math:: C_{mix} = \min_{a \in R^G} \sum_{r} C_r\big(\{g : a_g = r\}\big), \qquad C_r(\emptyset) = 0

is taken point by point.  A route that cannot make a group (its wall would be thicker than the
tube's radius, or the sheet thicker than wide) is never assigned it.  Every single route is one
assignment, so the mix is never dearer than the cheapest single route.  With more than
:data:`MAX_MIX_GROUPS` element groups the mix is not computed (the subsets grow as 2^G).

**Pareto front.**  Among the Earth option, each route and the cheapest mix, an option is on the
front of total cost against Earth-launched mass when no other is at least as good in both and
better in one.  The flags exist once per Earth comparator (``pareto[al-2219]``), each front drawn
among that Earth design, the routes and the mix; the unqualified flags are the primary design's.
"""
from __future__ import annotations

import itertools

import numpy as np

from .stacking import evaluate_stacked, leading as _leading, plan_values

__all__ = ["compare_routes", "route_scenario", "ROUTE_METRICS", "MAX_MIX_GROUPS"]

#: Metrics kept per route (with the ``route`` dimension).
ROUTE_METRICS = ("insitu.total_cost", "insitu.launched_mass", "insitu.product_mass",
                 "insitu.campaign_time", "insitu.energy", "insitu.average_power", "cost_ratio",
                 "savings", "mass_leverage", "breakeven_scale", "breakeven_landed_cost")
#: Metrics of the Earth option (the same for every route).
EARTH_METRICS = ("earth.total_cost", "earth.launched_mass", "earth.campaign_time")
#: Most element groups for which the cheapest mix is computed.
MAX_MIX_GROUPS = 6


def route_scenario(scenario, route: str):
    """The scenario with the elements made by ``route`` from its product, same Earth designs
    (:func:`.plans.plan_scenario`)."""
    from .plans import plan_scenario

    return plan_scenario(scenario, route=route)


def _route_values(scenarios, overrides):
    """SI input values per route scenario (:func:`.stacking.plan_values`)."""
    return plan_values(scenarios, overrides, "route's scenario")


def _evaluate_stacked(scenarios, values, count_masks=None):
    """The core once over (route [x subset], *points) (:func:`.stacking.evaluate_stacked`)."""
    return evaluate_stacked(scenarios, values, count_masks)


def _shared_power(scenario, values, out, n, shape):
    """What the mix needs to share one power system: per (route x subset) entry the operating
    power [W], the power system launched [kg] and its units, the cost of a kg of hardware landed
    [USD/kg] (the route's transport and crates per kg of cargo plus its hardware cost per kg of
    hardware: the landed cost, ``economics.container_cost`` and ``economics.hardware_cost``
    under the estimate cost model; the average rates under a CER cost model or flight learning),
    and the power system mass of a summed
    operating power (the core's :func:`~basaltcalc.core.production.power_system_mass` with the
    scenario's power preset and site, the same for every route)."""
    from ..core.production import power_system_units
    from ..model import boundary

    paths = boundary.core_inputs(scenario)
    keys = ("power.specific_mass", "power.unit_power", "site.illumination_fraction",
            "power.sunlight_dependent", "power.night_power_fraction", "site.longest_night",
            "power.storage_specific_energy", "power.storage_unit_energy", "power.round_trip_efficiency")
    args = [values.get(paths[k], boundary._MISSING.get(k)) for k in keys]
    pack = 1.0 + np.asarray(values[paths["economics.packaging_fraction"]])
    lead = {k: _leading(out[k], n, shape) for k in ("insitu.transport_cost", "insitu.launched_mass",
                                                     "insitu.hardware_cost", "insitu.consumables_mass",
                                                     "insitu.container_cost")}
    with np.errstate(divide="ignore", invalid="ignore"):  # the route's own rates per kg of hardware
        launched = lead["insitu.launched_mass"]
        per_kg = (pack * (lead["insitu.transport_cost"] + lead["insitu.container_cost"]) / launched
                  + lead["insitu.hardware_cost"] / (launched / pack - lead["insitu.consumables_mass"]))
    return {"power": _leading(out["insitu.operating_power"], n, shape),
            "mass": _leading(out["insitu.power_system_mass"], n, shape),
            "units": _leading(out["insitu.power_units"], n, shape), "per_kg": per_kg, "pack": pack,
            "system": lambda p: power_system_units(p, *args)["mass"]}


def _mix(scenarios, values, valid, n_groups, share_power=False):
    r"""Cheapest assignment of element groups to routes: (cost, launched mass, route index per group).

    With ``share_power`` the routes used together share one power system, sized for their
    summed operating power :math:`P = \sum_r P_r` and replaced as often as one
    (:math:`n_{pow}` units): the mix's power system mass and cost are those of :math:`P`, not the
    sum of each route's,

    .. math:: C_{mix} = \sum_r C_r(S_r) + c_{kg}\,\big(n_{pow}\,m_{pow}(P) - \sum_r m_{pow,r}\big),
              \qquad c_{kg} = (1 + k_{pack})\,c_L + k_{pack}\,c_{box} + c_{hw}

    (landed cost with packaging, the packaging bought, and hardware cost per kg, as the route pays them:
    :func:`_shared_power`).  The core's power system comes in whole generation and storage units
    (:func:`~basaltcalc.core.production.power_system_units`), so one system for the summed power
    needs at most the units of the separate ones: sharing saves the part-used units (one 40 kWe
    reactor instead of two).
    """
    subsets = [s for s in itertools.product((0.0, 1.0), repeat=n_groups) if any(s)]
    out, n, shape = _evaluate_stacked(scenarios, values, subsets)
    R, S = len(scenarios), len(subsets)
    cost = _leading(out["insitu.total_cost"], n, shape).reshape(R, S, *shape)
    mass = _leading(out["insitu.launched_mass"], n, shape).reshape(R, S, *shape)
    if share_power:
        shared = {k: (v.reshape(R, S, *shape) if k not in ("system", "pack") else v)
                  for k, v in _shared_power(scenarios[0], values[0], out, n, shape).items()}
    index = {s: k for k, s in enumerate(subsets)}
    best = np.full(shape, np.inf)
    best_mass = np.full(shape, np.nan)
    best_assign = np.full((n_groups, *shape), -1, dtype=np.int16)
    for assign in itertools.product(range(R), repeat=n_groups):
        total = np.zeros(shape)
        launched = np.zeros(shape)
        ok = np.ones(shape, dtype=bool)
        used = sorted(set(assign))
        for r in used:
            s = tuple(1.0 if a == r else 0.0 for a in assign)
            total = total + cost[r, index[s]]
            launched = launched + mass[r, index[s]]
            for g, a in enumerate(assign):
                if a == r:
                    ok &= valid[r, g]
        if share_power and len(used) > 1:
            parts = [(r, index[tuple(1.0 if a == r else 0.0 for a in assign)]) for r in used]
            power = sum(shared["power"][r, k] for r, k in parts)
            own = sum(shared["mass"][r, k] for r, k in parts)
            change = shared["units"][parts[0]] * shared["system"](power) - own  # [kg] of hardware
            total = total + shared["per_kg"][parts[0]] * change
            launched = launched + shared["pack"] * change  # with its packaging
        total = np.where(ok & np.isfinite(total), total, np.inf)
        better = total < best
        best = np.where(better, total, best)
        best_mass = np.where(better, launched, best_mass)
        best_assign[:, better] = np.asarray(assign, dtype=np.int16)[:, None]
    return np.where(np.isfinite(best), best, np.nan), best_mass, best_assign


def _pareto(costs, masses):
    """Per option (leading axis), True where no other option dominates it in (cost, mass)."""
    c, m = np.asarray(costs), np.asarray(masses)
    le = (c[:, None] <= c[None, :]) & (m[:, None] <= m[None, :])
    lt = (c[:, None] < c[None, :]) | (m[:, None] < m[None, :])
    dominated = np.any(le & lt, axis=0)  # [j, k]: j dominates k
    return ~dominated & np.isfinite(c) & np.isfinite(m)


def _pareto_flags(data, dims, options_c, options_m, labels, nroutes):
    """``pareto_earth``, ``pareto`` (route) and ``pareto_mix``: the front of the primary Earth
    design, the routes and the mix; with several Earth designs the same flags against each under
    its qualified name (``pareto[al-2219]``, :func:`~basaltcalc.metrics.comparator_metric`), each
    design's front drawn among that design, the routes and the mix."""
    from ..metrics import comparator_metric

    for label in [None, *labels]:
        qual = "earth" if label is None else f"earth[{label}]"
        front = _pareto(np.concatenate([data[f"{qual}.total_cost"][1][None], *options_c]),
                        np.concatenate([data[f"{qual}.launched_mass"][1][None], *options_m]))
        flags = {"pareto_earth": (dims[1:], front[0]), "pareto": (dims, front[1:1 + nroutes])}
        if len(options_c) > 1:
            flags["pareto_mix"] = (dims[1:], front[-1])
        data.update({(n if label is None else comparator_metric(n, label)): v for n, v in flags.items()})


def compare_routes(scenario, overrides=None, *, routes=None, mix: bool = True,
                   share_power: bool | None = None):
    """Every route (or ``routes``) for the scenario's elements, against its Earth designs.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its own route keeps its material, other routes make their product.
    overrides : mapping, optional
        As for :func:`~basaltcalc.evaluate`; arrays broadcast (dimensions ``dim_0``, ...).  An
        override of one route's or material's input applies to the routes that use it.
    routes : sequence of str, optional
        Routes to compare (default: every catalogue route, then the file's new ones).
    mix : bool
        Compute the cheapest mix of routes per element group.
    share_power : bool, optional
        Routes used together in the mix share one power system (:func:`_mix`); default: the
        file's ``compare: {share_power: ...}``, else False (each route brings its own).

    Returns
    -------
    xarray.Dataset
        Dimension ``route`` (and the overrides' dimensions): :data:`ROUTE_METRICS` per route in
        SI with ``units``; ``elements[i].insitu.{thickness,mass,valid,governing}`` per route and
        group; :data:`EARTH_METRICS` (the primary Earth design's, and with several each design's
        under its qualified name, ``earth[al-2219].total_cost``; attribute ``earth_designs``); ``mix.insitu.total_cost``, ``mix.insitu.launched_mass`` and
        ``mix.route`` (the route of each group, dimension ``group``); ``pareto`` (route),
        ``pareto_earth`` and ``pareto_mix`` flags of the cost / launched-mass front against the
        primary Earth design, and with several designs the same against each, ``pareto[al-2219]``,
        ``pareto_earth[al-2219]``, ``pareto_mix[al-2219]`` (:func:`_pareto_flags`).
    """
    import xarray as xr

    from ..core.elements import SHEET_RULES, TUBE_RULES
    from ..errors import Problem, ScenarioError
    from ..metrics import METRICS, comparator_labels, comparator_metric, metric_info
    from ..arguments import flag
    from ..arguments import names as name_list
    from ..scenario import _suggest, check_scenario

    check_scenario(scenario, "compare_routes")
    flag(mix, "compare_routes", "mix", none=False)
    flag(share_power, "compare_routes", "share_power")
    names = name_list(routes, "compare_routes", "routes") if routes is not None else list(scenario.route_materials)
    unknown = [r for r in names if r not in scenario.route_materials]
    if unknown:
        raise ScenarioError([Problem(f"unknown route '{r}'{_suggest(r, scenario.route_materials)}",
                                     "routes", origin="compare") for r in unknown])
    scenarios = [route_scenario(scenario, r) for r in names]
    values = _route_values(scenarios, overrides)
    out, n, shape = _evaluate_stacked(scenarios, values)
    dims = ("route", *(f"dim_{k}" for k in range(len(shape))))
    data = {}
    for name in ROUTE_METRICS:
        data[name] = (dims, _leading(out[name], n, shape), {"units": METRICS[name][0] or "1",
                                                              "description": METRICS[name][1]})
    labels = comparator_labels(scenario)  # every Earth design (none qualified with only one)
    for name in [*EARTH_METRICS, *(comparator_metric(m, c) for c in labels for m in EARTH_METRICS)]:
        unit, description = metric_info(name)
        data[name] = (dims[1:], _leading(out[name], n, shape)[0], {"units": unit or "1",
                                                                    "description": description})
    valid = np.stack([_leading(out[f"elements[{i}].insitu.valid"], n, shape).astype(bool)
                      for i in range(len(scenario.elements))], axis=1)
    for i, e in enumerate(scenario.elements):
        rules = np.array(SHEET_RULES if e["kind"] == "sheet" else TUBE_RULES, dtype=str)
        gov = _leading(out[f"elements[{i}].insitu.governing"], n, shape).astype(np.intp)
        for key, unit in (("thickness", "m"), ("mass", "kg")):
            data[f"elements[{i}].insitu.{key}"] = (dims, _leading(out[f"elements[{i}].insitu.{key}"], n, shape),
                                                  {"units": unit})
        data[f"elements[{i}].insitu.valid"] = (dims, valid[:, i])
        data[f"elements[{i}].insitu.governing"] = (dims, rules[gov])
    options_c = [data["insitu.total_cost"][1]]
    options_m = [data["insitu.launched_mass"][1]]
    if mix and len(scenario.elements) <= MAX_MIX_GROUPS:
        if share_power is None:
            share_power = bool(scenario.blocks.get("compare", {}).get("share_power", False))
        mc, mm, assign = _mix(scenarios, values, valid, len(scenario.elements), share_power)
        data["mix.insitu.total_cost"] = (dims[1:], mc, {"units": "USD", "description":
                                         "in-situ cost of the cheapest assignment of element groups to routes"})
        data["mix.insitu.launched_mass"] = (dims[1:], mm, {"units": "kg"})
        data["mix.route"] = (("group", *dims[1:]), np.where(assign >= 0, np.array(names, dtype=str)[assign], ""))
        options_c.append(mc[None])
        options_m.append(mm[None])
    _pareto_flags(data, dims, options_c, options_m, labels, len(names))
    coords = {"route": names, "group": [e["name"] for e in scenario.elements]}
    return xr.Dataset(data, coords=coords, attrs={"scenario_name": scenario.name,
                                                  "materials": [sc.insitu_material for sc in scenarios],
                                                  "share_power": int(bool(share_power)),
                                                  "earth_designs": [c["label"] for c in scenario.comparators]
                                                  or [scenario.earth_material]})
