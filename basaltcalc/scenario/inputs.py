"""Input paths and their domains: :class:`Input`, the SI unit tables, :func:`domain_of`,
:func:`in_domain`; and the near-miss hint :func:`_suggest` used by every error message."""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

from ..units import pint  # dask hidden while pint loads (units._import_pint)

from ..catalogue import Value
from ..units import ureg

#: SI unit of each element input.
ELEMENT_UNITS = {
    "count": "", "length": "m", "width": "m", "outer_diameter": "m", "thickness": "m",
    "load.pressure": "Pa", "load.internal_pressure": "Pa", "load.axial_load": "N",
    "load.effective_length_factor": "", "load.areal_density": "kg/m^2", "load.deflection_limit": "",
}
#: SI unit of each transport input.
TRANSPORT_UNITS = {
    "landed_cost": "USD/kg", "leo_cost": "USD/kg", "delta_v": "m/s", "isp": "s",
    "inert_fraction": "", "payload_per_flight": "kg", "flights_per_year": "1/s",
    "price_per_flight": "USD",
}
#: Inputs that are fractions, checked to lie in [0, 1].
FRACTIONS = {"yield", "beneficiation_yield", "melt_fraction", "furnace_efficiency", "ddte_share",
             "packaging_fraction", "availability", "night_power_fraction", "sunlight_dependent",
             "round_trip_efficiency", "illumination_fraction", "inert_fraction",
             "fabrication_learning", "flight_learning", "transcost_learning", "panel_construction"}
#: Learning rates (Wright's law, :mod:`basaltcalc.core.learning`): in (0, 1], 1 = no learning.
LEARNING_RATES = {"fabrication_learning", "flight_learning", "transcost_learning"}
#: Inputs that may be negative (their domain is :data:`BOUNDS`): the AMCM difficulty.
SIGNED = {"amcm_difficulty"}
#: Inputs that may be zero (every other quantity must be positive).
_MAY_BE_ZERO = {"consumables", "cutting_consumables", "cutting_energy", "excavation_energy",
                "forming_energy", "delta_v", "ddte", "operations_per_year", "spares_fraction",
                "hardware_cost", "consumables_cost", "container_cost", "fabrication_cost", "latent_heat",
                "specific_heat", "pressure", "internal_pressure", "axial_load", "areal_density",
                "poissons_ratio", "deflection_limit"}

#: Fractions the model divides by (a yield, an efficiency, an illumination or availability): 0
#: leaves the model undefined (0/0 or x/0), and a value near 0 takes the products of the model
#: past float64 (a yield of 1e-300 makes the feedstock, the plant and their costs overflow), so
#: their domain is [DIVISOR_MIN, 1].
DIVISOR_FRACTIONS = {"yield", "beneficiation_yield", "furnace_efficiency", "round_trip_efficiency",
                     "illumination_fraction", "availability", *LEARNING_RATES}
#: Smallest value of a fraction the model divides by (kind: estimate): one part per million, far
#: below any yield, efficiency, availability or learning rate a source gives (0.3-0.99), and far
#: above where a product of the model could overflow: every input of the gallery at the ends of
#: its domain, with these at 1e-6, stays finite (tests/test_fuzz.py). [-]
DIVISOR_MIN = 1e-6
#: Any other quantity's SI magnitude lies within these (and is 0 only where it may be zero).
SI_MIN, SI_MAX = 1e-15, 1e15
#: Finite SI bounds ``(smallest, largest)`` of the inputs with a natural scale (kind: estimate,
#: chosen to hold any habitat element and campaign with orders of magnitude to spare while
#: keeping every product of the model far inside float64: 1e-300 s or 1e308 m is refused).
BOUNDS = {"count": (1.0, 1e12), "length": (1e-6, 1e5), "width": (1e-6, 1e5),
          "outer_diameter": (1e-6, 1e5), "thickness": (1e-9, 1e5), "campaign": (1.0, 3.2e10),
          # the spans before the first product, at most 1000 years as the campaign: longer ones
          # discount every cost to below 1e-308 USD at an ordinary rate (5 % over 30 million years)
          "development_time": (SI_MIN, 3.2e10), "commissioning_time": (SI_MIN, 3.2e10),
          # a plant's mass against throughput, m ~ rate^alpha: sources give 0.6-1; below 0.1 the
          # throughput of a plant as heavy as its furnace, ~ (mass ratio)^(1/alpha), passes float64
          # for an ordinary furnace (0.001: a 3e3 ratio to the 1000th power; found by the fuzz)
          "plant_scale_exponent": (0.1, 2.0), "effective_length_factor": (1e-3, 100.0),
          # AMCM (the published model's ranges: difficulty -2..+2, a first flight after 1900)
          "amcm_difficulty": (-2.0, 2.0), "amcm_ioc_year": (1960.0, 2100.0),
          "amcm_specification": (0.5, 5.0), "amcm_block": (1.0, 10.0),
          # TRANSCOST exponents and factors (kind: estimate, wide around the published ones)
          "transcost_development_x": (0.0, 1.5), "transcost_production_x": (0.0, 1.5),
          "transcost_f1": (0.1, 5.0), "transcost_f2": (0.1, 5.0), "transcost_f3": (0.1, 5.0),
          "weibull_modulus": (2.0, 1e9), "weibull_test_volume": (1e-12, 1e3),
          "tensile_test_volume": (1e-12, 1e3), "poissons_ratio": (0.0, 0.499),
          "deflection_limit": (0.0, 1e6), "yield_safety_factor": (1.0, 10.0)}
#: Rates per year that may be negative: above -1 (-100 %, where nothing is worth anything later)
#: and at most 100 (10 000 %, far past any real rate), by name. [-]
RATES = {"discount_rate": (-1.0, 100.0)}


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


def _suggest(name, options) -> str:
    close = difflib.get_close_matches(str(name), [str(o) for o in options], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _describe_input(v) -> str:
    if isinstance(v, bool):
        return f"the boolean {v}"
    if v is None:
        return "nothing (an empty value)"
    if isinstance(v, (dict, list)):
        return f"a {'mapping' if isinstance(v, dict) else 'list'}"
    return repr(v)


def _rule(name: str) -> str:
    if name in RATES:
        return "rate"
    if name in FRACTIONS:
        return "fraction"
    if name in SIGNED:
        return "signed"
    return "nonnegative" if name in _MAY_BE_ZERO else "positive"


def domain_of(path: str) -> tuple[float, float, bool]:
    """Physical domain of an input's SI values, by the last component of its path: ``(low, high,
    low_allowed)``.  Fractions lie in [0, 1], those the model divides by
    (:data:`DIVISOR_FRACTIONS`) in [DIVISOR_MIN, 1]; quantities with a natural scale within :data:`BOUNDS`;
    quantities that may be zero in [0, SI_MAX]; every other quantity (strengths, costs,
    temperatures in K, ...) in [SI_MIN, SI_MAX], so that no product of the model overflows or
    underflows.

    >>> domain_of("routes.melt-cast.yield"), domain_of("insitu.campaign")
    ((1e-06, 1.0, True), (1.0, 32000000000.0, True))
    """
    name = path.rsplit(".", 1)[-1]
    rule = _rule(name)
    if rule == "fraction":
        return (DIVISOR_MIN, 1.0, True) if name in DIVISOR_FRACTIONS else (0.0, 1.0, True)
    if rule == "rate":
        return RATES[name][0], RATES[name][1], False
    if name in BOUNDS:
        return BOUNDS[name][0], BOUNDS[name][1], True
    return (0.0 if rule == "nonnegative" else SI_MIN), SI_MAX, True


def describe_domain(path: str) -> str:
    """The domain of :func:`domain_of` in words, e.g. ``'a fraction in [0, 1]'``.

    >>> describe_domain("routes.melt-cast.yield"), describe_domain("elements[0].count")
    ('a fraction from 1e-06 to 1 (the model divides by it)', 'a whole number from 1 to 1e+12')
    """
    lo, hi, low_allowed = domain_of(path)
    name = path.rsplit(".", 1)[-1]
    if name == "count":
        return f"a whole number from {lo:g} to {hi:g}"
    if _rule(name) == "rate":
        return f"a rate per year above {lo:g} ({lo:.0%}) and at most {hi:g}"
    if name in LEARNING_RATES:
        return f"a learning rate from {lo:g} to 1 (1: no learning)"
    if name in DIVISOR_FRACTIONS:
        return f"a fraction from {lo:g} to 1 (the model divides by it)"
    if lo < 0:
        return f"a value from {lo:g} to {hi:g}"
    if hi == 1.0 and lo == 0.0:
        return "a fraction in [0, 1]"
    if lo == 0.0:
        return f"a non-negative value (at most {hi:g} in SI units)"
    if path.rsplit(".", 1)[-1] in BOUNDS:  # a natural lower bound above 0: say it, not "positive"
        return f"a value from {lo:g} to {hi:g} (SI units)"
    return f"a positive value (from {lo:g} to {hi:g} in SI units)"


def in_domain(path: str, values) -> bool:
    """True where every SI value lies in :func:`domain_of` the input (NaN is not); a count must
    also be a whole number."""
    import numpy as np

    lo, hi, low_allowed = domain_of(path)
    v = np.asarray(values, dtype=np.float64)
    above = v >= lo if low_allowed else v > lo
    ok = above & (v <= hi)
    if path.endswith(".count"):
        ok &= v == np.floor(v)
    return bool(np.all(ok))


def domain_problem(path: str, values) -> str | None:
    """Why SI ``values`` of the input at ``path`` leave its domain, or None where they are all in
    it: the one check of a value's domain, whichever door it came through (a file, ``--set``, an
    override, a sweep, a distribution, a solve).

    >>> domain_problem("elements[0].count", 1e30)
    'expected a whole number from 1 to 1e+12, got 1e+30'
    >>> domain_problem("routes.melt-cast.yield", [0.5, 1e-300])
    'expected a fraction from 1e-06 to 1 (the model divides by it), got values from 1e-300 to 0.5'
    >>> domain_problem("economics.availability", 0.9) is None
    True
    """
    import numpy as np

    if in_domain(path, values):
        return None
    v = np.asarray(values, dtype=np.float64)
    got = f"{float(v):g}" if v.ndim == 0 else f"values from {v.min():g} to {v.max():g}"
    return f"expected {describe_domain(path)}, got {got}"


def rocket_problem(inert_fraction, delta_v, isp, leo_cost=None) -> tuple[str, str] | None:
    """``(input path, why)`` where a stage of inert fraction ε, Δv [m/s] and Isp [s] lands
    nothing, ε·R >= 1 with R = exp(Δv / (Isp g0)) (:func:`basaltcalc.core.transport.gear_ratio`),
    or, with ``leo_cost`` [USD/kg], lands at a cost per kg, LEO cost x gear ratio, outside the
    domain of a landed cost given directly (``transport.landed_cost``: the same domain at both
    doors); None where every point is fine.

    >>> rocket_problem(0.3, 6100.0, 450.0)[0]  # 0.3 x 3.98398 = 1.195 >= 1
    'transport.inert_fraction'
    >>> rocket_problem(0.0, 1e6, 450.0, 1500.0)[0]  # R = exp(226.6) = 2.6e98 kg in LEO per kg
    'transport.delta_v'
    >>> rocket_problem(0.1, 6100.0, 450.0, 1500.0) is None
    True
    """
    import numpy as np

    from ..core.transport import gear_ratio, mass_ratio_limit

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        eps_r = np.asarray(mass_ratio_limit(delta_v, isp, inert_fraction), dtype=np.float64)
        if np.any(eps_r >= 1.0):
            k = int(np.nanargmax(eps_r))
            worst = float(eps_r.flat[k])
            eps = float(np.broadcast_to(inert_fraction, eps_r.shape).flat[k])
            return "transport.inert_fraction", (
                f"inert fraction x mass ratio exp(delta_v / (isp g0)) = {worst:.3g} >= 1: the stage "
                f"cannot reach the delta-v (the rocket equation has no solution); expected an inert "
                f"fraction below {eps / worst:.3g}, or a lower delta-v or a higher isp")
        if leo_cost is None:
            return None
        landed = np.multiply(leo_cost, gear_ratio(delta_v, isp, inert_fraction))
    if in_domain("transport.landed_cost", landed):
        return None
    return "transport.delta_v", (
        f"the landed cost the rocket gives, LEO cost x gear ratio = {float(np.max(landed)):.3g} "
        f"USD/kg, is outside the domain of a landed cost ({describe_domain('transport.landed_cost')}): "
        "lower the delta-v or raise the isp")
