"""The unit boundary: a scenario and overrides in, quantities out, in one broadcast evaluation.

>>> import basaltcalc as bc
>>> res = bc.evaluate(bc.default_scenario())
>>> res["cost_ratio"].units
<Unit('dimensionless')>

Every input has one dotted path (DESIGN 5).  :func:`evaluate` takes overrides keyed by those paths;
a value may be a Quantity (any unit of the right dimension), a string such as ``"5 mm"``, or for
dimensionless inputs a number, and any of them may be an array: all arrays broadcast together and
the core runs once over every point.
"""
from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from ..units import pint  # dask hidden while pint loads (units._import_pint)

from ..arguments import flag
from ..core import compare
from ..core.elements import SHEET_RULES, TUBE_RULES
from ..core.money import CONVENTIONS
from ..errors import Problem, ScenarioError, UnitsError
from ..metrics import (COMPARATOR_METRICS, ELEMENT_METRICS, METRICS, all_true, comparator_metric, fold_base,
                       folded, invalid_note, invalid_points, metric_names, split_comparator)
from ..scenario import (Input, Scenario, _suggest, check_scenario, describe_domain, domain_of, domain_problem,
                        in_domain, rocket_problem)
from ..scenario.quantities import escalation_factor, is_currency, price_index, split_cost_year
from ..units import as_si, ureg
from ..units import unit as unit_of

__all__ = ["evaluate", "evaluate_si", "apply_overrides", "core_arguments", "Results", "METRICS",
           "resolve_path", "core_inputs"]


# core key -> (catalogue table, property) for the materials of each option
_ROUTE_KEYS = ("yield", "beneficiation_yield", "process_temperature", "melt_fraction",
               "furnace_efficiency", "excavation_energy", "forming_energy", "cutting_energy",
               "plant_specific_mass", "plant_reference_rate", "plant_scale_exponent", "consumables",
               "cutting_consumables", "min_thickness", "plant_min_throughput", "furnace_specific_mass",
               "excavator_rate", "excavator_mass")
_POWER_KEYS = ("specific_mass", "storage_specific_energy", "night_power_fraction",
               "sunlight_dependent", "round_trip_efficiency", "life", "unit_power",
               "storage_unit_energy")
_SITE_KEYS = ("illumination_fraction", "longest_night", "ambient_temperature")
_ECONOMICS_KEYS = ("hardware_cost", "ddte", "ddte_share", "operations_per_year", "spares_fraction",
                   "plant_life", "packaging_fraction", "container_cost", "consumables_cost", "availability",
                   "commissioning_time", "development_time", "discount_rate",
                   "fabrication_learning", "flight_learning",
                   "amcm_specification", "amcm_ioc_year", "amcm_difficulty", "amcm_block",
                   "transcost_development_a", "transcost_development_x", "transcost_production_a",
                   "transcost_production_x", "transcost_f1", "transcost_f2", "transcost_f3",
                   "transcost_learning", "work_year_cost")
_TRANSPORT_KEYS = ("landed_cost", "leo_cost", "delta_v", "isp", "inert_fraction",
                   "payload_per_flight", "flights_per_year", "price_per_flight")
_NAME_INDEX = re.compile(r"""^elements\[(?:"([^"]*)"|'([^']*)')\]""")


def _ndim(v) -> int:
    """``np.ndim(v)``, without numpy's dispatch for the Python and numpy floats that most inputs
    and outputs of one point are (a single evaluation asks this a few hundred times)."""
    return 0 if isinstance(v, (float, int)) else np.ndim(v)


def resolve_path(scenario: Scenario, path: str) -> str:
    """Canonical form of a dotted path: ``elements["floor panel"].count`` -> ``elements[0].count``."""
    m = _NAME_INDEX.match(path)
    if m:
        name = m.group(1) if m.group(1) is not None else m.group(2)
        path = f"elements[{scenario.element_index(name)}]" + path[m.end():]
    return path


def core_inputs(scenario: Scenario) -> dict[str, str]:
    """Map of core key -> scenario input path for every scalar model parameter."""
    materials = tuple((option, mat, scenario.materials[mat]["safety_class"]) for option, mat in
                      (("earth", scenario.earth_material), ("insitu", scenario.insitu_material)))
    return dict(_core_inputs(materials, scenario.route, scenario.power, scenario.site))


@functools.lru_cache(maxsize=256)
def _core_inputs(materials: tuple, route: str, power: str, site: str) -> dict[str, str]:
    """:func:`core_inputs` from the scenario's choices (``(option, material, safety class)``
    each): cached, as a single evaluation would otherwise rebuild the same strings each call."""
    m = {}
    for option, mat, safety_class in materials:
        for key in compare.MATERIAL_KEYS:
            m[f"{option}.{key}"] = _property_path(mat, safety_class, key)
    m.update({f"route.{k}": f"routes.{route}.{k}" for k in _ROUTE_KEYS})
    m.update({f"power.{k}": f"power.{power}.{k}" for k in _POWER_KEYS})
    m.update({f"site.{k}": f"sites.{site}.{k}" for k in _SITE_KEYS})
    m.update({f"economics.{k}": f"economics.{k}" for k in _ECONOMICS_KEYS})
    m.update({f"transport.{k}": f"transport.{k}" for k in _TRANSPORT_KEYS})
    m["insitu.campaign"] = "insitu.campaign"
    m["insitu.plant_module_mass"] = "insitu.plant_module_mass"
    return m


def cost_model_constants(scenario: Scenario) -> dict:
    """The core's cost-model constants of a scenario: ``economics.cost_model`` as its index in
    :data:`basaltcalc.core.compare.COST_MODELS`, the AMCM coefficients of ``data/cers.yaml``
    (``cers.amcm.<name>``) and ``cers.amcm.escalation``, the factor from the model's FY1999
    dollars to the scenario's cost year (:func:`~basaltcalc.scenario.quantities.escalation_factor`);
    and ``economics.discounting``, the index of the convention in
    :data:`basaltcalc.core.money.CONVENTIONS`."""
    model = getattr(scenario, "cost_model", "estimate") or "estimate"
    out = dict(_cost_model_constants(model, getattr(scenario, "cost_year", None)))
    out["economics.discounting"] = float(CONVENTIONS.index(getattr(scenario, "discounting", None)
                                                           or "continuous"))
    return out


@functools.lru_cache(maxsize=64)
def _cost_model_constants(model: str, year: int | None) -> dict:
    """:func:`cost_model_constants` of a cost model and cost year (None: the default year),
    cached: the data files do not change while the process runs."""
    from ..catalogue import data_file

    amcm = data_file("cers.yaml")["amcm"]
    year = year or price_index()["default"]
    out = {"economics.cost_model": float(compare.COST_MODELS.index(model)),
           "cers.amcm.escalation": escalation_factor(int(amcm["cost_year"]), year)}
    out.update({f"cers.amcm.{k}": float(v) for k, v in amcm["coefficients"].items()})
    return out


def _material_path(scenario: Scenario, material: str, key: str) -> str:
    """Input path of one material property (the safety factor comes from its safety class)."""
    return _property_path(material, scenario.materials[material]["safety_class"], key)


def _property_path(material: str, safety_class: str, key: str) -> str:
    """``materials.<material>.<key>``, or ``safety_factors.<class>`` for the safety factor."""
    return f"safety_factors.{safety_class}" if key == "safety_factor" else f"materials.{material}.{key}"


def comparator_inputs(scenario: Scenario) -> set[str]:
    """Input paths of the material properties of every Earth comparator (all are used by a run,
    not only the primary one's that :func:`core_inputs` maps)."""
    return {_material_path(scenario, c["material"], key) for c in comparators(scenario)
            for key in compare.MATERIAL_KEYS}


def comparators(scenario: Scenario) -> list[dict]:
    """The Earth designs compared with, primary first: ``{"label", "material"}`` each."""
    return getattr(scenario, "comparators", None) or [
        {"label": scenario.earth_material, "material": scenario.earth_material}]


@functools.lru_cache(maxsize=1)
def catalogue_landers() -> tuple:
    """The catalogue's landers, in increasing payload: ``(name, payload [kg], cadence [1/s],
    source)`` of every transport preset with a payload, and the generic cargo lander of
    ``data/economics.yaml`` (``lander_defaults``)."""
    from ..catalogue import load_catalogue

    cat = load_catalogue()
    out = []
    for name, props in cat.tables["transport"].items():
        pay, rate = props.get("payload_per_flight"), props.get("flights_per_year")
        if pay is not None and rate is not None:
            out.append((name, pay.si, rate.si, pay.source))
    generic = cat.flat["lander_defaults"]
    out.append(("generic-cargo-lander", generic["payload_per_flight"].si, generic["flights_per_year"].si,
                generic["payload_per_flight"].source))
    return tuple(sorted(out, key=lambda x: x[1]))


@functools.lru_cache(maxsize=1)
def _lander_catalogue():
    """The core's :class:`~basaltcalc.core.transport.LanderCatalogue` of :func:`catalogue_landers`
    (one object for every call: the route comparison sees the same value on every route)."""
    from ..core.transport import LanderCatalogue

    landers = catalogue_landers()
    return LanderCatalogue(tuple(x[1] for x in landers), tuple(x[2] for x in landers))


def lander_constants(scenario: Scenario, values) -> dict:
    """The core's lander inputs: ``transport.lander_named`` (:attr:`Scenario.lander_mode`: 1 the
    file's lander, 2 its preset's where it carries the pieces, 0 none named),
    ``transport.cadence_named`` (1 where the file gives ``flights_per_year``), the catalogue's landers ``transport.landers``
    (:func:`catalogue_landers`), and ``insitu.plant_splits`` (1 for a plant declared modular
    without a module mass of its own: split to fit its lander)."""
    module = scenario.inputs.get("insitu.plant_module_mass")
    mode = getattr(scenario, "lander_mode", "file")
    return {"transport.lander_named": {"none": 0.0, "file": 1.0, "preset": 2.0}[mode],
            "transport.cadence_named": float(getattr(scenario, "cadence_named", True)),
            "transport.landers": _lander_catalogue(),
            "insitu.plant_splits": float(module is not None and module.origin == "default")}


def same_product(scenario: Scenario):
    """1.0 for each Earth comparator in the in-situ material (one product on both sides: the
    larger minimum gauge applies to both), else 0.0: a float for one comparator, an array over
    the comparator axis for several. [-]"""
    flags = [float(c["material"] == scenario.insitu_material) for c in comparators(scenario)]
    return flags[0] if len(flags) == 1 else np.array(flags)


def _comparator_axis(scenario: Scenario, values, params, groups, stack=True) -> None:
    """Give every ``earth.<property>`` a trailing comparator axis (one entry per comparator), and
    every other array input a trailing axis of one, so that the core evaluates every comparator
    in one broadcast; :class:`Metrics` takes the axis off again.  ``stack`` False: an array
    given per comparator is left a :class:`~basaltcalc.model.lazy.Stacked`, stacked block by block.
    """
    from .lazy import Stacked

    comps = comparators(scenario)
    # (most inputs of one point are floats: those are passed over first)
    for group in groups:
        group.update({k: np.asarray(v)[..., None] for k, v in group.items()
                      if type(v) is not float and k != "kind" and _ndim(v)})
    params.update({k: np.asarray(v)[..., None] for k, v in params.items()
                   if type(v) is not float and _ndim(v) and not k.startswith("earth.")})
    designs = tuple((c["material"], scenario.materials[c["material"]]["safety_class"]) for c in comps)
    for key, paths in _comparator_paths(designs):
        given = [values.get(path, compare.MATERIAL_DEFAULTS.get(key)) for path in paths]
        if all(isinstance(v, float) for v in given):  # one point: the same array, built directly
            params[f"earth.{key}"] = np.array(given, dtype=np.float64)
            continue
        arrs = [np.asarray(v, dtype=np.float64) for v in given]
        if not stack:
            params[f"earth.{key}"] = Stacked(arrs)
            continue
        shape = np.broadcast_shapes(*(a.shape for a in arrs))
        # stacked on a first axis and viewed with it last: each design's values stay contiguous,
        # as the nodes read them (:class:`basaltcalc.model.lazy.Evaluation`, ``lead``)
        params[f"earth.{key}"] = np.moveaxis(np.stack([np.broadcast_to(a, shape) for a in arrs]), 0, -1)


@functools.lru_cache(maxsize=256)
def _comparator_paths(designs: tuple) -> tuple:
    """``(key, input path of that property for each design)`` for each of
    :data:`~basaltcalc.core.compare.MATERIAL_KEYS`, of designs given as ``(material, safety
    class)``: cached, as a single evaluation would otherwise format the same paths each call."""
    return tuple((key, tuple(_property_path(m, c, key) for m, c in designs)) for key in compare.MATERIAL_KEYS)


_COMPARATOR_SET = frozenset(COMPARATOR_METRICS)


@functools.lru_cache(maxsize=4096)
def _qualified_names(name: str, labels: tuple) -> tuple:
    """The qualified names of a comparator-dependent output for each label (``()`` for an output
    that does not depend on the comparator): cached, as the same few hundred names recur on
    every call."""
    if name not in _COMPARATOR_SET and ".earth." not in name:
        return ()
    return tuple(comparator_metric(name, label) for label in labels)


_MISSING = {  # core inputs that a scenario may leave out, and what stands in for them
    "insitu.plant_module_mass": math.nan,  # the plant is one piece
    "power.storage_specific_energy": math.inf,
    "power.storage_unit_energy": math.inf,  # no storage (fission)
    "route.furnace_specific_mass": math.nan,  # not a casting route: no melt to hold a piece
    "transport.landed_cost": math.nan,
    "transport.leo_cost": math.nan,
    "transport.price_per_flight": math.nan,
    "transport.payload_per_flight": math.nan,  # no lander named: the core chooses one per option
    "transport.flights_per_year": math.nan,
    "transport.delta_v": 0.0,
    "transport.isp": 1.0,
    **{f"{option}.{key}": v for option in ("earth", "insitu") for key, v in compare.MATERIAL_DEFAULTS.items()},
}


def _check_override(path, value, inp: Input, problems, cost_year=None):
    """Convert one override to SI floats (array or float); record a problem on bad input.

    A currency string may state its year, ``"300 kUSD/kg @2015"``: converted to ``cost_year``
    (the scenario's) with the shipped index, as in a file."""
    origin = getattr(path, "origin", "overrides")
    value = _from_list(value)
    kind = _value_kind_problem(value)
    if kind:
        problems.append(Problem(kind, path, origin=origin))
        return None
    try:
        value, year = split_cost_year(value)
        if year is not None and not is_currency(inp.unit):
            raise UnitsError(f"{path}: a cost year ('@{year}') goes with currency values only")
        si = as_si(value, inp.unit, path)
        if year is not None:
            si = si * escalation_factor(year, cost_year or price_index()["default"])
    except (UnitsError, ValueError) as exc:
        problems.append(Problem(str(exc).split(": ", 1)[-1], path, origin=origin))
        return None
    arr = np.asarray(si, dtype=np.float64)
    if arr.size == 0:
        problems.append(Problem(f"expected at least one value, got an empty array of shape {arr.shape}",
                                path, origin=origin))
        return None
    if not np.all(np.isfinite(arr)):
        problems.append(Problem("expected finite values, got NaN or infinity", path, origin=origin))
        return None
    if domain_problem(inp.path, arr):  # the one domain of the input, as a file's (scenario.inputs)
        expected = describe_domain(inp.path)
        problems.append(Problem(f"expected {expected}, got {_given(value, arr, inp.unit)}", path, origin=origin))
        return None
    return si


def _given(value, arr, unit) -> str:
    """The offending override as the user gave it (a scalar), or the range of an array in SI."""
    if isinstance(value, str):
        return repr(value)
    if arr.ndim == 0:
        return f"{value:~P}" if isinstance(value, pint.Quantity) else f"{float(arr):g}"
    return f"values from {arr.min():g} to {arr.max():g} {unit:~P}".rstrip()


def apply_overrides(scenario: Scenario, overrides) -> dict[str, object]:
    """SI magnitudes of every input with the overrides applied (arrays stay arrays)."""
    values = {p: inp.si for p, inp in scenario.inputs.items()}
    problems = []
    if overrides is not None and not hasattr(overrides, "items"):
        raise ScenarioError(Problem(f"overrides are a mapping of input paths to values, e.g. "
                                    f"{{'transport.landed_cost': '300 kUSD/kg'}}, got "
                                    f"{type(overrides).__name__}", origin="overrides"))
    for raw_path, value in (overrides or {}).items():
        origin = getattr(raw_path, "origin", "overrides")  # "--set" for the command line
        if not isinstance(raw_path, str):
            problems.append(Problem(f"an input path is a dotted string such as "
                                    f"'transport.landed_cost', got {raw_path!r} "
                                    f"({type(raw_path).__name__})", origin=origin))
            continue
        try:
            path = resolve_path(scenario, raw_path)
        except ScenarioError as exc:
            problems.extend(Problem(p.message, raw_path, origin=origin) for p in exc.problems)
            continue
        inp = scenario.inputs.get(path)
        if inp is None and path in ("transport.payload_per_flight", "transport.flights_per_year"):
            problems.append(Problem("not an input of this scenario: the file names no lander, so each option "
                                    "flies the smallest catalogue lander that carries its largest piece; name "
                                    "one in the file (transport: {preset: ...} or payload_per_flight, "
                                    "flights_per_year) to set it", raw_path, origin=origin))
            continue
        if inp is None:
            problems.append(Problem(f"not an input of this scenario{_suggest(path, scenario.inputs)}",
                                    raw_path, origin=origin))
            continue
        si = _check_override(raw_path, value, inp, problems, getattr(scenario, "cost_year", None))
        if si is not None:
            values[path] = si
    if problems:
        raise ScenarioError(problems)
    return values


def _groups(scenario: Scenario, values) -> list[dict]:
    groups = []
    for i, e in enumerate(scenario.elements):
        get = lambda key, default=0.0: values.get(f"elements[{i}].{key}", default)  # noqa: E731
        groups.append({
            "kind": e["kind"],
            "count": get("count"),
            "length": get("length"),
            "width": get("width", math.nan),
            "outer_diameter": get("outer_diameter", math.nan),
            "thickness": get("thickness", math.nan),
            "pressure": get("load.pressure"),
            "bending": 1.0 if "pressure" in e["loads"] else 0.0,
            "internal_pressure": get("load.internal_pressure"),
            "axial_load": get("load.axial_load"),
            "effective_length_factor": get("load.effective_length_factor", 1.0),
            "areal_density": get("load.areal_density"),
            "deflection_limit": get("load.deflection_limit"),
        })
    return groups


def core_arguments(scenario: Scenario, values, stack=True) -> tuple[dict, list]:
    """The core's arguments (SI parameters by core key, element groups) from SI input values.

    ``values`` maps every input path to an SI float or array, as from :func:`apply_overrides`.
    ``stack`` False: the Earth designs' arrays are left to stack block by block
    (:class:`~basaltcalc.model.lazy.Stacked`; for :func:`evaluate_arguments`).
    """
    params = {key: values[path] if path in values else _MISSING[key]
              for key, path in core_inputs(scenario).items()}
    params.update(cost_model_constants(scenario))
    params["earth.same_product"] = same_product(scenario)
    params["transport.billing"] = float(compare.BILLINGS.index(getattr(scenario, "billing", "per-kg")))
    params.update(lander_constants(scenario, values))
    groups = _groups(scenario, values)
    if len(comparators(scenario)) > 1:
        _comparator_axis(scenario, values, params, groups, stack)
    return params, groups


#: Most points of one block of a large broadcast: larger broadcasts run in blocks along their
#: first axis on the thread pool (:mod:`basaltcalc.model.parallel`), by :mod:`basaltcalc.model.lazy`,
#: as few blocks as this allows, their count a multiple of the threads and their sizes equal to
#: a row (:func:`~basaltcalc.model.lazy.blocks_of`; twice as many points once the allocator is
#: tuned: :func:`basaltcalc.memory.block_points`).
CHUNK_SIZE = 1 << 16
#: What the core may do with edge values without a warning: a ratio of 0/0 is NaN there, a
#: never reached breakeven inf (the metrics say so), overflow goes to inf.
_ERRSTATE = {"divide": "ignore", "invalid": "ignore", "over": "ignore"}


def _run_core(params, groups, metrics=None):
    """:func:`basaltcalc.core.compare.evaluate_core` under the core's error state: every output,
    or the ``metrics`` named, in one call. [SI]"""
    with np.errstate(**_ERRSTATE):
        return compare.evaluate_core(params, groups, metrics)


def evaluate_si(scenario: Scenario, values, chunk_size: int | None = None, threads: int | None = None,
                metrics=None) -> "Metrics":
    """Evaluate the core on SI input values (no unit handling): metric name -> SI float/ndarray.

    This is the hot path for sweeps and sampling: convert units once with
    :func:`apply_overrides`, then call this.  Each metric is computed when first asked
    (:class:`Metrics`), or all of ``metrics`` at once now: a study names what it needs, and pays for
    nothing else (a sweep of the landed cost asking for ``cost_ratio`` does not solve for a
    breakeven).  A node of the model runs at the shape of the inputs it reads, and once if none
    of them varies along the first axis; broadcasts larger than ``chunk_size`` points (default
    :data:`CHUNK_SIZE`, twice that with the allocator tuned: :func:`basaltcalc.memory.block_points`) run the rest
    in blocks along their first axis (views of the broadcast inputs, no copies; at most
    ``chunk_size`` points each, their count a multiple of the threads, their sizes equal to a
    row: :func:`~basaltcalc.model.lazy.blocks_of`) on ``threads``
    threads (default :func:`basaltcalc.model.parallel.threads`), into arrays of each metric's own
    shape (:mod:`basaltcalc.model.lazy`): every point sees the arithmetic of one call, so the
    numbers are bit for bit those of one call whatever the block size and thread count.
    """
    return evaluate_arguments(scenario, *core_arguments(scenario, values, stack=False), chunk_size, threads, metrics)


@functools.lru_cache(maxsize=32)
def model_graph(n_groups: int, per_kg: bool = False) -> dict:
    """The core's graph (:func:`basaltcalc.core.compare.graph`) and the checks of its amounts
    that float64 must hold (:data:`~basaltcalc.metrics.REPRESENTABLE`), each a node of the same
    dependencies as its amount giving the mask :func:`~basaltcalc.metrics.positive_finite`
    (named :func:`~basaltcalc.metrics.representable_name`)."""
    import inspect

    from ..metrics import REPRESENTABLE, positive_finite, representable_name

    nodes = dict(compare.graph(n_groups, per_kg))

    def mask(fn):
        def check(*args):
            return positive_finite(fn(*args))
        check.__signature__ = inspect.signature(fn)
        return check

    nodes.update({representable_name(r): mask(nodes[r]) for r in REPRESENTABLE})
    return nodes


@functools.lru_cache(maxsize=32)
def model_dependencies(n_groups: int, per_kg: bool = False) -> dict:
    """Node name -> its dependencies, of :func:`model_graph` (cached)."""
    from ..core.graph import dependencies

    return {name: dependencies(fn) for name, fn in model_graph(n_groups, per_kg).items()}


def evaluate_arguments(scenario: Scenario, params, groups, chunk_size: int | None = None,
                       threads: int | None = None, metrics=None) -> "Metrics":
    """:func:`evaluate_si` on the core's arguments (:func:`core_arguments`): for callers that
    build them themselves (the routes stacked on one axis, :mod:`basaltcalc.studies.routes`)."""
    from .lazy import Evaluation, blocks_of

    from ..memory import block_points
    from .parallel import resolve_threads

    leaves = [*params.values(), *(v for g in groups for k, v in g.items() if k != "kind")]
    shape = np.broadcast_shapes(*(np.shape(v) for v in leaves if _ndim(v)))
    chunk_size = block_points(CHUNK_SIZE) if chunk_size is None else chunk_size
    n = len(groups)
    per_kg = compare.per_kg_only(params)  # the costs need no flights: no packing for them
    blocks = blocks_of(shape, chunk_size, resolve_threads(threads))
    ev = Evaluation(model_graph(n, per_kg), params, groups, shape, blocks, threads,
                    model_dependencies(n, per_kg), _ERRSTATE, lead=len(comparators(scenario)) > 1, memo=True)
    out = Metrics(scenario, ev, (n, per_kg))
    if metrics is not None:
        out.compute(metrics)
    return out


#: (graph key, comparator labels) -> {output name: (node name, comparator index)}: what
#: :meth:`Metrics._base` found (:func:`model_graph` is one graph per key).
_BASES: dict = {}


class Metrics(Mapping):
    """Metric name -> SI value (float or ndarray) of one evaluation, each computed on first access
    (:class:`basaltcalc.model.lazy.Evaluation`) and kept.

    With several Earth comparators, the core evaluates them all at once on a trailing axis
    (:func:`_comparator_axis`); here the unqualified name is the primary comparator's slice and
    the qualified name (:func:`basaltcalc.metrics.comparator_metric`) each comparator's.
    """

    def __init__(self, scenario: Scenario, evaluation, graph_key=None):
        self.evaluation = evaluation
        self.labels = tuple(c["label"] for c in comparators(scenario))
        self._names = None
        # the names found, shared by every evaluation of the same graph and designs
        self._bases = {} if graph_key is None else _BASES.setdefault((graph_key, self.labels), {})

    def _base(self, name):
        """(node name, comparator index or None) of an output name (kept: a single evaluation
        asks a few hundred, every evaluation the same); KeyError if none."""
        base = self._bases.get(name)
        if base is None:
            base = self._bases[name] = self._find_base(name)
        return base

    def _find_base(self, name):
        """:meth:`_base`, found: a :func:`~basaltcalc.metrics.folded` name is that of its mask,
        folded."""
        ev = self.evaluation
        mask = fold_base(name)
        if mask is not None:
            base, k = self._base(mask)
            return folded(base), k
        if name in ev and not compare.is_stage(name):
            return name, None
        base, label = split_comparator(name)
        if (label is None or len(self.labels) < 2 or label not in self.labels or base not in ev
                or compare.is_stage(base)):
            raise KeyError(name)
        if base not in _COMPARATOR_SET and ".earth." not in base:
            raise KeyError(name)
        return base, self.labels.index(label)

    def compute(self, names) -> dict:
        """Compute the outputs ``names`` together (one pass over the blocks). [SI]"""
        bases = [self._base(n) for n in names]
        self.evaluation.compute(dict.fromkeys(b for b, _ in bases))
        return {n: self[n] for n in names}

    def __getitem__(self, name):
        base, k = self._base(name)
        return self._take(base, self.evaluation[base], k)

    def _take(self, base, v, k):
        """The comparator ``k``'s slice (None: the primary's) of an output with the trailing
        comparator axis; an output with an axis of one loses it."""
        n = len(self.labels)
        if n < 2 or not (isinstance(v, np.ndarray) and v.ndim > 0):
            return v
        if not _qualified_names(base, self.labels):
            return v[..., 0]
        return v[..., k or 0] if v.shape[-1] == n else v[..., 0]

    def computed(self, name) -> bool:
        """True for an output computed already (it costs nothing to read)."""
        try:
            base, _ = self._base(name)
        except KeyError:
            return False
        return base in self.evaluation.kept

    def known(self, name) -> bool:
        """True for an output held or computable on access."""
        try:
            self._base(name)
        except KeyError:
            return False
        return True

    def __contains__(self, name):
        return self.known(name)

    def __iter__(self):
        if self._names is None:
            names = [n for n in self.evaluation.graph if not compare.is_stage(n) and ":" not in n]
            if len(self.labels) > 1:
                names += [q for name in list(names) for q in _qualified_names(name, self.labels)]
            self._names = names
        return iter(self._names)

    def __len__(self):
        return sum(1 for _ in self)


def evaluate(scenario: Scenario, overrides=None, *, strict: bool | None = None, metrics=None) -> "Results":
    """Evaluate both options of a scenario, over every point of the overrides' broadcast.

    Parameters
    ----------
    scenario : Scenario
        From :func:`~basaltcalc.load_scenario` or :func:`~basaltcalc.default_scenario`.
    overrides : mapping of str to Quantity, str or array_like, optional
        Inputs to change, by dotted path (``"transport.landed_cost"``, ``'elements["floor
        panel"].count'``, ``"materials.cast-basalt.tensile_strength"``).  Arrays broadcast.
    strict : bool, optional
        Raise on a physically invalid point (a tube wall thicker than its radius, a sheet thicker
        than it is wide; NaN there for arrays) and on an indivisible piece heavier than one
        lander's payload (an element launched from Earth, the plant or one of its modules, one
        power generation or storage unit, one excavator).  Default: raise for a single point,
        warn for arrays.

    Returns
    -------
    Results
        Every metric of :data:`METRICS` as a Quantity in the broadcast shape.

    Notes
    -----
    ``economics.cost_model`` and ``economics.discounting`` may be overridden too, by name
    (``{"economics.cost_model": "amcm"}``, ``--set economics.discounting=end-of-year``): the
    scenario is evaluated with that choice (:func:`with_choices`); a choice is not swept.
    """
    check_scenario(scenario, "evaluate")
    flag(strict, "evaluate", "strict")
    given = dict(overrides or {}) if hasattr(overrides, "items") else overrides
    scenario, overrides = with_choices(scenario, overrides)
    values = apply_overrides(scenario, overrides)
    _check_rocket(scenario, values, overrides)
    _check_broadcast(scenario, values, overrides)
    out = evaluate_si(scenario, values)
    asked = metric_names(metrics, scenario) if metrics is not None else None
    out.compute([*(asked or ()), *check_outputs(scenario, asked)])
    shape = np.broadcast_shapes(*(np.shape(v) for v in values.values() if _ndim(v)))
    invalid = invalid_points(scenario, out)
    oversize = oversize_pieces(scenario, out)
    single = shape == () if strict is None else strict
    if single and invalid:  # an element that cannot be sized: its pieces' masses mean nothing
        raise ScenarioError([_located(scenario, path, msg, overrides) for path, msg, _ in invalid])
    if single and oversize:  # a piece no lander carries: the option cannot be flown as sized
        raise ScenarioError([_located(scenario, path, msg + (f" (at {n} of {math.prod(shape)} points)"
                                                             if shape else ""), overrides)
                             for path, msg, n in oversize])
    for path, msg, n in invalid:
        warnings.warn(invalid_note(path, msg, n, math.prod(shape) or 1), RuntimeWarning, stacklevel=2)
    for path, msg, n in oversize:  # arrays: as for invalid points, a warning with the count
        warnings.warn(f"{path}: {msg} (at {n} of {math.prod(shape) or 1} points)", RuntimeWarning,
                      stacklevel=2)
    return Results(scenario, out, shape, overrides=dict(given or {}))


#: The choices an override may make by name: input path -> (Scenario field, the names allowed).
CHOICES = {"economics.cost_model": ("cost_model", compare.COST_MODELS),
           "economics.discounting": ("discounting", CONVENTIONS),
           "transport.billing": ("billing", compare.BILLINGS)}


def with_choices(scenario: Scenario, overrides):
    """``(scenario, overrides)`` with the overrides of :data:`CHOICES` (``economics.cost_model``,
    ``economics.discounting``, ``transport.billing``) taken out of the overrides and into a copy of the scenario; a
    located error for a name not among the choice's (with a near-miss suggestion)."""
    import dataclasses

    if not overrides or not hasattr(overrides, "items"):
        return scenario, overrides
    keys = [k for k in overrides if isinstance(k, str) and str(k) in CHOICES]
    if not keys:
        return scenario, overrides
    changes, problems = {}, []
    for key in keys:
        field_name, names = CHOICES[str(key)]
        value = overrides[key]
        if not isinstance(value, str) or value not in names:
            problems.append(Problem(f"expected one of {', '.join(names)}, got "
                                    f"{value!r}{_suggest(str(value), names)}", key,
                                    origin=getattr(key, "origin", "overrides")))
            continue
        changes[field_name] = value
    if problems:
        raise ScenarioError(problems)
    rest = {k: v for k, v in overrides.items() if not any(k is key for key in keys)}
    return dataclasses.replace(scenario, **changes), rest



def _check_rocket(scenario: Scenario, values, overrides) -> None:
    """Refuse a stage that cannot reach its Δv (ε·R >= 1, R = exp(Δv / (Isp g0))), or whose landed
    cost leaves the domain of a landed cost, at any point
    (:func:`~basaltcalc.scenario.inputs.rocket_problem`, the file's own check): the landed cost
    would be infinite on both options and their ratio undefined."""
    if "transport.landed_cost" in values or "transport.isp" not in values:
        return  # a direct landed cost: the rocket equation is not used
    found = rocket_problem(*(values.get(f"transport.{k}", 0.0) for k in ("inert_fraction", "delta_v", "isp")),
                           values.get("transport.leo_cost"))
    if not found:
        return
    path, msg = found
    given = {str(k): k for k in (overrides or {})}
    where = given.get(path) or next((k for k in given.values() if str(k) in _ROCKET_INPUTS), None)
    if where is not None:
        raise ScenarioError(Problem(msg, where, origin=getattr(where, "origin", "overrides")))
    line, column = (scenario.positions or {}).get(path, (None, None))
    raise ScenarioError(Problem(msg, path, scenario.file, line, column))


#: The inputs of the rocket equation and the LEO cost: an override of one is where its problem is.
_ROCKET_INPUTS = ("transport.inert_fraction", "transport.delta_v", "transport.isp", "transport.leo_cost")


def _located(scenario: Scenario, path: str, msg: str, overrides) -> Problem:
    """A problem found only when evaluating (a sized sheet thicker than it is wide), at the
    element group's place in the file, naming the overrides in force if any."""
    line, column = (scenario.positions or {}).get(path, (None, None))
    if overrides:
        msg += " (with the overrides " + ", ".join(map(str, overrides)) + ")"
    return Problem(msg, path, scenario.file, line, column)


def _from_list(value):
    """A list or tuple of Quantities (``[Q_(1, "MUSD/kg"), Q_(2, "MUSD/kg")]``) as one Quantity
    array in the first one's unit; anything else as it is (a mix of Quantities and numbers, or of
    dimensions, is left for the checks that name it)."""
    if not isinstance(value, (list, tuple)) or not value or not any(isinstance(v, pint.Quantity) for v in value):
        return value
    if not all(isinstance(v, pint.Quantity) and np.ndim(v.magnitude) == 0 for v in value):
        return value
    unit = value[0].units
    if any(v.dimensionality != value[0].dimensionality for v in value):
        return value
    return ureg.Quantity(np.array([v.m_as(unit) for v in value], dtype=np.float64), unit)


def _value_kind_problem(value) -> str | None:
    """Why an override cannot be read as real numbers (None when it can): booleans, complex
    numbers (never truncated to their real part), masked, object or ragged arrays, other types."""
    mag = value.magnitude if isinstance(value, pint.Quantity) else value
    if isinstance(mag, str):
        return None
    if np.ma.isMaskedArray(mag):
        return "a masked array has points with no value; fill or compress it first"
    if isinstance(mag, (bool, np.bool_)):
        return f"expected a number, got the boolean {bool(mag)}"
    if isinstance(mag, (int, float, np.integer, np.floating)):
        return None
    if not isinstance(mag, (np.ndarray, list, tuple, complex, np.complexfloating)):
        return f"expected a number, an array, a Quantity or a string, got {type(mag).__name__}"
    if isinstance(mag, (list, tuple)) and any(isinstance(v, (pint.Quantity, str)) for v in mag):
        return ("expected a list of numbers, or of Quantities of one dimension, got a mix; give one "
                "Quantity of an array instead, e.g. Q_([1, 2], 'MUSD/kg')")
    try:
        kind = np.asarray(mag).dtype.kind
    except ValueError:  # a ragged nested list
        return "a ragged list (rows of different lengths) is not an array of numbers"
    return {"c": "complex values are not allowed (a physical input is real; the imaginary part "
                 "would be dropped)",
            "b": "expected numbers, got an array of booleans",
            "O": "expected numbers, got an array of Python objects (dtype object)",
            "U": "expected numbers, got an array of strings; give a Quantity array instead",
            "S": "expected numbers, got an array of bytes",
            "M": "expected numbers, got an array of dates",
            "m": "expected numbers, got an array of time deltas; give a Quantity array"}.get(kind)


#: Results smaller than this are never refused for size, without reading the free memory
#: (``/proc/meminfo``), which a single point would otherwise do on every call. [B]
_ALWAYS_FITS = 1 << 20


def _check_broadcast(scenario: Scenario, values, overrides) -> None:
    """Refuse overrides whose arrays do not broadcast together (naming two of them and their
    shapes), or whose broadcast would give more results than fit in memory (with the size)."""
    from ..memory import memory_budget, size_text

    given = {resolve_path(scenario, k): k for k in (overrides or {})}
    arrays = [(given.get(p, p), np.shape(v)) for p, v in values.items() if _ndim(v)]
    shape = ()
    for i, (path, s) in enumerate(arrays):
        try:
            shape = np.broadcast_shapes(shape, s)
        except ValueError:
            other, t = next((q, t) for q, t in arrays[:i] if not _broadcasts(s, t))
            raise ScenarioError(Problem(f"shape {s} does not broadcast with '{other}' of shape "
                                        f"{t}", path, origin=getattr(path, "origin", "overrides")))
    n = math.prod(shape)
    nbytes = 8.0 * n * (len(METRICS) + 8 * len(scenario.elements))
    if nbytes > _ALWAYS_FITS and nbytes > memory_budget():
        raise ScenarioError(Problem(
            f"the overrides broadcast to {n:,} points (shape {shape}): {size_text(nbytes)} of "
            f"results, more than the memory budget ({size_text(memory_budget())}); evaluate fewer "
            "points at a time, or use basaltcalc.sweep / basaltcalc.uncertainty",
            origin="overrides"))


def _broadcasts(a, b) -> bool:
    try:
        np.broadcast_shapes(a, b)
        return True
    except ValueError:
        return False


def check_outputs(scenario: Scenario, asked=None) -> list[str]:
    """The outputs :func:`evaluate` checks on every evaluation (:func:`invalid_points`,
    :func:`oversize_pieces`, :meth:`Results.warnings`), to compute with the metrics asked in
    one pass: the validity and fit of every piece, and the amounts float64 must hold
    (:data:`~basaltcalc.metrics.REPRESENTABLE`), all of them where ``asked`` is None (a Results
    that computes any metric), else those the metrics ``asked`` are built from (their stages
    among the stages the asked metrics need: a landed-cost sweep of ``cost_ratio`` checks the
    totals, not the present values it never computes)."""
    from ..core.graph import needed
    from ..metrics import REPRESENTABLE, representable_name

    n = len(scenario.elements)
    nodes, deps = model_graph(n), model_dependencies(n)  # the superset: costs with their flights
    if asked is None:
        amounts = list(REPRESENTABLE)
    else:
        stages = set(needed(nodes, deps, [split_comparator(a)[0] for a in asked]))
        amounts = [r for r in REPRESENTABLE if set(needed(nodes, deps, [r])) - {r} <= stages]
    # an amount asked is checked as computed; the others by their masks, folded (a few bytes:
    # the mask itself is computed again only where a point fails)
    names = [r if asked is not None and r in asked else folded(representable_name(r)) for r in amounts]
    labels = [c["label"] for c in comparators(scenario)[1:]]
    for i in range(n):
        names += [folded(f"elements[{i}].{o}.{f}") for o in ("earth", "insitu") for f in ("valid", "thin")]
        names.append(folded(f"elements[{i}].earth.fits"))
        names += [folded(f"elements[{i}].earth[{label}].{f}") for label in labels for f in ("fits", "valid")]
    # the fit of every piece; its mass only for the message where one does not fit (then asked)
    return names + [folded(f"insitu.{piece}_fits") for piece in compare.PIECES]


def _oversize(out, fits: str, mass: str) -> tuple[int, float]:
    """The number of points where a piece does not fit and its largest mass there [kg]; points
    already invalid (NaN mass, reported by their own check) are not counted again."""
    if all_true(out, fits):
        return 0, 0.0
    fit = np.asarray(out.get(fits, True))
    m = np.broadcast_to(np.asarray(out[mass], dtype=float), fit.shape)
    heavy = ~fit & ~np.isnan(m)
    bad = int(np.count_nonzero(heavy))
    return bad, (float(np.max(m[heavy])) if bad else 0.0)


def oversize_pieces(scenario: Scenario, out: dict) -> list[tuple[str, str, int]]:
    """Indivisible pieces heavier than one lander's payload, each with its packaging: an element
    launched from Earth (the primary comparator), the in-situ processing plant (or its largest
    module, where the plant is modular), one power generation unit, one storage unit and one
    excavator: (path, message, number of points)."""
    found = []
    named = getattr(scenario, "lander_named", True)
    largest = catalogue_landers()[-1]
    than = ("one lander's payload (transport.payload_per_flight)" if named else
            f"the largest catalogue lander's payload ({largest[0]}, {largest[1]:,.0f} kg; the file names no lander)")
    for i, e in enumerate(scenario.elements):
        for label in [None]:  # the primary comparator; the others: Results.warnings()
            option = "earth" if label is None else f"earth[{label}]"
            bad, mass = _oversize(out, f"elements[{i}].{option}.fits", f"elements[{i}].{option}.mass")
            if bad:
                found.append((f"elements[{i}]", f"one '{e['name']}' launched from Earth in "
                              f"{label or scenario.earth_material} ({mass:.4g} kg, with packaging more) is "
                              f"heavier than {than}: split it or choose a larger lander", bad))
    module = "insitu.plant_module_mass" in scenario.inputs
    power, route = f"power.{scenario.power}", f"routes.{scenario.route}"
    fix = "choose a larger lander (transport.payload_per_flight)"
    pieces = [
        ("plant", _where(scenario, "insitu.plant_module_mass", "insitu.modular", "insitu") if module else "insitu",
         "one module of the in-situ plant" if module else "the in-situ processing plant, one piece,",
         ("give a plant_module_mass that fits, or " if module else
          "declare the plant modular (insitu: {modular: true} or a plant_module_mass), or ") + fix),
        ("generation_unit", _where(scenario, f"{power}.unit_power", "insitu.power", "insitu"),
         f"one power generation unit of {power}.unit_power", fix),
        ("storage_unit", _where(scenario, f"{power}.storage_unit_energy", "insitu.power", "insitu"),
         f"one night-storage unit of {power}.storage_unit_energy", fix),
        ("excavator", _where(scenario, f"{route}.excavator_mass", "insitu.route", "insitu"),
         f"one excavator of {route}.excavator_mass", fix),
    ]
    for name, path, what, how in pieces:
        bad, heavy = _oversize(out, f"insitu.{name}_fits", f"insitu.{name}_piece")
        if bad:
            found.append((path, f"{what} ({heavy:.4g} kg with packaging) is heavier than "
                          f"{than}: {how}", bad))
    return found


def cer_range_notes(scenario: Scenario, raw: dict) -> list[str]:
    """A note per system (plant, power system) whose mass per unit lies outside the validity
    range of the scenario's cost-estimating relationship (``data/cers.yaml`` ``validity_mass``;
    :func:`basaltcalc.core.cers.outside_range`), with the number of points; none for the
    ``estimate`` cost model."""
    from ..catalogue import data_file
    from ..core.cers import outside_range

    model = getattr(scenario, "cost_model", "estimate")
    if model == "estimate":
        return []
    rng = data_file("cers.yaml")[model]["validity_mass"]
    lo, hi = (ureg.Quantity(float(rng[k]), rng["unit"]).m_as("kg") for k in ("low", "high"))
    notes = []
    with np.errstate(divide="ignore", invalid="ignore"):
        systems = (("plant", np.divide(raw["insitu.plant_mass"], raw["insitu.plant_units"])),
                   ("power system", np.divide(raw["insitu.power_system_mass"], raw["insitu.power_units"])))
    for name, mass in systems:
        bad = outside_range(mass, lo, hi)
        n = int(np.count_nonzero(bad))
        if n:
            where = f" at {n} of {bad.size} points" if np.ndim(bad) else ""
            notes.append(f"economics.cost_model: the {model} CER is applied to a {name} of "
                         f"{float(np.max(mass) if np.max(mass) > hi else np.min(mass)):.4g} kg{where}, outside its "
                         f"validity range {lo:g}-{hi:g} kg ({rng.get('kind', 'published')}); the cost is an extrapolation")
    return notes


def _where(scenario: Scenario, *paths: str) -> str:
    """The first of ``paths`` the file gives (it has a position), else the last: a default's
    problem is reported where the file chose it (``insitu.power: fission-surface-power``)."""
    positions = scenario.positions or {}
    return next((p for p in paths if p in positions), paths[-1])


@dataclass
class Results:
    """Metrics of one evaluation, as Quantities by name (``res["cost_ratio"]``)."""

    scenario: Scenario
    raw: dict
    shape: tuple
    overrides: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> pint.Quantity:
        base, label = split_comparator(name)  # earth[al-2219].total_cost -> earth.total_cost
        known = self.raw.known(name) if isinstance(self.raw, Metrics) else name in self.raw
        if label is not None and not known:
            raise KeyError(f"no metric {name!r}{_suggest(name, [k for k in self.raw if '[' in k])}")
        if base in METRICS:
            unit = METRICS[base][0]
        else:
            m = re.fullmatch(r"elements\[(\d+)\]\.(earth|insitu)\.(\w+)", base)
            if not m or m.group(3) not in ELEMENT_METRICS:
                raise KeyError(f"no metric {name!r}{_suggest(name, METRICS)}")
            unit = ELEMENT_METRICS[m.group(3)]
        value, unit = self.raw[name], unit_of(unit)  # a Unit parsed once: ~3 us a Quantity, not ~40
        if self.shape == ():
            return ureg.Quantity(float(value), unit)
        return ureg.Quantity(np.broadcast_to(np.asarray(value, dtype=np.float64), self.shape), unit)

    def __contains__(self, name):
        return name in METRICS

    def __iter__(self):
        return iter(METRICS)

    def keys(self):
        return METRICS.keys()

    def magnitude(self, name: str):
        """The SI magnitude of a metric, in the shape of the results (float or ndarray)."""
        return self[name].magnitude

    def elements(self) -> list[dict]:
        """Per element group: thickness, mass, cost and governing rule of each option.

        The cost of one element is its mass times its option's cost per kg of product: exact for
        the Earth option (every term is per kg), an allocation by mass for the in-situ option
        (plant, power, development and operations are shared by all elements).

        Where the scenario has several Earth comparators, ``row["comparators"]`` holds the same
        figures for each by label (``row["earth"]`` is the primary one).
        """
        rows = []
        comps = comparators(self.scenario)
        for i, e in enumerate(self.scenario.elements):
            row = {"name": e["name"], "kind": e["kind"], "count": e["count"]}
            row["earth"] = self._element(i, e, "earth", self.scenario.earth_material)
            row["insitu"] = self._element(i, e, "insitu", self.scenario.insitu_material)
            if len(comps) > 1:
                row["comparators"] = {c["label"]: self._element(i, e, f"earth[{c['label']}]", c["material"])
                                      for c in comps}
            rows.append(row)
        return rows

    def _element(self, i, e, option, material) -> dict:
        rules = SHEET_RULES if e["kind"] == "sheet" else TUBE_RULES
        gov = np.asarray(self.raw[f"elements[{i}].{option}.governing"])
        return {
            "material": material,
            "thickness": self[f"elements[{i}].{option}.thickness"],
            "mass": self[f"elements[{i}].{option}.mass"],
            "cost": self[f"elements[{i}].{option}.mass"] * self[f"{option}.cost_per_kg"],
            "governing": rules[int(gov)] if gov.ndim == 0 else None,
            "thin_wall_valid": all_true(self.raw, f"elements[{i}].{option}.thin"),
        }

    def warnings(self) -> list[str]:
        """Validity notes: thin-wall and thin-plate formulas used outside their range, a CER
        applied to a mass outside its validity range (:func:`cer_range_notes`)."""
        notes = cer_range_notes(self.scenario, self.raw)
        for i, e in enumerate(self.scenario.elements):
            for c in comparators(self.scenario)[1:]:
                if not all_true(self.raw, f"elements[{i}].earth[{c['label']}].fits"):
                    notes.append(f"elements[{i}] '{e['name']}' (Earth, {c['label']}): one element is heavier "
                                 "than one lander's payload; that comparator could not be flown as sized")
            designs = [c["label"] for c in comparators(self.scenario)] or [self.scenario.earth_material]
            options = [("earth", f"Earth, {designs[0]}")] + [(f"earth[{d}]", f"Earth, {d}") for d in designs[1:]]
            for option, who in [*options, ("insitu", "in-situ")]:  # every design sized, each named
                if not all_true(self.raw, f"elements[{i}].{option}.thin"):
                    limit = "t/D <= 0.05 (thin-wall tube)" if e["kind"] == "tube" else "t/b <= 0.1 (thin plate)"
                    notes.append(f"elements[{i}] '{e['name']}' ({who}): thickness outside {limit}; "
                                 "sizing formulas are approximate there")
        return notes

    def chosen_landers(self) -> list[dict]:
        """Where the file names no lander, the one each option flies, the smallest of the catalogue
        that carries its largest piece: ``{"option", "path", "name", "payload", "cadence", "piece",
        "source"}`` per Earth comparator and for the in-situ option (SI); [] where the file names a
        lander, or for arrays."""
        sc = self.scenario
        if getattr(sc, "lander_named", True) or self.shape != ():
            return []
        by_payload = {x[1]: x for x in catalogue_landers()}
        preset = sc.inputs.get("transport.payload_per_flight")
        if preset is not None:  # the preset's lander (at the run's payload), kept where it carries the pieces
            values = apply_overrides(sc, with_choices(sc, self.overrides or None)[1])
            preset_payload = float(values["transport.payload_per_flight"])
            by_payload[preset_payload] = (sc.transport_preset, preset_payload,
                                          float(values["transport.flights_per_year"]),
                                          preset.default.source if preset.default is not None else None)
        labels = [c["label"] for c in comparators(sc)]
        options = [(f"Earth ({label})", "earth" if len(labels) == 1 else f"earth[{label}]",
                    f"transport.lander.earth" + ("" if len(labels) == 1 else f"[{label}]")) for label in labels]
        out = []
        for option, key, path in [*options, ("in-situ", "insitu", "transport.lander.insitu")]:
            payload = float(self.raw[f"{key}.payload_per_flight"])
            name, _, cadence, source = by_payload[payload]
            if getattr(sc, "cadence_named", True):
                cadence = sc.inputs["transport.flights_per_year"].si
            out.append({"option": option, "path": path, "name": name, "payload": payload, "cadence": cadence,
                        "piece": float(self.raw[f"{key}.largest_piece"]), "source": source,
                        "kept": preset is not None and payload == preset_payload})
        return out

    def same_product_note(self) -> str | None:
        """A line on an Earth design in the in-situ material: it is the same product, the larger of
        the material's and the route's minimum gauges applying to both
        (:func:`basaltcalc.core.compare.size_elements`); None where no comparator is, or for arrays."""
        sc = self.scenario
        if self.shape != () or not any(c["material"] == sc.insitu_material for c in comparators(sc)):
            return None
        values = apply_overrides(sc, with_choices(sc, self.overrides or None)[1])  # the run's own
        own = values.get(f"materials.{sc.insitu_material}.min_thickness")
        route = values.get(f"routes.{sc.route}.min_thickness")
        if own is None or route is None:
            return None
        own, route = float(own), float(route)
        return (f"Earth ({sc.insitu_material}) is the in-situ product: the larger minimum gauge, "
                f"{max(own, route) * 1e3:g} mm (material {own * 1e3:g} mm, route {sc.route} "
                f"{route * 1e3:g} mm), applies to both")

    def cash_flows(self, years: int | None = None):
        """The dated cash flows of both options by year, an :class:`xarray.Dataset` with the
        dims of the broadcast, ``option`` and ``year`` (:func:`basaltcalc.model.tables.cash_flows`)."""
        from .tables import cash_flows
        return cash_flows(self, years)

    def __repr__(self) -> str:
        from .tables import results_table
        return results_table(self)

    def _repr_html_(self) -> str:
        from .tables import results_html
        return results_html(self)
