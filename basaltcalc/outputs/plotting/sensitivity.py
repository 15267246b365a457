"""Sensitivity figures: the tornado (e) and Sobol' indices with their intervals (g)."""
from __future__ import annotations

import numpy as np

from ...display import number
from .style import (axes_of, display_scale, escape_texts, input_label, metric_label, width_inches,
                    wrap)

#: The two ends of a tornado bar and the two Sobol' indices: greys, apart from every option's colour.
LOW, HIGH = "0.72", "0.35"

__all__ = ["tornado", "sobol_indices", "set_text"]


def _unit(ds, metric):
    u = ds[metric].attrs.get("units", "")
    return "" if u == "1" else u


def _number(v) -> str:
    """An input's value at a bar's end: 3 significant figures, whole thousands with separators.

    >>> _number(1000.0), _number(0.001), _number(2.5e-5), _number(12345.6)
    ('1,000', '0.001', '2.5e-05', '12,346')
    """
    if 1000 <= abs(v) < 1e7:
        return f"{v:,.0f}"
    return number(v, 3)


def set_text(ds) -> str:
    """``'over <the uncertainty set> (<k> uncertain inputs)'`` from a study's attributes."""
    a = ds.attrs
    k = a.get("uncertain_inputs")
    return f"over {a.get('uncertainty_set', 'the given inputs')}" + (f" ({int(k)} uncertain inputs)" if k is not None else "")


def tornado(ds, metric: str = "cost_ratio", top: int = 12, ax=None):
    """Tornado chart of a one-at-a-time sensitivity study (:func:`basaltcalc.tornado`).

    Parameters
    ----------
    ds : xarray.Dataset
        The tornado dataset: ``<metric>`` over (input, end), ``<metric>_base``, and the inputs'
        ends ``low_shown``/``high_shown`` in ``shown_units``.
    metric : str
        The metric charted.
    top : int
        Inputs shown, ranked as the text of ``basaltcalc sensitivity`` ranks them
        (:func:`basaltcalc.studies.sensitivity.tornado_order`: how far either end moves the
        metric from its base value).
    ax : matplotlib.axes.Axes, optional
        Where to draw (constrained layout: long input names and the title are never cropped).

    Returns
    -------
    matplotlib.figure.Figure
        Per input two bars from the base value to the metric at the input's low end (gid
        ``<input>:low``) and high end (gid ``<input>:high``), the first-ranked at the top, each
        bar's end labelled with the input's value there (gid ``<input>:low-value``,
        ``<input>:high-value``), the unit in the input's label; a vertical line at the base value
        (gid ``base``); the uncertainty set in the title.
    """
    from ...studies.sensitivity import tornado_order

    order = tornado_order(ds, metric)[:top]
    fig, ax = axes_of(ax, (8.0, 1.5 + 0.4 * len(order)))
    si_unit = _unit(ds, metric)
    factor, unit = display_scale(ds[metric].values, si_unit) if si_unit else (1.0, "")
    values = np.asarray(ds[metric].values, dtype=float) * factor
    base = float(ds[f"{metric}_base"]) * factor
    inputs = [str(v) for v in ds["input"].values]
    shown = [np.asarray(ds[f"{e}_shown"].values, dtype=float) for e in ("low", "high")] \
        if "low_shown" in ds.coords else [np.asarray(ds[e].values, dtype=float) for e in ("low", "high")]
    units = [str(u) for u in ds["shown_units"].values] if "shown_units" in ds.coords else [""] * len(inputs)
    colours = (LOW, HIGH)
    for row, i in enumerate(order[::-1]):
        for end in (0, 1):
            ax.barh(row, values[i, end] - base, left=base, height=0.7, color=colours[end],
                    gid=f"{inputs[i]}:{('low', 'high')[end]}",
                    label=None if row else ("input at its low end", "input at its high end")[end])
        for end in (0, 1):
            x, other = values[i, end], values[i, 1 - end]
            right = x > base or (x == base and (other < base or (other == base and end == 1)))
            ax.annotate(_number(shown[end][i]), (x if np.isfinite(x) else base, row),
                        xytext=(3 if right else -3, 0), textcoords="offset points",
                        ha="left" if right else "right", va="center", fontsize="x-small",
                        color="0.25", gid=f"{inputs[i]}:{('low', 'high')[end]}-value")
    ax.axvline(base, color="0.2", lw=1, gid="base")
    ax.set_yticks(range(len(order)), [input_label(inputs[i], units[i]) for i in order[::-1]],
                  fontsize="small")
    ax.margins(x=0.12)
    earth = ds.attrs.get("earth_design") or None
    ax.set_xlabel(metric_label(metric, unit, earth))
    chars = int(width_inches(fig) * 72 / 6.5)
    ax.set_title(wrap(f"One input at a time at the ends of its distribution (its value at each bar's end) "
                      f"{set_text(ds)}; base {number(base)}{' ' + unit if unit else ''}", chars), fontsize="small",
                 loc="right")  # over the input names too: long titles stay on the canvas
    ax.legend(frameon=False, fontsize="small", loc="best")
    ax.spines[["top", "right"]].set_visible(False)
    return escape_texts(fig)


def sobol_indices(ds, metric: str | None = None, top: int = 12, ax=None):
    """First-order and total Sobol' indices with their bootstrap intervals (:func:`basaltcalc.sobol`).

    Parameters
    ----------
    ds : xarray.Dataset
        The Sobol' dataset: ``first_order``, ``total_order`` and ``*_low``/``*_high`` over
        (metric, input).
    metric : str, optional
        The metric charted (default: the first).
    top : int
        Inputs shown, by decreasing total index.

    Returns
    -------
    matplotlib.figure.Figure
        Per input a bar of the first-order index (gid ``<input>:first``) and of the total index
        (gid ``<input>:total``), each with an error bar from its interval.
    """
    metric = metric or str(ds["metric"].values[0])
    d = ds.sel(metric=metric)
    total = np.asarray(d["total_order"].values, dtype=float)
    order = np.argsort(-np.nan_to_num(total, nan=-1.0), kind="stable")[:top]
    fig, ax = axes_of(ax, (7.5, 1.4 + 0.42 * len(order)))
    inputs = [str(v) for v in ds["input"].values]
    rows = np.arange(len(order))[::-1]
    for k, (name, colour, off) in enumerate((("first", HIGH, 0.2), ("total", LOW, -0.2))):
        v = np.asarray(d[f"{name}_order"].values, dtype=float)[order]
        bars = ax.barh(rows + off, v, height=0.38, color=colour,
                       label=("first-order index $S_i$", "total index $S_{Ti}$")[k])
        for bar, i in zip(bars, order):
            bar.set_gid(f"{inputs[i]}:{name}")
        if f"{name}_order_low" in d:  # no intervals where the study drew no bootstrap resamples
            lo = np.asarray(d[f"{name}_order_low"].values, dtype=float)[order]
            hi = np.asarray(d[f"{name}_order_high"].values, dtype=float)[order]
            err = np.vstack([np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)])
            ax.errorbar(v, rows + off, xerr=err, fmt="none", ecolor="0.2", elinewidth=1, capsize=2)
    ax.set_yticks(rows, [input_label(inputs[i]) for i in order], fontsize="small")
    top_end = d["total_order_high"] if "total_order_high" in d else d["total_order"]
    ax.set_xlim(0, max(1.0, float(np.nanmax(np.asarray(top_end.values)[order])) * 1.05))
    ax.set_xlabel("Sobol' index (share of the variance)")
    conf = ds.attrs.get("confidence_level", 0.95)
    whiskers = (f"whiskers: {float(conf):.0%} bootstrap intervals" if "total_order_high" in d
                else "no bootstrap intervals")
    earth = ds.attrs.get("earth_design") or None
    ax.set_title(wrap(f"Sobol' indices of {metric_label(metric, '', earth)}\n{set_text(ds)}\n({whiskers})",
                      int(width_inches(fig) * 72 / 7.5)), fontsize="medium")
    ax.legend(frameon=False, fontsize="small", loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return escape_texts(fig)
