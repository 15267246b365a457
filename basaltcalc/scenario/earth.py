"""File model of ``earth:``: the Earth design's material and the designs compared with."""
from __future__ import annotations

import functools

from ..catalogue import load_catalogue
from .insitu import check_material
from .quantities import _TAG, strict_base


@functools.cache
def earth_model():
    """The ``earth:`` model (cached)."""
    from typing import Optional

    from pydantic import Field, ValidationInfo, field_validator, model_validator

    T = load_catalogue().tables

    class Earth(strict_base()):
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

    return Earth
