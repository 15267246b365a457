"""Scenario files: YAML -> validated :class:`Scenario` with every input and where it came from.

The format is DESIGN 4.  The structure is validated by pydantic models (unknown keys are errors,
with a near-miss suggestion); quantities are checked for their dimension; names of materials,
routes, presets and sites are checked against the catalogue.  Every problem found is reported
at once, each with ``file:line:col`` and its key path, in one :class:`~basaltcalc.ScenarioError`.

A loaded scenario holds :attr:`Scenario.inputs`: every numeric input the model uses, by dotted
path (``transport.landed_cost``, ``materials.cast-basalt.density``, ``elements[0].count``), each
with its value, SI unit, and origin (the file, or a catalogue default with its source).
"""
from __future__ import annotations

import difflib
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pint

from .catalogue import Value, data_text, load_catalogue
from .errors import Problem, ScenarioError, UnitsError
from .units import as_si, dimension_hint, parse_quantity, ureg
from .yamlio import join_path, load_yaml

__all__ = ["Scenario", "Input", "load_scenario", "default_scenario", "scenario_from_dict",
           "scenario_from_text", "ELEMENT_UNITS", "TRANSPORT_UNITS"]

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
FRACTIONS = {"yield", "beneficiation_yield", "melt_fraction", "furnace_efficiency", "ddte_share",
             "packaging_fraction", "availability", "night_power_fraction", "sunlight_dependent",
             "round_trip_efficiency", "illumination_fraction", "inert_fraction"}
MAX_FILE_BYTES = 1_000_000


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

    @property
    def sha256(self) -> str:
        """Hash of the scenario's source text (empty string for one built in Python)."""
        return hashlib.sha256((self.text or "").encode()).hexdigest() if self.text else ""

    def element_index(self, key) -> int:
        """Index of an element group by position or name."""
        if isinstance(key, int):
            if 0 <= key < len(self.elements):
                return key
            raise ScenarioError(f"elements[{key}]: no such element group (there are {len(self.elements)})")
        names = [e["name"] for e in self.elements]
        if key in names:
            return names.index(key)
        raise ScenarioError(f"elements[{key!r}]: no element group of that name{_suggest(key, names)}")

    def defaults_used(self) -> list[Input]:
        """Inputs that came from the catalogue, not the file."""
        return [i for i in self.inputs.values() if i.origin == "default"]

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
# structure (pydantic)

def _models():
    """The pydantic models of the file format (built lazily: pydantic is a slow import)."""
    from pydantic import BaseModel, ConfigDict, StrictInt, field_validator

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid")

    class Load(Strict):
        pressure: Any = None
        internal_pressure: Any = None
        axial_load: Any = None
        effective_length_factor: Any = None
        areal_density: Any = None

    class Element(Strict):
        name: str | None = None
        kind: Literal["sheet", "tube"]
        count: StrictInt
        length: Any = None
        width: Any = None
        outer_diameter: Any = None
        thickness: Any = None
        load: Load = Load()

        @field_validator("count")
        @classmethod
        def _positive(cls, v):
            if v <= 0:
                raise ValueError(f"a count must be a positive whole number, got {v}")
            return v

    class Transport(Strict):
        preset: str | None = None
        landed_cost: Any = None
        leo_cost: Any = None
        delta_v: Any = None
        isp: Any = None
        inert_fraction: Any = None
        payload_per_flight: Any = None
        flights_per_year: Any = None

    class Insitu(Strict):
        route: str = "melt-cast"
        material: str | None = None
        campaign: Any = None
        power: str = "solar-with-storage"

    class Earth(Strict):
        material: str = "same"

    class File(Strict):
        name: str = "unnamed scenario"
        description: str = ""
        site: str = "south-pole-ridge"
        transport: Transport = Transport()
        insitu: Insitu = Insitu()
        earth: Earth = Earth()
        elements: list[Element]
        materials: dict[str, dict[str, Any]] = {}
        routes: dict[str, dict[str, Any]] = {}
        power: dict[str, dict[str, Any]] = {}
        sites: dict[str, dict[str, Any]] = {}
        economics: dict[str, Any] = {}
        safety_factors: dict[str, Any] = {}
        sweep: dict[str, Any] | None = None
        uncertainty: dict[str, Any] | None = None

        @field_validator("elements")
        @classmethod
        def _some(cls, v):
            if not v:
                raise ValueError("at least one element group is needed")
            return v

    return File


_FILE_MODEL = None


def _file_model():
    global _FILE_MODEL
    if _FILE_MODEL is None:
        _FILE_MODEL = _models()
    return _FILE_MODEL


def _model_fields(loc) -> list[str]:
    """Names allowed at a location, for near-miss suggestions on unknown keys."""
    model = _file_model()
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        f = model.model_fields.get(part)
        if f is None:
            return []
        ann = f.annotation
        args = getattr(ann, "__args__", ())
        candidates = [ann, *args]
        model = next((c for c in candidates if hasattr(c, "model_fields")), None)
        if model is None:
            return []
    return list(model.model_fields)


def _loc_path(loc) -> str:
    path = ""
    for part in loc:
        path = join_path(path, part)
    return path


# --------------------------------------------------------------------------------------------
# loading

class _Collector:
    def __init__(self, file, positions):
        self.file, self.positions, self.problems = file, positions, []

    def where(self, path):
        pos = self.positions.get(path)
        while pos is None and path:
            path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", path) else ""
            pos = self.positions.get(path)
        return pos or (None, None)

    def add(self, path, message):
        line, col = self.where(path)
        self.problems.append(Problem(message, path, self.file, line, col))


def _quantity(raw, unit, path, col: _Collector, fraction=False):
    """Check one quantity from the file: returns SI float or None (problem recorded)."""
    if isinstance(raw, bool) or raw is None:
        col.add(path, f"expected {dimension_hint(unit)}, got {raw!r}")
        return None
    try:
        if isinstance(raw, str):
            q = parse_quantity(raw, path)
            si = as_si(q, unit, path)
        elif isinstance(raw, (int, float)):
            si = as_si(float(raw), unit, path)
        else:
            col.add(path, f"expected {dimension_hint(unit)}, got {type(raw).__name__} {raw!r}")
            return None
    except UnitsError as exc:
        col.add(path, str(exc).split(": ", 1)[-1])
        return None
    if not math.isfinite(si):
        col.add(path, f"expected a finite value, got {raw!r}")
        return None
    if fraction and not 0.0 <= si <= 1.0:
        col.add(path, f"expected a fraction in [0, 1], got {raw!r}")
        return None
    if si < 0 and unit != "K":
        col.add(path, f"expected a non-negative value, got {raw!r}")
        return None
    return si


def load_scenario(path) -> Scenario:
    """Load and validate a scenario file; raise ScenarioError listing every problem."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ScenarioError(Problem(f"cannot read the file: {exc.strerror}", "", name)) from None
    if size > MAX_FILE_BYTES:
        raise ScenarioError(Problem(f"file is {size:,} bytes; scenarios are limited to "
                                    f"{MAX_FILE_BYTES:,}", "", name))
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(Problem(f"not UTF-8 text (byte {exc.start})", "", name)) from None
    return scenario_from_text(text, name)


def default_scenario() -> Scenario:
    """The packaged default scenario (``basaltcalc/data/default.yaml``)."""
    return scenario_from_text(data_text("default.yaml"), "<default scenario>")


def scenario_from_text(text: str, file: str | None = None) -> Scenario:
    """Validate YAML text as a scenario."""
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        raise ScenarioError(Problem("tab character: YAML indents with spaces only", "", file, line))
    data, positions = load_yaml(text, file)
    sc = scenario_from_dict(data, file=file, positions=positions)
    sc.text = text
    return sc


def scenario_from_dict(data, file: str | None = None, positions: dict | None = None) -> Scenario:
    """Validate a scenario given as Python data (the YAML structure)."""
    from pydantic import ValidationError

    col = _Collector(file, positions or {})
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        raise ScenarioError(Problem(f"a scenario must be a mapping of keys (name, insitu, elements, "
                                    f"...); the document is {what}", "", file, 1, 1))
    try:
        parsed = _file_model().model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = err["loc"]
            path = _loc_path(loc)
            if err["type"] == "extra_forbidden":
                col.add(path, f"unknown key '{loc[-1]}'{_suggest(loc[-1], _model_fields(loc))}")
            elif err["type"] == "missing":
                col.add(path, "required key is missing")
            elif err["type"] == "literal_error":
                col.add(path, f"expected one of {err['ctx']['expected']}, got {err['input']!r}"
                              f"{_suggest(err['input'], ['sheet', 'tube'])}")
            elif loc and loc[-1] == "count" or (len(loc) > 1 and loc[-1] == "count"):
                col.add(path, f"a count must be a positive whole number, got {err['input']!r}")
            else:
                msg = err["msg"].removeprefix("Value error, ")
                col.add(path, f"{msg} (got {err['input']!r})")
        raise ScenarioError(col.problems) from None
    sc = _resolve(parsed, data, col)
    if col.problems:
        raise ScenarioError(col.problems)
    sc.file = file
    sc.positions = dict(positions or {})
    return sc


def _catalogue_block(block, table, cat, col, materials):
    """Apply a `materials:`/`routes:`/`power:`/`sites:` override block; return file inputs."""
    out = {}
    entries = cat.tables[table]
    for entry, props in block.items():
        base_name = entry
        if table == "materials" and entry not in entries:
            base_name = props.get("base")
            if base_name is None:
                col.add(f"{table}.{entry}", f"unknown material '{entry}'{_suggest(entry, entries)}; a new "
                        "material needs 'base: <catalogue material>'")
                continue
            if base_name not in entries:
                col.add(f"{table}.{entry}.base", f"unknown base material '{base_name}'{_suggest(base_name, entries)}")
                continue
            materials[entry] = {**materials[base_name], "base": base_name}
        elif entry not in entries:
            col.add(f"{table}.{entry}", f"unknown {table[:-1] if table != 'power' else 'power preset'} "
                    f"'{entry}'{_suggest(entry, entries)}")
            continue
        base = entries[base_name]
        for prop, raw in props.items():
            path = f"{table}.{entry}.{prop}"
            if prop == "base" and table == "materials":
                continue
            if prop == "safety_class" and table == "materials":
                if raw not in cat.flat["safety_factors"]:
                    col.add(path, f"unknown safety class {raw!r}{_suggest(raw, cat.flat['safety_factors'])}")
                else:
                    materials[entry]["safety_class"] = raw
                continue
            v = base.get(prop)
            if not isinstance(v, Value):
                numeric = [k for k, x in base.items() if isinstance(x, Value)]
                col.add(path, f"unknown property '{prop}' of {table} entry '{entry}'{_suggest(prop, numeric)}")
                continue
            si = _quantity(raw, str(v.unit), path, col, fraction=prop in FRACTIONS)
            if si is not None:
                out[path] = (si, v.unit, v)
        if table == "materials" and entry not in entries:
            for prop, v in base.items():
                if isinstance(v, Value) and f"{table}.{entry}.{prop}" not in out:
                    out[f"{table}.{entry}.{prop}"] = (v.si, v.unit, v, "default")
    return out


def _resolve(f, data, col: _Collector) -> Scenario:
    cat = load_catalogue()
    T = cat.tables
    inputs: dict[str, Input] = {}

    def put(path, si, unit, origin, default=None):
        line, column = col.where(path) if origin == "file" else (None, None)
        inputs[path] = Input(path, si, ureg.Unit(unit) if isinstance(unit, str) else unit, origin,
                             default, line, column)

    materials = {name: {"origin": e.get("origin"), "safety_class": e.get("safety_class"), "base": None}
                 for name, e in T["materials"].items()}
    overrides = {}
    for table in ("materials", "routes", "power", "sites"):
        overrides.update(_catalogue_block(getattr(f, table), table, cat, col, materials))

    # choices
    route = f.insitu.route
    if route not in T["routes"]:
        col.add("insitu.route", f"unknown route '{route}'{_suggest(route, T['routes'])}")
        route = None
    insitu_material = f.insitu.material or (T["routes"][route]["material"] if route else None)
    if insitu_material is not None and insitu_material not in materials:
        col.add("insitu.material", f"unknown material '{insitu_material}'{_suggest(insitu_material, materials)}")
        insitu_material = None
    earth_material = f.earth.material
    if earth_material == "same":
        earth_material = insitu_material
    elif earth_material not in materials:
        col.add("earth.material", f"unknown material '{earth_material}'"
                f"{_suggest(earth_material, [*materials, 'same'])}")
        earth_material = None
    power = f.insitu.power
    if power not in T["power"]:
        col.add("insitu.power", f"unknown power preset '{power}'{_suggest(power, T['power'])}")
        power = None
    site = f.site
    if site not in T["sites"]:
        col.add("site", f"unknown site '{site}'{_suggest(site, T['sites'])}")
        site = None

    # catalogue entries the run uses: defaults unless the file replaced them
    used = []
    for m in {insitu_material, earth_material} - {None}:
        base = materials[m]["base"] or m
        used += [(f"materials.{m}.{k}", v) for k, v in T["materials"][base].items() if isinstance(v, Value)]
    if route:
        used += [(f"routes.{route}.{k}", v) for k, v in T["routes"][route].items() if isinstance(v, Value)]
    if power:
        used += [(f"power.{power}.{k}", v) for k, v in T["power"][power].items() if isinstance(v, Value)]
    if site:
        used += [(f"sites.{site}.{k}", v) for k, v in T["sites"][site].items() if isinstance(v, Value)]
    for path, v in used:
        if path in overrides:
            si, unit, default, *origin = overrides[path]
            put(path, si, unit, origin[0] if origin else "file", default)
        else:
            put(path, v.si, v.unit, "default", v)
    for table in ("economics", "safety_factors"):
        block = getattr(f, table)
        for prop, v in cat.flat[table].items():
            path = f"{table}.{prop}"
            if prop in block:
                si = _quantity(block[prop], str(v.unit), path, col, fraction=prop in FRACTIONS)
                if si is not None:
                    put(path, si, v.unit, "file", v)
            else:
                put(path, v.si, v.unit, "default", v)
        for prop in block:
            if prop not in cat.flat[table]:
                col.add(f"{table}.{prop}", f"unknown key '{prop}'{_suggest(prop, cat.flat[table])}")

    # process temperature: absent for cold routes
    if route and T["routes"][route].get("process_temperature") is None:
        put(f"routes.{route}.process_temperature", 0.0, "K", "default", None)

    # transport: a preset, overridden key by key by the file
    tf = f.transport
    preset = tf.preset
    preset_values = {}
    if preset is not None:
        if preset not in T["transport"]:
            col.add("transport.preset", f"unknown transport preset '{preset}'{_suggest(preset, T['transport'])}")
        else:
            preset_values = {k: v for k, v in T["transport"][preset].items() if isinstance(v, Value)}
    for key, unit in TRANSPORT_UNITS.items():
        path = f"transport.{key}"
        raw = getattr(tf, key)
        if raw is not None:
            si = _quantity(raw, unit, path, col, fraction=key in FRACTIONS)
            if si is not None:
                put(path, si, unit, "file", preset_values.get(key))
        elif key in preset_values:
            v = preset_values[key]
            put(path, v.si, v.unit, "default", v)
    has_direct = "transport.landed_cost" in inputs
    has_rocket = all(f"transport.{k}" in inputs for k in ("leo_cost", "delta_v", "isp"))
    if not (has_direct or has_rocket) and preset_values is not None and not col.problems:
        col.add("transport", "give transport.preset, or landed_cost, or leo_cost + delta_v + isp "
                f"(presets: {', '.join(T['transport'])})")
    for key in ("inert_fraction",):
        if f"transport.{key}" not in inputs:
            put(f"transport.{key}", 0.0, "", "default", None)
    for key in ("payload_per_flight", "flights_per_year"):
        if f"transport.{key}" not in inputs and "transport" not in {p.path for p in col.problems}:
            col.add(f"transport.{key}", f"needed for the Earth option's delivery time (e.g. "
                    f"{'1000 kg' if key == 'payload_per_flight' else '2 / year'})")

    # campaign
    if f.insitu.campaign is None:
        col.add("insitu.campaign", "required: the length of the production campaign, e.g. '2 year'")
    else:
        si = _quantity(f.insitu.campaign, "s", "insitu.campaign", col)
        if si is not None:
            if si <= 0:
                col.add("insitu.campaign", f"must be positive, got {f.insitu.campaign!r}")
            put("insitu.campaign", si, "s", "file")

    elements = _resolve_elements(f.elements, col, put)
    return Scenario(name=f.name, description=f.description, site=site, route=route,
                    insitu_material=insitu_material, earth_material=earth_material, power=power,
                    transport_preset=preset, elements=elements, inputs=inputs, materials=materials,
                    raw=data, blocks={k: v for k, v in (("sweep", f.sweep), ("uncertainty", f.uncertainty)) if v})


def _resolve_elements(elements, col, put):
    out = []
    names = set()
    for i, e in enumerate(elements):
        base = f"elements[{i}]"
        name = e.name or f"{e.kind} {i + 1}"
        if name in names:
            col.add(f"{base}.name", f"duplicate element name '{name}'")
        names.add(name)
        need = ("length", "width") if e.kind == "sheet" else ("outer_diameter", "length")
        wrong = "outer_diameter" if e.kind == "sheet" else "width"
        for key in need:
            if getattr(e, key) is None:
                col.add(f"{base}.{key}", f"a {e.kind} needs '{key}'")
        if getattr(e, wrong) is not None:
            col.add(f"{base}.{wrong}", f"a {e.kind} has no '{wrong}' (it has {' and '.join(need)})")
        put(f"{base}.count", float(e.count), "", "file")
        values = {}
        for key in ("length", "width", "outer_diameter", "thickness"):
            raw = getattr(e, key)
            if raw is None or key == wrong:
                continue
            si = _quantity(raw, "m", f"{base}.{key}", col)
            if si is not None:
                if si <= 0:
                    col.add(f"{base}.{key}", f"must be positive, got {raw!r}")
                values[key] = si
                put(f"{base}.{key}", si, "m", "file")
        loads = {}
        for key, unit in ELEMENT_UNITS.items():
            if not key.startswith("load."):
                continue
            raw = getattr(e.load, key[5:])
            if raw is None:
                continue
            si = _quantity(raw, unit, f"{base}.{key}", col)
            if si is not None:
                loads[key] = si
                put(f"{base}.{key}", si, unit, "file")
        if e.kind == "sheet" and ("load.internal_pressure" in loads or "load.axial_load" in loads):
            col.add(f"{base}.load", "a sheet takes load.pressure and load.areal_density only")
        if e.kind == "tube" and "load.pressure" in loads:
            col.add(f"{base}.load.pressure", "a tube takes internal_pressure, axial_load and areal_density"
                    "; did you mean 'internal_pressure'?")
        t = values.get("thickness")
        if t is not None and e.kind == "tube" and "outer_diameter" in values and t > values["outer_diameter"] / 2:
            col.add(f"{base}.thickness", f"a tube wall of {t:g} m is thicker than its radius "
                    f"({values['outer_diameter'] / 2:g} m)")
        if t is not None and e.kind == "sheet" and "width" in values and t > min(values["width"], values.get("length", math.inf)):
            col.add(f"{base}.thickness", f"a sheet of {t:g} m is thicker than it is wide")
        out.append({"name": name, "kind": e.kind, "count": e.count,
                    "sized": t is None, "loads": sorted(k[5:] for k in loads)})
    return out
