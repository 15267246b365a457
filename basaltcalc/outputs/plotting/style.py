"""Colours, labels and units shared by every figure.

One colour per material and option everywhere, keyed by name, never by list order: the in-situ
option in vermillion, each Earth design in its material's colour (:data:`MATERIAL_COLOURS`,
Okabe and Ito's colour-blind-safe palette, "Color Universal Design", 2008; a material the file
defines gets a colour of its own from :data:`EXTRA_COLOURS` by its name), the cost and mass terms
in Paul Tol's "light" palette (Tol 2021, "Colour Schemes", SRON/EPS/TN/09-002), which no option
uses.  Axis labels name the quantity in words and its display unit (:mod:`basaltcalc.display`:
the same unit as every table, MUSD for every cost), a comparison the Earth design it compares with.

>>> input_label("routes.cut-stone.plant_specific_mass", "kg/(kg/h)")
'plant specific mass, cut-stone [kg/(kg/h)]'
>>> input_label("routes.melt-cast.plant_specific_mass", "h")  # as pint simplifies it
'plant specific mass, melt-cast [kg/(kg/h)]'
>>> input_label("insitu.campaign", "a")
'campaign [year]'
>>> money_unit([2.0e8, 3.1e9])
'MUSD'
>>> design_colour("al-2219") == MATERIAL_COLOURS["al-2219"], design_colour("my-new-rock") == design_colour("my-new-rock")
(True, True)
"""
from __future__ import annotations

import re

import numpy as np

__all__ = ["OKABE_ITO", "OPTION_COLOURS", "TERM_COLOURS", "MATERIAL_COLOURS", "EXTRA_COLOURS", "TOL_LIGHT",
           "design_colour", "wrap", "plain_ticks", "footnote", "width_inches", "new_figure", "figure_bytes", "axes_of", "escape_texts",
           "input_label", "readable_unit", "money_unit", "scaled", "display_scale", "metric_label", "option_label",
           "comparators", "qualified", "fit_limits", "artists_by_gid"]

#: Okabe-Ito palette (Okabe and Ito 2008), by name.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "reddish purple": "#CC79A7", "grey": "#999999"}
#: The colour of each catalogue material as an Earth design (in-situ is always the option's).
MATERIAL_COLOURS = {"cast-basalt": OKABE_ITO["blue"], "natural-basalt": OKABE_ITO["sky blue"],
                    "sintered-regolith": OKABE_ITO["orange"], "basalt-fibre-composite": OKABE_ITO["green"],
                    "al-2219": OKABE_ITO["reddish purple"], "cfrp": OKABE_ITO["black"], "ti-6al-4v": "#332288"}
#: Colours of materials a file defines, each by its name (Paul Tol's "muted" scheme, less the
#: colours above and the vermillion of the in-situ option).
EXTRA_COLOURS = ["#882255", "#117733", "#44AA99", "#999933", "#AA4499", "#661100", "#6699CC", "#888888"]
#: One colour per option: in-situ, and the Earth option where no design is named.
OPTION_COLOURS = {"earth": OKABE_ITO["blue"], "insitu": OKABE_ITO["vermillion"]}
#: Paul Tol's "light" scheme: the cost and mass terms, apart from every option's colour.
TOL_LIGHT = {"light blue": "#77AADD", "light cyan": "#99DDFF", "mint": "#44BB99", "pear": "#BBCC33",
             "olive": "#AAAA00", "light yellow": "#EEDD88", "orange": "#EE8866", "pink": "#FFAABB",
             "pale grey": "#DDDDDD"}
#: One colour per cost or mass term.
TERM_COLOURS = {"fabrication on Earth": TOL_LIGHT["light cyan"],
                "transport to the surface": TOL_LIGHT["light blue"],
                "plant and power hardware": TOL_LIGHT["orange"],
                "imported consumables": TOL_LIGHT["pink"],
                "containers and packaging": TOL_LIGHT["pale grey"],
                "development (DDT&E)": TOL_LIGHT["mint"], "operations": TOL_LIGHT["light yellow"],
                "finished elements and packaging": TOL_LIGHT["light blue"],
                "production plant": TOL_LIGHT["orange"], "spares": TOL_LIGHT["light yellow"],
                "power system": TOL_LIGHT["mint"], "consumables": TOL_LIGHT["pink"],
                "packaging": TOL_LIGHT["pale grey"]}


def width_inches(fig) -> float:
    """The width of a figure or subfigure. [in]"""
    return float(fig.bbox.width) / float((getattr(fig, "figure", None) or fig).dpi)


def design_colour(material: str) -> str:
    """The colour of an Earth design by its material's name: :data:`MATERIAL_COLOURS`, else one of
    :data:`EXTRA_COLOURS` chosen by the name (the same in every figure and session)."""
    if material in MATERIAL_COLOURS:
        return MATERIAL_COLOURS[material]
    import zlib

    return EXTRA_COLOURS[zlib.crc32(str(material).encode("utf-8")) % len(EXTRA_COLOURS)]


def wrap(text: str, width: int, hyphens: bool = False) -> str:
    """``text`` on lines of at most ``width`` characters (at spaces, and after hyphens and commas
    where ``hyphens``); existing newlines kept.

    >>> wrap("in-situ (basalt-fibre-composite, fibre-composite)", 16, hyphens=True)
    'in-situ (basalt-\\nfibre-composite,\\nfibre-composite)'
    """
    import textwrap

    return "\n".join(textwrap.fill(line, max(width, 4), break_long_words=False, break_on_hyphens=hyphens)
                     for line in str(text).split("\n"))


def footnote(fig, ax, text: str) -> None:
    """A note under a figure of its own (wrapped to its width, in the layout), or a warning where
    ``ax`` was given (the caller's figure: its layout is the caller's)."""
    if not getattr(fig, "_basaltcalc_own", False):
        import warnings

        warnings.warn(text, RuntimeWarning, stacklevel=3)
        return
    fig.supxlabel(wrap(text, int(width_inches(fig) * 72 / 6.0)), fontsize="x-small", color="0.3",
                  ha="left", x=0.01)


def plain_ticks(axis) -> None:
    """An axis's tick labels as :func:`basaltcalc.display.number` writes numbers: ``40,000``,
    never ``4e4`` with an offset nor ``10^3``; on a log axis spanning under two decades the 2s and
    5s labelled too."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    from ...display import number

    axis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
    if axis.get_scale() == "log":
        lo, hi = sorted(axis.get_view_interval())
        if lo > 0 and hi / lo < 100:
            axis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
            axis.set_minor_formatter(FuncFormatter(lambda v, _: number(v)))
        else:
            axis.set_minor_formatter(NullFormatter())

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
        fig = new_figure(figsize)
        fig._basaltcalc_own = True  # a figure of its own: notes go under it (footnote)
        ax = fig.add_subplot()
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


def money_unit(values_usd=None) -> str:
    """The display unit of every amount in USD (:data:`basaltcalc.display.METRIC_UNITS`): MUSD,
    whatever the amounts (kept for figures that ask by the values)."""
    from ...display import display_unit

    return display_unit("USD")


def display_scale(si_values, si_unit: str) -> tuple[float, str]:
    """``(factor, unit)``: multiply SI values by ``factor`` to show them in ``unit``, the display
    unit of ``si_unit`` (:func:`basaltcalc.display.display_unit`), whatever the values."""
    from ...display import to_display

    one, unit = to_display(1.0, si_unit)
    zero = to_display(0.0, si_unit)[0]
    return float(one - zero), unit


def scaled(si_values, si_unit: str):
    """``(values, unit)`` in the display unit of ``si_unit`` (:mod:`basaltcalc.display`)."""
    from ...display import to_display

    return to_display(np.asarray(si_values, dtype=float), si_unit)


def metric_label(name: str, unit: str | None = None, earth: str | None = None) -> str:
    """Axis label of a metric in words, naming the Earth design it compares with, then its unit:
    ``cost ratio (in-situ / Earth (al-2219))`` (:func:`basaltcalc.display.metric_label`)."""
    from ...display import metric_label as label

    return label(name, earth, unit)


def option_label(scenario, option: str) -> str:
    """``Earth (al-2219)`` or ``in-situ (cast-basalt, melt-cast)``."""
    if option == "insitu":
        return f"in-situ ({scenario.insitu_material}, {scenario.route})"
    return f"Earth ({scenario.earth_material})"


def comparators(res) -> list[tuple[str | None, str, str]]:
    """Every Earth comparator of a result: ``(label, legend text, colour)``, primary first, each
    in its material's colour (:func:`design_colour`).

    ``label`` is None for the primary design (its metrics are the unqualified ``earth.*``,
    ``cost_ratio``, ...); the others' metric names are :func:`basaltcalc.metrics.comparator_metric`
    (``earth[al-2219].total_cost``).
    """
    from ...metrics import comparator_labels

    sc = res.scenario
    labels = comparator_labels(sc)
    if not labels:
        return [(None, option_label(sc, "earth"), design_colour(sc.earth_material))]
    return [(label if i else None, f"Earth ({label})", design_colour(label)) for i, label in enumerate(labels)]


def qualified(name: str, label: str | None) -> str:
    """``name`` for the comparator ``label`` (unchanged for None)."""
    from ...metrics import comparator_metric

    return name if label is None else comparator_metric(name, label)
