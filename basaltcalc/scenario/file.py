"""Scenario files: YAML -> validated :class:`Scenario` with every input and where it came from.

The format is DESIGN 4 (reference: ``docs/scenario-format.md``).  The whole structure is
validated by pydantic models built from the catalogue (:func:`file_model`): unknown keys are
errors with a near-miss suggestion, quantities are checked for their dimension (any unit pint
knows), fractions lie in [0, 1], counts are positive integers, and names of materials, routes,
presets and sites are checked against the catalogue and the file's own materials.  Every problem
found is reported at once, each with ``file:line:col`` and its key path, in one
:class:`~basaltcalc.ScenarioError`.

A loaded scenario holds :attr:`Scenario.inputs`: every numeric input the model uses, by dotted
path (``transport.landed_cost``, ``materials.cast-basalt.density``, ``elements[0].count``), each
with its value, SI unit, and origin (the file, or a catalogue default with its source).

>>> sc = scenario_from_text('''
... transport: {landed_cost: 300 kUSD/kg, payload_per_flight: 1 t, flights_per_year: 2 / year}
... insitu: {campaign: 18 month}
... elements:
...   - {kind: sheet, count: 10, length: 2 m, width: 1 m, load: {pressure: 5 kPa}}
... ''')
>>> sc.inputs["transport.landed_cost"].si, sc.inputs["materials.cast-basalt.density"].origin
(300000.0, 'default')
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pint

from ..catalogue import TABLES, Value, data_text, load_catalogue
from ..errors import Problem, ScenarioError, UnitsError
from ..units import dimension_hint, parse_quantity, ureg
from .reader import join_path, load_yaml, tab_problems

__all__ = ["Scenario", "Input", "load_scenario", "default_scenario", "scenario_from_dict",
           "scenario_from_text", "file_model", "json_schema", "ELEMENT_UNITS", "TRANSPORT_UNITS",
           "FRACTIONS", "MAX_FILE_BYTES", "SCHEMA_URL"]

#: SI unit of each element input.
ELEMENT_UNITS = {
    "count": "", "length": "m", "width": "m", "outer_diameter": "m", "thickness": "m",
    "load.pressure": "Pa", "load.internal_pressure": "Pa", "load.axial_load": "N",
    "load.effective_length_factor": "", "load.areal_density": "kg/m^2",
}
#: SI unit of each transport input.
TRANSPORT_UNITS = {
    "landed_cost": "USD/kg", "leo_cost": "USD/kg", "delta_v": "m/s", "isp": "s",
    "inert_fraction": "", "payload_per_flight": "kg", "flights_per_year": "1/s",
}
#: Inputs that are fractions, checked to lie in [0, 1].
FRACTIONS = {"yield", "beneficiation_yield", "melt_fraction", "furnace_efficiency", "ddte_share",
             "packaging_fraction", "availability", "night_power_fraction", "sunlight_dependent",
             "round_trip_efficiency", "illumination_fraction", "inert_fraction"}
#: Inputs that may be zero (every other quantity must be positive).
_MAY_BE_ZERO = {"consumables", "cutting_consumables", "cutting_energy", "excavation_energy",
                "forming_energy", "delta_v", "ddte", "operations_per_year", "spares_fraction",
                "hardware_cost", "consumables_cost", "fabrication_cost", "latent_heat",
                "specific_heat", "pressure", "internal_pressure", "axial_load", "areal_density"}
#: Largest scenario file read.
MAX_FILE_BYTES = 1_000_000
#: Where editors find the JSON Schema (``basaltcalc schema`` prints the same document).
SCHEMA_URL = "../basaltcalc/data/scenario.schema.json"

_TAG = "\x00"  # marks "this message belongs to sub-key K" in validator errors: "\0K\0message"


@dataclass
class Input:
    """One numeric input of a scenario: value, SI unit, and where it came from."""

    path: str
    si: float
    unit: pint.Unit
    origin: str  # "file" or "default"
    default: Value | None = None  # the catalogue entry it came from (or that the file replaced)
    line: int | None = None
    column: int | None = None
    given: Any = None  # the value as written in the file ("2 year"), for explain and to_yaml

    @property
    def quantity(self) -> pint.Quantity:
        return ureg.Quantity(self.si, self.unit)


@dataclass
class Scenario:
    """A validated scenario: choices, element groups, and every numeric input by dotted path."""

    name: str
    description: str
    site: str
    route: str
    insitu_material: str
    earth_material: str
    power: str
    transport_preset: str | None
    elements: list[dict]
    inputs: dict[str, Input]
    materials: dict[str, dict]  # material name -> {"origin", "safety_class", "base"}
    file: str | None = None
    text: str | None = None
    raw: dict = field(default_factory=dict)
    blocks: dict = field(default_factory=dict)  # sweep / uncertainty blocks, kept for later use
    positions: dict = field(default_factory=dict)  # key path -> (line, column) in the file
    earth_same: bool = True  # the file said `earth: {material: same}` (or left it out)
    #: Earth designs compared with, primary (``earth_material``) first: {"label", "material", "given"}
    comparators: list = field(default_factory=list)
    file_sha256: str | None = None  # hash of the file's bytes, when loaded from a file

    @property
    def sha256(self) -> str:
        """Hash of the scenario's source text (empty string for one built in Python)."""
        if self.file_sha256:
            return self.file_sha256
        return hashlib.sha256(self.text.encode()).hexdigest() if self.text else ""

    def element_index(self, key) -> int:
        """Index of an element group by position or name."""
        if isinstance(key, int):
            if 0 <= key < len(self.elements):
                return key
            raise ScenarioError(Problem(f"no such element group (there are {len(self.elements)})",
                                        f"elements[{key}]"))
        names = [e["name"] for e in self.elements]
        if key in names:
            return names.index(key)
        raise ScenarioError(Problem(f"no element group of that name{_suggest(key, names)}",
                                    f"elements[{key!r}]"))

    def defaults_used(self) -> list[Input]:
        """Inputs that came from the catalogue, not the file."""
        return [i for i in self.inputs.values() if i.origin == "default"]

    def to_dict(self) -> dict:
        """The scenario as file data: choices, element groups and every input the file gave.

        Defaults are left out (they come from the catalogue again on loading), so
        ``scenario_from_dict(sc.to_dict())`` has the same inputs and gives the same results.
        """
        return _to_dict(self)

    def to_yaml(self) -> str:
        """The scenario as a YAML scenario file (see :meth:`to_dict`)."""
        import yaml

        from .. import __version__

        head = [f"# yaml-language-server: $schema={SCHEMA_URL}",
                f"# written by basaltcalc {__version__}"]
        if self.file:
            head.append(f"# from {self.file} (sha256 {self.sha256})")
        body = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100)
        return "\n".join(head) + "\n" + body

    def __repr__(self) -> str:
        n = sum(e["count"] for e in self.elements)
        kinds = ", ".join(f"{e['count']} x {e['name']} ({e['kind']})" for e in self.elements)
        return (f"<Scenario {self.name!r}: {kinds}; {n} elements; in-situ {self.insitu_material} by "
                f"{self.route} at {self.site} on {self.power}; Earth {self.earth_material}; "
                f"{len(self.inputs)} inputs, {len(self.defaults_used())} from defaults>")


def _suggest(name, options) -> str:
    close = difflib.get_close_matches(str(name), [str(o) for o in options], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# --------------------------------------------------------------------------------------------
# quantities

_NUMBER_PREFIX = r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*"
_QUANTITY_PATTERN = r"^(?!.*[$€£¥₽₹])" + _NUMBER_PREFIX + r"[^\s\d]"


def _describe_input(v) -> str:
    if isinstance(v, bool):
        return f"the boolean {v}"
    if v is None:
        return "nothing (an empty value)"
    if isinstance(v, (dict, list)):
        return f"a {'mapping' if isinstance(v, dict) else 'list'}"
    return repr(v)


def quantity_si(v, unit: str, rule: str = "positive", example: str | None = None) -> float:
    """SI magnitude of a file value for a quantity of ``unit``; ValueError saying what is wrong.

    ``rule`` is ``"positive"``, ``"nonnegative"`` or ``"fraction"`` (in [0, 1]).

    >>> quantity_si("18 month", "s")
    47336400.0
    >>> quantity_si("3 kg", "m")
    Traceback (most recent call last):
    ...
    ValueError: expected [length], e.g. '3 m', got '3 kg' ([mass])
    """
    hint = dimension_hint(unit, example)
    dimensionless = not unit or ureg.Unit(unit).dimensionless
    if isinstance(v, bool) or v is None or not isinstance(v, (int, float, str)):
        raise ValueError(f"expected {hint}, got {_describe_input(v)}")
    if isinstance(v, str):
        try:
            q = parse_quantity(v, "value")
        except UnitsError as exc:
            raise ValueError(str(exc).split(": ", 1)[-1]) from None
        target = ureg.Unit(unit) if unit else ureg.dimensionless
        if q.dimensionality != target.dimensionality:
            if q.dimensionless:
                raise ValueError(f"a bare number {v!r} needs a unit; expected {hint}")
            raise ValueError(f"expected {hint}, got {v!r} ({q.dimensionality})")
        try:
            si = float(q.m_as(target))
        except Exception as exc:  # offset units in odd combinations
            raise ValueError(f"cannot convert {v!r} to {unit}: {exc}") from None
    else:
        if not dimensionless:
            raise ValueError(f"a bare number {v!r} needs a unit; expected {hint}")
        si = float(v)
    if not math.isfinite(si):
        raise ValueError(f"expected a finite value, got {v!r}")
    if rule == "fraction" and not 0.0 <= si <= 1.0:
        raise ValueError(f"expected a fraction in [0, 1], got {v!r}")
    if rule == "positive" and not si > 0:
        raise ValueError(f"must be positive, got {v!r}")
    if rule == "nonnegative" and si < 0:
        raise ValueError(f"must not be negative, got {v!r}")
    return si


def _rule(name: str) -> str:
    if name in FRACTIONS:
        return "fraction"
    return "nonnegative" if name in _MAY_BE_ZERO else "positive"


def domain_of(path: str) -> tuple[float, float, bool]:
    """Physical domain of an input's SI values, by the last component of its path: ``(low, high,
    low_allowed)``.  Fractions lie in [0, 1]; quantities that may be zero in [0, inf); every other
    quantity (lengths, times, strengths, temperatures in K, ...) in (0, inf).

    >>> domain_of("routes.melt-cast.yield"), domain_of("insitu.campaign")
    ((0.0, 1.0, True), (0.0, inf, False))
    """
    rule = _rule(path.rsplit(".", 1)[-1])
    if rule == "fraction":
        return 0.0, 1.0, True
    return 0.0, math.inf, rule == "nonnegative"


def in_domain(path: str, values) -> bool:
    """True where every SI value lies in :func:`domain_of` the input (NaN is not)."""
    import numpy as np

    lo, hi, low_allowed = domain_of(path)
    v = np.asarray(values, dtype=np.float64)
    above = v >= lo if low_allowed else v > lo
    return bool(np.all(above & (v <= hi)))


def _count(v):
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float) and v.is_integer():
            raise ValueError(f"a count must be a whole number written without a decimal point, "
                             f"got {v!r}")
        raise ValueError(f"a count must be a positive whole number, got {_describe_input(v)}")
    if v <= 0:
        raise ValueError(f"a count must be a positive whole number, got {v}")
    return v


@functools.cache
def _raw_units() -> dict:
    """path -> the unit string the data file writes (for examples: '200 kg/(kg/h)')."""
    import yaml

    out = {}
    for table, fname in TABLES.items():
        for entry, props in yaml.safe_load(data_text(fname)).items():
            for prop, spec in props.items():
                if isinstance(spec, dict) and "value" in spec:
                    out[f"{table}.{entry}.{prop}"] = f"{spec['value']} {spec.get('unit', '')}".strip()
    for prop, spec in {**yaml.safe_load(data_text("economics.yaml"))["economics"],
                       **yaml.safe_load(data_text("economics.yaml"))["safety_factors"]}.items():
        out[prop] = f"{spec['value']} {spec.get('unit', '')}".strip()
    return out


def _quantity_type(unit: str, rule: str, description: str = "", example: str | None = None):
    """Annotated pydantic type: a quantity of ``unit``'s dimension, validated to an SI float."""
    from typing import Annotated

    from pydantic import BeforeValidator, WithJsonSchema

    dimensionless = not unit or ureg.Unit(unit).dimensionless
    hint = dimension_hint(unit, example)
    text = f"{description}. " if description else ""
    text += f"Expected {hint}" + (" (a fraction in [0, 1])" if rule == "fraction" else "")
    if dimensionless:
        schema = {"anyOf": [{"type": "number"}, {"type": "string"}], "description": text}
        if rule == "fraction":
            schema["anyOf"][0].update(minimum=0, maximum=1)
    else:
        schema = {"type": "string", "pattern": _QUANTITY_PATTERN, "description": text}
    if example:
        schema["examples"] = [float(example) if dimensionless and _is_number(example) else example]
    return Annotated[Any, BeforeValidator(lambda v: quantity_si(v, unit, rule, example)),
                     WithJsonSchema(schema)]


def _is_number(s) -> bool:
    try:
        float(s)
    except (TypeError, ValueError):
        return False
    return True


# --------------------------------------------------------------------------------------------
# structure (pydantic)

def _ident(name: str) -> str:
    return re.sub(r"\W", "_", name)


@functools.cache
def file_model():
    """The pydantic model of a scenario file, built from the catalogue (cached).

    Quantity fields validate to SI floats; choices (routes, presets, sites, kinds) are literals;
    material names are checked against the catalogue and the file's ``materials:`` block (passed
    in the validation context as ``{"materials": {name: origin}}``).
    """
    from typing import Annotated, Literal, Optional, Union

    from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo,
                          WithJsonSchema, create_model, field_validator, model_validator)

    cat = load_catalogue()
    T = cat.tables
    raw_units = _raw_units()

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=False)

    def lit(options):
        return Literal[tuple(options)]

    def entry_fields(table, entry, props):
        fields = {}
        for prop, v in props.items():
            if isinstance(v, Value):
                typ = _quantity_type(str(v.unit), _rule(prop), v.note or prop.replace("_", " "),
                                     raw_units.get(f"{table}.{entry}.{prop}"))
                fields[_ident(prop)] = (typ, Field(None, alias=prop))
        return fields

    def table_model(table, doc):
        fields = {}
        for entry, props in T[table].items():
            sub = create_model(f"{table}_{_ident(entry)}", __base__=Strict,
                               **entry_fields(table, entry, props))
            sub.__doc__ = props.get("description") or entry
            fields[_ident(entry)] = (Optional[sub], Field(None, alias=entry, description=sub.__doc__))
        m = create_model(table.capitalize(), __base__=Strict, **fields)
        m.__doc__ = doc
        return m

    safety_classes = lit(cat.flat["safety_factors"])
    mat_props = next(iter(T["materials"].values()))
    # a catalogue material: its properties may be overridden
    material_models = {}
    for name, props in T["materials"].items():
        extra = {"safety_class": (Optional[safety_classes], Field(None)),
                 "description": (Optional[str], Field(None))}
        m = create_model(f"material_{_ident(name)}", __base__=Strict, **extra,
                         **entry_fields("materials", name, props))
        m.__doc__ = props.get("description") or name
        material_models[name] = m

    CustomMaterial = create_model("CustomMaterial", __base__=Strict, __doc__="A new material: a catalogue material (`base`) with the properties that differ.",
                                  base=(lit(T["materials"]), Field(description="catalogue material it derives from")),
                                  description=(Optional[str], None),
                                  safety_class=(Optional[safety_classes], None),
                                  origin=(Optional[Literal["insitu", "earth"]], None),
                                  **{_ident(p): (_quantity_type(str(v.unit), _rule(p), p.replace("_", " "),
                                                                raw_units.get(f"materials.cast-basalt.{p}")),
                                                 Field(None, alias=p))
                                     for p, v in mat_props.items() if isinstance(v, Value)})

    ns = {"__annotations__": {"__pydantic_extra__": dict[str, CustomMaterial]},
          "model_config": ConfigDict(extra="allow"),
          "__doc__": "Catalogue materials to adjust, and new materials (with `base:`)."}
    for name, m in material_models.items():
        ns["__annotations__"][_ident(name)] = Optional[m]
        ns[_ident(name)] = Field(None, alias=name, description=m.__doc__)
    Materials = type("Materials", (BaseModel,), ns)

    Routes = table_model("routes", "Process-route defaults to adjust, by route.")
    Power = table_model("power", "Power-system defaults to adjust, by preset.")
    Sites = table_model("sites", "Site defaults to adjust (illumination, night, temperature).")
    Economics = create_model("Economics", __base__=Strict, **{
        _ident(p): (_quantity_type(str(v.unit), _rule(p), v.note or p.replace("_", " "),
                                   raw_units.get(p)), Field(None, alias=p))
        for p, v in cat.flat["economics"].items()})
    SafetyFactors = create_model("SafetyFactors", __base__=Strict, **{
        _ident(p): (_quantity_type("", "positive", v.note or f"design factor of {p} materials",
                                   raw_units.get(p)), Field(None, alias=p))
        for p, v in cat.flat["safety_factors"].items()})

    def Q(unit, name, description):
        example = {"landed_cost": "1 MUSD/kg", "leo_cost": "1500 USD/kg", "delta_v": "6.1 km/s",
                   "isp": "450 s", "inert_fraction": "0.1", "payload_per_flight": "1000 kg",
                   "flights_per_year": "2 / year", "campaign": "2 year", "length": "2 m",
                   "width": "1 m", "outer_diameter": "0.5 m", "thickness": "25 mm",
                   "pressure": "5 kPa", "internal_pressure": "101.3 kPa", "axial_load": "50 kN",
                   "effective_length_factor": "1", "areal_density": "20 g/cm^2"}.get(name)
        return _quantity_type(unit, _rule(name), description, example)  # null is an error

    class Transport(Strict):
        """Earth-to-surface transport: a preset, a landed cost, or LEO cost + rocket equation."""

        preset: Optional[lit(T["transport"])] = Field(None, description="transport preset")
        landed_cost: Q("USD/kg", "landed_cost", "cost per kg landed on the Moon") = None
        leo_cost: Q("USD/kg", "leo_cost", "cost per kg to low Earth orbit") = None
        delta_v: Q("m/s", "delta_v", "LEO to lunar surface") = None
        isp: Q("s", "isp", "specific impulse of the transfer and landing stages") = None
        inert_fraction: Q("", "inert_fraction", "stage inert mass / propellant mass") = None
        payload_per_flight: Q("kg", "payload_per_flight", "payload landed per flight") = None
        flights_per_year: Q("1/s", "flights_per_year", "delivery cadence") = None

        @model_validator(mode="after")
        def _complete(self):
            rocket = [k for k in ("leo_cost", "delta_v", "isp") if getattr(self, k) is not None]
            if self.landed_cost is not None and rocket:
                raise ValueError(f"{_TAG}{rocket[0]}{_TAG}give landed_cost or leo_cost + delta_v "
                                 "+ isp, not both (landed_cost would win silently)")
            if self.preset is None:
                if self.landed_cost is None and len(rocket) < 3:
                    missing = [k for k in ("leo_cost", "delta_v", "isp") if k not in rocket]
                    raise ValueError(
                        ("give a preset (" + ", ".join(T["transport"]) + "), or landed_cost, or "
                         "leo_cost + delta_v + isp") if not rocket else
                        f"{_TAG}{missing[0]}{_TAG}the rocket equation needs leo_cost, delta_v and "
                        f"isp; missing {', '.join(missing)}")
                for k, ex in (("payload_per_flight", "1000 kg"), ("flights_per_year", "2 / year")):
                    if getattr(self, k) is None:
                        raise ValueError(f"{_TAG}{k}{_TAG}required without a preset: the Earth "
                                         f"option's delivery time needs it, e.g. '{ex}'")
            return self

    def check_material(v, info: ValidationInfo, *, insitu: bool):
        known = (info.context or {}).get("materials") or {n: e.get("origin") for n, e in T["materials"].items()}
        if v == "same" and not insitu:
            return v
        if v not in known:
            options = [*known, *([] if insitu else ["same"])]
            raise ValueError(f"unknown material '{v}'{_suggest(v, options)} (known: "
                             f"{', '.join(options)}; add a new one under materials: with base:)")
        if insitu and known[v] != "insitu":
            raise ValueError(f"'{v}' is not made in situ (origin {known[v]}); the in-situ material "
                             "must be one a route makes, e.g. cast-basalt")
        return v

    class Insitu(Strict):
        """The in-situ option: route, material, campaign length and power source."""

        route: lit(T["routes"]) = Field("melt-cast", description="process route")
        material: Optional[str] = Field(None, description="in-situ material (default: the route's)",
                                        json_schema_extra={"examples": [n for n, e in T["materials"].items()
                                                                        if e.get("origin") == "insitu"]})
        campaign: _quantity_type("s", "positive", "length of the production campaign", "2 year")
        power: lit(T["power"]) = Field("solar-with-storage", description="power-system preset")

        @field_validator("material")
        @classmethod
        def _material(cls, v, info: ValidationInfo):
            return v if v is None else check_material(v, info, insitu=True)

        @model_validator(mode="after")
        def _route_makes_material(self, info: ValidationInfo):
            # a route makes one product: its catalogue material, or one derived from it by base:
            if self.material is None:
                return self
            product = T["routes"][self.route]["material"]
            bases = (info.context or {}).get("bases") or {}
            m, seen = self.material, set()
            while m in bases and m not in seen:
                seen.add(m)
                m = bases[m]
            if m != product:
                makers = [r for r, e in T["routes"].items() if e["material"] == m]
                hint = f"; '{m}' is made by route '{makers[0]}'" if makers else ""
                raise ValueError(f"{_TAG}material{_TAG}route '{self.route}' makes {product} (or a material "
                                 f"with base: {product}), not '{self.material}'{hint}")
            return self

    class Earth(Strict):
        """The Earth option: `same` (like for like) or any catalogue or custom material."""

        material: str = Field("same", json_schema_extra={"examples": ["same", *T["materials"]]})
        comparators: Optional[list[str]] = Field(
            None, description="further Earth designs compared with, by material (`same` = the "
            "in-situ material); default [same, al-2219]: like for like and a functional design; "
            "[] for the primary one only", json_schema_extra={"examples": [["same", "al-2219"]]})

        @field_validator("material")
        @classmethod
        def _material(cls, v, info: ValidationInfo):
            return check_material(v, info, insitu=False)

        @model_validator(mode="after")
        def _comparators(self, info: ValidationInfo):
            for i, m in enumerate(self.comparators or []):
                try:
                    check_material(m, info, insitu=False)
                except ValueError as exc:
                    raise ValueError(f"{_TAG}comparators[{i}]{_TAG}{exc}") from None
            return self

    class SheetLoad(Strict):
        """What sizes a sheet: uniform pressure over the span and/or a shielding target."""

        pressure: Q("Pa", "pressure", "uniform pressure over the span (width)") = None
        areal_density: Q("kg/m^2", "areal_density", "shielding areal density target") = None

    class TubeLoad(Strict):
        """What sizes a tube: internal pressure, axial (column) load, shielding target."""

        internal_pressure: Q("Pa", "internal_pressure", "internal gauge pressure (hoop stress)") = None
        axial_load: Q("N", "axial_load", "compressive axial load (Euler buckling and crushing)") = None
        effective_length_factor: Q("", "effective_length_factor", "column effective length factor K") = None
        areal_density: Q("kg/m^2", "areal_density", "shielding areal density target") = None

    Count = Annotated[Any, BeforeValidator(_count),
                      WithJsonSchema({"type": "integer", "minimum": 1, "description": "number of elements"})]

    def check_thickness(t, limit, what):
        if t is not None and limit is not None and t > limit:
            raise ValueError(f"{_TAG}thickness{_TAG}{what()}")

    class Sheet(Strict):
        """A sheet (panel, tile, slab): length x width x thickness; `width` is the span."""

        kind: Literal["sheet"]
        name: Optional[str] = None
        count: Count
        length: Q("m", "length", "length of the sheet")
        width: Q("m", "width", "width of the sheet, the span in bending")
        thickness: Q("m", "thickness", "given thickness (omit to size it per material)") = None
        load: SheetLoad = SheetLoad()

        @model_validator(mode="after")
        def _fits(self):
            check_thickness(self.thickness, min(self.width, self.length),
                            lambda: f"a sheet {self.thickness:g} m thick is thicker than it is wide")
            return self

    class Tube(Strict):
        """A tube (pipe, strut, pressure tube): outer diameter x length, wall thickness."""

        kind: Literal["tube"]
        name: Optional[str] = None
        count: Count
        outer_diameter: Q("m", "outer_diameter", "outer diameter")
        length: Q("m", "length", "length of the tube")
        thickness: Q("m", "thickness", "given wall thickness (omit to size it per material)") = None
        load: TubeLoad = TubeLoad()

        @model_validator(mode="after")
        def _fits(self):
            check_thickness(self.thickness, self.outer_diameter / 2,
                            lambda: f"a wall {self.thickness:g} m thick is thicker than the tube's radius "
                            f"({self.outer_diameter / 2:g} m)")
            return self

    Element = Annotated[Union[Sheet, Tube], Field(discriminator="kind")]

    class File(Strict):
        """A basaltcalc scenario: Earth-launched vs in-situ lunar habitat elements."""

        name: str = "unnamed scenario"
        description: str = ""
        site: lit(T["sites"]) = Field("south-pole-ridge", description="site preset")
        transport: Transport
        insitu: Insitu
        earth: Earth = Earth()
        elements: list[Element] = Field(min_length=1, description="element groups")
        materials: Materials = Materials()
        routes: Routes = Routes()
        power: Power = Power()
        sites: Sites = Sites()
        economics: Economics = Economics()
        safety_factors: SafetyFactors = SafetyFactors()
        sweep: Optional[dict[str, Any]] = Field(None, description="grids over inputs, by dotted path (see sweep docs)")
        uncertainty: Optional[dict[str, Any]] = Field(None, description="distributions over inputs, by dotted path")

        @model_validator(mode="after")
        def _unique_names(self):
            seen = set()
            for i, e in enumerate(self.elements):
                name = e.name or f"{e.kind} {i + 1}"
                if name in seen:
                    raise ValueError(f"{_TAG}elements[{i}].name{_TAG}duplicate element name '{name}'; "
                                     "names must be unique to address groups as elements[\"name\"]")
                seen.add(name)
            return self

    return File


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of the scenario format, for editors and language servers."""
    schema = file_model().model_json_schema(by_alias=True)
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "basaltcalc scenario", **schema}


# --------------------------------------------------------------------------------------------
# errors: pydantic's, turned into located, helpful problems

_NOUNS = {"route": "route", "power": "power preset", "site": "site", "preset": "transport preset",
          "base": "base material", "safety_class": "safety class", "origin": "origin"}
_CONTAINERS = {"routes": "route", "power": "power preset", "sites": "site"}


def _clean_loc(loc) -> tuple:
    out = []
    for i, part in enumerate(loc):
        if part in ("sheet", "tube") and i >= 2 and isinstance(loc[i - 1], int) and loc[0] == "elements":
            continue  # the discriminated union's tag
        if part == "[key]":
            continue
        out.append(part)
    return tuple(out)


def _loc_path(loc) -> str:
    path = ""
    for part in loc:
        path = join_path(path, part)
    return path


def _unwrap(ann):
    """The model classes an annotation may hold (through Optional, Union, list, Annotated)."""
    args = getattr(ann, "__args__", None)
    if hasattr(ann, "model_fields"):
        return [ann]
    if args is None:
        meta = getattr(ann, "__metadata__", None)
        return _unwrap(ann.__origin__) if meta else []
    out = []
    for a in args:
        out += _unwrap(a)
    return out


def _fields_at(loc, data) -> list[str]:
    """Keys allowed in the mapping at ``loc`` (without its last part), for near-miss hints."""
    models = [file_model()]
    node = data
    for part in loc[:-1]:
        node = node.get(part) if isinstance(node, dict) else node[part] if isinstance(node, list) and isinstance(part, int) and part < len(node) else None
        nxt = []
        for m in models:
            if isinstance(part, int):
                nxt.append(m)
                continue
            byalias = {(f.alias or n): f for n, f in m.model_fields.items()}
            f = byalias.get(part)
            if f is not None:
                nxt += _unwrap(f.annotation)
            elif m.model_config.get("extra") == "allow":
                extra = m.__annotations__.get("__pydantic_extra__")
                nxt += _unwrap(extra.__args__[1]) if extra is not None else []
        if isinstance(node, dict) and "kind" in node:  # an element: pick the member of its kind
            nxt = [m for m in nxt if "kind" not in m.model_fields
                   or node["kind"] in getattr(m.model_fields["kind"].annotation, "__args__", ())] or nxt
        models = nxt
    names = []
    for m in models:
        names += [f.alias or n for n, f in m.model_fields.items()]
    return names


def _problem_from_error(err, data, col) -> None:
    loc = _clean_loc(err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    typ = err["type"]
    inp = err.get("input")
    if msg.startswith(_TAG):  # a validator that names the sub-key the problem belongs to
        _, key, msg = msg.split(_TAG, 2)
        path = _loc_path(loc)
        path = key if key.startswith("elements[") else join_path(path, key)
        col.add(path, msg)
        return
    path = _loc_path(loc)
    last = loc[-1] if loc else ""
    parent = loc[-2] if len(loc) > 1 else ""
    if typ == "extra_forbidden":
        options = _fields_at(loc, data)
        if parent in _CONTAINERS and len(loc) == 2:
            col.add(path, f"unknown {_CONTAINERS[parent]} '{last}'{_suggest(last, options)}")
        elif last == "base" and len(loc) == 3 and loc[0] == "materials":
            col.add(path, f"'{parent}' is a catalogue material; to derive a new material from it, "
                          "give the new one another name")
        else:
            col.add(path, f"unknown key '{last}'{_suggest(last, options)}"
                          + (f" (allowed: {', '.join(options)})" if len(options) <= 12 and options else ""))
    elif typ == "missing":
        if loc[:1] == ("materials",) and last == "base" and len(loc) == 3:
            names = list(load_catalogue().tables["materials"])
            col.add(_loc_path(loc[:2]), f"unknown material '{parent}'{_suggest(parent, names)}; a new "
                    "material needs 'base: <catalogue material>' (one of " + ", ".join(names) + ")")
        elif loc == ("transport",):
            col.add(path, "required: transport.preset (" + ", ".join(load_catalogue().tables["transport"])
                    + "), or landed_cost, or leo_cost + delta_v + isp")
        elif loc == ("insitu",):
            col.add(path, "required: the in-situ option, e.g. insitu: {route: melt-cast, campaign: 2 year}")
        elif last == "campaign":
            col.add(path, "required: the length of the production campaign, e.g. '2 year'")
        else:
            col.add(path, f"required key '{last}' is missing")
    elif typ == "literal_error":
        expected = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        noun = _NOUNS.get(str(last), "value")
        col.add(path, f"unknown {noun} {_describe_input(inp)}{_suggest(inp, expected)} "
                      f"(expected one of: {', '.join(expected)})")
    elif typ == "union_tag_invalid":
        col.add(join_path(path, "kind"), f"unknown element kind {inp.get('kind')!r}"
                f"{_suggest(inp.get('kind'), ['sheet', 'tube'])} (expected 'sheet' or 'tube')")
    elif typ == "union_tag_not_found":
        col.add(join_path(path, "kind"), "required key 'kind' is missing ('sheet' or 'tube')")
    elif typ in ("model_type", "model_attributes_type", "dict_type"):
        col.add(path, f"expected a mapping of keys, got {_describe_input(inp)}")
    elif typ == "list_type":
        col.add(path, f"expected a list (lines starting with '- '), got {_describe_input(inp)}")
    elif typ == "too_short" and last == "elements":
        col.add(path, "at least one element group is needed")
    elif typ in ("string_type",):
        col.add(path, f"expected text, got {_describe_input(inp)}")
    elif typ == "value_error":
        col.add(path, msg)
    else:
        col.add(path, f"{msg} (got {_describe_input(inp)})")


# --------------------------------------------------------------------------------------------
# loading

_LAST_PART = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


class _Collector:
    def __init__(self, file, positions, traps=None):
        self.file, self.positions, self.problems = file, positions, []
        self.traps = traps or {}

    def where(self, path):
        pos = self.positions.get(path)
        while pos is None and path:
            m = _LAST_PART.search(path)
            path = path[: m.start()] if m else ""
            pos = self.positions.get(path)
        return pos or (None, None)

    def add(self, path, message):
        line, col = self.where(path)
        why = self.traps.get(path)
        if why and why not in message:
            message = f"{message}; note: {why}"
        self.problems.append(Problem(message, path, self.file, line, col))


def load_scenario(path) -> Scenario:
    """Load and validate a scenario file; raise ScenarioError listing every problem."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise ScenarioError(Problem("is a folder, not a scenario file", "", name))
    except OSError as exc:
        raise ScenarioError(Problem(f"cannot read the file: {exc.strerror}", "", name)) from None
    if size > MAX_FILE_BYTES:
        raise ScenarioError(Problem(f"the file is {size:,} bytes; scenario files are limited to "
                                    f"{MAX_FILE_BYTES:,} bytes", "", name))
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(Problem(f"cannot read the file: {exc.strerror}", "", name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(Problem(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset "
                                    f"{exc.start} cannot be decoded; save the file as UTF-8", "",
                                    name, line, column)) from None
    sc = scenario_from_text(text, name)
    sc.file_sha256 = hashlib.sha256(raw).hexdigest()
    return sc


def default_scenario() -> Scenario:
    """The packaged default scenario (``basaltcalc/data/default.yaml``)."""
    return scenario_from_text(data_text("default.yaml"), "<default scenario>")


def scenario_from_text(text: str, file: str | None = None) -> Scenario:
    """Validate YAML text as a scenario."""
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError(Problem(f"the text is {len(text):,} characters; scenarios are limited "
                                    f"to {MAX_FILE_BYTES:,}", "", file))
    tabs = tab_problems(text, file)
    if tabs:
        raise ScenarioError(tabs)
    traps: dict = {}
    data, positions = load_yaml(text, file, traps)
    sc = scenario_from_dict(data, file=file, positions=positions, traps=traps)
    sc.text = text
    return sc


def _material_origins(data) -> dict:
    cat = load_catalogue()
    known = {n: e.get("origin") for n, e in cat.tables["materials"].items()}
    block = data.get("materials") if isinstance(data, dict) else None
    if isinstance(block, dict):
        for name, props in block.items():
            if name in known or not isinstance(props, dict):
                continue
            base = props.get("base")
            origin = props.get("origin") or (known.get(base) if isinstance(base, str) else None)
            known[str(name)] = origin or "insitu"
    return known


def _material_bases(data) -> dict:
    """Custom material -> its ``base:`` (as written in the file's ``materials:`` block)."""
    block = data.get("materials") if isinstance(data, dict) else None
    if not isinstance(block, dict):
        return {}
    return {str(name): props["base"] for name, props in block.items()
            if isinstance(props, dict) and isinstance(props.get("base"), str)}


def scenario_from_dict(data, file: str | None = None, positions: dict | None = None,
                       traps: dict | None = None) -> Scenario:
    """Validate a scenario given as Python data (the YAML structure)."""
    from pydantic import ValidationError

    col = _Collector(file, positions or {}, traps)
    if not isinstance(data, dict):
        what = ("empty (no keys at all)" if data is None
                else f"{_describe_input(data)}, not a mapping")
        raise ScenarioError(Problem(f"a scenario must be a mapping of keys (name, transport, insitu, "
                                    f"elements, ...); the document is {what}", "", file, 1, 1))
    try:
        parsed = file_model().model_validate(data, context={"materials": _material_origins(data),
                                                            "bases": _material_bases(data)})
    except ValidationError as exc:
        for err in exc.errors():
            _problem_from_error(err, data, col)
        raise ScenarioError(_sorted(col.problems)) from None
    except RecursionError:
        raise ScenarioError(Problem("nested too deeply", "", file)) from None
    sc = _resolve(parsed, data, col)
    if col.problems:
        raise ScenarioError(_sorted(col.problems))
    sc.file = file
    sc.positions = dict(positions or {})
    return sc


def _sorted(problems):
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.path))


# --------------------------------------------------------------------------------------------
# resolution: every input with its origin

def _raw_at(data, path):
    node = data
    for part in re.findall(r"\[(\d+)\]|([^.\[\]]+)", path):
        idx, key = part
        try:
            node = node[int(idx)] if idx else node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _set(model, alias):
    """Fields of a pydantic model that the file gave, by alias: {alias: value}."""
    out = {}
    for name in model.model_fields_set:
        f = type(model).model_fields.get(name)
        out[(f.alias if f is not None and f.alias else name)] = getattr(model, name)
    extra = getattr(model, "__pydantic_extra__", None) or {}
    out.update(extra)
    return out


def _resolve(f, data, col: _Collector) -> Scenario:
    cat = load_catalogue()
    T = cat.tables
    inputs: dict[str, Input] = {}

    def put(path, si, unit, origin, default=None):
        line, column = col.where(path) if origin == "file" else (None, None)
        given = _raw_at(data, path) if origin == "file" else None
        inputs[path] = Input(path, float(si), ureg.Unit(unit) if isinstance(unit, str) else unit,
                             origin, default, line, column, given)

    # materials: catalogue ones, then the file's new ones derived from a base
    materials = {name: {"origin": e.get("origin"), "safety_class": e.get("safety_class"), "base": None}
                 for name, e in T["materials"].items()}
    given: dict[str, float] = {}  # file path -> SI value, for every catalogue-table override
    for name, m in _set(f.materials, "materials").items():
        props = _set(m, None)
        if name not in T["materials"]:
            base = props["base"]
            materials[name] = {"origin": props.get("origin") or T["materials"][base].get("origin"),
                               "safety_class": T["materials"][base].get("safety_class"), "base": base}
        if props.get("safety_class"):
            materials[name]["safety_class"] = props["safety_class"]
        for prop, v in props.items():
            if prop not in ("base", "safety_class", "description", "origin") and v is not None:
                given[f"materials.{name}.{prop}"] = v
    for table in ("routes", "power", "sites"):
        for entry, m in _set(getattr(f, table), table).items():
            for prop, v in _set(m, None).items():
                if v is not None:
                    given[f"{table}.{entry}.{prop}"] = v

    route, power, site = f.insitu.route, f.insitu.power, f.site
    insitu_material = f.insitu.material or T["routes"][route]["material"]
    earth_same = f.earth.material == "same"
    earth_material = insitu_material if earth_same else f.earth.material
    comparators = _comparators(f.earth, insitu_material, earth_material)

    def catalogue_value(path):
        table, entry, prop = path.split(".", 2)
        if table == "materials":
            entry = materials.get(entry, {}).get("base") or entry
        return cat.value(f"{table}.{entry}.{prop}")

    # catalogue entries the run uses: defaults unless the file replaced them
    used = []
    for m in dict.fromkeys([insitu_material, earth_material, *(c["material"] for c in comparators)]):
        base = materials[m]["base"] or m
        used += [f"materials.{m}.{k}" for k, v in T["materials"][base].items() if isinstance(v, Value)]
    for table, entry in (("routes", route), ("power", power), ("sites", site)):
        used += [f"{table}.{entry}.{k}" for k, v in T[table][entry].items() if isinstance(v, Value)]
    for path in used:
        v = catalogue_value(path)
        if path in given:
            put(path, given[path], v.unit, "file", v)
        else:
            put(path, v.si, v.unit, "default", v)
    for path, si in given.items():  # overrides of entries this run does not use: listed too
        if path not in inputs:
            v = catalogue_value(path)
            put(path, si, v.unit, "file", v)
    for table in ("economics", "safety_factors"):
        block = _set(getattr(f, table), table)
        for prop, v in cat.flat[table].items():
            path = f"{table}.{prop}"
            if block.get(prop) is not None:
                put(path, block[prop], v.unit, "file", v)
            else:
                put(path, v.si, v.unit, "default", v)

    # process temperature: absent for cold routes
    if T["routes"][route].get("process_temperature") is None:
        put(f"routes.{route}.process_temperature", 0.0, "K", "default", None)

    # transport: a preset, overridden key by key by the file
    tf = f.transport
    preset = tf.preset
    preset_values = ({k: v for k, v in T["transport"][preset].items() if isinstance(v, Value)}
                     if preset else {})
    for key, unit in TRANSPORT_UNITS.items():
        path = f"transport.{key}"
        value = getattr(tf, key)
        if value is not None:
            put(path, value, unit, "file", preset_values.get(key))
        elif key in preset_values:
            v = preset_values[key]
            put(path, v.si, v.unit, "default", v)
    if "transport.inert_fraction" not in inputs:
        put("transport.inert_fraction", 0.0, "", "default", None)

    put("insitu.campaign", f.insitu.campaign, "s", "file")

    elements = []
    for i, e in enumerate(f.elements):
        base = f"elements[{i}]"
        put(f"{base}.count", float(e.count), "", "file")
        for key in ("length", "width", "outer_diameter", "thickness"):
            value = getattr(e, key, None)
            if value is not None:
                put(f"{base}.{key}", value, "m", "file")
        loads = []
        for key, value in _set(e.load, None).items():
            if value is not None:
                loads.append(key)
                put(f"{base}.load.{key}", value, ELEMENT_UNITS[f"load.{key}"], "file")
        elements.append({"name": e.name or f"{e.kind} {i + 1}", "kind": e.kind, "count": e.count,
                         "sized": e.thickness is None, "loads": sorted(loads)})
    return Scenario(name=f.name, description=f.description, site=site, route=route,
                    insitu_material=insitu_material, earth_material=earth_material, power=power,
                    transport_preset=preset, elements=elements, inputs=inputs, materials=materials,
                    raw=data, earth_same=earth_same, comparators=comparators,
                    blocks={k: v for k, v in (("sweep", f.sweep), ("uncertainty", f.uncertainty)) if v})


#: The functional Earth design compared with by default (DESIGN: launching cast stone is not
#: what an Earth programme would do; an aluminium-lithium or 2219 structure is).
FUNCTIONAL_COMPARATOR = "al-2219"


def _comparators(earth, insitu_material: str, earth_material: str) -> list[dict]:
    """The Earth designs compared with: the primary one, then the file's list (default: the
    same material as in situ and the functional design :data:`FUNCTIONAL_COMPARATOR`), each
    material once."""
    listed = earth.comparators if earth.comparators is not None else ["same", FUNCTIONAL_COMPARATOR]
    materials = [earth_material, *(insitu_material if m == "same" else m for m in listed)]
    return [{"label": m, "material": m} for m in dict.fromkeys(materials)]


# --------------------------------------------------------------------------------------------
# writing back

def _as_written(inp: Input):
    """The value of an input as a file would write it: the text given, else SI with its unit."""
    if inp.given is not None and not isinstance(inp.given, bool):
        try:  # keep the user's text when it still means this value exactly
            unit = "" if str(inp.unit) == "dimensionless" else str(inp.unit)
            if quantity_si(inp.given, unit, "any") == inp.si:
                return inp.given
        except ValueError:
            pass
    if str(inp.unit) == "dimensionless":
        return inp.si
    return f"{inp.si!r} {inp.unit:~C}"


def _to_dict(sc: Scenario) -> dict:
    out: dict[str, Any] = {"name": sc.name}
    if sc.description:
        out["description"] = sc.description
    out["site"] = sc.site
    file_inputs = {p: i for p, i in sc.inputs.items() if i.origin == "file"}
    transport = {"preset": sc.transport_preset} if sc.transport_preset else {}
    transport.update({p.split(".", 1)[1]: _as_written(i) for p, i in file_inputs.items()
                      if p.startswith("transport.")})
    out["transport"] = transport
    out["insitu"] = {"route": sc.route, "material": sc.insitu_material,
                     "campaign": _as_written(sc.inputs["insitu.campaign"]), "power": sc.power}
    out["earth"] = {"material": "same" if sc.earth_same else sc.earth_material}
    if sc.comparators:
        out["earth"]["comparators"] = [c["material"] for c in sc.comparators[1:]]
    elements = []
    for i, e in enumerate(sc.elements):
        item: dict[str, Any] = {"name": e["name"], "kind": e["kind"], "count": int(sc.inputs[f"elements[{i}].count"].si)}
        load = {}
        for key in ("length", "width", "outer_diameter", "thickness"):
            inp = sc.inputs.get(f"elements[{i}].{key}")
            if inp is not None:
                item[key] = _as_written(inp)
        for key in e["loads"]:
            load[key] = _as_written(sc.inputs[f"elements[{i}].load.{key}"])
        if load:
            item["load"] = load
        elements.append(item)
    out["elements"] = elements
    cat = load_catalogue()
    materials: dict[str, dict] = {}
    for name, m in sc.materials.items():
        entry: dict[str, Any] = {}
        if m.get("base"):
            entry["base"] = m["base"]
            if m.get("origin") != cat.tables["materials"][m["base"]].get("origin"):
                entry["origin"] = m["origin"]
        base = m.get("base") or name
        if base in cat.tables["materials"] and m.get("safety_class") != cat.tables["materials"][base].get("safety_class"):
            entry["safety_class"] = m["safety_class"]
        if entry or m.get("base"):
            materials[name] = entry
    blocks: dict[str, dict] = {"routes": {}, "power": {}, "sites": {}}
    flat: dict[str, dict] = {"economics": {}, "safety_factors": {}}
    for path, inp in file_inputs.items():
        parts = path.split(".")
        if parts[0] == "materials":
            materials.setdefault(parts[1], {})[parts[2]] = _as_written(inp)
        elif parts[0] in blocks:
            blocks[parts[0]].setdefault(parts[1], {})[parts[2]] = _as_written(inp)
        elif parts[0] in flat:
            flat[parts[0]][parts[1]] = _as_written(inp)
    if materials:
        out["materials"] = materials
    for key, block in {**blocks, **flat}.items():
        if block:
            out[key] = block
    for key, block in sc.blocks.items():
        out[key] = block
    return out
