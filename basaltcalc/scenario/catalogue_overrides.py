"""File models of the catalogue-table overrides: ``materials:`` (catalogue ones adjusted, new ones
with ``base:``), ``routes:``, ``power:``, ``sites:`` (catalogue entries adjusted, new ones with
``base:`` or complete), ``transport_presets:`` (new transport presets), ``economics:`` and
``safety_factors:``.

Every field is a quantity of the catalogue entry's unit, validated to an SI float, with the data
file's own value as its example.  A new entry (:func:`custom_entry_model`) has the fields of its
table's entries, checked the same way, plus ``base``, ``description`` and ``source``; whether a
new entry without ``base:`` is complete is checked on resolving (:func:`missing_properties`).
"""
from __future__ import annotations

from ..catalogue import Value, load_catalogue
from ..core.money import CONVENTIONS
from .choices import NOUNS
from .inputs import _rule
from .quantities import _ident, _quantity_type, _raw_units, strict_base


def entry_fields(table: str, entry: str, props: dict) -> dict:
    """Pydantic fields of one catalogue entry's numeric properties, by alias."""
    from pydantic import Field

    raw_units = _raw_units()
    fields = {}
    for prop, v in props.items():
        if isinstance(v, Value):
            typ = _quantity_type(str(v.unit), _rule(prop), v.note or prop.replace("_", " "),
                                 raw_units.get(f"{table}.{entry}.{prop}"), prop)
            fields[_ident(prop)] = (typ, Field(None, alias=prop))
    return fields


#: Descriptive fields of a new entry (every other field is a quantity).
ENTRY_TEXT = ("base", "description", "source", "material")
#: Transport properties: a preset needs a landed cost or the rocket equation's three.
ROCKET = ("leo_cost", "delta_v", "isp")


def table_properties(table: str) -> dict[str, tuple[str, Value]]:
    """Every numeric property of a catalogue table's entries: prop -> (first entry giving it, Value)."""
    out: dict = {}
    for entry, props in load_catalogue().tables[table].items():
        for prop, v in props.items():
            if isinstance(v, Value) and prop not in out:
                out[prop] = (entry, v)
    return out


def nullable_properties(table: str) -> set[str]:
    """Properties some catalogue entry leaves null (``process_temperature`` of a cold route,
    ``storage_specific_energy`` of a fission plant): a complete new entry may leave them out."""
    return {p for props in load_catalogue().tables[table].values() for p, v in props.items() if v is None}


def missing_properties(table: str, given) -> list[str]:
    """Properties a new entry without ``base:`` must give and does not (its table's numeric
    properties, less the nullable ones; a transport preset needs ``landed_cost`` or all of
    ``leo_cost``, ``delta_v`` and ``isp``, the rest fall back to the generic lander)."""
    if table == "transport":
        if "landed_cost" in given:
            return []
        return [k for k in ROCKET if k not in given]
    return [p for p in table_properties(table) if p not in given and p not in nullable_properties(table)]


def custom_entry_model(table: str):
    """A new entry of a catalogue table: ``base:`` (a catalogue entry) and the properties that
    differ, or every property; with ``description`` and ``source`` (a key of references.yaml or a
    citation; without one the entry is shown as user-defined, unsourced) and, for a route,
    ``material`` (its product, default the base's)."""
    from typing import Literal, Optional

    from pydantic import Field, ValidationInfo, create_model, field_validator

    from .insitu import check_material

    T = load_catalogue().tables
    raw_units = _raw_units()
    noun = NOUNS[table]
    fields = {
        "base": (Optional[Literal[tuple(T[table])]], Field(None, description=f"catalogue {noun} it "
                 "derives from (then give only what differs); leave out to give every property")),
        "description": (Optional[str], None),
        "source": (Optional[str], Field(None, description="where the figures come from: a key of "
                   "basaltcalc/data/references.yaml or a citation")),
    }
    if table == "routes":
        fields["material"] = (Optional[str], Field(None, description="the in-situ material the route "
                              "makes (default: the base route's)"))
    for prop, (entry, v) in table_properties(table).items():
        fields[_ident(prop)] = (_quantity_type(str(v.unit), _rule(prop), v.note or prop.replace("_", " "),
                                               raw_units.get(f"{table}.{entry}.{prop}"), prop),
                                Field(None, alias=prop))
    validators = {}
    if table == "routes":
        def _material(cls, v, info: ValidationInfo):
            return v if v is None else check_material(v, info, insitu=True)
        validators["_material"] = field_validator("material")(classmethod(_material))
    m = create_model(f"Custom{_ident(table).capitalize()}", __base__=strict_base(),
                     __validators__=validators, **fields)
    m.__doc__ = f"A new {noun}: base: <catalogue {noun}> and what differs, or every property."
    return m


def table_model(table: str, doc: str, *, adjust: bool = True):
    """The model of a catalogue table's block (``routes:``, ``power:``, ``sites:``,
    ``transport_presets:``): one optional sub-model per catalogue entry to adjust (none where
    ``adjust`` is false), and new entries under any other name (:func:`custom_entry_model`)."""
    from typing import Optional

    from pydantic import BaseModel, ConfigDict, Field, create_model

    ns = {"__annotations__": {"__pydantic_extra__": dict[str, Optional[custom_entry_model(table)]]},
          "model_config": ConfigDict(extra="allow"), "__doc__": doc}
    for entry, props in (load_catalogue().tables[table].items() if adjust else ()):
        sub = create_model(f"{table}_{_ident(entry)}", __base__=strict_base(),
                           **entry_fields(table, entry, props))
        sub.__doc__ = props.get("description") or entry
        ns["__annotations__"][_ident(entry)] = Optional[sub]
        ns[_ident(entry)] = Field(None, alias=entry, description=sub.__doc__)
    return type(table.capitalize() if adjust else "TransportPresets", (BaseModel,), ns)


def _safety_classes():
    from typing import Literal

    return Literal[tuple(load_catalogue().flat["safety_factors"])]


def _custom_material():
    """A new material: a catalogue material (``base``) with the properties that differ."""
    from typing import Literal, Optional

    from pydantic import Field, create_model

    T = load_catalogue().tables
    raw_units = _raw_units()
    mat_props = next(iter(T["materials"].values()))
    return create_model("CustomMaterial", __base__=strict_base(), __doc__="A new material: a catalogue material (`base`) with the properties that differ.",
                        base=(Literal[tuple(T["materials"])], Field(description="catalogue material it derives from")),
                        description=(Optional[str], None),
                        safety_class=(Optional[_safety_classes()], None),
                        origin=(Optional[Literal["insitu", "earth"]], None),
                        **{_ident(p): (_quantity_type(str(v.unit), _rule(p), p.replace("_", " "),
                                                      raw_units.get(f"materials.cast-basalt.{p}"), p),
                                       Field(None, alias=p))
                           for p, v in mat_props.items() if isinstance(v, Value)})


def materials_model():
    """The ``materials:`` block: catalogue materials to adjust, and new ones (extra keys, each a
    :func:`_custom_material`)."""
    from typing import Optional

    from pydantic import BaseModel, ConfigDict, Field, create_model

    material_models = {}
    for name, props in load_catalogue().tables["materials"].items():
        extra = {"safety_class": (Optional[_safety_classes()], Field(None)),
                 "description": (Optional[str], Field(None))}
        m = create_model(f"material_{_ident(name)}", __base__=strict_base(), **extra,
                         **entry_fields("materials", name, props))
        m.__doc__ = props.get("description") or name
        material_models[name] = m
    CustomMaterial = _custom_material()
    ns = {"__annotations__": {"__pydantic_extra__": dict[str, CustomMaterial]},
          "model_config": ConfigDict(extra="allow"),
          "__doc__": "Catalogue materials to adjust, and new materials (with `base:`)."}
    for name, m in material_models.items():
        ns["__annotations__"][_ident(name)] = Optional[m]
        ns[_ident(name)] = Field(None, alias=name, description=m.__doc__)
    return type("Materials", (BaseModel,), ns)


#: The cost models of the plant and power hardware and their development (``economics.cost_model``).
COST_MODELS = ("estimate", "amcm", "transcost")
#: The discounting conventions of the NPVs, IRR and discounted payback (``economics.discounting``).
DISCOUNTING = CONVENTIONS


def economics_model():
    """The ``economics:`` block: any flat economics default, by name, the ``cost_model`` and the
    ``discounting`` convention."""
    from typing import Literal, Optional

    from pydantic import Field, create_model

    raw_units = _raw_units()
    return create_model("Economics", __base__=strict_base(), cost_model=(
        Optional[Literal[COST_MODELS]], Field(None, description=(
            "cost of the plant and power hardware and their development: 'estimate' (default: "
            "economics.hardware_cost and economics.ddte as given), 'amcm' (NASA's Advanced "
            "Missions Cost Model) or 'transcost' (TRANSCOST development and production CERs)"))),
        discounting=(Optional[Literal[DISCOUNTING]], Field(None, description=(
            "when the NPVs, IRR and discounted payback count each payment: 'continuous' (default: "
            "every instant at its time, the exact value of flows spread evenly over time), "
            "'end-of-year', 'mid-year' or 'start-of-year' (each year's spend at that point of "
            "the year, as spreadsheets and papers do)"))),
        **{_ident(p): (_quantity_type(str(v.unit), _rule(p), v.note or p.replace("_", " "),
                                      raw_units.get(p), p), Field(None, alias=p))
           for p, v in load_catalogue().flat["economics"].items()})


def safety_factors_model():
    """The ``safety_factors:`` block: the design factor of each safety class."""
    from pydantic import Field, create_model

    raw_units = _raw_units()
    return create_model("SafetyFactors", __base__=strict_base(), **{
        _ident(p): (_quantity_type("", "positive", v.note or f"design factor of {p} materials",
                                   raw_units.get(p), p), Field(None, alias=p))
        for p, v in load_catalogue().flat["safety_factors"].items()})
