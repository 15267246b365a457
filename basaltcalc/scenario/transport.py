"""File model of ``transport:``: a preset, a landed cost, or LEO cost + the rocket equation."""
from __future__ import annotations

import functools

from ..catalogue import load_catalogue
from .quantities import _TAG, Q, strict_base


#: How transport is paid (``transport.billing``), the default first.
BILLINGS = ("per-kg", "per-flight")
#: The default's source: the presets' landed costs are list prices per kg of payload on a shared
#: lander (Astrobotic's 1.2 MUSD/kg); CLPS task orders buy whole deliveries (clps-task-orders).
BILLING_SOURCE = "astrobotic-price-2024"


def _check_complete(t, presets) -> None:
    """ValueError (tagged with the sub-key) unless ``t`` gives one complete way to a landed cost."""
    if t.price_per_flight is not None and t.landed_cost is not None:
        raise ValueError(f"{_TAG}price_per_flight{_TAG}give landed_cost or price_per_flight, not both")
    rocket = [k for k in ("leo_cost", "delta_v", "isp") if getattr(t, k) is not None]
    if t.landed_cost is not None and rocket:
        raise ValueError(f"{_TAG}{rocket[0]}{_TAG}give landed_cost or leo_cost + delta_v "
                         "+ isp, not both (landed_cost would win silently)")
    if t.preset is not None:
        return
    if t.landed_cost is None and t.price_per_flight is None and len(rocket) < 3:
        missing = [k for k in ("leo_cost", "delta_v", "isp") if k not in rocket]
        raise ValueError(
            ("give a preset (" + ", ".join(presets) + "), or landed_cost, or "
             "leo_cost + delta_v + isp") if not rocket else
            f"{_TAG}{missing[0]}{_TAG}the rocket equation needs leo_cost, delta_v and "
            f"isp; missing {', '.join(missing)}")
    # payload and cadence: the generic lander of data/economics.yaml where neither file nor preset
    # gives them (scenario.resolve)


@functools.cache
def transport_model():
    """The ``transport:`` model (cached)."""
    from typing import Literal, Optional

    from pydantic import Field, ValidationInfo, field_validator, model_validator

    from .choices import check_entry

    presets = load_catalogue().tables["transport"]

    class Transport(strict_base()):
        """Earth-to-surface transport: a preset, a landed cost, or LEO cost + rocket equation."""

        preset: Optional[str] = Field(None, description="transport preset (a catalogue one or one "
                                      "defined under transport_presets:)",
                                      json_schema_extra={"examples": list(presets)})
        landed_cost: Q("USD/kg", "landed_cost", "cost per kg landed on the Moon") = None
        leo_cost: Q("USD/kg", "leo_cost", "cost per kg to low Earth orbit") = None
        delta_v: Q("m/s", "delta_v", "LEO to lunar surface") = None
        isp: Q("s", "isp", "specific impulse of the transfer and landing stages") = None
        inert_fraction: Q("", "inert_fraction", "stage inert mass / propellant mass") = None
        payload_per_flight: Q("kg", "payload_per_flight", "payload landed per flight") = None
        flights_per_year: Q("1/s", "flights_per_year", "delivery cadence") = None
        price_per_flight: Q("USD", "price_per_flight", "price of one flight (landed cost = price / payload)") = None
        billing: Optional[Literal[BILLINGS]] = Field(
            None, description="how transport is paid: 'per-kg' (default: a price per kg landed, the "
            "presets' list prices for payloads sharing a lander) or 'per-flight' (whole landers bought, "
            "a flight's price = landed cost x payload, paid however full each flight is)")

        @field_validator("preset")
        @classmethod
        def _preset(cls, v, info: ValidationInfo):
            return v if v is None else check_entry(v, info, "transport")

        @model_validator(mode="after")
        def _complete(self):
            _check_complete(self, presets)
            return self

    return Transport
