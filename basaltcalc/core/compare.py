r"""Both options side by side, and the metrics of DESIGN 5 (numpy core, SI floats), as a graph.

The model is a graph of named nodes (:func:`graph`; :mod:`~basaltcalc.core.graph`): each is a
function whose parameter names are what it needs, other nodes or the inputs ``p`` (SI magnitudes
by core key, scalars or arrays that broadcast) and ``groups`` (the element groups).  The stages,
in pipeline order (:data:`STAGES`):

1. :func:`insitu_element`, :func:`earth_element`: thickness and mass of one element group in
   each option's material (:mod:`~basaltcalc.core.elements`; the Earth one's properties
   :func:`earth_material`), a node per group (``insitu_element[i]``, ``earth_element[i]``:
   :data:`GROUP_STAGES`), so that a sweep of one group sizes the others once;
   :func:`insitu_sizing`, :func:`earth_sizing`: their sums over the groups; :func:`element_count`;
2. :func:`transport_stage` (``transport``): gear ratio and landed cost
   (:mod:`~basaltcalc.core.transport`);
3. :func:`chain`: feedstock, energy, power, plant, spares and consumables of the in-situ option
   (:func:`production_chain`, :mod:`~basaltcalc.core.production`), and :func:`hardware`: the cost
   model's hardware and development costs;
4. :func:`landers`: the lander each option flies and whether each piece fits it;
   :func:`delivery`: whole pieces on whole flights, and the delivery times;
5. :func:`costs`: the cost terms of both options (:mod:`~basaltcalc.core.economics`, whose
   module docstring states the equations); :func:`breakeven`, :func:`landed_breakeven` and
   :func:`payback`, each its own node, so a breakeven is solved only when asked;
6. :func:`dates`, :func:`npvs`, :func:`cash_blocks`: the dated cash flows of both options and
   their NPVs (:mod:`~basaltcalc.core.money`).

Every metric of :data:`basaltcalc.metrics.METRICS` is a one-line function of the stages it needs
(:data:`METRIC_FUNCTIONS`).  :func:`evaluate_core` computes any set of outputs in one call;
:mod:`basaltcalc.model.lazy` is the driver that computes only what is asked, each node at the
shape of what it reads, in blocks and on threads.

``breakeven_scale``, ``breakeven_landed_cost`` and ``payback_time`` live in
:mod:`~basaltcalc.core.economics` and are re-exported here.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from . import cers
from . import economics as ec
from . import elements as el
from . import learning as lr
from . import money as mn
from . import production as pr
from . import transport as tr
from .economics import breakeven_landed_cost, breakeven_scale, payback_time
from .graph import dependencies, needed, over_groups, per_group, run

__all__ = ["evaluate_core", "breakeven_scale", "breakeven_landed_cost", "payback_time", "MATERIAL_KEYS",
           "COST_MODELS", "MATERIAL_DEFAULTS"]

#: Cost models of the plant and power hardware and their development; ``p["economics.cost_model"]``
#: holds the index of one (0 where absent).
COST_MODELS = ("estimate", "amcm", "transcost")
#: How transport is paid; ``p["transport.billing"]`` holds the index of one (0 where absent):
#: per kg landed, or per whole flight (a flight's price = landed cost x payload).
BILLINGS = ("per-kg", "per-flight")

#: Material properties each option needs, as ``<option>.<key>`` in the core mapping.
MATERIAL_KEYS = (
    "density", "tensile_strength", "compressive_strength", "flexural_strength", "youngs_modulus",
    "safety_factor", "min_thickness", "fabrication_cost", "specific_heat", "latent_heat",
    "weibull_modulus", "weibull_test_volume", "tensile_test_volume", "poissons_ratio",
    "panel_construction", "core_density", "core_shear_strength", "core_modulus", "core_shear_modulus",
    "core_cell_size", "yield_strength", "yield_safety_factor",
)
#: What a material without the property stands for (ductile: no size effect; solid plates;
#: nu = 0, the conservative end of the shell-buckling factor).  SI.
MATERIAL_DEFAULTS = {"weibull_modulus": np.inf, "weibull_test_volume": np.nan,
                     "tensile_test_volume": np.nan, "poissons_ratio": 0.0,
                     "panel_construction": 0.0, "core_density": np.nan, "core_shear_strength": np.nan,
                     "core_modulus": np.nan, "core_shear_modulus": np.nan, "core_cell_size": np.nan,
                     "yield_strength": np.inf, "yield_safety_factor": 1.0}


def _yield_capped(strength, props):
    r"""An ultimate strength capped by the yield at its own factor, as an allowable at the ultimate
    factor: :math:`\min(\sigma_u, \sigma_y\,SF_u/SF_y)` (metals: NASA-STD-5001B yield 1.25, ultimate
    1.4; no yield given: the ultimate). [Pa]"""
    return np.fmin(strength, np.multiply(props["yield_strength"], props["safety_factor"])
                   / np.asarray(props["yield_safety_factor"], dtype=np.float64))


def _size(group, props):
    """Size one element group in one material: thickness, mass, governing rule, cut area."""
    if group["kind"] == "sheet":
        return el.size_sheet(group["length"], group["width"], group["thickness"], group["pressure"],
                             group["bending"], group["areal_density"], density=props["density"],
                             flexural_strength=_yield_capped(props["flexural_strength"], props),
                             safety_factor=props["safety_factor"],
                             min_thickness=props["min_thickness"],
                             weibull_modulus=props["weibull_modulus"],
                             weibull_test_volume=props["weibull_test_volume"],
                             tensile_strength=props["tensile_strength"],
                             tensile_test_volume=props["tensile_test_volume"],
                             panel_construction=props["panel_construction"],
                             core_density=props["core_density"],
                             core_shear_strength=props["core_shear_strength"],
                             youngs_modulus=props["youngs_modulus"], poissons_ratio=props["poissons_ratio"],
                             compressive_strength=props["compressive_strength"],
                             core_modulus=props["core_modulus"], core_shear_modulus=props["core_shear_modulus"],
                             core_cell_size=props["core_cell_size"],
                             deflection_limit=group.get("deflection_limit", 0.0))
    return el.size_tube(group["outer_diameter"], group["length"], group["thickness"],
                        group["internal_pressure"], group["axial_load"],
                        group["effective_length_factor"], group["areal_density"],
                        density=props["density"], tensile_strength=_yield_capped(props["tensile_strength"], props),
                        compressive_strength=props["compressive_strength"],
                        youngs_modulus=props["youngs_modulus"],
                        safety_factor=props["safety_factor"], min_thickness=props["min_thickness"],
                        weibull_modulus=props["weibull_modulus"],
                        weibull_test_volume=props["weibull_test_volume"],
                        flexural_strength=props["flexural_strength"],
                        tensile_test_volume=props["tensile_test_volume"],
                        poissons_ratio=props["poissons_ratio"])


#: The material properties sizing reads (not the costs and the heat of the melt): a sweep of
#: those leaves the sizing stages whole (:mod:`basaltcalc.model.lazy`).
SIZING_KEYS = tuple(k for k in MATERIAL_KEYS if k not in ("fabrication_cost", "specific_heat", "latent_heat"))


def _option_props(p, option, extra_min=None):
    """The properties of one option's material that sizing reads, by key. [SI]"""
    props = {k: p.get(f"{option}.{k}", MATERIAL_DEFAULTS.get(k)) for k in SIZING_KEYS}
    if extra_min is not None:
        props["min_thickness"] = np.maximum(props["min_thickness"], extra_min)
    return props


def _insitu_props(p):
    """The in-situ material's properties that sizing reads, at least the route's minimum
    thickness (:func:`_option_props`). [SI]"""
    return _option_props(p, "insitu", p["route.min_thickness"])


def insitu_element(p, group):
    """One element group sized in the in-situ material, at least the route's minimum thickness
    (:func:`_size`): a node per group (``insitu_element[i]``, :func:`graph`), so that a group
    whose inputs do not vary is sized once, at its own shape, whichever group a sweep varies."""
    return _size(group, _insitu_props(p))


def earth_material(p):
    r"""The Earth material's properties that sizing reads (:func:`_option_props`), ``props``, and
    ``same``, where each point is sized as the in-situ product (:func:`_same_sizing`; None where
    none is), ``checked`` where those properties hold more than :data:`.elements.SMALL_BROADCAST`
    points (a Monte Carlo's): checked once for every group, not by each.  An Earth design in the
    in-situ material (``earth.same_product`` 1, per comparator; 0 or absent for another
    material) is the same product: the larger of the material's and the route's minimum gauges
    applies to both options, so both make the same element (issue 25)."""
    props = _option_props(p, "earth")
    same = np.asarray(p.get("earth.same_product", 0.0))
    if np.any(same > 0.5):  # the same material: one product, the larger of the two gauges for both
        props["min_thickness"] = np.where(same > 0.5, np.maximum(props["min_thickness"], p["route.min_thickness"]),
                                          props["min_thickness"])
    shape = np.broadcast_shapes(same.shape, *(np.shape(v) for v in props.values()))
    checked = math.prod(shape) > el.SMALL_BROADCAST  # else few points: each large group checks its own
    return {"props": props, "same_product": same, "checked": checked,
            "same": _same_sizing(props, _insitu_props(p), same) if checked else None}


def earth_element(p, group, insitu, earth_material):
    r"""One element group sized in the Earth material (:func:`_size`, :func:`earth_material`),
    ``insitu`` being the same group sized in the in-situ one (:func:`insitu_element`); a node
    per group (``earth_element[i]``).  Where the Earth design is the same product with the same
    properties (:func:`earth_material`'s ``same``; its few points checked here where the group's
    broadcast is larger, :func:`_same_sizing`) it is taken from ``insitu``."""
    props, reuse = earth_material["props"], earth_material["same"]
    if not earth_material["checked"] and np.size(insitu["mass"]) > el.SMALL_BROADCAST:
        reuse = _same_sizing(props, _insitu_props(p), earth_material["same_product"],
                             [np.shape(v) for k, v in group.items() if k != "kind"])
    if reuse is None:
        return _size(group, props)
    # the others sized, the same products taken from the in-situ sizing
    return el.on_points(~reuse, functools.partial(_size_flat, group["kind"]), _flat_args(group, props), insitu)


def earth_sizing(p, groups, elements):
    r"""The sums over the element groups sized in the Earth material (``elements``, one
    :func:`earth_element` a group): ``mass`` (count x element mass) [kg] and ``fabricated`` [kg],
    the mass weighted by each group's learning curve,
    :math:`\sum_g m_g \sum_{n=1}^{N_g} n^{\log_2 p}` (:func:`.learning.cumulative_factor`;
    ``mass`` itself where the rate ``economics.fabrication_learning`` is 1 or absent), added in
    the groups' order.  ``sized`` holds the groups' sizings."""
    rate = p.get("economics.fabrication_learning", 1.0)
    learning = bool(np.any(np.asarray(rate) != 1.0))
    mass, fabricated = 0.0, 0.0
    for group, one in zip(groups, elements):
        mass = mass + np.multiply(group["count"], one["mass"])
        if learning:
            fabricated = fabricated + one["mass"] * lr.cumulative_factor(group["count"], rate)
    return {"sized": elements, "mass": mass, "fabricated": fabricated if learning else mass}


def _same_sizing(props, insitu_props, same, group_shapes=()):
    """Where an Earth design is sized as the in-situ one: the same product (``same`` > 0.5) with
    every property of ``props`` bit for bit that of ``insitu_props`` (the in-situ material's,
    :func:`_option_props`), as a boolean array; None where no point is, or where the in-situ
    properties vary along an axis the Earth ones do not (a sweep of ``insitu.*`` alone: the Earth
    design is cheaper sized at its own shape than taken at the in-situ one's), or where the
    broadcast with the groups' arrays (``group_shapes``) holds at most
    :data:`.elements.SMALL_BROADCAST` points (the checks would cost more than the sizing;
    :func:`earth_element` does not ask where the in-situ sizing holds so few, nor
    :func:`earth_material` where the properties do). [-]"""
    same = same > 0.5
    if not np.any(same):
        return None
    shape = np.broadcast_shapes(same.shape, *(np.shape(v) for v in props.values()), *group_shapes)
    if np.broadcast_shapes(shape, *(np.shape(v) for v in insitu_props.values())) != shape \
            or np.prod(shape) <= el.SMALL_BROADCAST:  # a few points: sizing them costs less than the checks
        return None
    for key, value in props.items():
        other = insitu_props[key]
        if value is not other:  # the bits (NaN the default equals itself; -0.0 is not 0.0: sized again)
            same = same & (np.asarray(value, dtype=np.float64).view(np.int64)
                           == np.asarray(other, dtype=np.float64).view(np.int64))
    return same if np.any(same) else None


def _flat_args(group, props):
    """A group's arrays and a material's properties as one mapping (:func:`.elements.on_points`)."""
    return {**{f"group.{k}": v for k, v in group.items() if k != "kind"}, **props}


def _size_flat(kind, **args):
    """:func:`_size` of the mapping of :func:`_flat_args` (a group of ``kind``)."""
    group = {"kind": kind}
    group.update((k[6:], args.pop(k)) for k in [k for k in args if k.startswith("group.")])
    return _size(group, args)


def insitu_sizing(groups, elements):
    """The sums over the element groups sized in the in-situ material (``elements``, one
    :func:`insitu_element` a group), added in the groups' order: ``mass`` [kg], ``cut_area``
    [m^2]; ``largest``, the heaviest in-situ element [kg].  ``sized`` holds the groups' sizings."""
    mass, cut_area, largest = 0.0, 0.0, 0.0
    for group, one in zip(groups, elements):
        mass = mass + np.multiply(group["count"], one["mass"])
        cut_area = cut_area + np.multiply(group["count"], one["cut_area"])
        largest = np.fmax(largest, one["mass"])
    return {"sized": elements, "mass": mass, "cut_area": cut_area, "largest": largest}


def element_count(groups):
    r"""Elements of every group together, :math:`\sum_g N_g`. [-]"""
    total = 0.0
    for group in groups:
        total = total + np.asarray(group["count"], dtype=np.float64)
    return total


def transport_stage(p):
    """Stage 2: gear ratio [-] and landed cost [USD/kg] (:mod:`~basaltcalc.core.transport`).

    >>> nan = float("nan")
    >>> # a landed cost given: used as is, gear ratio 1 for no delta-v
    >>> t = transport_stage({"transport.delta_v": 0.0, "transport.isp": 450.0,
    ...                      "transport.inert_fraction": 0.0, "transport.landed_cost": 1e6,
    ...                      "transport.leo_cost": nan})
    >>> float(t["landed"]), float(t["gear_ratio"])
    (1000000.0, 1.0)
    >>> # from LEO: 1500 USD/kg, 6.1 km/s at 450 s, eps 0.1: G = 5.96006, c_L = 1500 G
    >>> t = transport_stage({"transport.delta_v": 6100.0, "transport.isp": 450.0,
    ...                      "transport.inert_fraction": 0.1, "transport.landed_cost": nan,
    ...                      "transport.leo_cost": 1500.0})
    >>> round(float(t["landed"]), 2)
    8940.09
    """
    gear = tr.gear_ratio(p["transport.delta_v"], p["transport.isp"], p["transport.inert_fraction"])
    landed = tr.landed_cost(p["transport.landed_cost"], p["transport.leo_cost"], gear)
    per_flight = np.asarray(p.get("transport.price_per_flight", np.nan), dtype=np.float64)
    if not np.all(np.isnan(per_flight)):  # a price per flight: landed cost = price / payload
        landed = np.where(np.isnan(per_flight), landed, per_flight / p["transport.payload_per_flight"])
    return {"gear_ratio": gear, "landed": landed}


def chain(p, insitu_sizing):
    """The production chain of the in-situ elements (:func:`production_chain`)."""
    return production_chain(p, insitu_sizing["mass"], insitu_sizing["cut_area"], insitu_sizing["largest"])


def production_chain(p, insitu_mass, cut_area, largest_piece=0.0):
    """Stage 3: the in-situ production chain for ``insitu_mass`` [kg] and ``cut_area`` [m^2],
    whose largest piece weighs ``largest_piece`` [kg].

    Returns feedstock, processed mass, specific energy, energy, duty cycle, operating power,
    throughput, one plant (processing plant at its sizing throughput plus whole excavators for
    the mined throughput) and one power system (whole generation and storage units), their unit
    counts, spares and consumables, and the masses landed (``plant_launched``,
    ``power_launched``, ``launched``, the last with packaging); also what
    :func:`.economics.breakevens` needs to scale them; SI units.
    """
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
    plant_args = (p["route.plant_specific_mass"], p["route.plant_reference_rate"],
                  p["route.plant_scale_exponent"])
    furnace = np.asarray(p["route.furnace_specific_mass"])
    charge = np.divide(largest_piece, route_yield)
    sizing = pr.sizing_throughput(throughput, p["route.plant_min_throughput"], charge, furnace, *plant_args)
    # the plant does not get lighter than the minimum plant, nor than its furnace for the largest
    # charge (compared in mass: no 1/alpha power of the sizing throughput)
    floor = np.fmax(pr.plant_mass(p["route.plant_min_throughput"], *plant_args), np.multiply(furnace, charge))
    processing = np.fmax(pr.plant_mass(np.maximum(throughput, p["route.plant_min_throughput"]), *plant_args),
                         np.multiply(furnace, charge))
    mined_rate = feed_mass / op_time
    dig = pr.excavation_units(mined_rate, p["route.excavator_rate"], p["route.excavator_mass"])
    n_exc, excavators = dig["units"], dig["mass"]
    plant = processing + excavators
    units = pr.power_system_units(power, p["power.specific_mass"], p["power.unit_power"],
                                  p["site.illumination_fraction"], p["power.sunlight_dependent"],
                                  p["power.night_power_fraction"], p["site.longest_night"],
                                  p["power.storage_specific_energy"],
                                  p["power.storage_unit_energy"],
                                  p["power.round_trip_efficiency"])
    power_mass = units["mass"]
    n_plant = pr.units_needed(campaign, p["economics.plant_life"])
    n_power = pr.units_needed(campaign, p["power.life"])
    spares = pr.spares_mass(plant, p["economics.spares_fraction"], campaign)
    consumables = insitu_mass * p["route.consumables"] + cut_area * np.asarray(p["route.cutting_consumables"])
    plant_launched = n_plant * plant + spares
    power_launched = n_power * power_mass
    pack = 1.0 + np.asarray(p["economics.packaging_fraction"])
    melt = np.where(np.isnan(furnace), 0.0, charge)  # the melt the furnace must hold (0: no casting)
    return {"feed_mass": feed_mass, "specific_energy": e_spec, "energy": energy, "duty": duty,
            "power": power, "throughput": throughput, "sizing_throughput": sizing,
            "plant_floor": floor,
            "melt_mass": melt, "plant": plant, "processing_plant": processing,
            "excavator_units": n_exc, "excavation_mass": excavators,
            "power_mass": power_mass, "generation_units": units["generation_units"],
            "storage_units": units["storage_units"],
            # whole units for breakevens: mass of one, and units needed per unit of scale
            "generation_unit_mass": units["generation_unit_mass"],
            "generation_per_scale": units["generation"] / np.asarray(p["power.unit_power"]),
            "storage_unit_mass": units["storage_unit_mass"],
            "storage_per_scale": units["storage"] / np.asarray(p["power.storage_unit_energy"]),
            "excavator_unit_mass": np.asarray(p["route.excavator_mass"], dtype=np.float64),
            "excavator_per_scale": mined_rate / np.asarray(p["route.excavator_rate"]),
            "plant_life": n_plant + np.multiply(p["economics.spares_fraction"], campaign),
            "n_plant": n_plant, "n_power": n_power, "spares": spares, "consumables": consumables,
            "plant_launched": plant_launched, "power_launched": power_launched, "packaging": pack,
            "launched": pack * (plant_launched + power_launched + consumables),
            "packaging_mass": (pack - 1.0) * (plant_launched + power_launched + consumables),
            # to scale the plant in breakevens: the processing plant at the unfloored throughput
            "plant_unfloored": pr.plant_mass(throughput, *plant_args)}


def hardware_and_development(p, chain):
    r"""The plant and power hardware cost per kg landed [USD/kg] and the development cost [USD]
    of the cost model ``p["economics.cost_model"]`` (an index into :data:`COST_MODELS`), the
    share of development charged [-], and the hardware cost per kg of the first plant and power
    system [USD/kg] (0 under ``amcm``, whose development term holds them; else the first).

    - ``estimate``: ``economics.hardware_cost`` and ``economics.ddte`` as given;
    - ``amcm``: :func:`.cers.amcm_plant_and_power`; DDT&E with the first units is the
      development term (AMCM does not separate them, so ``economics.ddte_share`` does not apply),
      further units and spares the hardware;
    - ``transcost``: :func:`.cers.transcost_plant_and_power`, development and production.

    A CER's hardware total :math:`H` over the hardware landed :math:`m_{hw}` (plant, spares and
    power systems) is the cost per kg :math:`H/m_{hw}` the cost terms and breakevens use.  Points of
    several models (a stacked route comparison) are combined with ``np.where``.
    """
    code = np.asarray(p.get("economics.cost_model", 0.0), dtype=np.float64)
    hw, dev, share = p["economics.hardware_cost"], p["economics.ddte"], p["economics.ddte_share"]
    present = [k for k in range(len(COST_MODELS)) if (code == k).any()]  # (np.unique imports numpy.ma: 8 ms)
    if present == [0]:
        return hw, dev, share, hw
    mass = chain["plant_launched"] + chain["power_launched"]
    systems = (chain["plant"], chain["n_plant"], chain["spares"], chain["power_mass"], chain["n_power"])
    for k in present:
        if k == 1:
            e = {name: p[f"economics.amcm_{name}"] for name in ("specification", "ioc_year", "block",
                                                                "difficulty")}
            coeffs = {c: p[f"cers.amcm.{c}"] for c in ("alpha", "beta", "xi", "delta", "epsilon",
                                                        "phi", "gamma")}
            d_k, h_k = cers.amcm_plant_and_power(*systems, escalation=p["cers.amcm.escalation"],
                                                 **e, **coeffs)
            s_k = 1.0
        elif k == 2:
            t = [p[f"economics.transcost_{n}"] for n in ("development_a", "development_x",
                                                         "production_a", "production_x", "f1",
                                                         "f2", "f3", "learning")]
            d_k, h_k = cers.transcost_plant_and_power(*systems, *t, p["economics.work_year_cost"])
            s_k = share
        else:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            hw_k = np.where(mass > 0, h_k / mass, 0.0)
        hw, dev, share = (np.where(code == k, a, b) for a, b in ((hw_k, hw), (d_k, dev), (s_k, share)))
    # AMCM's development term C(1) already holds the first units: their hardware costs 0 more
    first_hw = np.where(code == 1, 0.0, hw)
    return hw, dev, share, first_hw


def transport_factors(p, earth_launched, chain, delivery):
    r"""Each option's factor on the landed cost per kg, ``(earth, insitu)`` (None, None where
    both are 1 everywhere). [-]

    Billed per flight (``transport.billing`` 1), an option pays its whole flights,
    :math:`b = N\,m_{flight}/m` (:func:`delivery`'s packed flights N; 1 billed per kg);
    with flight learning (``economics.flight_learning`` below 1) its flights cost on average
    :func:`.learning.average_factor` of the first, over its N whole flights billed per flight
    and over :math:`m/m_{flight}` flights, the last pro rata, billed per kg.  The factor is
    :math:`b` times that.
    """
    per_flight = np.asarray(p.get("transport.billing", 0.0)) >= 0.5
    rate = p.get("economics.flight_learning", 1.0)
    learning = bool(np.any(np.asarray(rate) != 1.0))
    if not (learning or np.any(per_flight)):
        return None, None
    if delivery is None:
        raise ValueError("billing per flight or flight learning needs the flights: graph(n, per_kg=False)")
    out = []
    for mass, flights, payload in ((earth_launched, delivery["earth.flights"], delivery["earth.payload_per_flight"]),
                                   (chain["launched"], delivery["insitu.flights"],
                                    delivery["insitu.payload_per_flight"])):
        with np.errstate(divide="ignore", invalid="ignore"):
            billed = np.where(per_flight & (mass > 0), flights * payload / mass, 1.0)
            n = np.where(per_flight, flights, np.divide(mass, payload))
        out.append(billed * lr.average_factor(n, rate) if learning else billed)
    return out[0], out[1]


def hardware(p, chain):
    """``(hardware cost per kg, development, share charged, first-unit hardware per kg)`` of the
    cost model (:func:`hardware_and_development`). [USD/kg, USD, -, USD/kg]"""
    return hardware_and_development(p, chain)


def costs_per_kg(p, earth_sizing, transport, chain, hardware):
    """:func:`costs` of a scenario billed per kg without flight learning (:func:`graph` with
    ``per_kg``): its landed cost per kg needs no flights, so no packing. [USD, USD/kg]"""
    return costs(p, earth_sizing, transport, chain, hardware, None)


def costs(p, earth_sizing, transport, chain, hardware, delivery):
    r"""The cost terms of both options (:mod:`.economics`).

    Returns ``{"earth", "insitu"}``, the dicts of :func:`.economics.earth_costs` and
    :func:`.economics.insitu_costs`, ``landed_insitu``, the landed cost the in-situ cargo
    pays [USD/kg], and ``container_cost`` [USD/kg]; ``flight_factors``: each option's factor on the
    landed cost per kg (:func:`transport_factors`: billing per flight, flight learning; None where
    both are 1).  The hardware and development costs come from the cost model
    (:func:`hardware_and_development`); with learning (``economics.fabrication_learning`` below 1)
    the Earth fabrication cost follows each group's learning curve (``earth_sizing["fabricated"]``).
    The breakeven scale takes each option's transport per kg at its scale-1 factor (flights
    proportional to the counts).
    Both options buy their packaging at ``economics.container_cost`` per kg (0 where left out
    of ``p``): the Earth option's containers, the in-situ cargo's crates.
    """
    hw_cost, ddte, share, first_hw = hardware
    landed = transport["landed"]
    fab = p["earth.fabrication_cost"]
    earth_mass = earth_sizing["mass"]
    if earth_sizing["fabricated"] is not earth_mass:
        with np.errstate(divide="ignore", invalid="ignore"):
            fab = fab * np.where(earth_mass > 0, earth_sizing["fabricated"] / earth_mass, 1.0)
    pack = p["economics.packaging_fraction"]
    f_earth, f_insitu = transport_factors(p, earth_mass * (1.0 + np.asarray(pack)), chain, delivery)
    landed_e = landed if f_earth is None else landed * f_earth
    landed_i = landed if f_insitu is None else landed * f_insitu
    box = p.get("economics.container_cost", 0.0)
    earth = ec.earth_costs(earth_mass, landed_e, pack, fab, box)
    insitu = ec.insitu_costs(chain["launched"], chain["plant_launched"] + chain["power_launched"],
                             chain["consumables"], landed_i, hw_cost, p["economics.consumables_cost"],
                             ddte, share, p["economics.operations_per_year"], p["insitu.campaign"],
                             chain["packaging_mass"], box)
    insitu["first_hardware"] = (chain["plant"] + chain["power_mass"]) * first_hw
    return {"earth": earth, "insitu": insitu, "landed_insitu": landed_i, "container_cost": box,
            "flight_factors": None if f_earth is None else (f_earth, f_insitu)}


def breakeven(p, costs, chain, hardware):
    """Breakeven scale (:func:`.economics.scale_breakeven`): a root per point, so computed only
    when asked. [-]"""
    return ec.scale_breakeven(costs["earth"], costs["insitu"], chain, costs["landed_insitu"], hardware[0],
                              p["economics.consumables_cost"], p["route.plant_scale_exponent"],
                              costs["container_cost"])


def landed_breakeven(costs, chain):
    r"""Breakeven landed cost and its direction (:func:`.economics.breakeven_landed_cost`,
    :func:`.economics.breakeven_landed_cost_direction`): each option's slopes in the landed cost
    are its masses, times their factors (:func:`transport_factors`) where billed per flight or with
    flight learning; what does not
    depend on the landed cost (fabrication and containers; every other in-situ term) is
    :math:`A`. [USD/kg, -]"""
    earth, insitu = costs["earth"], costs["insitu"]
    slopes = (earth["other"], earth["launched"], insitu["other"], chain["launched"])
    if costs["flight_factors"] is not None:
        f_earth, f_insitu = costs["flight_factors"]
        slopes = (earth["other"], earth["launched"] * f_earth, insitu["other"],
                  chain["launched"] * f_insitu)
    return ec.breakeven_landed_cost(*slopes), ec.breakeven_landed_cost_direction(*slopes)


def payback(p, costs, chain, hardware):
    """Payback time (:func:`.economics.payback`). [s]"""
    return ec.payback(costs["earth"], costs["insitu"], chain, costs["landed_insitu"], hardware[0],
                      p["insitu.campaign"], costs["container_cost"])


def plant_modules(p, chain, payload=np.inf):
    """The processing plant's modules: ``(count, mass)`` of one plant in equal modules of at most
    ``insitu.plant_module_mass`` (NaN or absent: one piece); a plant declared modular without a
    module mass of its own (``insitu.plant_splits`` 1) is split further where its lander, of
    ``payload`` [kg], needs smaller modules (at most payload / packaging). [-, kg]"""
    module = np.asarray(p.get("insitu.plant_module_mass", np.nan), dtype=np.float64)
    splits = np.asarray(p.get("insitu.plant_splits", 0.0)) >= 0.5
    if np.any(splits):
        module = np.where(splits, np.fmin(module, payload / chain["packaging"]), module)
    plant = chain["processing_plant"]
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.where(np.isnan(module), 1.0, np.maximum(np.ceil(plant / module * (1.0 - pr.UNIT_SLACK)), 1.0))
    return n, plant / n




def insitu_pieces(p, chain, payload=np.inf, first=False):
    """The in-situ option's indivisible pieces, packed: ``(masses, counts)`` of the plant's
    modules (:func:`plant_modules` on a lander of ``payload`` [kg]), excavators, generation and
    storage units, for the whole campaign (every plant and power system launched) or for the
    ``first`` plant and power system only. [kg, -]"""
    pack = chain["packaging"]
    n_mod, module = plant_modules(p, chain, payload)
    plants, powers = (1.0, 1.0) if first else (chain["n_plant"], chain["n_power"])
    masses = [module * pack, chain["excavator_unit_mass"] * pack, chain["generation_unit_mass"] * pack,
              chain["storage_unit_mass"] * pack]
    counts = [n_mod * plants, chain["excavator_units"] * plants, chain["generation_units"] * powers,
              chain["storage_units"] * powers]
    return masses, counts




def landers(p, earth_sizing, chain):
    """The lander each option flies (:func:`lander_stage`) and which pieces fit one: the packed
    mass of each indivisible piece (an Earth element, per comparator; the in-situ plant module,
    excavator, generation and storage unit, :func:`insitu_pieces`) and the flags
    ``elements[i].earth.fits``, ``insitu.plant_fits`` (the largest module),
    ``insitu.generation_unit_fits``, ``insitu.storage_unit_fits`` and ``insitu.excavator_fits``.
    A node of its own: the checks of every evaluation read it, and it needs no packing.
    SI units (kg, 1/s, -)."""
    pack = chain["packaging"]
    earth_masses = [sized["mass"] * pack for sized in earth_sizing["sized"]]
    out = lander_stage(p, chain, earth_masses)
    payload = out["insitu.payload_per_flight"]
    masses, counts = insitu_pieces(p, chain, payload)
    out["earth_masses"], out["insitu_masses"], out["insitu_counts"] = earth_masses, masses, counts
    pieces = {"plant": masses[0], "excavator": masses[1], "generation_unit": masses[2], "storage_unit": masses[3]}
    for name, mass in pieces.items():  # packed mass of each indivisible piece, and whether it fits
        out[f"insitu.{name}_piece"] = mass
        out[f"insitu.{name}_fits"] = mass <= payload * (1.0 + tr.FIT_SLACK)
    for i, mass in enumerate(earth_masses):
        out[f"elements[{i}].earth.fits"] = mass <= out["earth.payload_per_flight"] * (1.0 + tr.FIT_SLACK)
    return out


def delivery(p, groups, chain, landers):
    r"""Whole pieces on whole flights (:func:`.transport.pack_flights`) on each option's lander
    (:func:`landers`), and the times of delivery.

    Each option's flights pack its indivisible pieces, each with its packaging: the Earth
    option's elements (per comparator); the in-situ option's plant modules (the processing plant
    in equal modules of at most ``insitu.plant_module_mass``, :func:`plant_modules`; one piece
    where it is NaN or absent), excavators, generation and storage units, every plant and power
    system launched; its spares and consumables are divisible and fill the room left.  First fit
    decreasing: at most 11/9 of the fewest flights plus 6/9; ``<option>.flights_lower_bound``
    :math:`\lceil m/m_{flight} \rceil` beside it.  The Earth option takes its flights at the
    cadence, ``earth.campaign_time``; the in-situ option's first plant and power system land
    over their own flights (``insitu.first_landing_time``), its first product comes once they
    are commissioned and its last a campaign later.  ``economics.commissioning_time`` (default
    0) and ``insitu.plant_module_mass`` (default NaN) may be left out of ``p``.  SI units (s, kg, -).
    """
    pack = chain["packaging"]
    earth = tr.pack_flights(landers["earth_masses"], [g["count"] for g in groups], landers["earth.payload_per_flight"])
    payload, cadence = landers["insitu.payload_per_flight"], landers["insitu.cadence"]
    insitu = tr.pack_flights(landers["insitu_masses"], landers["insitu_counts"], payload,
                             pack * (chain["spares"] + chain["consumables"]))
    if np.all(chain["n_plant"] == 1.0) and np.all(chain["n_power"] == 1.0):  # one of each: the same pieces
        first = {"flights": insitu["piece_flights"]}
    else:
        first = tr.pack_flights(*insitu_pieces(p, chain, payload, first=True), payload)
    landing = first["flights"] / cadence
    product = landing + np.asarray(p.get("economics.commissioning_time", 0.0))
    return {
        "earth.payload_per_flight": landers["earth.payload_per_flight"], "insitu.payload_per_flight": payload,
        "earth.flights": earth["flights"], "earth.flights_lower_bound": earth["lower_bound"],
        "earth.campaign_time": earth["flights"] / landers["earth.cadence"],
        "insitu.flights": insitu["flights"], "insitu.flights_lower_bound": insitu["lower_bound"],
        "insitu.first_flights": first["flights"], "insitu.first_landing_time": landing,
        "insitu.first_product_time": product,
        "insitu.last_product_time": product + np.asarray(p["insitu.campaign"]),
    }


def lander_stage(p, chain, earth_masses):
    r"""The lander each option flies: the file's (``transport.lander_named`` 1, or absent); its
    preset's where that carries the option's largest indivisible piece (2); else, or where the
    file names none (0), the smallest catalogue lander that carries the option's largest
    indivisible piece (:func:`.transport.choose_lander` over ``transport.landers``, a
    :class:`.transport.LanderCatalogue`): an Earth element, per comparator; the in-situ
    plant (one piece, or its modules of a given mass: a plant declared modular without one is
    split to fit, :func:`plant_modules`), an excavator, a generation or storage unit.  The
    cadence is the file's where it gives one (``transport.cadence_named`` 1), else the chosen
    lander's.  Returns ``<option>.payload_per_flight`` [kg], ``<option>.largest_piece`` [kg] and
    ``<option>.cadence`` [1/s].
    """
    earth_piece = earth_masses[0] if len(earth_masses) == 1 else np.fmax.reduce(np.broadcast_arrays(*earth_masses))
    pack = chain["packaging"]
    n_mod, module = plant_modules(p, chain)  # at its own module mass: where it splits, only a cap
    splits = np.asarray(p.get("insitu.plant_splits", 0.0)) >= 0.5
    insitu_piece = np.fmax.reduce(np.broadcast_arrays(
        np.where(splits, 0.0, module * pack), chain["excavator_unit_mass"] * pack,
        chain["generation_unit_mass"] * pack, chain["storage_unit_mass"] * pack))
    payload, cadence = p["transport.payload_per_flight"], p["transport.flights_per_year"]
    out = {"earth.largest_piece": earth_piece, "insitu.largest_piece": insitu_piece}
    mode = float(np.asarray(p.get("transport.lander_named", 1.0)))
    by_file = float(np.asarray(p.get("transport.cadence_named", 1.0))) >= 0.5
    for option, piece in (("earth", earth_piece), ("insitu", insitu_piece)):
        if mode == 1.0:
            own, rate = payload, cadence
        else:
            landers = p["transport.landers"]
            chosen = tr.choose_lander(piece, landers.payloads, landers.cadences)
            own, rate = chosen["payload"], chosen["cadence"]
            if mode == 2.0:  # the preset's lander wherever it carries the piece
                keep = piece <= payload * (1.0 + tr.FIT_SLACK)
                own, rate = np.where(keep, payload, own), np.where(keep, cadence, rate)
        out[f"{option}.payload_per_flight"] = np.asarray(own, dtype=np.float64)
        out[f"{option}.cadence"] = np.asarray(cadence if by_file else rate, dtype=np.float64)
    return out




def dates(p, chain, costs, delivery):
    r"""The dated terms of the cash flows (:func:`.money.schedule`'s arguments). [USD, s]

    The first plant and power system cost their hardware (``insitu["first_hardware"]`` of
    :func:`costs`: :math:`m_1 c_{hw}`, 0 under ``amcm`` whose development term holds them), their
    share of the transport, by mass billed per kg, :math:`C_{tr}\,m_1/m_{launch}`, by flights billed
    per flight (:math:`C_{tr} N_1/N`), and their share by mass of the crates,
    :math:`C_{box}\,m_1/m_{launch}`; they land over their own flights at the cadence, the Earth
    elements over theirs (:func:`delivery`).  ``economics.development_time`` defaults to 0 where
    left out of ``p``.
    """
    earth, insitu = costs["earth"], costs["insitu"]
    first_mass = chain["plant"] + chain["power_mass"]
    with np.errstate(divide="ignore", invalid="ignore"):  # shares of masses: often few points
        tr_share = _share(chain["packaging"] * first_mass, chain["launched"])  # both packed
        box_share = tr_share  # the crates are bought by mass however transport is billed
        per_flight = np.asarray(p.get("transport.billing", 0.0)) >= 0.5
        if np.any(per_flight):  # whole flights: the first landing's share of them
            tr_share = np.where(per_flight, _share(delivery["insitu.first_flights"], delivery["insitu.flights"]),
                                tr_share)
    return {"ddte": insitu["ddte"],
            "development_time": np.asarray(p.get("economics.development_time", 0.0), dtype=np.float64),
            "first_landing_cost": insitu["first_hardware"] + insitu["transport"] * tr_share
                                  + insitu["containers"] * box_share,
            "first_landing_time": delivery["insitu.first_landing_time"],
            "first_product_time": delivery["insitu.first_product_time"],
            "campaign": np.asarray(p["insitu.campaign"], dtype=np.float64),
            "insitu_total": insitu["total"], "earth_total": earth["total"],
            "earth_time": delivery["earth.campaign_time"]}
def discount_rate(p):
    """``economics.discount_rate``, 0 where left out of ``p``. [-]"""
    return np.asarray(p.get("economics.discount_rate", 0.0), dtype=np.float64)


def discounting(p):
    """``economics.discounting``: the index of the convention in :data:`.money.CONVENTIONS`, 0
    (continuous) where left out of ``p``. [-]"""
    return np.asarray(p.get("economics.discounting", 0.0), dtype=np.float64)


def npvs(dates, discount_rate, discounting):
    """``(earth.npv, insitu.npv)``: the closed forms of :func:`.money.npv` under the convention
    ``discounting``; at a rate of 0 the undiscounted totals exactly. [USD]"""
    return mn.option_npvs(*_schedule_terms(dates), discount_rate, discounting)


def cash_blocks(dates):
    """The cash-flow blocks of both options (:func:`.money.schedule`). [USD, s, s]"""
    return mn.schedule(*_schedule_terms(dates))


def _schedule_terms(d):
    return (d["ddte"], d["development_time"], d["first_landing_cost"], d["first_landing_time"],
            d["first_product_time"], d["campaign"], d["insitu_total"], d["earth_total"], d["earth_time"])


def _dated(p, since_launch):
    """A time counted from the programme's first launch as a date from the start of development
    (time 0 of the cash flows: ``economics.development_time`` earlier, 0 where left out). [s]"""
    return np.asarray(p.get("economics.development_time", 0.0), dtype=np.float64) + since_launch


def _ratio(a, b):
    with np.errstate(divide="ignore", invalid="ignore"):
        return a / b


#: Every metric of :data:`basaltcalc.metrics.METRICS`: the equation, as a function of the nodes
#: it needs (its parameter names are those nodes, :func:`graph`).
METRIC_FUNCTIONS = {
    "earth.total_cost": lambda costs: costs["earth"]["total"],
    "insitu.total_cost": lambda costs: costs["insitu"]["total"],
    "earth.launched_mass": lambda costs: costs["earth"]["launched"],
    "insitu.launched_mass": lambda chain: chain["launched"],
    "earth.product_mass": lambda earth_sizing: earth_sizing["mass"],
    "insitu.product_mass": lambda insitu_sizing: insitu_sizing["mass"],
    "earth.cost_per_element": lambda costs, element_count: _ratio(costs["earth"]["total"], element_count),
    "insitu.cost_per_element": lambda costs, element_count: _ratio(costs["insitu"]["total"], element_count),
    "earth.cost_per_kg": lambda costs, earth_sizing: _ratio(costs["earth"]["total"], earth_sizing["mass"]),
    "insitu.cost_per_kg": lambda costs, insitu_sizing: _ratio(costs["insitu"]["total"], insitu_sizing["mass"]),
    "cost_ratio": lambda costs: _ratio(costs["insitu"]["total"], costs["earth"]["total"]),
    "savings": lambda costs: costs["earth"]["total"] - costs["insitu"]["total"],
    "launched_mass_saved": lambda costs, chain: costs["earth"]["launched"] - chain["launched"],
    "mass_leverage": lambda insitu_sizing, chain: _ratio(insitu_sizing["mass"], chain["launched"]),
    "breakeven_scale": lambda breakeven: breakeven,
    "breakeven_landed_cost": lambda landed_breakeven: landed_breakeven[0],
    "breakeven_landed_cost_direction": lambda landed_breakeven: landed_breakeven[1],
    "payback_time": lambda payback, delivery, p: _dated(p, delivery["insitu.first_product_time"]) + payback,
    "transport.landed_cost": lambda transport: transport["landed"],
    "transport.gear_ratio": lambda transport: transport["gear_ratio"],
    "earth.fabrication_cost": lambda costs: costs["earth"]["fabrication"],
    "earth.transport_cost": lambda costs: costs["earth"]["transport"],
    "earth.container_cost": lambda costs: costs["earth"]["containers"],
    "earth.campaign_time": lambda delivery: delivery["earth.campaign_time"],
    "insitu.transport_cost": lambda costs: costs["insitu"]["transport"],
    "insitu.hardware_cost": lambda costs: costs["insitu"]["hardware"],
    "insitu.consumables_cost": lambda costs: costs["insitu"]["consumables"],
    "insitu.container_cost": lambda costs: costs["insitu"]["containers"],
    "insitu.ddte_cost": lambda costs: costs["insitu"]["ddte"],
    "insitu.operations_cost": lambda costs: costs["insitu"]["operations"],
    "insitu.plant_mass": lambda chain: chain["n_plant"] * chain["plant"],
    "insitu.spares_mass": lambda chain: chain["spares"],
    "insitu.power_system_mass": lambda chain: chain["power_launched"],
    "insitu.consumables_mass": lambda chain: chain["consumables"],
    "insitu.feedstock_mass": lambda chain: chain["feed_mass"],
    "insitu.cut_area": lambda insitu_sizing: insitu_sizing["cut_area"],
    "insitu.energy": lambda chain: chain["energy"],
    "insitu.specific_energy": lambda chain: chain["specific_energy"],
    "insitu.operating_power": lambda chain: chain["power"],
    "insitu.average_power": lambda chain, p: _ratio(chain["energy"], np.asarray(p["insitu.campaign"])),
    "insitu.campaign_time": lambda dates: dates["campaign"],
    "insitu.duty_cycle": lambda chain: chain["duty"],
    "insitu.throughput": lambda chain: chain["throughput"],
    "insitu.plant_units": lambda chain: chain["n_plant"],
    "insitu.power_units": lambda chain: chain["n_power"],
    "insitu.generation_units": lambda chain: chain["generation_units"],
    "insitu.storage_units": lambda chain: chain["storage_units"],
    "insitu.excavator_units": lambda chain: chain["excavator_units"],
    "insitu.excavation_mass": lambda chain: chain["excavation_mass"],
    "insitu.sizing_throughput": lambda chain: chain["sizing_throughput"],
    "insitu.melt_mass": lambda chain: chain["melt_mass"],
    "insitu.packaging_mass": lambda chain: chain["packaging_mass"],
    "earth.flights": lambda delivery: delivery["earth.flights"],
    "earth.flights_lower_bound": lambda delivery: delivery["earth.flights_lower_bound"],
    "insitu.flights": lambda delivery: delivery["insitu.flights"],
    "insitu.flights_lower_bound": lambda delivery: delivery["insitu.flights_lower_bound"],
    "earth.payload_per_flight": lambda landers: landers["earth.payload_per_flight"],
    "insitu.payload_per_flight": lambda landers: landers["insitu.payload_per_flight"],
    "earth.largest_piece": lambda landers: landers["earth.largest_piece"],
    "insitu.largest_piece": lambda landers: landers["insitu.largest_piece"],
    "insitu.first_product_time": lambda delivery, p: _dated(p, delivery["insitu.first_product_time"]),
    "insitu.last_product_time": lambda delivery, p: _dated(p, delivery["insitu.last_product_time"]),
    "earth.last_delivery_time": lambda delivery, p: _dated(p, delivery["earth.campaign_time"]),
    "insitu.development_time": lambda dates: dates["development_time"],
    "insitu.first_landing_cost": lambda dates: dates["first_landing_cost"],
    "insitu.first_landing_time": lambda delivery, p: _dated(p, delivery["insitu.first_landing_time"]),
    "economics.discount_rate": lambda discount_rate: discount_rate,
    "earth.npv": lambda npvs: npvs[0],
    "insitu.npv": lambda npvs: npvs[1],
    "discounted_cost_ratio": lambda npvs: npvs[1] / npvs[0],
    "discounted_savings": lambda npvs: npvs[0] - npvs[1],
    "discounted_payback_time": lambda cash_blocks, discount_rate, npvs, discounting:
        mn.discounted_payback(cash_blocks, discount_rate, npvs[0] - npvs[1], discounting),
    "insitu_irr": lambda cash_blocks, discounting: mn.irr(cash_blocks, convention=discounting),
}
#: Outputs of :func:`delivery` that are not metrics: whether each indivisible piece fits one
#: lander, and its packed mass (the model's feasibility checks read them).
PIECES = ("plant", "generation_unit", "storage_unit", "excavator")
#: Per-element figures of each option, by the name after ``elements[i].<option>.``.
ELEMENT_FIGURES = ("thickness", "mass", "governing", "valid", "thin")
#: The model's stages of one element group, a node per group ``<name>[i]`` (:func:`graph`): the
#: function and its parameters that read the same group's node of another stage.
GROUP_STAGES = {"insitu_element": (insitu_element, {}), "earth_element": (earth_element, {"insitu": "insitu_element"})}
#: The stages that sum over the groups: the parameter that reads every group's node of a group stage.
OVER_GROUPS = {insitu_sizing: {"elements": "insitu_element"}, earth_sizing: {"elements": "earth_element"}}
#: The model's other nodes that are not metrics, in the order of the pipeline.
STAGES = (insitu_sizing, earth_material, earth_sizing, element_count, transport_stage, chain, hardware, landers, delivery, costs,
          breakeven, landed_breakeven, payback, dates, discount_rate, discounting, npvs, cash_blocks)


@functools.lru_cache(maxsize=32)
def graph(n_groups: int, per_kg: bool = False) -> dict:
    r"""The model as a graph (:mod:`basaltcalc.core.graph`) for ``n_groups`` element groups:
    node name -> function, whose parameter names are the nodes it needs.  ``per_kg``: every
    point is billed per kg without flight learning (:func:`per_kg_only`), so the costs need no
    flights (:func:`costs_per_kg`; the numbers are the same, the packing is not computed for them).

    The stages of each group (:data:`GROUP_STAGES`, ``insitu_element[i]`` and ``earth_element[i]``,
    :func:`.graph.per_group`), the other stages (:data:`STAGES`, ``transport_stage`` as
    ``transport``; those summing over the groups read each group's node, :data:`OVER_GROUPS`),
    every metric (:data:`METRIC_FUNCTIONS`), the per-element figures
    ``elements[i].<option>.<figure>`` (:data:`ELEMENT_FIGURES`) and ``elements[i].earth.fits``, and
    the delivery's piece checks ``insitu.<piece>_piece`` and ``insitu.<piece>_fits`` (:data:`PIECES`).
    """
    nodes = {f"{name}[{i}]": per_group(fn, i, **each) for name, (fn, each) in GROUP_STAGES.items()
             for i in range(n_groups)}
    for f in STAGES:  # STAGE_NAMES
        nodes["transport" if f is transport_stage else f.__name__] = (
            over_groups(f, n_groups, **OVER_GROUPS[f]) if f in OVER_GROUPS else f)
    if per_kg:
        nodes["costs"] = costs_per_kg
    nodes.update(METRIC_FUNCTIONS)
    nodes["economics.discounting"] = lambda discounting: discounting  # read by the cash-flow figure
    for i in range(n_groups):
        for option in ("earth", "insitu"):
            for figure in ELEMENT_FIGURES:
                nodes[f"elements[{i}].{option}.{figure}"] = per_group(_element_figure(figure), i,
                                                                      sized=f"{option}_element")
        nodes[f"elements[{i}].earth.fits"] = _landed(f"elements[{i}].earth.fits")
    for piece in PIECES:
        for what in ("piece", "fits"):
            nodes[f"insitu.{piece}_{what}"] = _landed(f"insitu.{piece}_{what}")
    nodes["insitu.first_flights"] = _delivered("insitu.first_flights")
    for name in ("earth.cadence", "insitu.cadence"):
        nodes[name] = _landed(name)
    return nodes


def _element_figure(figure):
    """One figure of a group's sizing (:func:`insitu_element`, :func:`earth_element`)."""
    return lambda sized: sized[figure]


def _delivered(name):
    """The node of one output of :func:`delivery`."""
    return lambda delivery: delivery[name]


def _landed(name):
    """The node of one output of :func:`landers`."""
    return lambda landers: landers[name]


@functools.lru_cache(maxsize=32)
def graph_dependencies(n_groups: int, per_kg: bool = False) -> dict:
    """Node name -> the nodes and sources it depends on, of :func:`graph` (cached)."""
    return {name: dependencies(fn) for name, fn in graph(n_groups, per_kg).items()}


def per_kg_only(p) -> bool:
    """True where every point of ``p`` is billed per kg (``transport.billing`` 0) without flight
    learning (``economics.flight_learning`` 1): the costs need no flights (:func:`graph`)."""
    return (not np.any(np.asarray(p.get("transport.billing", 0.0)) >= 0.5)
            and not np.any(np.asarray(p.get("economics.flight_learning", 1.0)) != 1.0))


def _share(part, whole):
    """part / whole, 0 where whole is 0. [-]"""
    return np.where(whole > 0, part / whole, 0.0)


def _schedule_args(m, label=None):
    """The arguments of :func:`.money.schedule` from the metrics ``m``."""
    earth = "earth" if label is None else f"earth[{label}]"
    start = m["insitu.development_time"]  # the metrics' dates count from the start of development
    return (m["insitu.ddte_cost"], start, m["insitu.first_landing_cost"],
            np.subtract(m["insitu.first_landing_time"], start), np.subtract(m["insitu.first_product_time"], start),
            m["insitu.campaign_time"], m["insitu.total_cost"], m[f"{earth}.total_cost"], m[f"{earth}.campaign_time"])


def money_blocks(m, label=None):
    """The cash-flow blocks of :func:`.money.schedule` from the metrics ``m`` (against the Earth
    comparator ``label``, None: the primary one)."""
    return mn.schedule(*_schedule_args(m, label))


def evaluate_core(p, groups, metrics=None):
    r"""Evaluate both options for all points of a broadcast, in one call.

    Parameters
    ----------
    p : mapping of str to array_like
        SI magnitudes by core key (``insitu.density``, ``route.yield``, ``transport.isp``, ...);
        see :mod:`basaltcalc.model` for the full list; each in the SI unit of its key. [SI]
    groups : sequence of mapping
        One mapping per element group: ``kind`` ('sheet' or 'tube'), ``count`` [-], ``length`` [m],
        ``width`` [m], ``outer_diameter`` [m], ``thickness`` [m] (NaN to size), ``pressure`` [Pa],
        ``bending`` [-], ``internal_pressure`` [Pa], ``axial_load`` [N],
        ``effective_length_factor`` [-], ``areal_density`` [kg/m^2], and ``deflection_limit`` (R of the
        service deflection limit span/R of a spanning sheet; 0 or absent: none) [-]. [SI]
    metrics : sequence of str, optional
        The outputs to compute (names of :func:`graph`); default every one. [-]

    Returns
    -------
    dict of str to ndarray
        Every metric asked (SI units: USD, kg, J, W, s, USD/kg) and per-group figures under
        ``elements[i].<name>``; units as in :data:`basaltcalc.model.METRICS`. [SI]
    """
    per_kg = per_kg_only(p)
    nodes, deps = graph(len(groups), per_kg), graph_dependencies(len(groups), per_kg)
    names = [n for n in nodes if not is_stage(n)] if metrics is None else list(metrics)
    values = run(nodes, deps, needed(nodes, deps, names), p, groups)
    return {n: values[n] for n in names}


#: Names of the nodes of :data:`STAGES` in :func:`graph`, in pipeline order: intermediate
#: values, not outputs (:func:`is_stage`; with the groups' stages, :func:`stage_order`).
STAGE_ORDER = tuple(("transport" if f is transport_stage else f.__name__) for f in STAGES)
STAGE_NAMES = frozenset(STAGE_ORDER)


def is_stage(name) -> bool:
    """Whether the node ``name`` of :func:`graph` is a stage (an intermediate value, not an
    output): one of :data:`STAGE_NAMES`, or a group's, ``<name>[i]`` of :data:`GROUP_STAGES`.

    >>> is_stage("insitu_element[3]"), is_stage("chain"), is_stage("elements[0].insitu.mass")
    (True, True, False)
    """
    return name in STAGE_NAMES or name.partition("[")[0] in GROUP_STAGES


def stage_order(n_groups: int) -> tuple:
    """The stages of :func:`graph` for ``n_groups`` groups in pipeline order: each group stage
    (:data:`GROUP_STAGES`), group by group, just before the stage that sums it
    (:data:`OVER_GROUPS`).

    >>> stage_order(2)[:7]
    ('insitu_element[0]', 'insitu_element[1]', 'insitu_sizing', 'earth_material', 'earth_element[0]', 'earth_element[1]', 'earth_sizing')
    """
    order = []
    for f, name in zip(STAGES, STAGE_ORDER):
        order += [f"{base}[{i}]" for base in OVER_GROUPS.get(f, {}).values() for i in range(n_groups)]
        order.append(name)
    return tuple(order)
