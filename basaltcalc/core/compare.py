r"""Both options side by side, and the metrics of DESIGN 5 (numpy core, SI floats).

:func:`evaluate_core` takes a flat mapping of SI magnitudes (scalars or arrays that broadcast)
and the element groups, and returns every metric as an array in the broadcast shape.

Cost of each option (DESIGN 1, 2.3):

.. math::

    C_{earth} &= M_e\,c_{fab} + M_e\,(1 + k_{pack})\,c_L \\
    C_{insitu} &= m_{launch}\,c_L + m_{hw}\,c_{hw} + m_{cons}\,c_{cons} + k_{dev}\,C_{DDT\&E}
                  + C_{ops}\,T

Breakeven scale :math:`s^*` (factor on every element count): with the campaign length fixed,
Earth cost is :math:`s\,C_e`; in-situ cost is :math:`F + V s + P s^{\alpha}` where ``F`` holds
DDT&E and operations, ``V`` what scales with product (power system, consumables) and ``P`` the
plant and its spares (plant mass goes as throughput**α).  For α = 1,

.. math:: s^* = \frac{F}{C_e - V - P}

(``inf`` where the denominator is not positive); otherwise the smallest positive root of
:math:`(C_e - V)s - P s^\alpha - F` found by a vectorised bracketing solver.

Breakeven landed cost: both costs are affine in the landed cost :math:`c_L`,
:math:`C = A + m\,c_L`, so :math:`c_L^* = (A_i - A_e)/(m_e - m_i)`.
"""
from __future__ import annotations

import numpy as np

from . import elements as el
from . import production as pr
from . import transport as tr

__all__ = ["evaluate_core", "breakeven_scale", "breakeven_landed_cost", "payback_time", "MATERIAL_KEYS"]

#: Material properties each option needs, as ``<option>.<key>`` in the core mapping.
MATERIAL_KEYS = (
    "density", "tensile_strength", "compressive_strength", "flexural_strength", "youngs_modulus",
    "safety_factor", "min_thickness", "fabrication_cost", "specific_heat", "latent_heat",
)


def breakeven_scale(fixed, variable, plant, earth, scale_exponent):
    r"""Factor on all element counts at which both options cost the same.

    Parameters
    ----------
    fixed : array_like
        In-situ cost that does not scale with the counts (DDT&E share, operations). [USD]
    variable : array_like
        In-situ cost proportional to the counts at scale 1 (power system, consumables). [USD]
    plant : array_like
        In-situ cost of plant and spares at scale 1, which goes as scale**α. [USD]
    earth : array_like
        Earth option cost at scale 1 (proportional to the counts). [USD]
    scale_exponent : array_like
        α, the plant mass scale exponent. [-]

    Returns
    -------
    ndarray
        Breakeven scale; ``inf`` where in-situ never becomes cheaper, 0 where it always is. [-]

    Notes
    -----
    .. math:: s\,C_e = F + V s + P s^\alpha

    Examples
    --------
    >>> # F 1e9, V 1e8, P 2e8 at scale 1, Earth 8e8: s* = 1e9/(8e8 - 3e8) = 2
    >>> float(breakeven_scale(1e9, 1e8, 2e8, 8e8, 1.0))
    2.0
    >>> float(breakeven_scale(1e9, 1e8, 2e8, 2e8, 1.0))  # marginal in-situ >= Earth: never
    inf
    >>> # no fixed cost, alpha 0.5: 8e8*s = 2e8*s**0.5 at s* = (2e8/8e8)**2 = 0.0625
    >>> float(breakeven_scale(0.0, 0.0, 2e8, 8e8, 0.5))
    0.0625
    """
    fixed, variable, plant, earth, alpha = (np.asarray(a, dtype=np.float64) for a in
                                            (fixed, variable, plant, earth, scale_exponent))
    margin = earth - variable
    denominator = margin - plant
    with np.errstate(divide="ignore", invalid="ignore"):
        # fixed >= 0 (development and operations), so the ratio is >= 0 where it is taken
        result = np.where(denominator > 0, fixed / denominator, np.inf)
    if np.any(alpha != 1.0):
        shape = np.broadcast_shapes(*(a.shape for a in (fixed, plant, margin, alpha)))
        fixed, plant, margin, alpha = (np.broadcast_to(a, shape) for a in (fixed, plant, margin, alpha))
        result = np.array(np.broadcast_to(result, shape))
        # no plant cost: the cost is affine whatever alpha, and the closed form holds
        nonlinear = (alpha != 1.0) & (margin > 0) & (plant > 0) & (fixed > 0) & np.isfinite(fixed)
        if np.any(nonlinear):
            result[nonlinear] = _breakeven_scale_root(fixed[nonlinear], plant[nonlinear],
                                                      margin[nonlinear], alpha[nonlinear])
        # no fixed cost: m*s = P*s**alpha has the closed-form root s* = (P/m)**(1/(1-alpha))
        free = (alpha != 1.0) & (margin > 0) & (plant > 0) & (fixed == 0)
        if np.any(free):
            result[free] = (plant[free] / margin[free]) ** (1.0 / (1.0 - alpha[free]))
    return result[()] if result.ndim == 0 else result


def _breakeven_scale_root(fixed, plant, margin, alpha, iterations=100, rtol=1e-15):
    """Smallest positive root of g(s) = margin*s - plant*s**alpha - fixed, else inf.

    Works in x = ln s on h(x) = g(s)/s = margin - plant*exp((alpha-1)*x) - fixed*exp(-x), which
    has the same roots and neither overflows nor needs s itself to be representable while
    bracketing.  Below x_low = ln(fixed/margin) - 1, h < 0.  For alpha < 1, h rises
    monotonically to margin > 0: one root, below x_rise, where both subtracted terms are under
    margin/2.  For alpha > 1, h rises to one maximum at x_h = ln(fixed/((alpha-1)*plant))/alpha
    and falls again: a root exists only if h(x_h) >= 0, and the smallest lies below x_h.

    On the bracket h is increasing, so a safeguarded Newton iteration (a Newton step where it
    stays inside the shrinking bracket, bisection otherwise) converges on every point; the points
    iterate together in numpy, each dropping out when its step or bracket is below ``rtol``.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        am1 = alpha - 1.0
        concave = alpha > 1.0
        x_peak = np.log(fixed / (am1 * plant)) / alpha
        x_rise = np.maximum(np.log(2.0 * plant / margin) / -am1, np.log(2.0 * fixed / margin)) + 1.0
        high = np.where(concave, x_peak, x_rise)
        low = np.minimum(np.log(fixed / margin) - 1.0, high - 1.0)

        def h(x):
            return margin - plant * np.exp(am1 * x) - fixed * np.exp(-x)

        has_root = np.where(concave, h(high) >= 0, True)
        x = 0.5 * (low + high)
        # iterate on the points not yet converged only (each point stops on its own, so a
        # point's result does not depend on the batch it came in)
        active = np.flatnonzero(np.isfinite(x))
        xa, lo, hi, P, F, M, A = (v[active] for v in (x, low, high, plant, fixed, margin, am1))
        for _ in range(iterations):
            a = P * np.exp(A * xa)
            b = F * np.exp(-xa)
            hx = M - a - b
            below = hx < 0
            lo = np.where(below, xa, lo)
            hi = np.where(below, hi, xa)
            newton = xa - hx / (b - A * a)  # h'(x) = -(alpha-1)*a + b > 0 on the bracket
            step = np.where((newton > lo) & (newton < hi), newton, 0.5 * (lo + hi))
            tol = rtol * np.maximum(np.abs(xa), 1.0)
            converged = (hx == 0) | (np.abs(step - xa) <= tol) | (hi - lo <= tol)
            xa = np.where(converged, xa, step)
            if converged.any():
                x[active[converged]] = xa[converged]
                keep = ~converged
                active, xa, lo, hi, P, F, M, A = (v[keep] for v in (active, xa, lo, hi, P, F, M, A))
                if active.size == 0:
                    break
        x[active] = xa  # any point still iterating after the last step (none seen in tests)
        root = np.exp(x)
    return np.where(has_root & np.isfinite(root), root, np.inf)


def breakeven_landed_cost(earth_other, earth_launched, insitu_other, insitu_launched):
    r"""Landed cost per kg at which both options cost the same.

    Parameters
    ----------
    earth_other, insitu_other : array_like
        Cost of each option not proportional to the landed cost. [USD]
    earth_launched, insitu_launched : array_like
        Mass each option lands. [kg]

    Returns
    -------
    ndarray
        Breakeven landed cost; 0 where in-situ is cheaper at any landed cost, ``inf`` where no
        non-negative landed cost makes the two equal. [USD/kg]

    Notes
    -----
    .. math:: c_L^* = \frac{A_i - A_e}{m_e - m_i}

    Examples
    --------
    >>> # in-situ: 2e9 fixed, 1e4 kg landed; Earth: 1e8 fabrication, 1e5 kg landed: 1.9e9/9e4
    >>> round(float(breakeven_landed_cost(1e8, 1e5, 2e9, 1e4)), 1)
    21111.1
    """
    denominator = np.subtract(earth_launched, insitu_launched)
    numerator = np.subtract(insitu_other, earth_other)
    with np.errstate(divide="ignore", invalid="ignore"):
        root = numerator / denominator
        result = np.where(root >= 0, root, np.inf)
    # in-situ cheaper at every landed cost: it costs less without transport and lands less
    return np.where((numerator <= 0) & (denominator >= 0), 0.0, result)


def payback_time(upfront, savings, campaign_time):
    r"""Time from the start of production at which the in-situ option has cost no more than
    launching the elements made so far.

    Parameters
    ----------
    upfront : array_like
        In-situ cost paid before the first element is made (development, first plant and
        power system landed). [USD]
    savings : array_like
        Earth total cost minus in-situ total cost over the campaign. [USD]
    campaign_time : array_like
        Length of the campaign. [s]

    Returns
    -------
    ndarray
        Payback time; ``inf`` where the in-situ running cost is not below the Earth rate. It is
        within the campaign exactly where the in-situ option is cheaper overall. [s]

    Notes
    -----
    What exceeds ``upfront`` of the in-situ cost accrues evenly over the campaign, as does the
    Earth cost of the elements made so far; the cumulative costs meet at

    .. math:: t^* = \frac{U}{(C_e - (C_i - U))/T} = \frac{U\,T}{S + U}

    Examples
    --------
    >>> # 1 BUSD up front, 1.5 BUSD in all, Earth 3 BUSD over 2 years: 1e9*2/(1.5e9 + 1e9) = 0.8
    >>> float(payback_time(1e9, 1.5e9, 2.0))
    0.8
    """
    net = np.add(savings, upfront)  # (Earth rate - in-situ running rate) * T
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(net > 0, np.multiply(upfront, campaign_time) / net, np.inf)


def _size(group, props):
    """Size one element group in one material: thickness, mass, governing rule, cut area."""
    if group["kind"] == "sheet":
        return el.size_sheet(group["length"], group["width"], group["thickness"], group["pressure"],
                             group["bending"], group["areal_density"], density=props["density"],
                             flexural_strength=props["flexural_strength"],
                             safety_factor=props["safety_factor"],
                             min_thickness=props["min_thickness"])
    return el.size_tube(group["outer_diameter"], group["length"], group["thickness"],
                        group["internal_pressure"], group["axial_load"],
                        group["effective_length_factor"], group["areal_density"],
                        density=props["density"], tensile_strength=props["tensile_strength"],
                        compressive_strength=props["compressive_strength"],
                        youngs_modulus=props["youngs_modulus"],
                        safety_factor=props["safety_factor"], min_thickness=props["min_thickness"])


def _option_props(p, option, extra_min=None):
    props = {k: p[f"{option}.{k}"] for k in MATERIAL_KEYS}
    if extra_min is not None:
        props["min_thickness"] = np.maximum(props["min_thickness"], extra_min)
    return props


def evaluate_core(p, groups):
    r"""Evaluate both options for all points of a broadcast.

    Parameters
    ----------
    p : mapping of str to array_like
        SI magnitudes by core key (``insitu.density``, ``route.yield``, ``transport.isp``, ...);
        see :mod:`basaltcalc.model` for the full list; each in the SI unit of its key. [SI]
    groups : sequence of mapping
        One mapping per element group: ``kind`` ('sheet' or 'tube'), ``count`` [-], ``length`` [m],
        ``width`` [m], ``outer_diameter`` [m], ``thickness`` [m] (NaN to size), ``pressure`` [Pa],
        ``bending`` [-], ``internal_pressure`` [Pa], ``axial_load`` [N],
        ``effective_length_factor`` [-], ``areal_density`` [kg/m^2].

    Returns
    -------
    dict of str to ndarray
        Every metric (SI units: USD, kg, J, W, s, USD/kg) and per-group figures under
        ``elements[i].<name>``; units as in :data:`basaltcalc.model.METRICS`. [SI]
    """
    out = {}
    earth_props = _option_props(p, "earth")
    insitu_props = _option_props(p, "insitu", p["route.min_thickness"])

    earth_mass = 0.0
    insitu_mass = 0.0
    cut_area = 0.0
    total_count = 0.0
    for i, group in enumerate(groups):
        count = group["count"]
        e = _size(group, earth_props)
        s = _size(group, insitu_props)
        out[f"elements[{i}].earth.thickness"] = e["thickness"]
        out[f"elements[{i}].insitu.thickness"] = s["thickness"]
        out[f"elements[{i}].earth.mass"] = e["mass"]
        out[f"elements[{i}].insitu.mass"] = s["mass"]
        out[f"elements[{i}].earth.governing"] = e["governing"]
        out[f"elements[{i}].insitu.governing"] = s["governing"]
        out[f"elements[{i}].earth.valid"] = e["valid"]
        out[f"elements[{i}].insitu.valid"] = s["valid"]
        out[f"elements[{i}].earth.thin"] = e["thin"]
        out[f"elements[{i}].insitu.thin"] = s["thin"]
        earth_mass = earth_mass + np.multiply(count, e["mass"])
        insitu_mass = insitu_mass + np.multiply(count, s["mass"])
        cut_area = cut_area + np.multiply(count, s["cut_area"])
        total_count = total_count + np.asarray(count, dtype=np.float64)

    # --- transport ---------------------------------------------------------------------------
    gear = tr.gear_ratio(p["transport.delta_v"], p["transport.isp"], p["transport.inert_fraction"])
    landed = tr.landed_cost(p["transport.landed_cost"], p["transport.leo_cost"], gear)

    # --- Earth option --------------------------------------------------------------------------
    earth_launched = earth_mass * (1.0 + np.asarray(p["economics.packaging_fraction"]))
    earth_fab = earth_mass * p["earth.fabrication_cost"]
    earth_transport = earth_launched * landed
    earth_total = earth_fab + earth_transport

    # --- in-situ production chain ------------------------------------------------------------
    campaign = p["insitu.campaign"]
    route_yield = p["route.yield"]
    feed_mass = insitu_mass / (route_yield * np.asarray(p["route.beneficiation_yield"]))
    processed = insitu_mass / route_yield
    heat = pr.process_heat(p["insitu.specific_heat"], p["route.process_temperature"],
                           p["site.ambient_temperature"], p["insitu.latent_heat"],
                           p["route.melt_fraction"])
    e_spec = pr.specific_energy(heat, p["route.furnace_efficiency"], route_yield,
                                p["route.beneficiation_yield"], p["route.excavation_energy"],
                                p["route.forming_energy"])
    energy = insitu_mass * e_spec + pr.cutting_energy(cut_area, p["route.cutting_energy"])
    duty = pr.duty_cycle(p["site.illumination_fraction"], p["power.sunlight_dependent"],
                         p["power.night_power_fraction"], p["economics.availability"])
    op_time = np.multiply(campaign, duty)
    power = energy / op_time
    throughput = processed / op_time
    plant = pr.plant_mass(throughput, p["route.plant_specific_mass"], p["route.plant_reference_rate"],
                          p["route.plant_scale_exponent"])
    power_mass = pr.power_system_mass(power, p["power.specific_mass"], p["site.illumination_fraction"],
                                      p["power.sunlight_dependent"], p["power.night_power_fraction"],
                                      p["site.longest_night"], p["power.storage_specific_energy"],
                                      p["power.round_trip_efficiency"])
    n_plant = pr.units_needed(campaign, p["economics.plant_life"])
    n_power = pr.units_needed(campaign, p["power.life"])
    spares = pr.spares_mass(plant, p["economics.spares_fraction"], campaign)
    consumables = insitu_mass * p["route.consumables"] + cut_area * np.asarray(p["route.cutting_consumables"])

    plant_launched = n_plant * plant + spares
    power_launched = n_power * power_mass
    insitu_launched = plant_launched + power_launched + consumables
    hw_cost = p["economics.hardware_cost"]
    insitu_transport = insitu_launched * landed
    insitu_hardware = (plant_launched + power_launched) * hw_cost
    insitu_consumables_cost = consumables * np.asarray(p["economics.consumables_cost"])
    insitu_ddte = np.multiply(p["economics.ddte"], p["economics.ddte_share"])
    insitu_ops = np.multiply(p["economics.operations_per_year"], campaign)
    fixed = insitu_ddte + insitu_ops
    # sums of the terms that do not depend on the landed cost first: a landed-cost sweep then
    # costs one array operation per total, not one per term
    insitu_other = insitu_hardware + insitu_consumables_cost + fixed
    insitu_total = insitu_other + insitu_transport
    savings = earth_total - insitu_total

    # --- breakevens ----------------------------------------------------------------------------
    # variable = power*(landed + hw) + consumables*(landed + consumables cost), grouped the same way
    variable = (power_launched + consumables) * landed + (
        power_launched * hw_cost + consumables * np.asarray(p["economics.consumables_cost"]))
    plant_cost = plant_launched * landed + plant_launched * hw_cost
    be_scale = breakeven_scale(fixed, variable, plant_cost, earth_total, p["route.plant_scale_exponent"])
    be_landed = breakeven_landed_cost(earth_fab, earth_launched, insitu_other, insitu_launched)

    # payback: development and the first plant and power system are paid up front; the rest
    # (operations, spares, replacements, consumables) accrues evenly over the campaign, as do the
    # Earth-made elements it replaces
    first_units = plant + power_mass
    upfront = first_units * landed + (insitu_ddte + first_units * hw_cost)
    payback = payback_time(upfront, savings, campaign)

    with np.errstate(divide="ignore", invalid="ignore"):
        out.update({
            "earth.total_cost": earth_total,
            "insitu.total_cost": insitu_total,
            "earth.launched_mass": earth_launched,
            "insitu.launched_mass": insitu_launched,
            "earth.product_mass": earth_mass,
            "insitu.product_mass": insitu_mass,
            "earth.cost_per_element": earth_total / total_count,
            "insitu.cost_per_element": insitu_total / total_count,
            "earth.cost_per_kg": earth_total / earth_mass,
            "insitu.cost_per_kg": insitu_total / insitu_mass,
            "cost_ratio": insitu_total / earth_total,
            "savings": savings,
            "launched_mass_saved": earth_launched - insitu_launched,
            "mass_leverage": insitu_mass / insitu_launched,
            "breakeven_scale": be_scale,
            "breakeven_landed_cost": be_landed,
            "payback_time": payback,
            "transport.landed_cost": landed,
            "transport.gear_ratio": gear,
            "earth.fabrication_cost": earth_fab,
            "earth.transport_cost": earth_transport,
            "earth.campaign_time": tr.delivery_time(earth_launched, p["transport.payload_per_flight"],
                                                    p["transport.flights_per_year"]),
            "insitu.transport_cost": insitu_transport,
            "insitu.hardware_cost": insitu_hardware,
            "insitu.consumables_cost": insitu_consumables_cost,
            "insitu.ddte_cost": insitu_ddte,
            "insitu.operations_cost": insitu_ops,
            "insitu.plant_mass": n_plant * plant,
            "insitu.spares_mass": spares,
            "insitu.power_system_mass": power_launched,
            "insitu.consumables_mass": consumables,
            "insitu.feedstock_mass": feed_mass,
            "insitu.cut_area": cut_area,
            "insitu.energy": energy,
            "insitu.specific_energy": e_spec,
            "insitu.operating_power": power,
            "insitu.average_power": energy / np.asarray(campaign),
            "insitu.campaign_time": np.asarray(campaign, dtype=np.float64),
            "insitu.duty_cycle": duty,
            "insitu.throughput": throughput,
            "insitu.plant_units": n_plant,
            "insitu.power_units": n_power,
        })
    return out
