"""Resolution: a validated file model -> :class:`Scenario`, with every numeric input the model uses
by dotted path, its SI value and its origin (the file, or a catalogue default with its source)."""
from __future__ import annotations

import dataclasses
import re

from ..catalogue import Value, load_catalogue
from ..units import unit as parse_unit
from ..units import ureg
from .catalogue_overrides import ENTRY_TEXT, ROCKET, missing_properties, table_properties
from .choices import CUSTOM_BLOCKS, NOUNS
from .inputs import ELEMENT_UNITS, TRANSPORT_UNITS, Input, _suggest, rocket_problem
from .quantities import escalation_factor, is_currency, price_index
from .scenario import NO_SOURCE, Scenario

#: The functional Earth design compared with by default (DESIGN: launching cast stone is not
#: what an Earth programme would do; an aluminium-lithium or 2219 structure is).
FUNCTIONAL_COMPARATOR = "al-2219"


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
    """Fields of a pydantic model that the file gave, by alias: {alias: value}, in the model's
    field order (``model_fields_set`` is a set: its order would follow the hash seed)."""
    out = {}
    fields, given = type(model).model_fields, model.model_fields_set
    for name in [n for n in fields if n in given] + sorted(given - fields.keys()):
        f = fields.get(name)
        out[(f.alias if f is not None and f.alias else name)] = getattr(model, name)
    extra = getattr(model, "__pydantic_extra__", None) or {}
    out.update(extra)
    return out


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


def _comparators(earth, insitu_material: str, earth_material: str) -> list[dict]:
    """The Earth designs compared with: the primary one, then the file's list (default: the
    same material as in situ and the functional design :data:`FUNCTIONAL_COMPARATOR`), each
    material once."""
    listed = earth.comparators if earth.comparators is not None else ["same", FUNCTIONAL_COMPARATOR]
    materials = [earth_material, *(insitu_material if m == "same" else m for m in listed)]
    return [{"label": m, "material": m} for m in dict.fromkeys(materials)]


class _Inputs(dict):
    """path -> :class:`Input`, filled by :meth:`put` (file inputs located in the file)."""

    def __init__(self, data, col):
        super().__init__()
        self.data, self.col = data, col

    def put(self, path, si, unit, origin, default=None, at=None):
        """``at``: where the file gives the value, if not at ``path`` (a new transport preset's)."""
        line, column = self.col.where(at or path) if origin == "file" else (None, None)
        given = _raw_at(self.data, at or path) if origin == "file" else None
        self[path] = Input(path, float(si), parse_unit(unit) if isinstance(unit, str) else unit,
                           origin, default, line, column, given)


def _materials(f, T) -> tuple[dict, dict]:
    """(material name -> {origin, safety_class, base}, file path -> SI value of every material
    property the file gave): catalogue materials, then the file's new ones derived from a base."""
    materials = {name: {"origin": e.get("origin"), "safety_class": e.get("safety_class"), "base": None}
                 for name, e in T["materials"].items()}
    given: dict[str, float] = {}
    for name, m in _set(f.materials, "materials").items():
        if m is None:
            continue  # an empty entry: reported by _empty_entries
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
    return materials, given


def _table_overrides(f) -> dict:
    """file path -> SI value of every ``routes:``, ``power:`` and ``sites:`` value given (of
    catalogue entries and of new ones)."""
    given = {}
    for table in ("routes", "power", "sites"):
        for entry, m in _set(getattr(f, table), table).items():
            if m is None:
                continue  # an empty entry: reported by _empty_entries
            for prop, v in _set(m, None).items():
                if v is not None and prop not in ENTRY_TEXT:
                    given[f"{table}.{entry}.{prop}"] = v
    return given


def _custom_entries(f, data, col) -> dict:
    """(table, name) -> record of every new route, power preset, site and transport preset the
    file defines: ``base``, ``description``, ``source``, ``material`` (routes), ``given`` (prop ->
    SI value), ``raw`` (the entry as written) and ``values`` (prop -> :class:`Value` or None, the
    base's where the entry does not give it).  A located problem for a new entry without
    ``base:`` that misses properties, and for a new transport preset named like a catalogue one."""
    T = load_catalogue().tables
    out = {}
    for block, table in CUSTOM_BLOCKS.items():
        noun = NOUNS[table]
        entries = _set(getattr(f, block), block)
        order = [str(k) for k in (_raw_at(data, block) or {})]  # the file's order
        for name, m in sorted(entries.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 0):
            if m is None or (name in T[table] and block != "transport_presets"):
                continue  # empty (_empty_entries) or a catalogue entry adjusted
            where = f"{block}.{name}"
            if name in T[table]:
                col.add(where, f"'{name}' is a catalogue {noun}: adjust it under transport: (preset: "
                        f"{name} and the keys to change), or give the new preset another name "
                        "(catalogue names are never redefined)")
                continue
            props = _set(m, None)
            given = {k: v for k, v in props.items() if k not in ENTRY_TEXT and v is not None}
            base = props.get("base")
            record = {"table": table, "block": block, "name": name, "base": base, "given": given,
                      "description": props.get("description"), "source": props.get("source"),
                      "material": props.get("material") or (T[table][base].get("material") if base else None),
                      "raw": _raw_at(data, where)}
            if not _custom_complete(record, where, col):
                continue
            record["values"] = _custom_values(record)
            out[(table, name)] = record
    return out


def _custom_complete(record, where, col) -> bool:
    """False (with a located problem) where a new entry cannot stand: no base and properties
    missing, or a transport preset given both a landed cost and the rocket equation."""
    table, name, given = record["table"], record["name"], record["given"]
    noun = NOUNS[table]
    if table == "transport" and "landed_cost" in given and any(k in given for k in ROCKET):
        key = next(k for k in ROCKET if k in given)
        col.add(f"{where}.{key}", "give landed_cost or leo_cost + delta_v + isp, not both "
                "(landed_cost would win silently)")
        return False
    if record["base"] is not None:
        return True
    missing = missing_properties(table, given) + (["material"] if table == "routes" and not record["material"] else [])
    if missing:
        names = list(load_catalogue().tables[table])
        col.add(where, f"unknown {noun} '{name}'{_suggest(name, names)}; a new {noun} needs 'base: "
                f"<catalogue {noun}>' (one of {', '.join(names)}) and what differs, or every "
                f"property (missing: {', '.join(missing)})")
        return False
    return True


def _custom_values(record) -> dict:
    """prop -> Value of a new entry: the base's, replaced by the entry's own (sourced by the
    entry's ``source:``, or :data:`NO_SOURCE`).  A transport preset that gives a landed cost drops
    its base's rocket equation, and one that gives any of the rocket equation's its base's landed
    cost (as a ``transport:`` block does)."""
    cat = load_catalogue()
    table, base, given = record["table"], record["base"], record["given"]
    values = dict(cat.tables[table][base]) if base else {}
    values = {k: v for k, v in values.items() if isinstance(v, Value) or v is None}
    if table == "transport" and "landed_cost" in given:
        values = {k: v for k, v in values.items() if k not in (*ROCKET, "inert_fraction")}
    elif table == "transport" and any(k in given for k in ROCKET):
        values.pop("landed_cost", None)
    props = table_properties(table)
    source = record["source"] or NO_SOURCE
    for prop, si in given.items():
        unit = props[prop][1].unit
        values[prop] = Value(path=f"{record['block']}.{record['name']}.{prop}",
                             quantity=ureg.Quantity(si, unit), si=float(si), unit=unit, low=None,
                             high=None, source=source, weak=record["source"] is None,
                             note=f"user-defined {NOUNS[table]} '{record['name']}'")
    return values


def _entries(custom) -> dict:
    """table -> entry -> props: the catalogue's entries and the file's new ones."""
    T = load_catalogue().tables
    tables = {t: dict(T[t]) for t in ("routes", "power", "sites", "transport")}
    for (table, name), record in custom.items():
        tables[table][name] = {**record["values"], "material": record["material"]}
    return tables


def _catalogue_inputs(inputs: _Inputs, materials, given, used_materials, choices, tables) -> None:
    """Every catalogue entry the run uses (defaults unless the file replaced them), overrides of
    entries it does not use, and the flat economics and safety factors.  ``tables``: the
    catalogue's entries of routes, power and sites with the file's new ones (:func:`_entries`)."""
    cat = load_catalogue()
    T = {**cat.tables, **tables}

    def catalogue_value(path):
        table, entry, prop = path.split(".", 2)
        if table == "materials":
            entry = materials.get(entry, {}).get("base") or entry
        elif table in tables and entry not in cat.tables[table]:
            return tables[table][entry].get(prop)  # a new entry: its own Value or its base's
        return cat.value(f"{table}.{entry}.{prop}")

    used = []
    for m in used_materials:
        base = materials[m]["base"] or m
        used += [f"materials.{m}.{k}" for k, v in T["materials"][base].items() if isinstance(v, Value)]
    for table, entry in choices:
        used += [f"{table}.{entry}.{k}" for k, v in T[table][entry].items() if isinstance(v, Value)]
    for path in used:
        v = catalogue_value(path)
        if path in given:
            inputs.put(path, given[path], v.unit, "file", v)
        else:
            inputs.put(path, v.si, v.unit, "default", v)
    for path, si in given.items():  # overrides of entries this run does not use: listed too
        if path not in inputs:
            v = catalogue_value(path)
            inputs.put(path, si, v.unit, "file", v)


def _flat_inputs(inputs: _Inputs, f) -> None:
    """``economics.*`` and ``safety_factors.*``: the file's values, else the catalogue's."""
    cat = load_catalogue()
    for table in ("economics", "safety_factors"):
        block = _set(getattr(f, table), table)
        for prop, v in cat.flat[table].items():
            path = f"{table}.{prop}"
            if block.get(prop) is not None:
                inputs.put(path, block[prop], v.unit, "file", v)
            else:
                inputs.put(path, v.si, v.unit, "default", v)


def _transport_inputs(inputs: _Inputs, tf, T, custom) -> bool:
    """``transport.*``: a preset (a catalogue one or the file's new one), overridden key by key by
    the file; True where the rocket equation builds the landed cost."""
    preset = tf.preset
    preset_values = ({k: v for k, v in T["transport"][preset].items() if isinstance(v, Value)}
                     if preset else {})
    own = custom.get(("transport", preset), {}).get("given", {})  # a new preset's own values
    for key, unit in TRANSPORT_UNITS.items():
        path = f"transport.{key}"
        value = getattr(tf, key)
        if value is not None:  # replaces the preset's (a new preset's own value: no default)
            inputs.put(path, value, unit, "file", None if key in own else preset_values.get(key))
        elif key in own:
            v = preset_values[key]
            inputs.put(path, v.si, v.unit, "file", v, at=v.path)
        elif key in preset_values:
            v = preset_values[key]
            inputs.put(path, v.si, v.unit, "default", v)
    # no preset value: the generic lander of data/economics.yaml (lander_defaults), for the inert
    # fraction only where the rocket equation builds the landed cost, for the payload and cadence
    # only where a price per flight needs a payload (a file that names no lander otherwise flies
    # each option on the smallest catalogue lander that carries its largest piece)
    rocket = "transport.leo_cost" in inputs and "transport.landed_cost" not in inputs
    named = "transport.payload_per_flight" in inputs or "transport.price_per_flight" in inputs
    for key, v in load_catalogue().flat["lander_defaults"].items():
        path = f"transport.{key}"
        if path not in inputs and (rocket if key == "inert_fraction" else named):
            inputs.put(path, v.si, v.unit, "default", v)
    if "transport.inert_fraction" not in inputs:
        inputs.put("transport.inert_fraction", 0.0, "", "default", None)
    return rocket



def _lander_mode(inputs) -> str:
    """'file' where the file gives the payload or a price per flight, 'preset' where the payload
    is its preset's, 'none' where it has none (:attr:`Scenario.lander_mode`)."""
    payload = inputs.get("transport.payload_per_flight")
    if "transport.price_per_flight" in inputs or (payload is not None and payload.origin == "file"):
        return "file"
    return "preset" if payload is not None else "none"


def _check_rocket(inputs, col) -> None:
    """A located error where the stage cannot reach its Δv at all, or lands at a cost per kg
    outside the domain of a landed cost (:func:`~basaltcalc.scenario.inputs.rocket_problem`)."""
    found = rocket_problem(*(inputs[f"transport.{k}"].si for k in ("inert_fraction", "delta_v", "isp",
                                                                   "leo_cost")))
    if found:
        col.add(*found)


def _element_inputs(inputs: _Inputs, f) -> list[dict]:
    """``elements[i].*`` inputs; the element groups' descriptions (name, kind, count, sized, loads)."""
    elements = []
    for i, e in enumerate(f.elements):
        base = f"elements[{i}]"
        inputs.put(f"{base}.count", float(e.count), "", "file")
        for key in ("length", "width", "outer_diameter", "thickness"):
            value = getattr(e, key, None)
            if value is not None:
                inputs.put(f"{base}.{key}", value, "m", "file")
        loads = []
        for key, value in _set(e.load, None).items():
            if value is not None:
                loads.append(key)
                inputs.put(f"{base}.load.{key}", value, ELEMENT_UNITS[f"load.{key}"], "file")
        if "pressure" in loads and "deflection_limit" not in loads:  # a spanning sheet: the default
            limit = load_catalogue().flat["structure_defaults"]["deflection_limit"]
            inputs.put(f"{base}.load.deflection_limit", limit.si, limit.unit, "default", limit)
        elements.append({"name": e.name or f"{e.kind} {i + 1}", "kind": e.kind, "count": e.count,
                         "sized": e.thickness is None, "loads": sorted(loads)})
    return elements


def _empty_entries(f, col) -> None:
    """A problem for every catalogue entry written with nothing under it (``melt-cast:`` alone):
    YAML reads it as null, which changes nothing, so it is most likely a mistake of indentation."""
    for table in ("materials", "routes", "power", "sites", "transport_presets"):
        for entry, m in _set(getattr(f, table), table).items():
            if m is None:
                col.add(f"{table}.{entry}", f"an empty entry: give the properties of '{entry}' to "
                        "change, indented under it (e.g. '    density: 2900 kg/m^3'), or remove "
                        "the key")


def _escalate_defaults(inputs: _Inputs, cost_year) -> int:
    r"""The scenario's cost year; the packaged defaults' currency inputs (taken in the index's
    ``default_cost_year`` dollars) converted to it: :math:`C = C_0\,I(y)/I(y_0)`."""
    ix = price_index()
    year = ix["default"] if cost_year is None else cost_year
    factor = escalation_factor(ix["default"], year)
    if factor != 1.0:
        for inp in inputs.values():
            if inp.origin == "default" and is_currency(inp.unit):
                inp.si *= factor
                inp.default = _escalated(inp.default, factor, ix["default"], year)
    return year


def _escalated(v: Value | None, factor: float, from_year: int, to_year: int) -> Value | None:
    """A catalogue value (quantity, SI value and range) in year-``to_year`` dollars."""
    if v is None:
        return None
    scale = (lambda b: None if b is None else b * factor)  # noqa: E731
    note = f"{v.note}; " if v.note else ""
    return dataclasses.replace(v, quantity=v.quantity * factor, si=v.si * factor, low=scale(v.low),
                               high=scale(v.high),
                               note=f"{note}converted from {from_year} to {to_year} dollars (x {factor:.6g})")


def _resolve(f, data, col) -> Scenario:
    """The :class:`Scenario` of a validated file model ``f`` (``data``: the file's structure)."""
    inputs = _Inputs(data, col)
    _empty_entries(f, col)
    custom = _custom_entries(f, data, col)
    T = {**load_catalogue().tables, **_entries(custom)}
    materials, given = _materials(f, T)
    given.update({p: v for p, v in _table_overrides(f).items()  # less incomplete new entries
                  if p.split(".")[1] in T[p.split(".")[0]]})

    route, power, site = f.insitu.route, f.insitu.power, f.site
    chosen = (("routes", route), ("power", power), ("sites", site), ("transport", f.transport.preset))
    if any(e is not None and e not in T[t] for t, e in chosen):
        return None  # a new entry it uses is incomplete (reported by _custom_entries)
    insitu_material = f.insitu.material or T["routes"][route]["material"]
    earth_same = f.earth.material == "same"
    earth_material = insitu_material if earth_same else f.earth.material
    comparators = _comparators(f.earth, insitu_material, earth_material)
    used_materials = dict.fromkeys([insitu_material, earth_material,
                                    *(c["material"] for c in comparators)])
    _catalogue_inputs(inputs, materials, given, used_materials,
                      (("routes", route), ("power", power), ("sites", site)),
                      {t: T[t] for t in ("routes", "power", "sites")})
    _flat_inputs(inputs, f)
    # process temperature: absent for cold routes
    if T["routes"][route].get("process_temperature") is None:
        inputs.put(f"routes.{route}.process_temperature", 0.0, "K", "default", None)
    if _transport_inputs(inputs, f.transport, T, custom):
        _check_rocket(inputs, col)
    campaign = load_catalogue().flat["insitu_defaults"]["campaign"]
    if f.insitu.campaign is not None:
        inputs.put("insitu.campaign", f.insitu.campaign, "s", "file", campaign)
    else:  # the sourced default, with its range: studies over every range vary it
        inputs.put("insitu.campaign", campaign.si, campaign.unit, "default", campaign)
    default_module = load_catalogue().flat["plant_defaults"]["plant_module_mass"]
    if f.insitu.plant_module_mass is not None:
        inputs.put("insitu.plant_module_mass", f.insitu.plant_module_mass, "kg", "file", default_module)
    elif f.insitu.modular:
        inputs.put("insitu.plant_module_mass", default_module.si, default_module.unit, "default",
                   default_module)
    elements = _element_inputs(inputs, f)
    cost_year = _escalate_defaults(inputs, f.cost_year)
    economics = _set(f.economics, "economics")  # {} where the file has no economics: block
    return Scenario(cost_year=cost_year, cost_year_given=f.cost_year is not None,
                    cost_model=economics.get("cost_model") or "estimate",
                    discounting=economics.get("discounting") or "continuous",
                    billing=f.transport.billing or "per-kg",
                    lander_mode=_lander_mode(inputs),
                    cadence_named=getattr(inputs.get("transport.flights_per_year"), "origin", None) == "file",
                    name=f.name, description=f.description, site=site, route=route,
                    insitu_material=insitu_material, earth_material=earth_material, power=power,
                    transport_preset=f.transport.preset, elements=elements, inputs=dict(inputs),
                    materials=materials, raw=data, earth_same=earth_same, comparators=comparators,
                    custom=custom, route_materials={r: e["material"] for r, e in T["routes"].items()},
                    blocks={k: v for k, v in (("sweep", f.sweep), ("uncertainty", f.uncertainty),
                                              ("compare", f.compare and _set(f.compare, None)),
                                              ("optimize", f.optimize and data.get("optimize"))) if v})
