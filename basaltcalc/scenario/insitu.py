"""File model of ``insitu:`` (route, material, campaign, power) and the material-name check it
shares with ``earth:``."""
from __future__ import annotations

import functools

from ..catalogue import load_catalogue
from .inputs import _suggest
from .quantities import _TAG, _quantity_type, strict_base


def check_material(v, info, *, insitu: bool):
    """``v`` if it names a known material (catalogue or the file's own, from the validation
    context), made in situ when ``insitu``; ``same`` is allowed for the Earth side."""
    T = load_catalogue().tables
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


def _check_route_makes(insitu, info) -> None:
    """A route makes one product: its catalogue material (or a new route's ``material:``), or one
    derived from it by ``base:``."""
    T = load_catalogue().tables
    routes = (info.context or {}).get("routes") or {n: e["material"] for n, e in T["routes"].items()}
    product = routes[insitu.route]
    if product is None:
        return  # a new route without base: or material: (reported on resolving)
    bases = (info.context or {}).get("bases") or {}
    m, seen = insitu.material, set()
    while m in bases and m not in seen:
        seen.add(m)
        m = bases[m]
    if m != product:
        makers = [r for r, made in routes.items() if made == m]
        hint = f"; '{m}' is made by route '{makers[0]}'" if makers else ""
        raise ValueError(f"{_TAG}material{_TAG}route '{insitu.route}' makes {product} (or a material "
                         f"with base: {product}), not '{insitu.material}'{hint}")


@functools.cache
def insitu_model():
    """The ``insitu:`` model (cached)."""
    from typing import Optional

    from pydantic import Field, ValidationInfo, field_validator, model_validator

    from .choices import check_entry

    T = load_catalogue().tables

    class Insitu(strict_base()):
        """The in-situ option: route, material, campaign length and power source."""

        route: str = Field("melt-cast", description="process route (a catalogue route or one "
                           "defined under routes:)", json_schema_extra={"examples": list(T["routes"])})
        material: Optional[str] = Field(None, description="in-situ material (default: the route's)",
                                        json_schema_extra={"examples": [n for n, e in T["materials"].items()
                                                                        if e.get("origin") == "insitu"]})
        campaign: Optional[_quantity_type("s", "positive", "length of the production campaign (default: "
                                           "insitu_defaults.campaign, 2 years, range 0.5-5 years)",
                                           "2 year", "campaign")] = None
        plant_module_mass: Optional[_quantity_type(
            "kg", "positive", "the plant is modular: mass of its largest module (each must fit "
            "one lander; without it the plant lands in one piece)", "300 kg")] = None
        modular: Optional[bool] = Field(None, description="the plant lands in modules, each at most "
                                        "plant_module_mass (default: plant_defaults.plant_module_mass); "
                                        "without it the plant is one indivisible piece")
        power: str = Field("solar-with-storage", description="power-system preset (a catalogue one "
                           "or one defined under power:)", json_schema_extra={"examples": list(T["power"])})

        @field_validator("route", "power")
        @classmethod
        def _entry(cls, v, info: ValidationInfo):
            return check_entry(v, info, "routes" if info.field_name == "route" else "power")

        @field_validator("material")
        @classmethod
        def _material(cls, v, info: ValidationInfo):
            return v if v is None else check_material(v, info, insitu=True)

        @model_validator(mode="after")
        def _route_makes_material(self, info: ValidationInfo):
            if self.material is not None:
                _check_route_makes(self, info)
            return self

    return Insitu
