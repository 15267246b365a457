"""The explorer's controls: the sliders (:class:`Control`, the inputs that move the cost ratio most,
each over its sourced range in the unit its data file writes), the dropdowns (:class:`Choice`,
the scenario's route, power preset, transport preset and Earth design), the scenario a choice
makes, and the conversions between a value as shown, as a file writes it and in SI."""
from __future__ import annotations

import copy
import dataclasses
import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from ...arguments import refuse
from ...errors import Problem, ScenarioError

__all__ = ["CHOICES", "Control", "Choice", "choices_of", "with_choices", "ranked", "control_for",
           "display_unit", "own_value", "file_text", "display_text", "si_value", "value_in_unit",
           "pint_unit", "LOG_SPAN"]

#: The categorical choices, by the path ``set`` takes: what each is called.
CHOICES = {"insitu.route": "route", "insitu.power": "power preset",
           "transport.preset": "lander (transport preset)", "earth.material": "Earth design"}
#: Spans of a decade or more get a logarithmic slider (the set's log-PERT rule).
LOG_SPAN = 10.0
_CALL = "explore"


@dataclass(frozen=True)
class Control:
    """One slider: an input, its range and value in the unit shown (the unit its data file writes)."""

    path: str
    low: float
    high: float
    unit: str
    log: bool
    start: float  # the scenario's own value, in unit
    source: str  # the reference key of its range, or "uncertainty block", "given"
    reach: float  # how far either end of its range moves the cost ratio (the tornado's rank) [-]

    @property
    def label(self) -> str:
        from ..plotting.style import input_label

        return input_label(self.path, self.unit)


@dataclass(frozen=True)
class Choice:
    """One dropdown: a categorical choice of the scenario and the names it may take."""

    path: str
    options: tuple
    start: str | None

    @property
    def label(self) -> str:
        """What the choice is called: ``'route'``, ``'Earth design'``."""
        return CHOICES[self.path]


def choices_of(sc) -> dict[str, Choice]:
    """The four choices of :data:`CHOICES` with the names each may take (the catalogue's and the
    file's new ones) and the scenario's own."""
    from ...scenario.choices import known_entries

    materials = [*dict.fromkeys(["same", *sc.materials])]
    presets = tuple(known_entries(sc.raw, "transport"))
    return {
        "insitu.route": Choice("insitu.route", tuple(sc.route_materials or known_entries(sc.raw, "routes")), sc.route),
        "insitu.power": Choice("insitu.power", tuple(known_entries(sc.raw, "power")), sc.power),
        "transport.preset": Choice("transport.preset", presets if sc.transport_preset else (None, *presets),
                                   sc.transport_preset),
        "earth.material": Choice("earth.material", tuple(materials),
                                 "same" if sc.earth_same else sc.earth_material),
    }


def with_choices(sc, chosen: dict):
    """``sc`` with the choices ``chosen`` (itself where they are its own): its file data with the
    route (and the material it makes), power preset, transport preset and Earth design replaced,
    validated again as a file is."""
    from ...scenario import scenario_from_dict

    own = choices_of(sc)
    if all(chosen[p] == own[p].start for p in CHOICES):
        return sc
    d = copy.deepcopy(sc.to_dict())
    if chosen["insitu.route"] != sc.route:
        d["insitu"]["route"] = chosen["insitu.route"]
        d["insitu"]["material"] = sc.route_materials[chosen["insitu.route"]]
    d["insitu"]["power"] = chosen["insitu.power"]
    if chosen["transport.preset"] is None:
        d["transport"].pop("preset", None)
    else:
        d["transport"]["preset"] = chosen["transport.preset"]
    d["earth"]["material"] = chosen["earth.material"]
    what = "; ".join(f"{p} = {chosen[p]}" for p in CHOICES if chosen[p] != own[p].start)
    try:
        new = scenario_from_dict(d, file=sc.file, positions=sc.positions)
    except ScenarioError as exc:
        raise ScenarioError([Problem(f"with {what}: {p.message}", p.path, p.file, p.line, p.column, p.origin)
                             for p in exc.problems]) from None
    new.file_sha256 = sc.sha256 or None
    new.explore_notes = _prune_blocks(new, what)
    return new


def _prune_blocks(sc, what: str) -> list[str]:
    """Leave out of ``sc``'s ``uncertainty:`` and ``sweep:`` blocks the entries of inputs it no
    longer has (another route's or power preset's): the notes saying which."""
    from ...model.boundary import resolve_path
    from ...studies.uncertainty_set import _RESERVED

    notes = []
    for name in ("uncertainty", "sweep"):
        block = sc.blocks.get(name)
        if not isinstance(block, dict):
            continue
        kept = {}
        for key, value in block.items():
            try:
                keep = key in _RESERVED or resolve_path(sc, str(key)) in sc.inputs
            except ScenarioError:
                keep = False
            if keep:
                kept[key] = value
            else:
                notes.append(f"{name}: {key} left out: not an input with {what}")
        sc.blocks = {k: v for k, v in {**sc.blocks, name: kept}.items() if v or k != "sweep"}
    return notes


def ranked(sc, inputs, top: int) -> list[Control]:
    """The sliders of ``sc``: ``inputs`` (a list or a mapping to ``[low, high]``, in order), else
    the ``top`` inputs of the uncertainty set by the tornado's reach on the cost ratio (those that
    move it at all)."""
    from ...studies.sensitivity import tornado, tornado_reach

    if inputs is None and top == 0:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an end that cannot be sized: NaN there
        try:
            ds = tornado(sc, inputs, metrics=("cost_ratio",))
        except ScenarioError as exc:
            raise ScenarioError([dataclasses.replace(p, origin=f"{_CALL}()", path=f"inputs.{p.path}")
                                 for p in exc.problems]) from None
    reach = tornado_reach(ds, "cost_ratio")
    order = range(len(reach))
    if inputs is not None:  # the order given, not the rank
        where = {str(p): i for i, p in enumerate(ds["input"].values)}
        from ...model.boundary import resolve_path

        order = [where[resolve_path(sc, p)] for p in inputs]
    controls = []
    for i in order:
        if inputs is None and (len(controls) == top or not reach[i] > 0):
            break
        path = str(ds["input"].values[i])
        unit = _readable(str(ds["shown_units"].values[i]))
        lo, hi = (float(f"{float(ds[k].values[i]):.12g}") for k in ("low_shown", "high_shown"))
        start = own_value(sc, path, unit)
        lo, hi = min(lo, start), max(hi, start)
        controls.append(Control(path, lo, hi, unit, lo > 0 and hi / lo >= LOG_SPAN, start,
                                str(ds["source"].values[i]), float(reach[i])))
    return controls


def control_for(sc, path: str, unit: str) -> Control:
    """A slider for an input set outside the ranked ones: over its sourced range where it has one,
    else a decade either side of its value."""
    from ...units import ureg

    inp = sc.inputs[path]
    start = own_value(sc, path, unit)
    d = inp.default
    if d is not None and d.range_si[0] < d.range_si[1]:
        lo, hi = (float(f"{ureg.Quantity(b, inp.unit).m_as(pint_unit(unit)):.12g}") for b in d.range_si)
        source = d.source
    else:
        lo, hi, source = (start / 10, start * 10, "given") if start > 0 else (0.0, 1.0, "given")
    lo, hi = min(lo, start), max(hi, start)
    return Control(path, lo, hi, unit, lo > 0 and hi / lo >= LOG_SPAN, start, source, math.nan)


def display_unit(sc, path: str) -> str:
    """The unit an input is shown in: the one its data file writes (as the tornado and the
    uncertainty set show it), else its SI unit; '' for a dimensionless input."""
    from ...units import input_unit_text, unit_text

    inp = sc.inputs[path]
    unit = inp.default.quantity.units if inp.default is not None else inp.unit
    if unit.dimensionless:
        return ""
    return _readable(input_unit_text(path, unit) if inp.default is not None else unit_text(unit))


def _readable(unit: str) -> str:
    """A unit as a slider and a file show it: ``a`` -> ``year`` (pint reads both alike)."""
    from ..plotting.style import readable_unit

    return readable_unit(unit)


def pint_unit(unit: str):
    from ...units import unit as parse_unit
    from ...units import ureg

    return parse_unit(unit) if unit else ureg.dimensionless


def own_value(sc, path: str, unit: str) -> float:
    """The scenario's own value of an input in ``unit``: rounded to 12 significant digits where
    that reads back to the same SI value (2 years, not the 1.9999999999999998 of converting
    63,115,200 s back)."""
    from ...units import ureg

    inp = sc.inputs[path]
    value = float(ureg.Quantity(inp.si, inp.unit).m_as(pint_unit(unit)))
    short = float(f"{value:.12g}")
    return short if short == value or si_value(short, unit, inp.unit) == inp.si else value


def file_text(value: float, unit: str):
    """A value as the file writes it: the shortest text that reads back to the same float, with
    its unit; a plain number where it has none (a count as a whole number)."""
    if not unit:
        return int(value) if float(value).is_integer() and abs(value) < 2 ** 53 else float(value)
    return f"{float(value)!r} {unit}"


def display_text(value: float, unit: str) -> str:
    """A value as the explorer lists it: 6 significant digits and its unit."""
    return f"{value:.6g} {unit}".rstrip()


def si_value(value: float, unit: str, si_unit) -> float:
    """The SI value of ``value`` in ``unit``, exactly as a file's reader converts its text."""
    from ...scenario.quantities import quantity_si

    si = "" if si_unit.dimensionless else str(si_unit)
    return quantity_si(file_text(value, unit), si, "any")


def value_in_unit(value, unit: str, si_unit, path: str) -> float:
    """``value`` (a Quantity, a text with a unit, or a number in ``unit``) in ``unit``, or a
    located error naming ``set() path``."""
    from ...errors import UnitsError
    from ...units import parse_quantity

    if isinstance(value, (bool, np.bool_)) or value is None:
        raise refuse("set", path, f"expected a value{f' in {unit}' if unit else ''}, got {value!r}", wrong_type=True)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    try:
        if isinstance(value, str):
            value = parse_quantity(value, path)
        if hasattr(value, "dimensionality"):
            if np.ndim(value.magnitude) != 0:
                raise refuse("set", path, f"expected one value, got an array of shape {np.shape(value.magnitude)}")
            target = pint_unit(unit)
            if value.dimensionality != target.dimensionality:
                from ...units import dimension_hint

                raise refuse("set", path, f"expected {dimension_hint(str(si_unit))}, got {value:~P} "
                                          f"({value.dimensionality})")
            shown = float(value.m_as(target))
        elif isinstance(value, numbers.Real):
            shown = float(value)
        else:
            raise refuse("set", path, f"expected a value (a Quantity, a text such as '3 m', or a number in "
                                      f"{unit or 'no unit'}), got {type(value).__name__}", wrong_type=True)
    except UnitsError as exc:
        raise refuse("set", path, str(exc).split(": ", 1)[-1]) from None
    if not math.isfinite(shown):
        raise refuse("set", path, f"expected a finite value, got {shown!r}")
    return shown


