"""File models of the catalogue-table overrides: ``materials:`` (catalogue ones adjusted, new ones
with ``base:``), ``routes:``, ``power:``, ``sites:``, ``economics:`` and ``safety_factors:``.

Every field is a quantity of the catalogue entry's unit, validated to an SI float, with the data
file's own value as its example.
"""
from __future__ import annotations

from ..catalogue import Value, load_catalogue
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


def table_model(table: str, doc: str):
    """The model of a catalogue table's block (``routes:``, ``power:``, ``sites:``): one optional
    sub-model per entry."""
    from typing import Optional

    from pydantic import Field, create_model

    fields = {}
    for entry, props in load_catalogue().tables[table].items():
        sub = create_model(f"{table}_{_ident(entry)}", __base__=strict_base(),
                           **entry_fields(table, entry, props))
        sub.__doc__ = props.get("description") or entry
        fields[_ident(entry)] = (Optional[sub], Field(None, alias=entry, description=sub.__doc__))
    m = create_model(table.capitalize(), __base__=strict_base(), **fields)
    m.__doc__ = doc
    return m


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


def economics_model():
    """The ``economics:`` block: any flat economics default, by name."""
    from pydantic import Field, create_model

    raw_units = _raw_units()
    return create_model("Economics", __base__=strict_base(), **{
        _ident(p): (_quantity_type(str(v.unit), _rule(p), v.note or p.replace("_", " "),
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
