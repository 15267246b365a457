"""The whole scenario file model (:func:`file_model`), assembled from the section models, and its
JSON Schema (:func:`json_schema`)."""
from __future__ import annotations

import functools

from ..catalogue import load_catalogue
from .catalogue_overrides import (economics_model, materials_model, safety_factors_model,
                                  table_model)
from .choices import check_entry
from .earth import earth_model
from .elements import element_model
from .insitu import insitu_model
from .optimize import optimize_model
from .quantities import _TAG, check_cost_year, price_index, strict_base
from .transport import transport_model


def _check_unique_names(elements) -> None:
    """ValueError on the first element group whose name (given or default) repeats."""
    seen = set()
    for i, e in enumerate(elements):
        name = e.name or f"{e.kind} {i + 1}"
        if name in seen:
            raise ValueError(f"{_TAG}elements[{i}].name{_TAG}duplicate element name '{name}'; "
                             "names must be unique to address groups as elements[\"name\"]")
        seen.add(name)


#: The blocks of catalogue overrides, each a model built from the catalogue (most of the cost of
#: building the file model): a file without the block validates against a model without it.
OVERRIDE_BLOCKS = ("materials", "routes", "power", "sites", "transport_presets", "economics",
                   "safety_factors")


def file_model():
    """The pydantic model of a scenario file, built from the catalogue (cached).

    Quantity fields validate to SI floats; choices (routes, presets, sites, kinds) are literals;
    material names are checked against the catalogue and the file's ``materials:`` block (passed
    in the validation context as ``{"materials": {name: origin}}``).
    """
    return _file_model(frozenset(OVERRIDE_BLOCKS))


def file_model_for(data: dict):
    """The file model for ``data``: :func:`file_model` without the override blocks (``materials:``,
    ``routes:``, ...) the file does not have, which validate nothing then (their value is an empty
    :func:`absent_block`).  A file validates against it as against the whole model: the same
    values, the same errors (tested); the default scenario builds none of the seven block models."""
    return _file_model(frozenset(b for b in OVERRIDE_BLOCKS if b in data))


@functools.cache
def absent_block():
    """The model of an override block the file does not have: no fields, so its empty instance
    gives nothing (as an empty block would)."""
    class AbsentBlock(strict_base()):
        """An override block the file does not have."""

    return AbsentBlock


@functools.cache
def _block_model(block: str):
    """The model of one override block (:data:`OVERRIDE_BLOCKS`), built once."""
    if block == "materials":
        return materials_model()
    if block == "economics":
        return economics_model()
    if block == "safety_factors":
        return safety_factors_model()
    if block == "transport_presets":
        return table_model("transport", "New transport presets (base: <preset> and what differs, "
                           "or landed_cost / leo_cost + delta_v + isp); choose one with "
                           "transport.preset.", adjust=False)
    return table_model(block, {
        "routes": "Process-route defaults to adjust, by route, and new routes (base: <route> and "
                  "what differs, or every property).",
        "power": "Power-system defaults to adjust, by preset, and new power presets.",
        "sites": "Site defaults to adjust (illumination, night, temperature), and new sites."}[block])


@functools.cache
def _file_model(blocks: frozenset):
    """The file model with the override ``blocks`` given (the others :func:`absent_block`)."""
    from typing import Any, Optional

    from pydantic import Field, ValidationInfo, field_validator, model_validator

    T = load_catalogue().tables
    Transport, Insitu, Earth, Element = transport_model(), insitu_model(), earth_model(), element_model()
    B = {b: _block_model(b) if b in blocks else absent_block() for b in OVERRIDE_BLOCKS}
    Presets = B["transport_presets"]
    Optimize = optimize_model()

    class Compare(strict_base()):
        """Options of the route comparison (``basaltcalc compare``, ``bc.compare_routes``)."""

        share_power: bool = Field(False, description="routes used together in the cheapest mix "
                                  "share one power system, sized for their summed operating power "
                                  "(default: each brings its own)")

    class File(strict_base()):
        """A basaltcalc scenario: Earth-launched vs in-situ lunar habitat elements."""

        name: str = "unnamed scenario"
        description: str = ""
        cost_year: Optional[_cost_year_type()] = Field(None, description=_cost_year_doc())
        site: str = Field("south-pole-ridge", description="site preset (a catalogue site or one "
                          "defined under sites:)", json_schema_extra={"examples": list(T["sites"])})
        transport: Transport
        insitu: Insitu
        earth: Earth = Earth()
        elements: list[Element] = Field(min_length=1, description="element groups")
        materials: B["materials"] = B["materials"]()
        routes: B["routes"] = B["routes"]()
        power: B["power"] = B["power"]()
        sites: B["sites"] = B["sites"]()
        transport_presets: Presets = Field(Presets(), description=Presets.__doc__)
        economics: B["economics"] = B["economics"]()
        safety_factors: B["safety_factors"] = B["safety_factors"]()
        sweep: Optional[dict[str, Any]] = Field(None, description="grids over inputs, by dotted path (see sweep docs)")
        uncertainty: Optional[dict[str, Any]] = Field(None, description="distributions over inputs, by dotted path")
        compare: Optional[Compare] = Field(None, description=Compare.__doc__)
        optimize: Optional[Optimize] = Field(None, description=Optimize.__doc__)

        @field_validator("site")
        @classmethod
        def _site(cls, v, info: ValidationInfo):
            return check_entry(v, info, "sites")

        @model_validator(mode="after")
        def _unique_names(self):
            _check_unique_names(self.elements)
            return self

    return File


def _cost_year_doc() -> str:
    ix = price_index()
    return (f"year of the file's dollars and of the results (default {ix['default']}, the year the "
            f"packaged defaults are taken in); converted with the price index {ix['index']}, "
            f"{ix['first']}-{ix['last']}; a single value may state its own: '1.2 MUSD/kg @2015'")


def _cost_year_type():
    from typing import Annotated, Any

    from pydantic import BeforeValidator, WithJsonSchema

    ix = price_index()
    return Annotated[Any, BeforeValidator(check_cost_year),
                     WithJsonSchema({"type": "integer", "minimum": ix["first"], "maximum": ix["last"],
                                     "examples": [ix["default"]]})]


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of the scenario format, for editors and language servers."""
    schema = file_model().model_json_schema(by_alias=True)
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "basaltcalc scenario", **schema}
