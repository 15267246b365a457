"""Colours, labels and units shared by every figure.

One colour per option everywhere (Okabe and Ito's colour-blind-safe palette, "Color Universal
Design", 2008), axis labels that name the quantity in words with a readable unit, money on an
engineering prefix (USD, kUSD, MUSD, BUSD) chosen from the data.

>>> input_label("routes.cut-stone.plant_specific_mass", "kg/(kg/h)")
'plant specific mass, cut-stone [kg/(kg/h)]'
>>> input_label("routes.melt-cast.plant_specific_mass", "h")  # as pint simplifies it
'plant specific mass, melt-cast [kg/(kg/h)]'
>>> input_label("insitu.campaign", "a")
'campaign [year]'
>>> money_unit([2.0e8, 3.1e9])
'BUSD'
"""
from __future__ import annotations

import re

import numpy as np

__all__ = ["OKABE_ITO", "OPTION_COLOURS", "TERM_COLOURS", "new_figure", "figure_bytes", "axes_of", "escape_texts",
           "input_label", "readable_unit", "money_unit", "scaled", "display_scale", "metric_label", "option_label",
           "comparators", "qualified", "fit_limits", "artists_by_gid"]

#: Okabe-Ito palette (Okabe and Ito 2008), by name.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "reddish purple": "#CC79A7", "grey": "#999999"}
#: One colour per option (and per further Earth comparator, in order).
OPTION_COLOURS = {"earth": OKABE_ITO["blue"], "insitu": OKABE_ITO["vermillion"]}
_COMPARATOR_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["sky blue"], OKABE_ITO["reddish purple"],
                       OKABE_ITO["black"]]
#: One colour per cost or mass term.
TERM_COLOURS = {"fabrication on Earth": OKABE_ITO["sky blue"],
                "transport to the surface": OKABE_ITO["blue"],
                "plant and power hardware": OKABE_ITO["orange"],
                "imported consumables": OKABE_ITO["reddish purple"],
                "containers and packaging": OKABE_ITO["grey"],
                "development (DDT&E)": OKABE_ITO["green"], "operations": OKABE_ITO["yellow"],
                "finished elements and packaging": OKABE_ITO["blue"],
                "production plant": OKABE_ITO["orange"], "spares": OKABE_ITO["yellow"],
                "power system": OKABE_ITO["green"], "consumables": OKABE_ITO["reddish purple"],
                "packaging": OKABE_ITO["sky blue"]}

#: Words for the last part of a dotted path, where the key alone reads badly.
_WORDS = {"ddte": "development (DDT&E)", "ddte_share": "development (DDT&E) share",
          "leo_cost": "cost to low Earth orbit", "delta_v": "delta-v", "isp": "specific impulse",
          "count": "count", "landed_cost": "landed cost", "cost_ratio": "cost ratio (in-situ / Earth)",
          "savings": "savings (Earth - in-situ)", "mass_leverage": "mass leverage",
          "breakeven_scale": "breakeven scale (x element counts)"}
from ...units import KEY_UNITS as _KEY_UNITS  # noqa: E402 - units pint simplifies out of recognition
#: pint's short unit spellings that read badly on an axis -> readable ones.
_UNITS = {"a": "year", "yr": "year", "d": "day", "h": "hour", "": "", "1": "", "dimensionless": "",
          "kg / (kg / h)": "kg/(kg/h)", "kg/h/kg": "kg/(kg/h)"}


def new_figure(figsize=(6.4, 4.8)):
    """A matplotlib Figure with constrained layout (never cropped), attached to no pyplot state."""
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained")


def escape_texts(fig):
    """``fig`` with every text on it (titles, labels, ticks, legends, notes) made printable
    (:func:`basaltcalc.text.printable`): a file's names and labels carry no control character
    or lone surrogate, which the fonts cannot draw (a surrogate stops the drawing).  Every figure
    function returns through this; a list of artists (an update path's new ones) is returned
    with its texts made printable."""
    from matplotlib.text import Text

    from ...text import printable

    texts = ([t for t in fig if isinstance(t, Text)] if isinstance(fig, list) else fig.findobj(Text))
    for t in texts:
        text = t.get_text()
        safe = printable(text, keep_newlines=True)
        if safe is not text:
            t.set_text(safe)
    return fig


def artists_by_gid(fig) -> dict:
    """Every artist of ``fig`` (a Figure, SubFigure or Axes) that has a ``gid``, by its gid (the
    last found where several share one): how the update paths find what they move.  The axes'
    ticks and the legends, where no figure here puts a gid, are not searched (they are most of a
    figure's artists: 10 ms of a 12 ms search)."""
    from matplotlib.axis import Axis
    from matplotlib.legend import Legend

    found, stack = {}, [fig]
    while stack:
        artist = stack.pop()
        if artist.get_gid() is not None:
            found[artist.get_gid()] = artist
        stack.extend(a for a in artist.get_children() if not isinstance(a, (Axis, Legend)))
    return found


#: The share of an axis (of its decades, on a log axis) the data fill where :func:`fit_limits`
#: fits it: room to grow by (1 - room) / FILL and to shrink to 0.5 / FILL before it moves again.
FILL = 0.7


def fit_limits(ax, low: float, high: float, *, log: bool = False, room: float = 0.0) -> bool:
    """Keep the y-limits of ``ax`` where the data's range ``[low, high]`` lies inside them (with
    the fraction ``room`` of the range free above it, for labels) and fills at least half of them
    (half of the decades on a log axis); else fit them so that the data fill :data:`FILL` of them
    (the bottom kept at ``low``; centred in the decades on a log axis).  True where they changed.

    The hysteresis of a figure redrawn at every move of a slider: its axis (and the ticks drawn
    with it) moves only where the data leave its range or shrink well inside it.
    """
    lo, hi = ax.get_ylim()
    if not (np.isfinite([low, high]).all() and high > low and (not log or low > 0)):
        return False  # nothing to fit (a flat or empty line): the limits stay
    if log:
        span, data = np.log(hi / lo) if lo > 0 else np.inf, np.log(high / low)
        if lo <= low and high <= hi and data >= 0.5 * span:
            return False
        pad = (max(data / FILL, data + 0.5 * np.log(10.0)) - data) / 2
        ax.set_ylim(low * np.exp(-pad), high * np.exp(pad))
        return True
    # a stack's bottom may sit a hair above 0 (a bar's sticky edge): 1 % of the span is inside
    if low >= lo - 0.01 * (hi - lo) and high <= hi - room * (hi - lo) and high - low >= 0.5 * (hi - lo):
        return False
    ax.set_ylim(low, low + (high - low) / FILL)
    return True


def figure_bytes(fig, fmt: str, dpi: float = 150) -> bytes:
    """``fig`` rendered as ``fmt`` (png, pdf or svg) at ``dpi`` (its texts printable first,
    :func:`escape_texts`)."""
    import io

    escape_texts(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi)
    return buf.getvalue()


def axes_of(ax, figsize=(6.4, 4.8)):
    """``(figure, axes)``: the given axes, or one axes of a new figure."""
    if ax is None:
        ax = new_figure(figsize).add_subplot()
    return ax.figure, ax


def readable_unit(unit) -> str:
    """A unit string as an axis shows it: ``'a'`` -> ``'year'``, ``'kg/(kg/h)'`` kept."""
    text = str(unit or "").strip()
    if text in _UNITS:
        return _UNITS[text]
    text = re.sub(r"\s*\*\s*", "·", text.replace(" / ", "/"))
    return re.sub(r"(?<![A-Za-z])a(?![A-Za-z])", "year", text).replace("**", "^")


def input_label(path: str, unit=None) -> str:
    """Axis label of an input or metric: its name in words, then ``[unit]``.

    ``elements["floor panel"].count`` -> ``floor panel count``; ``routes.X.key`` and
    ``materials.X.key`` name the route or material after the key.
    """
    m = re.fullmatch(r'elements\[(?:"([^"]+)"|\'([^\']+)\'|(\d+))\]\.(\w+)', path)
    if m:
        who = m.group(1) or m.group(2) or f"element group {m.group(3)}"
        words = f"{who} {_WORDS.get(m.group(4), m.group(4).replace('_', ' '))}"
    else:
        parts = path.split(".")
        key = parts[-1]
        words = _WORDS.get(key, key.replace("_", " "))
        if parts[0] in ("routes", "materials", "power", "sites") and len(parts) > 2:
            words = f"{words}, {'.'.join(parts[1:-1])}"
        elif parts[0] in ("earth", "insitu") and len(parts) == 2 and key not in ("campaign",):
            words = f"{'Earth' if parts[0] == 'earth' else 'in-situ'} {words}"
    if key_of := (m.group(4) if m else path.split(".")[-1]):
        if key_of in _KEY_UNITS and str(unit or "").strip() in ("h", "hr", "hour"):
            unit = _KEY_UNITS[key_of]
    unit = readable_unit(unit)
    return f"{words} [{unit}]" if unit else words


def money_unit(values_usd) -> str:
    """Engineering prefix for amounts in USD: the largest of USD, kUSD, MUSD, BUSD not above them."""
    a = np.abs(np.asarray(values_usd, dtype=float))
    a = a[np.isfinite(a) & (a > 0)]
    top = float(a.max()) if a.size else 1.0
    for unit, scale in (("BUSD", 1e9), ("MUSD", 1e6), ("kUSD", 1e3)):
        if top >= scale:
            return unit
    return "USD"


def display_scale(si_values, si_unit: str) -> tuple[float, str]:
    """``(factor, unit)``: multiply SI values by ``factor`` to show them in ``unit``."""
    v = np.asarray(si_values, dtype=float).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        v = np.ones(1)
    big = float(np.max(np.abs(v)))
    shown, unit = scaled(np.array([big if big else 1.0]), si_unit)
    return float(shown[0]) / (big if big else 1.0), unit


def scaled(si_values, si_unit: str):
    """``(values, unit)`` for display: money on an engineering prefix, mass in kg or t."""
    v = np.asarray(si_values, dtype=float)
    if si_unit == "USD":
        unit = money_unit(v)
        return v / {"USD": 1, "kUSD": 1e3, "MUSD": 1e6, "BUSD": 1e9}[unit], unit
    finite = np.abs(v[np.isfinite(v)]) if v.size else v
    top = float(finite.max()) if finite.size else 0.0
    if si_unit == "USD/kg":
        unit = "MUSD/kg" if top >= 1e6 else "kUSD/kg"
        return v / (1e6 if unit == "MUSD/kg" else 1e3), unit
    if si_unit == "kg":
        return (v / 1e3, "t") if top >= 1e4 else (v, "kg")
    if si_unit == "s":
        return v / (365.25 * 86400), "year"
    return v, readable_unit(si_unit)


def metric_label(name: str, unit: str) -> str:
    """Axis label of a metric (``cost_ratio`` -> ``cost ratio (in-situ / Earth)``)."""
    return input_label(name, unit)


def option_label(scenario, option: str) -> str:
    """``Earth (al-2219)`` or ``in-situ (cast-basalt, melt-cast)``."""
    if option == "insitu":
        return f"in-situ ({scenario.insitu_material}, {scenario.route})"
    return f"Earth ({scenario.earth_material})"


def comparators(res) -> list[tuple[str | None, str, str]]:
    """Every Earth comparator of a result: ``(label, legend text, colour)``, primary first.

    ``label`` is None for the primary design (its metrics are the unqualified ``earth.*``,
    ``cost_ratio``, ...); the others' metric names are :func:`basaltcalc.metrics.comparator_metric`
    (``earth[al-2219].total_cost``).
    """
    from ...metrics import comparator_labels

    sc = res.scenario
    labels = comparator_labels(sc)
    if not labels:
        return [(None, option_label(sc, "earth"), _COMPARATOR_COLOURS[0])]
    return [(label if i else None, f"Earth ({label})", _COMPARATOR_COLOURS[i % len(_COMPARATOR_COLOURS)])
            for i, label in enumerate(labels)]


def qualified(name: str, label: str | None) -> str:
    """``name`` for the comparator ``label`` (unchanged for None)."""
    from ...metrics import comparator_metric

    return name if label is None else comparator_metric(name, label)
