r"""The best Earth design: per element group the cheapest material that meets every rule.

The Earth option's design is a choice too: each element group may be launched in any material
of the catalogue (or of the file) that the sizing can make meet every rule (``valid``: a wall
thinner than its radius, a sheet thinner than it is wide) and that one lander carries whole
(``fits``).  The candidates are evaluated side by side on the comparator axis
(:func:`basaltcalc.model.boundary._comparator_axis`: one scenario whose Earth comparators are
every candidate material), each group alone (the other groups' counts set to zero, as the routes'
subsets, :mod:`basaltcalc.studies.stacking`) and all groups together, for each lander the plan
may choose:

.. math:: C_e^* = \min_L \sum_g \min_{m\ \mathrm{valid}} C_e(g, m, L)

A design whose groups all take one material is costed as that material's Earth option (all
groups on the same flights, exactly as ``basaltcalc run`` costs it); a design that mixes materials
is costed as the sum of its groups each flown alone: exact for the total cost billed per kg
without flight learning (every term is per kg of a group), at most a few whole flights dearer
billed per flight (each group packed apart), and its present value the sum of the groups'
delivered each from the first launch.  The design is chosen on total cost.
"""
from __future__ import annotations

import numpy as np

__all__ = ["best_earth_design", "EARTH_DESIGN_METRICS"]

#: The Earth option's metrics kept for the best design.
EARTH_DESIGN_METRICS = ("earth.total_cost", "earth.npv", "earth.launched_mass", "earth.transport_cost")


def design_scenario(scenario, materials):
    """The scenario with ``materials`` as its Earth comparators (the first the primary)."""
    from ..scenario import scenario_from_dict

    data = scenario.to_dict()
    data["earth"] = {"material": materials[0], "comparators": list(materials[1:])}
    return scenario_from_dict(data, scenario.file)


def best_earth_design(scenarios, overrides, materials, sweep=None):
    """The cheapest Earth design, per point of a sweep, among ``materials`` and the landers of
    ``scenarios``.

    Parameters
    ----------
    scenarios : list of Scenario
        One per lander the plan may fly (the same elements).
    overrides : mapping
        As for :func:`~basaltcalc.evaluate` (scalars), applied where an input of a design.
    materials : list of str
        The candidate materials.
    sweep : dict of str to ndarray, optional
        SI values of swept inputs at each of S points (applied where an input of the scenario).

    Returns
    -------
    dict
        ``material`` (G, S) index into ``materials`` of each group's (-1: none meets every rule),
        ``lander`` (S,) index into ``scenarios``, ``mixed`` (S,) True where the groups take
        different materials, each of :data:`EARTH_DESIGN_METRICS` (S,) [SI], ``landed_cost`` (S,)
        [USD/kg], and ``whole`` (L, M, S): each material's total cost for all groups on each
        lander [USD] (NaN where it cannot make one).
    """
    from ..metrics import comparator_metric
    from .stacking import evaluate_rows, leading, plan_values

    G, M = len(scenarios[0].elements), len(materials)
    S = len(next(iter(sweep.values()))) if sweep else 1
    masks = [None] + ([tuple(float(g == k) for g in range(G)) for k in range(G)] if G > 1 else [])
    rows = []
    designs = [design_scenario(sc, materials) for sc in scenarios]
    for design, v in zip(designs, plan_values(designs, overrides)):
        dv = dict(v)
        dv.update({p: a for p, a in (sweep or {}).items() if p in design.inputs})
        rows += [(design, dv, mask) for mask in masks]
    qual = (lambda name, m: comparator_metric(name, m)) if M > 1 else (lambda name, m: name)  # noqa: E731
    names = [qual(n, m) for m in materials for n in (*EARTH_DESIGN_METRICS, *(
        f"elements[{g}].earth.{f}" for g in range(G) for f in ("valid", "fits")))]
    out, n, shape = evaluate_rows(rows, [*names, "transport.landed_cost"])
    get = {name: leading(out[name], n, shape).reshape(len(scenarios), len(masks), -1)[..., :S]
           for name in [*names, "transport.landed_cost"]}
    ok = np.stack([np.stack([get[qual(f"elements[{g}].earth.valid", m)][:, 0].astype(bool)
                             & get[qual(f"elements[{g}].earth.fits", m)][:, 0].astype(bool)
                             for g in range(G)]) for m in materials], axis=1)  # (G, M, L, S)
    cost = np.stack([get[qual("earth.total_cost", m)] for m in materials])  # (M, L, masks, S)
    whole = np.where(ok.all(axis=0), cost[:, :, 0], np.nan).transpose(1, 0, 2)  # (L, M, S)
    single = cost[:, :, 1:] if G > 1 else cost[:, :, :1]  # (M, L, G, S)
    single = np.where(ok.transpose(1, 2, 0, 3), single, np.inf)
    choice = np.argmin(single, axis=0)  # (L, G, S)
    found = np.isfinite(np.min(single, axis=0))
    per_lander = np.where(found.all(axis=1), np.take_along_axis(single, choice[None], 0)[0].sum(axis=1), np.inf)
    uniform = (choice == choice[:, :1]).all(axis=1)  # (L, S)
    exact = np.take_along_axis(whole.transpose(1, 0, 2), choice[None, :, 0], 0)[0]  # (L, S)
    per_lander = np.where(uniform & np.isfinite(per_lander), exact, per_lander)
    lander = np.argmin(per_lander, axis=0)  # (S,)
    pick = choice[lander, :, np.arange(S)].T  # (G, S)
    none = ~found[lander, :, np.arange(S)].T
    result = {"material": np.where(none, -1, pick), "lander": lander,
              "mixed": ~uniform[lander, np.arange(S)], "whole": whole,
              "landed_cost": get["transport.landed_cost"][lander, 0, np.arange(S)]}
    for name in EARTH_DESIGN_METRICS:
        per = np.stack([get[qual(name, m)] for m in materials])  # (M, L, masks, S)
        at = per[:, lander, :, np.arange(S)]  # (S, M, masks)
        whole_value = at[np.arange(S), pick[0], 0]
        parts = (at[np.arange(S)[:, None], pick.T, 1 + np.arange(G)[None]].sum(axis=1) if G > 1 else whole_value)
        value = np.where(result["mixed"], parts, whole_value)
        result[name] = np.where(np.isfinite(per_lander[lander, np.arange(S)]), value, np.nan)
    return result
