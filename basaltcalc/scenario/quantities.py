"""Quantities in a scenario file: a value with a unit validated to an SI float for an input of a
given unit and rule, counts, and the annotated pydantic types the file models are built of."""
from __future__ import annotations

import functools
import math
import re
from typing import Any

from ..catalogue import TABLES, data_file
from ..core import costyear
from ..errors import UnitsError
from ..units import dimension_hint, parse_quantity, ureg
from ..units import unit as parse_unit
from .inputs import BOUNDS, _describe_input, _rule, describe_domain, domain_of

_TAG = "\x00"  # marks "this message belongs to sub-key K" in validator errors: "\0K\0message"

_NUMBER_PREFIX = r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*"
_QUANTITY_PATTERN = r"^(?!.*[$€£¥₽₹])" + _NUMBER_PREFIX + r"[^\s\d]"

#: Example values of the transport, campaign and element inputs (for messages and the schema).
EXAMPLES = {"landed_cost": "1 MUSD/kg", "leo_cost": "1500 USD/kg", "delta_v": "6.1 km/s",
            "isp": "450 s", "inert_fraction": "0.1", "payload_per_flight": "1000 kg",
            "flights_per_year": "2 / year", "campaign": "2 year", "length": "2 m",
            "width": "1 m", "outer_diameter": "0.5 m", "thickness": "25 mm",
            "pressure": "5 kPa", "internal_pressure": "101.3 kPa", "axial_load": "50 kN",
            "effective_length_factor": "1", "areal_density": "20 g/cm^2"}


#: ``"1.2 MUSD/kg @2024"``: a value, then ``@`` and the year its dollars are in.
_AT_YEAR = re.compile(r"^(?P<value>.*?)\s*@\s*(?P<year>\S*)\s*$", re.S)


@functools.cache
def price_index() -> dict:
    """The shipped price index (``data/inflation.yaml``): name, source, years, values and the
    year the packaged defaults' dollars are in (``default_cost_year``)."""
    d = data_file("inflation.yaml")
    return {"index": d["index"], "source": d["source"], "years": tuple(float(y) for y in d["years"]),
            "values": tuple(float(v) for v in d["values"]), "first": int(d["years"][0]),
            "last": int(d["years"][-1]), "default": int(d["default_cost_year"])}


def check_cost_year(v) -> int:
    """``v`` as a cost year within the index's range; ValueError naming the range.

    >>> check_cost_year(2010)
    2010
    >>> check_cost_year(2030)
    Traceback (most recent call last):
    ...
    ValueError: expected a cost year from 1947 to 2025 (the years of the price index bea-gdp-deflator), got 2030
    """
    ix = price_index()
    rng = f"from {ix['first']} to {ix['last']} (the years of the price index {ix['index']})"
    if isinstance(v, str) and re.fullmatch(r"\s*\d{1,5}\s*", v):
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f"expected a cost year {rng}, a whole number such as {ix['default']}, "
                         f"got {_describe_input(v)}")
    if not ix["first"] <= v <= ix["last"]:
        raise ValueError(f"expected a cost year {rng}, got {v}")
    return v


def escalation_factor(from_year: int, to_year: int) -> float:
    """Factor taking year-``from_year`` dollars to year-``to_year`` dollars with the shipped index
    (:func:`basaltcalc.core.costyear.escalation`); exactly 1 for the same year.

    >>> round(escalation_factor(2000, 2020), 6)  # 105.362 / 72.718
    1.448912
    """
    if from_year == to_year:
        return 1.0
    ix = price_index()
    return float(costyear.escalation(from_year, to_year, ix["years"], ix["values"]))


def split_cost_year(v):
    """``("1.2 MUSD/kg", 2024)`` for ``"1.2 MUSD/kg @2024"``; ``(v, None)`` without an ``@``.
    ValueError when the year is not one of the index (:func:`check_cost_year`)."""
    if not isinstance(v, str) or "@" not in v:
        return v, None
    m = _AT_YEAR.fullmatch(v)
    return m.group("value"), check_cost_year(m.group("year"))


def is_currency(unit) -> bool:
    """True for a unit whose dimension holds ``[currency]`` (``USD``, ``USD/kg``, ``USD/s``)."""
    u = parse_unit(unit) if isinstance(unit, str) else unit
    return bool(unit) and "[currency]" in u.dimensionality


def _check_domain(v, si: float, name: str) -> None:
    """ValueError when ``si`` leaves :func:`domain_of` the input ``name``."""
    lo, hi, low_allowed = domain_of(name)
    if si > hi or si < lo or (si == lo and not low_allowed):
        if si < 0 and lo == 0.0 and low_allowed:
            return  # "must not be negative" below
        if si <= 0 and lo > 0 and hi != 1.0:
            return  # "must be positive" below
        raise ValueError(f"expected {describe_domain(name)}, got {v!r}")


def quantity_si(v, unit: str, rule: str = "positive", example: str | None = None,
                name: str | None = None, cost_year: int | None = None) -> float:
    r"""SI magnitude of a file value for a quantity of ``unit``; ValueError saying what is wrong.

    ``rule`` is ``"positive"``, ``"nonnegative"`` or ``"fraction"`` (in [0, 1]); with ``name``
    (the input's last path component), the value must also lie in :func:`domain_of` it.  A
    currency value may state the year of its dollars, ``"1.2 MUSD/kg @2010"``: it is converted to
    ``cost_year`` dollars (default: the packaged defaults' year) with the shipped index,
    :math:`C_1 = C_0\,I(y_1)/I(y_0)`.

    >>> quantity_si("18 month", "s")
    47336400.0
    >>> quantity_si("3 kg", "m")
    Traceback (most recent call last):
    ...
    ValueError: expected [length], e.g. '3 m', got '3 kg' ([mass])
    >>> # 2000 dollars in 2020 dollars: 1000 * 105.362 / 72.718
    >>> round(quantity_si("1000 USD @2000", "USD", cost_year=2020), 2)
    1448.91
    """
    written = v
    v, year = split_cost_year(v)
    if year is not None and not is_currency(unit):
        raise ValueError(f"a cost year ('@{year}') goes with currency values only; expected "
                         f"{dimension_hint(unit, example)}, got {written!r}")
    if year is not None and not isinstance(v, str):
        raise ValueError(f"expected a currency value before '@', e.g. '1.2 MUSD/kg @2020', "
                         f"got {written!r}")
    hint = dimension_hint(unit, example)
    dimensionless = not unit or parse_unit(unit).dimensionless
    if isinstance(v, bool) or v is None or not isinstance(v, (int, float, str)):
        raise ValueError(f"expected {hint}, got {_describe_input(v)}")
    if isinstance(v, str):
        try:
            q = parse_quantity(v, "value")
        except UnitsError as exc:
            raise ValueError(str(exc).split(": ", 1)[-1]) from None
        target = parse_unit(unit) if unit else ureg.dimensionless
        if q.dimensionality != target.dimensionality:
            if q.dimensionless:
                raise ValueError(f"a bare number {v!r} needs a unit; expected {hint}")
            raise ValueError(f"expected {hint}, got {v!r} ({q.dimensionality})")
        try:
            si = float(q.m_as(target))
        except Exception as exc:  # offset units in odd combinations
            raise ValueError(f"cannot convert {v!r} to {unit}: {exc}") from None
    else:
        if not dimensionless:
            raise ValueError(f"a bare number {v!r} needs a unit; expected {hint}")
        si = float(v)
    if not math.isfinite(si):
        raise ValueError(f"expected a finite value, got {v!r}")
    if year is not None:
        si = si * escalation_factor(year, price_index()["default"] if cost_year is None else cost_year)
    if name is not None and rule != "any":
        _check_domain(v, si, name)
    if rule == "fraction" and not 0.0 <= si <= 1.0:
        raise ValueError(f"expected a fraction in [0, 1], got {v!r}")
    if rule == "positive" and not si > 0:
        raise ValueError(f"must be positive, got {v!r}")
    if rule == "nonnegative" and si < 0:
        raise ValueError(f"must not be negative, got {v!r}")
    return si


def _count(v):
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float) and v.is_integer():
            raise ValueError(f"a count must be a whole number written without a decimal point, "
                             f"got {v!r}")
        raise ValueError(f"a count must be a positive whole number, got {_describe_input(v)}")
    if v <= 0:
        raise ValueError(f"a count must be a positive whole number, got {v}")
    if v > BOUNDS["count"][1]:
        raise ValueError(f"a count is at most {BOUNDS['count'][1]:.0e}, got a number of "
                         f"{len(str(v)) if v < 10**4000 else 'over 4000'} digits")
    return v


@functools.cache
def _raw_units() -> dict:
    """path -> the unit string the data file writes (for examples: '200 kg/(kg/h)')."""
    out = {}
    for table, fname in TABLES.items():
        for entry, props in data_file(fname).items():
            for prop, spec in props.items():
                if isinstance(spec, dict) and "value" in spec:
                    out[f"{table}.{entry}.{prop}"] = f"{spec['value']} {spec.get('unit', '')}".strip()
    for prop, spec in {**data_file("economics.yaml")["economics"],
                       **data_file("economics.yaml")["safety_factors"]}.items():
        out[prop] = f"{spec['value']} {spec.get('unit', '')}".strip()
    return out


@functools.cache
def _quantity_type(unit: str, rule: str, description: str = "", example: str | None = None,
                   name: str | None = None):
    """Annotated pydantic type: a quantity of ``unit``'s dimension, validated to an SI float
    (built once per argument set: the file model asks for 200 distinct ones 281 times)."""
    from typing import Annotated

    from pydantic import BeforeValidator, WithJsonSchema

    dimensionless = not unit or parse_unit(unit).dimensionless
    hint = dimension_hint(unit, example)
    text = f"{description}. " if description else ""
    text += f"Expected {hint}" + (" (a fraction in [0, 1])" if rule == "fraction" else "")
    if dimensionless:
        schema = {"anyOf": [{"type": "number"}, {"type": "string"}], "description": text}
        if rule == "fraction":
            schema["anyOf"][0].update(minimum=0, maximum=1)
    else:
        schema = {"type": "string", "pattern": _QUANTITY_PATTERN, "description": text}
    if example:
        schema["examples"] = [float(example) if dimensionless and _is_number(example) else example]
    return Annotated[Any, BeforeValidator(lambda v, info: quantity_si(v, unit, rule, example, name,
                                                                      _context_year(info))),
                     WithJsonSchema(schema)]


def _context_year(info) -> int | None:
    """The file's cost year, from the validation context (None: the defaults' year)."""
    return (getattr(info, "context", None) or {}).get("cost_year")


def _is_number(s) -> bool:
    try:
        float(s)
    except (TypeError, ValueError):
        return False
    return True


def Q(unit: str, name: str, description: str):
    """The quantity type of input ``name`` (its rule by name, its example from :data:`EXAMPLES`);
    a null value is an error."""
    return _quantity_type(unit, _rule(name), description, EXAMPLES.get(name), name)


def _ident(name: str) -> str:
    return re.sub(r"\W", "_", name)


@functools.cache
def strict_base():
    """The base of every file model: unknown keys are errors, fields are read by alias."""
    from pydantic import BaseModel, ConfigDict

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=False)

    return Strict
