"""Map of a metric over a two-input sweep, centred on the breakeven (figure (d))."""
from __future__ import annotations

import numpy as np

from .style import axes_of, display_scale, escape_texts, input_label, metric_label

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
    from matplotlib import colors

    finite = z[np.isfinite(z)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (level - 1, level + 1)
    if metric == "cost_ratio" and lo > 0:
        c = np.log10(level)
        two = colors.TwoSlopeNorm(vcenter=c, vmin=min(np.log10(lo), c - 1e-3), vmax=max(np.log10(hi), c + 1e-3))
        norm = colors.FuncNorm((lambda v: two(np.log10(np.maximum(v, 1e-300))),
                                lambda u: 10 ** two.inverse(u)),
                               vmin=10 ** two.vmin, vmax=10 ** two.vmax)
        norm.vcenter = level
        return norm, "RdBu"
    span = max(abs(lo - level), abs(hi - level), 1e-12)
    norm = colors.TwoSlopeNorm(vcenter=level, vmin=min(lo, level - 1e-6 * span), vmax=max(hi, level + 1e-6 * span))
    return norm, "RdBu_r" if metric != "cost_ratio" else "RdBu"


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
        Cells at the real axis values (edges midway between them, geometric on a log axis); a
        diverging colour norm with ``vcenter`` the breakeven (red: in-situ cheaper, blue: Earth
        cheaper); the contour at ``level`` (gid ``breakeven``), labelled; a colourbar with the
        unit.
    """
    from matplotlib import colors

    dims = list(ds[metric].dims)
    if len(dims) != 2:
        raise ValueError(f"a map needs {metric} over two swept inputs, it varies over {dims}")
    level = breakeven_level(metric) if level is None else level
    if level is None:
        level = float(np.nanmedian(ds[metric].values))
    fig, ax = axes_of(ax, (6.8, 4.8))
    y_name, x_name = dims
    x, y = (np.asarray(ds[n].values, float) for n in (x_name, y_name))
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
    name = metric_label(metric, "")
    cbar = fig.colorbar(mesh, ax=ax, label=metric_label(metric, unit))
    if isinstance(norm, colors.FuncNorm):  # a ratio: ticks at 1, 2, 5 x 10^k inside the range
        k = np.arange(np.floor(np.log10(norm.vmin)), np.ceil(np.log10(norm.vmax)) + 1)
        ticks = (10.0 ** k[:, None] * np.array([1.0, 1.5, 2.0, 3.0, 5.0, 7.0])).ravel()
        for keep in ([1.0, 1.5, 2.0, 3.0, 5.0, 7.0], [1.0, 2.0, 5.0], [1.0]):
            t = ticks[(ticks >= norm.vmin) & (ticks <= norm.vmax)
                      & np.isin(np.round(ticks / 10.0 ** np.floor(np.log10(ticks)), 6), keep)]
            if t.size <= 9:
                break
        cbar.set_ticks(t, labels=[f"{v:g}" for v in t])
    elif isinstance(norm, colors.TwoSlopeNorm):  # ticks on each side of the centre
        from matplotlib.ticker import MaxNLocator

        loc = MaxNLocator(4)
        below = [v for v in loc.tick_values(norm.vmin, norm.vcenter) if norm.vmin <= v < norm.vcenter]
        above = [v for v in loc.tick_values(norm.vcenter, norm.vmax) if norm.vcenter < v <= norm.vmax]
        t = [*below, norm.vcenter, *above]
        cbar.set_ticks(t, labels=[f"{v:g}" for v in t])
    finite = z[np.isfinite(z)]
    if finite.size and finite.min() < level * factor < finite.max() and min(z.shape) > 1:
        cs = ax.contour(x, y, z, levels=[level * factor], colors="k", linewidths=1.6)
        cs.set_gid("breakeven")
        ax.clabel(cs, fmt={level * factor: "breakeven"}, fontsize="small")
    for setter, n in ((ax.set_xlabel, x_name), (ax.set_ylabel, y_name)):
        setter(input_label(n, ds[n].attrs.get("units", "")))
    shown = f"{level * factor:g}" + (f" {unit}" if unit else "")
    ax.set_title(f"{name[0].upper()}{name[1:]}\n(black line: breakeven, {metric_label(metric, '').split(' (')[0]} = {shown})",
                 fontsize="medium")
    return escape_texts(fig)
