"""Reading an ``optimize:`` block (or the same spec from Python) into an :class:`OptimizeSpec`.

Every problem is collected and raised at once, located: ``file:line:col optimize.decisions.
insitu.campaign[1]: ...`` for the file's block, the key path for a spec given in Python.  The
block's format is in ``docs/scenario-format.md`` ("Optimising the plan").

>>> import basaltcalc as bc
>>> spec = read_optimize(bc.default_scenario(), {"decisions": {"insitu.campaign": ["1 year", "4 year"],
...                                                             "power": "all"}})
>>> spec.objective, [d.path for d in spec.continuous], spec.discrete[0].options
('insitu.npv', ['insitu.campaign'], ['solar-with-storage', 'fission-surface-power'])
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from ..scenario.optimize import DISCRETE
from .specs import SpecReader

__all__ = ["read_optimize", "OptimizeSpec", "Continuous", "Discrete", "Constraint", "DEFAULT_STEPS",
           "DEFAULT_OBJECTIVE", "DEFAULT_WITHIN", "BEST"]

#: Intervals of a continuous decision's finest lattice where the spec gives no resolution.
DEFAULT_STEPS = 256
#: Most intervals of one continuous decision's lattice.
MAX_STEPS = 1 << 16
DEFAULT_OBJECTIVE = "insitu.npv"
#: Runner-up plans within this fraction of the best are listed.
DEFAULT_WITHIN = 0.05
#: The label of the best Earth design in a metric's name: ``savings[best]``.
BEST = "best"
_KEYS = ("objective", "decisions", "constraints", "earth", "over", "within")
#: Metrics against the best Earth design (``<name>[best]``).
BEST_METRICS = ("earth.total_cost", "earth.npv", "earth.launched_mass", "cost_ratio", "savings",
                "discounted_cost_ratio", "discounted_savings", "launched_mass_saved", "breakeven_landed_cost")


@dataclass
class Continuous:
    """A continuous decision: an input varied between bounds on a lattice of ``steps`` intervals."""

    path: str
    low: float  # [SI]
    high: float  # [SI]
    steps: int
    unit: str  # display unit of the bounds as given ('' for dimensionless)
    si_unit: str
    key: str  # as written

    def values(self, index):
        """SI values of lattice indices ``index`` (0 .. steps). [SI]"""
        if self.steps == 0:
            return np.full(np.shape(index), self.low)
        return self.low + np.asarray(index, dtype=np.float64) * ((self.high - self.low) / self.steps)


@dataclass
class Discrete:
    """A discrete decision: ``route`` (per element group), ``power``, ``lander`` or ``modular``."""

    name: str
    options: list


@dataclass
class Constraint:
    """``metric`` at most (``upper``) or at least ``bound`` [SI]."""

    metric: str
    bound: float
    upper: bool
    unit: str  # SI unit of the metric
    key: str  # key path in the spec, ``constraints.<metric>.at_most``
    shown: str  # the bound as given

    @property
    def text(self) -> str:
        return f"{self.metric} {'<=' if self.upper else '>='} {self.shown}"


@dataclass
class OptimizeSpec:
    """What :func:`basaltcalc.optimize` optimises."""

    objective: str = DEFAULT_OBJECTIVE
    maximize: bool = False
    continuous: list = field(default_factory=list)
    discrete: list = field(default_factory=list)
    constraints: list = field(default_factory=list)
    earth: list | None = None  # materials to choose the Earth design from, per group
    over: list | None = None  # sweep axes (studies.grid.Axis)
    within: float = DEFAULT_WITHIN
    from_file: bool = False
    positions: dict = field(default_factory=dict)  # key path -> where (for the errors of a run)

    def choice(self, name):
        """The options of discrete decision ``name`` (None: not decided)."""
        return next((d.options for d in self.discrete if d.name == name), None)

    def metrics(self) -> list[str]:
        """The metrics the search evaluates: the objective's and the constraints'."""
        return list(dict.fromkeys([self.objective, *(c.metric for c in self.constraints)]))


def read_optimize(scenario, spec=None) -> OptimizeSpec:
    """Validate an optimize spec (or the scenario's ``optimize:`` block).

    Raises
    ------
    ScenarioError
        Every problem at once, located (file:line:col for the file's block).
    """
    from ..errors import Problem, ScenarioError

    from_file = spec is None
    if from_file:
        spec = (getattr(scenario, "blocks", None) or {}).get("optimize")
        if spec is None:
            raise ScenarioError(Problem("the scenario has no 'optimize:' block; give one, e.g. optimize: "
                                        "{decisions: {insitu.campaign: [0.5 year, 8 year]}}, or a spec",
                                        "optimize", getattr(scenario, "file", None)))
    reader = SpecReader(scenario, "optimize", from_file)
    if not isinstance(spec, dict):
        reader.add("", f"expected a mapping with decisions:, objective:, constraints:, got {type(spec).__name__}")
        reader.raise_if_any()
    for key in spec:
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), _KEYS, 1, 0.6)
            reader.add(str(key), f"unknown key '{key}'" + (f"; did you mean '{close[0]}'?" if close else "")
                       + f" (allowed: {', '.join(_KEYS)})")
    out = OptimizeSpec(from_file=from_file)
    _decisions(reader, scenario, spec.get("decisions"), out)
    labels = _labels(scenario, out)
    _objective(reader, scenario, spec.get("objective"), out, labels)
    _constraints(reader, scenario, spec.get("constraints"), out, labels)
    _earth(reader, scenario, spec.get("earth"), out)
    out.within = _within(reader, spec.get("within"))
    if spec.get("over") is not None:
        from ..errors import ScenarioError as _Error
        from .grid import read_sweep

        try:
            out.over = read_sweep(scenario, spec["over"], block="optimize.over", from_file=from_file)
        except _Error as exc:
            reader.problems.extend(exc.problems)
        decided = {d.path for d in out.continuous}
        for axis in out.over or []:
            for ai in axis.inputs:
                if ai.path in decided:
                    reader.add(f"over.{ai.path}", f"'{ai.path}' is a decision: it cannot also be swept")
    reader.problems.sort(key=lambda p: (p.line or 0, p.column or 0))  # in the file's order
    reader.raise_if_any()
    if from_file:
        out.positions = {k: v for k, v in (scenario.positions or {}).items() if k.startswith("optimize")}
    return out


def _decisions(reader, scenario, block, out) -> None:
    if not isinstance(block, dict) or not block:
        reader.add("decisions", "give at least one decision, e.g. decisions: {insitu.campaign: "
                                "[0.5 year, 8 year], power: [solar-with-storage, fission-surface-power]}")
        return
    for key, item in block.items():
        key = str(key)
        if key in DISCRETE:
            options = _options(reader, scenario, key, item)
            if options is not None:
                out.discrete.append(Discrete(key, options))
        elif "." not in key and "[" not in key:
            close = difflib.get_close_matches(key, DISCRETE, 1, 0.6)
            reader.add(f"decisions.{key}", f"unknown decision '{key}'" + (f"; did you mean '{close[0]}'?" if close else "")
                       + f" (discrete: {', '.join(DISCRETE)}; or an input path such as insitu.campaign)")
        else:
            c = _continuous(reader, scenario, key, item, out)
            if c is not None:
                out.continuous.append(c)
    out.discrete.sort(key=lambda d: DISCRETE.index(d.name))
    routes = out.choice("route")
    if routes is not None and len(routes) > 1 and len(scenario.elements) > 6:
        reader.add("decisions.route", f"a route per element group is chosen for at most 6 groups "
                                      f"(2^G subsets); the scenario has {len(scenario.elements)}")


def _options(reader, scenario, name, item):
    """The choices of a discrete decision, checked, the file's own first where it is one."""
    from .plans import all_choices

    known = all_choices(scenario, name)
    where = f"decisions.{name}"
    if item == "all" or (name == "modular" and item == "both"):
        return known
    if name == "modular" and isinstance(item, bool):
        return [item]
    if isinstance(item, str) and name != "modular":
        item = [item]
    if not isinstance(item, (list, tuple)) or not item:
        what = "[true, false]" if name == "modular" else f"a list of {name} names or 'all'"
        reader.add(where, f"expected {what}, got {item!r}")
        return None
    options, ok = [], True
    for i, v in enumerate(item):
        if name == "modular":
            if not isinstance(v, bool):
                reader.add(f"{where}[{i}]", f"expected true or false, got {v!r}")
                ok = False
        elif not isinstance(v, str) or v not in known:
            close = difflib.get_close_matches(str(v), known, 1, 0.6)
            reader.add(f"{where}[{i}]", f"unknown {_noun(name)} {v!r}" + (f"; did you mean '{close[0]}'?" if close else "")
                       + f" (known: {', '.join(map(str, known))})")
            ok = False
        if v in options:
            reader.add(f"{where}[{i}]", f"{v!r} is listed twice")
            ok = False
        options.append(v)
    return options if ok else None


def _noun(name):
    return {"route": "route", "power": "power preset", "lander": "transport preset"}.get(name, name)


def _continuous(reader, scenario, key, item, out):
    """A continuous decision (an input path with its bounds), or None with a problem recorded."""
    where = f"decisions.{key}"
    path, inp = _decision_input(reader, scenario, key, where)
    if path is None:
        return None
    resolution = None
    if isinstance(item, dict):
        unknown = [k for k in item if k not in ("between", "resolution")]
        for k in unknown:
            reader.add(f"{where}.{k}", f"unknown key '{k}' (allowed: between, resolution)")
        if unknown:
            return None
        if "between" not in item:
            reader.add(where, "give between: [low, high]")
            return None
        resolution = item.get("resolution")
        item, where_bounds = item["between"], f"{where}.between"
    else:
        where_bounds = where
    if not isinstance(item, (list, tuple)) or len(item) != 2:
        reader.add(where_bounds, f"expected the bounds [low, high], e.g. ['0.5 year', '8 year'], got {item!r}")
        return None
    got = [reader.quantity(v, inp, f"{where_bounds}[{i}]") for i, v in enumerate(item)]
    if any(g[0] is None for g in got):
        return None
    (low, unit), (high, _) = got
    if low > high:
        reader.add(where_bounds, f"low {item[0]!r} is above high {item[1]!r}")
        return None
    if not reader.check_domain(path, inp, where_bounds, np.array([low, high]), "bounds"):
        return None
    steps = DEFAULT_STEPS if high > low else 0
    if resolution is not None and high > low:
        step, _ = reader.quantity(resolution, inp, f"{where}.resolution", delta=True)
        if step is None:
            return None
        if not step > 0:
            reader.add(f"{where}.resolution", f"expected a positive step, got {resolution!r}")
            return None
        steps = math.ceil((high - low) / step - 1e-9)
        if steps > MAX_STEPS:
            reader.add(f"{where}.resolution", f"{resolution!r} makes {steps:,} intervals of "
                       f"[{item[0]}, {item[1]}]; at most {MAX_STEPS:,}")
            return None
        steps = max(steps, 1)
    if path.endswith(".count") and high > low:
        steps = int(round(high - low))  # whole elements
    si_unit = f"{inp.unit:~P}" if not inp.unit.dimensionless else ""
    return Continuous(path, low, high, steps, unit or si_unit, si_unit, key)


def _decision_input(reader, scenario, key, where):
    """(path, Input) of a continuous decision; the module mass of a plant made modular by the
    ``modular`` decision is one too."""
    from ..model import resolve_path

    try:
        canonical = resolve_path(scenario, key)
    except Exception:  # noqa: BLE001 - reported by reader.input
        canonical = key
    if canonical == "insitu.plant_module_mass" and canonical not in scenario.inputs:
        from .plans import plan_scenario

        modular = plan_scenario(scenario, modular=True)
        return canonical, modular.inputs[canonical]
    return reader.input(key, where)


def _labels(scenario, out) -> set:
    from ..metrics import comparator_labels

    return {*comparator_labels(scenario), BEST}


def _metric(reader, scenario, name, where, out, labels):
    """A metric name the optimiser can evaluate, or None with a problem recorded."""
    from ..metrics import METRICS, comparator_names, split_comparator
    from ..metrics import _known  # the one check of metric names
    from .plans import combinable

    if not isinstance(name, str):
        reader.add(where, f"expected a metric name, e.g. 'insitu.npv', got {name!r}")
        return None
    base, label = split_comparator(name)
    if label == BEST:
        if base not in BEST_METRICS:
            reader.add(where, f"'{name}': against the best Earth design ([best]) the optimiser has "
                              f"{', '.join(m + '[best]' for m in BEST_METRICS)}")
            return None
    elif not _known(name, labels) or name.startswith("elements["):
        options = [*METRICS, *comparator_names(scenario), *(f"{m}[best]" for m in BEST_METRICS)]
        close = difflib.get_close_matches(name, options, 1, 0.6)
        reader.add(where, f"no metric '{name}'" + (f"; did you mean '{close[0]}'?" if close else ""))
        return None
    routes = out.choice("route")
    if routes is not None and len(routes) > 1 and not combinable(base) and label != BEST:
        reader.add(where, f"'{name}' is not defined for a plan whose groups several routes make "
                          "(decisions.route); use a cost, present value, mass, time or ratio of them")
        return None
    return name


def _objective(reader, scenario, raw, out, labels) -> None:
    if raw is None:
        return
    where, maximize = "objective", False
    if isinstance(raw, dict):
        keys = list(raw)
        if len(keys) != 1 or keys[0] not in ("minimize", "maximize", "minimise", "maximise"):
            reader.add(where, f"expected a metric name, {{minimize: METRIC}} or {{maximize: METRIC}}, got {raw!r}")
            return
        maximize = keys[0].startswith("max")
        where, raw = f"objective.{keys[0]}", raw[keys[0]]
    name = _metric(reader, scenario, raw, where, out, labels)
    if name is not None:
        out.objective, out.maximize = name, maximize


def _constraints(reader, scenario, block, out, labels) -> None:
    from ..metrics import metric_info, split_comparator

    if block is None:
        return
    if not isinstance(block, dict):
        reader.add("constraints", f"expected a mapping of metric: {{at_most: VALUE}}, got {block!r}")
        return
    for name, item in block.items():
        where = f"constraints.{name}"
        metric = _metric(reader, scenario, str(name), where, out, labels)
        if metric is None:
            continue
        if not isinstance(item, dict) or not item or any(k not in ("at_most", "at_least") for k in item):
            reader.add(where, f"expected {{at_most: VALUE}} or {{at_least: VALUE}}, got {item!r}")
            continue
        base = split_comparator(metric)[0]
        unit = metric_info(base)[0] if split_comparator(metric)[1] != BEST else metric_info(base)[0]
        target = SimpleNamespace(unit=_unit(unit))
        for k, raw in item.items():
            si, _ = reader.quantity(raw, target, f"{where}.{k}")
            if si is None:
                continue
            out.constraints.append(Constraint(metric, si, k == "at_most", unit, f"{where}.{k}",
                                              str(raw) if not isinstance(raw, float) else f"{raw:g}"))


def _unit(si_unit: str):
    from ..units import ureg

    return ureg.Unit(si_unit or "")


def _earth(reader, scenario, raw, out) -> None:
    if raw is None:
        return
    known = list(scenario.materials)
    if raw == BEST:
        out.earth = known
        return
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, (list, tuple)) or not raw:
        reader.add("earth", f"expected 'best' or a list of materials, got {raw!r}")
        return
    materials = []
    for i, m in enumerate(raw):
        if m == "same":
            m = scenario.insitu_material
        if not isinstance(m, str) or m not in known:
            close = difflib.get_close_matches(str(m), known, 1, 0.6)
            reader.add(f"earth[{i}]", f"unknown material {m!r}" + (f"; did you mean '{close[0]}'?" if close else "")
                       + f" (known: {', '.join(known)})")
            continue
        if m not in materials:
            materials.append(m)
    out.earth = materials


def _within(reader, raw) -> float:
    if raw is None:
        return DEFAULT_WITHIN
    value = None
    if isinstance(raw, str) and raw.strip().endswith("%"):
        try:
            value = float(raw.strip()[:-1]) / 100.0
        except ValueError:
            value = None
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    if value is None or not 0.0 <= value <= 10.0 or not math.isfinite(value):
        reader.add("within", f"expected a fraction such as '5 %' or 0.05 (0 to 1000 %), got {raw!r}")
        return DEFAULT_WITHIN
    return value
