"""File models of ``elements:``: sheet and tube groups with their loads, discriminated by
``kind``; a given thickness is checked to fit the element."""
from __future__ import annotations

import functools

from .quantities import _TAG, Q, _count, strict_base


def check_thickness(t, limit, what) -> None:
    """ValueError on ``thickness`` (message ``what()``) when a given thickness exceeds ``limit``."""
    if t is not None and limit is not None and t > limit:
        raise ValueError(f"{_TAG}thickness{_TAG}{what()}")


def _count_type():
    from typing import Annotated, Any

    from pydantic import BeforeValidator, WithJsonSchema

    return Annotated[Any, BeforeValidator(_count),
                     WithJsonSchema({"type": "integer", "minimum": 1, "description": "number of elements"})]


@functools.cache
def load_models():
    """(SheetLoad, TubeLoad): what sizes each kind of element."""
    Strict = strict_base()

    class SheetLoad(Strict):
        """What sizes a sheet: uniform pressure over the span and/or a shielding target."""

        pressure: Q("Pa", "pressure", "uniform pressure over the span (width)") = None
        areal_density: Q("kg/m^2", "areal_density", "shielding areal density target") = None
        deflection_limit: Q("", "deflection_limit",
                            "R of the service deflection limit span/R under the pressure (default: "
                            "structure_defaults.deflection_limit, 360); 0: none") = None

    class TubeLoad(Strict):
        """What sizes a tube: internal pressure, axial (column) load, shielding target."""

        internal_pressure: Q("Pa", "internal_pressure", "internal gauge pressure (hoop stress)") = None
        axial_load: Q("N", "axial_load", "compressive axial load (Euler buckling and crushing)") = None
        effective_length_factor: Q("", "effective_length_factor", "column effective length factor K") = None
        areal_density: Q("kg/m^2", "areal_density", "shielding areal density target") = None

    return SheetLoad, TubeLoad


@functools.cache
def element_model():
    """The annotated union of an element group: a Sheet or a Tube, by ``kind`` (cached)."""
    from typing import Annotated, Literal, Optional, Union

    from pydantic import Field, model_validator

    SheetLoad, TubeLoad = load_models()
    Count = _count_type()

    class Sheet(strict_base()):
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

    class Tube(strict_base()):
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

    return Annotated[Union[Sheet, Tube], Field(discriminator="kind")]
