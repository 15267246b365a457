"""Map of a metric over a two-input sweep, centred on the breakeven (figure (d))."""
from __future__ import annotations

import numpy as np

from .style import (axes_of, display_scale, escape_texts, input_label, metric_label, plain_ticks,
                    width_inches, wrap)

__all__ = ["sweep_map", "cell_edges", "breakeven_level", "is_log_spaced"]

#: Metric -> the value at which both options cost (or launch) the same.
_BREAKEVEN = {"cost_ratio": 1.0, "savings": 0.0, "launched_mass_saved": 0.0}


def breakeven_level(metric: str) -> float | None:
    """The breakeven value of a metric (``cost_ratio`` 1, ``savings`` 0), or None."""
    return _BREAKEVEN.get(metric)


def is_log_spaced(values) -> bool:
    """Positive values evenly spaced in log, or spanning more than a factor of 20."""
    v = np.asarray(values, dtype=float)
    if v.size < 2 or np.any(v <= 0):
        return False
    steps = np.diff(np.log(v))
    return bool(np.allclose(steps, steps[0], rtol=1e-6) and not np.allclose(np.diff(v), np.diff(v)[0], rtol=1e-6)
                or v.max() / v.min() > 20)


def cell_edges(values, log: bool) -> np.ndarray:
    """Cell edges around each axis value: midpoints between values (geometric if ``log``).

    >>> cell_edges([1.0, 2.0, 4.0, 8.0], log=True).round(3).tolist()
    [0.707, 1.414, 2.828, 5.657, 11.314]
    >>> cell_edges([1.0, 2.0, 4.0], log=False).tolist()
    [0.5, 1.5, 3.0, 5.0]
    """
    v = np.asarray(values, dtype=float)
    t = np.log(v) if log else v
    if t.size == 1:
        mid = np.array([t[0] - 0.5, t[0] + 0.5]) if not log else np.array([t[0] - 0.1, t[0] + 0.1])
    else:
        inner = 0.5 * (t[1:] + t[:-1])
        mid = np.concatenate([[t[0] - (inner[0] - t[0])], inner, [t[-1] + (t[-1] - inner[-1])]])
    return np.exp(mid) if log else mid


def _norm(metric, z, level):
    """The colour norm, centred on the breakeven ``level`` whatever the values (all on one side
    of it is a valid answer): a cost ratio on a log scale symmetric about ``level`` (1 in the
    middle of the bar), any other metric linear and symmetric about it."""
    from matplotlib import colors

    finite = z[np.isfinite(z)]
    if metric in _RATIOS and level > 0 and (finite.size == 0 or finite.min() > 0):
        span = float(np.max(np.abs(np.log10(finite / level)))) if finite.size else 1.0
        span = max(span, 0.05)  # a tenth of a decade at least: a flat map still has a scale
        lo, hi = level * 10 ** -span, level * 10 ** span
        norm = colors.FuncNorm((lambda v: np.log10(np.maximum(v, 1e-300)), lambda u: 10.0 ** u), vmin=lo, vmax=hi)
        return norm, "RdBu"
    span = float(np.max(np.abs(finite - level))) if finite.size else 1.0
    span = span if span > 0 else max(abs(level), 1.0)
    return colors.Normalize(vmin=level - span, vmax=level + span), "RdBu_r" if metric not in _RATIOS else "RdBu"


#: Metrics that are ratios (in-situ over Earth): log colours, in-situ cheaper below 1.
_RATIOS = ("cost_ratio", "discounted_cost_ratio")


def _ticks(norm, log: bool) -> np.ndarray:
    """Colour bar ticks on both sides of the centre: 1, 2, 5 x 10^k on a log scale (at most
    nine), else at most four nice steps either side."""
    if log:
        k = np.arange(np.floor(np.log10(norm.vmin)), np.ceil(np.log10(norm.vmax)) + 1)
        for keep in ([1.0, 1.5, 2.0, 3.0, 5.0, 7.0], [1.0, 2.0, 5.0], [1.0, 3.0], [1.0]):
            t = (10.0 ** k[:, None] * np.array(keep)).ravel()
            t = t[(t >= norm.vmin * (1 - 1e-9)) & (t <= norm.vmax * (1 + 1e-9))]
            if t.size <= 9:
                return t
        return t[:: max(t.size // 9, 1)]
    from matplotlib.ticker import MaxNLocator

    return np.asarray([v for v in MaxNLocator(8, symmetric=False).tick_values(norm.vmin, norm.vmax)
                       if norm.vmin - 1e-9 * abs(norm.vmin) <= v <= norm.vmax + 1e-9 * abs(norm.vmax)])


def sweep_map(ds, metric: str = "cost_ratio", level=None, ax=None, log=None):
    """Map of a metric over a two-input sweep (:func:`basaltcalc.sweep`), centred on its breakeven.

    Parameters
    ----------
    ds : xarray.Dataset
        A sweep with ``metric`` over exactly two axes.
    metric : str
        The metric mapped.
    level : float, optional
        Value of the contour and the colour centre, in SI; by default the metric's breakeven
        (``cost_ratio`` 1, ``savings`` and ``launched_mass_saved`` 0).
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    log : bool, optional
        Logarithmic axes; by default for log-spaced axes (or a span over a factor of 20).

    Returns
    -------
    matplotlib.figure.Figure
        Cells at the real axis values (edges midway between them, geometric on a log axis), each
        axis in its input's display unit (:mod:`basaltcalc.display`); a diverging colour norm
        with the breakeven in the middle of the colour bar whatever the values (red: in-situ
        cheaper, blue: Earth cheaper; all on one side is a valid answer, said in the title); the
        contour at ``level`` (gid ``breakeven``) where the map crosses it, labelled; a colour
        bar with ticks on both sides of the centre and the unit; the Earth design compared with
        named in the labels.
    """
    from ... import display

    dims = list(ds[metric].dims)
    if len(dims) != 2:
        raise ValueError(f"a map needs {metric} over two swept inputs, it varies over {dims}")
    level = breakeven_level(metric) if level is None else level
    if level is None:
        level = float(np.nanmedian(ds[metric].values))
    fig, ax = axes_of(ax, (6.8, 4.8))
    y_name, x_name = dims
    axes_values = {}
    for n in (x_name, y_name):  # each axis in its input's display unit
        own = ds[n].attrs.get("units", "")
        si = ds[n].attrs.get("si_units", own)
        own, si = ("" if own == "1" else own), ("" if si == "1" else si)
        shown = display.input_unit(n, si) if si else ""
        axes_values[n] = (np.asarray(display.to_display(np.asarray(ds[n].values, float), own, shown or None)[0]
                                     if shown else ds[n].values, float), shown)
    (x, x_unit), (y, y_unit) = axes_values[x_name], axes_values[y_name]
    si_unit = ds[metric].attrs.get("units", "")
    si_unit = "" if si_unit == "1" else si_unit
    factor, unit = display_scale(ds[metric].values, si_unit) if si_unit else (1.0, "")
    z = np.asarray(ds[metric].values, float) * factor
    logs = [is_log_spaced(v) if log is None else log for v in (x, y)]
    norm, cmap = _norm(metric, z, level * factor)
    mesh = ax.pcolormesh(cell_edges(x, logs[0]), cell_edges(y, logs[1]), z, shading="flat",
                         cmap=cmap, norm=norm)
    mesh.set_gid("map")
    ax.set_xscale("log" if logs[0] else "linear")
    ax.set_yscale("log" if logs[1] else "linear")
    earth = ds.attrs.get("earth_design") or None
    cbar = fig.colorbar(mesh, ax=ax, label=wrap(metric_label(metric, unit, earth).replace(" (", "\n(", 1), 40,
                                                hyphens=False))
    from matplotlib import colors

    ticks = _ticks(norm, isinstance(norm, colors.FuncNorm))
    cbar.set_ticks(ticks, labels=[display.number(v) for v in ticks])
    finite = z[np.isfinite(z)]
    crosses = finite.size and finite.min() < level * factor < finite.max() and min(z.shape) > 1
    if crosses:
        cs = ax.contour(x, y, z, levels=[level * factor], colors="k", linewidths=1.6)
        cs.set_gid("breakeven")
        ax.clabel(cs, fmt={level * factor: "breakeven"}, fontsize="small")
    for setter, n, u in ((ax.set_xlabel, x_name, x_unit), (ax.set_ylabel, y_name, y_unit)):
        setter(input_label(n, u))
    plain_ticks(ax.xaxis)
    plain_ticks(ax.yaxis)
    words = display.metric_words(metric, earth)
    shown = display.number(level * factor) + (f" {unit}" if unit else "")
    if crosses:
        how = f"black line: breakeven, {metric.split('.')[-1].replace('_', ' ')} = {shown}"
    elif finite.size:
        cheaper = (finite < level * factor) if metric in _RATIOS else (finite > level * factor)
        how = ("in-situ cheaper over the whole sweep: no breakeven in it" if cheaper.all()
               else "Earth cheaper over the whole sweep: no breakeven in it" if not cheaper.any()
               else f"breakeven ({shown}) between cells")
    else:
        how = "no finite value in the sweep"
    ax.set_title(wrap(f"{words[0].upper()}{words[1:]}\n({how})", int(width_inches(fig) * 72 / 7.5)),
                 fontsize="medium")
    return escape_texts(fig)

