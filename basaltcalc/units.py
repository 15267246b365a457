"""The one unit registry of basaltcalc, and the conversion of inputs to SI floats.

Currency is a dimension of its own, ``[currency]``, with base unit ``USD`` (and ``kUSD``,
``MUSD``, ``BUSD``), so that ``1 MUSD/kg`` and ``1e6 USD/kg`` are the same quantity and a cost can
never be added to a mass.  No exchange rates or inflation are modelled: every figure is in the
nominal US dollars its source gives.

>>> float(as_si("1.2 MUSD/kg", "USD/kg", "landed_cost"))
1200000.0
>>> float(as_si(Q_(5, "mm"), "m", "thickness"))
0.005
"""
from __future__ import annotations

import functools
import re
import sys

import numpy as np

from .errors import UnitsError


#: Packages pint imports on import when they are installed, for features basaltcalc does not use
#: on its own: dask (``compute`` of Quantities of dask arrays; 0.07 s of a 0.25 s ``import
#: basaltcalc``) and scipy (``to_preferred``'s ``scipy.optimize.milp``; ~5 ms), both measured
#: with ``python -X importtime``.
_HIDDEN_FROM_PINT = ("dask", "scipy")


def _import_pint():
    """``import pint`` without importing dask or scipy (:data:`_HIDDEN_FROM_PINT`): each is
    hidden while pint loads, then pint's hooks are put back as stand-ins that import it on first
    use (:func:`_lazy_dask`, :func:`_lazy_scipy`), so a Quantity of a dask array still computes
    and ``to_preferred`` still optimises."""
    from importlib.util import find_spec

    if "pint" in sys.modules:
        import pint
        return pint
    hidden = [name for name in _HIDDEN_FROM_PINT
              if name not in sys.modules and find_spec(name) is not None]
    for name in hidden:
        sys.modules[name] = None  # find_spec(name) is None and `import name` fails while it is there
    try:
        import pint
    finally:
        for name in hidden:
            del sys.modules[name]
    if "dask" in hidden:
        _lazy_dask(pint)
    if "scipy" in hidden:
        _lazy_scipy(pint)
    return pint


def _lazy_scipy(pint) -> None:
    """Give pint's ``scipy`` back as a stand-in that imports scipy when first used."""
    import importlib

    class _Scipy:
        def __getattr__(self, attr):
            return getattr(importlib.import_module("scipy"), attr)

    for module in (pint.compat, sys.modules.get("pint.facets.plain.qto")):
        if module is not None and hasattr(module, "scipy"):
            module.scipy = _Scipy()
    pint.compat.HAS_SCIPY = True


def _lazy_dask(pint) -> None:
    """Give pint's dask hooks back as stand-ins that import dask when first used."""
    import importlib

    def deferred(name):
        def call(*args, **kwargs):
            return getattr(importlib.import_module("dask.base"), name)(*args, **kwargs)
        call.__name__ = name
        return call

    class _DaskArray:  # as pint's own lazy ``dask_array``
        def __getattr__(self, attr):
            return getattr(importlib.import_module("dask.array"), attr)

    hooks = {name: deferred(name) for name in ("compute", "persist", "visualize")}
    hooks["dask_array"] = _DaskArray()
    for module in (pint.compat, sys.modules.get("pint.facets.dask")):
        for name, value in hooks.items():
            if module is not None and hasattr(module, name):
                setattr(module, name, value)
    pint.compat.HAS_DASK = True


pint = _import_pint()

__all__ = ["ureg", "Q_", "as_si", "parse_quantity", "dimension_hint", "unit", "unit_text", "input_unit_text",
           "KEY_UNITS"]


class _Quantity(pint.Quantity):
    """pint's Quantity, refusing a boolean magnitude (``Q_(True, "MUSD/kg")``) with a
    :class:`UnitsError` that says so, rather than pint's bare TypeError."""

    def __new__(cls, value, units=None):
        if value.__class__ is bool or isinstance(value, np.bool_) or (
                isinstance(value, np.ndarray) and value.dtype == np.bool_):
            raise UnitsError(f"Q_: a quantity's magnitude is a number or an array of numbers, got "
                             f"the boolean {value!r}" if np.ndim(value) == 0 else
                             "Q_: a quantity's magnitude is a number or an array of numbers, got an "
                             "array of booleans")
        return super().__new__(cls, value, units)


class _Registry(pint.UnitRegistry):
    """The registry of basaltcalc: pint's, with every expression it parses (``Q_("5 mm")``,
    ``ureg("...")``) held to :func:`check_quantity_text` first: no exponent towers, no texts of
    thousands of characters (pint would evaluate ``10**10**10`` exactly, for minutes)."""

    Quantity = _Quantity

    def parse_expression(self, input_string, *args, **kwargs):
        if isinstance(input_string, str):
            check_quantity_text(input_string, "Q_")
        return super().parse_expression(input_string, *args, **kwargs)

    __call__ = parse_expression  # ureg("5 mm"): pint binds its own parse_expression here


def _make_registry() -> pint.UnitRegistry:
    try:  # the definition cache makes registry creation ~10x faster on later imports
        reg = _Registry(cache_folder=":auto:")
    except Exception:  # pragma: no cover - read-only home, broken cache: fall back
        reg = _Registry()
    reg.define("USD = [currency] = _ = US_dollar")
    reg.define("kUSD = 1e3 USD")
    reg.define("MUSD = 1e6 USD")
    reg.define("BUSD = 1e9 USD")
    reg.formatter.default_format = "~P"
    return reg


ureg = _make_registry()
pint.set_application_registry(ureg)
Q_ = ureg.Quantity


@functools.lru_cache(maxsize=2048)
def unit(text: str) -> pint.Unit:
    """``ureg.Unit(text)``, parsed once per process: pint parses a unit string anew on every
    ``Quantity(x, "kg/m^3")``, ~80 us each, and loading the catalogue and the scenario model asks
    for the same few dozen units about a thousand times.  A Quantity built on the returned Unit
    is the same as one built on the string (both take its units container).

    >>> unit("kg/m^3") is unit("kg/m^3")
    True
    """
    return ureg.Unit(text)


_unit_of = unit  # for functions whose argument is named ``unit`` (as_si, dimension_hint)

_EXAMPLES = {
    "[length]": "'3 m'",
    "[mass]": "'1200 kg'",
    "[time]": "'2 year'",
    "[mass] / [length] / [time] ** 2": "'101.3 kPa'",
    "[length] * [mass] / [time] ** 2": "'10 kN'",
    "[mass] / [length] ** 3": "'2950 kg/m^3'",
    "[mass] / [length] ** 2": "'20 g/cm^2'",
    "[length] ** 2 * [mass] / [time] ** 2": "'5 MJ'",
    "[length] ** 2 * [mass] / [time] ** 3": "'40 kW'",
    "[length] ** 2 / [time] ** 2": "'1.7 MJ/kg'",
    "[mass] / [time] ** 2": "'10 kWh/m^2'",
    "[length] ** 2 / [temperature] / [time] ** 2": "'1000 J/(kg*K)'",
    "[length] ** 2 / [time] ** 2 / [temperature]": "'1000 J/(kg*K)'",
    "[temperature]": "'1280 degC'",
    "[length] / [time]": "'6.1 km/s'",
    "[currency]": "'1.5 BUSD'",
    "[currency] / [mass]": "'1 MUSD/kg'",
    "[currency] / [time]": "'50 MUSD/year'",
    "[time] ** 3 / [length] ** 2": "'150 kg/kW'",
    "[mass] / [time]": "'100 kg/h'",
    "1 / [time]": "'0.05 / year'",
    "dimensionless": "'0.85'",
}

_CURRENCY_SYMBOLS = re.compile(r"[$€£¥₽₹]")
_NUMBER_UNIT = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z_°µΩ][^\s].*?|[A-Za-z_°µΩ])\s*")


def _show(value) -> str:
    """Short description of a value for an error message (arrays are summarised)."""
    if isinstance(value, np.ndarray) and value.size > 4:
        return f"an array of shape {value.shape}"
    if isinstance(value, pint.Quantity) and np.size(value.magnitude) > 4:
        return f"an array of shape {np.shape(value.magnitude)} in {value.units:~P}"
    return f"{value:~P}" if isinstance(value, pint.Quantity) else repr(value)


@functools.lru_cache(maxsize=1024)
def dimension_hint(unit: str, example: str | None = None) -> str:
    """Readable name of the dimension of ``unit``, with an example, for error messages.

    >>> dimension_hint("kg/m^3")
    "[mass] / [length] ** 3, e.g. '2950 kg/m^3'"
    >>> dimension_hint("s", example="200 kg/(kg/h)")  # a plant's specific mass reduces to a time
    "[time], e.g. '200 kg/(kg/h)'"
    """
    dim = str(_unit_of(unit).dimensionality) if unit else "dimensionless"
    if dim == "dimensionless":
        return f"a dimensionless number, e.g. '{example or 0.85}'"
    example = f"'{example}'" if example else _EXAMPLES.get(dim)
    return f"{dim}, e.g. {example}" if example else f"{dim} (e.g. in {unit})"


#: Longest quantity text read (a number and a unit expression fit in far less).
MAX_QUANTITY_CHARS = 200
#: An exponent applied to an exponent (``10**10**10``, ``2^3^4``), or an exponent of more than
#: three digits: pint would evaluate it exactly, for minutes.
_TOWER = re.compile(r"(\*\*|\^)\s*[-+(]*\s*[\d.]+\s*\)*\s*(\*\*|\^)|(\*\*|\^)\s*[-+(]*\s*\d{4,}")


def check_quantity_text(text: str, name: str = "value") -> None:
    """:class:`UnitsError` where ``text`` is longer than :data:`MAX_QUANTITY_CHARS` or holds an
    exponent tower (:data:`_TOWER`): the guard of every quantity text, whichever way it is read."""
    if len(text) > MAX_QUANTITY_CHARS:
        raise UnitsError(f"{name}: a quantity is at most {MAX_QUANTITY_CHARS} characters, got "
                         f"{len(text):,}")
    if _TOWER.search(text):
        raise UnitsError(f"{name}: exponents of exponents (such as '10**10**10') are not allowed "
                         f"in a quantity: write the number, e.g. '1e10 m', got {text[:60]!r}")


def parse_quantity(text: str, name: str = "value") -> pint.Quantity:
    """Parse a string such as ``"5 mm"`` or ``"1.2 MUSD/kg"`` into a Quantity.

    Currency symbols are refused rather than dropped (pint would read ``"$1200/kg"`` as
    ``1200/kg``): write ``"1200 USD/kg"``.
    """
    check_quantity_text(text, name)
    if _CURRENCY_SYMBOLS.search(text):
        raise UnitsError(f"{name}: currency symbols are not units; write e.g. '1200 USD/kg' "
                         f"instead of {text!r}")
    m = _NUMBER_UNIT.fullmatch(text)
    if m:  # "1280 degC": build number and unit apart, so offset units (degC, degF) work
        try:
            return ureg.Quantity(float(m.group(1)), unit(m.group(2)))
        except Exception:  # not a plain unit expression: let the full parser try
            pass
    try:
        q = ureg.Quantity(text.strip())
    except Exception as exc:  # pint raises several types for bad strings
        raise UnitsError(f"{name}: cannot read {text!r} as a quantity ({exc})") from None
    if not isinstance(q, pint.Quantity):  # a bare number parses to a float
        q = ureg.Quantity(q)
    return q


@functools.lru_cache(maxsize=2048)
def unit_text(u: pint.Unit, spec: str = "~P") -> str:
    """``format(u, spec)``, once per unit: pint's unit formatting costs ~50 us, and a report
    formats the same few dozen units hundreds of times.

    >>> unit_text(unit("kg/m^3"))
    'kg/m³'
    """
    return format(u, spec)


#: Inputs whose unit pint simplifies out of recognition (kg/(kg/h) -> h): key -> unit as written.
KEY_UNITS = {"plant_specific_mass": "kg/(kg/h)"}


def input_unit_text(path: str, u: pint.Unit) -> str:
    """The unit of an input as its data file writes it: :func:`unit_text`, except where pint
    simplifies it out of recognition (:data:`KEY_UNITS`).

    >>> input_unit_text("routes.melt-cast.plant_specific_mass", unit("kg/(kg/h)"))
    'kg/(kg/h)'
    """
    text = unit_text(u, "~P")
    key = path.rsplit(".", 1)[-1]
    return KEY_UNITS[key] if key in KEY_UNITS and text in ("h", "hr") else text


def as_si(value, unit: str | pint.Unit, name: str = "value", *, allow_bare: bool = False):
    """Return ``value`` as float64 magnitudes in the SI unit ``unit`` after checking its dimension.

    Parameters
    ----------
    value : pint.Quantity, str, or (with ``allow_bare`` or a dimensionless ``unit``) number/array
        The input, e.g. ``Q_(5, "mm")``, ``"5 mm"`` or ``Q_(np.array([1, 2]), "m")``.
    unit : str or pint.Unit
        The SI unit to convert to; its dimension is the one required.
    name : str
        The argument's name, used in the error message.

    Returns
    -------
    float or ndarray of float64
        Magnitude in ``unit``.

    Raises
    ------
    UnitsError
        On a bare number where a dimension is needed, a wrong dimension, or a bad string.
    """
    if isinstance(value, str):
        value = parse_quantity(value, name)
    target = _unit_of(unit) if isinstance(unit, str) else unit
    if isinstance(value, pint.Quantity):
        if value.dimensionality != target.dimensionality:
            raise UnitsError(
                f"{name}: expected {dimension_hint(str(target))}, got {_show(value)} "
                f"({value.dimensionality})")
        with np.errstate(over="ignore", invalid="ignore"):  # past float64: inf, refused by the caller
            mag = value.m_as(target)
    else:
        if not (allow_bare or target.dimensionless):
            raise UnitsError(
                f"{name}: a bare number {_show(value)} needs a unit; expected {dimension_hint(str(target))}")
        mag = value
    if isinstance(mag, (int, float)):
        return float(mag)
    return np.asarray(mag, dtype=np.float64)
