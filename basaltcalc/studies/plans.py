r"""Plans: a scenario with its discrete decisions made another way, and the metrics of a plan
whose element groups are made by several routes.

A *plan* is what a file chooses: a route per element group, a power preset, the lander (a
transport preset) and whether the plant lands in modules, with its continuous inputs (campaign,
development time, module mass).  :func:`plan_scenario` makes the scenario of another choice; a
choice that is the file's own leaves the scenario as it is (the same object: a plan of the
file's choices is today's evaluation, bit for bit).

**Several routes.**  Where each element group may be made by another route, the routes used
together each bring their own plant, power system, development and operations, sized for the
groups they make (as the cheapest mix of :func:`basaltcalc.compare_routes`).  A plan's metric is
then a combination of its routes' (:func:`combine`): an amount is their sum (costs, present values,
masses launched, energy, power, flights, units), a time the latest (:data:`LATEST`), the Earth
option's the same for every route, and a ratio is taken of the combined amounts
(:data:`DERIVED`): cost ratio :math:`\sum_r C_r / C_e`, savings :math:`C_e - \sum_r C_r`.
"""
from __future__ import annotations

import numpy as np

__all__ = ["plan_scenario", "is_modular", "all_choices", "combine", "combinable", "SUMMED", "LATEST",
           "DERIVED"]


def is_modular(scenario) -> bool:
    """True where the scenario's plant lands in modules (``modular: true`` or a module mass)."""
    return "insitu.plant_module_mass" in scenario.inputs


def plan_scenario(scenario, *, route=None, power=None, lander=None, modular=None):
    """The scenario with the discrete decisions given made (None: the file's own).

    ``route`` makes every element group by that route from its product (the scenario's own
    material for its own route, :func:`basaltcalc.studies.routes.route_scenario`); ``power``
    chooses the power preset; ``lander`` the transport preset both options fly (the file's own
    preset keeps the file's transport block as written; another replaces it, its billing kept);
    ``modular`` True lands the plant in modules (the file's module mass, else the default),
    False in one piece.  The Earth designs stay those of the file.
    """
    from ..scenario import scenario_from_dict

    changes = {}
    if route is not None and route != scenario.route:
        changes["route"] = route
    if power is not None and power != scenario.power:
        changes["power"] = power
    if lander is not None and lander != scenario.transport_preset:
        changes["lander"] = lander
    if modular is not None and bool(modular) != is_modular(scenario):
        changes["modular"] = bool(modular)
    if not changes:
        return scenario
    data = scenario.to_dict()
    insitu = dict(data["insitu"])
    if "route" in changes:
        insitu.update(route=route, material=scenario.route_materials[route])
    if "power" in changes:
        insitu["power"] = power
    if "modular" in changes:
        insitu.pop("plant_module_mass", None)
        insitu.pop("modular", None)
        if modular:
            insitu["modular"] = True
    data["insitu"] = insitu
    data["earth"] = {**data["earth"], "material": scenario.earth_material}
    if "lander" in changes:
        data["transport"] = {"preset": lander, **({"billing": data["transport"]["billing"]}
                                                   if "billing" in data["transport"] else {})}
    return scenario_from_dict(data, scenario.file)


def all_choices(scenario, name: str) -> list:
    """Every choice of the discrete decision ``name`` the scenario knows: its routes, power
    presets, transport presets (catalogue and the file's new ones), or [True, False] for
    ``modular``."""
    from ..scenario.choices import known_entries

    if name == "route":
        return list(scenario.route_materials)
    if name == "modular":
        return [True, False]
    table = {"power": "power", "lander": "transport"}[name]
    return list(known_entries(scenario.raw or {}, table))


#: In-situ amounts that add up over the routes of a plan.
SUMMED = ("insitu.total_cost", "insitu.npv", "insitu.launched_mass", "insitu.product_mass",
          "insitu.transport_cost", "insitu.hardware_cost", "insitu.consumables_cost",
          "insitu.container_cost", "insitu.ddte_cost", "insitu.operations_cost", "insitu.plant_mass",
          "insitu.spares_mass", "insitu.power_system_mass", "insitu.consumables_mass",
          "insitu.feedstock_mass", "insitu.cut_area", "insitu.energy", "insitu.operating_power",
          "insitu.average_power", "insitu.flights", "insitu.flights_lower_bound", "insitu.first_landing_cost",
          "insitu.packaging_mass", "insitu.excavation_mass", "insitu.plant_units", "insitu.power_units",
          "insitu.generation_units", "insitu.storage_units", "insitu.excavator_units", "insitu.first_flights")
#: In-situ times of a plan: the latest of its routes'.
LATEST = ("insitu.campaign_time", "insitu.first_product_time", "insitu.last_product_time",
          "insitu.first_landing_time", "insitu.development_time",
          "insitu.largest_piece", "insitu.payload_per_flight")
#: Metrics of a plan taken of its combined amounts: name -> (function of a lookup, the amounts).
DERIVED = {
    "cost_ratio": (lambda m: m("insitu.total_cost") / m("earth.total_cost"), ("insitu.total_cost", "earth.total_cost")),
    "savings": (lambda m: m("earth.total_cost") - m("insitu.total_cost"), ("insitu.total_cost", "earth.total_cost")),
    "discounted_cost_ratio": (lambda m: m("insitu.npv") / m("earth.npv"), ("insitu.npv", "earth.npv")),
    "discounted_savings": (lambda m: m("earth.npv") - m("insitu.npv"), ("insitu.npv", "earth.npv")),
    "launched_mass_saved": (lambda m: m("earth.launched_mass") - m("insitu.launched_mass"),
                            ("insitu.launched_mass", "earth.launched_mass")),
    "mass_leverage": (lambda m: m("insitu.product_mass") / m("insitu.launched_mass"),
                      ("insitu.product_mass", "insitu.launched_mass")),
    "insitu.cost_per_kg": (lambda m: m("insitu.total_cost") / m("insitu.product_mass"),
                           ("insitu.total_cost", "insitu.product_mass")),
}


def combinable(name: str) -> bool:
    """True for a metric a plan of several routes has (:func:`combine`): summed, latest, the Earth
    option's, or derived from those (each qualified by a comparator label too)."""
    from ..metrics import split_comparator

    base, _ = split_comparator(name)
    return base in SUMMED or base in LATEST or base in DERIVED or base.startswith(("earth.", "transport."))


def combine(name: str, parts: list):
    """The metric ``name`` of a plan whose routes' metrics are ``parts`` (each a lookup: metric
    name -> SI array), by the rules of the module docstring; one part is returned as it is. [SI]"""
    from ..metrics import comparator_metric, split_comparator

    if len(parts) == 1:
        return parts[0](name)
    base, label = split_comparator(name)
    if base in DERIVED:
        fn, _ = DERIVED[base]

        def lookup(m):
            return combine(m if label is None or not m.startswith("earth.") else comparator_metric(m, label), parts)
        with np.errstate(divide="ignore", invalid="ignore"):
            return fn(lookup)
    if base in SUMMED:
        return sum(part(name) for part in parts[1:]) + parts[0](name)
    if base in LATEST:
        return np.maximum.reduce([np.asarray(part(name)) for part in parts])
    return parts[0](name)  # the Earth option's and the transport's: the same in every part
