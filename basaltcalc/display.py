r"""The one display policy: the unit and the digits every output shows a quantity in.

Every command, table, figure label, report and notebook of basaltcalc formats a number for a
reader through this module, so the same quantity reads the same everywhere:

* a **metric** is shown in the unit of its SI unit's row of :data:`METRIC_UNITS` (every cost in
  MUSD, every cost per kg in kUSD/kg, every energy in MWh, every time in years, ...), whatever its
  size;
* an **input** in the unit of its key (:data:`KEY_UNITS`: a plant's specific mass in kg/(kg/h), a
  thickness in mm, a night in hours) or else of its dimension (:data:`DIMENSION_UNITS`: every
  density in kg/m³, every strength in MPa, every rate per year in 1/year);
* a number with four significant digits (:func:`number`): thousands separated, whole above 1,000,
  never a float's repr; ``inf`` and ``nan`` in words where a definition gives them.

JSON, CSV and netCDF stay in SI with their SI unit named beside each value; a field that holds a
display value names the display unit.

>>> format_value(4.0167e10, "USD"), format_value(1.308e4, "USD/kg"), format_value(6.145e10, "J")
('40,167 MUSD', '13.08 kUSD/kg', '17.07 MWh')
>>> format_input("routes.melt-cast.plant_specific_mass", 200 * 3600.0, "s")
'200 kg/(kg/h)'
>>> format_input("materials.al-2219.density", 2840.0, "kg/m^3"), format_input("transport.flights_per_year", 2 / 31557600, "1/s")
('2,840 kg/m³', '2 1/year')
>>> number(5892.59368245686), number(0.01308244809986051), number(-5.442e8)
('5,893', '0.01308', '-544,200,000')
"""
from __future__ import annotations

import functools
import math

import numpy as np

__all__ = ["METRIC_UNITS", "KEY_UNITS", "DIMENSION_UNITS", "RATES", "number", "display_unit", "metric_unit",
           "input_unit", "to_display", "format_value", "format_metric", "format_input", "format_range",
           "format_rate", "pint_unit", "pint_text", "metric_words", "metric_label", "comparison_words", "earth_design", "named", "text_table", "column_widths",
           "TIME_ORIGIN"]

#: Significant digits of every number shown. [-]
DIGITS = 4

#: Display unit of every metric, by its SI unit (:data:`basaltcalc.metrics.METRICS`); pint's
#: spelling, where it differs from the one printed, after the bar.
METRIC_UNITS = {"USD": "MUSD", "USD/kg": "kUSD/kg", "J": "MWh", "W": "kW", "s": "year", "kg": "kg",
                "kg/s": "kg/h", "J/kg": "kWh/kg", "m": "mm", "m^2": "m²", "": ""}
#: Metrics shown as a rate per year in percent.
RATES = {"economics.discount_rate", "insitu_irr"}

#: Display unit of an input by the last key of its path, where its dimension's unit reads badly.
KEY_UNITS = {
    "plant_specific_mass": "kg/(kg/h)",  # pint reduces kg/(kg/h) to a time
    "min_thickness": "mm", "thickness": "mm", "core_cell_size": "mm",
    "longest_night": "h", "commissioning_time": "month", "isp": "s",
    "pressure": "kPa", "internal_pressure": "kPa", "youngs_modulus": "GPa",
    "latent_heat": "kJ/kg", "process_temperature": "°C", "discount_rate": "%",
}
#: Inputs that are years of the calendar or counts: shown whole, without a thousands separator.
PLAIN_KEYS = {"amcm_ioc_year", "cost_year"}
#: Display unit of an input by its dimension (pint's dimensionality text).
DIMENSION_UNITS = {
    "[length]": "m", "[mass]": "kg", "[time]": "year", "1 / [time]": "1/year",
    "[currency]": "MUSD", "[currency] / [mass]": "kUSD/kg", "[currency] / [time]": "MUSD/year",
    "[mass] / [length] / [time] ** 2": "MPa", "[length] * [mass] / [time] ** 2": "kN",
    "[mass] * [length] / [time] ** 2": "kN",
    "[mass] / [length] ** 3": "kg/m³", "[mass] / [length] ** 2": "kg/m²", "[length] ** 3": "mm³",
    "[length] ** 2": "m²", "[length] ** 2 * [mass] / [time] ** 2": "kWh",
    "[mass] * [length] ** 2 / [time] ** 2": "kWh", "[length] ** 2 * [mass] / [time] ** 3": "kW",
    "[mass] * [length] ** 2 / [time] ** 3": "kW", "[length] ** 2 / [time] ** 2": "Wh/kg",
    "[mass] / [time] ** 2": "kWh/m²", "[length] ** 2 / [time] ** 2 / [temperature]": "J/(kg·K)",
    "[length] ** 2 / [temperature] / [time] ** 2": "J/(kg·K)", "[temperature]": "K",
    "[length] / [time]": "km/s", "[time] ** 3 / [length] ** 2": "kg/kW", "[mass] / [time]": "kg/h",
    "dimensionless": "",
}
#: The printed unit -> pint's spelling, where they differ.
_PINT = {"m²": "m^2", "kg/m³": "kg/m^3", "kg/m²": "kg/m^2", "mm³": "mm^3", "kWh/m²": "kWh/m^2",
         "J/(kg·K)": "J/(kg*K)", "°C": "degC", "1/year": "1/year", "%": "percent"}
#: Where every date of a run counts from: tables, cash flows and figures.
TIME_ORIGIN = "the start of development"


def number(v, digits: int = DIGITS) -> str:
    """``v`` with ``digits`` significant digits: whole with thousands separators from 1,000
    (up to 10^15), else the shortest of fixed and exponent notation; ``inf``/``nan`` as words.

    >>> number(1234.5678), number(0.000123456), number(2.0), number(1e20), number(float("nan"))
    ('1,235', '0.0001235', '2', '1e+20', 'n/a')
    """
    v = float(v)
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    if 1000 <= abs(v) < 1e15:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


@functools.lru_cache(maxsize=512)
def _factor(si_unit: str, shown: str) -> tuple[float, float]:
    """``(per, offset)`` with ``shown = si / per + offset`` (a division: 3.15576e7 s is 1 year
    exactly)."""
    from .units import ureg

    if shown == si_unit or not shown:
        return 1.0, 0.0
    target = _PINT.get(shown, shown)
    zero = ureg.Quantity(0.0, si_unit or "dimensionless").m_as(target)
    if zero:  # an offset unit (degC)
        return 1.0 / (ureg.Quantity(1.0, si_unit).m_as(target) - zero), zero
    return ureg.Quantity(1.0, target).m_as(si_unit or "dimensionless"), 0.0


def pint_text(shown: str) -> str:
    """A display unit as pint reads it back (``kg/m³`` -> ``kg/m^3``, ``°C`` -> ``degC``): the
    unit a JSON or CSV field names where it holds a display value."""
    return _PINT.get(shown, shown)


def pint_unit(shown: str):
    """The pint Unit of a display unit (``kg/m³`` -> ``kg/m^3``; ``%`` -> percent).

    >>> from basaltcalc.units import ureg
    >>> pint_unit("kg/m³") == ureg.Unit("kg/m^3"), pint_unit("%") == ureg.Unit("percent")
    (True, True)
    """
    from .units import unit

    return unit(_PINT.get(shown, shown) or "dimensionless")


def display_unit(si_unit: str) -> str:
    """The display unit of a metric of SI unit ``si_unit`` (:data:`METRIC_UNITS`).

    >>> display_unit("USD"), display_unit("s"), display_unit("1")
    ('MUSD', 'year', '')
    """
    si_unit = "" if si_unit in ("1", "dimensionless", None) else si_unit
    return METRIC_UNITS.get(si_unit, si_unit)


def metric_unit(name: str) -> str:
    """The display unit of a metric by name (qualified per Earth design, per element, or a set
    metric; :func:`basaltcalc.metrics.metric_info`); ``%`` for the rates.

    >>> metric_unit("savings[al-2219]"), metric_unit("elements[0].insitu.thickness"), metric_unit("insitu_irr")
    ('MUSD', 'mm', '%')
    """
    from .metrics import metric_info, split_comparator

    if split_comparator(name)[0] in RATES:
        return "%"
    return display_unit(metric_info(name)[0])


def _dimension(si_unit) -> str:
    from .units import unit as parse

    return str(parse(si_unit or "dimensionless").dimensionality) if isinstance(si_unit, str) else str(si_unit.dimensionality)


def input_unit(path: str, si_unit) -> str:
    """The display unit of the input at ``path`` whose SI unit is ``si_unit`` (text or pint
    Unit): by its key (:data:`KEY_UNITS`), else by its dimension (:data:`DIMENSION_UNITS`).

    >>> input_unit("materials.cast-basalt.density", "kg/m^3"), input_unit("insitu.campaign", "s")
    ('kg/m³', 'year')
    """
    key = path.rsplit(".", 1)[-1]
    dim = _dimension(si_unit)
    if KEY_UNITS.get(key) == "%" and dim == "dimensionless":
        return "%"
    if key in KEY_UNITS and _dimension(_PINT.get(KEY_UNITS[key], KEY_UNITS[key])) == dim:
        return KEY_UNITS[key]
    if dim in DIMENSION_UNITS:
        return DIMENSION_UNITS[dim]
    from .units import unit as parse, unit_text

    return unit_text(parse(si_unit) if isinstance(si_unit, str) else si_unit, "~P")


def _si_text(si_unit) -> str:
    if si_unit is None or isinstance(si_unit, str):
        return "" if si_unit in (None, "1", "dimensionless") else si_unit
    return "" if str(si_unit) == "dimensionless" else str(si_unit)


def to_display(si_value, si_unit: str, shown: str | None = None):
    """``(values, unit)``: SI values (scalar or array) in the display unit ``shown`` (by default
    the metric display unit of ``si_unit``).

    >>> to_display(3.15576e7, "s")
    (1.0, 'year')
    """
    si_unit = _si_text(si_unit)
    shown = display_unit(si_unit) if shown is None else shown
    per, offset = _factor(si_unit, shown)
    v = np.asarray(si_value, dtype=float) / per + offset
    return (float(v) if v.ndim == 0 else v), shown


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}".rstrip() if unit != "%" else f"{text} %"


def format_value(si_value, si_unit: str, shown: str | None = None, *, inf: str | None = None) -> str:
    """One value for a reader: in its display unit (:func:`to_display`) with :func:`number`'s
    digits; ``inf`` in words (``inf``: the text of a positive infinity, default ``never (inf)``).

    >>> format_value(54.14 * 86400, "s"), format_value(float("inf"), "s"), format_value(0.0, "USD")
    ('0.1482 year', 'never (inf)', '0 MUSD')
    """
    v = float(np.asarray(si_value, dtype=float))
    if math.isinf(v):
        return (inf or "never (inf)") if v > 0 else "-inf"
    if math.isnan(v):
        return "n/a"
    value, unit = to_display(v, si_unit, shown)
    return _with_unit(number(value), unit)


def format_rate(value: float) -> str:
    """A rate per year in percent: ``'2 %'``; the IRR's ``inf`` (in-situ saves at any rate)
    and ``-inf`` (at none) in words.

    >>> format_rate(0.02), format_rate(0.298), format_rate(-math.inf)
    ('2 %', '29.8 %', 'none (-inf)')
    """
    value = float(value)
    if math.isinf(value):
        return "any rate (inf)" if value > 0 else "none (-inf)"
    return f"{number(100 * value, 3)} %" if math.isfinite(value) else "n/a"


def format_metric(name: str, si_value) -> str:
    """A metric's value by name, in its display unit (rates in percent, the landed-cost direction
    in words).

    >>> format_metric("cost_ratio[al-2219]", 1.176), format_metric("payback_time", math.inf)
    ('1.176', 'never (inf)')
    """
    from .metrics import metric_info, split_comparator

    base = split_comparator(name)[0]
    if base in RATES:
        return format_rate(si_value)
    if base == "breakeven_landed_cost_direction":
        v = float(si_value)
        return "above (+1)" if v > 0 else "below (-1)" if v < 0 else number(v)
    return format_value(si_value, metric_info(name)[0])


def format_input(path: str, si_value, si_unit) -> str:
    """An input's value in its display unit (:func:`input_unit`).

    >>> format_input("sites.south-pole-ridge.longest_night", 96 * 3600.0, "s")
    '96 h'
    >>> format_input("economics.discount_rate", 0.02, ""), format_input("economics.amcm_ioc_year", 2040.0, "")
    ('2 %', '2040')
    """
    shown = input_unit(path, si_unit)
    if path.rsplit(".", 1)[-1] in PLAIN_KEYS and math.isfinite(float(si_value)):
        return f"{float(si_value):g}"
    return format_value(si_value, _si_text(si_unit), shown, inf="inf")


def format_range(path: str, low, high, si_unit) -> str:
    """``'[low-high]'`` of an input, in its display unit, without the unit.

    >>> format_range("materials.cast-basalt.density", 2800.0, 3000.0, "kg/m^3")
    '[2,800-3,000]'
    """
    shown = input_unit(path, si_unit)
    lo, hi = (to_display(v, _si_text(si_unit), shown)[0] for v in (low, high))
    if path.rsplit(".", 1)[-1] in PLAIN_KEYS:
        return f"[{lo:g}-{hi:g}]"
    return f"[{number(lo)}-{number(hi)}]"


#: Words of a metric where its name alone reads badly (its comparison named by :func:`metric_words`).
_WORDS = {"cost_ratio": "cost ratio", "savings": "savings", "launched_mass_saved": "launched mass saved",
          "mass_leverage": "mass leverage", "breakeven_scale": "breakeven scale (x element counts)",
          "breakeven_landed_cost": "breakeven landed cost", "payback_time": "payback time",
          "discounted_cost_ratio": "discounted cost ratio", "discounted_savings": "discounted savings",
          "discounted_payback_time": "discounted payback time", "insitu_irr": "IRR of choosing in-situ",
          "p_insitu_cheaper": "P(in-situ cheaper)"}
#: How each comparison metric compares the two options.
_HOW = {"cost_ratio": "in-situ / {earth}", "discounted_cost_ratio": "in-situ / {earth}, NPVs",
        "savings": "{earth} - in-situ", "discounted_savings": "{earth} - in-situ, NPVs",
        "launched_mass_saved": "{earth} - in-situ", "breakeven_scale": "in-situ vs {earth}",
        "breakeven_landed_cost": "in-situ vs {earth}", "payback_time": "in-situ vs {earth}",
        "discounted_payback_time": "in-situ vs {earth}", "insitu_irr": "vs {earth}",
        "p_insitu_cheaper": "vs {earth}"}


def earth_design(name: str, primary: str | None) -> str | None:
    """The Earth design a metric compares with: its qualifier (``cost_ratio[al-2219]``), else
    ``primary`` (the scenario's ``earth.material``); None for a metric of no comparison."""
    from .metrics import COMPARATOR_METRICS, SET_METRICS, split_comparator

    base, label = split_comparator(name)
    if label is not None:
        return label
    if base in COMPARATOR_METRICS or base in SET_METRICS:
        return primary
    return None


def named(name: str, primary: str | None) -> str:
    """A metric's name qualified by the Earth design it compares with, as the program names it
    per design (:func:`basaltcalc.metrics.comparator_metric`): ``cost_ratio`` against the
    primary design ``cast-basalt`` is ``cost_ratio[cast-basalt]``; a name already qualified, or
    of no comparison, unchanged.

    >>> named("cost_ratio", "cast-basalt"), named("earth.total_cost", "al-2219"), named("insitu.energy", "x")
    ('cost_ratio[cast-basalt]', 'earth[al-2219].total_cost', 'insitu.energy')
    """
    from .metrics import comparator_metric, split_comparator

    if primary is None or split_comparator(name)[1] is not None or earth_design(name, primary) is None:
        return name
    return comparator_metric(name, primary)


def comparison_words(name: str, primary: str | None) -> str:
    """``'in-situ / Earth (al-2219)'``: how a comparison metric compares, naming its Earth design
    ('' for a metric of one option)."""
    from .metrics import split_comparator

    base = split_comparator(name)[0]
    earth = earth_design(name, primary)
    if base not in _HOW or earth is None:
        return ""
    return _HOW[base].format(earth=f"Earth ({earth})")


def metric_words(name: str, primary: str | None = None) -> str:
    """A metric in words, naming the Earth design it compares with.

    >>> metric_words("cost_ratio", "cast-basalt"), metric_words("savings[al-2219]", "cast-basalt")
    ('cost ratio (in-situ / Earth (cast-basalt))', 'savings (Earth (al-2219) - in-situ)')
    >>> metric_words("insitu.total_cost"), metric_words("earth[cfrp].total_cost")
    ('in-situ total cost', 'Earth (cfrp) total cost')
    """
    from .metrics import split_comparator

    base, label = split_comparator(name)
    if base in _WORDS:
        how = comparison_words(name, primary)
        return f"{_WORDS[base]} ({how})" if how else _WORDS[base]
    option, _, rest = base.partition(".")
    if option in ("earth", "insitu") and rest:
        who = "in-situ" if option == "insitu" else f"Earth ({label or primary})" if (label or primary) else "Earth"
        return f"{who} {rest.replace('_', ' ')}"
    return base.replace("_", " ")


def metric_label(name: str, primary: str | None = None, unit: str | None = None) -> str:
    """Axis or column label of a metric: :func:`metric_words` then ``[display unit]``.

    >>> metric_label("savings", "al-2219")
    'savings (Earth (al-2219) - in-situ) [MUSD]'
    """
    unit = metric_unit(name) if unit is None else unit
    words = metric_words(name, primary)
    return f"{words} [{unit}]" if unit else words


def column_widths(rows) -> list[int]:
    """The width of each column of ``rows`` (lists of cells; a cell's lines each count), to lay
    out several tables alike (:func:`text_table`'s ``widths``)."""
    n = max(len(r) for r in rows)
    return [max((len(line) for r in rows if j < len(r) for line in str(r[j]).split("\n")), default=0)
            for j in range(n)]


def text_table(header, rows, align=None, indent: int = 2, gap: int = 2, widths=None) -> list[str]:
    """Fixed-width lines of a table whose columns never run together: each column as wide as its
    widest cell (at least ``widths``, :func:`column_widths`), a header cell's lines stacked
    (bottom-aligned), ``align`` one of ``l``/``r`` per column (default: the first left, the rest
    right).

    >>> print("\\n".join(text_table(["metric", "Earth\\n(al-2219)"], [["cost", "3,046 MUSD"]])))
                   Earth
      metric   (al-2219)
      cost    3,046 MUSD
    """
    header = [str(h).split("\n") for h in header]
    rows = [[str(c) for c in r] for r in rows]
    n = len(header)
    align = align or "l" + "r" * (n - 1)
    own = column_widths([[*("\n".join(h) for h in header)], *rows])
    widths = [max(a, b) for a, b in zip(own, widths or [0] * n)]
    depth = max(len(h) for h in header)
    head = [[""] * (depth - len(h)) + h for h in header]

    def line(cells):
        out = [c.ljust(widths[j]) if align[j] == "l" else c.rjust(widths[j]) for j, c in enumerate(cells)]
        return (" " * indent + (" " * gap).join(out)).rstrip()

    return [line([head[j][k] for j in range(n)]) for k in range(depth)] + [line(r + [""] * (n - len(r))) for r in rows]
