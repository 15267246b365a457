"""The names, units and meanings of every result, and the checks of invalid points.

One name per metric everywhere: Python, JSON, CSV, netCDF, tables and plots.
"""
from __future__ import annotations

import difflib
import math
import re
import warnings

import numpy as np

from .errors import Problem, ScenarioError

__all__ = ["METRICS", "SET_METRICS", "ELEMENT_METRICS", "metric_info", "metric_names", "element_unit",
           "invalid_points", "count_invalid", "warn_invalid", "COMPARATOR_METRICS",
           "comparator_metric", "split_comparator", "LAZY_METRICS", "validity_names",
           "INFINITE_BY_DEFINITION", "REPRESENTABLE", "invalid_note", "representable_name", "positive_finite",
           "folded", "fold_base", "all_true"]

#: Every metric: name -> (SI unit, description).  The same names in Python, JSON, CSV and plots.
METRICS = {
    "earth.total_cost": ("USD", "total cost of the Earth option for the whole campaign"),
    "insitu.total_cost": ("USD", "total cost of the in-situ option for the whole campaign"),
    "cost_ratio": ("", "insitu.total_cost / earth.total_cost"),
    "savings": ("USD", "earth.total_cost - insitu.total_cost"),
    "earth.launched_mass": ("kg", "mass launched from Earth and landed for the Earth option"),
    "insitu.launched_mass": ("kg", "mass launched from Earth and landed for the in-situ option"),
    "launched_mass_saved": ("kg", "earth.launched_mass - insitu.launched_mass"),
    "earth.product_mass": ("kg", "mass of the finished elements of the Earth option"),
    "insitu.product_mass": ("kg", "mass of the finished elements of the in-situ option"),
    "mass_leverage": ("", "insitu.product_mass / insitu.launched_mass"),
    "breakeven_scale": ("", "factor on all element counts at which both options cost the same (inf: never)"),
    "breakeven_landed_cost": ("USD/kg", "landed cost per kg at which both options cost the same (0: in-situ always cheaper, inf: never)"),
    "breakeven_landed_cost_direction": ("", "+1: in-situ is cheaper above breakeven_landed_cost (it lands less mass); "
                                        "-1: cheaper below it (it lands more mass but costs less otherwise)"),
    "payback_time": ("s", "date, from the start of development, at which in-situ has cost no more than launching "
                     "the elements made so far, undiscounted (development, first plant and power up front, the "
                     "rest over the campaign from the first product; inf: never)"),
    "earth.cost_per_element": ("USD", "Earth option cost per element"),
    "insitu.cost_per_element": ("USD", "in-situ option cost per element"),
    "earth.cost_per_kg": ("USD/kg", "Earth option cost per kg of product"),
    "insitu.cost_per_kg": ("USD/kg", "in-situ option cost per kg of product"),
    "transport.landed_cost": ("USD/kg", "cost per kg landed on the Moon"),
    "transport.gear_ratio": ("", "kg in LEO per kg landed (rocket equation; 1 where the landed cost is given)"),
    "earth.fabrication_cost": ("USD", "Earth fabrication of the elements"),
    "earth.transport_cost": ("USD", "landing the Earth-made elements and their packaging"),
    "earth.container_cost": ("USD", "buying the containers and packaging of the Earth-made elements (packaging mass x container cost per kg)"),
    "earth.campaign_time": ("s", "length of the Earth option's deliveries: its flights at the cadence, from its first "
                            "launch"),
    "earth.last_delivery_time": ("s", "date, from the start of development, of the Earth option's last delivery: "
                                 "the first launch (economics.development_time) + earth.campaign_time"),
    "insitu.transport_cost": ("USD", "landing plant, power system, spares and consumables"),
    "insitu.hardware_cost": ("USD", "production cost of plant, power system and spares"),
    "insitu.consumables_cost": ("USD", "Earth cost of imported consumables"),
    "insitu.container_cost": ("USD", "buying the crates and packaging of the in-situ cargo (packaging mass x container cost per kg)"),
    "insitu.ddte_cost": ("USD", "share of plant development (DDT&E) charged to the campaign"),
    "insitu.operations_cost": ("USD", "surface operations over the campaign"),
    "insitu.plant_mass": ("kg", "production plant launched, replacements included"),
    "insitu.spares_mass": ("kg", "spares launched over the campaign"),
    "insitu.power_system_mass": ("kg", "power generation and night storage launched, replacements included"),
    "insitu.consumables_mass": ("kg", "imported consumables (matrix resin, tool wear, moulds)"),
    "insitu.feedstock_mass": ("kg", "regolith or rock mined"),
    "insitu.cut_area": ("m^2", "area sawn or drilled (cut-stone)"),
    "insitu.energy": ("J", "energy of the production chain"),
    "insitu.specific_energy": ("J/kg", "energy per kg of product, before cutting"),
    "insitu.operating_power": ("W", "power drawn while the plant runs"),
    "insitu.average_power": ("W", "energy / campaign time"),
    "insitu.campaign_time": ("s", "length of the production campaign, from the first product"),
    "insitu.duty_cycle": ("", "fraction of the campaign at full throughput"),
    "insitu.throughput": ("kg/s", "mass processed per unit of operating time"),
    "insitu.plant_units": ("", "plants launched (replacement past plant life)"),
    "insitu.power_units": ("", "power systems launched (replacement past their life)"),
    "insitu.generation_units": ("", "power generation units in one power system (ceil(generated power / unit power))"),
    "insitu.storage_units": ("", "night-storage units in one power system (ceil(stored energy / unit energy))"),
    "insitu.excavator_units": ("", "excavators (dig and haul) in one plant (ceil(mined rate / excavator rate))"),
    "insitu.excavation_mass": ("kg", "excavation and haulage hardware in one plant"),
    "insitu.sizing_throughput": ("kg/s", "throughput the processing plant is built for: max(throughput, minimum, that of a plant as heavy as the furnace for the largest charge)"),
    "insitu.melt_mass": ("kg", "melt the furnace must hold at least: the largest piece's charge (0: not a casting route)"),
    "insitu.packaging_mass": ("kg", "packaging and integration mass of the in-situ cargo (packaging fraction x plant, spares, power, consumables)"),
    "earth.flights": ("", "lander flights to deliver the Earth option: its elements, whole, packed first fit "
                      "decreasing (at most 11/9 of the fewest flights + 6/9)"),
    "earth.flights_lower_bound": ("", "no fewer flights can deliver the Earth option: ceil(launched mass / payload)"),
    "insitu.flights": ("", "lander flights to deliver the in-situ option: its plant modules, excavators, power "
                       "units whole (first fit decreasing), spares and consumables in the room left"),
    "insitu.flights_lower_bound": ("", "no fewer flights can deliver the in-situ option: ceil(launched mass / payload)"),
    "earth.payload_per_flight": ("kg", "payload of the lander the Earth option flies: the file's, or where it names "
                                 "none the smallest catalogue lander that carries its largest piece"),
    "insitu.payload_per_flight": ("kg", "payload of the lander the in-situ option flies: the file's, or where it "
                                  "names none the smallest catalogue lander that carries its largest piece"),
    "earth.largest_piece": ("kg", "heaviest indivisible piece of the Earth option, packed: one element"),
    "insitu.largest_piece": ("kg", "heaviest indivisible piece of the in-situ option, packed: the plant or a module "
                             "of a given mass, an excavator, a generation or storage unit (a plant split to fit "
                             "its lander not counted)"),
    "insitu.first_product_time": ("s", "date, from the start of development, of the first in-situ product: the "
                                  "first launch, the flights of the first plant and power system at the cadence, "
                                  "commissioning"),
    "insitu.last_product_time": ("s", "date, from the start of development, of the last in-situ product: first "
                                 "product + campaign"),
    "insitu.development_time": ("s", "start of the plant's development to the programme's first launch "
                                "(time 0 of the cash flows)"),
    "insitu.first_landing_cost": ("USD", "first plant and power system, bought and landed (their share by mass "
                                  "of the hardware and transport costs)"),
    "insitu.first_landing_time": ("s", "date, from the start of development, at which the first plant and power "
                                  "system have landed: the first launch + their flights (whole pieces) at the cadence"),
    "economics.discount_rate": ("", "real discount rate per year of the NPVs (discounted as economics.discounting: "
                                "continuous, or each year's spend at its end, middle or start)"),
    "earth.npv": ("USD", "net present value of the Earth option's costs, paid flight by flight from the first "
                  "launch (equals earth.total_cost at a rate of 0)"),
    "insitu.npv": ("USD", "net present value of the in-situ option's costs: development, first landing, then "
                   "the campaign (equals insitu.total_cost at a rate of 0)"),
    "discounted_cost_ratio": ("", "insitu.npv / earth.npv"),
    "discounted_savings": ("USD", "earth.npv - insitu.npv"),
    "discounted_payback_time": ("s", "date, from the start of development, after which the cumulative "
                                "discounted savings stay non-negative (0: never negative, inf: never paid back)"),
    "insitu_irr": ("", "internal rate of return of choosing in-situ: the rate at which both NPVs are equal "
                   "(inf: in-situ saves at every rate up to 10000 %, -inf: at no rate down to -99 %)"),
}
#: Metrics of the scenario's uncertainty set rather than of one point (name -> (SI unit,
#: description)): ``basaltcalc run`` computes them from a seeded Monte Carlo sample
#: (:func:`basaltcalc.studies.decision.probability_cheaper`) and JSON, CSV and the report carry
#: them; like :data:`COMPARATOR_METRICS` they exist once per Earth design
#: (``p_insitu_cheaper[al-2219]``), the unqualified name the primary design's.
SET_METRICS = {
    "p_insitu_cheaper": ("", "probability that the in-situ option costs less (total cost) than the Earth option "
                         "over the uncertainty set: the fraction of a seeded Monte Carlo sample"),
    "p_insitu_cheaper_se": ("", "Monte Carlo standard error of p_insitu_cheaper, sqrt(p (1 - p) / n)"),
}
#: Metrics computed from the others only when asked (:func:`basaltcalc.core.compare.lazy_metric`):
#: the discounted ratio and savings (one operation each over the comparator axis) and the
#: discounted payback and IRR (a root per point); a sweep or sample asking for them gets them.
LAZY_METRICS = ("discounted_cost_ratio", "discounted_savings", "discounted_payback_time", "insitu_irr")
ELEMENT_METRICS = {"thickness": "m", "mass": "kg", "governing": ""}
_ELEMENT_NAME = re.compile(r"elements\[\d+\]\.(earth|insitu)\.(\w+)")

#: Metrics that depend on the Earth design compared with.  Each exists for every comparator of a
#: scenario under a qualified name (:func:`comparator_metric`): ``earth.X`` becomes
#: ``earth[<label>].X``, any other ``X`` becomes ``X[<label>]``, and ``elements[i].earth.Y``
#: becomes ``elements[i].earth[<label>].Y``.  The unqualified name is the file's primary
#: comparator (``earth.material``), so ``cost_ratio == cost_ratio[<primary>]``.
COMPARATOR_METRICS = tuple(n for n in METRICS if n.startswith("earth.")) + (
    "cost_ratio", "savings", "launched_mass_saved", "breakeven_scale", "breakeven_landed_cost",
    "breakeven_landed_cost_direction", "payback_time", "discounted_cost_ratio", "discounted_savings",
    "discounted_payback_time", "insitu_irr")
_QUALIFIED = re.compile(r"^(?P<head>(?:elements\[\d+\]\.)?earth)\[(?P<label>[^\[\]]+)\]\.(?P<tail>\w+)$"
                        r"|^(?P<bare>[\w.]+)\[(?P<label2>[^\[\]]+)\]$")


def comparator_metric(name: str, label: str) -> str:
    """Qualified name of a comparator-dependent metric for one comparator.

    >>> comparator_metric("earth.total_cost", "al-2219"), comparator_metric("cost_ratio", "al-2219")
    ('earth[al-2219].total_cost', 'cost_ratio[al-2219]')
    >>> comparator_metric("elements[1].earth.mass", "al-2219")
    'elements[1].earth[al-2219].mass'
    """
    head, dot, tail = name.rpartition(".")
    if head == "earth" or head.endswith("].earth"):
        return f"{head}[{label}]{dot}{tail}"
    return f"{name}[{label}]"


def split_comparator(name: str) -> tuple[str, str | None]:
    """(unqualified name, comparator label) of a metric name; label None when not qualified."""
    m = _QUALIFIED.match(name)
    if not m:
        return name, None
    if m.group("head"):
        return f"{m.group('head')}.{m.group('tail')}", m.group("label")
    return m.group("bare"), m.group("label2")


def element_unit(name: str) -> str | None:
    """SI unit of a per-element figure such as ``elements[0].insitu.thickness`` (None if not one)."""
    m = _ELEMENT_NAME.fullmatch(name)
    return ELEMENT_METRICS.get(m.group(2)) if m else None


def metric_info(name: str) -> tuple[str, str]:
    """(SI unit, description) of a metric, a set metric (:data:`SET_METRICS`) or a per-element figure."""
    if name in METRICS:
        return METRICS[name]
    if name in SET_METRICS:
        return SET_METRICS[name]
    base, label = split_comparator(name)
    if label is not None:
        unit, description = metric_info(base)
        return unit, f"{description} (against the Earth comparator {label})"
    unit = element_unit(name) or ""
    group, option, what = name.rsplit(".", 2)[0], name.split(".")[1], name.split(".")[-1]
    return unit, f"{what} of each element of group {group} ({option} option)"


def metric_names(metrics, scenario) -> list[str]:
    """The metrics asked for, checked (near-miss suggestions); every metric and per-element
    thickness and mass when ``metrics`` is None (``scenario`` gives the element groups)."""
    if metrics is None:
        names = list(METRICS)
        for i in range(len(scenario.elements) if scenario is not None else 0):
            for opt in ("earth", "insitu"):
                names += [f"elements[{i}].{opt}.thickness", f"elements[{i}].{opt}.mass"]
        return names + comparator_names(scenario)
    if isinstance(metrics, str):
        metrics = [metrics]
    try:
        metrics = list(metrics)
    except TypeError:
        metrics = [metrics]
    if not metrics or not all(isinstance(m, str) for m in metrics):
        from .errors import ArgumentTypeError

        wrong = next((m for m in metrics if not isinstance(m, str)), None)
        raise (ArgumentTypeError if metrics else ScenarioError)(Problem(
            f"expected metric names, e.g. ['cost_ratio', 'savings'], got "
            + (f"{type(wrong).__name__} {wrong!r}" if metrics else "an empty list"), "metrics"))
    labels = set(comparator_labels(scenario))
    bad = [m for m in metrics if not _known(m, labels)]
    if bad:
        problems = []
        for m in bad:
            close = difflib.get_close_matches(m, [*METRICS, *comparator_names(scenario)], 1, 0.6)
            problems.append(Problem(f"no metric '{m}'" + (f"; did you mean '{close[0]}'?" if close else ""),
                                    "metrics"))
        raise ScenarioError(problems)
    return list(metrics)


def _known(name: str, labels) -> bool:
    """A metric, a per-element figure, or either qualified by one of the comparator ``labels``."""
    if name in METRICS or element_unit(name) is not None:
        return True
    base, label = split_comparator(name)
    return label in labels and (base in COMPARATOR_METRICS or element_unit(base) is not None)


def comparator_labels(scenario) -> list[str]:
    """Labels of the scenario's Earth comparators, primary first (empty with only one)."""
    comparators = getattr(scenario, "comparators", None) or []
    return [c["label"] for c in comparators] if len(comparators) > 1 else []


def comparator_names(scenario) -> list[str]:
    """Qualified names of every comparator-dependent metric, comparator by comparator."""
    return [comparator_metric(n, label) for label in comparator_labels(scenario)
            for n in COMPARATOR_METRICS]


#: Metrics whose definition gives +-inf, saying what it means ("inf: never"); every other metric is
#: finite at every valid point whose inputs lie in their domains.
INFINITE_BY_DEFINITION = ("breakeven_scale", "breakeven_landed_cost", "payback_time",
                          "discounted_payback_time", "insitu_irr")
#: Amounts every other metric is built from, and a figure built from none of them: positive and
#: finite at every valid point [USD, -, kg/s].  Where float64 cannot hold one (a cost past
#: 1.8e308 USD, a present value discounted below 1e-308 USD, or their NaN), the point lies outside
#: what the model can compute, though each input lies in its domain (extremes together: a rate of
#: -99.9999 % a year over a campaign of centuries).
REPRESENTABLE = ("earth.total_cost", "insitu.total_cost", "earth.npv", "insitu.npv", "cost_ratio",
                 # no cost is built from it (the plant's mass is compared with its furnace's
                 # directly), so its overflow reaches no amount above
                 "insitu.sizing_throughput")
def representable_name(name: str) -> str:
    """The name of the check of an amount of :data:`REPRESENTABLE`: a mask, True where it is a
    positive finite float (1 byte a point where the amount takes 8: what a large evaluation
    keeps to check it, :func:`basaltcalc.model.boundary.check_outputs`)."""
    return f"{name}:representable"


#: The suffix of a mask folded along the first axis (:func:`folded`).
FOLD = ":all"


def folded(name: str) -> str:
    """The name of the mask ``name`` folded by logical and along the broadcast's first axis.

    >>> folded("elements[0].earth.valid")
    'elements[0].earth.valid:all'
    """
    return name + FOLD


def fold_base(name: str) -> str | None:
    """The mask a folded name stands for (None: not a folded name).

    >>> fold_base("elements[0].earth.valid:all"), fold_base("cost_ratio")
    ('elements[0].earth.valid', None)
    """
    return name[:-len(FOLD)] if name.endswith(FOLD) else None


def all_true(out, name: str) -> bool:
    """True where the mask ``name`` of ``out`` holds at every point (True where ``out`` has no
    such mask), read from its :func:`folded` form where a lazy ``out`` computed that and not the
    mask (a few bytes for a large evaluation). [-]"""
    if hasattr(out, "computed") and not out.computed(name) and out.computed(folded(name)):
        return bool(np.all(out[folded(name)]))
    v = out.get(name)
    return True if v is None else bool(np.all(v))


def positive_finite(v):
    """``v > 0`` and finite, elementwise (NaN: False). [-]"""
    with np.errstate(invalid="ignore"):
        return (np.asarray(v) > 0) & np.isfinite(v)


def _all_positive_finite(v) -> bool:
    """True where every element of ``v`` is positive and finite, by its least and largest value
    (two reductions without a temporary; NaN makes both comparisons False). [-]"""
    a = np.asarray(v)
    return a.size == 0 or bool(a.min() > 0.0 and a.max() < math.inf)


#: What :func:`invalid_points` says of such a point.
UNREPRESENTABLE = ("results beyond float64 at these inputs ({what}): each input is in its domain, "
                   "but together they take a result outside what float64 holds (1e-308 to 1.8e308); "
                   "bring the extreme ones back toward their defaults")


def invalid_points(scenario, out, npoints: int | None = None) -> list[tuple[str, str, int]]:
    """Element groups sized outside their geometry (a tube wall past its radius, a sheet thicker
    than it is wide): (path, message, number of invalid points) for each option and each further
    Earth comparator (``earth[al-2219]``); and, at the
    points with every group valid, results float64 cannot hold (:data:`REPRESENTABLE`), as
    ``("", message, number)``.

    ``npoints`` is the number of points ``out`` stands for, where a validity flag that does not
    depend on the varied inputs stands for all of them."""
    found = []
    valid_all = True
    others = [f"earth[{c['label']}]" for c in (getattr(scenario, "comparators", None) or [])[1:]]
    for i, e in enumerate(scenario.elements):
        for option in ("earth", "insitu", *others):  # every Earth design compared with
            name = f"elements[{i}].{option}.valid"
            if all_true(out, name):  # (its folded form, where that is what a lazy out holds)
                continue
            valid = np.asarray(out.get(name))
            bad = int(valid.size - np.count_nonzero(valid))
            if bad:
                valid_all = valid_all & valid
            if bad and npoints is not None:
                bad *= npoints // max(valid.size, 1)
            if bad:
                what = ("wall thicker than the tube's radius" if e["kind"] == "tube"
                        else "sheet thicker than it is wide")
                found.append((f"elements[{i}]", f"{option} {what} ('{e['name']}')", bad))
    return found + _unrepresentable(out, valid_all, npoints)


def _unrepresentable(out, valid_all, npoints) -> list[tuple[str, str, int]]:
    """``[("", message, number of points)]`` where an amount of :data:`REPRESENTABLE` is not a
    positive finite float at a valid point (``valid_all``), else ``[]``."""
    first, bad = None, None
    for name in REPRESENTABLE:
        lazy = hasattr(out, "computed")
        if lazy and not out.computed(name):  # a lazy evaluation: checked where computed
            mask = representable_name(name)
            if out.computed(mask) or out.computed(folded(mask)):  # or only its mask (evaluate's checks)
                if all_true(out, mask):
                    continue
                ok = np.asarray(out[mask])
                worse = ~ok & valid_all
                if np.any(worse):
                    bad = worse if bad is None else np.broadcast_to(bad, np.broadcast_shapes(np.shape(bad), np.shape(worse))) | worse
                    first = first or f"{name} not a positive finite number"
            continue
        v = out.get(name)
        if v is None:
            continue
        if isinstance(v, float):
            if 0.0 < v < math.inf and valid_all is True:
                continue
            ok = np.asarray(0.0 < v < math.inf)
        else:
            if _all_positive_finite(v):  # two reductions, no mask: the common case
                continue
            ok = positive_finite(v)
        worse = ~ok & valid_all
        if not np.any(worse):
            continue
        bad = worse if bad is None else np.broadcast_to(bad, np.broadcast_shapes(np.shape(bad), np.shape(worse))) | worse
        if first is None:
            first = f"{name} = {np.asarray(v)[np.broadcast_to(worse, np.shape(v))].flat[0] if np.ndim(v) else v:g}"
    if bad is None:
        return []
    n = int(np.count_nonzero(bad))
    if npoints is not None:
        n *= npoints // max(np.size(bad), 1)
    return [("", UNREPRESENTABLE.format(what=first), n)]


def validity_names(scenario) -> list[str]:
    """The outputs :func:`invalid_points` reads: each group's ``valid`` flag of each option."""
    return [f"elements[{i}].{option}.valid" for i in range(len(scenario.elements)) for option in ("earth", "insitu")]


def count_invalid(scenario, out, acc: dict, npoints: int) -> None:
    """Add the invalid points of one chunk of ``npoints`` points to ``acc``."""
    for path, message, bad in invalid_points(scenario, out, npoints):
        acc[(path, message)] = acc.get((path, message), 0) + bad


def warn_invalid(acc: dict, total: int) -> None:
    """Warn once per element group and option with the invalid points counted in ``acc``."""
    for (path, msg), n in acc.items():
        warnings.warn(invalid_note(path, msg, f"about {n}", total), RuntimeWarning, stacklevel=3)


def invalid_note(path: str, msg: str, n, total: int) -> str:
    """The warning of :func:`invalid_points`' ``(path, msg)`` at ``n`` of ``total`` points: an
    invalid element group's points are NaN; an unrepresentable point's amounts are inf, 0 or NaN."""
    if not path:
        return f"{msg}: at {n} of {total} points"
    return f"{path}: {msg} at {n} of {total} points (NaN there)"
